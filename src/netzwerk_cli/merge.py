"""Merging two versions of the registry with their common ancestor, and reading conflict markers.

A team keeps its registry in git. git merges text line by line, so two colleagues adding two
networks whose ids sort next to each other collide although they touched different entries.
``merge_registry`` (behind ``netz merge``, git's merge driver) merges instead entry by entry and
field by field:

- a field changed on one side only takes that side; changed identically on both, it is taken;
- an entry added on one side is added, one deleted on one side and unchanged on the other is
  deleted; deleted on one side and changed on the other is a conflict;
- a list (themen, kontakte …) both sides only added to or removed from is merged as a set:
  ours first, then what theirs added;
- anything else changed differently on both sides is a conflict.

The result is written as netz always writes the file (``registry.registry_to_toml``); a
conflict leaves git-style markers around the conflicting field lines only. The merge works on
every table of ``model.TABLES`` and on the top-level fields alike. The members
(``[mitglieder.NETZWERK.KONTAKT]``) are one level deeper: each membership is merged like an
entry, so two colleagues adding different members to one network merge cleanly.

``conflict_marker_error`` explains a file that still holds such markers (from git's own line
merge or from this one): which entries, in which lines, and how to resolve them.
"""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Any, NamedTuple

from netzwerk_cli.errors import NetzError, RegistryError
from netzwerk_cli.model import MEMBER_TABLE, SCHEMA_VERSION, TABLES, Entry, Mitglied
from netzwerk_cli.registry import HEADER, parse_toml, registry_to_toml

OURS_MARKER = "<<<<<<< ours"
SEPARATOR = "======="
THEIRS_MARKER = ">>>>>>> theirs"

# The three versions git hands the driver, as a person calls them.
SIDE_NAMES = ("die gemeinsame Ausgangsfassung (BASE, %O)", "die eigene Fassung (OURS, %A)",
              "die andere Fassung (THEIRS, %B)")


class Conflict(NamedTuple):
    """Something both sides changed differently: a field of an entry, or a whole entry.

    ``entry`` is "netzwerke.ak-90" (empty for a top-level field such as ``titel``); ``field`` is
    empty when the whole entry is in conflict (deleted on one side, changed on the other).
    """

    entry: str
    field: str


class MergeResult(NamedTuple):
    """The merged text, what conflicts, and why the merged registry would not load."""

    text: str
    conflicts: list[Conflict]
    problems: list[str]

    @property
    def clean(self) -> bool:
        """True when the merge needs no person: no conflict, and the result loads."""
        return not self.conflicts and not self.problems


class _Missing:
    """An absent field or entry (a deleted or never-written value)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class _Both(NamedTuple):
    """A conflict in the merged document: both sides' values, written later between markers."""

    ours: Any
    theirs: Any


def merge_registry(base: str, ours: str, theirs: str, path: str = "networks.toml"
                   ) -> MergeResult:
    """Merge three versions of registry text; raise ``NetzError`` if one is not valid TOML."""
    documents = [_canonical(_parse(text, side, path))
                 for text, side in zip((base, ours, theirs), SIDE_NAMES, strict=True)]
    conflicts: list[Conflict] = []
    merged = _merge_document(documents[0], documents[1], documents[2], conflicts)
    if conflicts:
        return MergeResult(_with_markers(merged, (base, ours, theirs)), conflicts, [])
    from netzwerk_cli.model import registry_from_toml

    try:
        registry = registry_from_toml(merged, path)
    except RegistryError as err:  # e.g. a new network refers to a contact the other side deleted
        return MergeResult(_dump(merged), [], err.problems)
    return MergeResult(registry_to_toml(registry), [], [])


def _parse(text: str, side: str, path: str) -> dict[str, Any]:
    try:
        return parse_toml(text, path)
    except RegistryError as err:
        raise NetzError(
            f"{side[0].upper()}{side[1:]} ist kein gültiges TOML – "
            f"{'; '.join(err.problems)}\nnetz führt daher nicht zusammen: Die Datei bleibt in "
            "der eigenen Fassung, und git meldet einen Konflikt. Die andere Fassung zeigt "
            f"`git show :3:{path}`, die Ausgangsfassung `git show :1:{path}`; von Hand "
            "zusammenführen, mit `netz check` prüfen, dann `git add`."
        ) from None


