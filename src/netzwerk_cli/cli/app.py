"""The Typer app of ``netz`` and what every command shares: German help and errors.

Errors of the project's own types become a German message on stderr and an exit code in one
place (``NetzGruppe.invoke``); the commands themselves live in ``lesen``, ``schreiben`` and
``kontakt`` and contain no business logic.
"""


import sys
from typing import Annotated

import typer
from typer._click.exceptions import UsageError  # Typer 0.29 bundles its own Click
from typer.core import TyperCommand, TyperGroup

from netzwerk_cli import __version__, i18n
from netzwerk_cli.errors import NetzError

i18n.typer_auf_deutsch()


class _AufDeutsch:
    """Mixin for Typer's command classes: German usage line, option help and usage errors."""

    def get_usage(self, ctx: typer.Context) -> str:
        return i18n.aufruf_auf_deutsch(super().get_usage(ctx))  # type: ignore[misc]

    def get_params(self, ctx: typer.Context) -> list:
        params = super().get_params(ctx)  # type: ignore[misc]
        for param in params:
            if param.name in i18n.HILFETEXTE:
                param.help = i18n.HILFETEXTE[param.name]
        return params

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)  # type: ignore[misc]
        except UsageError as err:
            raise _auf_deutsch(err) from None


def _auf_deutsch(err: UsageError) -> UsageError:
    """The same usage error (exit code 2, same context) with its message in German."""
    if type(err).__name__ == "NoArgsIsHelpError":  # the help was shown; Typer prints nothing
        return err
    return UsageError(i18n.usage_fehler_auf_deutsch(err.format_message()), err.ctx)


class _NetzBefehl(_AufDeutsch, TyperCommand):
    """A netz command."""


# Commands built only when used: Typer inspects every option of every command it builds, so
# `netz list` should not pay for the options of the write, export and check commands.
# Name → module; the module's Typer app ``gruppe`` holds the command (or is the group).
SPAETER_GELADEN = {
    "add": "netzwerk_cli.cli.schreiben",
    "edit": "netzwerk_cli.cli.schreiben",
    "verify": "netzwerk_cli.cli.schreiben",
    "remove": "netzwerk_cli.cli.schreiben",
    "undo": "netzwerk_cli.cli.schreiben",
    "kontakt": "netzwerk_cli.cli.kontakt",
    "export": "netzwerk_cli.cli.export",
    "check": "netzwerk_cli.cli.pruefen",
    "faellig": "netzwerk_cli.cli.pruefen",
    "luecken": "netzwerk_cli.cli.pruefen",
}
GRUPPEN = {"kontakt", "export"}


_gebaut: dict[str, TyperGroup] = {}


def _spaeter_geladen(name: str):
    """Build the command ``name`` from its module (each module once per process)."""
    import importlib

    import typer.main

    modulname = SPAETER_GELADEN[name]
    if modulname not in _gebaut:
        _gebaut[modulname] = typer.main.get_group(importlib.import_module(modulname).gruppe)
    gruppe = _gebaut[modulname]
    if name in GRUPPEN:
        gruppe.name = name
        return gruppe
    return gruppe.commands[name]


class NetzGruppe(_AufDeutsch, TyperGroup):
    """The netz app: also turns every ``NetzError`` into a short German message."""

    def list_commands(self, ctx: typer.Context) -> list[str]:
        namen = super().list_commands(ctx)
        if ctx.parent is not None:
            return namen
        return namen + [n for n in SPAETER_GELADEN if n not in namen]

    def get_command(self, ctx: typer.Context, cmd_name: str):
        if ctx.parent is None and cmd_name in SPAETER_GELADEN and cmd_name not in self.commands:
            self.commands[cmd_name] = _spaeter_geladen(cmd_name)
        return super().get_command(ctx, cmd_name)

    def resolve_command(self, ctx: typer.Context, args: list[str]):
        try:
            return super().resolve_command(ctx, args)
        except UsageError as err:
            fehler = _auf_deutsch(err)
            if args and "Meinten Sie" not in fehler.message:  # Typer only knows built commands
                import difflib

                aehnlich = difflib.get_close_matches(args[0], self.list_commands(ctx), n=1)
                if aehnlich:
                    fehler.message += f" Meinten Sie „{aehnlich[0]}“?"
            raise fehler from None

    def invoke(self, ctx: typer.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except NetzError as err:
            print(f"Fehler: {err}", file=sys.stderr)
            raise typer.Exit(err.exit_code) from None


app = typer.Typer(
    cls=NetzGruppe,
    name="netz",
    help="Das Register der Sozialraum-Netzwerke für die Arbeit mit Kindern und Jugendlichen "
    "in Hagen: Netzwerke finden, Kontakte nachschlagen, Register prüfen.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode="markdown",
)


def befehl(name: str | None = None, gruppe: typer.Typer | None = None):
    """Register a command (on ``app`` or a sub-group) with netz's German command class."""
    return (gruppe or app).command(name, cls=_NetzBefehl)


def _version(value: bool) -> None:
    if value:
        print(f"netz {__version__}")
        raise typer.Exit()


@app.callback()
def _hauptbefehl(
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
