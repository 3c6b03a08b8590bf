"""End to end: the installed ``netz`` command in a real subprocess, as a coordinator runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# The console script sits beside the interpreter of the environment netz is installed in.
NETZ = Path(sys.executable).with_name("netz")


@pytest.fixture
def clean_env(tmp_path: Path) -> dict[str, str]:
    """A clean environment with its own user dirs, as on a fresh machine, on a fixed day."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"NETZ_REGISTRY", "FORCE_COLOR", "PY_COLORS", "GITHUB_ACTIONS"}}
    env |= {"XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "XDG_CACHE_HOME": str(tmp_path / "cache"), "HOME": str(tmp_path / "home"),
            "NETZ_HEUTE": "2026-11-25"}
    return env


def run_netz(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(NETZ), *args], capture_output=True, text=True, env=env,
                          timeout=60, check=False)


def test_entry_point_is_installed():
    assert NETZ.is_file(), f"netz ist nicht installiert neben {sys.executable}"


def test_quickstart_command_lists_haspe_on_a_fresh_machine(clean_env, tmp_path):
    result = run_netz("list", "--bezirk", "Haspe", env=clean_env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith("ak-90\tAK 90")
    assert "angelegt" in result.stderr
    assert (tmp_path / "data" / "netz" / "networks.toml").is_file()


def test_python_dash_m_works(clean_env):
    result = subprocess.run([sys.executable, "-m", "netzwerk_cli", "--version"],
                            capture_output=True, text=True, env=clean_env, check=False)
    assert result.returncode == 0
    assert result.stdout.startswith("netz ")


def test_bad_input_gives_german_message_and_exit_2_not_a_traceback(clean_env):
    result = run_netz("list", "--bezirk", "Nirgendwo", env=clean_env)
    assert result.returncode == 2
    assert "Unbekannter Stadtbezirk „Nirgendwo“" in result.stderr
    assert "Traceback" not in result.stderr


def test_output_to_a_pipe_has_no_ansi_even_with_no_color_unset(clean_env):
    result = run_netz("show", "ak-90", env=clean_env)
    assert result.returncode == 0
    assert "\x1b[" not in result.stdout
    assert "Telefon: 0 23 31 / 4 42 34" in result.stdout


@pytest.mark.parametrize(("typed", "expected"), [
    ("netz list --bezirk Has", "Haspe"),
    ("netz list --art Arbeitsk", "Arbeitskreis"),
    ("netz show ak", "ak-90"),
])
def test_shell_completion_offers_places_kinds_and_ids(clean_env, typed, expected):
    clean_env |= {"_NETZ_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": typed}
    result = run_netz(env=clean_env)
    assert expected in result.stdout


def test_export_files_for_thunderbird_and_outlook(clean_env, tmp_path):
    """The two exports made for a mail program, written by the installed command."""
    registry = Path(__file__).parent / "fixtures" / "sonderzeichen.toml"
    ldif_file, csv_file = tmp_path / "verteiler.ldif", tmp_path / "kontakte.csv"
    result = run_netz("export", "verteiler", "-r", str(registry), "--format", "ldif",
                      "-o", str(ldif_file), env=clean_env)
    assert result.returncode == 0, result.stderr
    ldif_text = ldif_file.read_text("utf-8")
    assert ldif_text.endswith("\n\n")
    assert "member: cn=Petra Plus,mail=petra+netz@example.org\n" in ldif_text
    result = run_netz("export", "kontakte", "-r", str(registry), "--format", "outlook-csv",
                      "-o", str(csv_file), env=clean_env)
    assert result.returncode == 0, result.stderr
    assert "„Łukasz“ → „Lukasz“" in result.stderr
    assert csv_file.read_bytes().decode("cp1252").startswith("Vorname,Nachname,Firma,")


def test_json_to_a_reader_that_stops_early_ends_quietly(clean_env, tmp_path):
    """`netz list --json | head`: the output ends without a message and with exit code 0 (1
    would mean "nothing found"), as a table's does."""
    from netzwerk_cli.registry import registry_to_toml
    from tests.test_index import scaled

    path = tmp_path / "gross.toml"
    path.write_text(registry_to_toml(scaled(2500)), encoding="utf-8")
    for args in (["list", "--json"], ["export", "kontakte", "--format", "json"]):
        process = subprocess.Popen([str(NETZ), *args, "--registry", str(path)],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   env=clean_env)
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.read(100)
        process.stdout.close()  # the reader has what it wanted
        said = process.stderr.read()  # the export's summary, no error
        assert b"Fehler" not in said and b"Traceback" not in said
        assert process.wait(timeout=60) == 0, args
