"""``netz check`` and ``netz faellig``: is the registry valid, current and useful?

Findings come in three levels. Errors are what a write would refuse (the loader's problems,
invalid e-mail, phone, web address or postcode); warnings are what makes the list less useful
(out of date, unreachable, unused, entered twice, a Vorbereitungskreis whose term has ended);
hints are what would make it better (no coordinator, members without e-mail). Each finding
names the entry and the field and says what to do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, NamedTuple

from netzwerk_cli.errors import InputError, RegistryError
from netzwerk_cli.model import (
    MAX_ID_LENGTH,
    MEMBER_TABLE,
    Angebot,
    Entry,
    Kontakt,
    Netzwerk,
    Registry,
    is_future,
    stand_date,
)
from netzwerk_cli.registry import registry_from_text
from netzwerk_cli.text import count, has_unprintable, key, printable

if TYPE_CHECKING:
    from netzwerk_cli.export.selection import Recipient
    from netzwerk_cli.query import Criteria
    from netzwerk_cli.registry import Location

ERROR, WARNING, HINT = "Fehler", "Warnung", "Hinweis"
LEVELS = (ERROR, WARNING, HINT)


class Finding(NamedTuple):
    """One finding: how serious, where (entry and field), and what to do."""

    level: str
    entry: str
    field: str
    message: str


def check_registry(text: str, path: str, today: dt.date, max_age_months: int = 12,
                   criteria: Criteria | None = None) -> list[Finding]:
    """Every finding for the registry text, errors first.

    With ``criteria`` only the findings about the chosen networks and their contacts (a file
    that does not load is reported whole: nothing else can be checked then).
    """
    try:
        registry = registry_from_text(text, path)
    except RegistryError as err:
        return load_findings(err, path)
    return check_loaded(registry, today, max_age_months, criteria)


def check_file(location: Location, today: dt.date, max_age_months: int = 12,
               criteria: Criteria | None = None) -> list[Finding]:
    """``check_registry`` for a registry file, loaded the way every command loads it
    (``load_registry``: from the load cache while the file is unchanged). A file that cannot
    be read at all raises its ``RegistryError``; one that does not load is the findings."""
    from netzwerk_cli.registry import load_registry, read_registry_text

    try:
        registry = load_registry(location)
    except RegistryError as err:
        read_registry_text(location.path, location.reason)  # unreadable: raised, no finding
        return load_findings(err, str(location.path))
    from netzwerk_cli import verdicts

    with verdicts.kept(location.path, registry):
        return check_loaded(registry, today, max_age_months, criteria)


def load_findings(err: RegistryError, path: str) -> list[Finding]:
    """The problems of a registry that does not load (syntax, fields), one error each."""
    return [Finding(ERROR, path, "", printable(problem)) for problem in err.problems]


def check_loaded(registry: Registry, today: dt.date, max_age_months: int = 12,
                 criteria: Criteria | None = None) -> list[Finding]:
    """Every finding for a loaded registry, errors first (see ``check_registry``)."""
    findings = [*_check_texts(registry), *_check_values(registry),
                *_future_stand(registry, today), *_outdated(registry, today, max_age_months),
                *_ambiguous_places(registry),
                *_unreachable(registry), *_unused_kontakte(registry),
                *_duplicate_kontakte(registry), *_ended_terms(registry, today),
                *_hints(registry), *_member_hints(registry), *_meeting_hints(registry, today),
                *_migration_hints(registry)]
    scope = _scope(registry, criteria)
    if scope is not None:
        findings = [f for f in findings if f.entry in scope]
    # Messages quote values of the file: never a control character raw on the terminal.
    # One search over all of them decides the usual case (``printable`` changes a text
    # exactly where a multi-line value has an unprintable character: a tab becomes a space).
    if has_unprintable("\n".join(f.message for f in findings), multi_line=True):
        shown = [printable(f.message) for f in findings]  # the same object when unchanged
        findings = [f if text is f.message else f._replace(message=text)
                    for f, text in zip(findings, shown, strict=True)]
    by_level: dict[str, list[Finding]] = {level: [] for level in LEVELS}
    for finding in findings:  # a stable sort by level in one pass
        by_level[finding.level].append(finding)
    return [finding for level in LEVELS for finding in by_level[level]]


def _scope(registry: Registry, criteria: Criteria | None) -> set[str] | None:
    """The entries a filtered check or round looks at ("netzwerke.ak-90", "kontakte.…"), or None
    for all of them. Offers are city-wide and belong to no filter."""
    if criteria is None or not criteria.narrows:
        return None
    from netzwerk_cli.query import select

    scope = set()
    for netzwerk_id, netzwerk in select(registry, criteria).all():
        scope.add(f"netzwerke.{netzwerk_id}")
        scope.update(f"kontakte.{kontakt_id}" for kontakt_id in netzwerk.kontakte)
        members = registry.mitglieder.get(netzwerk_id, {})
        if members:
            scope.add(f"{MEMBER_TABLE}.{netzwerk_id}")
        for kontakt_id in members:
            scope.update((f"{MEMBER_TABLE}.{netzwerk_id}.{kontakt_id}", f"kontakte.{kontakt_id}"))
    return scope


def count_by_level(findings: list[Finding]) -> dict[str, int]:
    """How many findings of each level, in the order errors, warnings, hints."""
    from collections import Counter

    counted = Counter(finding.level for finding in findings)
    return {level: counted[level] for level in LEVELS}


def months_old(stand: str, today: dt.date) -> int:
    """Whole months between a ``stand`` and today."""
    date = stand_date(stand)
    return (today.year - date.year) * 12 + today.month - date.month


class DueEntry(NamedTuple):
    """An entry due for verification and whom to ask.

    ``months`` is None without a ``stand`` and for one in the future (``in_future``), which
    cannot be right either: such an entry is due first.
    """

    id: str
    entry: Netzwerk | Angebot
    months: int | None
    kontakt_id: str
    in_future: bool = False


def due_entries(registry: Registry, today: dt.date, max_age_months: int = 12,
                criteria: Criteria | None = None) -> list[DueEntry]:
    """Entries whose ``stand`` is missing, in the future or older than the limit: those in the
    future first, then without a stand, then the oldest (with ``criteria``: of the chosen
    networks only)."""
    result = []
    scope = _scope(registry, criteria)
    entries: list[tuple[str, Netzwerk | Angebot]] = [*registry.netzwerke.items(),
                                                     *registry.angebote.items()]
    for entry_id, entry in entries:
        if scope is not None and _where(registry, entry_id) not in scope:
            continue
        in_future = is_future(entry.stand, today)
        months = months_old(entry.stand, today) if entry.stand and not in_future else None
        if months is None or months > max_age_months:
            reachable = [k for k, kontakt in registry.kontakte_of(entry)
                         if kontakt.email or kontakt.telefon]
            result.append(DueEntry(entry_id, entry, months, reachable[0] if reachable else "",
                                   in_future))
    result.sort(key=lambda d: (not d.in_future, -(d.months if d.months is not None else 10**6),
                               d.id))
    return result


def due_notes(due: list[DueEntry]) -> list[str]:
    """What the to-do list says about entries whose ``stand`` lies in the future."""
    return [f"{d.id}: Stand {d.entry.stand} liegt in der Zukunft; bitte prüfen und mit "
            f"`netz verify {d.id}` auf heute setzen." for d in due if d.in_future]


def due_recipients(registry: Registry, due: list[DueEntry]) -> tuple[list[Recipient], list[str]]:
    """The distribution list of exactly the contacts to ask, and the entries without an address.

    Reuses the distribution-list exporter, so the addresses are de-duplicated and sorted alike.
    """
    from netzwerk_cli.export.selection import ExportKontakt, KontaktSelection, collect_verteiler

    chosen = [ExportKontakt(d.kontakt_id, registry.kontakte[d.kontakt_id], (d.entry.name,))
              for d in due if d.kontakt_id]
    recipients, _ = collect_verteiler(KontaktSelection(chosen, 0, []))
    without = [d.id for d in due if not d.kontakt_id or not registry.kontakte[d.kontakt_id].email]
    return recipients, without


# --- the yearly check round ------------------------------------------------------------------

NO_EMAIL = "keine E-Mail-Adresse"
INVALID_EMAIL = "E-Mail-Adresse ungültig"


class RoundRequest(NamedTuple):
    """One request of the check round: whom to ask (contacts sharing one address are asked
    once) about which due entries; ``reason`` says why no e-mail can go ("" when one can)."""

    kontakt_ids: tuple[str, ...]
    kontakt: Kontakt
    email: str
    entry_ids: tuple[str, ...]
    reason: str = ""


class CheckRound(NamedTuple):
    """The round: every Ansprechpartner of the due entries with the entries to ask about, and
    the due entries that name nobody to ask."""

    requests: list[RoundRequest]
    without_kontakt: list[str]

    @property
    def with_email(self) -> list[RoundRequest]:
        """The requests that go out as e-mail."""
        return [r for r in self.requests if r.email]

    @property
    def without_email(self) -> list[RoundRequest]:
        """The contacts to call or write to instead."""
        return [r for r in self.requests if not r.email]


def check_round(registry: Registry, due: list[DueEntry]) -> CheckRound:
    """Who is asked about what: each contact in ``kontakte`` of the due entries, once per
    e-mail address (case-insensitive; named after the first of its contacts in the registry),
    with its due entries in the order of ``due``; first those with an address, each part
    sorted by name. A role or organisation counts like a
    person: without a valid address it is a call."""
    groups: dict[str, tuple[list[str], list[str], str, str]] = {}
    without_kontakt = []
    for d in due:
        kontakt_ids = [k for k in dict.fromkeys(d.entry.kontakte) if k in registry.kontakte]
        if not kontakt_ids:
            without_kontakt.append(d.id)
        for kontakt_id in kontakt_ids:
            address = registry.kontakte[kontakt_id].email
            reason = "" if _valid_email(address) else INVALID_EMAIL if address else NO_EMAIL
            address = "" if reason else address
            group_key = f"@{address.casefold()}" if address else kontakt_id
            ids, entry_ids, _, _ = groups.setdefault(group_key, ([], [], address, reason))
            if kontakt_id not in ids:
                ids.append(kontakt_id)
            if d.id not in entry_ids:
                entry_ids.append(d.id)
    # Contacts sharing an address: the letter is named and addressed after the first of them
    # in the registry (not after whichever a due entry happened to name first).
    order = {kontakt_id: position for position, kontakt_id in enumerate(registry.kontakte)}
    requests = [RoundRequest(tuple(sorted(ids, key=order.__getitem__)),
                             registry.kontakte[min(ids, key=order.__getitem__)], address,
                             tuple(entry_ids), reason)
                for ids, entry_ids, address, reason in groups.values()]
    requests.sort(key=lambda r: (not r.email, key(r.kontakt.display_name), r.kontakt_ids))
    return CheckRound(requests, without_kontakt)


def _valid_email(address: str) -> bool:
    """Whether a mail program can take the address (a hand-edited file may hold anything)."""
    from netzwerk_cli.validate import check_email

    if not address:
        return False
    try:
        check_email(address)
    except InputError:
        return False
    return True


# --- errors ----------------------------------------------------------------------------------


def _check_texts(registry: Registry) -> list[Finding]:
    """Control or invisible characters, bytes that were not UTF-8, and overlong values – what
    a write refuses – in a file edited by hand; ids longer than a write allows."""
    from netzwerk_cli.validate import text_problem, text_problems, texts_clean

    findings = []
    for table in ("netzwerke", "kontakte", "angebote", "treffen", "sozialraeume"):
        entries: dict[str, Entry] = getattr(registry, table)
        clean = texts_clean(entries.values())  # the usual case: no call per value
        for entry_id, entry in entries.items():
            where = f"{table}.{entry_id}"
            if len(entry_id) > MAX_ID_LENGTH:
                findings.append(Finding(ERROR, where, "", f"Die ID ist {len(entry_id)} Zeichen "
                                        f"lang; erlaubt sind höchstens {MAX_ID_LENGTH}."))
            for field_name, problem in () if clean else text_problems(entry):
                findings.append(Finding(ERROR, where, field_name,
                                        f"{problem} {_how_to_fix(table, entry_id, field_name)}"))
    if texts_clean([m for members in registry.mitglieder.values() for m in members.values()]):
        members_by_netzwerk = {}
    else:
        members_by_netzwerk = registry.mitglieder
    for netzwerk_id, members in members_by_netzwerk.items():
        for kontakt_id, mitglied in members.items():
            for field_name, problem in text_problems(mitglied):
                findings.append(Finding(ERROR, f"{MEMBER_TABLE}.{netzwerk_id}.{kontakt_id}",
                                        field_name, f"{problem} Bitte in der Datei korrigieren."))
    for name in ("titel", "quelle"):
        top_problem = text_problem(name, getattr(registry, name))
        if top_problem:
            findings.append(Finding(ERROR, name, "",
                                    f"{top_problem} Bitte in der Datei korrigieren."))
    return findings


_EDIT_OPTIONS = {"netzwerke": ("netz edit", {"name", "webseite", "notiz"}),
                 "kontakte": ("netz kontakt edit", {"name", "funktion", "organisation",
                                                    "abteilung", "strasse", "plz", "ort",
                                                    "telefon", "email", "webseite", "notiz"}),
                 "treffen": ("netz treffen edit", {"ort", "notiz", "protokoll"})}


def _how_to_fix(table: str, entry_id: str, field_name: str) -> str:
    command, options = _EDIT_OPTIONS.get(table, ("", set()))
    if field_name in options:
        return f"Bitte mit `{command} {entry_id} --{field_name} …` neu setzen."
    return "Bitte in der Datei korrigieren."


def _future_stand(registry: Registry, today: dt.date) -> list[Finding]:
    """A ``stand`` after today: nobody can have checked an entry then (a typo, or a clock)."""
    entries: list[tuple[str, Netzwerk | Angebot]] = [*registry.netzwerke.items(),
                                                     *registry.angebote.items()]
    future = {stand for stand in {entry.stand for _, entry in entries}
              if is_future(stand, today)}  # each distinct stand dated once
    return [Finding(ERROR, _where(registry, entry_id), "stand",
                    f"Stand {entry.stand} liegt in der Zukunft (heute: {today.isoformat()}). "
                    f"Prüfen und mit `netz verify {entry_id}` auf heute setzen.")
            for entry_id, entry in entries if entry.stand in future]


def _check_values(registry: Registry) -> list[Finding]:
    """The values a write would refuse; phone numbers not in the one stored form as hints."""
    from netzwerk_cli import validate

    findings = []
    for kontakt_id, kontakt in registry.kontakte.items():
        where = f"kontakte.{kontakt_id}"
        checks: list[tuple[str, str, Callable[[str], str]]] = [
            ("email", kontakt.email, validate.check_email),
            ("webseite", kontakt.webseite, validate.check_webseite),
            ("plz", kontakt.plz, partial(_check_plz_of, kontakt)),
            ("telefon", kontakt.telefon, validate.normalize_telefon),
        ]
        for field_name, value, check in checks:
            if not value:
                continue
            try:
                normal = check(value)
            except InputError as err:
                findings.append(Finding(ERROR, where, field_name, f"{err} Bitte mit `netz kontakt "
                                        f"edit {kontakt_id} --{field_name} …` korrigieren."))
                continue
            if field_name == "telefon" and normal != value:
                findings.append(Finding(HINT, where, field_name, f"„{value}“ steht nicht in der "
                                        f"einheitlichen Form „{normal}“; `netz kontakt edit "
                                        f"{kontakt_id} --telefon \"{value}\"` speichert sie so."))
    entries: list[tuple[str, Netzwerk | Angebot]] = [*registry.netzwerke.items(),
                                                     *registry.angebote.items()]
    for entry_id, entry in entries:
        if entry.webseite:
            try:
                validate.check_webseite(entry.webseite)
            except InputError as err:
                findings.append(Finding(ERROR, _where(registry, entry_id), "webseite", str(err)))
    return findings


def _check_plz_of(kontakt: Kontakt, plz: str) -> str:
    from netzwerk_cli.validate import check_plz

    return check_plz(plz, kontakt.ort)


# --- warnings --------------------------------------------------------------------------------


def _outdated(registry: Registry, today: dt.date, max_age: int) -> list[Finding]:
    """The entries ``due_entries`` lists, in its order, but those in the future (an error of
    their own, ``_future_stand``); each distinct ``stand`` is dated once."""
    ages: dict[str, int | None] = {"": None}  # stand → months old; None: no stand or future
    due: list[tuple[int | None, str, Netzwerk | Angebot]] = []
    entries: list[tuple[str, Netzwerk | Angebot]] = [*registry.netzwerke.items(),
                                                     *registry.angebote.items()]
    for entry_id, entry in entries:
        stand = entry.stand
        if stand not in ages:
            ages[stand] = None if is_future(stand, today) else months_old(stand, today)
        months = ages[stand]
        if months is None and stand:
            continue  # in the future
        if months is None or months > max_age:
            due.append((months, entry_id, entry))
    due.sort(key=lambda d: (-(d[0] if d[0] is not None else 10**6), d[1]))
    findings = []
    for months, entry_id, entry in due:
        if months is None:
            text = "Kein Stand: Wann wurde der Eintrag zuletzt geprüft?"
        else:
            text = (f"Stand {entry.stand} ist {count(months, 'Monat', 'Monate')} alt "
                    f"(Grenze: {max_age}).")
        findings.append(Finding(WARNING, _where(registry, entry_id), "stand",
                                f"{text} Prüfen und mit `netz verify {entry_id}` bestätigen."))
    return findings


def _ambiguous_places(registry: Registry) -> list[Finding]:
    """A name in an area that may mean several places ("Eckesey"): loaded as all of them, so
    an older file still works, but the list should say which one is meant."""
    from netzwerk_cli.gazetteer import hagen

    gazetteer = hagen()
    fields: list[tuple[str, str, str, list[str]]] = []
    for netzwerk_id, netzwerk in registry.netzwerke.items():
        fields += [("netzwerke", netzwerk_id, "bezirke", netzwerk.bezirke),
                   ("netzwerke", netzwerk_id, "stadtteile", netzwerk.stadtteile)]
    fields += [("sozialraeume", raum_id, "orte", raum.orte)
               for raum_id, raum in registry.sozialraeume.items()]
    findings = []
    for table, entry_id, field_name, names in fields:
        for name in names:
            if not gazetteer.is_ambiguous(name):
                continue
            choices = [p.name for p in gazetteer.find_all(name)]
            fix = (f", z. B. `netz edit {entry_id} --stadtteil {choices[0]}`"
                   if field_name == "stadtteile" else " in der Datei")
            findings.append(Finding(
                WARNING, f"{table}.{entry_id}", field_name,
                f"„{name}“ ist mehrdeutig – netz zählt es als {_and(choices)}. Bitte den "
                f"gemeinten Ort eintragen{fix}."))
    return findings


def _and(names: list[str]) -> str:
    """"A, B und C"."""
    return " und ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)


def _unreachable(registry: Registry) -> list[Finding]:
    findings = []
    for netzwerk_id, netzwerk in registry.netzwerke.items():
        kontakte = [k for _, k in registry.kontakte_of(netzwerk)]
        if not any(k.email or k.telefon for k in kontakte):
            reason = ("hat keinen Kontakt" if not kontakte
                      else "hat keinen Kontakt mit E-Mail oder Telefon")
            findings.append(Finding(
                WARNING, f"netzwerke.{netzwerk_id}", "kontakte",
                f"„{netzwerk.name}“ {reason}: niemand ist erreichbar. "
                f"Kontakt ergänzen: `netz edit {netzwerk_id} --add-kontakt …`."))
    return findings


def _unused_kontakte(registry: Registry) -> list[Finding]:
    """Contacts neither an entry's contact, nor a member, nor an organisation people belong to."""
    entries: list[Netzwerk | Angebot] = [*registry.netzwerke.values(), *registry.angebote.values()]
    used = {k for e in entries for k in e.kontakte}
    used.update(k for members in registry.mitglieder.values() for k in members)
    used.update(kontakt.gehoert_zu for kontakt in registry.kontakte.values())
    return [Finding(WARNING, f"kontakte.{kontakt_id}", "",
                    f"„{kontakt.display_name}“ gehört zu keinem Netzwerk. Zuordnen oder mit "
                    f"`netz kontakt remove {kontakt_id}` entfernen.")
            for kontakt_id, kontakt in registry.kontakte.items() if kontakt_id not in used]


