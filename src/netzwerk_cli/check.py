"""``netz check``: is the registry valid, and is it still current?

Findings come in three severities. Errors are what a write would refuse (the loader's problems,
invalid e-mail, phone, web address or postcode); warnings are what makes the list less useful
(out of date, unreachable, unused, entered twice); hints are what would make it better. Each
finding names the entry and the field and says what to do.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from netzwerk_cli.errors import EingabeFehler, RegisterFehler
from netzwerk_cli.model import Angebot, Kontakt, Netzwerk, Register, stand_als_datum
from netzwerk_cli.registry import register_aus_text
from netzwerk_cli.text import key

FEHLER, WARNUNG, HINWEIS = "Fehler", "Warnung", "Hinweis"
STUFEN = (FEHLER, WARNUNG, HINWEIS)


class Befund(NamedTuple):
    """One finding: how serious, where (entry and field), and what to do."""

    stufe: str
    eintrag: str
    feld: str
    meldung: str


def pruefen(text: str, datei: str, heute: dt.date, max_alter_monate: int = 12) -> list[Befund]:
    """Every finding for the registry text, errors first."""
    try:
        register = register_aus_text(text, datei)
    except RegisterFehler as err:
        return [Befund(FEHLER, datei, "", problem) for problem in err.probleme]
    befunde = [*_werte_pruefen(register), *_veraltet(register, heute, max_alter_monate),
               *_unerreichbar(register), *_unbenutzte_kontakte(register),
               *_doppelte_kontakte(register), *_hinweise(register)]
    return sorted(befunde, key=lambda b: STUFEN.index(b.stufe))


def monate_alt(stand: str, heute: dt.date) -> int:
    """Whole months between a ``stand`` and today."""
    datum = stand_als_datum(stand)
    return (heute.year - datum.year) * 12 + heute.month - datum.month


class Faellig(NamedTuple):
    """An entry due for verification and whom to ask."""

    id: str
    eintrag: Netzwerk | Angebot
    monate: int | None
    kontakt_id: str


def faellige(register: Register, heute: dt.date, max_alter_monate: int = 12) -> list[Faellig]:
    """Entries whose ``stand`` is missing or older than the limit, oldest first."""
    ergebnis = []
    for eintrag_id, eintrag in [*register.netzwerke.items(), *register.angebote.items()]:
        monate = monate_alt(eintrag.stand, heute) if eintrag.stand else None
        if monate is None or monate > max_alter_monate:
            erreichbar = [k for k, kontakt in register.kontakte_von(eintrag)
                          if kontakt.email or kontakt.telefon]
            ergebnis.append(Faellig(eintrag_id, eintrag, monate,
                                    erreichbar[0] if erreichbar else ""))
    ergebnis.sort(key=lambda f: (-(f.monate if f.monate is not None else 10**6), f.id))
    return ergebnis


def ansprechpartner(register: Register, liste: list[Faellig]) -> tuple[list, list[str]]:
    """The distribution list of exactly the contacts to ask, and the entries without an address.

    Reuses the distribution-list exporter, so the addresses are de-duplicated and sorted alike.
    """
    from netzwerk_cli.export import Kontaktauswahl, KontaktEintrag, verteiler_sammeln

    eintraege = [KontaktEintrag(f.kontakt_id, register.kontakte[f.kontakt_id], (f.eintrag.name,))
                 for f in liste if f.kontakt_id]
    empfaenger, _ = verteiler_sammeln(Kontaktauswahl(eintraege, 0, []))
    ohne = [f.id for f in liste if not f.kontakt_id or not register.kontakte[f.kontakt_id].email]
    return empfaenger, ohne


# --- errors ----------------------------------------------------------------------------------


def _werte_pruefen(register: Register) -> list[Befund]:
    """The values a write would refuse; phone numbers not in the one stored form as hints."""
    from netzwerk_cli import validate

    befunde = []
    for kontakt_id, kontakt in register.kontakte.items():
        stelle = f"kontakte.{kontakt_id}"
        pruefungen = [
            ("email", kontakt.email, validate.email_pruefen),
            ("webseite", kontakt.webseite, validate.webseite_pruefen),
            ("plz", kontakt.plz, lambda plz, k=kontakt: validate.plz_pruefen(plz, k.ort)),
            ("telefon", kontakt.telefon, validate.telefon_normalisieren),
        ]
        for feld, wert, pruefung in pruefungen:
            if not wert:
                continue
            try:
                normal = pruefung(wert)
            except EingabeFehler as err:
                befunde.append(Befund(FEHLER, stelle, feld, f"{err} Bitte mit `netz kontakt "
                                      f"edit {kontakt_id} --{feld} …` korrigieren."))
                continue
            if feld == "telefon" and normal != wert:
                befunde.append(Befund(HINWEIS, stelle, feld, f"„{wert}“ steht nicht in der "
                                      f"einheitlichen Form „{normal}“; `netz kontakt edit "
                                      f"{kontakt_id} --telefon \"{wert}\"` speichert sie so."))
    for eintrag_id, eintrag in [*register.netzwerke.items(), *register.angebote.items()]:
        if eintrag.webseite:
            try:
                validate.webseite_pruefen(eintrag.webseite)
            except EingabeFehler as err:
                befunde.append(Befund(FEHLER, _stelle(register, eintrag_id), "webseite",
                                      str(err)))
    return befunde


# --- warnings --------------------------------------------------------------------------------


def _veraltet(register: Register, heute: dt.date, max_alter: int) -> list[Befund]:
    befunde = []
    for faellig in faellige(register, heute, max_alter):
        if faellig.monate is None:
            text = "Kein Stand: Wann wurde der Eintrag zuletzt geprüft?"
        else:
            text = (f"Stand {faellig.eintrag.stand} ist {faellig.monate} Monate alt "
                    f"(Grenze: {max_alter}).")
        befunde.append(Befund(WARNUNG, _stelle(register, faellig.id), "stand",
                              f"{text} Prüfen und mit `netz verify {faellig.id}` bestätigen."))
    return befunde


def _unerreichbar(register: Register) -> list[Befund]:
    befunde = []
    for netzwerk_id, netzwerk in register.netzwerke.items():
        kontakte = [k for _, k in register.kontakte_von(netzwerk)]
        if not any(k.email or k.telefon for k in kontakte):
            grund = ("hat keinen Kontakt" if not kontakte
                     else "hat keinen Kontakt mit E-Mail oder Telefon")
            befunde.append(Befund(WARNUNG, f"netzwerke.{netzwerk_id}", "kontakte",
                                  f"„{netzwerk.name}“ {grund}: niemand ist erreichbar. "
                                  f"Kontakt ergänzen: `netz edit {netzwerk_id} --add-kontakt …`."))
    return befunde


def _unbenutzte_kontakte(register: Register) -> list[Befund]:
    genutzt = {k for e in [*register.netzwerke.values(), *register.angebote.values()]
               for k in e.kontakte}
    return [Befund(WARNUNG, f"kontakte.{kontakt_id}", "",
                   f"„{kontakt.anzeigename}“ gehört zu keinem Netzwerk. Zuordnen oder mit "
                   f"`netz kontakt remove {kontakt_id}` entfernen.")
            for kontakt_id, kontakt in register.kontakte.items() if kontakt_id not in genutzt]


def _doppelte_kontakte(register: Register) -> list[Befund]:
    """The same e-mail address, or the same person's name, under two ids."""
    befunde = []
    gesehen: dict[str, str] = {}
    for kontakt_id, kontakt in sorted(register.kontakte.items()):
        merkmale = (("email", kontakt.email.casefold()), ("name", _personenname(kontakt)))
        for merkmal, wert in merkmale:
            if not wert:
                continue
            frueher = gesehen.get(f"{merkmal}:{wert}")
            if frueher:
                was = "dieselbe E-Mail-Adresse" if merkmal == "email" else "denselben Namen"
                befunde.append(Befund(WARNUNG, f"kontakte.{kontakt_id}", merkmal,
                                      f"Hat {was} wie „{frueher}“ – dieselbe Person doppelt? "
                                      f"Zusammenführen: Netzwerke auf „{frueher}“ umstellen und "
                                      f"`netz kontakt remove {kontakt_id}`."))
                break
            gesehen[f"{merkmal}:{wert}"] = kontakt_id
    return befunde


