"""The plan of an import: every row checked, matched to the registry, and applied to it.

A row whose e-mail address (ignoring case) or whose folded name and organisation match an
existing contact updates that contact instead of creating a second one: empty fields are
filled ("ergänzt"); a field that holds something else in the registry is a conflict, shown and
kept unless ``ueberschreiben`` takes the file's value. So importing the same file twice changes
nothing the second time. Every row is checked with the rules of ``netz kontakt add``; a faulty
row names its row and column. By default one faulty row stops the whole import
(``ImportRefused``); with ``ueberspringen`` the good rows are imported and the rest listed.

``apply_import`` changes the registry it is given in place: it is meant to run inside
``storage.apply_change``, so that the whole import is one atomic write with a backup. With a
``netzwerk`` every contact the file names becomes a member of that network (``members``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from netzwerk_cli.errors import InputError
from netzwerk_cli.imports import Sheet, SourceRow
from netzwerk_cli.imports.columns import (
    FIELDS,
    Extracted,
    Mapping,
    Skipped,
    Value,
    find_header,
    map_columns,
    parse_spalten,
)
from netzwerk_cli.model import ID_PATTERN, KONTAKT_ARTEN, MAX_ID_LENGTH, Kontakt, Registry
from netzwerk_cli.text import count, fold, key

NEU, ERGAENZT, UNVERAENDERT, KONFLIKT, FEHLERHAFT = (
    "neu", "ergänzt", "unverändert", "Konflikt", "fehlerhaft")
STATUSES = (NEU, ERGAENZT, UNVERAENDERT, KONFLIKT, FEHLERHAFT)

# The text fields a row can fill, in the order they are compared and shown.
KONTAKT_FIELDS = ("name", "funktion", "organisation", "abteilung", "strasse", "plz", "ort",
                  "telefon", "email", "webseite", "notiz", "gehoert_zu")
_YES = {"ja", "j", "x", "1", "true", "wahr", "yes", "y", "oeffentlich"}
_NO = {"nein", "n", "0", "false", "falsch", "no", "", "-", "intern", "nichtoeffentlich"}
_ARTEN = {key(name): art for art, label in KONTAKT_ARTEN.items() for name in (art, label)}
_FIELD_PREFIX = re.compile(r"^Feld „[^“]*“: ")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_PROGRESS_STEP = 50

Progress = Callable[[int, int], None]


class ImportOptions(NamedTuple):
    """How to import: see ``netz import --help``."""

    spalten: tuple[str, ...] = ()
    ueberschreiben: bool = False
    ueberspringen: bool = False
    oeffentlich: bool = False
    vorwahl: str = ""
    netzwerk: str = ""  # every contact of the file becomes a member of this network
    rolle: str = ""  # … with this role (members.add_member: empty keeps a member's role)
    today: dt.date | None = None


class Members(NamedTuple):
    """What the import did to the members of ``netzwerk``: contacts that became members, whose
    membership changed (a new role), and that were members as asked already."""

    netzwerk: str
    added: list[str]
    changed: list[str]
    unchanged: list[str]


class Conflict(NamedTuple):
    """A field that holds one value in the registry and another in the file."""

    field: str
    registry: str
    file: str
    taken: bool  # the file's value replaced the registry's (``ueberschreiben``)


class RowResult(NamedTuple):
    """What became of one row."""

    where: str
    status: str
    kontakt_id: str = ""
    name: str = ""
    filled: tuple[str, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    problems: tuple[str, ...] = ()
    same_as: str = ""  # the row that created the contact this row matched


@dataclass
class ImportPlan:
    """Everything an import found and did, for the summary."""

    source: str
    mapping: list[tuple[str, str]]
    unmapped: list[tuple[str, int, str]]  # column, rows with a value, why it is not used
    empty_columns: int
    rows: list[RowResult] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    empty_rows: int = 0
    members: Members | None = None

    def counts(self) -> dict[str, int]:
        """How many rows ended in each status (every status, also with 0)."""
        found = dict.fromkeys(STATUSES, 0)
        for row in self.rows:
            found[row.status] += 1
        return found

    def kontakt_ids(self) -> list[str]:
        """The contacts the good rows created or matched, each once, in the file's order."""
        return list(dict.fromkeys(r.kontakt_id for r in self.rows if r.kontakt_id))


