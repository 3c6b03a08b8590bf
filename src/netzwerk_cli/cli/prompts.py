"""Asking for missing values on a terminal, one question at a time, re-asking on bad answers.

Outside a terminal nothing is asked: a missing required value is a usage error naming the
option to give, so scripts never hang on a prompt.
"""


import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer

from netzwerk_cli.errors import InputError

T = TypeVar("T")


def is_interactive() -> bool:
    """Whether we may ask: only when a person sits at the terminal."""
    return sys.stdin.isatty()


def missing(option: str, what: str) -> InputError:
    """The error for a required value that was not given and cannot be asked for."""
    return InputError(f"Es fehlt {what} ({option}). Ohne Terminal fragt netz nicht nach; "
                      f"bitte {option} angeben.")


def ask(text: str, convert: Callable[[str], T], default: str | None = None) -> T:
    """Ask until ``convert`` accepts the answer; its German error is shown before re-asking."""
    while True:
        answer = typer.prompt(text, default=default, show_default=bool(default))
        try:
            return convert(answer.strip())
        except InputError as err:
            typer.echo(f"  {err}", err=True)


def split_list(answer: str) -> list[str]:
    """A comma-separated answer as a list ("-" or nothing means an empty list)."""
    if answer.strip() in ("", "-"):
        return []
    return [part.strip() for part in answer.split(",") if part.strip()]


def choose(text: str, options: list[str], default: str | None = None) -> str:
    """Ask for one of ``options`` by number or name."""
    for number, option in enumerate(options, 1):
        typer.echo(f"  {number}) {option}", err=True)

    def pick(answer: str) -> str:
        if answer.isdigit() and 1 <= int(answer) <= len(options):
            return options[int(answer) - 1]
        for option in options:
            if option.casefold() == answer.casefold():
                return option
        raise InputError(f"Bitte eine Nummer von 1 bis {len(options)} oder einen der Namen.")

    return ask(text, pick, default)


def ask_yes_no(text: str, default: bool) -> bool:
    """A yes/no question answered with j/ja or n/nein (y/yes work too)."""

    def answer(typed: str) -> bool:
        word = typed.casefold() or ("j" if default else "n")
        if word in ("j", "ja", "y", "yes"):
            return True
        if word in ("n", "nein", "no"):
            return False
        raise InputError("Bitte „j“ (ja) oder „n“ (nein) antworten.")

    return ask(f"{text} [{'J/n' if default else 'j/N'}]", answer, "")


def confirm_removal(what: str, entry_id: str, yes: bool, dry_run: bool) -> None:
    """Removing asks on a terminal and needs --yes elsewhere; "no" ends with exit code 1."""
    if yes or dry_run:
        return
    if not is_interactive():
        raise InputError(f"„{entry_id}“ wird nur mit --yes entfernt (ohne Terminal fragt "
                         "netz nicht nach).")
    if not ask_yes_no(f"{what} wirklich entfernen?", False):
        raise typer.Exit(1)


def _optional(check: Callable[[str], str]) -> Callable[[str], str]:
    """An answer checked by ``check``, or nothing when nothing was typed."""
    return lambda answer: check(answer) if answer else ""


def ask_kontakt(values: dict[str, Any], oeffentlich: bool | None, vorwahl: str) -> bool:
    """Ask for the contact fields not given; check each answer at once.

    Fills ``values`` and returns whether the contact may be published (asked, with "no" as the
    default for a person).
    """
    from netzwerk_cli import validate
    from netzwerk_cli.model import KONTAKT_ARTEN, require_kontakt_name

    if not values.get("art"):
        values["art"] = choose("Art des Kontakts", list(KONTAKT_ARTEN), "person")
    if values["art"] not in KONTAKT_ARTEN:
        raise InputError(f"--art: „{values['art']}“; gültig: {', '.join(KONTAKT_ARTEN)}.")
    checks: dict[str, Callable[[str], str]] = {
        "telefon": lambda t: validate.normalize_telefon(t, vorwahl),
        "email": validate.check_email, "webseite": validate.check_webseite}
    questions = {"name": "Name", "funktion": "Funktion", "organisation": "Organisation",
                 "telefon": "Telefon", "email": "E-Mail", "webseite": "Webseite"}
    for field_name, text in questions.items():
        if values.get(field_name) is None:
            values[field_name] = ask(f"{text} (leer: keine Angabe)",
                                     _optional(checks.get(field_name, str)), "")
    require_kontakt_name(values)
    if oeffentlich is None:
        oeffentlich = ask_yes_no("Darf dieser Kontakt veröffentlicht werden?",
                                 values["art"] != "person")
    return oeffentlich
