"""What a write leaves on disk: refused writes, links, failed writes, temp files, backups, undo
and redo, dry runs, line endings, comments, locks and German OS errors (core, without the CLI)."""

from __future__ import annotations

import datetime as dt
import errno
import os
import signal
import stat
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from test_storage import KILLED_WRITER, add_many, wait_for_marker

from netzwerk_cli import changes
from netzwerk_cli.errors import NetzError
from netzwerk_cli.model import Registry
from netzwerk_cli.registry import HEADER, registry_from_text, registry_to_toml
from netzwerk_cli.storage import (
    BACKUPS_KEPT,
    HandEditedError,
    apply_change,
    backup_dir,
    backups,
    drops_comments,
    read_backup,
    redo,
    undo,
    write_atomic,
)

TODAY = dt.date(2026, 11, 25)
POSIX = pytest.mark.skipif(os.name == "nt", reason="POSIX-Dateirechte und symbolische Links")


def verify(registry: Registry, entry_id: str = "ak-90") -> list[str]:
    return changes.verify_entry(registry, entry_id, TODAY)


def note(registry: Registry, text: str, entry_id: str = "ak-90") -> None:
    changes.edit_netzwerk(registry, entry_id, {"notiz": text})


def tmp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.name.endswith(".tmp"))


# --- 1. a read-only registry is never replaced -------------------------------------------------


@POSIX
def test_read_only_registry_is_refused_and_left_untouched(hagen_file):
    apply_change(hagen_file, lambda r: note(r, "vorher"))  # leaves a backup for undo
    hagen_file.chmod(0o444)
    before, inode = hagen_file.read_bytes(), hagen_file.stat().st_ino
    for attempt in (lambda: apply_change(hagen_file, verify), lambda: undo(hagen_file)):
        with pytest.raises(NetzError, match="schreibgeschützt") as error:
            attempt()
        assert "bleibt unverändert" in str(error.value)
    assert hagen_file.read_bytes() == before
    assert hagen_file.stat().st_ino == inode  # not replaced by a new file either
    assert stat.S_IMODE(hagen_file.stat().st_mode) == 0o444
    assert len(backups(hagen_file)) == 1


@POSIX
def test_read_only_registry_still_allows_a_dry_run(hagen_file):
    hagen_file.chmod(0o444)
    assert apply_change(hagen_file, verify, dry_run=True).changed


# --- 2. a registry that is a symbolic link -------------------------------------------------------


@POSIX
def test_symlinked_registry_writes_the_target_with_lock_and_backups_beside_it(hagen_file,
                                                                              tmp_path):
    shared = tmp_path / "team"
    shared.mkdir()
    target = shared / "networks.toml"
    hagen_file.rename(target)
    link = tmp_path / "mein" / "register.toml"
    link.parent.mkdir()
    link.symlink_to(target)
    original = target.read_text("utf-8")

    apply_change(link, verify)

    assert link.is_symlink() and link.resolve() == target
    assert 'stand = "2026-11-25"' in target.read_text("utf-8")
    assert sorted(p.name for p in link.parent.iterdir()) == ["register.toml"]
    assert [read_backup(b).decode("utf-8") for b in backups(link)] == [original]
    assert backup_dir(link) == shared / ".netz-sicherungen" / "networks.toml"
    undo(link)
    assert link.is_symlink() and target.read_text("utf-8") == original


# --- 3. failed writes never push real history out of the backups -------------------------------


def fail_replacing(monkeypatch, registry: Path, error: OSError) -> None:
    """Every ``os.replace`` onto the registry itself fails with ``error``."""
    real_replace = os.replace

    def replace(source, target):
        if Path(target) == registry:
            raise error
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)


@pytest.mark.parametrize("error", [
    PermissionError(errno.EACCES, "Permission denied"),
    OSError(errno.ENOSPC, "No space left on device"),
])
def test_failed_writes_leave_no_backup_and_keep_the_history(hagen_file, monkeypatch, error):
    original = hagen_file.read_text("utf-8")
    apply_change(hagen_file, lambda r: note(r, "Fassung 1"))
    version_1 = hagen_file.read_text("utf-8")
    with monkeypatch.context() as patch:
        fail_replacing(patch, hagen_file, error)
        for number in range(BACKUPS_KEPT + 2):
            with pytest.raises(NetzError, match="bleibt unverändert"):
                apply_change(hagen_file, lambda r, n=number: note(r, f"gescheitert {n}"))
    assert hagen_file.read_text("utf-8") == version_1
    assert [read_backup(b).decode("utf-8") for b in backups(hagen_file)] == [original]
    assert tmp_files(hagen_file.parent) == []
    undo(hagen_file)
    assert hagen_file.read_text("utf-8") == original


