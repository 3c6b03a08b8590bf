"""The changes a coordinator makes to networks: add, edit, remove and verify.

Each function changes a ``Registry`` in place and either succeeds completely or raises an
``InputError`` before touching it, naming the field, the value and what would be valid. They
are meant to run inside ``storage.apply_change``, on the registry as it is on disk at that
moment. Each returns hints for the user (e.g. a new topic that looks like an existing one).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable
from typing import Any, TypeVar

from netzwerk_cli import clock
from netzwerk_cli.errors import InputError
from netzwerk_cli.gazetteer import Area
from netzwerk_cli.model import (
    FIELD_LABELS,
    GEBIET,
    ID_PATTERN,
    MAX_ID_LENGTH,
    OWN_FIELD_PREFIX,
    Angebot,
    Entry,
    Kontakt,
    Netzwerk,
    Registry,
    check_area,
    check_kontakt_refs,
    check_zeitrahmen,
    future_text,
    is_future,
)
from netzwerk_cli.model import derived as model_derived
from netzwerk_cli.text import closest, key, shortened, slug
from netzwerk_cli.validate import check_netzwerk, check_webseite, text_problem, text_problems

E = TypeVar("E", bound=Entry)


def new_id(name: str, taken: Iterable[str], wanted: str = "") -> str:
    """The id for a new entry: ``wanted`` or one derived from the name; never a taken one.

    An id derived from a long name is cut after a whole word to ``MAX_ID_LENGTH`` characters.
    """
    if not wanted:  # a name of nothing but invisible characters gives no id: say why
        problem = text_problem("name", name)
        if problem:
            raise InputError(problem)
    entry_id = wanted or _shortened(slug(name))
    if not entry_id:
        raise InputError(f"Aus dem Namen „{shortened(name)}“ lässt sich keine ID bilden (er "
                         "enthält keine Buchstaben oder Ziffern); bitte mit --id eine angeben, "
                         "z. B. „ak-90“.")
    if not ID_PATTERN.match(entry_id):
        raise InputError(f"Die ID „{shortened(entry_id)}“ ist ungültig: nur Kleinbuchstaben, "
                         "Ziffern und Bindestriche, z. B. „ak-90“.")
    if len(entry_id) > MAX_ID_LENGTH:
        raise InputError(f"Die ID „{shortened(entry_id, 40)}“ ist {len(entry_id)} Zeichen lang; "
                         f"erlaubt sind höchstens {MAX_ID_LENGTH} Zeichen.")
    if entry_id in set(taken):
        raise InputError(f"Die ID „{entry_id}“ ist schon vergeben. Bitte mit --id eine "
                         "andere angeben oder den vorhandenen Eintrag mit `netz edit` ändern.")
    return entry_id


def _shortened(entry_id: str) -> str:
    if len(entry_id) <= MAX_ID_LENGTH:
        return entry_id
    cut = entry_id[:MAX_ID_LENGTH + 1].rpartition("-")[0]
    return cut or entry_id[:MAX_ID_LENGTH]


def entry_ids(registry: Registry) -> set[str]:
    """The ids networks and offers share (one namespace)."""
    return {*registry.netzwerke, *registry.angebote}


def draft_netzwerk(values: dict[str, Any], area: Area) -> Netzwerk:
    """A new network from the values a user gave; ``add_netzwerk`` checks it."""
    def text(name: str) -> str:
        return str(values.get(name) or "")

    def items(name: str) -> list[str]:
        return list(values.get(name) or [])

    return Netzwerk(name=text("name"), art=text("art"), bezirke=area.bezirke,
                    stadtteile=area.stadtteile, sozialraeume=list(area.sozialraeume),
                    stadtweit=area.stadtweit,
                    themen=items("themen"), zielgruppen=items("zielgruppen"),
                    kontakte=items("kontakte"), webseite=text("webseite"),
                    turnus=int(values.get("turnus") or 0), wochentag=text("wochentag"),
                    beginn=text("beginn"), ende=text("ende"), orte=text("orte"),
                    notiz=text("notiz"))


def check_kontakt_ids(registry: Registry, kontakt_ids: Iterable[str]) -> list[str]:
    """The ids, each naming a contact; an unknown one is a usage error with a suggestion."""
    kontakt_ids = list(kontakt_ids)
    for kontakt_id in kontakt_ids:
        registry.kontakt(kontakt_id)
    return kontakt_ids


def add_netzwerk(registry: Registry, netzwerk_id: str, netzwerk: Netzwerk,
                 today: dt.date) -> list[str]:
    """Add a new network; its id must be free in networks and offers alike."""
    new_id(netzwerk.name, entry_ids(registry), netzwerk_id)
    if not netzwerk.stand:
        netzwerk.stand = today.isoformat()
    checked, hints = _checked_netzwerk(registry, netzwerk, today)
    registry.netzwerke[netzwerk_id] = checked
    return hints


def edit_netzwerk(registry: Registry, netzwerk_id: str, values: dict[str, Any],
                  add: dict[str, list[str]] | None = None,
                  remove: dict[str, list[str]] | None = None) -> list[str]:
    """Set fields, add to and remove from list fields; the result is checked as a whole."""
    old = registry.netzwerk(netzwerk_id)
    new = copy.deepcopy(old)
    for field_name, value in values.items():
        set_field(new, field_name, value)
    for field_name, items in (add or {}).items():
        current = getattr(new, field_name)
        for item in (item.strip() for item in items):
            if item not in current:
                current.append(item)
    for field_name, items in (remove or {}).items():
        items = [item.strip() for item in items]
        current = getattr(new, field_name)
        missing = [item for item in items if item not in current]
        if missing:
            raise InputError(f"Feld „{field_name}“ von „{netzwerk_id}“ enthält "
                             f"„{shortened(missing[0])}“ nicht; vorhanden: "
                             f"{', '.join(current) or '(leer)'}.")
        setattr(new, field_name, [item for item in current if item not in items])
    if "bezirke" in values or "stadtteile" in values or "sozialraeume" in values:
        new.stadtweit = values.get("stadtweit", False)
    elif values.get("stadtweit"):
        new.bezirke, new.stadtteile, new.sozialraeume = [], [], []
    changed = {*values, *(add or {}), *(remove or {})}
    if "stadtweit" in changed:
        changed |= {"bezirke", "stadtteile", "sozialraeume"}
    checked, hints = _checked_netzwerk(registry, new, clock.today(), old.themen,
                                       (netzwerk_id, changed))
    registry.netzwerke[netzwerk_id] = checked
    return drop_derived(old, checked) + hints


# The area as one in ``herkunft.abgeleitet`` stands for these fields of a network.
_AREA_FIELDS = ("bezirke", "stadtteile", "sozialraeume", "stadtweit")


def drop_derived(old: Netzwerk | Angebot | Kontakt, new: Netzwerk | Angebot | Kontakt
                 ) -> list[str]:
    """Take each field an edit changed out of ``new``'s ``herkunft.abgeleitet``: the value is
    now the coordinator's, not derived by netz. Returns one line saying so ([] if none)."""
    derived = model_derived(new)

    def changed(name: str) -> bool:
        if name.startswith(OWN_FIELD_PREFIX):
            return bool(old.extra.get(name) != new.extra.get(name))
        names = _AREA_FIELDS if name == GEBIET and isinstance(new, Netzwerk) else (name,)
        return any(getattr(old, f) != getattr(new, f) for f in names)

    dropped = [name for name in derived if changed(name)]
    if not dropped:
        return []
    herkunft: dict[str, Any] = dict(new.herkunft)
    kept = {name: reason for name, reason in derived.items() if name not in dropped}
    if kept:
        herkunft["abgeleitet"] = kept
    else:
        del herkunft["abgeleitet"]
    new.herkunft = herkunft
    labels = [f"„{label}“" for label in dict.fromkeys(FIELD_LABELS.get(n, n) for n in dropped)]
    named = labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} und {labels[-1]}"
    verb = "gilt" if len(labels) == 1 else "gelten"
    return [f"Herkunft: {named} {verb} nicht mehr als abgeleitet."]


