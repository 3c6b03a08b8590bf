"""CSV: RFC 4180 for programs, and the variant German Excel opens by double-click.

German Excel expects a semicolon, reads UTF-8 only with a byte order mark, and writes CRLF; a
``sep=;`` line would make it ignore the BOM and break the umlauts, so there is none. In both
variants a cell that a spreadsheet would run as a formula is neutralised (OWASP: a leading ').
"""

from __future__ import annotations

import csv
import io

from netzwerk_cli.export.selection import ExportKontakt, Recipient
from netzwerk_cli.model import KONTAKT_ARTEN

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
KONTAKT_COLUMNS = ["ID", "Name", "Art", "Funktion", "Organisation", "Abteilung", "Straße", "PLZ",
                   "Ort", "Telefon", "E-Mail", "Webseite", "Veröffentlichen", "Netzwerke"]
VERTEILER_COLUMNS = ["E-Mail", "Name", "Organisation", "Netzwerke"]


def defuse_cell(value: str) -> str:
    """``=HYPERLINK(…)`` becomes ``'=HYPERLINK(…)``: shown as text, never run."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def to_csv(header: list[str], rows: list[list[str]], excel: bool = False) -> str:
    """The table as CSV text; ``excel`` for German Excel (``;``, CRLF; write it as utf-8-sig)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";" if excel else ",", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([defuse_cell(cell) for cell in row])
    return buffer.getvalue()


def verteiler_rows(recipients: list[Recipient]) -> list[list[str]]:
    """One row per address: e-mail, name, organisation, networks."""
    return [[r.email, r.name, r.organisation, "; ".join(r.netzwerke)] for r in recipients]


def kontakt_rows(kontakte: list[ExportKontakt]) -> list[list[str]]:
    """One row per contact, in the order of ``KONTAKT_COLUMNS``."""
    return [[e.id, k.name, KONTAKT_ARTEN[k.art], k.funktion, k.organisation, k.abteilung,
             k.strasse, k.plz, k.ort, k.telefon, k.email, k.webseite,
             "ja" if k.oeffentlich else "nein", "; ".join(e.netzwerke)]
            for e in kontakte for k in [e.kontakt]]


def verteiler_csv(recipients: list[Recipient], excel: bool = False) -> str:
    """The distribution list as CSV."""
    return to_csv(VERTEILER_COLUMNS, verteiler_rows(recipients), excel)


def kontakte_csv(kontakte: list[ExportKontakt], excel: bool = False) -> str:
    """The contact list as CSV."""
    return to_csv(KONTAKT_COLUMNS, kontakt_rows(kontakte), excel)
