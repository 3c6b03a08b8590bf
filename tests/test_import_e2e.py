"""`netz import` end to end: the installed command in a real subprocess, as a coordinator
runs it on the lists she keeps (CSV from German Excel, an Excel workbook)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

NETZ = Path(sys.executable).with_name("netz")
IMPORT = Path(__file__).parent / "fixtures" / "import"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A clean environment with its own user dirs and an empty registry, on a fixed day."""
    registry = tmp_path / "register.toml"
    registry.write_text("schema = 2\n", "utf-8")
    base = {k: v for k, v in os.environ.items()
            if k not in {"NETZ_REGISTRY", "FORCE_COLOR", "PY_COLORS", "GITHUB_ACTIONS"}}
    return base | {"XDG_DATA_HOME": str(tmp_path / "data"),
                   "XDG_CONFIG_HOME": str(tmp_path / "config"),
                   "XDG_CACHE_HOME": str(tmp_path / "cache"), "HOME": str(tmp_path / "home"),
                   "NETZ_HEUTE": "2026-11-25", "NETZ_REGISTRY": str(registry)}


def run_netz(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(NETZ), *args], capture_output=True, text=True, env=env,
                          timeout=60, check=False, encoding="utf-8")


def test_csv_from_german_excel_is_imported_and_undone(env):
    result = run_netz("import", str(IMPORT / "excel-de-cp1252-semikolon.csv"), env=env)
    assert result.returncode == 0, result.stderr
    assert "neu\t8\n" in result.stdout
    assert "Traceback" not in result.stderr
    shown = run_netz("kontakt", "show", "joerg-mueller-luedenscheidt", env=env)
    assert "Funktion: Leitung; Koordination Netzwerk Mitte" in shown.stdout
    assert "Veröffentlichen: nein (nur intern)" in shown.stdout
    again = run_netz("import", str(IMPORT / "excel-de-cp1252-semikolon.csv"), env=env)
    assert "unverändert\t8\n" in again.stdout and "Keine Änderung" in again.stderr
    assert run_netz("undo", env=env).returncode == 0
    assert Path(env["NETZ_REGISTRY"]).read_text("utf-8") == "schema = 2\n"


def test_xlsx_is_imported_with_its_postcodes_and_phone_numbers(env):
    result = run_netz("import", str(IMPORT / "mitglieder.xlsx"), "--dry-run", env=env)
    assert result.returncode == 0, result.stderr
    assert '+plz = "01067"\n' in result.stdout
    assert '+telefon = "0171 2345678"\n' in result.stdout
    assert Path(env["NETZ_REGISTRY"]).read_text("utf-8") == "schema = 2\n"
    result = run_netz("import", str(IMPORT / "mitglieder.xlsx"), env=env)
    assert result.returncode == 0, result.stderr
    listed = run_netz("kontakt", "list", env=env)
    assert listed.stdout.count("\n") == 6
    assert "lena-exempel\tLena Exempel\tLandesverband Beispiel e.V.\t0351 1234567" in listed.stdout


def test_faulty_rows_in_a_subprocess_exit_2_with_german_lines(env):
    result = run_netz("import", str(IMPORT / "fehlerhaft.csv"), env=env)
    assert result.returncode == 2
    assert result.stderr.startswith("Fehler: Nichts importiert: 6 Zeilen sind fehlerhaft.")
    assert "Traceback" not in result.stderr and "\x1b" not in result.stdout
