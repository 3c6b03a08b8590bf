"""Writes never lose data: atomic, locked, backed up, undoable, canonical."""

from __future__ import annotations

import datetime as dt
import inspect
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netzwerk_cli import changes
from netzwerk_cli.errors import InputError, NetzError
from netzwerk_cli.model import Kontakt, Netzwerk, Registry
from netzwerk_cli.registry import Location, load_registry, registry_from_text, registry_to_toml
from netzwerk_cli.storage import (
    BACKUPS_KEPT,
    apply_change,
    backups,
    read_backup,
    undo,
)

TODAY = dt.date(2026, 11, 25)


def new_netzwerk(name: str = "Forum Test") -> Netzwerk:
    return Netzwerk(name=name, art="netzwerk", stadtweit=True, stand="2025-01")


def add_forum(registry: Registry, netzwerk_id: str) -> list[str]:
    return changes.add_netzwerk(registry, netzwerk_id, new_netzwerk(), TODAY)


def test_change_is_written_and_previous_version_backed_up(hagen_file):
    before = hagen_file.read_text("utf-8")
    apply_change(hagen_file, lambda r: add_forum(r, "forum-test"))
    assert "[netzwerke.forum-test]" in hagen_file.read_text("utf-8")
    (backup_file,) = backups(hagen_file)
    assert read_backup(backup_file).decode("utf-8") == before
    # Beside the registry, so every colleague sharing it can undo; one folder per file.
    assert backup_file.parent == hagen_file.parent / ".netz-sicherungen" / "networks.toml"


def test_add_then_remove_leaves_the_file_byte_identical(hagen_file):
    before = hagen_file.read_bytes()
    apply_change(hagen_file, lambda r: add_forum(r, "forum-test"))
    apply_change(hagen_file, lambda r: changes.remove_entry(r, "forum-test"))
    assert hagen_file.read_bytes() == before


def test_refused_change_leaves_file_untouched_and_makes_no_backup(hagen_file):
    before = hagen_file.read_bytes()
    with pytest.raises(InputError):
        apply_change(hagen_file, lambda r: add_forum(r, "ak-90"))
    assert hagen_file.read_bytes() == before
    assert backups(hagen_file) == []


def test_dry_run_writes_nothing_but_reports_the_new_text(hagen_file):
    before = hagen_file.read_bytes()
    result = apply_change(hagen_file, lambda r: changes.verify_entry(r, "ak-90", TODAY),
                          dry_run=True)
    assert result.changed
    assert 'stand = "2026-11-25"' in result.after.decode("utf-8")
    assert hagen_file.read_bytes() == before


def test_backups_rotate_and_undo_walks_back_step_by_step(hagen_file):
    versions = [hagen_file.read_text("utf-8")]
    for number in range(BACKUPS_KEPT + 2):
        apply_change(hagen_file, lambda r, n=number: changes.edit_netzwerk(
            r, "ak-90", {"notiz": f"Fassung {n}"}))
        versions.append(hagen_file.read_text("utf-8"))
    assert len(backups(hagen_file)) == BACKUPS_KEPT
    result = undo(hagen_file)
    assert hagen_file.read_text("utf-8") == versions[-2]
    assert read_backup(result.replaced).decode("utf-8") == versions[-1]
    undo(hagen_file)
    assert hagen_file.read_text("utf-8") == versions[-3]


def test_undo_without_backup_says_so(hagen_file):
    with pytest.raises(NetzError, match="keine Sicherung"):
        undo(hagen_file)


def test_unwritable_registry_gives_clear_error_and_stays_as_it_was(hagen_file, monkeypatch):
    before = hagen_file.read_bytes()

    def refuse(*_args):
        raise PermissionError(13, "Keine Berechtigung")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(NetzError, match=r"kann nicht geschrieben werden.*bleibt unverändert"):
        apply_change(hagen_file, lambda r: changes.verify_entry(r, "ak-90", TODAY))
    assert hagen_file.read_bytes() == before
    assert not [p for p in hagen_file.parent.iterdir() if p.name.endswith(".tmp")]