def _duplicate_kontakte(registry: Registry) -> list[Finding]:
    """The same e-mail address, or the same person (folded name and organisation) under two ids.

    One pass over the contacts: addresses and names are looked up in dicts; only people of the
    same name are compared by organisation. A person without an organisation may be anyone of
    that name; two different organisations mean two people.
    """
    from netzwerk_cli.members import organisation_of

    findings = []
    by_email: dict[str, str] = {}
    by_name: dict[str, list[tuple[str, str]]] = {}  # folded name → (id, folded organisation)
    for kontakt_id, kontakt in sorted(registry.kontakte.items()):
        email = kontakt.email.casefold()
        earlier = by_email.get(email) if email else None
        if earlier:
            findings.append(_duplicate(kontakt_id, "email", "dieselbe E-Mail-Adresse", earlier))
            continue
        if email:
            by_email[email] = kontakt_id
        name = _person_name(kontakt)
        if not name:
            continue
        organisation = key(organisation_of(registry, kontakt))
        namesakes = by_name.setdefault(name, [])
        same = [(other, theirs) for other, theirs in namesakes
                if not organisation or not theirs or theirs == organisation]
        if same:
            other, theirs = same[0]
            what = ("denselben Namen und dieselbe Organisation" if organisation and theirs
                    else "denselben Namen")
            findings.append(_duplicate(kontakt_id, "name", what, other))
        namesakes.append((kontakt_id, organisation))
    return findings


