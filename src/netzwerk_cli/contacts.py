"""The changes a coordinator makes to contacts, and the questions asked before making them.

Like ``changes``, each function changes a ``Registry`` in place (inside
``storage.apply_change``) or raises an ``InputError`` before touching it. ``kontakt_users``
answers "who uses this contact?" so that a removal can be refused before anyone is asked.
"""

from __future__ import annotations

import copy
from typing import Any

from netzwerk_cli.changes import as_loaded, new_id, set_field
from netzwerk_cli.errors import InputError
from netzwerk_cli.model import Kontakt, Registry
from netzwerk_cli.validate import check_kontakt


def add_kontakt(registry: Registry, kontakt_id: str, kontakt: Kontakt, vorwahl: str = "") -> None:
    """Add a contact after checking and normalising its values."""
    new_id(kontakt.display_name, registry.kontakte, kontakt_id)
    registry.kontakte[kontakt_id] = check_kontakt(as_loaded(kontakt), vorwahl)


def edit_kontakt(registry: Registry, kontakt_id: str, values: dict[str, Any],
                 vorwahl: str = "") -> None:
    """Set fields of a contact; the result is checked and normalised as a whole."""
    new = copy.deepcopy(registry.kontakt(kontakt_id))
    for field_name, value in values.items():
        set_field(new, field_name, value)
    registry.kontakte[kontakt_id] = check_kontakt(as_loaded(new), vorwahl)


def kontakt_users(registry: Registry, kontakt_id: str) -> list[str]:
    """The ids of the networks and offers that refer to a contact."""
    entries: list[tuple[str, Any]] = [*registry.netzwerke.items(), *registry.angebote.items()]
    return [entry_id for entry_id, entry in entries if kontakt_id in entry.kontakte]


def check_removable(registry: Registry, kontakt_id: str, detach: bool = False) -> list[str]:
    """Whether a contact may be removed; returns the entries it would be detached from.

    Refused (usage error) while entries use it, unless ``detach`` says to detach it there.
    """
    registry.kontakt(kontakt_id)
    users = kontakt_users(registry, kontakt_id)
    if users and not detach:
        raise InputError(
            f"Der Kontakt „{kontakt_id}“ wird noch genutzt von: {', '.join(users)}. "
            "Erst dort entfernen, oder mit --force überall lösen und löschen."
        )
    return users


def remove_kontakt(registry: Registry, kontakt_id: str, detach: bool = False) -> list[str]:
    """Remove a contact (see ``check_removable``); returns the entries it was detached from."""
    users = check_removable(registry, kontakt_id, detach)
    for entry_id in users:
        entry = registry.entry(entry_id)
        entry.kontakte = [k for k in entry.kontakte if k != kontakt_id]
    del registry.kontakte[kontakt_id]
    return users
