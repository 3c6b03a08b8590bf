"""The changes a coordinator makes: add, edit, remove and verify networks and contacts.

Each function changes a ``Register`` in place and either succeeds completely or raises an
``EingabeFehler`` before touching it, naming the field, the value and what would be valid. They
are meant to run inside ``storage.aendern``, on the registry as it is on disk at that moment.
Each returns hints for the user (e.g. a new topic that looks like an existing one).
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from netzwerk_cli.errors import EingabeFehler
from netzwerk_cli.model import (
    ID_MUSTER,
    Angebot,
    Kontakt,
    Netzwerk,
    Register,
    gebiet_pruefen,
    kontaktbezuege_pruefen,
)
from netzwerk_cli.text import closest, key, slug
from netzwerk_cli.validate import kontakt_pruefen, netzwerk_pruefen


def neue_id(name: str, vorhandene: set[str] | dict, gewuenscht: str = "") -> str:
    """The id for a new entry: ``gewuenscht`` or one derived from the name; never a taken one."""
    eintrag_id = gewuenscht or slug(name)
    if not ID_MUSTER.match(eintrag_id):
        raise EingabeFehler(f"Die ID „{eintrag_id}“ ist ungültig: nur Kleinbuchstaben, Ziffern "
                            "und Bindestriche, z. B. „ak-90“.")
    if eintrag_id in vorhandene:
        raise EingabeFehler(f"Die ID „{eintrag_id}“ ist schon vergeben. Bitte mit --id eine "
                            "andere angeben oder den vorhandenen Eintrag mit `netz edit` ändern.")
    return eintrag_id


def netzwerk_hinzufuegen(register: Register, netzwerk_id: str, netzwerk: Netzwerk) -> list[str]:
    """Add a new network; its id must be free in networks and offers alike."""
    neue_id(netzwerk.name, {*register.netzwerke, *register.angebote}, netzwerk_id)
    if not netzwerk.stand:
        netzwerk.stand = dt.date.today().isoformat()
    hinweise = _netzwerk_pruefen(register, netzwerk)
    register.netzwerke[netzwerk_id] = netzwerk
    return hinweise


def netzwerk_aendern(register: Register, netzwerk_id: str, setzen: dict[str, Any],
                     hinzu: dict[str, list[str]] | None = None,
                     weg: dict[str, list[str]] | None = None) -> list[str]:
    """Set fields, add to and remove from list fields; the result is checked as a whole."""
    alt = _netzwerk(register, netzwerk_id)
    neu = copy.deepcopy(alt)
    for feld, wert in setzen.items():
        _feld_setzen(neu, feld, wert)
    for feld, werte in (hinzu or {}).items():
        liste = getattr(neu, feld)
        liste += [w for w in werte if w not in liste]
    for feld, werte in (weg or {}).items():
        liste = getattr(neu, feld)
        fehlend = [w for w in werte if w not in liste]
        if fehlend:
            raise EingabeFehler(f"Feld „{feld}“ von „{netzwerk_id}“ enthält {fehlend[0]!r} nicht; "
                                f"vorhanden: {', '.join(liste) or '(leer)'}.")
        setattr(neu, feld, [w for w in liste if w not in werte])
    if "bezirke" in setzen or "stadtteile" in setzen:
        neu.stadtweit = setzen.get("stadtweit", False)
    elif setzen.get("stadtweit"):
        neu.bezirke, neu.stadtteile = [], []
    hinweise = _netzwerk_pruefen(register, neu, alt.themen)
    register.netzwerke[netzwerk_id] = neu
    return hinweise


def bestaetigen(register: Register, eintrag_id: str, datum: dt.date | None = None) -> str:
    """Stamp ``stand`` with today's date: "checked, still right". Returns the new stand."""
    eintrag = register.eintrag(eintrag_id)
    eintrag.stand = (datum or dt.date.today()).isoformat()
    return eintrag.stand


def eintrag_entfernen(register: Register, eintrag_id: str) -> Netzwerk | Angebot:
    """Remove a network or offer; its contacts stay (other entries may use them)."""
    eintrag = register.eintrag(eintrag_id)
    tabelle = register.netzwerke if eintrag_id in register.netzwerke else register.angebote
    del tabelle[eintrag_id]
    return eintrag


def kontakt_hinzufuegen(register: Register, kontakt_id: str, kontakt: Kontakt,
                        vorwahl: str = "") -> None:
    """Add a contact after checking and normalising its values."""
    neue_id(kontakt.anzeigename, register.kontakte, kontakt_id)
    register.kontakte[kontakt_id] = kontakt_pruefen(_wie_geladen(kontakt), vorwahl)


def kontakt_aendern(register: Register, kontakt_id: str, setzen: dict[str, Any],
                    vorwahl: str = "") -> None:
    """Set fields of a contact; the result is checked and normalised as a whole."""
    neu = copy.deepcopy(kontakt_holen(register, kontakt_id))
    for feld, wert in setzen.items():
        _feld_setzen(neu, feld, wert)
    register.kontakte[kontakt_id] = kontakt_pruefen(_wie_geladen(neu), vorwahl)