def _duplicate(kontakt_id: str, field_name: str, what: str, earlier: str) -> Finding:
    return Finding(WARNING, f"kontakte.{kontakt_id}", field_name,
                   f"Hat {what} wie „{earlier}“ – dieselbe Person doppelt? Zusammenführen: "
                   f"Netzwerke und Mitgliedschaften auf „{earlier}“ umstellen und "
                   f"`netz kontakt remove {kontakt_id}`.")


def _person_name(kontakt: Kontakt) -> str:
    return key(kontakt.name) if kontakt.art == "person" and kontakt.name else ""


def _ended_terms(registry: Registry, today: dt.date) -> list[Finding]:
    """Members of a Vorbereitungskreis whose term has ended (the source: change every ~2
    years)."""
    from netzwerk_cli.members import term_expired

    findings = []
    for netzwerk_id, members in sorted(registry.mitglieder.items()):
        for kontakt_id, mitglied in sorted(members.items()):
            if not term_expired(mitglied, today):
                continue
            name = registry.kontakte[kontakt_id].display_name
            findings.append(Finding(
                WARNING, f"{MEMBER_TABLE}.{netzwerk_id}.{kontakt_id}", "bis",
                f"Die Amtszeit von „{name}“ im Vorbereitungskreis ist seit {mitglied.bis} "
                "abgelaufen – wechseln (die Quelle empfiehlt, den Vorbereitungskreis etwa alle "
                f"2 Jahre neu zu besetzen). Mit `netz mitglied add {netzwerk_id} {kontakt_id}` "
                "und `--rolle vorbereitungskreis --bis …` beginnt eine neue Amtszeit, mit "
                "`--rolle mitglied` scheidet das Mitglied aus dem Vorbereitungskreis aus."))
    return findings


