"""Asking for missing values on a terminal, one question at a time, re-asking on bad answers.

Outside a terminal nothing is asked: a missing required value is a usage error naming the
option to give, so scripts never hang on a prompt.
"""


import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer

from netzwerk_cli.errors import EingabeFehler

T = TypeVar("T")


def ist_interaktiv() -> bool:
    """Whether we may ask: only when a person sits at the terminal."""
    return sys.stdin.isatty()


def fehlt(option: str, was: str) -> EingabeFehler:
    """The error for a required value that was not given and cannot be asked for."""
    return EingabeFehler(f"Es fehlt {was} ({option}). Ohne Terminal fragt netz nicht nach; "
                         f"bitte {option} angeben.")


def frage(text: str, umwandeln: Callable[[str], T], standard: str | None = None) -> T:
    """Ask until ``umwandeln`` accepts the answer; its German error is shown before re-asking."""
    while True:
        antwort = typer.prompt(text, default=standard, show_default=bool(standard))
        try:
            return umwandeln(antwort.strip())
        except EingabeFehler as err:
            typer.echo(f"  {err}", err=True)


def liste(antwort: str) -> list[str]:
    """A comma-separated answer as a list ("-" or nothing means an empty list)."""
    if antwort.strip() in ("", "-"):
        return []
    return [teil.strip() for teil in antwort.split(",") if teil.strip()]


def auswahl(text: str, optionen: list[str], standard: str | None = None) -> str:
    """Ask for one of ``optionen`` by number or name."""
    for nummer, option in enumerate(optionen, 1):
        typer.echo(f"  {nummer}) {option}", err=True)

    def waehlen(antwort: str) -> str:
        if antwort.isdigit() and 1 <= int(antwort) <= len(optionen):
            return optionen[int(antwort) - 1]
        for option in optionen:
            if option.casefold() == antwort.casefold():
                return option
        raise EingabeFehler(f"Bitte eine Nummer von 1 bis {len(optionen)} oder einen der Namen.")

    return frage(text, waehlen, standard)


def ja_nein(text: str, standard: bool) -> bool:
    """A yes/no question answered with j/ja or n/nein (y/yes work too)."""

    def antwort(eingabe: str) -> bool:
        wort = eingabe.casefold() or ("j" if standard else "n")
        if wort in ("j", "ja", "y", "yes"):
            return True
        if wort in ("n", "nein", "no"):
            return False
        raise EingabeFehler("Bitte „j“ (ja) oder „n“ (nein) antworten.")

    return frage(f"{text} [{'J/n' if standard else 'j/N'}]", antwort, "")


def entfernen_bestaetigen(was: str, eintrag_id: str, ja: bool, probelauf: bool) -> None:
    """Removing asks on a terminal and needs --yes elsewhere; "no" ends with exit code 1."""
    if ja or probelauf:
        return
    if not ist_interaktiv():
        raise EingabeFehler(f"„{eintrag_id}“ wird nur mit --yes entfernt (ohne Terminal fragt "
                            "netz nicht nach).")
    if not ja_nein(f"{was} wirklich entfernen?", False):
        raise typer.Exit(1)


def kontakt_erfragen(werte: dict[str, Any], oeffentlich: bool | None, vorwahl: str) -> bool:
    """Ask for the contact fields not given; check each answer at once.

    Fills ``werte`` and returns whether the contact may be published (asked, with "no" as the
    default for a person).
    """
    from netzwerk_cli import validate
    from netzwerk_cli.model import KONTAKT_ARTEN

    if not werte.get("art"):
        werte["art"] = auswahl("Art des Kontakts", list(KONTAKT_ARTEN), "person")
    if werte["art"] not in KONTAKT_ARTEN:
        raise EingabeFehler(f"--art: „{werte['art']}“; gültig: {', '.join(KONTAKT_ARTEN)}.")
    pruefer: dict[str, Callable[[str], str]] = {
        "telefon": lambda t: validate.telefon_normalisieren(t, vorwahl),
        "email": validate.email_pruefen, "webseite": validate.webseite_pruefen}
    texte = {"name": "Name", "funktion": "Funktion", "organisation": "Organisation",
             "telefon": "Telefon", "email": "E-Mail", "webseite": "Webseite"}
    for feld, text in texte.items():
        if werte.get(feld) is None:
            pruefen = pruefer.get(feld, str)
            werte[feld] = frage(f"{text} (leer: keine Angabe)",
                                lambda a, p=pruefen: p(a) if a else "", "")
    if not (werte.get("name") or werte.get("organisation")):
        raise EingabeFehler("Ein Kontakt braucht einen Namen oder eine Organisation.")
    if oeffentlich is None:
        oeffentlich = ja_nein("Darf dieser Kontakt veröffentlicht werden?",
                              werte["art"] != "person")
    return oeffentlich