def kontakt_nutzer(register: Register, kontakt_id: str) -> list[str]:
    """The ids of the networks and offers that refer to a contact."""
    eintraege = [*register.netzwerke.items(), *register.angebote.items()]
    return [eintrag_id for eintrag_id, e in eintraege if kontakt_id in e.kontakte]


def kontakt_entfernen(register: Register, kontakt_id: str, loesen: bool = False) -> list[str]:
    """Remove a contact; refused while entries use it, unless ``loesen`` detaches it first.

    Returns the ids of the entries it was detached from.
    """
    kontakt_holen(register, kontakt_id)
    nutzer = kontakt_nutzer(register, kontakt_id)
    if nutzer and not loesen:
        raise EingabeFehler(
            f"Der Kontakt „{kontakt_id}“ wird noch genutzt von: {', '.join(nutzer)}. "
            "Erst dort entfernen, oder mit --force überall lösen und löschen."
        )
    for eintrag_id in nutzer:
        eintrag = register.eintrag(eintrag_id)
        eintrag.kontakte = [k for k in eintrag.kontakte if k != kontakt_id]
    del register.kontakte[kontakt_id]
    return nutzer


# --- helpers ---------------------------------------------------------------------------------


def _netzwerk(register: Register, netzwerk_id: str) -> Netzwerk:
    eintrag = register.eintrag(netzwerk_id)
    if not isinstance(eintrag, Netzwerk):
        raise EingabeFehler(f"„{netzwerk_id}“ ist ein Angebot, kein Netzwerk.")
    return eintrag


def kontakt_holen(register: Register, kontakt_id: str) -> Kontakt:
    if kontakt_id in register.kontakte:
        return register.kontakte[kontakt_id]
    vorschlag = closest(kontakt_id, list(register.kontakte))
    hint = f" Meinten Sie „{vorschlag}“?" if vorschlag else ""
    raise EingabeFehler(f"Keinen Kontakt mit der ID „{kontakt_id}“ gefunden.{hint} "
                        "Alle Kontakte zeigt `netz kontakt list`.")


def _feld_setzen(eintrag: Netzwerk | Kontakt, feld: str, wert: Any) -> None:
    """Set one field through the same checks the loader applies to the file."""
    typen = eintrag.felder()
    if feld not in typen:
        raise EingabeFehler(f"Unbekanntes Feld „{feld}“; erlaubt: {', '.join(typen)}.")
    geprueft, fehler = type(eintrag).aus_toml({**eintrag.als_toml(), feld: wert})
    if fehler:
        raise EingabeFehler(fehler[0])
    setattr(eintrag, feld, getattr(geprueft, feld))


def _wie_geladen(eintrag: Any) -> Any:
    """The entry as the loader would build it from the file: same checks, same normalisation."""
    geprueft, fehler = type(eintrag).aus_toml(eintrag.als_toml())
    if fehler:
        raise EingabeFehler(fehler[0])
    return geprueft


def _netzwerk_pruefen(register: Register, netzwerk: Netzwerk,
                      bisherige_themen: list[str] | None = None) -> list[str]:
    """Everything the loader checks for one network, plus the typed values; returns hints."""
    netzwerk.art = _wie_geladen(netzwerk).art
    fehler = gebiet_pruefen(netzwerk) + kontaktbezuege_pruefen(netzwerk, register)
    if fehler:
        raise EingabeFehler(fehler[0])
    netzwerk_pruefen(netzwerk)
    return _themen_hinweise(register, netzwerk.themen, bisherige_themen or [])


def _themen_hinweise(register: Register, themen: list[str], bisherige: list[str]) -> list[str]:
    """Topics are open; a new one that looks like an existing one gets a hint."""
    bekannt = list(register.themen())
    bekannt_schluessel = {key(t) for t in bekannt}
    hinweise = []
    for thema in themen:
        if thema in bisherige or key(thema) in bekannt_schluessel:
            continue
        aehnlich = closest(thema, bekannt)
        zusatz = f" – meinten Sie „{aehnlich}“?" if aehnlich else ""
        hinweise.append(f"Neues Thema „{thema}“{zusatz}")
    return hinweise


def gebiet_zuordnen(namen: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Sort place names into Stadtbezirke and Stadtteile (canonical names) plus hints.

    People type "Mitte" or "eppenhausen"; the registry stores "Hagen-Mitte" and "Eppenhausen".
    """
    from netzwerk_cli.gazetteer import hagen

    bezirke: list[str] = []
    stadtteile: list[str] = []
    hinweise: list[str] = []
    for name in namen:
        ort = hagen().aufloesen(name)
        ziel = bezirke if len(ort.pfad) == 1 else stadtteile
        if ort.name not in ziel:
            ziel.append(ort.name)
        if ort.hinweis:
            hinweise.append(ort.hinweis)
    return bezirke, stadtteile, hinweise
