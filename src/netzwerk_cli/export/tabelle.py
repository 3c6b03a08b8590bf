"""CSV: RFC 4180 for programs, and the variant German Excel opens by double-click.

German Excel expects a semicolon, reads UTF-8 only with a byte order mark, and writes CRLF; a
``sep=;`` line would make it ignore the BOM and break the umlauts, so there is none. In both
variants a cell that a spreadsheet would run as a formula is neutralised (OWASP: a leading ').
"""

from __future__ import annotations

import csv
import io

FORMEL_ANFAENGE = ("=", "+", "-", "@", "\t", "\r")


def zelle_entschaerfen(wert: str) -> str:
    """``=HYPERLINK(…)`` becomes ``'=HYPERLINK(…)``: shown as text, never run."""
    return f"'{wert}" if wert.startswith(FORMEL_ANFAENGE) else wert


def als_csv(kopf: list[str], zeilen: list[list[str]], excel: bool = False) -> str:
    """The table as CSV text; ``excel`` for German Excel (``;``, CRLF; write it as utf-8-sig)."""
    puffer = io.StringIO(newline="")
    schreiber = csv.writer(puffer, delimiter=";" if excel else ",", lineterminator="\r\n")
    schreiber.writerow(kopf)
    for zeile in zeilen:
        schreiber.writerow([zelle_entschaerfen(zelle) for zelle in zeile])
    return puffer.getvalue()