def test_a_full_disk_while_backing_up_leaves_nothing_behind(hagen_file, monkeypatch):
    before = hagen_file.read_bytes()
    real_replace = os.replace

    def replace(source, target):
        if backup_dir(hagen_file) in Path(target).parents:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(NetzError, match=r"kein Speicherplatz mehr.*bleibt unverändert"):
        apply_change(hagen_file, verify)
    assert hagen_file.read_bytes() == before
    assert backups(hagen_file) == []
    assert tmp_files(hagen_file.parent) == []


@pytest.mark.parametrize("stop_at", ["half-written", "before-replace"])
def test_a_write_killed_before_the_replace_costs_no_history(hagen_file, tmp_path, stop_at):
    original = hagen_file.read_text("utf-8")
    marker = tmp_path / "marker.json"
    writer = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(hagen_file), str(marker),
                               stop_at], stderr=subprocess.PIPE, text=True)
    try:
        wait_for_marker(marker, writer)
        writer.kill()
        assert writer.wait(timeout=10) == -signal.SIGKILL
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait()
    assert hagen_file.read_text("utf-8") == original
    # A backup identical to the current file would "restore" nothing: undo has nothing to do.
    with pytest.raises(NetzError, match="keine Sicherung"):
        undo(hagen_file)
    apply_change(hagen_file, lambda r: note(r, "danach"))
    assert [read_backup(b).decode("utf-8") for b in backups(hagen_file)] == [original]
    assert tmp_files(hagen_file.parent) == []  # 4: the killed writer's temp file is gone


# --- 4. stale temp files of netz's own naming are cleaned on the next write ---------------------


def test_stale_temp_files_of_this_registry_are_removed_on_the_next_write(hagen_file):
    folder = hagen_file.parent
    own = [folder / ".networks.toml.k1l2m3n4.tmp", folder / ".networks.toml.abcd_123.tmp"]
    foreign = [folder / ".networks.2024.toml.k1l2m3n4.tmp", folder / "notizen.tmp",
               folder / ".networks.toml.handmade.txt"]
    for file in own + foreign:
        file.write_text("halb", encoding="utf-8")
    apply_change(hagen_file, verify)
    assert not any(file.exists() for file in own)
    assert all(file.exists() for file in foreign)


def test_a_value_that_cannot_be_encoded_is_refused_without_a_temp_file(hagen_file):
    before = hagen_file.read_bytes()

    def broken_name(registry: Registry) -> None:  # what a non-UTF-8 argument turns into
        registry.netzwerke["ak-90"].name = "Caf\udce9"

    with pytest.raises(NetzError, match="UTF-8"):
        apply_change(hagen_file, broken_name)
    assert hagen_file.read_bytes() == before
    assert tmp_files(hagen_file.parent) == []
    assert backups(hagen_file) == []


# --- 5. backups belong to exactly one registry file ------------------------------------------


def test_two_registries_in_one_folder_keep_their_own_backups(hagen_file):
    archive = hagen_file.with_name("networks.2024.toml")
    archive.write_bytes(hagen_file.read_bytes())
    archive_original = archive.read_text("utf-8")
    apply_change(archive, lambda r: note(r, "Archiv"))
    for number in range(BACKUPS_KEPT + 2):
        apply_change(hagen_file, lambda r, n=number: note(r, f"Fassung {n}"))
    assert len(backups(hagen_file)) == BACKUPS_KEPT
    assert [read_backup(b).decode("utf-8") for b in backups(archive)] == [archive_original]
    assert backup_dir(hagen_file) != backup_dir(archive)
    undo(hagen_file)
    assert "Fassung 10" in hagen_file.read_text("utf-8")
    undo(archive)
    assert archive.read_text("utf-8") == archive_original


