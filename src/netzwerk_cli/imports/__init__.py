"""Reading the lists coordinators already keep: CSV, Excel, vCard and netz's own JSON.

One module per source format turns a file into a ``Sheet`` – rows of text cells, as the file
holds them; ``columns`` decides which column is which field, and ``plan`` matches each row to
the registry and applies it. ``read_file`` picks the format by the file's content (not only its
name) and turns every problem with the file into a German ``InputError`` naming it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from netzwerk_cli.errors import InputError

# Far beyond any member list, far below what would exhaust memory or patience.
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ROWS = 100_000

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97–2003 (.xls), old Word files


class SourceRow(NamedTuple):
    """One record of a file: its number as the user sees it (the row in Excel, the card in a
    vCard file), its cells as text, and which cells held numbers (Excel)."""

    number: int
    cells: list[str]
    numeric: frozenset[int] = frozenset()
    line: int = 0  # the line in the file where it differs from ``number`` (vCard)
    raw: dict[int, Any] | None = None  # JSON values that are no text (own fields keep them)


@dataclass
class Sheet:
    """What a source format read: the rows, and how to name a row and a column in messages.

    ``header`` and ``roles`` are set by formats whose columns are fixed (vCard, JSON); for a
    table they are None and ``columns.find_header`` finds the header row among ``rows``.
    """

    description: str
    rows: list[SourceRow]
    row_noun: str = "Zeile"
    column_noun: str = "Spalte"
    header: list[str] | None = None
    roles: dict[str, str] | None = None
    hints: list[str] = field(default_factory=list)
    # Fields the format only guesses (a vCard's KIND cannot say "rolle"): they shape a new
    # contact but are never compared with an existing one.
    guessed: frozenset[str] = frozenset()

    def where(self, row: SourceRow) -> str:
        """"Zeile 4", "Karte 2 (Zeile 14)": where a row is, as the user finds it."""
        line = f" (Zeile {row.line})" if row.line and self.row_noun != "Zeile" else ""
        return f"{self.row_noun} {row.number}{line}"

    def column(self, *names: str) -> str:
        """"Spalte „E-Mail“", "Spalten „Vorname“ + „Nachname“", "Eigenschaft EMAIL": the
        columns a value came from, named for a message."""
        plural = {"Spalte": "Spalten", "Eigenschaft": "Eigenschaften", "Feld": "Felder"}
        noun = self.column_noun if len(names) == 1 else plural[self.column_noun]
        if self.column_noun == "Eigenschaft":
            return f"{noun} {' + '.join(names)}"
        return f"{noun} " + " + ".join(f"„{name}“" for name in names)


def read_file(path: Path, blatt: str | None = None) -> Sheet:
    """Read a list to import; the format is recognised by the content.

    Excel (.xlsx), vCard (.vcf), JSON (netz's own export) and CSV or tab-separated text in
    UTF-8, UTF-16 or Windows-1252.
    """
    data = _read_bytes(path)
    kind = _kind(path, data)
    if blatt is not None and kind != "xlsx":
        raise InputError(f"--blatt gilt nur für Excel-Dateien (.xlsx); {path} ist keine.")
    if kind == "xlsx":
        from netzwerk_cli.imports.xlsx_source import read_xlsx

        sheet = read_xlsx(path, data, blatt)
    elif kind == "vcard":
        from netzwerk_cli.imports.vcard_source import read_vcard

        sheet = read_vcard(data, path)
    elif kind == "json":
        from netzwerk_cli.imports.json_source import read_json

        sheet = read_json(data, path)
    else:
        from netzwerk_cli.imports.csv_source import read_csv

        sheet = read_csv(data, path)
    if len(sheet.rows) > MAX_ROWS:
        raise InputError(f"{path} hat {len(sheet.rows)} Zeilen; netz importiert höchstens "
                         f"{MAX_ROWS} auf einmal. Bitte die Liste aufteilen.")
    return sheet


def _read_bytes(path: Path) -> bytes:
    """The file's bytes; a missing file, a folder, an empty or huge file is a usage error."""
    from netzwerk_cli.registry import os_reason

    if path.is_dir():
        raise InputError(f"{path} ist ein Ordner, keine Datei. Bitte die Datei mit der Liste "
                         "angeben, z. B. mitglieder.xlsx.")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(f"{path} ist {size // (1024 * 1024)} MB groß; netz liest Listen bis "
                             f"{MAX_FILE_BYTES // (1024 * 1024)} MB. Bitte die Liste aufteilen.")
        with path.open("rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise InputError(f"Die Datei {path} gibt es nicht.") from None
    except OSError as err:
        raise InputError(f"{path} lässt sich nicht lesen ({os_reason(err)}).") from None
    if len(data) > MAX_FILE_BYTES:  # a device or pipe that reports no size
        raise InputError(f"{path} ist größer als {MAX_FILE_BYTES // (1024 * 1024)} MB; bitte "
                         "die Liste aufteilen.")
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise InputError(f"{path} ist leer.")
    return data


def _kind(path: Path, data: bytes) -> str:
    """The format of a file: xlsx, vcard, json or csv; refuse what netz cannot read."""
    if data.startswith(_ZIP):
        if b"mimetypeapplication/vnd.oasis.opendocument" in data[:200]:
            raise InputError(f"{path} ist eine OpenDocument-Tabelle (LibreOffice, .ods). Bitte "
                             "dort als Excel (.xlsx) oder CSV speichern und diese Datei "
                             "importieren.")
        return "xlsx"
    if data.startswith(_OLE):
        raise InputError(f"{path} ist eine alte Excel-Datei (.xls, Excel 97–2003) oder ein "
                         "anderes Office-Dokument. Bitte in Excel als „Excel-Arbeitsmappe "
                         "(.xlsx)“ oder „CSV UTF-8“ speichern und diese Datei importieren.")
    from netzwerk_cli.imports.csv_source import decode

    head = decode(data[:4096], path, partial=True)[0].lstrip("\ufeff \t\r\n")
    if head[:11].upper() == "BEGIN:VCARD":
        return "vcard"
    if head[:1] in "[{":
        return "json"
    return "csv"