def _canonical(data: dict[str, Any]) -> dict[str, Any]:
    """The document with every valid entry in the form netz writes it.

    Two sides that spell a value differently (``art = "AK"``, a padded name, a TOML date) then
    agree where they mean the same. An entry that does not validate stays as written; the
    check of the merged result reports it. A side of an older schema is migrated first (a
    colleague with an older netz), so that the sides compare field by field.
    """
    document = dict(data)
    if document.get("schema") in range(1, SCHEMA_VERSION):
        from netzwerk_cli.migrate import migrate

        document = migrate(document)[0]
    for table, model in TABLES.items():
        entries = document.get(table)
        if isinstance(entries, dict):
            document[table] = _canonical_entries(model, entries)
    members = document.get(MEMBER_TABLE)
    if isinstance(members, dict):
        document[MEMBER_TABLE] = {
            netzwerk_id: _canonical_entries(Mitglied, entries) if isinstance(entries, dict)
            else entries for netzwerk_id, entries in members.items()}
    return document


def _canonical_entries(model: type[Entry], entries: dict[str, Any]) -> dict[str, Any]:
    canonical = {}
    for entry_id, values in entries.items():
        entry = model.from_toml(values)[0] if isinstance(values, dict) else None
        canonical[entry_id] = entry.to_toml() if entry is not None else values
    return canonical


# --- Three-way merge ------------------------------------------------------------------------------


def _merge_document(base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any],
                    conflicts: list[Conflict]) -> dict[str, Any]:
    """The merged document, with ``_Both`` where both sides changed a value differently."""
    merged: dict[str, Any] = {}
    for name in _ordered_top_level([*base, *ours, *theirs]):
        values = [d.get(name, MISSING) for d in (base, ours, theirs)]
        if name in TABLES and all(isinstance(v, dict) or v is MISSING for v in values):
            b, o, t = ({} if v is MISSING else v for v in values)
            table = _merge_table(name, TABLES[name], b, o, t, conflicts)
            if table:
                merged[name] = table
            continue
        if name == MEMBER_TABLE and all(isinstance(v, dict) or v is MISSING for v in values):
            b, o, t = ({} if v is MISSING else v for v in values)
            members = _merge_members(b, o, t, conflicts)
            if members:
                merged[name] = members
            continue
        value = _merge_value(*values)
        if isinstance(value, _Both):
            conflicts.append(Conflict("", name))
        if value is not MISSING:
            merged[name] = value
    return merged


def _ordered_top_level(names: list[str]) -> list[str]:
    """Top-level names in the order of the file: schema, titel, quelle, others, then tables."""
    unique = set(names)
    first = [n for n in ("schema", "titel", "quelle") if n in unique]
    tables = [*TABLES, MEMBER_TABLE]
    others = sorted(unique - set(first) - set(tables))
    return first + others + [t for t in tables if t in unique]


def _merge_members(base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any],
                   conflicts: list[Conflict]) -> dict[str, Any]:
    """The members, network by network: each network's members merged like a table's entries
    (a membership is an entry, its fields merged field by field)."""
    merged = {}
    for netzwerk_id in sorted({*base, *ours, *theirs}):
        values = [side.get(netzwerk_id, MISSING) for side in (base, ours, theirs)]
        where = f"{MEMBER_TABLE}.{netzwerk_id}"
        if all(isinstance(v, dict) or v is MISSING for v in values):
            b, o, t = ({} if v is MISSING else v for v in values)
            value: Any = _merge_table(where, Mitglied, b, o, t, conflicts)
        else:  # not a table of members on some side (a broken hand edit): a person decides
            value = _merge_value(*values)
            if isinstance(value, _Both):
                conflicts.append(Conflict(where, ""))
        if value:
            merged[netzwerk_id] = value
    return merged


