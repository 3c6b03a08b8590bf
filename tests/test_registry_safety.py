"""Finding the registry safely: the config file, the first run, and what the load cache keeps."""

from __future__ import annotations

import datetime as dt
import marshal
import os
import stat
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import platformdirs
import pytest

from netzwerk_cli.errors import NetzError, RegistryError
from netzwerk_cli.model import Netzwerk, Registry
from netzwerk_cli.registry import (
    CACHE_MIN_BYTES,
    Location,
    config_file,
    default_registry_path,
    embedded_registry,
    find_registry,
    load_registry,
    registry_to_toml,
)

TODAY = dt.date(2026, 11, 25)
POSIX = pytest.mark.skipif(os.name == "nt", reason="POSIX-Dateirechte")


def configure(content: str) -> Path:
    config = config_file()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(content, encoding="utf-8")
    return config


# --- 15. the config file -------------------------------------------------------------------


def test_a_mistyped_key_in_the_config_is_an_error_with_a_suggestion(tmp_path):
    config = configure(f'registr = "{tmp_path / "team.toml"}"\n')
    with pytest.raises(NetzError) as error:
        find_registry()
    message = str(error.value)
    assert str(config) in message
    assert "„registr“" in message
    assert "Meinten Sie „register“?" in message


@pytest.mark.parametrize(("content", "place"), [
    ("register = \n", "Zeile 1, Spalte 12"),
    ('# Team\nregister = "/a.toml"\nregister = "/b.toml"\n', "Zeile 3, Spalte "),
    ('register = "/a.toml\n', "Zeile 1, Spalte "),
    # tomllib says "at end of document" when the file ends right after the duplicate
    ('register = "/a.toml"\nregister = "/b.toml"', "Zeile 2, Spalte 21"),
    ('register = "/a.toml', "Zeile 1, Spalte 20"),
])
def test_a_broken_config_names_file_line_and_column_in_german(content, place):
    config = configure(content)
    with pytest.raises(NetzError) as error:
        find_registry()
    message = str(error.value)
    assert str(config) in message
    assert place in message
    for english in ("Invalid", "at line", "column", "Cannot", "Unterminated", "Errno"):
        assert english not in message


def test_a_registry_with_a_syntax_error_is_told_in_german(tmp_path):
    path = tmp_path / "r.toml"
    path.write_text("schema = 2\n[netzwerke.a]\nname = Forum\n", encoding="utf-8")
    with pytest.raises(RegistryError) as error:
        load_registry(Location(path, "Test"))
    assert "Zeile 3, Spalte 8" in str(error.value)
    assert "Invalid" not in str(error.value)


@pytest.mark.parametrize("ending", ["", "\n", "\r\n"])
def test_a_duplicate_key_at_the_end_of_the_registry_names_line_and_column(tmp_path, netz,
                                                                         ending):
    path = tmp_path / "r.toml"
    path.write_bytes(f'schema = 2\n[netzwerke.a]\nname = "A"\nname = "B"{ending}'.encode())
    with pytest.raises(RegistryError) as error:
        load_registry(Location(path, "Test"))
    assert "Zeile 4, Spalte 11: kein gültiges TOML – ein Schlüssel steht doppelt" in str(
        error.value)
    result = netz("list", "-r", str(path))
    assert result.exit_code == 1
    assert "Zeile 4, Spalte 11" in result.stderr


# --- 8. the first run creates the default registry atomically ---------------------------------


FIRST_RUN = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from netzwerk_cli import registry
    big, go, ready = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    registry.embedded_registry = lambda: big  # a large file: copying it takes a while
    ready.write_text("bereit")
    while not go.exists():  # all start at once
        time.sleep(0.001)
    location = registry.find_registry()
    loaded = registry.load_registry(location)
    print(location.created, len(loaded.netzwerke))
