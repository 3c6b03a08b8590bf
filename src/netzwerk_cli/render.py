"""Turning entries into what people and scripts read: Rich tables, tab-separated lines, JSON.

A Rich table only when stdout is a terminal; in a pipe plain tab-separated lines without colour
or box drawing, so ``netz list | cut -f2`` works. Rich is imported only when a table is drawn.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from netzwerk_cli.model import KONTAKT_ARTEN, Angebot, Kontakt, Netzwerk, Register, art_label

if TYPE_CHECKING:
    from rich.console import Console

def ist_terminal() -> bool:
    """Whether stdout is a terminal (tables) or a pipe or file (plain lines)."""
    return sys.stdout.isatty()


def konsole(stderr: bool = False) -> Console:
    """A Rich console built when needed, so it sees the current terminal and NO_COLOR."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def melden(text: str) -> None:
    """A note or diagnostic for the user on stderr, so data on stdout stays clean."""
    print(text, file=sys.stderr)


# --- Plain data for --json ---------------------------------------------------------------


def kontakt_als_dict(kontakt_id: str, kontakt: Kontakt) -> dict[str, Any]:
    """A contact as a JSON object with every field (empty ones as empty strings)."""
    return {"id": kontakt_id, **kontakt.als_dict()}


def eintrag_als_dict(eintrag_id: str, eintrag: Netzwerk | Angebot, register: Register) -> dict:
    """A network or offer as a JSON object, its contacts resolved to full objects."""
    daten: dict[str, Any] = {"id": eintrag_id,
                             "typ": "netzwerk" if isinstance(eintrag, Netzwerk) else "angebot"}
    daten |= eintrag.als_dict()
    daten["kontakte"] = [kontakt_als_dict(k, v) for k, v in register.kontakte_von(eintrag)]
    if isinstance(eintrag, Netzwerk):
        daten["stadtbezirke"] = sorted({ort.bezirk for ort in eintrag.orte()})
    return daten


def json_ausgeben(daten: Any) -> None:
    """Write JSON straight to stdout (not through Rich, which would wrap and colour it)."""
    import json

    sys.stdout.write(json.dumps(daten, ensure_ascii=False, indent=2) + "\n")


# --- Lines and tables ------------------------------------------------------------------------


def hauptkontakt(eintrag: Netzwerk | Angebot, register: Register) -> str:
    """The first contact's name, the one to ask first."""
    kontakte = register.kontakte_von(eintrag)
    return kontakte[0][1].anzeigename if kontakte else ""


def eintrag_zeile(eintrag_id: str, eintrag: Netzwerk | Angebot, register: Register) -> list[str]:
    """The columns of ``netz list`` and ``netz search``: id, name, kind, area, topics, contact."""
    if isinstance(eintrag, Netzwerk):
        art, gebiet = art_label(eintrag.art), eintrag.gebiet
    else:
        art, gebiet = "Angebot", "stadtweit"
    return [eintrag_id, eintrag.name, art, gebiet, ", ".join(eintrag.themen),
            hauptkontakt(eintrag, register)]


EINTRAG_SPALTEN = ["ID", "Name", "Art", "Gebiet", "Themen", "Kontakt"]


def tsv_ausgeben(zeilen: list[list[str]]) -> None:
    """Tab-separated lines; tabs and line breaks inside a value become spaces."""
    for zeile in zeilen:
        zellen = (" ".join(str(zelle).split()) for zelle in zeile)
        sys.stdout.write("\t".join(zellen) + "\n")


def tabelle_ausgeben(titel: str, spalten: list[str], zeilen: list[list[str]]) -> None:
    """A Rich table on the terminal."""
    from rich.table import Table
    from rich.text import Text

    tabelle = Table(title=titel, title_justify="left")
    for position, spalte in enumerate(spalten):
        # One-word values ("Arbeitsgemeinschaft") stay whole; prose columns wrap at spaces.
        einzelwoerter = all(" " not in str(zeile[position]) for zeile in zeilen)
        tabelle.add_column(spalte, no_wrap=einzelwoerter, overflow="fold")
    for zeile in zeilen:
        # Registry text is data, never Rich markup.
        tabelle.add_row(*(z if isinstance(z, Text) else Text(z) for z in zeile))
    konsole().print(tabelle)


def eintraege_ausgeben(titel: str, zeilen: list[list[str]]) -> None:
    """Rows of ``eintrag_zeile``: a table on a terminal (id under the name), else plain lines."""
    if not ist_terminal():
        tsv_ausgeben(zeilen)
        return
    from rich.text import Text

    tabelle_zeilen = []
    for eintrag_id, name, *rest in zeilen:
        name_und_id = Text(name)
        name_und_id.append(f"\n{eintrag_id}", style="dim")
        tabelle_zeilen.append([name_und_id, *rest])
    tabelle_ausgeben(titel, ["Name / ID", *EINTRAG_SPALTEN[2:]], tabelle_zeilen)


