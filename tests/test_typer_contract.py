"""What netz borrows from Typer's internals: if a new Typer breaks it, these fail loudly.

pyproject.toml caps Typer below the next minor version; before raising the cap, run these.
"""

from __future__ import annotations

import gettext

import typer

from tests.conftest import runner


def test_typer_still_bundles_click_where_netz_imports_it():
    from typer._click import Context
    from typer._click.exceptions import UsageError

    assert issubclass(typer.Context, Context), "typer._click.Context ist nicht mehr Typers Basis"
    assert UsageError("x").exit_code == 2


def test_the_gettext_hook_translates_typers_help_panels():
    from netzwerk_cli.cli.app import app

    assert getattr(gettext.gettext, "_netz", False), "netz' gettext-Übersetzung fehlt"
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "Befehle" in result.stdout and "Optionen" in result.stdout, (
        "Typer holt seine Überschriften nicht mehr über gettext – i18n.py anpassen")
    assert "Commands" not in result.stdout


def test_usage_errors_are_still_german_with_exit_code_2():
    from netzwerk_cli.cli.app import app

    result = runner.invoke(app, ["list", "--gibtsnicht"])
    assert result.exit_code == 2
    assert "Unbekannte Option: --gibtsnicht" in result.stderr
    assert "No such option" not in result.stderr


def test_no_args_is_help_error_keeps_its_name():
    from netzwerk_cli.cli.app import app

    result = runner.invoke(app, ["kontakt"])
    assert result.exit_code == 2
    assert "Aufruf: netz kontakt" in result.stdout + result.stderr


def test_help_asks_each_parameter_for_its_type_column_and_netz_answers():
    """i18n.install_help_types replaces Typer's Python types (<bool>, <str>) in the help."""
    import typer.rich_utils
    from typer.core import TyperArgument, TyperOption

    from netzwerk_cli.cli.app import app

    assert getattr(TyperOption.display_type_rich, "_netz", False)
    assert getattr(TyperArgument.display_type_rich, "_netz", False)
    import inspect

    assert "display_type_rich" in inspect.getsource(typer.rich_utils._print_options_panel), (
        "Typer baut die Typspalte der Hilfe anders – i18n.install_help_types anpassen")
    result = runner.invoke(app, ["list", "--help"])
    assert "<bool>" not in result.stdout and "<str>" not in result.stdout


def test_completion_install_is_still_typers_callback_with_an_install_function():
    """app.py swaps Typer's English --install-completion callback for a German one."""
    import inspect

    import typer.main
    from typer import _completion_shared

    install_param, _ = typer.main.get_install_completion_arguments()
    assert install_param.name == "install_completion"
    assert install_param.callback.__name__ == "install_callback"
    assert "shell" in inspect.signature(_completion_shared.install).parameters
    assert callable(_completion_shared._get_shell_name)


def test_the_running_command_context_is_still_where_netz_looks_for_dry_run():
    from typer._click.globals import get_current_context

    from netzwerk_cli.cli.app import app

    seen = []

    def spy(*args, **kwargs):
        context = get_current_context(silent=True)
        seen.append(context and context.params.get("dry_run"))
        raise SystemExit(0)

    import netzwerk_cli.storage as storage

    original = storage.apply_change
    storage.apply_change = spy
    try:
        runner.invoke(app, ["verify", "ak-90", "--dry-run"])
    finally:
        storage.apply_change = original
    assert seen == [True], "netz erkennt --dry-run nicht mehr am laufenden Befehl (cli/registry.py)"
