"""Contacts for Outlook's CSV import: the column names German Outlook maps by itself.

Outlook (Datei → Öffnen und exportieren → Importieren/Exportieren → Aus anderen Programmen oder
Dateien importieren → Kommagetrennte Werte) matches the header names of its own export: in a
German Outlook "Vorname", "Nachname", "Firma" … It reads the file as Windows-1252 with commas
and CRLF, as it writes it. A character Windows-1252 does not have is replaced – by the letter
without its accent where there is one ("Ł" → "L", "ć" → "c"), else by "?" – and ``notes`` says
which values changed, so nobody is surprised by "?????" in Outlook.

A person's name is split into Vorname and Nachname (the last word); an organisation is filed
under Firma; a role keeps its name as Nachname, so that "Bezirksjugendpflege Haspe" is not one
of five contacts all called "Stadt Hagen". Cells are neutralised like the other CSV exports,
except phone numbers, which a spreadsheet cannot run and Outlook should get without a "'".
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from typing import NamedTuple

from netzwerk_cli.export.selection import ExportKontakt
from netzwerk_cli.export.table import defuse_cell
from netzwerk_cli.export.vcard import international_phone, split_name
from netzwerk_cli.text import count
from netzwerk_cli.validate import web_link

ENCODING = "cp1252"
COLUMNS = ["Vorname", "Nachname", "Firma", "Abteilung", "Position", "Straße geschäftlich",
           "Postleitzahl geschäftlich", "Ort geschäftlich", "Telefon geschäftlich",
           "E-Mail-Adresse", "Webseite", "Notizen", "Kategorien"]
_TELEFON = COLUMNS.index("Telefon geschäftlich")
# Digits, blanks, "+", "-", "/" and brackets: a phone number, never a formula that runs.
_PHONE = re.compile(r"\+?[0-9 ()/-]+")
# Letters without a decomposition into a base letter and an accent.
_LETTERS = str.maketrans({"Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Ħ": "H", "ħ": "h",
                          "ı": "i", "Ŧ": "T", "ŧ": "t", "‐": "-", "‑": "-", "‒": "-",
                          "−": "-", "⁄": "/"})
_MAX_NOTES = 20


class Replaced(NamedTuple):
    """A value that Windows-1252 could not hold, and what the file holds instead."""

    kontakt_id: str
    column: str
    value: str
    written: str


def to_outlook_csv(kontakte: list[ExportKontakt]) -> str:
    """The contacts as Outlook CSV text; every character of it exists in Windows-1252."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(_defuse([_cp1252(cell) for cell in row]) for row in _rows(kontakte))
    return buffer.getvalue()


def notes(kontakte: list[ExportKontakt]) -> list[str]:
    """What the user should know about the file (stderr): the values whose characters were
    replaced, at most ``_MAX_NOTES`` of them by name."""
    replaced = [Replaced(e.id, column, cell, _cp1252(cell))
                for e, row in zip(kontakte, _rows(kontakte), strict=True)
                for column, cell in zip(COLUMNS, row, strict=True) if _cp1252(cell) != cell]
    if not replaced:
        return []
    lines = [f"outlook-csv: {count(len(replaced), 'Wert enthält', 'Werte enthalten')} Zeichen, "
             "die es in Windows-1252 (der Kodierung für Outlook) nicht gibt; sie wurden ersetzt – "
             "ähnliche Buchstaben, sonst „?“:"]
    lines += [f"  {r.kontakt_id}, {r.column}: „{r.value}“ → „{r.written}“"
              for r in replaced[:_MAX_NOTES]]
    if len(replaced) > _MAX_NOTES:
        lines.append(f"  … und {len(replaced) - _MAX_NOTES} weitere.")
    return lines


def _rows(kontakte: list[ExportKontakt]) -> list[list[str]]:
    """One row per contact in the order of ``COLUMNS``, as the registry has it."""
    rows = []
    for chosen in kontakte:
        k = chosen.kontakt
        vorname, nachname = split_name(k)
        firma = k.organisation
        if k.art != "person":
            firma = k.organisation or k.name
            nachname = k.name if k.organisation else ""
        rows.append([
            vorname, nachname, firma, k.abteilung, k.funktion, k.strasse, k.plz, k.ort,
            international_phone(k.telefon) if k.telefon else "", k.email,
            web_link(k.webseite) if k.webseite else "",
            "Netzwerke: " + "; ".join(chosen.netzwerke) if chosen.netzwerke else "",
            # Outlook splits categories at the list separator, ";" in German Windows.
            ";".join(n.replace(";", ",") for n in chosen.netzwerke),
        ])
    return rows


def _defuse(row: list[str]) -> list[str]:
    return [cell if i == _TELEFON and _PHONE.fullmatch(cell) else defuse_cell(cell)
            for i, cell in enumerate(row)]


def _cp1252(text: str) -> str:
    """``text`` with every character Windows-1252 lacks replaced: by its base letter where it
    has one (accents dropped), else by "?"."""
    if _in_cp1252(text):
        return text
    return "".join(_cp1252_character(c) for c in text)


def _cp1252_character(character: str) -> str:
    """The character if Windows-1252 has it, else the same without accents ("ć" → "c",
    "ﬁ" → "fi"), else "?"."""
    base = unicodedata.normalize("NFKD", character.translate(_LETTERS))
    for candidate in (character, "".join(c for c in base if not unicodedata.combining(c))):
        if candidate and _in_cp1252(candidate):
            return candidate
    return "?"


def _in_cp1252(text: str) -> bool:
    try:
        text.encode(ENCODING)
    except UnicodeEncodeError:
        return False
    return True
