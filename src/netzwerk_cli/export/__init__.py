"""Contact lists and e-mail distribution lists for a selection of networks.

This module gathers *who* is exported – the contacts of the chosen networks, each once, with
the networks it belongs to – and leaves *how* to one module per format (``tabelle``, ``vcard``,
``ldif``, ``mailto``, ``adresszeilen``). Privacy is decided here, once for every format: with
``nur_oeffentlich`` a contact not marked publishable never reaches a format module.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from netzwerk_cli.model import Kontakt, Netzwerk, Register
from netzwerk_cli.text import key


class KontaktEintrag(NamedTuple):
    """A contact of the selection and the names of the selected networks it belongs to."""

    id: str
    kontakt: Kontakt
    netzwerke: tuple[str, ...]


class Empfaenger(NamedTuple):
    """One address of a distribution list; the networks say why it is on the list."""

    email: str
    name: str
    organisation: str
    netzwerke: tuple[str, ...]


class Kontaktauswahl(NamedTuple):
    """The contacts to export and what was left out, for the summary on stderr."""

    kontakte: list[KontaktEintrag]
    nicht_oeffentlich: int
    ohne_kontakt: list[str]


def kontakte_sammeln(register: Register, netzwerke: list[tuple[str, Netzwerk]],
                     nur_oeffentlich: bool = False) -> Kontaktauswahl:
    """Every contact of the networks once, in order of name, with its networks."""
    netzwerke_je_kontakt: dict[str, list[str]] = {}
    ohne_kontakt = []
    for _, netzwerk in netzwerke:
        if not netzwerk.kontakte:
            ohne_kontakt.append(netzwerk.name)
        for kontakt_id in netzwerk.kontakte:
            netzwerke_je_kontakt.setdefault(kontakt_id, []).append(netzwerk.name)
    eintraege = [KontaktEintrag(k, register.kontakte[k], tuple(n))
                 for k, n in netzwerke_je_kontakt.items()]
    oeffentlich = [e for e in eintraege if e.kontakt.oeffentlich or not nur_oeffentlich]
    oeffentlich.sort(key=lambda e: (key(e.kontakt.anzeigename), e.id))
    return Kontaktauswahl(oeffentlich, len(eintraege) - len(oeffentlich), ohne_kontakt)


def verteiler_sammeln(auswahl: Kontaktauswahl) -> tuple[list[Empfaenger], list[KontaktEintrag]]:
    """Every e-mail address once (case-insensitively), sorted; and the contacts without one."""
    je_adresse: dict[str, Empfaenger] = {}
    ohne_email = []
    for eintrag in auswahl.kontakte:
        kontakt = eintrag.kontakt
        if not kontakt.email:
            ohne_email.append(eintrag)
            continue
        schluessel = kontakt.email.casefold()
        bisher = je_adresse.get(schluessel)
        if bisher is None:
            je_adresse[schluessel] = Empfaenger(kontakt.email, kontakt.anzeigename,
                                                kontakt.organisation, eintrag.netzwerke)
        else:
            netzwerke = tuple(dict.fromkeys([*bisher.netzwerke, *eintrag.netzwerke]))
            je_adresse[schluessel] = bisher._replace(netzwerke=netzwerke)
    return [je_adresse[s] for s in sorted(je_adresse)], ohne_email


def empfaenger_als_dict(empfaenger: Empfaenger) -> dict[str, Any]:
    """One address of a distribution list for ``--format json``."""
    return {"email": empfaenger.email, "name": empfaenger.name,
            "organisation": empfaenger.organisation, "netzwerke": list(empfaenger.netzwerke)}


def kontakt_als_dict(eintrag: KontaktEintrag) -> dict[str, Any]:
    """One contact for ``--format json``, with the networks it belongs to."""
    return {"id": eintrag.id, **eintrag.kontakt.als_dict(), "netzwerke": list(eintrag.netzwerke)}
