"""German labels for the help and error screens that Typer draws.

Typer's Rich help takes its panel titles ("Options", "Commands", …) through ``gettext`` when
``typer.rich_utils`` is first imported. netz speaks German whatever the user's locale, so before
that import we route those few strings through a German table. Nothing else is touched: every
other message passes through to the original ``gettext``.
"""

from __future__ import annotations

import gettext

_DEUTSCH = {
    "Arguments": "Argumente",
    "Options": "Optionen",
    "Commands": "Befehle",
    "Error": "Fehler",
    "Aborted.": "Abgebrochen.",
    "Aborted!": "Abgebrochen!",
    "[default: {}]": "[Standard: {}]",
    "[env var: {}]": "[Umgebungsvariable: {}]",
    "[required]": "[Pflicht]",
    "(deprecated) ": "(veraltet) ",
    "Try [blue]'{command_path} {help_option}'[/] for help.": (
        "Hilfe: [blue]'{command_path} {help_option}'[/]"
    ),
}


def typer_auf_deutsch() -> None:
    """Install the German table in front of ``gettext.gettext`` (once, idempotent)."""
    original = gettext.gettext
    if getattr(original, "_netz", False):
        return

    def uebersetzen(message: str) -> str:
        return _DEUTSCH.get(message) or original(message)

    uebersetzen._netz = True  # type: ignore[attr-defined]
    gettext.gettext = uebersetzen
