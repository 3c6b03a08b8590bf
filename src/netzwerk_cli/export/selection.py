"""Who is exported: the contacts of the chosen networks – their Ansprechpartner and their
members –, each once, with the networks it belongs to.

Privacy is decided here, once for every format: with ``nur_oeffentlich`` a contact not marked
publishable never reaches a format module.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import NamedTuple

from netzwerk_cli.model import Kontakt, Netzwerk, Registry
from netzwerk_cli.text import key


class ExportKontakt(NamedTuple):
    """A contact of the selection and the names of the selected networks it belongs to."""

    id: str
    kontakt: Kontakt
    netzwerke: tuple[str, ...]


class Recipient(NamedTuple):
    """One address of a distribution list; the networks say why it is on the list."""

    email: str
    name: str
    organisation: str
    netzwerke: tuple[str, ...]


class KontaktSelection(NamedTuple):
    """The contacts to export and what was left out, for the summary on stderr."""

    kontakte: list[ExportKontakt]
    not_public: int
    without_kontakt: list[str]


def collect_kontakte(registry: Registry, netzwerke: list[tuple[str, Netzwerk]],
                     nur_oeffentlich: bool = False, rollen: Collection[str] | None = None
                     ) -> KontaktSelection:
    """Every contact of the networks once, in order of name, with its networks: the
    Ansprechpartner and the members; with ``rollen`` (role ids, "" for members without a role)
    only the members with one of these roles."""
    netzwerke_by_kontakt: dict[str, list[str]] = {}
    without_kontakt = []
    for netzwerk_id, netzwerk in netzwerke:
        picked = [] if rollen is not None else list(netzwerk.kontakte)
        picked += [kontakt_id for kontakt_id, mitglied
                   in registry.mitglieder.get(netzwerk_id, {}).items()
                   if rollen is None or mitglied.rolle in rollen]
        if not picked:
            without_kontakt.append(netzwerk.name)
        for kontakt_id in dict.fromkeys(picked):
            netzwerke_by_kontakt.setdefault(kontakt_id, []).append(netzwerk.name)
    chosen = [ExportKontakt(k, registry.kontakte[k], tuple(n))
              for k, n in netzwerke_by_kontakt.items()]
    public = [e for e in chosen if e.kontakt.oeffentlich or not nur_oeffentlich]
    public.sort(key=lambda e: (key(e.kontakt.display_name), e.id))
    return KontaktSelection(public, len(chosen) - len(public), without_kontakt)


def collect_verteiler(selection: KontaktSelection) -> tuple[list[Recipient], list[ExportKontakt]]:
    """Every e-mail address once (case-insensitively), sorted; and the contacts without one."""
    by_address: dict[str, Recipient] = {}
    without_email = []
    for chosen in selection.kontakte:
        kontakt = chosen.kontakt
        if not kontakt.email:
            without_email.append(chosen)
            continue
        address_key = kontakt.email.casefold()
        earlier = by_address.get(address_key)
        if earlier is None:
            by_address[address_key] = Recipient(kontakt.email, kontakt.display_name,
                                                kontakt.organisation, chosen.netzwerke)
        else:
            netzwerke = tuple(dict.fromkeys([*earlier.netzwerke, *chosen.netzwerke]))
            by_address[address_key] = earlier._replace(netzwerke=netzwerke)
    return [by_address[k] for k in sorted(by_address)], without_email