def zeilen_ausgeben(titel: str, spalten: list[str], zeilen: list[list[str]]) -> None:
    """A table on a terminal, tab-separated lines elsewhere."""
    if ist_terminal():
        tabelle_ausgeben(titel, spalten, zeilen)
    else:
        tsv_ausgeben(zeilen)


# --- One entry in full -----------------------------------------------------------------------


def eintrag_felder(eintrag: Netzwerk | Angebot, register: Register) -> list[tuple[str, str]]:
    """The labelled fields of ``netz show``, empty ones left out."""
    felder: list[tuple[str, str]] = [("Name", eintrag.name)]
    if isinstance(eintrag, Netzwerk):
        felder += [("Art", art_label(eintrag.art)), ("Gebiet", eintrag.gebiet)]
        bezirke = sorted({ort.bezirk for ort in eintrag.orte()})
        if bezirke and bezirke != eintrag.bezirke:
            felder.append(("Stadtbezirk", ", ".join(bezirke)))
    else:
        felder.append(("Art", "Angebot (stellt sich bei Netzwerktreffen vor)"))
    felder += [
        ("Themen", ", ".join(eintrag.themen)),
        ("Zielgruppen", ", ".join(eintrag.zielgruppen)),
        ("Treffen", getattr(eintrag, "treffen", "")),
        ("Webseite", eintrag.webseite),
        ("Notiz", eintrag.notiz),
        ("Stand", eintrag.stand),
    ]
    return [(label, wert) for label, wert in felder if wert]


def kontakt_felder(kontakt: Kontakt) -> list[tuple[str, str]]:
    """The labelled fields of a contact, empty ones left out."""
    adresse = " ".join(filter(None, [kontakt.strasse + ",", kontakt.plz, kontakt.ort]))
    felder = [
        ("Art", KONTAKT_ARTEN.get(kontakt.art, kontakt.art)),
        ("Name", kontakt.name),
        ("Funktion", kontakt.funktion),
        ("Organisation", kontakt.organisation),
        ("Abteilung", kontakt.abteilung),
        ("Adresse", adresse.strip(", ") if kontakt.strasse or kontakt.ort else ""),
        ("Telefon", kontakt.telefon),
        ("E-Mail", kontakt.email),
        ("Webseite", kontakt.webseite),
        ("Notiz", kontakt.notiz),
        ("Veröffentlichen", "ja" if kontakt.oeffentlich else "nein (nur intern)"),
    ]
    return [(label, wert) for label, wert in felder if wert]


def eintrag_ausgeben(eintrag_id: str, eintrag: Netzwerk | Angebot, register: Register) -> None:
    """``netz show``: labelled lines; bold labels on a terminal, plain text in a pipe."""
    bloecke = [(f"{eintrag.name} ({eintrag_id})", eintrag_felder(eintrag, register))]
    for kontakt_id, kontakt in register.kontakte_von(eintrag):
        bloecke.append((f"Kontakt: {kontakt.anzeigename} ({kontakt_id})", kontakt_felder(kontakt)))
    if ist_terminal():
        _bloecke_als_rich(bloecke)
        return
    for position, (titel, felder) in enumerate(bloecke):
        if position:
            sys.stdout.write("\n")
        sys.stdout.write(titel + "\n")
        for label, wert in felder:
            sys.stdout.write(f"  {label}: {wert}\n")


def _bloecke_als_rich(bloecke: list[tuple[str, list[tuple[str, str]]]]) -> None:
    from rich.markup import escape
    from rich.table import Table

    console = konsole()
    for titel, felder in bloecke:
        raster = Table.grid(padding=(0, 2))
        raster.add_column(style="bold", no_wrap=True)
        raster.add_column(overflow="fold")
        for label, wert in felder:
            raster.add_row(label, escape(wert))
        console.print(f"[bold underline]{escape(titel)}[/]")
        console.print(raster)
        console.print()


def diff_ausgeben(vorher: str, nachher: str, datei: str) -> None:
    """What a change would do to the file, as a unified diff (for --dry-run)."""
    import difflib

    zeilen = difflib.unified_diff(vorher.splitlines(keepends=True),
                                  nachher.splitlines(keepends=True),
                                  fromfile=f"{datei} (vorher)", tofile=f"{datei} (nachher)")
    sys.stdout.writelines(zeilen)