def verify_entry(registry: Registry, entry_id: str, today: dt.date) -> str:
    """Stamp ``stand`` with today's date: "checked, still right". Returns the new stand.

    An entry that ``edit`` would refuse – a value edited by hand into the file that netz does
    not take – is not confirmed: the message names the field and how to fix it.
    """
    entry = registry.entry(entry_id)
    stamped = copy.copy(entry)
    stamped.stand = today.isoformat()
    problems = entry_problems(stamped, today)
    if problems:
        field_name, message = problems[0]
        raise InputError(f"`netz verify {entry_id}` bestätigt den Eintrag nicht: {message} "
                         f"Erst korrigieren – {how_to_fix(entry_id, entry, field_name)} –, "
                         f"dann erneut `netz verify {entry_id}`.")
    entry.stand = stamped.stand
    return entry.stand


def entry_problems(entry: Netzwerk | Angebot, today: dt.date) -> list[tuple[str, str]]:
    """What netz would not write of a network or offer, as (field, message): control or
    invisible characters, overlong texts, a web address that is none, a ``stand`` after
    today. The loader lets these pass (``netz check`` reports them), so a file edited by hand
    may hold them."""
    problems = text_problems(entry)
    if entry.webseite and "webseite" not in {name for name, _ in problems}:
        try:
            check_webseite(entry.webseite)
        except InputError as err:
            problems.append(("webseite", str(err)))
    if is_future(entry.stand, today):
        problems.append(("stand", f"Feld „stand“: {future_text(entry.stand, today)}."))
    return problems


