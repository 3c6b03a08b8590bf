"""The Typer app of ``netz`` and what every command shares: German help and errors.

Errors of the project's own types become a German message on stderr and an exit code in one
place (``NetzGroup.invoke``). The commands live in one module per concern, each driving the core
module of the same name (``cli/check.py`` → ``check.py``), and are built on first use.
"""


import os
import sys
from collections.abc import Callable
from typing import Annotated, Any, NoReturn

import typer
from typer._click import Context  # Typer 0.29 bundles its own Click
from typer._click.exceptions import UsageError
from typer.core import TyperCommand, TyperGroup

from netzwerk_cli import __version__
from netzwerk_cli.cli import i18n
from netzwerk_cli.errors import InputError, NetzError

i18n.install_german()
i18n.install_help_types()

# Where each command lives: module → the commands it defines with ``@command("name", group)``.
# Typer inspects every option of every command it builds, so a command module is imported and
# built only when one of its commands runs (or ``--help`` lists them); ``netz list`` never pays
# for the options of the write and export commands. tests/test_cli.py keeps this table and the
# modules in step.
LAZY_COMMANDS: dict[str, tuple[str, ...]] = {
    "netzwerk_cli.cli.query": ("list", "show", "search", "themen", "arten", "angebote"),
    "netzwerk_cli.cli.coverage": ("bezirke", "luecken"),
    "netzwerk_cli.cli.registry": ("info",),
    "netzwerk_cli.cli.changes": ("add", "edit", "verify", "remove"),
    "netzwerk_cli.cli.storage": ("undo", "redo"),
    "netzwerk_cli.cli.contacts": ("kontakt",),
    "netzwerk_cli.cli.export": ("export",),
    "netzwerk_cli.cli.check": ("check", "faellig"),
    "netzwerk_cli.cli.merge": ("merge",),
    "netzwerk_cli.cli.members": ("mitglied",),
    "netzwerk_cli.cli.imports": ("import",),
    "netzwerk_cli.cli.meetings": ("treffen",),
}
_MODULE_OF = {name: module for module, names in LAZY_COMMANDS.items() for name in names}


class _German:
    """Mixin for Typer's command classes: German usage line, option help and usage errors."""

    def get_usage(self, ctx: Context) -> str:
        usage: str = super().get_usage(ctx)  # type: ignore[misc]  # mixin: super() is Click's
        return i18n.translate_usage_line(usage)

    def get_params(self, ctx: Context) -> list[Any]:
        params: list[Any] = super().get_params(ctx)  # type: ignore[misc]  # as above
        for param in params:
            if param.name in i18n.HELP_TEXTS:
                param.help = i18n.HELP_TEXTS[param.name]
            if param.name == "install_completion":
                param.callback = i18n.install_completion_in_german
            if param.help:
                param.help = i18n.help_markdown(param.help)
        return params

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        try:
            rest: list[str] = super().parse_args(ctx, args)  # type: ignore[misc]  # as above
        except UsageError as err:
            raise _as_shown(_in_german(err)) from None
        _refuse_undecodable(ctx)
        return rest


def _as_shown(err: UsageError) -> Exception:
    """A usage error as the user gets it. On a terminal Typer draws it in a box; in a pipe or
    a log file netz prints it here as plain lines (no box drawing where stderr is not a
    terminal) and ends with the same exit code 2."""
    if type(err).__name__ == "NoArgsIsHelpError" or sys.stderr.isatty():
        return err
    lines = [f"Fehler: {err.format_message()}"]
    if err.ctx is not None:
        lines = [err.ctx.get_usage(), f"Hilfe: '{err.ctx.command_path} --help'", *lines]
    typer.echo("\n".join(lines), err=True)
    return typer.Exit(err.exit_code)


def _refuse_undecodable(ctx: Context) -> None:
    """Refuse a text argument that held bytes which are not UTF-8 (``$'Caf\\xe9'`` in a UTF-8
    shell): Python keeps them as lone surrogates, which no file, pipe or terminal takes.

    File paths (options of type ``Path``) may hold such bytes; they are not text.
    """
    from netzwerk_cli.text import is_undecodable, printable, shortened

    for param in ctx.command.params:
        value = ctx.params.get(param.name or "")
        for item in value if isinstance(value, (list, tuple)) else [value]:
            if isinstance(item, str) and any(map(is_undecodable, item)):
                label = (param.opts[0] if param.param_type_name == "option"
                         else param.metavar or (param.name or "").upper())
                raise InputError(f"{label}: enthält Zeichen, die kein gültiges UTF-8 sind "
                                 f"(„{printable(shortened(item))}“). Bitte als UTF-8 eingeben – "
                                 "der Zeichensatz des Terminals ist wohl nicht UTF-8.")


