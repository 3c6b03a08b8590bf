"""A write costs what it changes: one load per command, no parse of the new text, the reader.

Issue 15: one `netz add` built the registry three times (the command's load, the load under
the lock, a parse of the new text) and serialised the whole file; the cold parse used tomllib
only. These tests count the work, they do not time it (benchmarks/bench_write.py does).
"""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from netzwerk_cli import model, registry
from netzwerk_cli.errors import RegistryError
from netzwerk_cli.model import Netzwerk, Registry
from netzwerk_cli.registry import (
    CACHE_MIN_BYTES,
    Location,
    load_registry,
    parse_toml,
    registry_from_text,
    registry_to_toml,
)


@pytest.fixture
def large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A registry above the cache threshold, in use through NETZ_REGISTRY."""
    reg = Registry()
    for number in range(1500):
        reg.netzwerke[f"netz-{number:04}"] = Netzwerk(
            name=f"Forum {number}", art="netzwerk", stadtteile=["Boele"],
            themen=["Familie", "Schule"], notiz="Trifft sich viermal im Jahr.", stand="2024-01")
    file = tmp_path / "gross.toml"
    file.write_text(registry_to_toml(reg), encoding="utf-8")
    assert file.stat().st_size > CACHE_MIN_BYTES
    monkeypatch.setenv("NETZ_REGISTRY", str(file))
    return file


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How often a registry is built: checked from parsed TOML, or rebuilt from the cache."""
    counts = {"geprueft": 0, "cache": 0}
    checked, cached = model.registry_from_toml, model.registry_from_checked

    def from_toml(*args, **kwargs):
        counts["geprueft"] += 1
        return checked(*args, **kwargs)

    def from_cache(*args, **kwargs):
        counts["cache"] += 1
        return cached(*args, **kwargs)

    monkeypatch.setattr("netzwerk_cli.registry.registry_from_toml", from_toml)
    monkeypatch.setattr("netzwerk_cli.model.registry_from_checked", from_cache)
    return counts


def test_a_warm_add_builds_the_registry_once(netz, large, builds):
    assert netz("list").exit_code == 0  # the cache is written
    builds.update(geprueft=0, cache=0)
    result = netz("add", "--name", "Neues Forum", "--art", "netzwerk", "--stadtteil", "Boele")
    assert result.exit_code == 0, result.output
    assert builds == {"geprueft": 0, "cache": 1}
    # The new content was cached as written: the next command parses nothing either.
    assert netz("show", "neues-forum").exit_code == 0
    assert builds == {"geprueft": 0, "cache": 2}


def test_a_write_after_a_colleagues_change_loads_the_file_as_it_is_now(netz, large,
                                                                       monkeypatch):
    """The command's own load is reused only while the file holds that text: a change saved
    in between (here: right before the lock) is the state the write starts from."""
    from netzwerk_cli import storage

    original = storage.write_lock

    def colleague_first(*args, **kwargs):
        text = large.read_text("utf-8")
        large.write_text(text.replace('name = "Forum 7"', 'name = "Forum sieben"'), "utf-8")
        return original(*args, **kwargs)

    monkeypatch.setattr(storage, "write_lock", colleague_first)
    result = netz("edit", "netz-0003", "--notiz", "Neu")
    assert result.exit_code == 0, result.output
    written = registry_from_text(large.read_text("utf-8"), "x")
    assert written.netzwerke["netz-0007"].name == "Forum sieben"
    assert written.netzwerke["netz-0003"].notiz == "Neu"


def test_an_invalid_change_is_refused_before_anything_is_written(large):
    from netzwerk_cli.storage import apply_change

    before = large.read_bytes()

    def dangling(reg: Registry) -> None:
        reg.netzwerke["netz-0001"].kontakte.append("gibt-es-nicht")

    with pytest.raises(RegistryError) as caught:
        apply_change(large, dangling)
    assert "gibt-es-nicht" in str(caught.value.problems)
    assert large.read_bytes() == before


def test_a_hand_reordered_file_is_written_anew_and_the_cli_says_so(netz, hagen_in_use):
    text = hagen_in_use.read_text("utf-8")
    header, rest = text.split("\n[kontakte.", 1)
    contacts, others = rest.split("\n[angebote.", 1)
    # The contacts moved to the end: valid TOML, the same registry, not netz's order.
    hagen_in_use.write_text(header + "\n[angebote." + others.rstrip("\n") + "\n\n[kontakte."
                            + contacts.rstrip("\n") + "\n", encoding="utf-8")
    assert registry_from_text(hagen_in_use.read_text("utf-8"), "x") == \
        registry_from_text(text, "x")
    result = netz("verify", "ak-90")
    assert result.exit_code == 0, result.output
    assert "nicht in der festen Ordnung" in result.stderr and "ganz neu" in result.stderr
    assert hagen_in_use.read_text("utf-8").index("[kontakte.") < \
        hagen_in_use.read_text("utf-8").index("[angebote.")
    again = netz("verify", "rat-am-ring")
    assert "ganz neu" not in again.stderr