def _merge_table(table: str, model: type[Entry], base: dict[str, Any], ours: dict[str, Any],
                 theirs: dict[str, Any], conflicts: list[Conflict]) -> dict[str, Any]:
    """Entries merged one by one; ``table`` names where they are ("netzwerke",
    "mitglieder.ak-90")."""
    merged = {}
    for entry_id in sorted({*base, *ours, *theirs}):
        where = f"{table}.{entry_id}"
        b, o, t = (side.get(entry_id, MISSING) for side in (base, ours, theirs))
        if o == t:
            value = o
        elif o == b:
            value = t
        elif t == b:
            value = o
        elif (o is MISSING or t is MISSING
              or not all(isinstance(v, dict) for v in (o, t, {} if b is MISSING else b))):
            value = _Both(o, t)  # deleted on one side, changed on the other
            conflicts.append(Conflict(where, ""))
        else:
            value = _merge_fields(where, model, {} if b is MISSING else b, o, t, conflicts)
        if value is not MISSING:
            merged[entry_id] = value
    return merged


def _merge_fields(where: str, model: type[Entry], base: dict[str, Any], ours: dict[str, Any],
                  theirs: dict[str, Any], conflicts: list[Conflict]) -> dict[str, Any] | _Both:
    """One entry changed on both sides, merged field by field (in the order netz writes)."""
    merged: dict[str, Any] = {}
    found: list[Conflict] = []
    defaults = {name: getattr(model(), name) for name in model.field_types()
                if name not in model.always_written}
    for name in _ordered_fields(model, {*base, *ours, *theirs}):
        values = [side.get(name, MISSING) for side in (base, ours, theirs)]
        value = _merge_value(*values)
        if isinstance(value, _Both):
            if any(isinstance(v, dict) for v in values):
                # A sub-table of an own field cannot sit between markers inside the entry.
                conflicts.append(Conflict(where, ""))
                return _Both(ours, theirs)
            found.append(Conflict(where, name))
        # A field back at its default is not written (as ``Entry.to_toml``): `themen = []`.
        if value is not MISSING and not (name in defaults and value == defaults[name]):
            merged[name] = value
    conflicts += found
    return merged


def _ordered_fields(model: type[Entry], names: set[str]) -> list[str]:
    """Known fields in their fixed order, then own fields sorted – as ``Entry.to_toml``."""
    known = list(model.field_types())
    return [n for n in known if n in names] + sorted(names - set(known))


def _merge_value(base: Any, ours: Any, theirs: Any) -> Any:
    """One value merged three ways: the result, ``MISSING`` (removed) or ``_Both``."""
    if ours == theirs:
        return ours
    if ours == base:
        return theirs
    if theirs == base:
        return ours
    merged = _merge_lists(base, ours, theirs)
    return _Both(ours, theirs) if merged is None else merged


def _merge_lists(base: Any, ours: Any, theirs: Any) -> list[Any] | None:
    """Two lists both sides only added to or removed from: ours, then theirs' additions.

    None when that is not the case (a side reordered the items it kept: the first contact is
    the one to ask, so a new order is a decision for a person).
    """
    lists = [[] if v is MISSING else v for v in (base, ours, theirs)]
    if not all(isinstance(v, list) and all(isinstance(i, str | int | float | bool) for i in v)
               for v in lists):
        return None
    base_list, ours_list, theirs_list = lists
    if not (_keeps_order(base_list, ours_list) and _keeps_order(base_list, theirs_list)):
        return None
    removed = (set(base_list) - set(ours_list)) | (set(base_list) - set(theirs_list))
    merged = [item for item in ours_list if item not in removed]
    merged += [item for item in theirs_list if item not in base_list and item not in merged]
    return merged


def _keeps_order(base: list[Any], side: list[Any]) -> bool:
    """Whether ``side`` keeps the items it shares with ``base`` in base's order."""
    return [i for i in side if i in base] == [i for i in base if i in side]


# --- Writing the merged document ------------------------------------------------------------------


def _dump(document: dict[str, Any]) -> str:
    """The document as netz writes a registry (header, fixed order), without validating it."""
    import tomli_w

    return HEADER + tomli_w.dumps({"schema": document.get("schema", SCHEMA_VERSION)} | document)