def _in_german(err: UsageError) -> UsageError:
    """The same usage error (exit code 2, same context) with its message in German."""
    if type(err).__name__ == "NoArgsIsHelpError":  # the help was shown; Typer prints nothing
        return err
    from netzwerk_cli.text import message_text

    return UsageError(message_text(i18n.translate_usage_error(err.format_message())), err.ctx)


class NetzCommand(_German, TyperCommand):
    """A netz command."""


_built: dict[str, TyperGroup] = {}


def _load(name: str) -> Any:
    """Build the command ``name`` from its module (each module once per process)."""
    import importlib

    import typer.main

    module_name = _MODULE_OF[name]
    if module_name not in _built:
        _built[module_name] = typer.main.get_group(importlib.import_module(module_name).group)
    built = _built[module_name]
    if name in built.commands:
        return built.commands[name]
    built.name = name  # the module's group is itself the command (`netz kontakt …`)
    return built


class NetzGroup(_German, TyperGroup):
    """The netz app: also turns every ``NetzError`` into a short German message."""

    def list_commands(self, ctx: Context) -> list[str]:
        names: list[str] = super().list_commands(ctx)
        if ctx.parent is not None:
            return names
        return names + [n for n in _MODULE_OF if n not in names]

    def get_command(self, ctx: Context, cmd_name: str) -> Any:
        if ctx.parent is None and cmd_name in _MODULE_OF and cmd_name not in self.commands:
            self.commands[cmd_name] = _load(cmd_name)
        return super().get_command(ctx, cmd_name)

    def resolve_command(self, ctx: Context, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except UsageError as err:
            german = _in_german(err)
            if args and "Meinten Sie" not in german.message:  # Typer only knows built commands
                from netzwerk_cli.text import did_you_mean

                german.message += did_you_mean(args[0], self.list_commands(ctx))
            raise _as_shown(german) from None

    def invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)
        except NetzError as err:
            _fail(str(err), err.exit_code)
        except (typer.Exit, typer.Abort, UsageError, BrokenPipeError, KeyboardInterrupt):
            raise
        except OSError as err:  # a file netz could not reach (permissions, name too long …)
            from netzwerk_cli.registry import os_reason

            where = f"{err.filename}: " if err.filename else ""
            _fail(f"{where}{os_reason(err)}.", 1)
        except Exception as err:  # a bug of netz: say so in German, no traceback
            if os.environ.get("NETZ_DEBUG"):
                raise
            _fail(f"Unerwarteter Fehler in netz ({type(err).__name__}). Das ist ein Fehler im "
                  "Programm, nicht in Ihrer Eingabe; mit NETZ_DEBUG=1 erneut aufrufen zeigt "
                  "Einzelheiten für eine Fehlermeldung an die Entwickler.", 70)


def _fail(message: str, exit_code: int) -> NoReturn:
    """The one way netz reports an error: a German line on stderr and an exit code."""
    from netzwerk_cli.text import message_text

    print(f"Fehler: {message_text(message)}", file=sys.stderr)
    raise typer.Exit(exit_code) from None


def new_group(name: str | None = None, help_text: str | None = None) -> typer.Typer:
    """The Typer app of a command module; with ``name`` it is a command group (`netz kontakt`)."""
    return typer.Typer(cls=NetzGroup, name=name, help=help_text, rich_markup_mode="markdown",
                       no_args_is_help=name is not None)


def command(name: str, group: typer.Typer) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register the command ``name`` on a module's group with netz's German command class."""
    return group.command(name, cls=NetzCommand)


app = typer.Typer(
    cls=NetzGroup,
    name="netz",
    help="Das Register der Sozialraum-Netzwerke für die Arbeit mit Kindern und Jugendlichen "
    "in Hagen: Netzwerke finden, Kontakte nachschlagen, Register prüfen.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode="markdown",
)


def _version(value: bool) -> None:
    if value:
        print(f"netz {__version__}")
        raise typer.Exit()


@app.callback()
def _main_callback(
    version: Annotated[
        bool,
        typer.Option("--version", help="Version zeigen und beenden.", callback=_version,
                     is_eager=True),
    ] = False,
) -> None:
    """Das Register der Sozialraum-Netzwerke in Hagen."""


def main() -> None:
    """Entry point of the ``netz`` console script.

    netz runs for a moment and builds few reference cycles, so the cyclic garbage collector
    only costs time: on 10,000 networks it took a quarter of `netz list` (1.2 s -> 0.9 s).
    """
    import gc

    gc.disable()
    app()
