"""The members of a network: who belongs, who coordinates, who is in the Vorbereitungskreis.

A membership links a contact, stored once in ``registry.kontakte``, to a network:
``registry.mitglieder[netzwerk_id][kontakt_id]`` is a ``Mitglied`` with its role, since when,
and – in the Vorbereitungskreis – until when (the source document: "für 2 Jahre, danach
wechseln"). Like ``changes`` and ``contacts``, each changing function changes a ``Registry`` in
place (inside ``storage.apply_change``) or raises an ``InputError`` before touching it; the
import (``netz import``) adds its members through ``add_member`` as well.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Collection, Iterable
from typing import NamedTuple

from netzwerk_cli import clock
from netzwerk_cli.errors import InputError
from netzwerk_cli.model import (
    VORBEREITUNGSKREIS,
    Kontakt,
    Mitglied,
    Registry,
    check_stand,
    check_term,
    end_date,
    resolve_rolle,
    stand_date,
)
from netzwerk_cli.text import did_you_mean, key

# How long a term in the Vorbereitungskreis lasts when no end is given (the source: 2 years).
TERM_YEARS = 2
# How many similar contacts a suggestion names.
SUGGESTIONS = 5


def add_member(registry: Registry, netzwerk_id: str, kontakt_id: str, rolle: str = "",
               seit: str = "", bis: str = "", today: dt.date | None = None) -> bool:
    """Make a contact a member of a network, or update its membership; False if nothing changed.

    ``rolle``: "koordination", "vorbereitungskreis" (any spelling) or "mitglied" for no role;
    empty keeps the role of an existing member (a new one has none). ``seit`` (JJJJ-MM,
    JJJJ-MM-TT or "heute") defaults to ``today`` for a new member. ``bis`` only for the
    Vorbereitungskreis; a new term there ends ``TERM_YEARS`` after it began unless given.
    Leaving the Vorbereitungskreis ends its term (``bis`` is dropped).
    """
    from netzwerk_cli.changes import as_loaded
    from netzwerk_cli.validate import check_texts

    today = today or clock.today()
    registry.netzwerk(netzwerk_id)
    kontakt_of(registry, kontakt_id)
    new_rolle = resolve_rolle(rolle) if rolle.strip() else None
    seit = parse_date(seit, today, "seit") if seit.strip() else ""
    bis = parse_date(bis, today, "bis") if bis.strip() else ""
    old = registry.mitglieder.get(netzwerk_id, {}).get(kontakt_id)
    new = copy.deepcopy(old) if old else Mitglied(seit=seit or today.isoformat())
    term_begins = new_rolle == VORBEREITUNGSKREIS and (old is None or old.rolle != new_rolle)
    if new_rolle is not None and new_rolle != new.rolle:
        new.rolle = new_rolle
        new.bis = ""  # leaving the Vorbereitungskreis ends the term; joining starts a new one
    new.seit = seit or new.seit
    if bis and new.rolle != VORBEREITUNGSKREIS:
        raise InputError("„bis“ gilt nur für den Vorbereitungskreis (Rolle vorbereitungskreis): "
                         "das Ende der Amtszeit.")
    new.bis = bis or new.bis
    if term_begins and not new.bis:
        new.bis = term_after(seit or today.isoformat())
    problems = check_term(new)
    if problems:
        raise InputError(problems[0])
    new = as_loaded(new)
    check_texts(new)
    if new == old:
        return False
    registry.mitglieder.setdefault(netzwerk_id, {})[kontakt_id] = new
    return True


def check_member_values(rolle: str = "", seit: str = "", bis: str = "",
                        today: dt.date | None = None) -> None:
    """Refuse a role or date ``add_member`` would refuse, before anyone is asked anything."""
    today = today or clock.today()
    if rolle.strip():
        resolve_rolle(rolle)
    for name, value in (("seit", seit), ("bis", bis)):
        if value.strip():
            parse_date(value, today, name)


class MemberChanges(NamedTuple):
    """What ``add_members`` did: the contacts now new, changed, and already members as asked."""

    added: list[str]
    changed: list[str]
    unchanged: list[str]


def add_members(registry: Registry, netzwerk_id: str, kontakt_ids: Iterable[str],
                rolle: str = "", seit: str = "", bis: str = "",
                today: dt.date | None = None) -> MemberChanges:
    """``add_member`` for several contacts (each once), saying for each what happened."""
    outcome = MemberChanges([], [], [])
    for kontakt_id in dict.fromkeys(kontakt_ids):
        existed = kontakt_id in registry.mitglieder.get(netzwerk_id, {})
        if not add_member(registry, netzwerk_id, kontakt_id, rolle, seit, bis, today):
            outcome.unchanged.append(kontakt_id)
        else:
            (outcome.changed if existed else outcome.added).append(kontakt_id)
    return outcome


def remove_member(registry: Registry, netzwerk_id: str, kontakt_id: str) -> None:
    """End a membership; the contact stays. A contact that is no member is a usage error."""
    registry.netzwerk(netzwerk_id)
    members = registry.mitglieder.get(netzwerk_id, {})
    if kontakt_id not in members:
        raise InputError(f"„{kontakt_id}“ ist kein Mitglied von „{netzwerk_id}“."
                         f"{did_you_mean(kontakt_id, members)} Die Mitglieder zeigt "
                         f"`netz mitglied list {netzwerk_id}`.")
    del members[kontakt_id]
    if not members:
        del registry.mitglieder[netzwerk_id]


def remove_members(registry: Registry, netzwerk_id: str, kontakt_ids: Iterable[str]
                   ) -> list[str]:
    """``remove_member`` for several contacts; returns them (each once)."""
    removed = list(dict.fromkeys(kontakt_ids))
    for kontakt_id in removed:
        remove_member(registry, netzwerk_id, kontakt_id)
    return removed


def members_of(registry: Registry, netzwerk_id: str, rollen: Collection[str] | None = None
               ) -> list[tuple[str, Kontakt, Mitglied]]:
    """The members of a network, sorted by folded name (then id); with ``rollen`` only those
    with one of these roles ("" for members without a role)."""
    registry.netzwerk(netzwerk_id)
    found = [(kontakt_id, registry.kontakte[kontakt_id], mitglied)
             for kontakt_id, mitglied in registry.mitglieder.get(netzwerk_id, {}).items()
             if rollen is None or mitglied.rolle in rollen]
    found.sort(key=lambda item: (key(item[1].display_name), item[0]))
    return found


def memberships_of(registry: Registry, kontakt_id: str) -> list[tuple[str, Mitglied]]:
    """The networks a contact is a member of, with its membership, sorted by network id."""
    return [(netzwerk_id, members[kontakt_id])
            for netzwerk_id, members in sorted(registry.mitglieder.items())
            if kontakt_id in members]


def parse_rollen(texts: Iterable[str]) -> list[str]:
    """Role ids for what a user typed (``--rolle``), "" for "mitglied" (no role)."""
    return list(dict.fromkeys(resolve_rolle(text) for text in texts))


def parse_date(value: str, today: dt.date, name: str) -> str:
    """A date a user typed for ``seit`` or ``bis``: "heute", JJJJ-MM or JJJJ-MM-TT."""
    text = value.strip()
    if text.casefold() == "heute":
        return today.isoformat()
    try:
        return check_stand(text)
    except ValueError as err:
        raise InputError(f"„{name}“: {err} (oder „heute“).") from None


def term_after(seit: str) -> str:
    """The end of a term of ``TERM_YEARS`` that begins at ``seit`` (same precision)."""
    begins = stand_date(seit)
    year = begins.year + TERM_YEARS
    day = min(begins.day, 28) if begins.month == 2 and begins.day == 29 else begins.day
    ends = begins.replace(year=year, day=day)
    return ends.isoformat() if len(seit) == 10 else ends.isoformat()[:7]


def term_end(mitglied: Mitglied) -> dt.date | None:
    """The last day of a term in the Vorbereitungskreis (a month: its last day), or None."""
    return end_date(mitglied.bis) if mitglied.bis else None


def term_expired(mitglied: Mitglied, today: dt.date) -> bool:
    """Whether a term in the Vorbereitungskreis has ended before today."""
    end = term_end(mitglied)
    return mitglied.rolle == VORBEREITUNGSKREIS and end is not None and end < today


def organisation_of(registry: Registry, kontakt: Kontakt) -> str:
    """The organisation a contact belongs to: the contact named by ``gehoert_zu``, else its own
    organisation text (empty for an organisation, whose name that already is)."""
    parent = registry.kontakte.get(kontakt.gehoert_zu) if kontakt.gehoert_zu else None
    if parent is not None:
        return parent.display_name
    return "" if kontakt.organisation == kontakt.display_name else kontakt.organisation


def people_of(registry: Registry, organisation_id: str) -> list[str]:
    """The contacts that belong to an organisation (``gehoert_zu``), sorted by folded name."""
    people = [(kontakt_id, kontakt) for kontakt_id, kontakt in registry.kontakte.items()
              if kontakt.gehoert_zu == organisation_id]
    return [kontakt_id for kontakt_id, kontakt
            in sorted(people, key=lambda item: (key(item[1].display_name), item[0]))]


# --- Finding a contact ------------------------------------------------------------------------


def kontakt_of(registry: Registry, text: str) -> Kontakt:
    """The contact with the id ``text``; otherwise a usage error naming similar contacts (by
    name and e-mail), so that nobody is entered twice."""
    found = registry.kontakte.get(text)
    if found is not None:
        return found
    similar = similar_kontakte(registry, text)
    hint = (f" Ähnliche Kontakte: {'; '.join(describe(registry, i) for i in similar)}."
            if similar else " Alle Kontakte zeigt `netz kontakt list`.")
    raise InputError(f"Keinen Kontakt mit der ID „{text}“ gefunden.{hint} Einen neuen legt "
                     "`netz kontakt add` an (auf einem Terminal auch `netz mitglied add` "
                     "selbst).")


def describe(registry: Registry, kontakt_id: str) -> str:
    """"anna (Anna Beispiel, anna@example.org)": a contact as a suggestion names it."""
    kontakt = registry.kontakte[kontakt_id]
    details = ", ".join(filter(None, (kontakt.display_name, kontakt.email)))
    return f"{kontakt_id} ({details})"


def similar_kontakte(registry: Registry, text: str, limit: int = SUGGESTIONS) -> list[str]:
    """The ids of contacts that ``text`` (a name, an organisation, an e-mail address or an id)
    may mean: the same folded name or address first, then names containing it, then names
    like it (a typo)."""
    wanted = key(text)
    if not wanted:
        return []
    address = text.strip().casefold()
    exact: list[str] = []
    partial: list[str] = []
    by_name: dict[str, list[str]] = {}
    for kontakt_id, kontakt in registry.kontakte.items():
        keys = {key(kontakt.display_name), key(kontakt.name), key(kontakt.organisation),
                key(kontakt_id)} - {""}
        for name in keys:
            by_name.setdefault(name, []).append(kontakt_id)
        if wanted in keys or (kontakt.email and kontakt.email.casefold() == address):
            exact.append(kontakt_id)
        elif len(wanted) >= 4 and any(wanted in k for k in (*keys, key(kontakt.email))):
            partial.append(kontakt_id)
    found = _by_name(registry, exact) + _by_name(registry, partial)
    if len(found) < limit:
        import difflib

        for name in difflib.get_close_matches(wanted, list(by_name), n=limit, cutoff=0.75):
            found += _by_name(registry, by_name[name])
    return list(dict.fromkeys(found))[:limit]


def _by_name(registry: Registry, kontakt_ids: list[str]) -> list[str]:
    return sorted(kontakt_ids, key=lambda i: (key(registry.kontakte[i].display_name), i))


# --- What removing a network or a contact does to the members ---------------------------------


def drop_netzwerk(registry: Registry, netzwerk_id: str) -> int:
    """Remove all memberships of a network (removed itself); returns how many there were."""
    return len(registry.mitglieder.pop(netzwerk_id, {}))


def detach_kontakt(registry: Registry, kontakt_id: str) -> tuple[list[str], list[str]]:
    """End every membership of a contact and clear ``gehoert_zu`` where people belong to it.

    Returns the networks it was a member of and the contacts that belonged to it.
    """
    netzwerke = [netzwerk_id for netzwerk_id, _ in memberships_of(registry, kontakt_id)]
    for netzwerk_id in netzwerke:
        remove_member(registry, netzwerk_id, kontakt_id)
    people = people_of(registry, kontakt_id)
    for person_id in people:
        registry.kontakte[person_id].gehoert_zu = ""
    return netzwerke, people