def _with_markers(merged: dict[str, Any], texts: tuple[str, ...]) -> str:
    """The merged document as text, each conflict between git-style markers.

    Each conflict is written first as a placeholder value, so everything around it comes out
    exactly as netz writes the file; the placeholder's line (for a whole entry: its table header
    and line) is then replaced by both sides' lines between the markers. Keeping either side and
    deleting the marker lines gives the file netz would write.
    """
    import tomli_w

    token = "netz-konflikt"
    while any(token in text for text in texts):
        token += "-x"
    sides: dict[str, tuple[str, str]] = {}  # placeholder → (ours' lines, theirs' lines)

    def placeholder(ours: str, theirs: str) -> str:
        name = f"{token}-{len(sides)}"
        sides[name] = (ours, theirs)
        return name

    def lines(value: Any, *keys: str) -> str:
        """A value's lines as netz writes them (``keys``: where it sits), none if absent."""
        if value is MISSING:
            return ""
        for key in reversed(keys):
            value = {key: value}
        return tomli_w.dumps(value)

    def marked(entries: dict[str, Any], *keys: str) -> dict[str, Any]:
        """A table's entries with a placeholder for each conflict (``keys``: where they sit)."""
        result = {}
        for entry_id, entry in entries.items():
            if isinstance(entry, _Both):
                entry = {token: placeholder(lines(entry.ours, *keys, entry_id),
                                            lines(entry.theirs, *keys, entry_id))}
            elif isinstance(entry, dict):
                entry = {field: placeholder(lines(v.ours, field), lines(v.theirs, field))
                         if isinstance(v, _Both) else v for field, v in entry.items()}
            result[entry_id] = entry
        return result

    document: dict[str, Any] = {}
    for name, value in merged.items():
        if isinstance(value, _Both):
            value = placeholder(lines(value.ours, name), lines(value.theirs, name))
        elif name in TABLES and isinstance(value, dict):
            value = marked(value, name)
        elif name == MEMBER_TABLE and isinstance(value, dict):
            members = {}
            for netzwerk_id, entries in value.items():
                if isinstance(entries, _Both):  # not a table of members on some side
                    entries = {token: placeholder(lines(entries.ours, name, netzwerk_id),
                                                  lines(entries.theirs, name, netzwerk_id))}
                elif isinstance(entries, dict):
                    entries = marked(entries, name, netzwerk_id)
                members[netzwerk_id] = entries
            value = members
        document[name] = value
    text = _dump(document)
    for name, (ours, theirs) in sides.items():
        whole = re.search(rf'^\[[^\n]*\]\n{re.escape(token)} = "{re.escape(name)}"\n', text,
                          re.MULTILINE)
        if whole:
            start, end = whole.span()
            # The blank line between two tables goes with the entry, so that keeping the side
            # without it leaves no second blank line.
            if text[end:end + 1] == "\n":
                ours, theirs, end = _append(ours, "\n"), _append(theirs, "\n"), end + 1
            elif text[start - 2:start] == "\n\n":
                ours, theirs, start = _prepend("\n", ours), _prepend("\n", theirs), start - 1
        else:
            found = re.search(rf'^[^\n]* = "{re.escape(name)}"\n', text, re.MULTILINE)
            assert found is not None  # the placeholder was written just above
            start, end = found.span()
        text = (f"{text[:start]}{OURS_MARKER}\n{ours}{SEPARATOR}\n{theirs}{THEIRS_MARKER}\n"
                f"{text[end:]}")
    return text


def _append(lines: str, extra: str) -> str:
    return lines + extra if lines else lines


def _prepend(extra: str, lines: str) -> str:
    return extra + lines if lines else lines


# --- Reading a file that holds conflict markers ---------------------------------------------------

_MARKER = re.compile(r"^(<{7}|\|{7}|={7}|>{7})(?:[ \t].*)?$")
_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")
_KEY = re.compile(r'^\s*([A-Za-z0-9_-]+|"[^"]*")\s*=')


def has_conflict_markers(text: str) -> bool:
    """Whether the text holds a line that opens a merge conflict (``<<<<<<<``)."""
    return any(line.startswith("<<<<<<<") and _MARKER.match(line.rstrip("\r"))
               for line in text.splitlines())


def _table_name(header: str) -> str:
    """``netzwerke . "ak-90"`` → ``netzwerke.ak-90``."""
    return re.sub(r"\s*\.\s*", ".", header).replace('"', "")