# --- The reader -----------------------------------------------------------------------------


def test_the_registry_is_read_with_the_compiled_tomli_when_it_is_installed(large, monkeypatch):
    tomli = pytest.importorskip("tomli")
    calls = []
    original = tomli.loads

    def counting(text: str):
        calls.append(len(text))
        return original(text)

    monkeypatch.setattr(tomli, "loads", counting)
    load_registry(Location(large, "Test"))
    assert sum(calls) == len(large.read_text("utf-8"))  # all of it, a part at a time


def test_without_tomli_tomllib_reads(large, monkeypatch):
    monkeypatch.setitem(sys.modules, "tomli", None)  # import tomli fails
    assert len(load_registry(Location(large, "Test")).netzwerke) == 1500


DATES = """\
schema = 2

[netzwerke.a]
name = "A"
art = "netzwerk"
stadtweit = true
x_termin = 2025-01-14T16:30:00+01:00
x_utc = 2024-12-31T23:59:59.123456Z
x_lokal = 2024-06-01T09:00:00
x_tag = 1998-03-01
x_zeit = 07:32:00.999999
"""


def test_tomli_gives_tomllibs_data_and_it_survives_deepcopy():
    """The draft's claims that the choice relies on (benchmarks/toml_parsers.md)."""
    tomli = pytest.importorskip("tomli")
    from netzwerk_cli.splice import strictly_equal

    assert strictly_equal(tomli.loads(DATES), tomllib.loads(DATES))
    reg = registry_from_text(DATES, "x")
    assert copy.deepcopy(reg.netzwerke["a"]) == reg.netzwerke["a"]
    termin = reg.netzwerke["a"].extra["x_termin"]
    assert type(termin.tzinfo) is type(tomllib.loads(DATES)["netzwerke"]["a"]["x_termin"].tzinfo)


@pytest.mark.parametrize("text", [
    'schema = 2\n[netzwerke.a]\nname = "A"\nname = "B"\n',
    "schema = 2\n<<<<<<< HEAD\nx = 1\n=======\nx = 2\n>>>>>>> other\n",
    "schema = 2\nx = " + "[" * 2000 + "]" * 2000 + "\n",
    'schema = 2\nx = "offen\n',
])
def test_errors_are_told_by_tomllib_exactly_as_without_tomli(text, monkeypatch):
    pytest.importorskip("tomli")
    with pytest.raises(RegistryError) as with_tomli:
        parse_toml(text, "f.toml")
    monkeypatch.setattr(registry, "_fast_loads", lambda: tomllib.loads)
    with pytest.raises(RegistryError) as without:
        parse_toml(text, "f.toml")
    assert with_tomli.value.problems == without.value.problems


# --- Whole processes ------------------------------------------------------------------------


def test_installed_netz_writes_only_the_changed_entry(tmp_path: Path, hagen_file: Path):
    netz = shutil.which("netz", path=os.path.dirname(sys.executable))
    if netz is None:
        pytest.skip("netz ist in dieser Umgebung nicht installiert")
    text = hagen_file.read_text("utf-8")
    hand = text.replace("\n[kontakte.", "\n# Kontakte: bitte aktuell halten\n[kontakte.", 1)
    hagen_file.write_text(hand, encoding="utf-8")
    env = {**os.environ, "NETZ_REGISTRY": str(hagen_file), "NETZ_HEUTE": "2026-03-01"}
    done = subprocess.run([netz, "verify", "ak-90"], capture_output=True, text=True, env=env,
                          check=False)
    assert done.returncode == 0, done.stderr
    after = hagen_file.read_text("utf-8")
    assert "# Kontakte: bitte aktuell halten\n[kontakte." in after
    changed = [(a, b) for a, b in zip(hand.splitlines(), after.splitlines(), strict=True)
               if a != b]
    assert changed == [('stand = "2017-04"', 'stand = "2026-03-01"')]
    assert "Kommentare" not in done.stderr
    undone = subprocess.run([netz, "undo"], capture_output=True, text=True, env=env, check=False)
    assert undone.returncode == 0, undone.stderr
    assert hagen_file.read_text("utf-8") == hand


# --- Backups on disk ------------------------------------------------------------------------


def test_backups_are_compressed_private_and_small(large):
    import gzip

    from netzwerk_cli.storage import apply_change, backups

    before = large.read_bytes()
    large.chmod(0o600)
    for number in range(3):
        apply_change(large, lambda r, n=number: setattr(r.netzwerke["netz-0001"], "notiz",
                                                        f"Runde {n}"))
    kept = backups(large)
    assert len(kept) == 3 and all(p.name.endswith(".toml.gz") for p in kept)
    assert gzip.decompress(kept[-1].read_bytes()) == before
    assert sum(p.stat().st_size for p in kept) < len(before) / 2
    if os.name != "nt":
        assert all(p.stat().st_mode & 0o777 == 0o600 for p in kept)