def test_backups_of_the_old_layout_are_taken_over_by_their_own_file(hagen_file):
    old = hagen_file.parent / ".netz-sicherungen"
    old.mkdir()
    mine = old / "networks.2026-11-24T10-00-00-000000.toml"
    archive = old / "networks.2024.2026-11-24T10-00-00-000000.toml"
    mine.write_text(hagen_file.read_text("utf-8").replace("AK 90", "AK Alt"), encoding="utf-8")
    archive.write_text("schema = 2\n", encoding="utf-8")
    undo(hagen_file)
    assert "AK Alt" in hagen_file.read_text("utf-8")
    assert archive.exists()  # the archive's backup is not this file's


# --- 6. undo and redo ----------------------------------------------------------------------------


def test_undo_twice_then_redo_twice_gets_every_version_back(hagen_file):
    versions = [hagen_file.read_text("utf-8")]
    for number in range(3):
        apply_change(hagen_file, lambda r, n=number: note(r, f"Fassung {n}"))
        versions.append(hagen_file.read_text("utf-8"))
    undo(hagen_file)
    undo(hagen_file)
    assert hagen_file.read_text("utf-8") == versions[1]
    first = redo(hagen_file)
    assert hagen_file.read_text("utf-8") == versions[2]
    assert first.after == versions[2]
    redo(hagen_file)
    assert hagen_file.read_text("utf-8") == versions[3]
    with pytest.raises(NetzError, match="nichts, was wiederhergestellt"):
        redo(hagen_file)
    undo(hagen_file)  # and back again: the undo history survived the redos
    undo(hagen_file)
    undo(hagen_file)
    assert hagen_file.read_text("utf-8") == versions[0]


def test_a_new_change_after_undo_ends_redo_but_keeps_the_undone_version(hagen_file):
    apply_change(hagen_file, lambda r: note(r, "Fassung 1"))
    undone = hagen_file.read_text("utf-8")
    undo(hagen_file)
    apply_change(hagen_file, lambda r: note(r, "Fassung 2"))
    with pytest.raises(NetzError, match="nichts, was wiederhergestellt"):
        redo(hagen_file)
    kept = [read_backup(p).decode("utf-8") for p in backup_dir(hagen_file).rglob("*.toml.gz")]
    assert undone in kept


def test_undo_after_a_hand_edit_needs_force_and_keeps_the_hand_edit_for_redo(hagen_file):
    apply_change(hagen_file, lambda r: note(r, "von netz"))
    by_netz = hagen_file.read_text("utf-8")
    by_hand = by_netz.replace("von netz", "von Hand")
    hagen_file.write_text(by_hand, encoding="utf-8")
    with pytest.raises(HandEditedError, match="von Hand geändert"):
        undo(hagen_file)
    assert hagen_file.read_text("utf-8") == by_hand
    assert undo(hagen_file, dry_run=True).edited_by_hand
    undo(hagen_file, force=True)
    assert "von Hand" not in hagen_file.read_text("utf-8")
    redo(hagen_file)
    assert hagen_file.read_text("utf-8") == by_hand


def test_undo_right_after_a_netz_write_needs_no_force(hagen_file):
    apply_change(hagen_file, lambda r: note(r, "von netz"))
    assert not undo(hagen_file, dry_run=True).edited_by_hand
    undo(hagen_file)


# --- 7. a dry run writes nothing at all ---------------------------------------------------------


def test_dry_runs_leave_no_lock_and_no_backup_folder(hagen_file):
    apply_change(hagen_file, verify, dry_run=True)
    assert sorted(p.name for p in hagen_file.parent.iterdir()) == ["networks.toml"]
    apply_change(hagen_file, verify)
    (hagen_file.parent / "networks.toml.lock").unlink(missing_ok=True)
    listing = sorted(p.relative_to(hagen_file.parent) for p in hagen_file.parent.rglob("*"))
    text = hagen_file.read_bytes()
    undo(hagen_file, dry_run=True)
    assert sorted(p.relative_to(hagen_file.parent) for p in hagen_file.parent.rglob("*")) == \
        listing
    assert hagen_file.read_bytes() == text


# --- 19. line endings and comments -------------------------------------------------------------