# --- hints -----------------------------------------------------------------------------------


def _hints(registry: Registry) -> list[Finding]:
    findings = []
    for netzwerk_id, netzwerk in registry.netzwerke.items():
        where = f"netzwerke.{netzwerk_id}"
        if not netzwerk.themen:
            findings.append(Finding(HINT, where, "themen", "Keine Themen: mit `netz edit "
                                    f"{netzwerk_id} --add-thema …` wird es über --thema "
                                    "auffindbar."))
        if not netzwerk.webseite:
            findings.append(Finding(HINT, where, "webseite", "Keine Webseite angegeben."))
    only_members = _only_members(registry)
    for kontakt_id, kontakt in registry.kontakte.items():
        if kontakt.art == "person" and not kontakt.oeffentlich and kontakt_id not in only_members:
            findings.append(Finding(HINT, f"kontakte.{kontakt_id}", "oeffentlich",
                                    f"„{kontakt.name}“ ist nicht zur Veröffentlichung freigegeben "
                                    "und fehlt daher in öffentlichen Listen. Mit Einverständnis: "
                                    f"`netz kontakt edit {kontakt_id} --oeffentlich`."))
    return findings


def _only_members(registry: Registry) -> set[str]:
    """Contacts that are members but no entry's contact: private by default, and no public list
    shows them, so not being published is no gap to hint at."""
    entries: list[Netzwerk | Angebot] = [*registry.netzwerke.values(), *registry.angebote.values()]
    members = {k for found in registry.mitglieder.values() for k in found}
    return members - {k for e in entries for k in e.kontakte}


