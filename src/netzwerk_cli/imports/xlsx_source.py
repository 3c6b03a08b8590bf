"""Excel workbooks (.xlsx): the first sheet, or the one named with ``--blatt``.

Excel stores what was typed into a number cell as a number, so leading zeros are gone: the
postcode 01067 is stored as 1067 (shown as 01067 by the number format "00000", which is read
here), and the phone number 02331 123456 typed without spaces as 2331123456. ``restore_phone``
puts the zero back only where no other reading is possible; otherwise the row gets a warning.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

from netzwerk_cli.errors import InputError
from netzwerk_cli.imports import MAX_ROWS, Sheet, SourceRow
from netzwerk_cli.text import did_you_mean

_ZEROS = re.compile(r"^0+$")


def read_xlsx(path: Path, data: bytes, blatt: str | None = None) -> Sheet:
    """The rows of one sheet, each cell as the text Excel shows for it."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # whatever a broken or foreign ZIP makes the parser raise
        raise _unreadable(path) from None
    try:
        names = workbook.sheetnames
        if blatt is not None and blatt not in names:
            raise InputError(f"--blatt: die Mappe {path.name} hat kein Blatt „{blatt}“."
                             f"{did_you_mean(blatt, names)} Blätter: {', '.join(names)}.")
        shown = blatt if blatt is not None else workbook.worksheets[0].title
        worksheet = workbook[shown]
        worksheet.reset_dimensions()  # some programs write a wrong size; read what is there
        rows = _rows(worksheet, path)
    except InputError:
        raise
    except Exception:  # the sheets are parsed only now, while reading their rows
        raise _unreadable(path) from None
    finally:
        workbook.close()
    others = [name for name in names if name != shown]
    hints = [f"Die Mappe hat weitere Blätter ({', '.join(others)}); gelesen wurde nur "
             f"„{shown}“ (ein anderes mit --blatt NAME)."] if others else []
    return Sheet(f"Excel-Mappe, Blatt „{shown}“", rows, hints=hints)


def _unreadable(path: Path) -> InputError:
    return InputError(f"{path} lässt sich nicht als Excel-Arbeitsmappe (.xlsx) lesen; sie ist "
                      "beschädigt oder eine andere ZIP-Datei. Bitte in Excel öffnen und als "
                      ".xlsx oder „CSV UTF-8“ speichern.")


def _rows(worksheet: Any, path: Path) -> list[SourceRow]:
    rows = []
    for number, cells in enumerate(worksheet.iter_rows(), start=1):
        if number > MAX_ROWS + 1:
            raise InputError(f"{path} hat mehr als {MAX_ROWS} Zeilen; bitte die Liste "
                             "aufteilen.")
        texts, numeric = [], set()
        for index, cell in enumerate(cells):
            value = cell.value
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                numeric.add(index)
            texts.append(cell_text(value, getattr(cell, "number_format", None) or ""))
        while texts and not texts[-1]:
            texts.pop()
        rows.append(SourceRow(number, texts, frozenset(numeric)))
    return rows


def cell_text(value: Any, number_format: str = "") -> str:
    """A cell's value as text, as Excel shows it where it matters: a number with the format
    "00000" keeps its leading zeros, a whole number has no ".0", a date is JJJJ-MM-TT."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        digits = str(value)
        if value >= 0 and _ZEROS.match(number_format):
            return digits.zfill(len(number_format))
        return digits
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def restore_phone(digits: str) -> str | None:
    """The phone number a number cell lost its leading zero from, or None when that is not
    certain: "2331123456" → "02331123456", "1712345678" → "01712345678".

    Only 10 or 11 digits qualify – no local number without area code is that long – and only
    when "0" + digits is a valid German landline or mobile number (a known area code with a
    fitting length). Digits starting with 49 may be "+49…" typed without spaces, so they are
    left alone, like service numbers and everything shorter.
    """
    import phonenumbers

    if not digits.isdigit() or len(digits) not in (10, 11) or digits.startswith(("0", "49")):
        return None
    try:
        number = phonenumbers.parse("0" + digits, "DE")
    except phonenumbers.NumberParseException:
        return None
    kinds = (phonenumbers.PhoneNumberType.FIXED_LINE, phonenumbers.PhoneNumberType.MOBILE,
             phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
    if phonenumbers.is_valid_number(number) and phonenumbers.number_type(number) in kinds:
        return "0" + digits
    return None
