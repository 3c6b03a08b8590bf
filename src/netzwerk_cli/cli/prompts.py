"""Asking for missing values on a terminal, one question at a time, re-asking on bad answers.

Outside a terminal nothing is asked: a missing required value is a usage error naming the
option to give, so scripts never hang on a prompt.
"""


import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import typer

from netzwerk_cli.errors import InputError

if TYPE_CHECKING:
    from netzwerk_cli.model import Entry

T = TypeVar("T")


def is_interactive() -> bool:
    """Whether we may ask: only when a person sits at the terminal."""
    return sys.stdin.isatty()


def missing(option: str, what: str) -> InputError:
    """The error for a required value that was not given and cannot be asked for."""
    return missing_all([(option, what)])


def missing_all(values: list[tuple[str, str]]) -> InputError:
    """The one error naming every required value that was not given: (option, what) each."""
    whats = [f"{what} ({option})" for option, what in values]
    options = [option for option, _ in values]
    return InputError(f"Es {'fehlt' if len(values) == 1 else 'fehlen'} {_enumerated(whats)}. "
                      "Ohne Terminal fragt netz nicht nach; "
                      f"bitte {_enumerated(options, 'sowie')} angeben.")


def _enumerated(items: list[str], last: str = "und") -> str:
    """ "a", "a und b", "a, b und c" (``last`` joins the last two)."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {last} {items[-1]}"


def ask(text: str, convert: Callable[[str], T], default: str | None = None) -> T:
    """Ask until ``convert`` accepts the answer; its German error is shown before re-asking.

    The default is shown in one line, printable (it may come from a hand-edited file) and
    shortened when long (a note); Enter takes it whole.
    """
    from netzwerk_cli.cli.render import note
    from netzwerk_cli.text import printable

    _tolerate_undecodable_input()
    flat = " ".join(printable(default or "").split())
    shown = f" [{flat if len(flat) <= 60 else flat[:59] + '…'}]" if flat else ""
    while True:
        answer = typer.prompt(f"{text}{shown}", default=default, show_default=False)
        try:
            return convert(answer.strip())
        except InputError as err:
            note(f"  {err}")


def _tolerate_undecodable_input() -> None:
    """Read bytes that are not UTF-8 as lone surrogates instead of failing on them, so the
    answer's check explains them and asks again (Python fails to decode them in a UTF-8
    locale). Possible only before the first read; afterwards the setting stays as it is."""
    import contextlib
    import io

    reconfigure = getattr(sys.stdin, "reconfigure", None)
    if reconfigure is None or getattr(sys.stdin, "errors", "") == "surrogateescape":
        return
    with contextlib.suppress(io.UnsupportedOperation, ValueError, OSError):
        reconfigure(errors="surrogateescape")


def field_answer(model: "type[Entry]", field_name: str,
                 then: Callable[[str], str] | None = None,
                 required: str = "") -> Callable[[str], Any]:
    """The check of an answer for one field: the per-field rules of saving
    (``model.check_value``: length, control and invisible characters, bytes that were not
    UTF-8), then ``then`` for a non-empty answer (an e-mail address, a phone number); an empty
    answer is refused with ``required`` when given. A list field takes a comma-separated
    answer."""
    from netzwerk_cli.model import check_value

    is_list = model.field_types()[field_name] == "list[str]"

    def convert(answer: str) -> Any:
        if required and not answer:
            raise InputError(required)
        value = check_value(model, field_name, split_list(answer) if is_list else answer)
        return then(value) if then is not None and value else value

    return convert


def split_list(answer: str) -> list[str]:
    """A comma-separated answer as a list ("-" or nothing means an empty list)."""
    if answer.strip() in ("", "-"):
        return []
    return [part.strip() for part in answer.split(",") if part.strip()]


def choose(text: str, options: list[str], default: str | None = None,
           resolve: Callable[[str], str] | None = None,
           also: dict[str, tuple[str, ...]] | None = None) -> str:
    """Ask for one of ``options`` by number or name.

    ``resolve`` turns any other typed name into an option (or raises a German error), so a
    question accepts every name its option accepts; ``also`` lists those other names.
    """
    for number, option in enumerate(options, 1):
        others = (also or {}).get(option, ())
        typer.echo(f"  {number}) {option}" + (f" ({', '.join(others)})" if others else ""),
                   err=True)

    def pick(answer: str) -> str:
        if answer.isdigit() and 1 <= int(answer) <= len(options):
            return options[int(answer) - 1]
        for option in options:
            if option.casefold() == answer.casefold():
                return option
        if resolve is not None:
            return resolve(answer)
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
        typer.echo("Nichts geändert.", err=True)
        raise typer.Exit(1)


# The questions for a new contact, by its kind: (field, question), in the order asked. The
# first field names the contact and must be answered unless a name was given as an option.
KONTAKT_QUESTIONS: dict[str, list[tuple[str, str]]] = {
    "person": [("name", "Name"), ("funktion", "Funktion"), ("organisation", "Organisation"),
               ("abteilung", "Abteilung")],
    "organisation": [("organisation", "Organisation"), ("abteilung", "Abteilung")],
    "rolle": [("name", "Name der Rolle, z. B. Bezirksjugendpflege Haspe"),
              ("funktion", "Funktion"), ("organisation", "Organisation"),
              ("abteilung", "Abteilung")],
}
_ADDRESS_AND_MORE = [("strasse", "Straße"), ("plz", "PLZ"), ("ort", "Ort"),
                     ("telefon", "Telefon"), ("email", "E-Mail"), ("webseite", "Webseite"),
                     ("notiz", "Notiz")]
_NAME_MISSING = {"name": "Bitte einen Namen eingeben.",
                 "organisation": "Bitte den Namen der Organisation eingeben."}


def ask_kontakt(values: dict[str, Any], oeffentlich: bool | None, vorwahl: str) -> bool:
    """Ask for the contact fields not given, the right ones for its kind; check each answer at
    once and ask again, so no answer is lost.

    Fills ``values`` and returns whether the contact may be published (asked, with "no" as the
    default for a person and "yes" for an organisation or a role, which are no personal data).
    """
    from netzwerk_cli import validate
    from netzwerk_cli.model import KONTAKT_ARTEN, Kontakt

    if not values.get("art"):
        default = "organisation" if values.get("organisation") and not values.get("name") \
            else "person"
        values["art"] = choose("Art des Kontakts", list(KONTAKT_ARTEN), default)
    if values["art"] not in KONTAKT_ARTEN:
        raise InputError(f"--art: „{values['art']}“; gültig: {', '.join(KONTAKT_ARTEN)}.")
    named = any(values.get(name) for name in ("name", "organisation", "abteilung"))
    # The postcode alone must have five digits; whether it fits the place is checked with it.
    typed_checks: dict[str, Callable[[str], str]] = {
        "telefon": lambda t: validate.normalize_telefon(t, vorwahl),
        "email": validate.check_email, "webseite": validate.check_webseite,
        "plz": lambda t: validate.check_plz(t, ort="(anderswo)")}
    questions = KONTAKT_QUESTIONS[values["art"]] + _ADDRESS_AND_MORE
    for position, (field_name, text) in enumerate(questions):
        if values.get(field_name) is not None:
            continue
        if position == 0 and not named:
            values[field_name] = ask(text, field_answer(Kontakt, field_name,
                                                        required=_NAME_MISSING[field_name]), "")
        elif field_name == "ort" and values.get("plz"):
            _ask_ort(values, field_answer(Kontakt, "plz", typed_checks["plz"]))
        else:
            values[field_name] = ask(f"{text} (leer: keine Angabe)",
                                     field_answer(Kontakt, field_name,
                                                  typed_checks.get(field_name)), "")
    if oeffentlich is None:
        from netzwerk_cli.cli.render import note

        note(f"  {PUBLISHING_DEFAULTS}")
        oeffentlich = ask_yes_no("Darf dieser Kontakt veröffentlicht werden?",
                                 values["art"] != "person")
    return oeffentlich


# What the publishing question offers when Enter is pressed (said in the question, the help
# of `netz kontakt add` and the README).
PUBLISHING_DEFAULTS = ("Vorgabe bei einer Person „nein“ (personenbezogene Daten: nur mit "
                       "Einverständnis), bei einer Organisation oder Rolle „ja“.")


def _ask_ort(values: dict[str, Any], plz_format: Callable[[str], str]) -> None:
    """Ask for the place; a postcode that does not fit it (not Hagen's for Hagen) is explained
    and asked for again, then the place."""
    from netzwerk_cli import validate
    from netzwerk_cli.model import Kontakt

    while True:
        values["ort"] = ask("Ort (leer: keine Angabe)", field_answer(Kontakt, "ort"), "")
        try:
            validate.check_plz(values["plz"], values["ort"])
            return
        except InputError as err:
            typer.echo(f"  {err}", err=True)
        values["plz"] = ask("PLZ (leer: keine Angabe)", plz_format, "")
        if not values["plz"]:
            return
