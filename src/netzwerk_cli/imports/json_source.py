"""JSON as netz writes it (`netz export kontakte --format json`, `netz kontakt list --json`):
a list of objects whose keys are the registry's field names."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from netzwerk_cli.errors import InputError
from netzwerk_cli.imports import Sheet, SourceRow


def read_json(data: bytes, path: Path) -> Sheet:
    """One row per object; the keys, in order of first appearance, are the columns."""
    from netzwerk_cli.imports.csv_source import decode

    text, _ = decode(data, path)
    try:
        items = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as err:
        raise InputError(f"{path}, Zeile {err.lineno}: kein gültiges JSON ({err.msg}).") from None
    except RecursionError:
        raise InputError(f"{path}: das JSON ist zu tief verschachtelt.") from None
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise InputError(f"{path}: erwartet wird eine Liste von Kontakten als JSON-Objekte "
                         "([{\"name\": …, \"email\": …}, …]), wie `netz export kontakte "
                         "--format json` sie schreibt.")
    header: list[str] = []
    for item in items:
        header += [str(k) for k in item if str(k) not in header]
    rows = []
    try:
        for number, item in enumerate(items, start=1):
            values = {str(k): v for k, v in item.items()}
            raw = {i: values[name] for i, name in enumerate(header)
                   if name in values and not isinstance(values[name], str)}
            rows.append(SourceRow(number, [_text(values.get(name)) for name in header],
                                  raw=raw or None))
    except RecursionError:
        raise InputError(f"{path}: das JSON ist zu tief verschachtelt.") from None
    return Sheet("JSON", rows, row_noun="Eintrag", column_noun="Feld", header=header)


def _text(value: Any) -> str:
    """A JSON value as a cell: true/false as ja/nein, a list as its items separated by "; "."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, list):
        return "; ".join(_text(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
