"""Help and messages in German: no Python types, no cut words, a description for every option,
German completion messages, and singular and plural right."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
import typer.rich_utils

from netzwerk_cli.cli import app


def _command_paths() -> list[list[str]]:
    """Every command and sub-command as registered (`[]` is `netz` itself)."""
    root = typer.main.get_command(app)
    ctx = typer.Context(root)
    paths: list[list[str]] = [[]]
    for name in root.list_commands(ctx):  # type: ignore[attr-defined]
        paths.append([name])
        subs = getattr(root.get_command(ctx, name), "commands", {})  # type: ignore[attr-defined]
        paths += [[name, sub] for sub in subs]
    return paths


COMMANDS = _command_paths()


def flat(text: str) -> str:
    return " ".join(text.replace("│", " ").split())


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) or "netz" for c in COMMANDS])
@pytest.mark.parametrize("columns", [80, 200])
def test_help_shows_no_python_types_and_cuts_no_words(netz, monkeypatch, command, columns):
    monkeypatch.setattr(typer.rich_utils, "MAX_WIDTH", columns)
    result = netz(*command, "--help")
    assert result.exit_code == 0, result.output
    for python in ("<bool>", "<str>", "<int>", "<path>", "list[", "[[", "]...]", "{ID}",
                   "<list"):
        assert python not in result.stdout, python
    cut = re.search(r"[^\s„(]…", result.stdout)  # "Arbeitsgemeinscha…", not "„…“" or " …"
    assert cut is None, f"ein Wort ist gekürzt: {cut and cut.group()}"


def _commands():
    """Every command and sub-command object, with its path."""
    root = typer.main.get_command(app)
    ctx = typer.Context(root)
    for name in root.list_commands(ctx):  # type: ignore[attr-defined]
        command = root.get_command(ctx, name)  # type: ignore[attr-defined]
        subs = getattr(command, "commands", None)
        if subs:
            yield from ((f"{name} {sub}", subs[sub]) for sub in subs)
        else:
            yield name, command


def test_every_option_and_argument_has_a_description():
    root = typer.main.get_command(app)
    missing = []
    for path, command in [("netz", root), *_commands()]:
        ctx = typer.Context(command, info_name=path)
        for param in command.get_params(ctx):
            if not (param.help or "").strip():
                missing.append(f"{path} {param.opts[0] if param.opts else param.name}")
    assert missing == []


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) or "netz" for c in COMMANDS])
def test_every_option_line_of_the_help_has_text(netz, monkeypatch, command):
    monkeypatch.setattr(typer.rich_utils, "MAX_WIDTH", 200)
    output = netz(*command, "--help").stdout
    for line in output.splitlines():
        cells = line.strip("│ ").split()
        if cells and cells[0].startswith("--"):
            words = [w for w in cells if not (w.startswith("-") or w.isupper() or w == "*")]
            assert words, f"Option ohne Beschreibung: {line.strip()}"


def test_outlook_format_description_shows_the_address_placeholder(netz, monkeypatch):
    monkeypatch.setattr(typer.rich_utils, "MAX_WIDTH", 200)
    assert "Name <adresse>; …" in flat(netz("export", "verteiler", "--help").stdout)


def test_add_help_describes_what_add_does_with_bezirk_and_thema(netz, monkeypatch):
    monkeypatch.setattr(typer.rich_utils, "MAX_WIDTH", 200)
    text = flat(netz("add", "--help").stdout)
    assert "Nur Netzwerke" not in text
    assert "Stadtbezirk, für den das Netzwerk zuständig ist" in text
    assert "Thema des Netzwerks" in text


def test_usage_lines_name_arguments_without_python_brackets(netz):
    assert "Aufruf: netz edit [OPTIONEN] ID" in netz("edit", "--help").stdout
    assert "Aufruf: netz export verteiler [OPTIONEN] [ID]..." in (
        netz("export", "verteiler", "--help").stdout)


# --- completion -----------------------------------------------------------------------------


def test_installing_completion_says_so_in_german(tmp_path):
    netz_command = Path(sys.executable).with_name("netz")
    env = {**os.environ, "HOME": str(tmp_path), "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    result = subprocess.run([str(netz_command), "--install-completion", "bash"], env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert "completion installed" not in output and "take effect" not in output
    assert f"Tab-Vervollständigung für bash eingerichtet: {tmp_path}" in output
    assert "in jedem neuen Terminal" in output
    assert (tmp_path / ".bash_completions" / "netz.sh").is_file()
    result = subprocess.run([str(netz_command), "--install-completion", "tcsh"], env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2
    assert "not one of" not in result.stderr
    assert "„tcsh“ geht nicht; gültig: bash, zsh, fish, powershell, pwsh." in flat(result.stderr)


# --- singular and plural ----------------------------------------------------------------------


@pytest.fixture
def one_of_each(tmp_path, fixture_file):
    """A registry with exactly one warning (out of date) and one hint (no web address)."""
    text = fixture_file("check-sauber.toml").read_text("utf-8")
    text = text.replace('stand = "2026-06"', 'stand = "2025-10"')
    text = text.replace('webseite = "https://forum-boele.example.org"\n', "")
    file = tmp_path / "eins.toml"
    file.write_text(text, "utf-8")
    return file


def test_check_counts_in_singular_and_plural(netz, one_of_each):
    result = netz("check", "-r", str(one_of_each), "--max-alter", "1")
    assert "veraltet ab 1 Monat)" in result.stdout
    assert "Ergebnis: 0 Fehler, 1 Warnung, 1 Hinweis." in result.stdout
    assert "ist 13 Monate alt" in result.stdout


def test_check_says_one_month_in_singular(netz, tmp_path, fixture_file):
    text = fixture_file("check-sauber.toml").read_text("utf-8").replace(
        'stand = "2026-06"', 'stand = "2026-10"')
    file = tmp_path / "monat.toml"
    file.write_text(text, "utf-8")
    result = netz("check", "-r", str(file), "--max-alter", "0")
    assert "ist 1 Monat alt (Grenze: 0)" in result.stdout


def test_faellig_says_months_in_singular_and_plural(netz, one_of_each, fixture_file):
    result = netz("faellig", "-r", str(one_of_each), "--max-alter", "1")
    assert "1 Eintrag älter als 1 Monat oder ohne Stand." in result.stderr
    result = netz("faellig", "-r", str(fixture_file("check-sauber.toml")), "--max-alter", "6")
    assert "in den letzten 6 Monaten geprüft" in result.stderr
    result = netz("faellig", "-r", str(fixture_file("check-sauber.toml")), "--max-alter", "5")
    assert "in den letzten 5 Monaten geprüft" in result.stderr


def test_luecken_counts_one_city_wide_network_in_singular(netz, tmp_path, fixture_file):
    text = fixture_file("check-sauber.toml").read_text("utf-8").replace(
        'stadtteile = ["Boele"]', "stadtweit = true")
    file = tmp_path / "stadtweit.toml"
    file.write_text(text, "utf-8")
    result = netz("luecken", "-r", str(file))
    assert "Überall zuständig: 1 stadtweites Netzwerk." in result.stderr


def test_one_more_problem_is_singular(netz, tmp_path):
    lines = ["schema = 2"] + [f'[netzwerke.n{i}]\nname = "N"\nart = "x"\nstadtweit = true'
                              for i in range(21)]
    file = tmp_path / "viele.toml"
    file.write_text("\n".join(lines) + "\n", "utf-8")
    result = netz("list", "-r", str(file))
    assert "… und 1 weiteres Problem." in result.stderr
    assert not re.search(r"\b1 weitere Probleme", result.stderr)