def test_a_crlf_file_keeps_crlf_and_changes_only_the_changed_lines(hagen_file):
    lf = hagen_file.read_text("utf-8")
    hagen_file.write_bytes(lf.replace("\n", "\r\n").encode("utf-8"))
    apply_change(hagen_file, verify)
    data = hagen_file.read_bytes()
    assert data.count(b"\n") == data.count(b"\r\n") == lf.count("\n")
    changed = [(a, b) for a, b in zip(lf.splitlines(), data.decode("utf-8").splitlines(),
                                      strict=True) if a != b]
    assert changed == [('stand = "2017-04"', 'stand = "2026-11-25"')]
    apply_change(hagen_file, lambda r: note(r, "zweite Änderung"))
    assert hagen_file.read_bytes().count(b"\n") == hagen_file.read_bytes().count(b"\r\n")


def test_the_write_that_drops_comments_says_so_once_and_names_the_backup(hagen_file):
    text = hagen_file.read_text("utf-8")
    commented = text.replace("[netzwerke.ak-90]\n",
                             "# Ansprechpartnerin wechselt im Mai\n[netzwerke.ak-90]\n", 1)
    commented = commented.replace('art = "arbeitskreis"\n',
                                  'art = "arbeitskreis" # laut Satzung\n', 1)
    hagen_file.write_text(commented, encoding="utf-8")
    first = apply_change(hagen_file, verify)
    assert first.comments_dropped  # the one inside the changed entry
    assert first.backup is not None
    assert "# laut Satzung" in read_backup(first.backup).decode("utf-8")
    after = hagen_file.read_text("utf-8")
    assert "laut Satzung" not in after
    # Only the changed entry's text was replaced: the comment before it stays.
    assert "# Ansprechpartnerin wechselt im Mai\n[netzwerke.ak-90]\n" in after
    second = apply_change(hagen_file, lambda r: note(r, "weiter"))
    assert not second.comments_dropped
    assert "# Ansprechpartnerin wechselt im Mai" in hagen_file.read_text("utf-8")


def test_a_hash_sign_inside_a_value_is_not_a_comment(hagen_file):
    apply_change(hagen_file, lambda r: note(r, "Raum #3, Treffen 'immer' um # 10 Uhr"))
    assert not apply_change(hagen_file, verify).comments_dropped


@pytest.mark.parametrize(("text", "dropped"), [
    (HEADER + 'schema = 2\n', False),
    ('schema = 2 # Version\n', True),
    ('schema = 2\n  # eingerückt\n', True),
    ('name = "Raum #3"\nweb = \'https://x.de/#a\'\n', False),
    ('name = "Zitat \\" # noch im Text"\n', False),
    ('notiz = """\n# kein Kommentar, sondern Text\n"""\n', False),
    ("notiz = \'\'\'\n# auch Text\n\'\'\' # aber das hier\n", True),
    ('schema = 2\r\n# mit CRLF\r\n', True),
])
def test_comments_are_told_apart_from_hash_signs_in_values(text, dropped):
    assert drops_comments(text) is dropped


# --- 20, 25. the lock: cross-platform, and a waiting writer is told at once ---------------------


HOLDER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from netzwerk_cli.storage import write_lock
    registry, locked, release = (Path(a) for a in sys.argv[1:4])
    with write_lock(registry):
        locked.write_text("ja")
        while not release.exists():
            time.sleep(0.01)
