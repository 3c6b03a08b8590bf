"""Excel workbooks (.xlsx): the list on its first sheet, the selected networks on a second
sheet "Netzwerke".

Every text is written as a text cell: a postcode 01067 and a phone number 02331… keep their
zeros, and a name that starts with "=" is shown, never calculated – without the apostrophe the
CSV needs. The header row is bold, frozen and carries an autofilter; column widths follow the
content. The workbook is written with openpyxl in write-only mode (fast, little memory); its
time stamps – document properties and zip entries – are the day of the export (``clock``), so
the same data exported on the same day gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from netzwerk_cli import clock
from netzwerk_cli.export.selection import NetzwerkInfo
from netzwerk_cli.export.table import Table

if TYPE_CHECKING:
    from openpyxl import Workbook

NETZWERKE_SHEET = "Netzwerke"
NETZWERK_HEADER = ["ID", "Name", "Art", "Gebiet", "Themen", "Treffen", "Kontakt", "Mitglieder",
                   "Webseite", "Stand"]
# Column widths in characters: room for the filter button beside a heading, never so wide that
# one long value pushes the other columns off the screen.
MIN_WIDTH, MAX_WIDTH = 8, 50
# What the XML of a worksheet cannot hold (openpyxl refuses it); netz's exports normally carry
# none, since ``selection.exportable`` has already replaced control characters.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_CORE_PROPERTIES = "docProps/core.xml"


def to_xlsx(title: str, table: Table, netzwerke: Sequence[NetzwerkInfo]) -> bytes:
    """The workbook: ``table`` on a sheet named ``title``, the networks on "Netzwerke"."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    today = clock.today()
    stamp = dt.datetime(today.year, today.month, today.day)
    book.properties.creator = "netz"
    book.properties.created = stamp
    _add_sheet(book, title, table.header, table.rows)
    _add_sheet(book, NETZWERKE_SHEET, NETZWERK_HEADER, [_netzwerk_row(n) for n in netzwerke])
    buffer = io.BytesIO()
    book.save(buffer)
    book.properties.modified = stamp  # saving sets it to the present second
    return _with_fixed_times(buffer.getvalue(), _core_properties(book), stamp)


def _netzwerk_row(netzwerk: NetzwerkInfo) -> list[str | int]:
    return [netzwerk.id, netzwerk.name, netzwerk.art, netzwerk.gebiet, ", ".join(netzwerk.themen),
            netzwerk.treffen, "; ".join(netzwerk.kontakt), netzwerk.mitglieder,
            netzwerk.webseite, netzwerk.stand]


def _add_sheet(book: Workbook, title: str, header: list[str],
               rows: Sequence[Sequence[str | int]]) -> None:
    """A sheet with a bold, frozen header row, an autofilter over the table and widths that
    fit the content. In write-only mode columns and views are set before the first row."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title)
    for index, width in enumerate(_widths(header, rows), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"  # on paper, every page starts with the headings
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    # The workbook's own body font, bold (a bare Font(bold=True) names no font, and
    # LibreOffice then shows the headings in the theme's heading font, Cambria).
    bold = Font(name="Calibri", size=11, family=2, scheme="minor", bold=True)
    headings = []
    for heading in header:
        cell = WriteOnlyCell(sheet, value=heading)
        cell.font = bold
        headings.append(cell)
    sheet.append(headings)
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])


def _cell(sheet: Any, value: str | int) -> Any:
    """What goes into a cell: a number as a number, an empty text as no cell, any other text as
    a text cell – also what openpyxl would take for a formula ("=…") or an error ("#N/A")."""
    if isinstance(value, int):
        return value
    if not value:
        return None
    if _ILLEGAL.search(value):
        value = _ILLEGAL.sub("\ufffd", value)
    if value[0] not in "=#":
        return value  # openpyxl writes any other str as a text cell
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


def _widths(header: list[str], rows: Sequence[Sequence[str | int]]) -> list[int]:
    """Each column as wide as its longest value or heading (plus the filter button), within
    ``MIN_WIDTH`` and ``MAX_WIDTH``."""
    widths = [len(heading) + 3 for heading in header]
    for index, column in enumerate(zip(*rows, strict=True)):
        longest = max(len(str(value)) for value in column)
        widths[index] = max(widths[index], longest + 2)
    return [min(max(width, MIN_WIDTH), MAX_WIDTH) for width in widths]


def _core_properties(book: Workbook) -> bytes:
    from openpyxl.xml.functions import tostring

    return bytes(tostring(book.properties.to_tree()))


def _with_fixed_times(content: bytes, core_properties: bytes, stamp: dt.datetime) -> bytes:
    """The workbook again, its zip entries dated ``stamp`` instead of the present second and
    its core properties replaced: the same content on the same day gives the same bytes."""
    date_time = (stamp.year, stamp.month, stamp.day, 0, 0, 0)
    written = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, \
            zipfile.ZipFile(written, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = core_properties if entry.filename == _CORE_PROPERTIES else source.read(entry)
            fixed = zipfile.ZipInfo(entry.filename, date_time=date_time)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            target.writestr(fixed, data)
    return written.getvalue()