class ImportRefused(InputError):
    """Faulty rows and no ``ueberspringen``: nothing is imported; the plan says why."""

    def __init__(self, plan: ImportPlan) -> None:
        self.plan = plan
        faulty = count(plan.counts()[FEHLERHAFT], "Zeile ist", "Zeilen sind")
        super().__init__(f"Nichts importiert: {faulty} fehlerhaft. Bitte in der Datei "
                         "korrigieren, oder mit --ueberspringen nur die fehlerfreien Zeilen "
                         "importieren.")


class Prepared(NamedTuple):
    """A file read and its columns mapped: ready to be applied to a registry."""

    sheet: Sheet
    mapping: Mapping
    rows: list[SourceRow]
    hints: list[str]


def prepare(sheet: Sheet, spalten: tuple[str, ...] | list[str] = ()) -> Prepared:
    """Find the header (tables), map the columns, and keep the rows below it."""
    hints = list(sheet.hints)
    if sheet.header is not None:
        header, rows = sheet.header, sheet.rows
    else:
        position = find_header(sheet.rows)
        header, rows = sheet.rows[position].cells, sheet.rows[position + 1:]
        first = sheet.rows[position].number
        if first > 1:
            hints.append(f"Die Kopfzeile ist Zeile {first}; "
                         f"{'Zeile 1' if first == 2 else f'Zeilen 1–{first - 1}'} darüber "
                         "übergangen.")
    mapping = map_columns(header, parse_spalten(spalten), sheet.roles)
    if sheet.column_noun == "Eigenschaft":
        mapping.several = "mehrere Angaben dieser Art, die bevorzugte zuerst"
    if not any(_has_content(row) for row in rows):
        below = " unter der Kopfzeile" if sheet.header is None else ""
        raise InputError(f"Die Datei enthält{below} keine Kontakte.")
    return Prepared(sheet, mapping, rows, hints)


def _has_content(row: SourceRow) -> bool:
    return any(cell.strip() for cell in row.cells)


def apply_import(registry: Registry, prepared: Prepared, options: ImportOptions,
                 progress: Progress | None = None) -> ImportPlan:
    """Apply every row to ``registry`` (in place); raise ``ImportRefused`` for faulty rows
    unless ``options.ueberspringen``."""
    sheet, mapping = prepared.sheet, prepared.mapping
    if options.netzwerk:
        registry.netzwerk(options.netzwerk)  # an unknown id is refused before any row
    plan = ImportPlan(sheet.description, mapping.describe(), *_unused(prepared),
                      hints=list(prepared.hints))
    index = _Index(registry)
    created: dict[str, str] = {}
    links: list[_Link] = []
    total = len(prepared.rows)
    for done, row in enumerate(prepared.rows, start=1):
        if progress is not None and (done % _PROGRESS_STEP == 0 or done == total):
            progress(done, total)
        if not _has_content(row):
            plan.empty_rows += 1
            continue
        result = _Row(registry, index, prepared, options, plan, links).apply(row, created)
        plan.rows.append(result)
    _check_links(registry, links, plan)
    if plan.counts()[FEHLERHAFT] and not options.ueberspringen:
        raise ImportRefused(plan)
    if options.netzwerk:
        plan.members = _add_members(registry, plan.kontakt_ids(), options)
    return plan


def _add_members(registry: Registry, kontakt_ids: list[str], options: ImportOptions
                 ) -> Members:
    """Every contact of the file a member of ``options.netzwerk`` (``members.add_member``)."""
    from netzwerk_cli import members

    outcome = Members(options.netzwerk, [], [], [])
    existed = set(registry.mitglieder.get(options.netzwerk, {}))
    for kontakt_id in kontakt_ids:
        if not members.add_member(registry, options.netzwerk, kontakt_id, rolle=options.rolle,
                                  today=options.today):
            outcome.unchanged.append(kontakt_id)
        else:
            (outcome.changed if kontakt_id in existed else outcome.added).append(kontakt_id)
    return outcome


