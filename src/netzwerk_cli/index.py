"""Reverse indexes of a registry: who refers to a contact, and which meetings a network has.

The registry stores each link once, on one side: an entry lists its contacts, a network its
members, a meeting its network, a person the organisation it belongs to (``gehoert_zu``).
Asking from the other side ("who uses this contact?") means scanning every entry; asking it
for every contact means scanning them all for each – 20 s for 10,000 networks and 3,000
contacts. An ``Index`` answers every such question after one pass over the registry per kind
of link, built when first asked for (``functools.cached_property``) so a command pays only for
the links it needs.

An index is a snapshot: build it for a registry that no longer changes (a read command, or
the check before a change). The answers agree with the single lookups that scan once
(``contacts.kontakt_users``, ``members.memberships_of``, ``members.people_of``,
``meetings.meetings_of``, ``meetings.kontakt_uses``); ``tests/test_index.py`` holds them to it.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from netzwerk_cli.model import Mitglied, Registry, Treffen


class Index:
    """The reverse links of one registry, each built once on first use."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry

    @cached_property
    def users(self) -> dict[str, list[str]]:
        """Contact id → the networks, then the offers, that list it (in registry order)."""
        found: dict[str, list[str]] = {}
        for table in (self.registry.netzwerke, self.registry.angebote):
            for entry_id, entry in table.items():
                for kontakt_id in dict.fromkeys(entry.kontakte):
                    found.setdefault(kontakt_id, []).append(entry_id)
        return found

    @cached_property
    def memberships(self) -> dict[str, list[tuple[str, Mitglied]]]:
        """Contact id → the networks it is a member of, with the membership, by network id."""
        found: dict[str, list[tuple[str, Mitglied]]] = {}
        for netzwerk_id, members in sorted(self.registry.mitglieder.items()):
            for kontakt_id, mitglied in members.items():
                found.setdefault(kontakt_id, []).append((netzwerk_id, mitglied))
        return found

    @cached_property
    def people(self) -> dict[str, list[str]]:
        """Organisation id → the contacts that belong to it (``gehoert_zu``), sorted by folded
        name, then id."""
        from netzwerk_cli.text import key

        found: dict[str, list[str]] = {}
        kontakte = self.registry.kontakte
        for kontakt_id, kontakt in kontakte.items():
            if kontakt.gehoert_zu:
                found.setdefault(kontakt.gehoert_zu, []).append(kontakt_id)
        for people in found.values():
            people.sort(key=lambda i: (key(kontakte[i].display_name), i))
        return found

    @cached_property
    def meetings(self) -> dict[str, list[tuple[str, Treffen]]]:
        """Network id → its meetings, earliest first (as ``meetings.meetings_by_netzwerk``)."""
        from netzwerk_cli.meetings import meetings_by_netzwerk

        return meetings_by_netzwerk(self.registry)

    @cached_property
    def meeting_uses(self) -> dict[str, list[str]]:
        """Contact id → where meetings refer to it: "ID (Ort)", "ID (Gastgeber)",
        "ID (anwesend)", by meeting id."""
        found: dict[str, list[str]] = {}
        for treffen_id, treffen in sorted(self.registry.treffen.items()):
            for kontakt_id, label in ((treffen.ort_kontakt, "Ort"),
                                      (treffen.gastgeber, "Gastgeber"),
                                      *((k, "anwesend") for k in dict.fromkeys(treffen.anwesend))):
                if kontakt_id:
                    found.setdefault(kontakt_id, []).append(f"{treffen_id} ({label})")
        return found

    def users_of(self, kontakt_id: str) -> list[str]:
        """The networks and offers that list a contact."""
        return self.users.get(kontakt_id, [])

    def memberships_of(self, kontakt_id: str) -> list[tuple[str, Mitglied]]:
        """The networks a contact is a member of, with its membership."""
        return self.memberships.get(kontakt_id, [])

    def people_of(self, organisation_id: str) -> list[str]:
        """The contacts that belong to an organisation."""
        return self.people.get(organisation_id, [])

    def meetings_of(self, netzwerk_id: str) -> list[tuple[str, Treffen]]:
        """A network's meetings, earliest first."""
        return self.meetings.get(netzwerk_id, [])

    def meeting_uses_of(self, kontakt_id: str) -> list[str]:
        """Where meetings refer to a contact."""
        return self.meeting_uses.get(kontakt_id, [])
