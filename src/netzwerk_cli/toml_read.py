"""Which TOML reader netz uses – the compiled ``tomli`` where it is installed, else the standard
library's ``tomllib`` – and how a large registry is read: a part of its entries at a time.

tomllib is tomli's pure-Python copy in the standard library; the tomli wheels are compiled
with mypyc and read a large registry in about 0.6 of the time with exactly the same data
(``benchmarks/toml_parsers.md``). Neither is imported before a file has to be read, so a
command that reads nothing pays for neither.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def fast_loads() -> Callable[[str], dict[str, Any]]:
    """The quickest reader that gives exactly tomllib's data. Only its successful reads are
    taken: on any error the caller reads the text again with tomllib, whose messages netz
    translates (line and column, conflict markers, nesting)."""
    try:
        from tomli import loads
    except ImportError:
        from tomllib import loads
    return loads


# The size of the pieces ``loads_by_entry`` reads at a time: large enough that reading them one
# by one costs no more than reading the file whole, small next to a large registry.
PART_BYTES = 1 << 20


def loads_by_entry(data: bytes, loads: Callable[[str], dict[str, Any]],
                   part_bytes: int = PART_BYTES) -> dict[str, Any] | None:
    """The tables of a registry file in the canonical layout, read with ``loads`` a part of
    its entries (about ``part_bytes``) at a time; None when the file is not in that layout or
    a part does not read (the caller then reads it whole, which also names any error).

    Read whole, a registry of 100,000 networks (70 MB) takes a gigabyte of memory: the text
    at up to four bytes a character (one emoji anywhere is enough) and the reader's
    intermediate state on top of the tables. Read by parts, only the file's bytes, the tables
    and one megabyte of text are held; and equal keys and values share one string
    (``_shared``): the 1.6 million values of 100,000 networks are 130,000 different texts.

    The parts give the same tables as the whole file: ``splice.layout`` finds every entry's
    region, each line that starts a table must be one it read, and each part must define
    exactly the entries of its regions – so no table spans two parts and none is defined
    twice.
    """
    from netzwerk_cli.splice import entries_of, layout, only_layout_tables, top_of

    found = layout(data)
    if found is None or not found.regions or not only_layout_tables(data, found):
        return None
    memo: dict[str, str] = {}
    try:
        tables = loads(data[:found.top_end].decode("utf-8"))
        if len(top_of(tables)) != len(tables):  # entries before the first entry's header
            return None
        for regions in _parts(found.regions, part_bytes):
            part = loads(data[regions[0][1]:regions[-1][2]].decode("utf-8"))
            entries = entries_of(part)
            if len(top_of(part)) or list(entries) != [key for key, _, _ in regions]:
                return None
            _add_entries(tables, entries, memo)
    except (ValueError, RecursionError):  # TOMLDecodeError and UnicodeDecodeError too
        return None
    return tables


def _parts(regions: list[tuple[Any, int, int]], part_bytes: int
           ) -> list[list[tuple[Any, int, int]]]:
    """Consecutive regions in groups of about ``part_bytes``."""
    parts: list[list[tuple[Any, int, int]]] = [[]]
    for region in regions:
        if parts[-1] and region[2] - parts[-1][0][1] > part_bytes:
            parts.append([])
        parts[-1].append(region)
    return parts


def _add_entries(tables: dict[str, Any], entries: dict[tuple[Any, ...], Any],
                 memo: dict[str, str]) -> None:
    from netzwerk_cli.splice import table_path

    for key, values in entries.items():
        *path, entry_id = table_path(key)
        table = tables
        for name in path:
            table = table.setdefault(name, {})
        table[entry_id] = _shared(values, memo)


def _shared(value: Any, memo: dict[str, str]) -> Any:
    """``value`` with every string that ``memo`` already holds replaced by that one (and the
    others added): the tables of a large file, keys included, are held until every entry is
    checked (the checked entries hold their texts once anyway: ``model._check_value``)."""
    if type(value) is str:
        return memo.setdefault(value, value)
    if type(value) is dict:
        return {memo.setdefault(k, k): _shared(v, memo) for k, v in value.items()}
    if type(value) is list:
        return [_shared(item, memo) for item in value]
    return value
