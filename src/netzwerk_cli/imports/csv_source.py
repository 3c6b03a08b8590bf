"""CSV and tab-separated text as Excel, Outlook, Google and Thunderbird write it.

German Excel saves "CSV (Trennzeichen-getrennt)" in Windows-1252 with ``;`` and "CSV UTF-8"
with a byte order mark; Google's old export is UTF-16. The encoding is taken from a byte order
mark, else UTF-8 is tried first and Windows-1252 second – never the reverse, because UTF-8 read
as Windows-1252 "succeeds" as mojibake (``JÃ¶rg``). The delimiter is sniffed and checked
against the header line, since the sniffer misreads some files.
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

from netzwerk_cli.errors import InputError
from netzwerk_cli.export.table import FORMULA_STARTS
from netzwerk_cli.imports import Sheet, SourceRow

DELIMITERS = ";,\t"
_DELIMITER_NAMES = {";": "Semikolon", ",": "Komma", "\t": "Tabulator"}
_SNIFF_CHARACTERS = 16_384


def decode(data: bytes, path: Path, partial: bool = False) -> tuple[str, str]:
    """The text of a file and the name of its encoding; ``partial`` for the first bytes only
    (a character cut at the end is left out)."""
    codec, label = _encoding(data, path)
    if codec:
        return _decoded(data, codec, partial), label
    try:
        return _decoded(data, "utf-8", partial), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return _decoded(data, "cp1252", partial), "Windows-1252"
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise InputError(f"{path}, Zeile {line}: die Datei ist weder UTF-8 noch Windows-1252 "
                         f"(Byte 0x{data[err.start]:02X}). Bitte in Excel als „CSV UTF-8“ "
                         "speichern.") from None


def _encoding(data: bytes, path: Path) -> tuple[str, str]:
    """An encoding the bytes declare (byte order mark) or show (UTF-16 without one); refuses
    binary data. ("", "") when UTF-8 and Windows-1252 are to be tried."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", "UTF-16"
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", "UTF-8 mit BOM"
    sample = data[:4096]
    if b"\x00" not in sample:
        return "", ""
    half = len(sample) // 2
    if sample[1::2].count(0) > 0.8 * half and not sample[0::2].count(0):
        return "utf-16-le", "UTF-16"
    if sample[0::2].count(0) > 0.8 * half and not sample[1::2].count(0):
        return "utf-16-be", "UTF-16"
    raise InputError(f"{path} ist keine Textdatei, sondern enthält Binärdaten. netz liest "
                     "CSV, Excel (.xlsx), vCard (.vcf) und JSON.")


def _decoded(data: bytes, codec: str, partial: bool) -> str:
    decoder = codecs.getincrementaldecoder(codec)()
    return decoder.decode(data, final=not partial)


def detect_delimiter(text: str) -> str:
    """``;``, ``,`` or tab: the sniffer's guess if the header line holds it, else the one the
    header line holds most (one column: ``,``)."""
    header = next((line for line in text[:_SNIFF_CHARACTERS].splitlines() if line.strip()), "")
    counts = {d: header.count(d) for d in DELIMITERS}
    try:
        sniffed = csv.Sniffer().sniff(text[:_SNIFF_CHARACTERS], delimiters=DELIMITERS).delimiter
    except csv.Error:
        sniffed = ""
    if sniffed and counts.get(sniffed):
        return sniffed
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def undefused(cell: str) -> str:
    """A cell without the ``'`` that netz's own export (and other careful programs) put before
    a value a spreadsheet would run as a formula: ``'=…`` is read back as ``=…``."""
    if cell[:1] == "'" and cell[1:2] and cell[1] in FORMULA_STARTS:
        return cell[1:]
    return cell


def read_csv(data: bytes, path: Path) -> Sheet:
    """The rows of a CSV file; row numbers count records as Excel shows them (header = 1)."""
    text, encoding = decode(data, path)
    text = text.lstrip("\ufeff")
    delimiter = detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        for number, cells in enumerate(reader, start=1):
            rows.append(SourceRow(number, [undefused(cell) for cell in cells]))
    except csv.Error as err:
        raise InputError(f"{path}, Zeile {reader.line_num}: die Datei ist kein lesbares CSV "
                         f"({_german_csv_error(str(err))}).") from None
    description = f"CSV, Trennzeichen {_DELIMITER_NAMES[delimiter]}, {encoding}"
    return Sheet(description, rows)


def _german_csv_error(message: str) -> str:
    if message.startswith("field larger than field limit"):
        return f"ein Wert ist länger als {csv.field_size_limit()} Zeichen"
    return message