# The options of `netz edit` that change each field of a network.
_EDIT_OPTIONS = {
    "name": "--name …", "art": "--art …", "bezirke": "--bezirk …",
    "stadtteile": "--stadtteil …", "sozialraeume": "--sozialraum …",
    "themen": "--remove-thema … --add-thema …",
    "zielgruppen": "--remove-zielgruppe … --add-zielgruppe …",
    "kontakte": "--remove-kontakt … --add-kontakt …", "webseite": "--webseite …",
    "turnus": "--turnus …", "wochentag": "--wochentag …", "beginn": "--zeit …",
    "ende": "--zeit …", "orte": "--orte …", "notiz": "--notiz …", "stand": "--stand heute",
}


def how_to_fix(entry_id: str, entry: Netzwerk | Angebot, field_name: str) -> str:
    """How to correct a field of an entry: the ``netz edit`` call, or the place in the file."""
    if isinstance(entry, Netzwerk) and field_name in _EDIT_OPTIONS:
        return f"mit `netz edit {entry_id} {_EDIT_OPTIONS[field_name]}` oder in der Datei"
    table = "netzwerke" if isinstance(entry, Netzwerk) else "angebote"
    return f"in der Datei ([{table}.{entry_id}], Feld „{field_name}“)"


def remove_entry(registry: Registry, entry_id: str) -> Netzwerk | Angebot:
    """Remove a network or offer, a network's memberships and meetings, an offer from the
    meetings' guest lists; its contacts stay (other entries may use them)."""
    from netzwerk_cli import meetings
    from netzwerk_cli.members import drop_netzwerk

    entry = registry.entry(entry_id)
    table: dict[str, Any] = (registry.netzwerke if entry_id in registry.netzwerke
                             else registry.angebote)
    del table[entry_id]
    drop_netzwerk(registry, entry_id)
    if isinstance(entry, Netzwerk):
        meetings.drop_netzwerk(registry, entry_id)
    else:
        meetings.drop_angebot(registry, entry_id)
    return entry


# --- helpers shared with the contact changes -----------------------------------------------


def set_field(entry: Entry, field_name: str, value: Any) -> None:
    """Set one field through the same checks the loader applies to the file."""
    types = entry.field_types()
    if field_name not in types:
        raise InputError(f"Unbekanntes Feld „{field_name}“; erlaubt: {', '.join(types)}.")
    checked, problems = type(entry).from_toml({**entry.to_toml(), field_name: value})
    if problems:
        raise InputError(problems[0])
    setattr(entry, field_name, getattr(checked, field_name))


def as_loaded(entry: E) -> E:
    """The entry as the loader would build it from the file: same checks, same normalisation."""
    checked, problems = type(entry).from_toml(entry.to_toml())
    if problems or checked is None:
        raise InputError(problems[0])
    return checked


def _checked_netzwerk(registry: Registry, netzwerk: Netzwerk, today: dt.date,
                      previous_themen: list[str] | None = None,
                      edited: tuple[str, set[str]] | None = None) -> tuple[Netzwerk, list[str]]:
    """The network as the loader would read it back (trimmed, its kind resolved), checked like
    the loader checks it and for the typed values; with hints for the user.

    The whole entry is checked, also the fields an edit does not change (``edited``: the id and
    the fields it changes): a problem in one of those stands in the file, and the message says
    how to correct it. A problem in a changed field is told first.
    """
    netzwerk = as_loaded(netzwerk)
    found = entry_problems(netzwerk, today)
    if found:
        changed = edited[1] if edited else set()
        field_name, message = min(found, key=lambda problem: problem[0] not in changed)
        if edited and field_name not in changed:
            message += (" So steht es in der Datei; korrigieren lässt es sich im selben Aufruf "
                        f"oder einzeln – {how_to_fix(edited[0], netzwerk, field_name)}.")
        raise InputError(message)
    netzwerk = check_netzwerk(netzwerk)
    problems = (check_area(netzwerk, registry.sozialraum_index())
                + check_zeitrahmen(netzwerk.beginn, netzwerk.ende)
                + check_kontakt_refs(netzwerk, registry))
    if problems:
        raise InputError(problems[0])
    return netzwerk, thema_hints(registry, netzwerk.themen, previous_themen or [])


def thema_hints(registry: Registry, themen: list[str], previous: list[str]) -> list[str]:
    """Topics are open; a new one that looks like an existing one gets a hint."""
    known_keys = {key(t) for t in registry.count_themen()}
    hints = []
    for thema in themen:
        if thema in previous or key(thema) in known_keys:
            continue
        hints.append(new_thema_hint(registry, thema))
    return hints


def similar_thema(registry: Registry, thema: str) -> str | None:
    """The existing topic a new one looks like ("Jugendhilfe & Schule" → "Jugendhilfe und
    Schule"), or None when it is no new topic or like none."""
    known = list(registry.count_themen())
    if key(thema) in {key(t) for t in known}:
        return None
    return closest(thema, known)


def new_thema_hint(registry: Registry, thema: str) -> str:
    """"Neues Thema „…“ – meinten Sie „…“?": the one wording, while asking and after saving."""
    similar = similar_thema(registry, thema)
    return f"Neues Thema „{thema}“" + (f" – meinten Sie „{similar}“?" if similar else "")