def _personenname(kontakt: Kontakt) -> str:
    return key(kontakt.name) if kontakt.art == "person" and kontakt.name else ""


# --- hints -----------------------------------------------------------------------------------


def _hinweise(register: Register) -> list[Befund]:
    befunde = []
    for netzwerk_id, netzwerk in register.netzwerke.items():
        stelle = f"netzwerke.{netzwerk_id}"
        if not netzwerk.themen:
            befunde.append(Befund(HINWEIS, stelle, "themen", "Keine Themen: mit `netz edit "
                                  f"{netzwerk_id} --add-thema …` wird es über --thema auffindbar."))
        if not netzwerk.webseite:
            befunde.append(Befund(HINWEIS, stelle, "webseite", "Keine Webseite angegeben."))
    for kontakt_id, kontakt in register.kontakte.items():
        if kontakt.art == "person" and not kontakt.oeffentlich:
            befunde.append(Befund(HINWEIS, f"kontakte.{kontakt_id}", "oeffentlich",
                                  f"„{kontakt.name}“ ist nicht zur Veröffentlichung freigegeben "
                                  "und fehlt daher in öffentlichen Listen. Mit Einverständnis: "
                                  f"`netz kontakt edit {kontakt_id} --oeffentlich`."))
    return befunde


def _stelle(register: Register, eintrag_id: str) -> str:
    tabelle = "netzwerke" if eintrag_id in register.netzwerke else "angebote"
    return f"{tabelle}.{eintrag_id}"
