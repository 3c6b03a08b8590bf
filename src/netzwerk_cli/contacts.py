"""The changes a coordinator makes to contacts, and the questions asked before making them.

Like ``changes``, each function changes a ``Registry`` in place (inside
``storage.apply_change``) or raises an ``InputError`` before touching it. ``kontakt_users``
answers "who uses this contact?" so that a removal can be refused before anyone is asked; a
contact is also in use as a member of a network and as the organisation people belong to
(``gehoert_zu``).
"""

from __future__ import annotations

import copy
from typing import Any

from netzwerk_cli.changes import as_loaded, drop_derived, new_id, set_field
from netzwerk_cli.errors import InputError
from netzwerk_cli.model import Kontakt, Registry, check_gehoert_zu
from netzwerk_cli.validate import check_kontakt


def add_kontakt(registry: Registry, kontakt_id: str, kontakt: Kontakt, vorwahl: str = "") -> None:
    """Add a contact after checking and normalising its values."""
    new_id(kontakt.display_name, registry.kontakte, kontakt_id)
    checked = check_kontakt(as_loaded(kontakt), vorwahl)
    _refuse(check_gehoert_zu(kontakt_id, checked, registry))
    registry.kontakte[kontakt_id] = checked


def edit_kontakt(registry: Registry, kontakt_id: str, values: dict[str, Any],
                 vorwahl: str = "") -> list[str]:
    """Set fields of a contact; the result is checked and normalised as a whole. Returns what
    to tell the user: a changed value that is no longer derived (``changes.drop_derived``)."""
    from netzwerk_cli.members import people_of

    new = copy.deepcopy(registry.kontakt(kontakt_id))
    for field_name, value in values.items():
        set_field(new, field_name, value)
    checked = check_kontakt(as_loaded(new), vorwahl)
    _refuse(check_gehoert_zu(kontakt_id, checked, registry))
    people = people_of(registry, kontakt_id)
    if people and checked.art != "organisation":
        raise InputError(f"„{kontakt_id}“ muss eine Organisation bleiben: es gibt Personen, die "
                         f"dazu gehören: {', '.join(people)} (Feld „gehoert_zu“).")
    _refuse(venue_problems(registry, kontakt_id, checked))
    notes = drop_derived(registry.kontakt(kontakt_id), checked)
    registry.kontakte[kontakt_id] = checked
    return notes


def venue_problems(registry: Registry, kontakt_id: str, kontakt: Kontakt) -> list[str]:
    """A contact that is the venue of meetings stays an organisation with an address."""
    meetings = sorted(i for i, t in registry.treffen.items() if t.ort_kontakt == kontakt_id)
    if not meetings or (kontakt.art == "organisation" and kontakt.anschrift):
        return []
    return [f"„{kontakt_id}“ ist Ort von Treffen ({', '.join(meetings)}) und braucht dafür eine "
            "Anschrift (Straße und PLZ oder Ort) und die Art organisation. Erst dort einen "
            f"anderen Ort setzen, z. B. `netz treffen edit {meetings[0]} --ort TEXT`."]


def _refuse(problems: list[str]) -> None:
    if problems:
        raise InputError(problems[0])


def kontakt_users(registry: Registry, kontakt_id: str) -> list[str]:
    """The ids of the networks and offers that refer to a contact."""
    entries: list[tuple[str, Any]] = [*registry.netzwerke.items(), *registry.angebote.items()]
    return [entry_id for entry_id, entry in entries if kontakt_id in entry.kontakte]


def check_removable(registry: Registry, kontakt_id: str, detach: bool = False) -> list[str]:
    """Whether a contact may be removed; returns where it would be detached from: the entries
    that use it, "ID (Mitglied)" for each network it is a member of, "ID (gehoert_zu)" for each
    contact that belongs to it.

    Refused (usage error) while it is used anywhere, unless ``detach`` says to detach it there.
    """
    from netzwerk_cli.index import Index

    registry.kontakt(kontakt_id)
    index = Index(registry)  # every kind of use, each one pass over its table
    users = index.users_of(kontakt_id)
    netzwerke = [netzwerk_id for netzwerk_id, _ in index.memberships_of(kontakt_id)]
    people = index.people_of(kontakt_id)
    treffen = index.meeting_uses_of(kontakt_id)
    if (users or netzwerke or people or treffen) and not detach:
        uses = [f"von: {', '.join(users)}"] if users else []
        uses += [f"als Mitglied in: {', '.join(netzwerke)}"] if netzwerke else []
        uses += [f"von Personen, die dazu gehören: {', '.join(people)}"] if people else []
        uses += [f"in Treffen: {', '.join(treffen)}"] if treffen else []
        raise InputError(
            f"Der Kontakt „{kontakt_id}“ wird noch genutzt {'; '.join(uses)}. "
            "Erst dort entfernen, oder mit --force überall lösen und löschen."
        )
    return [*users, *(f"{n} (Mitglied)" for n in netzwerke),
            *(f"{p} (gehoert_zu)" for p in people), *treffen]


def remove_kontakt(registry: Registry, kontakt_id: str, detach: bool = False) -> list[str]:
    """Remove a contact (see ``check_removable``); returns where it was detached from."""
    from netzwerk_cli import meetings
    from netzwerk_cli.members import detach_kontakt

    detached = check_removable(registry, kontakt_id, detach)
    meetings.detach_kontakt(registry, kontakt_id)
    for entry_id in kontakt_users(registry, kontakt_id):
        entry = registry.entry(entry_id)
        entry.kontakte = [k for k in entry.kontakte if k != kontakt_id]
    detach_kontakt(registry, kontakt_id)
    del registry.kontakte[kontakt_id]
    return detached