def _member_hints(registry: Registry) -> list[Finding]:
    """Networks without a coordinator (the source: "1–2 Leute als Koordinatoren"), and members
    without an e-mail address (they miss every mail to the Verteiler)."""
    findings = []
    for netzwerk_id in sorted(registry.netzwerke):
        members = registry.mitglieder.get(netzwerk_id, {})
        if not any(mitglied.rolle == "koordination" for mitglied in members.values()):
            findings.append(Finding(
                HINT, f"netzwerke.{netzwerk_id}", MEMBER_TABLE,
                "Keine Koordination eingetragen (die Quelle empfiehlt 1–2 Personen, die das "
                f"Netzwerk koordinieren). Eintragen mit `netz mitglied add {netzwerk_id} "
                "KONTAKT` und `--rolle koordination`."))
        # Sorted as ``members.members_of`` sorts: by folded name, then id.
        missing = sorted(((key(kontakt.display_name), kontakt_id, kontakt)
                          for kontakt_id in members
                          if not (kontakt := registry.kontakte[kontakt_id]).email),
                         key=lambda item: item[:2])
        without = [f"{kontakt.display_name} ({kontakt_id})" for _, kontakt_id, kontakt in missing]
        if without:
            findings.append(Finding(
                HINT, f"{MEMBER_TABLE}.{netzwerk_id}", "",
                f"{count(len(without), 'Mitglied', 'Mitglieder')} ohne E-Mail-Adresse: "
                f"{', '.join(without)} – fehlt im Verteiler. Nachtragen mit "
                "`netz kontakt edit ID --email …`."))
    return findings


