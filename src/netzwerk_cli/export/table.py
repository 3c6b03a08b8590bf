"""Tables: the fields a contact list or distribution list offers as columns, the choice of
columns (``--felder``) every tabular format shares, and CSV – RFC 4180 for programs, and the
variant German Excel opens by double-click.

German Excel expects a semicolon, reads UTF-8 only with a byte order mark, and writes CRLF; a
``sep=;`` line would make it ignore the BOM and break the umlauts, so there is none. In both
variants a cell that a spreadsheet would run as a formula is neutralised (OWASP: a leading '),
which then shows in the cell; a plain number such as "-2" cannot be a formula and is left as it
is. CSV has no safe way to mark "01067" as text, so spreadsheets make it the number 1067 – the
workbook (``xlsx``) has neither problem.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Generic, NamedTuple, TypeVar

from netzwerk_cli.errors import InputError
from netzwerk_cli.export.selection import ExportKontakt, Recipient
from netzwerk_cli.model import KONTAKT_ARTEN
from netzwerk_cli.text import did_you_mean, key

R = TypeVar("R")

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A negative number, German or English ("-2", "-1,5", "-1.000,50"): nothing a spreadsheet runs.
_PLAIN_NUMBER = re.compile(r"-\d[\d.,]*")


class Column(NamedTuple, Generic[R]):
    """A field as a column: its German heading, its value for one row, and whether it is
    among the columns written when ``--felder`` chooses none."""

    heading: str
    value: Callable[[R], str]
    default: bool = True


class Table(NamedTuple):
    """Headings and rows of text, as every tabular format writes them."""

    header: list[str]
    rows: list[list[str]]


KONTAKT_FIELDS: dict[str, Column[ExportKontakt]] = {
    "id": Column("ID", lambda e: e.id),
    "name": Column("Name", lambda e: e.kontakt.name),
    "art": Column("Art", lambda e: KONTAKT_ARTEN[e.kontakt.art]),
    "funktion": Column("Funktion", lambda e: e.kontakt.funktion),
    "organisation": Column("Organisation", lambda e: e.kontakt.organisation),
    "abteilung": Column("Abteilung", lambda e: e.kontakt.abteilung),
    "strasse": Column("Straße", lambda e: e.kontakt.strasse),
    "plz": Column("PLZ", lambda e: e.kontakt.plz),
    "ort": Column("Ort", lambda e: e.kontakt.ort),
    "telefon": Column("Telefon", lambda e: e.kontakt.telefon),
    "email": Column("E-Mail", lambda e: e.kontakt.email),
    "webseite": Column("Webseite", lambda e: e.kontakt.webseite),
    "oeffentlich": Column("Veröffentlichen", lambda e: "ja" if e.kontakt.oeffentlich else "nein"),
    "netzwerke": Column("Netzwerke", lambda e: "; ".join(e.netzwerke)),
    # Only on request (--felder): the default columns stay what scripts already read.
    "rolle": Column("Rolle", lambda e: "; ".join(e.rollen), default=False),
}

VERTEILER_FIELDS: dict[str, Column[Recipient]] = {
    "email": Column("E-Mail", lambda r: r.email),
    "name": Column("Name", lambda r: r.name),
    "organisation": Column("Organisation", lambda r: r.organisation),
    "netzwerke": Column("Netzwerke", lambda r: "; ".join(r.netzwerke)),
}


def choose_fields(spec: str, fields: Mapping[str, Column[Any]]) -> tuple[str, ...]:
    """The field names of ``--felder name,email,…`` in the order given, each once; a name is
    also recognised by its heading ("E-Mail", "Straße"). An unknown name is a usage error
    listing the valid ones."""
    by_key = {key(name): name for name in fields}
    by_key |= {key(column.heading): name for name, column in fields.items()}
    chosen: list[str] = []
    for part in spec.split(","):
        if not part.strip():
            continue
        name = by_key.get(key(part))
        if name is None:
            raise InputError(f"--felder: unbekanntes Feld „{part.strip()}“."
                             f"{did_you_mean(part, fields)} Gültig: {', '.join(fields)}.")
        if name not in chosen:
            chosen.append(name)
    if not chosen:
        raise InputError(f"--felder: keine Felder angegeben. Gültig: {', '.join(fields)}.")
    return tuple(chosen)


def table_of(items: Sequence[R], fields: Mapping[str, Column[R]],
             chosen: Sequence[str]) -> Table:
    """The items as a table of the ``chosen`` fields (none chosen: the default columns – every
    field but those offered only on request)."""
    names = list(chosen) or [name for name, column in fields.items() if column.default]
    getters = [fields[name].value for name in names]
    return Table([fields[name].heading for name in names],
                 [[value(item) for value in getters] for item in items])


def kontakt_table(kontakte: Sequence[ExportKontakt], felder: Sequence[str] = ()) -> Table:
    """The contact list as a table: one row per contact."""
    return table_of(kontakte, KONTAKT_FIELDS, felder)


def verteiler_table(recipients: Sequence[Recipient], felder: Sequence[str] = ()) -> Table:
    """The distribution list as a table: one row per address."""
    return table_of(recipients, VERTEILER_FIELDS, felder)


def defuse_cell(value: str) -> str:
    """``=HYPERLINK(…)`` becomes ``'=HYPERLINK(…)``: shown as text, never run. A negative
    number ("-2") stays as it is."""
    if value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value):
        return f"'{value}"
    return value


def to_csv(header: list[str], rows: list[list[str]], excel: bool = False) -> str:
    """The table as CSV text; ``excel`` for German Excel (``;``, CRLF; write it as utf-8-sig)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";" if excel else ",", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([defuse_cell(cell) for cell in row])
    return buffer.getvalue()


def verteiler_csv(recipients: list[Recipient], excel: bool = False,
                  felder: Sequence[str] = ()) -> str:
    """The distribution list as CSV."""
    return to_csv(*verteiler_table(recipients, felder), excel=excel)


def kontakte_csv(kontakte: list[ExportKontakt], excel: bool = False,
                 felder: Sequence[str] = ()) -> str:
    """The contact list as CSV."""
    return to_csv(*kontakt_table(kontakte, felder), excel=excel)