def _unused(prepared: Prepared) -> tuple[list[tuple[str, int, str]], int]:
    """The columns not imported that hold values (how many rows), and how many are empty."""
    mapping = prepared.mapping
    filled = dict.fromkeys(mapping.unmapped, 0)
    for row in prepared.rows:
        cells = row.cells
        for i in mapping.unmapped:
            if i < len(cells) and cells[i].strip():
                filled[i] += 1
    used = [(mapping.header[i], n, mapping.reasons.get(i, "")) for i, n in filled.items() if n]
    return used, len(filled) - len(used)


class _Link(NamedTuple):
    """A ``gehoert_zu`` the import set, checked when every row is in (the organisation it names
    may come later in the file), and the value to go back to if it names no organisation."""

    kontakt_id: str
    previous: str
    where: str


def _check_links(registry: Registry, links: list[_Link], plan: ImportPlan) -> None:
    from netzwerk_cli.model import check_gehoert_zu

    for link in links:
        kontakt = registry.kontakte[link.kontakt_id]
        problems = check_gehoert_zu(link.kontakt_id, kontakt, registry)
        if problems:
            registry.kontakte[link.kontakt_id] = dataclasses.replace(
                kontakt, gehoert_zu=link.previous)
            plan.warnings.append(f"{link.where}: {problems[0]} Nicht übernommen.")


class _Index:
    """Existing contacts by e-mail address (ignoring case) and by folded name + organisation."""

    def __init__(self, registry: Registry) -> None:
        self.by_email: dict[str, str] = {}
        self.by_name: dict[tuple[str, str], str] = {}
        for kontakt_id, kontakt in registry.kontakte.items():
            self.add(kontakt_id, kontakt)

    def add(self, kontakt_id: str, kontakt: Kontakt) -> None:
        if kontakt.email:
            self.by_email.setdefault(kontakt.email.casefold(), kontakt_id)
        identity = _identity(kontakt.name, kontakt.organisation)
        if any(identity):
            self.by_name.setdefault(identity, kontakt_id)

    def find(self, values: dict[str, str]) -> str | None:
        email = values.get("email", "")
        if email and email.casefold() in self.by_email:
            return self.by_email[email.casefold()]
        identity = _identity(values.get("name", ""), values.get("organisation", ""))
        return self.by_name.get(identity) if any(identity) else None


def _identity(name: str, organisation: str) -> tuple[str, str]:
    return key(name), key(organisation)


class _Checked(NamedTuple):
    """A row's values as netz stores them, or the problems that keep it out."""

    values: dict[str, str]
    art: str
    oeffentlich: bool | None
    wanted_id: str
    own: dict[str, Any]
    problems: list[str]


