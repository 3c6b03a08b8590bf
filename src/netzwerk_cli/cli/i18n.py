"""German for the help and error screens that Typer and its bundled Click draw.

netz speaks German whatever the user's locale. Typer's Rich help takes its panel titles
("Options", "Commands", …) through ``gettext`` when ``typer.rich_utils`` is first imported, so
before that import we route those few strings through a German table; every other message
passes through to the original ``gettext``. Click's own usage errors and the texts of the options
it adds (``--help``, completion) are plain English strings; ``translate_usage_error`` and
``HELP_TEXTS`` cover the ones a user meets. This leans on Typer internals, which is why
``pyproject.toml`` caps Typer's version and ``tests/test_typer_contract.py`` fails loudly when a
new Typer changes them.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable

_GERMAN = {
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

# Help texts of the options that Typer and Click add to every app or command.
HELP_TEXTS = {
    "help": "Diese Hilfe zeigen und beenden.",
    "install_completion": "Tab-Vervollständigung für die aktuelle Shell einrichten.",
    "show_completion": "Tab-Vervollständigung für die aktuelle Shell zeigen (zum Kopieren).",
}

Translation = Callable[[re.Match[str]], str]

_USAGE_PATTERNS: list[tuple[str, Translation]] = [
    ((r"^No such option: (\S+)(?: \(Possible options: (.+)\))?$"),
     lambda m: f"Unbekannte Option: {m[1]}" + (f" (meinten Sie {m[2]}?)" if m[2] else "")),
    ((r"^No such command '(.+)'\.(?: Did you mean '(.+)'\?)?$"),
     lambda m: f"Unbekannter Befehl „{m[1]}“." + (f" Meinten Sie „{m[2]}“?" if m[2] else "")),
    ((r"^Missing argument '(.+)'\.$"), lambda m: f"Es fehlt das Argument {m[1]}."),
    ((r"^Missing option '(.+)'\.$"), lambda m: f"Es fehlt die Option {m[1]}."),
    ((r"^Option '(.+)' requires an argument\.$"),
     lambda m: f"Die Option {m[1]} braucht einen Wert."),
    ((r"^Got unexpected extra argument\(s\) \((.+)\)$"),
     lambda m: f"Unerwartetes zusätzliches Argument: {m[1]}"),
    (r"(?s)^Invalid value for (.+?): (.+)$",
     lambda m: f"Ungültiger Wert für {m[1]}: {_value_error(m[2])}"),
]

# Typer checks option values with pydantic; its messages for the checks netz uses.
_VALUE_PATTERNS: list[tuple[str, Translation]] = [
    (r"^Input should be greater than or equal to (\S+)$", lambda m: f"mindestens {m[1]}."),
    (r"^Input should be a valid integer.*$", lambda m: "bitte eine ganze Zahl."),
    (r"^file '?(.+?)'? is a directory\.?$", lambda m: f"„{m[1]}“ ist ein Ordner, keine Datei."),
    (r"^(?:Value error, )?'(.+?)' is not one of (.+?)\.?$",
     lambda m: f"„{m[1]}“ geht nicht; gültig: {m[2].replace(chr(39), '')}."),
]


def _value_error(message: str) -> str:
    for pattern, german in _VALUE_PATTERNS:
        match = re.match(pattern, message.strip(), re.IGNORECASE | re.DOTALL)
        if match:
            return german(match)
    return message


def translate_usage_error(message: str) -> str:
    """Click's English usage-error message in German (unchanged if it is not a known one)."""
    for pattern, german in _USAGE_PATTERNS:
        match = re.match(pattern, message)
        if match:
            return german(match)
    return message


def translate_usage_line(usage: str) -> str:
    """Click's usage line ("Usage: netz list [OPTIONS]") in German; Typer's braces around a
    required argument ("{ID}") go, as in every German manual: required is what has no []."""
    usage = (usage.replace("Usage:", "Aufruf:", 1).replace("[OPTIONS]", "[OPTIONEN]")
             .replace("COMMAND [ARGS]...", "BEFEHL [ARGUMENTE]..."))
    return re.sub(r"\{([^{}\s]+)\}", r"\1", usage)


def help_markdown(text: str) -> str:
    """Option help is Markdown (``rich_markup_mode="markdown"``), where "<adresse>" would be
    swallowed as an HTML tag: escape angle brackets (idempotent, help is read repeatedly)."""
    return re.sub(r"(?<!\\)([<>])", r"\\\1", text)


def type_label(param: object, ctx: object) -> str | None:
    """What the help shows in its type column: the metavar a netz option names (DATEI, ART),
    never a Python type (``<bool>``, ``<str>``, ``<list[str]>``). Arguments show their name
    in the name column already."""
    from typer.core import TyperArgument

    if isinstance(param, TyperArgument):
        return None
    metavar = getattr(param, "metavar", None)
    if metavar is not None or getattr(param, "is_flag", False):
        return metavar
    return "TEXT"


def install_help_types() -> None:
    """Replace Typer's Python types in the help by ``type_label`` (Typer 0.29 has no setting
    for it: ``rich_utils._print_options_panel`` asks ``param.display_type_rich``)."""
    from typer.core import TyperArgument, TyperOption

    for cls in (TyperOption, TyperArgument):
        if not getattr(cls.display_type_rich, "_netz", False):
            def display_type_rich(self: object, ctx: object) -> str | None:
                return type_label(self, ctx)

            display_type_rich._netz = True  # type: ignore[attr-defined]  # marks the patch
            cls.display_type_rich = display_type_rich  # type: ignore[method-assign]


_COMPLETION_SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


def install_completion_in_german(ctx: object, param: object, value: object) -> None:
    """``--install-completion`` as Typer does it, with its English lines in German."""
    import sys

    import typer
    from typer._completion_shared import _get_shell_name, install

    if not value or getattr(ctx, "resilient_parsing", False):
        return
    shell = value if isinstance(value, str) else _get_shell_name()
    if shell not in _COMPLETION_SHELLS:
        typer.echo(f"Fehler: Tab-Vervollständigung gibt es für bash, zsh, fish und PowerShell, "
                   f"nicht für „{shell or 'diese Shell'}“.", err=True)
        sys.exit(1)
    shell, path = install(shell=shell)
    typer.echo(f"Tab-Vervollständigung für {shell} eingerichtet: {path}")
    typer.echo("Sie wirkt in jedem neuen Terminal (oder nach `source` der Startdatei der Shell).")
    sys.exit(0)


def install_german() -> None:
    """Install the German table in front of ``gettext.gettext`` (once, idempotent).

    If ``typer.rich_utils`` was imported before (a test runner does that), its texts are
    already English constants; those are translated in place.
    """
    import sys

    rich_utils = sys.modules.get("typer.rich_utils")
    if rich_utils is not None:
        for name, value in list(vars(rich_utils).items()):
            if isinstance(value, str) and value in _GERMAN:
                setattr(rich_utils, name, _GERMAN[value])
    original = gettext.gettext
    if getattr(original, "_netz", False):
        return

    def translate(message: str) -> str:
        return _GERMAN.get(message) or original(message)

    translate._netz = True  # type: ignore[attr-defined]  # marks the installed wrapper
    gettext.gettext = translate
