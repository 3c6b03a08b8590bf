"""Shared test set-up: isolated user dirs, plain (non-terminal) output, fixture registries."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import typer.rich_utils
from typer.testing import CliRunner

from netzwerk_cli.registry import embedded_registry

FIXTURES = Path(__file__).parent / "fixtures"

runner = CliRunner()


@pytest.fixture(autouse=True)
def _isolierte_umgebung(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Never touch the real user dirs; no colour or forced terminal from CI variables."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for name in ("NETZ_REGISTRY", "GITHUB_ACTIONS", "FORCE_COLOR", "PY_COLORS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERMINAL_WIDTH", "120")
    monkeypatch.setattr(typer.rich_utils, "FORCE_TERMINAL", False)


@pytest.fixture
def hagen_datei(tmp_path: Path) -> Path:
    """A writable copy of the embedded Hagen registry."""
    ziel = tmp_path / "networks.toml"
    shutil.copyfile(embedded_registry(), ziel)
    return ziel


@pytest.fixture
def fixture_datei():
    """Path of a small registry under tests/fixtures/, by name."""

    def finde(name: str) -> Path:
        return FIXTURES / name

    return finde


@pytest.fixture
def netz():
    """Run the CLI in-process through Typer's CliRunner: ``netz("list", "--bezirk", "Haspe")``."""
    from netzwerk_cli.cli import app

    def aufrufen(*args: str, input: str | None = None, env: dict[str, str] | None = None):
        return runner.invoke(app, list(args), input=input, env=env)

    return aufrufen
