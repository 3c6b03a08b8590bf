"""Asking for missing values on a terminal, one question at a time, re-asking on bad answers.

Outside a terminal nothing is asked: a missing required value is a usage error naming the
option to give, so scripts never hang on a prompt.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TypeVar

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
