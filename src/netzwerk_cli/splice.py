"""Writing a change as the text of the entries it changed, every other byte left as it was.

The canonical registry file (``registry.registry_to_toml``) is the top-level fields followed by
one table per entry in a fixed order: ``[netzwerke.ID]``, ``[kontakte.ID]``, ``[angebote.ID]``,
``[treffen.ID]`` (each sorted by id), then ``[mitglieder.NETZWERK.KONTAKT]``; an entry's own
sub-tables (``[netzwerke.ID.x_…]``) follow its header. Each entry's text is therefore a
*region* from the blank line before its header to the next one, and a change replaces the
regions of the entries it changed, removes those of removed entries and inserts new ones in
their sorted place. For a canonical file the result equals the full serialisation byte for
byte (tests/test_splice.py checks it on random changes); a file that is not in this layout
(entries reordered or split by hand, ``[netzwerke]`` tables, entries written inline …) is
written anew in full, and ``Spliced.rewritten`` says so.

Comments inside an untouched entry (and in the lines after an entry, before the next one)
stay; comments inside a replaced or removed entry go, and ``Spliced.comments_dropped`` says
so. Before a region is replaced or removed it is read on its own and must define exactly the
entry as it was – so a region never holds anything else that would be lost – and the new text
of the changed entries must read back as their data; anything unexpected is a full rewrite.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import re
from typing import Any, NamedTuple

from netzwerk_cli.model import ANMERKUNGEN, MEMBER_TABLE, TABLES, Entry, Mitglied
from netzwerk_cli.toml_read import fast_loads

# An entry's place in the canonical order: (table rank, id) or (rank, netzwerk id, kontakt id).
Key = tuple[Any, ...]

_TABLE_ORDER = (*TABLES, MEMBER_TABLE)
_RANK = {name: rank for rank, name in enumerate(_TABLE_ORDER)}
_MEMBER_RANK = _RANK[MEMBER_TABLE]
# A table header on a line of its own (``[a.b]`` or ``[[a.b]]``, bare keys, maybe a comment),
# in the file's bytes (UTF-8: the header's characters are ASCII, and no byte of another
# character can be taken for one of them).
_HEADER = re.compile(rb"^\[(\[?)([A-Za-z0-9_.-]+)\]\]?[ \t]*(?:#[^\r\n]*)?\r?$", re.MULTILINE)
# The same after a line break: searching for "\n[" first is far quicker than trying "^" at every
# position of a large file.
_HEADER_AFTER_BREAK = re.compile(rb"\n" + _HEADER.pattern[1:], re.MULTILINE)
# Any line that starts a table (maybe indented, maybe with quoted keys): ``layout`` must have
# read each of them, or the file is not in the layout it describes.
_TABLE_LINE = re.compile(rb"\n[ \t]*\[")

NOT_CANONICAL = ("die Datei war nicht in der festen Ordnung, in der netz schreibt (z. B. von "
                 "Hand umgestellt)")


class Spliced(NamedTuple):
    """The new file's bytes, whether comments of the old one went, and – when the file was
    written anew in full – why (German, "" when only changed entries were replaced)."""

    text: bytes
    comments_dropped: bool
    rewritten: str = ""
    changed: tuple[Key, ...] = ()
    removed: tuple[Key, ...] = ()


def entries_of(tables: dict[str, Any]) -> dict[Key, dict[str, Any]]:
    """The entries of registry tables (``registry_tables``) by their canonical key."""
    found: dict[Key, dict[str, Any]] = {}
    for table in TABLES:
        rank = _RANK[table]
        for entry_id, values in tables.get(table, {}).items():
            found[(rank, entry_id)] = values
    for netzwerk_id, members in tables.get(MEMBER_TABLE, {}).items():
        for kontakt_id, values in members.items():
            found[(_MEMBER_RANK, netzwerk_id, kontakt_id)] = values
    return found


def top_of(tables: dict[str, Any]) -> dict[str, Any]:
    """What registry tables hold before the first entry: the top-level fields (schema, titel,
    quelle) and the ``[anmerkungen]`` table."""
    return {name: value for name, value in tables.items() if name not in _RANK}


def table_path(key: Key) -> tuple[str, ...]:
    """("netzwerke", "ak-90") or ("mitglieder", "ak-90", "anna") for a key."""
    return (_TABLE_ORDER[key[0]], *key[1:])


def model_of(key: Key) -> type[Entry]:
    return Mitglied if key[0] == _MEMBER_RANK else TABLES[_TABLE_ORDER[key[0]]]


def same(old: Any, new: Any) -> bool:
    """Whether two entries (or top-level fields) hold the same data, ``1``, ``true`` and
    ``1.0`` told apart: known fields have one type each; own fields (``x_…``, written last)
    can hold any, so for them the types are compared too."""
    if old != new or list(old) != list(new):  # the order of fields is the order written
        return False
    if isinstance(new, dict) and new and str(next(reversed(new))).startswith("x_"):
        return strictly_equal(old, new, ordered=True)
    return True


def strictly_equal(old: Any, new: Any, ordered: bool = False) -> bool:
    """``==`` that also tells types apart (``True`` is not ``1``) and UTC offsets of equal
    instants (``10:00+01:00`` is not ``09:00Z``); with ``ordered`` tables must also list
    their keys in the same order."""
    if type(old) is not type(new):
        return False
    if isinstance(old, dict):
        keys_match = list(old) == list(new) if ordered else old.keys() == new.keys()
        return keys_match and all(strictly_equal(v, new[k], ordered) for k, v in old.items())
    if isinstance(old, list):
        return len(old) == len(new) and all(strictly_equal(a, b, ordered)
                                            for a, b in zip(old, new, strict=True))
    if isinstance(old, dt.datetime | dt.time):
        return bool(old == new and old.utcoffset() == new.utcoffset())
    return bool(old == new)


class _Layout(NamedTuple):
    top_end: int
    regions: list[tuple[Key, int, int]]
    headers: int  # table headers read (entries, their sub-tables, ``[anmerkungen]``)


def layout(data: bytes) -> _Layout | None:
    """Where each entry's region is in the file's bytes, in file order; None when the file is
    not in the canonical table layout (an entry out of order or twice, a sub-table away from
    its entry, a table netz does not write, ``[anmerkungen]`` after the entries)."""
    starts: list[tuple[Key, int]] = []
    current: Key | None = None
    headers = 0
    first = _HEADER.match(data)
    matches = _HEADER_AFTER_BREAK.finditer(data)
    for match in itertools.chain([first] if first else [], matches):
        headers += 1
        array, name = match[1], match[2].decode("ascii")
        if name == ANMERKUNGEN and not array and current is None:
            continue  # part of the top, before the first entry
        parts = name.split(".")
        rank = _RANK.get(parts[0])
        depth = 3 if rank == _MEMBER_RANK else 2
        if rank is None or len(parts) < depth or "" in parts:
            return None
        key: Key = (rank, *parts[1:depth])
        if len(parts) == depth:
            if array or (current is not None and key <= current):
                return None
            current = key
            position = match.start()  # the line break before the header (a region's start)
            if position and data[position - 1:position + 1] == b"\r\n":
                position -= 1
            starts.append((key, position))
        elif key != current:
            return None
    ends = [start for _, start in starts[1:]] + [len(data)]
    regions = [(key, start, end) for (key, start), end in zip(starts, ends, strict=False)]
    return _Layout(starts[0][1] if starts else len(data), regions, headers)


def only_layout_tables(data: bytes, found: _Layout) -> bool:
    """Whether every line of ``data`` that starts a table is one ``layout`` read – none is
    indented, has quoted keys or hides in a multi-line value (those make a reader of single
    regions unsure what the file as a whole means)."""
    table_lines = len(_TABLE_LINE.findall(data)) + (data.lstrip(b" \t")[:1] == b"[")
    return table_lines == found.headers


def splice(before: bytes, old: dict[str, Any], new: dict[str, Any], header: str
           ) -> Spliced | None:
    """The file ``before`` (its bytes without a byte order mark; it holds the registry
    tables ``old``) changed to hold ``new``, replacing only the regions of changed entries;
    None when that is not possible safely (the caller writes the whole file then, with
    ``NOT_CANONICAL`` or another reason).

    ``header`` is the comment block the canonical file starts with. Only the regions read or
    replaced are decoded: the file as a whole stays bytes (as text it could take four times
    its size).
    """
    import tomli_w

    found = layout(before)
    old_entries = entries_of(old)
    if found is None or len(found.regions) != len(old_entries) or any(
            key not in old_entries for key, _, _ in found.regions):
        return None
    newline = "\r\n" if _crlf(before) else "\n"
    changed, removed = _differences(old, new, old_entries)
    top_changed = not same(top_of(old), top_of(new))
    if not (changed or removed or top_changed):
        return Spliced(before, False)
    pieces: list[bytes | memoryview] = []
    dropped = False
    top = before[:found.top_end]
    if top_changed:
        if not _top_only(top, top_of(old)):
            return None
        dropped = _has_comments(top)
    new_values = {key: _entry(new, key) for key in changed}
    rendered = {key: "\n" + tomli_w.dumps(_nested(key, new_values[key])) for key in changed}
    if not _reads_back(rendered, new_values):
        return None
    try:
        if top_changed:
            top = _encoded(header + tomli_w.dumps(top_of(new)), newline)
        new_regions = {key: _encoded(text, newline) for key, text in rendered.items()}
    except UnicodeEncodeError:  # a value no file can hold: the full rewrite names its line
        return None
    pieces.append(top)
    regions = found.regions
    keys = [key for key, _, _ in regions]
    view = memoryview(before)  # untouched runs of regions are joined from it, never copied
    copied = 0  # the regions before this one are in ``pieces``
    for key in sorted([*changed, *removed]):
        index = bisect.bisect_left(keys, key)
        pieces += _run(view, regions, copied, index)
        copied = index
        if index == len(keys) or keys[index] != key:  # added: before the next entry's region
            pieces.append(new_regions[key])
            continue
        _, start, end = regions[index]
        body, tail = _body_and_tail(before[start:end])
        if not _defines_only(body, key, old_entries[key]):
            return None
        dropped = dropped or _has_comments(body)
        pieces.append(new_regions.get(key, b"") + tail)
        copied = index + 1
    pieces += _run(view, regions, copied, len(regions))
    return Spliced(b"".join(pieces), dropped, "", tuple(changed), tuple(removed))


def _run(view: memoryview, regions: list[tuple[Key, int, int]], first: int, stop: int
         ) -> list[memoryview]:
    """The text of the regions ``first`` to ``stop`` (exclusive) in one piece, if any."""
    return [view[regions[first][1]:regions[stop - 1][2]]] if first < stop else []


def _differences(old: dict[str, Any], new: dict[str, Any],
                 old_entries: dict[Key, dict[str, Any]]) -> tuple[list[Key], list[Key]]:
    """The keys of the entries ``new`` changes or adds, and of those it removes.

    A table (for members: a network's members) that is the same in both is passed over at
    once; only in the others is each entry compared.
    """
    changed: list[Key] = []
    removed: list[Key] = []
    parts: list[tuple[int, tuple[str, ...], Any, Any]] = [
        (_RANK[table], (), old.get(table, {}), new.get(table, {})) for table in TABLES]
    old_members, new_members = old.get(MEMBER_TABLE, {}), new.get(MEMBER_TABLE, {})
    if not _identical(old_members, new_members):
        parts += [(_MEMBER_RANK, (netzwerk_id,), old_members.get(netzwerk_id, {}),
                   new_members.get(netzwerk_id, {}))
                  for netzwerk_id in {**old_members, **new_members}]
    for rank, prefix, old_part, new_part in parts:
        if _identical(old_part, new_part):
            continue
        for entry_id, values in new_part.items():
            key = (rank, *prefix, entry_id)
            previous = old_entries.get(key)
            if previous is None or not same(previous, values):
                changed.append(key)
        removed += [(rank, *prefix, entry_id) for entry_id in old_part
                    if entry_id not in new_part]
    return changed, removed


def _identical(old: Any, new: Any) -> bool:
    """Whether two tables hold the same data, with the same types and in the same order – told
    at once for a table of thousands of entries: marshal's version 0 writes values without
    sharing references, so equal bytes mean equal data (``1``, ``true`` and ``1.0`` differ).
    False also when unsure (TOML dates, which marshal does not write)."""
    import marshal

    if old != new or list(old) != list(new):
        return False
    old_values, new_values = list(old.values()), list(new.values())
    try:  # a slice at a time: two copies of a table of 100,000 entries would cost memory
        return all(marshal.dumps(old_values[start:start + _SLICE], 0)
                   == marshal.dumps(new_values[start:start + _SLICE], 0)
                   for start in range(0, len(old_values), _SLICE))
    except ValueError:
        return False


_SLICE = 1000


def _entry(tables: dict[str, Any], key: Key) -> dict[str, Any]:
    """The values of the entry ``key`` in registry tables."""
    found: Any = tables
    for part in table_path(key):
        found = found[part]
    return found  # type: ignore[no-any-return]


def _crlf(data: bytes) -> bool:
    first = data.find(b"\n")
    return first > 0 and data[first - 1:first] == b"\r"


def _encoded(text: str, newline: str) -> bytes:
    return (text if newline == "\n" else text.replace("\n", newline)).encode("utf-8")


def _nested(key: Key, values: dict[str, Any]) -> dict[str, Any]:
    """``{"netzwerke": {"ak-90": values}}``: the entry as a document of its own."""
    document: dict[str, Any] = values
    for part in reversed(table_path(key)):
        document = {part: document}
    return document


def _body_and_tail(region: bytes) -> tuple[bytes, bytes]:
    """A region split after its last line of content: the lines after it (blank, comments –
    usually about the next entry) stay when the entry is replaced."""
    lines = region.split(b"\n")
    last = len(lines) - 1
    while last > 0 and (not lines[last].strip() or lines[last].lstrip().startswith(b"#")):
        last -= 1
    body = b"\n".join(lines[:last + 1]) + (b"\n" if last + 1 < len(lines) else b"")
    return body, region[len(body):]


def _read(data: bytes | str) -> dict[str, Any] | None:
    try:
        text = data if isinstance(data, str) else data.decode("utf-8")
        return fast_loads()(text)
    except (ValueError, RecursionError):  # TOMLDecodeError and UnicodeDecodeError too
        return None


def _defines_only(body: bytes, key: Key, values: dict[str, Any]) -> bool:
    """Whether the region text ``body``, read on its own, defines exactly this entry with
    these values (as netz reads them) and nothing else."""
    data = _read(body)
    for part in table_path(key):
        if not isinstance(data, dict) or list(data) != [part]:
            return False
        data = data[part]
    if not isinstance(data, dict):
        return False
    if strictly_equal(data, values):  # as netz wrote it
        return True
    entry, problems = model_of(key).from_toml(data)  # written otherwise, e.g. by hand
    return entry is not None and not problems and same(values, entry.to_toml())


def _top_only(top: bytes, values: dict[str, Any]) -> bool:
    """Whether the text before the first entry holds only the top-level fields and notes."""
    data = _read(top)
    return data is not None and not any(name in _RANK for name in data) and all(
        data.get(name) == value for name, value in values.items())


def _reads_back(rendered: dict[Key, str], entries: dict[Key, dict[str, Any]]) -> bool:
    """Whether the new text of the changed entries reads back as exactly their data."""
    if not rendered:
        return True
    data = _read("".join(rendered.values()))
    if data is None:
        return False
    for key in rendered:
        found: Any = data
        for part in table_path(key):
            found = found.get(part) if isinstance(found, dict) else None
        if not strictly_equal(found, entries[key]):
            return False
    return True


def _has_comments(data: bytes) -> bool:
    from netzwerk_cli.storage import drops_comments  # the one reader of comments

    return drops_comments(data.decode("utf-8"))