class _Region:
    """One conflict in a file: its lines, and the entries (with fields) its versions touch."""

    def __init__(self, start: int, context: str) -> None:
        self.start = self.end = start
        self.context = context  # the entry the conflict sits in ("" at the top level)
        self.current = context  # the entry the line being read belongs to
        self.after: str | None = None  # the entry in effect after the conflict
        self.headers: set[str] = set()  # entries whose header lies inside the conflict
        self.fields: dict[str, list[str]] = {}  # entry → its conflicting fields

    def marker(self) -> None:
        """A ``|||||||``, ``=======`` or ``>>>>>>>`` line: the next version starts in context."""
        if self.after is None:
            self.after = self.current  # what follows belongs to the end of the first version
        self.current = self.context

    def line(self, text: str) -> None:
        header = _HEADER.match(text)
        if header:
            self.current = _table_name(header[1])
            self.headers.add(self.current)
            self.fields.setdefault(self.current, [])
            return
        key = _KEY.match(text)
        if key and self.current not in self.headers:
            fields = self.fields.setdefault(self.current, [])
            if key[1].strip('"') not in fields:
                fields.append(key[1].strip('"'))

    def describe(self) -> tuple[str, str]:
        """Where the conflict is ("Zeile 12–18") and what it touches ("netzwerke.ak-90 …")."""
        lines = f"Zeile {self.start}–{self.end}" if self.end > self.start else f"Zeile {self.start}"
        names = []
        for entry, fields in self.fields.items():
            name = entry or "oberste Ebene"
            if fields and entry not in self.headers:
                label = "Feld" if len(fields) == 1 else "Felder"
                name += f" ({label} {', '.join(f'„{f}“' for f in fields)})"
            names.append(name)
        return lines, ", ".join(names) or self.context or "oberste Ebene"


class ConflictMarkerError(RegistryError):
    """The registry holds merge-conflict markers: which entries, in which lines, what to do.

    ``problems`` has one item per conflict and the advice last (``netz check`` shows each).
    """

    def __init__(self, path: str, conflicts: list[tuple[str, str]], advice: str) -> None:
        markers = "Konfliktmarken einer git-Zusammenführung (<<<<<<<, =======, >>>>>>>)"
        super().__init__(path, [*(f"{lines}: ungelöster git-Konflikt bei {names}"
                                  for lines, names in conflicts),
                                f"Die Datei enthält {markers}. {advice}"])
        self.args = ("\n".join([f"Das Register {path} enthält {markers}; netz liest es erst "
                                "wieder, wenn jeder Konflikt aufgelöst ist. Die Konflikte:",
                                *(f"  - {lines}: {names}" for lines, names in conflicts),
                                advice]),)


def conflict_marker_error(text: str, path: str) -> ConflictMarkerError:
    """The German explanation of a file with conflict markers: where, which entries, what to do."""
    regions: list[_Region] = []
    region: _Region | None = None
    current = ""
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.rstrip("\r")
        marker = _MARKER.match(line)
        if region is None:
            header = _HEADER.match(line)
            if marker and marker[1].startswith("<"):
                region = _Region(number, current)
            elif header:
                current = _table_name(header[1])
            continue
        region.end = number
        if marker:
            region.marker()
            if marker[1].startswith(">"):
                regions.append(region)
                current, region = region.after or region.context, None
        else:
            region.line(line)
    if region is not None:
        regions.append(region)
    name = PurePath(path).name
    advice = (
        "So lösen: die Datei im Editor öffnen; zwischen „<<<<<<<“ und „=======“ steht die "
        "eigene Fassung, zwischen „=======“ und „>>>>>>>“ die andere. Je Konflikt eine Fassung "
        "behalten (oder beide zusammenfassen) und die Markierungszeilen löschen, dann "
        f"`netz check` aufrufen und mit `git add {name}` und `git commit` abschließen. Oder "
        f"eine Seite ganz übernehmen: `git checkout --ours {name}` (die eigene) oder "
        f"`git checkout --theirs {name}` (die andere; bei `git rebase` ist es umgekehrt)."
    )
    return ConflictMarkerError(path, [region.describe() for region in regions], advice)