""")


def test_a_waiting_writer_is_told_what_it_waits_for_then_saves(hagen_file, tmp_path):
    locked, release = tmp_path / "gesperrt", tmp_path / "freigeben"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(hagen_file), str(locked),
                               str(release)])
    try:
        while not locked.exists():
            assert holder.poll() is None, "der Sperrende endete zu früh"
            threading.Event().wait(0.01)
        told: list[tuple[Path, float]] = []

        def waiting(lock_file: Path, seconds: float) -> None:
            told.append((lock_file, seconds))
            release.write_text("ja")

        apply_change(hagen_file, verify, on_wait=waiting)
        assert told == [(hagen_file.with_name("networks.toml.lock"), 30.0)]
        assert 'stand = "2026-11-25"' in hagen_file.read_text("utf-8")
    finally:
        release.write_text("ja")
        holder.wait(timeout=30)


def test_no_waiting_message_when_nobody_holds_the_lock(hagen_file):
    told: list[object] = []
    apply_change(hagen_file, verify, on_wait=lambda *args: told.append(args))
    assert told == []


def test_writes_work_where_the_platform_has_no_fcntl(hagen_file):
    """As on Windows: no ``fcntl`` module at all."""
    script = textwrap.dedent("""
        import sys, datetime as dt, warnings
        sys.modules["fcntl"] = None  # importing it fails, as on Windows
        warnings.simplefilter("ignore")
        from pathlib import Path
        from netzwerk_cli import changes
        from netzwerk_cli.storage import apply_change
        apply_change(Path(sys.argv[1]),
                     lambda r: changes.verify_entry(r, "ak-90", dt.date(2026, 11, 25)))
    """)
    result = subprocess.run([sys.executable, "-c", script, str(hagen_file)],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert 'stand = "2026-11-25"' in hagen_file.read_text("utf-8")


# --- 23. operating-system errors in German --------------------------------------------------------


@pytest.mark.parametrize(("error", "german"), [
    (PermissionError(errno.EACCES, "Permission denied"), "keine Berechtigung"),
    (OSError(errno.ENOSPC, "No space left on device"),
     "kein Speicherplatz mehr auf dem Datenträger"),
    (OSError(errno.EROFS, "Read-only file system"), "schreibgeschützt"),
    (OSError(errno.EIO, "Input/output error"), "Ein-/Ausgabefehler"),
])
def test_operating_system_errors_are_told_in_german(hagen_file, monkeypatch, error, german):
    fail_replacing(monkeypatch, hagen_file, error)
    with pytest.raises(NetzError) as raised:
        apply_change(hagen_file, verify)
    message = str(raised.value)
    assert german in message
    assert "Errno" not in message and error.strerror not in message
    assert "bleibt unverändert" in message


def test_a_missing_folder_is_told_in_german(tmp_path):
    with pytest.raises(NetzError) as raised:
        apply_change(tmp_path / "fehlt" / "r.toml", lambda r: None)
    assert "No such file" not in str(raised.value)
    assert "Errno" not in str(raised.value)


# --- write_atomic for other files (netz merge writes git's OURS with it) ---------------------


@POSIX
def test_write_atomic_keeps_permissions_and_reports_failures_in_german(tmp_path, monkeypatch):
    ours = tmp_path / "ours.toml"
    ours.write_text("alt\n", encoding="utf-8")
    ours.chmod(0o640)
    write_atomic(ours, "neu\r\n")
    assert ours.read_bytes() == b"neu\r\n"
    assert stat.S_IMODE(ours.stat().st_mode) == 0o640
    write_atomic(ours, b"bytes\n")
    assert ours.read_bytes() == b"bytes\n"
    with pytest.raises(NetzError, match="UTF-8"):
        write_atomic(ours, "Caf\udce9")
    fail_replacing(monkeypatch, ours, PermissionError(errno.EACCES, "Permission denied"))
    with pytest.raises(NetzError, match=r"keine Berechtigung\)\. Sie bleibt unverändert"):
        write_atomic(ours, "anders")
    assert ours.read_bytes() == b"bytes\n"
    assert tmp_files(tmp_path) == []


# --- performance guard: the write path parses the new text once -----------------------------


def test_a_write_parses_the_new_text_only_once(hagen_file, parse_calls):
    registry = registry_from_text(hagen_file.read_text("utf-8"), "t")
    add_many(registry)
    hagen_file.write_text(registry_to_toml(registry), encoding="utf-8")
    old_length = len(hagen_file.read_text("utf-8"))
    parse_calls.clear()
    # Nothing cached yet: the old text is parsed; the new one is not – the change is checked
    # in memory and the new content cached as written.
    apply_change(hagen_file, verify)
    assert sum(parse_calls) == old_length
    apply_change(hagen_file, lambda r: note(r, "wieder"))  # the old text comes from the cache
    assert sum(parse_calls) == old_length
    assert registry_from_text(hagen_file.read_text("utf-8"), "t").netzwerke["ak-90"].notiz \
        == "wieder"