""")


def test_many_concurrent_first_runs_never_read_a_half_created_registry(tmp_path):
    registry = Registry()
    for number in range(2000):
        registry.netzwerke[f"forum-{number}"] = Netzwerk(
            name=f"Forum {number}", art="netzwerk", stadtweit=True, notiz="Notiz " * 300)
    big = tmp_path / "gross.toml"
    big.write_text(registry_to_toml(registry), encoding="utf-8")
    go = tmp_path / "los"
    ready = [tmp_path / f"bereit-{number}" for number in range(24)]
    runs = [subprocess.Popen([sys.executable, "-c", FIRST_RUN, str(big), str(go), str(mark)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for mark in ready]
    while not all(mark.exists() for mark in ready):
        assert all(run.poll() is None for run in runs), "ein Lauf endete vor dem Start"
        threading.Event().wait(0.01)
    go.write_text("los")
    results = [run.communicate(timeout=120) for run in runs]
    failures = [err for (_, err), run in zip(results, runs, strict=True) if run.returncode]
    assert failures == []
    outputs = [out.split() for out, _ in results]
    assert all(count == "2000" for _, count in outputs)
    assert sum(created == "True" for created, _ in outputs) == 1
    assert default_registry_path().read_bytes() == big.read_bytes()
    assert [p.name for p in default_registry_path().parent.iterdir()
            if p.name.endswith(".tmp")] == []


def test_the_first_run_creates_the_embedded_registry_once_for_the_user_only():
    assert find_registry().created
    assert default_registry_path().read_bytes() == embedded_registry().read_bytes()
    assert not find_registry().created
    if os.name != "nt":
        assert stat.S_IMODE(default_registry_path().stat().st_mode) == 0o600


# --- 9, 10. the load cache: private, and never trusted without its keyed digest --------------


@pytest.fixture
def large_registry(tmp_path: Path) -> Path:
    registry = Registry()
    for number in range(1500):
        registry.netzwerke[f"netz-{number}"] = Netzwerk(
            name=f"Forum {number}", art="netzwerk", stadtteile=["Boele"],
            themen=["Familie", "Schule"], notiz="Trifft sich viermal im Jahr.", stand="2024-01")
    file = tmp_path / "gross.toml"
    file.write_text(registry_to_toml(registry), encoding="utf-8")
    assert file.stat().st_size > CACHE_MIN_BYTES
    return file


def cache_files() -> list[Path]:
    return sorted(platformdirs.user_cache_path("netz").glob("*.marshal"))


@POSIX
def test_the_cache_is_private_to_the_user_and_no_wider_than_the_registry(large_registry):
    large_registry.chmod(0o600)
    load_registry(Location(large_registry, "Test"))
    folder = platformdirs.user_cache_path("netz")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    (cache,) = cache_files()
    assert stat.S_IMODE(cache.stat().st_mode) & ~0o600 == 0


@POSIX
def test_an_existing_open_cache_folder_is_closed(large_registry):
    folder = platformdirs.user_cache_path("netz")
    folder.mkdir(parents=True)
    folder.chmod(0o755)
    load_registry(Location(large_registry, "Test"))
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def poison(cache: Path) -> None:
    """Change a name inside the cached tables, keeping everything else of the cache file – its
    key (the hash of the file's content) above all – as it is."""
    blob = cache.read_bytes()
    # The whole file is one marshalled (key, tables), or a 32-byte seal and the key with its
    # length come before the tables.
    for offset in (0, 36 + int.from_bytes(blob[32:36], "big")):
        try:
            found = marshal.loads(blob[offset:])
        except (ValueError, EOFError, TypeError):
            continue
        if isinstance(found, tuple) and len(found) == 2 and isinstance(found[1], dict):
            key, data = found  # the cache key and the tables in one marshalled value
            repack = lambda tables: marshal.dumps((key, tables))  # noqa: E731, B023
            break
        if isinstance(found, dict) and "netzwerke" in found:
            data, repack = found, marshal.dumps  # the tables alone after the key
            break
    else:
        pytest.fail("Kein Cache-Inhalt gefunden")
    data["netzwerke"]["netz-7"] = _replace_name(data["netzwerke"]["netz-7"])
    cache.write_bytes(blob[:offset] + repack(data))


def _replace_name(value):
    if isinstance(value, str):
        return "Vergiftet" if value == "Forum 7" else value
    if isinstance(value, (list, tuple)):
        return type(value)(_replace_name(v) for v in value)
    if isinstance(value, dict):
        return {k: _replace_name(v) for k, v in value.items()}
    return value


def test_a_poisoned_cache_is_ignored_by_show_and_by_the_next_write(large_registry, netz,
                                                                   monkeypatch):
    monkeypatch.setenv("NETZ_REGISTRY", str(large_registry))
    assert netz("show", "netz-7").exit_code == 0  # fills the cache
    (cache,) = cache_files()
    poison(cache)
    shown = netz("show", "netz-7")
    assert shown.exit_code == 0
    assert "Forum 7" in shown.stdout and "Vergiftet" not in shown.stdout
    poison(cache_files()[0])
    assert netz("verify", "netz-8").exit_code == 0
    text = large_registry.read_text("utf-8")
    assert "Vergiftet" not in text and 'name = "Forum 7"' in text


def test_the_cache_key_is_private_and_kept(large_registry):
    load_registry(Location(large_registry, "Test"))
    (key,) = platformdirs.user_data_path("netz").glob("cache*")
    if os.name != "nt":
        assert stat.S_IMODE(key.stat().st_mode) == 0o600
    first = key.read_bytes()
    load_registry(Location(large_registry, "Test"))
    assert key.read_bytes() == first and len(first) >= 32
