"""The load cache keeps house: temp files of killed writers go, entries of registries that no
longer exist go, and the folder is the user's alone whenever netz uses it."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import platformdirs
import pytest

from netzwerk_cli.model import Netzwerk, Registry
from netzwerk_cli.registry import CACHE_MIN_BYTES, Location, load_registry, registry_to_toml

POSIX = pytest.mark.skipif(os.name == "nt", reason="POSIX-Dateirechte und Prozessnummern")
NETZ = Path(sys.executable).with_name("netz")


def write_large(file: Path, name: str = "Forum") -> Path:
    registry = Registry()
    for number in range(1500):
        registry.netzwerke[f"netz-{number}"] = Netzwerk(
            name=f"{name} {number}", art="netzwerk", stadtteile=["Boele"],
            themen=["Familie", "Schule"], notiz="Trifft sich viermal im Jahr.", stand="2024-01")
    file.write_text(registry_to_toml(registry), encoding="utf-8")
    assert file.stat().st_size > CACHE_MIN_BYTES
    return file


@pytest.fixture
def large_registry(tmp_path: Path) -> Path:
    return write_large(tmp_path / "gross.toml")


def cache_folder() -> Path:
    return platformdirs.user_cache_path("netz")


def dead_pid() -> int:
    """The id of a process that has ended (and was reaped)."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def leftover(name: str, age_seconds: float = 0) -> Path:
    """A file in the cache folder as a killed writer leaves it, ``age_seconds`` old."""
    folder = cache_folder()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(b"x" * 1000)
    if age_seconds:
        then = time.time() - age_seconds
        os.utime(path, (then, then))
    return path


# --- item 4 of issue 10: temp files of killed cache writers ----------------------------------


@POSIX
def test_writing_the_cache_removes_temp_files_of_writers_that_no_longer_run(large_registry):
    stale = leftover(f"0123456789abcdef0123.marshal.{dead_pid()}.tmp")
    writer = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        live = leftover(f"0123456789abcdef0123.marshal.{writer.pid}.tmp")
        load_registry(Location(large_registry, "Test"))  # a cache miss writes an entry
        assert not stale.exists()
        assert live.exists()  # a live writer's file is never taken away
    finally:
        writer.kill()
        writer.wait()


def test_writing_the_cache_removes_temp_files_older_than_an_hour(large_registry):
    old = leftover(f"0123456789abcdef0123.marshal.{os.getpid()}.tmp", age_seconds=2 * 3600)
    load_registry(Location(large_registry, "Test"))
    assert not old.exists()


def test_files_not_of_netz_naming_stay_in_the_cache_folder(large_registry):
    others = [leftover("notizen.txt", 2 * 3600),
              leftover(f"fremd.marshal.{dead_pid()}.tmp", 2 * 3600),
              leftover("0123456789abcdef0123.marshal.abc.tmp", 2 * 3600)]
    load_registry(Location(large_registry, "Test"))
    assert all(path.exists() for path in others)


@POSIX
def test_installed_netz_cleans_up_after_a_killed_cache_writer(large_registry, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "NETZ_REGISTRY"}
    stale = leftover(f"0123456789abcdef0123.marshal.{dead_pid()}.tmp")
    result = subprocess.run([str(NETZ), "list", "-r", str(large_registry)], capture_output=True,
                            text=True, env=env, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert not stale.exists()
    assert [p.name for p in cache_folder().iterdir() if p.name.endswith(".tmp")] == []


# --- issue 15: entries of registries that no longer exist ------------------------------------


def test_the_cache_forgets_registries_that_no_longer_exist(tmp_path, parse_calls):
    kept = write_large(tmp_path / "bleibt.toml")
    gone = write_large(tmp_path / "weg.toml", name="Runde")
    load_registry(Location(kept, "Test"))
    load_registry(Location(gone, "Test"))
    assert len(list(cache_folder().glob("*.marshal"))) == 2
    gone.unlink()
    write_large(tmp_path / "neu.toml", name="Kreis")
    load_registry(Location(tmp_path / "neu.toml", "Test"))  # writing an entry prunes
    assert len(list(cache_folder().glob("*.marshal"))) == 2
    parsed = len(parse_calls)
    load_registry(Location(kept, "Test"))
    load_registry(Location(tmp_path / "neu.toml", "Test"))
    assert len(parse_calls) == parsed  # the existing registries' entries stay


def test_unreadable_or_foreign_cache_entries_are_dropped_when_the_cache_is_written(
        large_registry):
    old_layout = leftover("0123456789abcdef0123.marshal")  # no registry path recorded
    other = leftover("liesmich.marshal")
    load_registry(Location(large_registry, "Test"))
    assert not old_layout.exists()
    assert other.exists()  # not of netz's naming


# --- item 9 of issue 10: the cache folder is private whenever it is used ---------------------


@POSIX
def test_a_cache_hit_closes_a_cache_folder_an_older_netz_left_open(large_registry, parse_calls):
    load_registry(Location(large_registry, "Test"))
    cache_folder().chmod(0o755)
    load_registry(Location(large_registry, "Test"))
    assert sum(parse_calls) == len(large_registry.read_text("utf-8"))  # then a cache hit
    assert stat.S_IMODE(cache_folder().stat().st_mode) == 0o700
