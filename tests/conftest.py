"""Shared test set-up: isolated user dirs, a fixed day, plain (non-terminal) output, fixtures."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest
import typer.rich_utils
from typer.testing import CliRunner

from netzwerk_cli.registry import embedded_registry

FIXTURES = Path(__file__).parent / "fixtures"

# The day every test runs on: NETZ_HEUTE is set to it for every test (and inherited by the
# subprocesses they start), so no result depends on the real date.
TODAY = "2026-11-25"

runner = CliRunner()


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Never touch the real user dirs; no colour or forced terminal from CI variables."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for name in ("NETZ_REGISTRY", "GITHUB_ACTIONS", "FORCE_COLOR", "PY_COLORS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NETZ_HEUTE", TODAY)
    monkeypatch.setenv("TERMINAL_WIDTH", "120")
    monkeypatch.setattr(typer.rich_utils, "FORCE_TERMINAL", False)


@pytest.fixture
def hagen_file(tmp_path: Path) -> Path:
    """A writable copy of the embedded Hagen registry."""
    target = tmp_path / "networks.toml"
    shutil.copyfile(embedded_registry(), target)
    return target


@pytest.fixture
def fixture_file():
    """Path of a small registry under tests/fixtures/, by name."""

    def find(name: str) -> Path:
        return FIXTURES / name

    return find


@pytest.fixture
def netz():
    """Run the CLI in-process through Typer's CliRunner: ``netz("list", "--bezirk", "Haspe")``."""
    from netzwerk_cli.cli import app

    def invoke(*args: str, input: str | None = None, env: dict[str, str] | None = None,
               catch_exceptions: bool = True):
        return runner.invoke(app, list(args), input=input, env=env,
                             catch_exceptions=catch_exceptions)

    return invoke


@pytest.fixture
def hagen_in_use(hagen_file: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The copy of the Hagen registry, chosen through NETZ_REGISTRY as a user would."""
    monkeypatch.setenv("NETZ_REGISTRY", str(hagen_file))
    return hagen_file


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend a person sits at the terminal, so netz asks (CliRunner's stdin is a pipe)."""
    from netzwerk_cli.cli import prompts

    monkeypatch.setattr(prompts, "is_interactive", lambda: True)


def loaded(path: Path):
    """The registry in a file, loaded the way netz loads it."""
    from netzwerk_cli.registry import registry_from_text

    return registry_from_text(path.read_text("utf-8"), str(path))


@pytest.fixture
def fresh_thunderbird(tmp_path_factory):
    """A real, headless Thunderbird of its own (the draft tests leave a compose window behind);
    the test is skipped with the reason where Thunderbird is not installed."""
    from drivers.thunderbird import Thunderbird, find_thunderbird

    binary = find_thunderbird()
    if not binary:
        pytest.skip("Thunderbird-Test übersprungen: thunderbird ist nicht installiert")
    with Thunderbird(binary, tmp_path_factory.mktemp("thunderbird"), timeout=90) as instance:
        yield instance


@pytest.fixture
def parse_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The characters of registry text the TOML parser really reads (a large registry is read
    a part at a time: a whole read is the file's length in all)."""
    from netzwerk_cli.gazetteer import GAZETTEER_FILE
    from netzwerk_cli.query import VOCABULARY_FILE

    own_data = {file.read_text("utf-8") for file in (GAZETTEER_FILE, VOCABULARY_FILE)}
    calls: list[int] = []
    original = tomllib.loads

    def counting(text: str):
        if text not in own_data:  # netz's own data files are read once per process
            calls.append(len(text))
        return original(text)

    monkeypatch.setattr("tomllib.loads", counting)
    # Every read through tomllib, whichever faster reader is installed: it is counted there.
    monkeypatch.setattr("netzwerk_cli.registry._fast_loads", lambda: tomllib.loads)
    return calls