class _Row:
    """Checking one row and applying it to the registry."""

    def __init__(self, registry: Registry, index: _Index, prepared: Prepared,
                 options: ImportOptions, plan: ImportPlan, links: list[_Link]) -> None:
        self.registry, self.index, self.prepared = registry, index, prepared
        self.options, self.plan, self.links = options, plan, links
        self.where = ""

    def apply(self, row: SourceRow, created: dict[str, str]) -> RowResult:
        sheet = self.prepared.sheet
        self.where = sheet.where(row)
        extracted = self.prepared.mapping.extract(row, self.where)
        self.plan.skipped += extracted.skipped
        checked = self._check(row, extracted)
        name = _display(checked.values)
        if checked.problems:
            return RowResult(self.where, FEHLERHAFT, name=name, problems=tuple(checked.problems))
        kontakt_id = self.index.find(checked.values)
        if kontakt_id is None:
            kontakt_id = self._create(checked)
            created[kontakt_id] = self.where
            return RowResult(self.where, NEU, kontakt_id, name)
        try:
            filled, conflicts = self._merge(kontakt_id, checked)
        except InputError as err:
            return RowResult(self.where, FEHLERHAFT, name=name, problems=(str(err),))
        status = KONFLIKT if conflicts else ERGAENZT if filled else UNVERAENDERT
        return RowResult(self.where, status, kontakt_id, name, tuple(filled), tuple(conflicts),
                         same_as=created.get(kontakt_id, ""))

    # --- checking ---------------------------------------------------------------------------

    def _at(self, value: Value) -> str:
        names = self.prepared.mapping.names(value.columns)
        return f"{self.where}, {self.prepared.sheet.column(*names)}"

    def _check(self, row: SourceRow, extracted: Extracted) -> _Checked:
        """Every value checked with the rules of ``netz kontakt add``; all problems listed."""
        from netzwerk_cli.validate import text_problem

        problems: list[str] = []
        if len(row.cells) > len(self.prepared.mapping.header):
            problems += self._overflow(row)
        values: dict[str, str] = {}
        found = extracted.values
        for field_name in KONTAKT_FIELDS:
            if field_name not in found:
                continue
            value = found[field_name]
            text = _multi_line(value.text) if field_name == "notiz" else _one_line(value.text)
            problem = text_problem(field_name, text)
            if problem:
                problems.append(f"{self._at(value)}: {_FIELD_PREFIX.sub('', problem)}")
                continue
            if text.startswith("="):
                shown = text if len(text) <= 30 else text[:29] + "…"
                self.plan.hints.append(f"{self._at(value)}: „{shown}“ beginnt mit „=“ – als "
                                       "Text übernommen, nicht als Formel.")
            values[field_name] = text
        for field_name, check in (("email", self._email), ("telefon", self._telefon),
                                  ("webseite", self._webseite)):
            if field_name in values:
                self._typed(values, field_name, found[field_name], row, check, problems)
        if "plz" in values:
            self._typed(values, "plz", found["plz"], row, self._plz(values.get("ort", "")),
                        problems)
        if not any(f in found for f in ("name", "organisation", "abteilung")):
            problems.append(f"{self.where}: kein Name und keine Organisation – ein Kontakt "
                            "braucht eins davon.")
        art = self._art(found.get("art"), problems)
        oeffentlich = self._yes_no(found.get("oeffentlich"), problems)
        own = self._own(extracted.own, problems)
        wanted = found["id"].text.strip() if "id" in found else ""
        return _Checked(values, art, oeffentlich, wanted, own, problems)

    def _overflow(self, row: SourceRow) -> list[str]:
        width = len(self.prepared.mapping.header)
        extra = [cell for cell in row.cells[width:] if cell.strip()]
        if not extra:
            return []
        shown = ", ".join(f"„{cell.strip()[:40]}“" for cell in extra[:3])
        return [f"{self.where}: {len(row.cells)} Werte, aber nur {width} Spalten in der "
                "Kopfzeile – vermutlich steht ein Trennzeichen in einem Wert ohne "
                f"Anführungszeichen. Überzählig: {shown}."]

    def _typed(self, values: dict[str, str], field_name: str, value: Value, row: SourceRow,
               check: Callable[[str, Value, SourceRow], str | None], problems: list[str]
               ) -> None:
        """Check and normalise one typed value; a problem names row and column."""
        try:
            checked = check(values[field_name], value, row)
        except InputError as err:
            problems.append(f"{self._at(value)}: {_FIELD_PREFIX.sub('', str(err))}")
            del values[field_name]
            return
        if checked:
            values[field_name] = checked
        else:
            del values[field_name]

    def _email(self, text: str, value: Value, row: SourceRow) -> str:
        from netzwerk_cli.validate import check_email

        if text[:7].casefold() == "mailto:":
            text = text[7:].strip()
        return check_email(text)

    def _telefon(self, text: str, value: Value, row: SourceRow) -> str | None:
        from netzwerk_cli.imports.xlsx_source import restore_phone
        from netzwerk_cli.validate import normalize_telefon

        if value.columns[0] in row.numeric:
            restored = restore_phone(text)
            if restored is None:
                self.plan.warnings.append(
                    f"{self._at(value)}: die Zahl {text} ist als Zahl gespeichert; Excel hat "
                    "dabei eine führende 0 (oder ein „+“) entfernt, die sich nicht sicher "
                    "ergänzen lässt. Telefon nicht übernommen – bitte die Zelle als Text "
                    "formatieren und die Nummer mit Vorwahl eintragen.")
                return None
            self.plan.hints.append(f"{self._at(value)}: die Zahl {text} als {restored} "
                                   "gelesen (Excel hatte die führende 0 entfernt).")
            text = restored
        return normalize_telefon(text, self.options.vorwahl)

    def _webseite(self, text: str, value: Value, row: SourceRow) -> str:
        from netzwerk_cli.validate import check_webseite

        return check_webseite(text)

    def _plz(self, ort: str) -> Callable[[str, Value, SourceRow], str]:
        def check(text: str, value: Value, row: SourceRow) -> str:
            from netzwerk_cli.validate import check_plz

            try:
                return check_plz(text, ort)
            except InputError as err:
                if value.columns[0] in row.numeric and len(text) == 4:
                    raise InputError(f"{err} Excel hat wohl die führende 0 entfernt: die "
                                     "Zelle als Text oder mit dem Zahlenformat 00000 "
                                     "formatieren.") from None
                raise
        return check

    def _art(self, value: Value | None, problems: list[str]) -> str:
        if value is None:
            return ""
        art = _ARTEN.get(key(value.text))
        if art is None:
            problems.append(f"{self._at(value)}: „{value.text}“ ist keine Kontaktart; gültig: "
                            f"{', '.join(KONTAKT_ARTEN.values())}.")
            return ""
        return art

    def _yes_no(self, value: Value | None, problems: list[str]) -> bool | None:
        if value is None:
            return None
        folded = key(value.text)
        if folded in _YES or folded in _NO:
            return folded in _YES
        problems.append(f"{self._at(value)}: „{value.text}“ – erwartet „ja“ oder „nein“.")
        return None

    def _own(self, own: dict[str, Any], problems: list[str]) -> dict[str, Any]:
        """Own fields (``x_…``) as in the file, checked like the registry checks them."""
        from netzwerk_cli.model import Kontakt
        from netzwerk_cli.validate import text_problem

        checked = {}
        for name, value in own.items():
            problem = text_problem(name, value) if isinstance(value, str) else None
            if problem is None:
                _, errors = Kontakt.from_toml({name: value})
                problem = errors[0] if errors else None
            if problem:
                problems.append(f"{self.where}: {problem}")
            else:
                checked[name] = value.strip() if isinstance(value, str) else value
        return checked

    # --- applying ---------------------------------------------------------------------------

    def _create(self, checked: _Checked) -> str:
        values: dict[str, Any] = checked.values  # str values; Any: a Kontakt also has tables
        art = checked.art or ("person" if values.get("name") else "organisation")
        oeffentlich = (checked.oeffentlich if checked.oeffentlich is not None
                       else self.options.oeffentlich)
        kontakt = Kontakt(art=art, **values, oeffentlich=oeffentlich, extra=dict(checked.own))
        kontakt_id = _new_id(kontakt.display_name, checked.wanted_id, self.registry.kontakte)
        if checked.wanted_id and kontakt_id != checked.wanted_id:
            self.plan.hints.append(f"{self.where}: die ID „{checked.wanted_id}“ ist vergeben "
                                   f"oder ungültig; der Kontakt heißt „{kontakt_id}“.")
        self.registry.kontakte[kontakt_id] = kontakt
        self.index.add(kontakt_id, kontakt)
        if kontakt.gehoert_zu:
            self.links.append(_Link(kontakt_id, "", self.where))
        return kontakt_id

    def _merge(self, kontakt_id: str, checked: _Checked) -> tuple[list[str], list[Conflict]]:
        """Fill the contact's empty fields; a field holding something else is a conflict."""
        kontakt = self.registry.kontakte[kontakt_id]
        take = self.options.ueberschreiben
        updates: dict[str, Any] = {}
        filled: list[str] = []
        conflicts: list[Conflict] = []
        for field_name, new in checked.values.items():
            old = getattr(kontakt, field_name)
            if not old:
                updates[field_name] = new
                filled.append(FIELDS[field_name])
            elif not _same(field_name, old, new):
                conflicts.append(Conflict(FIELDS[field_name], old, new, take))
                if take:
                    updates[field_name] = new
        if checked.art and checked.art != kontakt.art \
                and "art" not in self.prepared.sheet.guessed:
            conflicts.append(Conflict("Art", KONTAKT_ARTEN[kontakt.art],
                                      KONTAKT_ARTEN[checked.art], take))
            if take:
                updates["art"] = checked.art
        if checked.oeffentlich is not None and checked.oeffentlich != kontakt.oeffentlich:
            conflicts.append(Conflict(FIELDS["oeffentlich"], _ja(kontakt.oeffentlich),
                                      _ja(checked.oeffentlich), take))
            if take:
                updates["oeffentlich"] = checked.oeffentlich
        extra = dict(kontakt.extra)
        for name, new in checked.own.items():
            if name not in extra:
                extra[name] = new
                filled.append(name)
            elif extra[name] != new:
                conflicts.append(Conflict(name, str(extra[name]), str(new), take))
                if take:
                    extra[name] = new
        if "plz" in updates or "ort" in updates:
            self._check_address(updates.get("plz", kontakt.plz), updates.get("ort", kontakt.ort))
        if "gehoert_zu" in updates:
            self.links.append(_Link(kontakt_id, kontakt.gehoert_zu, self.where))
        if updates or extra != kontakt.extra:
            changed = dataclasses.replace(kontakt, **updates, extra=extra)
            self.registry.kontakte[kontakt_id] = changed
            self.index.add(kontakt_id, changed)
        return filled, conflicts

    def _check_address(self, plz: str, ort: str) -> None:
        from netzwerk_cli.validate import check_plz

        if plz:
            try:
                check_plz(plz, ort)
            except InputError as err:
                raise InputError(f"{self.where}: zusammen mit dem Kontakt im Register: "
                                 f"{_FIELD_PREFIX.sub('', str(err))}") from None


