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
    ID_PATTERN,
    MAX_ID_LENGTH,
    Angebot,
    Entry,
    Netzwerk,
    Registry,
    check_area,
    check_kontakt_refs,
    future_text,
    is_future,
)
from netzwerk_cli.text import closest, key, slug
from netzwerk_cli.validate import check_netzwerk

E = TypeVar("E", bound=Entry)


def new_id(name: str, taken: Iterable[str], wanted: str = "") -> str:
    """The id for a new entry: ``wanted`` or one derived from the name; never a taken one.

    An id derived from a long name is cut after a whole word to ``MAX_ID_LENGTH`` characters.
    """
    entry_id = wanted or _shortened(slug(name))
    if not ID_PATTERN.match(entry_id):
        raise InputError(f"Die ID „{entry_id}“ ist ungültig: nur Kleinbuchstaben, Ziffern "
                         "und Bindestriche, z. B. „ak-90“.")
    if len(entry_id) > MAX_ID_LENGTH:
        raise InputError(f"Die ID „{entry_id}“ ist {len(entry_id)} Zeichen lang; erlaubt sind "
                         f"höchstens {MAX_ID_LENGTH} Zeichen.")
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
                    stadtteile=area.stadtteile, stadtweit=area.stadtweit,
                    themen=items("themen"), zielgruppen=items("zielgruppen"),
                    kontakte=items("kontakte"), webseite=text("webseite"),
                    treffen=text("treffen"), notiz=text("notiz"))


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
    checked, hints = _checked_netzwerk(registry, netzwerk)
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
            raise InputError(f"Feld „{field_name}“ von „{netzwerk_id}“ enthält {missing[0]!r} "
                             f"nicht; vorhanden: {', '.join(current) or '(leer)'}.")
        setattr(new, field_name, [item for item in current if item not in items])
    if "bezirke" in values or "stadtteile" in values:
        new.stadtweit = values.get("stadtweit", False)
    elif values.get("stadtweit"):
        new.bezirke, new.stadtteile = [], []
    if "stand" in values and is_future(new.stand, clock.today()):
        raise InputError(f"Feld „stand“: {future_text(new.stand, clock.today())}.")
    checked, hints = _checked_netzwerk(registry, new, old.themen)
    registry.netzwerke[netzwerk_id] = checked
    return hints


def verify_entry(registry: Registry, entry_id: str, today: dt.date) -> str:
    """Stamp ``stand`` with today's date: "checked, still right". Returns the new stand."""
    entry = registry.entry(entry_id)
    entry.stand = today.isoformat()
    return entry.stand


def remove_entry(registry: Registry, entry_id: str) -> Netzwerk | Angebot:
    """Remove a network or offer and a network's memberships; its contacts stay (other entries
    may use them)."""
    from netzwerk_cli.members import drop_netzwerk

    entry = registry.entry(entry_id)
    table: dict[str, Any] = (registry.netzwerke if entry_id in registry.netzwerke
                             else registry.angebote)
    del table[entry_id]
    drop_netzwerk(registry, entry_id)
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


def _checked_netzwerk(registry: Registry, netzwerk: Netzwerk,
                      previous_themen: list[str] | None = None) -> tuple[Netzwerk, list[str]]:
    """The network as the loader would read it back (trimmed, its kind resolved), checked like
    the loader checks it and for the typed values; with hints for the user."""
    netzwerk = check_netzwerk(as_loaded(netzwerk))
    problems = check_area(netzwerk) + check_kontakt_refs(netzwerk, registry)
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