def test_registry_in_a_missing_directory(tmp_path):
    with pytest.raises(NetzError, match="kann nicht geschrieben werden"):
        apply_change(tmp_path / "fehlt" / "r.toml", lambda r: None)


WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    import datetime as dt
    from netzwerk_cli import changes
    from netzwerk_cli.model import Netzwerk
    from netzwerk_cli.storage import apply_change
    number = sys.argv[2]
    netzwerk = Netzwerk(name=f"Forum {number}", art="netzwerk", stadtweit=True, stand="2025-01")
    apply_change(Path(sys.argv[1]),
            lambda r: changes.add_netzwerk(r, f"forum-{number}", netzwerk, dt.date(2026, 11, 25)))
""")


def test_twenty_concurrent_writers_all_land(hagen_file):
    processes = [subprocess.Popen([sys.executable, "-c", WRITER, str(hagen_file), str(n)])
                 for n in range(20)]
    assert [p.wait(timeout=120) for p in processes] == [0] * 20
    registry = registry_from_text(hagen_file.read_text("utf-8"), "t")
    assert {f"forum-{n}" for n in range(20)} <= set(registry.netzwerke)


def add_many(registry: Registry) -> None:
    """3,000 city-wide networks: a registry above the parse-cache threshold."""
    for n in range(3000):
        registry.netzwerke[f"forum-{n}"] = Netzwerk(
            name=f"Forum {n}", art="netzwerk", stadtweit=True, themen=["Familie"])


# A writer that adds ``add_many``'s networks and stops inside the write of the registry file at
# the point given as argv[3]: there it writes a marker (what the temp file holds), then waits to
# be killed. The backup and the parse cache are written as usual; only the registry's own
# temp file (``mkstemp`` in the registry's folder) and its ``os.replace`` are watched.
KILLED_WRITER = textwrap.dedent("""
    import json
    import os
    import sys
    import tempfile
    import time
    from pathlib import Path

    from netzwerk_cli.model import Netzwerk, Registry
    from netzwerk_cli.storage import apply_change

    registry, marker, stop_at = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    real_mkstemp, real_fdopen, real_replace = tempfile.mkstemp, os.fdopen, os.replace
    temp = {}

    def stop(**state):
        Path(f"{marker}.tmp").write_text(json.dumps(state), encoding="utf-8")
        os.rename(f"{marker}.tmp", marker)  # the parent sees the whole marker or none
        time.sleep(60)  # killed here
        sys.exit("nicht abgebrochen")

    def mkstemp(*args, **kwargs):
        fd, name = real_mkstemp(*args, **kwargs)
        if Path(kwargs.get("dir", "")) == registry.parent:
            temp.update(fd=fd, name=name)
        return fd, name

    class HalfWriter:
        def __init__(self, file):
            self.file = file

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return self.file.__exit__(*exc)

        def __getattr__(self, name):
            return getattr(self.file, name)

        def write(self, data):
            data = data.encode("utf-8") if isinstance(data, str) else data
            half = data[: len(data) // 2]
            self.file.write(half if "b" in getattr(self.file, "mode", "") else half.decode(
                "utf-8", "ignore"))
            self.file.flush()
            stop(temp=temp["name"], written=len(half), total=len(data))

    def fdopen(fd, *args, **kwargs):
        file = real_fdopen(fd, *args, **kwargs)
        if stop_at == "half-written" and fd == temp.get("fd"):
            return HalfWriter(file)
        return file

    def replace(source, target):
        if Path(target) == registry and stop_at == "before-replace":
            stop(temp=str(source))
        real_replace(source, target)
        if Path(target) == registry and stop_at == "after-replace":
            stop(temp=str(source))

    tempfile.mkstemp, os.fdopen, os.replace = mkstemp, fdopen, replace
""") + textwrap.dedent(inspect.getsource(add_many)) + textwrap.dedent("""
    apply_change(registry, add_many)
""")


def wait_for_marker(marker: Path, writer: subprocess.Popen[str]) -> dict[str, Any]:
    """What the writer reported from inside the write, once it is there (never a guess)."""
    deadline = time.monotonic() + 30
    while not marker.exists():
        if writer.poll() is not None:
            pytest.fail(f"Der Schreiber endete, ohne die Schreibstelle zu erreichen:\n"
                        f"{writer.stderr.read() if writer.stderr else ''}")
        if time.monotonic() > deadline:
            pytest.fail("Der Schreiber erreichte die Schreibstelle nicht in 30 s")
        time.sleep(0.01)
    return json.loads(marker.read_text("utf-8"))


@pytest.mark.parametrize(("stop_at", "survivor"), [
    ("half-written", "old"),    # the temp file holds half of the new text
    ("before-replace", "old"),  # the temp file holds all of it, synced, not yet renamed
    ("after-replace", "new"),   # renamed; the folder not yet synced, the lock still held
])
def test_writer_killed_mid_save_leaves_old_or_new_file_never_a_broken_one(hagen_file, tmp_path,
                                                                          stop_at, survivor):
    before = hagen_file.read_text("utf-8")
    expected = registry_from_text(before, "t")
    add_many(expected)
    new = registry_to_toml(expected).encode("utf-8")
    marker = tmp_path / "marker.json"
    writer = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(hagen_file), str(marker),
                               stop_at], stderr=subprocess.PIPE, text=True)
    try:
        state = wait_for_marker(marker, writer)
        # Proof that the kill lands inside the write: the new text is (partly) on disk.
        temp = Path(state["temp"])
        assert temp.parent == hagen_file.parent
        if stop_at == "half-written":
            assert state["total"] == len(new)
            assert 0 < state["written"] < state["total"]
            assert temp.read_bytes() == new[:state["written"]]
        elif stop_at == "before-replace":
            assert temp.read_bytes() == new
        else:
            assert not temp.exists()
        writer.kill()
        assert writer.wait(timeout=10) == -signal.SIGKILL
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait()
    after = hagen_file.read_bytes()
    assert after == (before.encode("utf-8") if survivor == "old" else new)
    loaded = load_registry(Location(hagen_file, "Test"))  # through the parse cache, as netz does
    assert len(loaded.netzwerke) == (22 if survivor == "old" else 22 + 3000)
    # The killed writer's lock went with it: the next change is saved.
    apply_change(hagen_file, lambda r: add_forum(r, "forum-danach"))
    assert "forum-danach" in load_registry(Location(hagen_file, "Test")).netzwerke


# --- canonical form, property-based --------------------------------------------------------------

texts = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30).map(
    str.strip)
ids = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)


@st.composite
def registries(draw) -> Registry:
    kontakte = draw(st.dictionaries(ids, st.builds(
        Kontakt, art=st.sampled_from(["person", "organisation", "rolle"]),
        name=texts.filter(bool), notiz=texts, oeffentlich=st.booleans()), max_size=4))
    netzwerke = draw(st.dictionaries(ids, st.builds(
        Netzwerk, name=texts.filter(bool), art=st.sampled_from(["netzwerk", "arbeitskreis"]),
        stadtweit=st.just(True), themen=st.lists(texts.filter(bool), max_size=3),
        kontakte=st.lists(st.sampled_from(sorted(kontakte)), max_size=2, unique=True)
        if kontakte else st.just([]),
        notiz=texts), max_size=5))
    return Registry(netzwerke=netzwerke, kontakte=kontakte)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(registries())
def test_load_and_save_round_trips_byte_for_byte(registry):
    text = registry_to_toml(registry)
    reloaded = registry_from_text(text, "t")
    assert registry_to_toml(reloaded) == text
    assert reloaded.netzwerke == registry.netzwerke
    assert reloaded.kontakte == registry.kontakte