def _new_id(name: str, wanted: str, taken: dict[str, Kontakt]) -> str:
    """The wanted id if it is valid and free, else one from the name, numbered if taken."""
    from netzwerk_cli.changes import new_id

    if wanted and ID_PATTERN.match(wanted) and len(wanted) <= MAX_ID_LENGTH \
            and wanted not in taken:
        return wanted
    try:
        base = new_id(name, ())
    except InputError:  # a name of nothing but punctuation
        base = "kontakt"
    if base not in taken:
        return base
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = base[:MAX_ID_LENGTH - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        number += 1


def _display(values: dict[str, str]) -> str:
    return values.get("name") or values.get("organisation") or values.get("abteilung") or ""


def _ja(value: bool) -> str:
    return "ja" if value else "nein"


def _one_line(text: str) -> str:
    """A one-line field: line breaks in a cell (Alt+Enter in Excel) become ", "."""
    if "\n" not in text and "\r" not in text:
        return text.strip()
    return ", ".join(part.strip() for part in _LINE_BREAK.split(text) if part.strip())


def _multi_line(text: str) -> str:
    return _LINE_BREAK.sub("\n", text).strip()


def _same(field_name: str, old: str, new: str) -> bool:
    """Whether two values say the same: e-mail ignoring case, phone numbers by their digits,
    web addresses with or without https:// and final /, other text ignoring case, umlaut
    spelling and spacing."""
    if field_name == "email":
        return old.casefold() == new.casefold()
    if field_name == "telefon":
        return _phone_key(old) == _phone_key(new)
    if field_name == "webseite":
        from netzwerk_cli.validate import web_link

        return (web_link(old) or old).rstrip("/").casefold() == \
            (web_link(new) or new).rstrip("/").casefold()
    return " ".join(fold(old).split()) == " ".join(fold(new).split())


def _phone_key(telefon: str) -> str:
    from netzwerk_cli.validate import normalize_telefon

    with contextlib.suppress(InputError):  # a number netz would refuse: compare its digits
        telefon = normalize_telefon(telefon)
    return re.sub(r"\D", "", telefon)