# How far ahead a network should have its next meeting fixed (the source: "Termine für
# Treffen möglichst langfristig festlegen", "Netzwerk aktiv halten").
PLANNED_AHEAD_MONTHS = 6


def _meeting_hints(registry: Registry, today: dt.date) -> list[Finding]:
    """Networks without a meeting in the next six months, and members who missed the last
    four meetings.

    Only networks that use netz for their meetings or members are asked to plan: of a
    network with neither, netz knows nothing of how it meets (the 22 networks of the shipped
    Hagen data would each get a hint nobody can act on better than by adding members first).
    """
    from netzwerk_cli.meetings import meetings_by_netzwerk, missed_members

    ahead = _months_later(today, PLANNED_AHEAD_MONTHS)
    by_netzwerk = meetings_by_netzwerk(registry)
    findings = []
    for netzwerk_id in sorted(registry.netzwerke):
        found = by_netzwerk.get(netzwerk_id, [])
        if (found or registry.mitglieder.get(netzwerk_id)) and not any(
                today <= t.date <= ahead for _, t in found):
            findings.append(Finding(
                HINT, f"netzwerke.{netzwerk_id}", "treffen",
                f"Kein Treffen bis {ahead:%d.%m.%Y} geplant – Netzwerk aktiv halten: die Quelle "
                "rät, die Termine möglichst langfristig festzulegen. Planen mit `netz treffen "
                f"plan {netzwerk_id} --jahr {ahead.year}`."))
        missed, recorded = (missed_members(registry, netzwerk_id, today, meetings=found)
                            if found else ([], []))
        for kontakt_id in missed:
            findings.append(Finding(
                HINT, f"{MEMBER_TABLE}.{netzwerk_id}.{kontakt_id}", "",
                f"„{registry.kontakte[kontakt_id].display_name}“ war bei keinem der letzten "
                f"{len(recorded)} Treffen (seit {recorded[0][1].date:%d.%m.%Y}). Nachfragen, ob "
                "alles passt – oder austragen mit "
                f"`netz mitglied remove {netzwerk_id} {kontakt_id}`."))
    return findings


def _months_later(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day where the month is shorter)."""
    import calendar

    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    return day.replace(year=year, month=month + 1,
                       day=min(day.day, calendar.monthrange(year, month + 1)[1]))


def _migration_hints(registry: Registry) -> list[Finding]:
    """A file of an older schema: what loading it did in memory (``netz check`` writes
    nothing; the next command that may write saves it in the current schema)."""
    if not registry.migration:
        return []
    summary, *lines = registry.migration
    findings = [Finding(HINT, "schema", "", f"{summary} `netz check` ändert die Datei nicht; "
                        "der nächste Befehl, der schreiben darf, speichert sie so (mit "
                        "Sicherung für `netz undo`).")]
    for line in lines:
        where, _, what = line.partition(": ")
        findings.append(Finding(HINT, where, "treffen", what))
    return findings


def _where(registry: Registry, entry_id: str) -> str:
    table = "netzwerke" if entry_id in registry.netzwerke else "angebote"
    return f"{table}.{entry_id}"