def test_undo_and_redo_read_old_uncompressed_and_new_compressed_backups(netz, hagen_in_use):
    from netzwerk_cli.storage import backup_dir, backups

    oldest = hagen_in_use.read_text("utf-8")
    folder = backup_dir(hagen_in_use)
    folder.mkdir(parents=True)
    # A backup as netz kept them before: uncompressed, older than any new one.
    old_text = oldest.replace('titel = "', 'titel = "Alt: ', 1)
    (folder / "2020-01-01T00-00-00-000000.toml").write_text(old_text, encoding="utf-8")
    assert netz("verify", "ak-90").exit_code == 0
    assert [p.name.endswith(".gz") for p in backups(hagen_in_use)] == [True, False]
    assert netz("undo").exit_code == 0
    assert hagen_in_use.read_text("utf-8") == oldest
    assert netz("undo").exit_code == 0
    assert hagen_in_use.read_text("utf-8") == old_text
    assert netz("redo").exit_code == 0
    assert hagen_in_use.read_text("utf-8") == oldest
    assert netz("redo").exit_code == 0
    assert 'stand = "2026-11-25"' in hagen_in_use.read_text("utf-8")


def test_undo_skips_a_compressed_backup_that_equals_the_file(netz, hagen_in_use):
    """A write killed between its backup and its replace leaves a backup equal to the file:
    undo neither restores it (nothing would change) nor keeps it."""
    import gzip

    from netzwerk_cli.storage import backup_dir

    first = hagen_in_use.read_text("utf-8")
    assert netz("verify", "ak-90").exit_code == 0
    current = hagen_in_use.read_bytes()
    stale = backup_dir(hagen_in_use) / "2099-01-01T00-00-00-000000.toml.gz"
    stale.write_bytes(gzip.compress(current))
    assert netz("undo").exit_code == 0
    assert hagen_in_use.read_text("utf-8") == first
    assert not stale.exists()


def test_a_damaged_compressed_backup_is_a_german_message(netz, hagen_in_use):
    from netzwerk_cli.storage import backup_dir

    assert netz("verify", "ak-90").exit_code == 0
    (backup_dir(hagen_in_use) / "2099-01-01T00-00-00-000000.toml.gz").write_bytes(b"kaputt")
    result = netz("undo")
    assert result.exit_code != 0
    assert "beschädigt" in result.output and "Traceback" not in result.output


def test_a_value_that_loading_normalises_is_not_cached_as_set(large):
    """The load cache must hold what loading the file gives: a change that set a value the
    loader normalises (here the kind "AG") leaves the cache to a real load."""
    from netzwerk_cli.storage import apply_change

    apply_change(large, lambda r: setattr(r.netzwerke["netz-0002"], "art", "AG"))
    assert 'art = "AG"' in large.read_text("utf-8")
    loaded = load_registry(Location(large, "Test"))
    assert loaded.netzwerke["netz-0002"].art == "arbeitsgemeinschaft"
    assert load_registry(Location(large, "Test")) == loaded  # and cached so


def test_a_warm_write_takes_the_tables_before_the_change_from_the_cache(large, monkeypatch):
    """The tables before the change are the cache's bytes unpacked, not rebuilt from every
    entry and copied; a change in place (a list appended to) is still seen and written."""
    from netzwerk_cli import storage

    load_registry(Location(large, "Test"))  # the cache is written
    rebuilt: list[int] = []
    copy_of = storage._copied
    monkeypatch.setattr(storage, "_copied", lambda tables: rebuilt.append(1) or copy_of(tables))

    def add_contact(reg: Registry) -> None:
        reg.kontakte["anna"] = model.Kontakt(name="Anna")
        reg.netzwerke["netz-0001"].kontakte.append("anna")

    outcome = storage.apply_change(large, add_contact)
    assert rebuilt == []
    assert load_registry(Location(large, "Test")).netzwerke["netz-0001"].kontakte == ["anna"]
    assert outcome.after.decode("utf-8") == registry_to_toml(outcome.registry)


def test_the_cached_tables_are_those_of_the_registry_and_given_once(large):
    location = Location(large, "Test")
    load_registry(location)  # fills the cache
    loaded = load_registry(location)  # from the cache
    tables = registry.checked_tables(loaded)
    assert tables == registry.registry_tables(loaded)
    assert list(tables) == list(registry.registry_tables(loaded))
    assert registry.checked_tables(loaded) is None  # once: the caller changes the registry
    other = load_registry(location)
    assert registry.checked_tables(loaded) is None  # only the registry last loaded
    assert registry.checked_tables(other) == tables
