"""A registry in a folder a team shares: what netz puts beside it – the lock file and the backup
folders – gets the registry's permissions and group, so a colleague who may write the registry
may write them too; and a message about a missing permission names the file or folder."""

from __future__ import annotations

import datetime as dt
import errno
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from netzwerk_cli import changes, storage
from netzwerk_cli.errors import NetzError
from netzwerk_cli.registry import embedded_registry
from netzwerk_cli.storage import BACKUP_DIRNAME, apply_change, backup_dir, lock_path, undo

TODAY = dt.date(2026, 11, 25)
POSIX = pytest.mark.skipif(os.name == "nt", reason="POSIX-Dateirechte")


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def verify(path: Path, entry_id: str = "ak-90") -> None:
    apply_change(path, lambda r: changes.verify_entry(r, entry_id, TODAY))


def edit(path: Path, treffen: str) -> None:
    apply_change(path, lambda r: changes.edit_netzwerk(r, "ak-90", {"notiz": treffen}))


@pytest.fixture
def umask_022() -> Iterator[None]:
    """The usual umask, which leaves new files 644 and new folders 755."""
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


@POSIX
@pytest.mark.parametrize(("registry_mode", "file_mode", "folder_mode"), [
    (0o664, 0o664, 0o775),  # a group shares it
    (0o644, 0o644, 0o755),
    (0o600, 0o600, 0o700),  # private
])
def test_lock_and_backup_folders_get_the_registry_permissions(hagen_file, umask_022,
                                                              registry_mode, file_mode,
                                                              folder_mode):
    hagen_file.chmod(registry_mode)
    verify(hagen_file)
    undo(hagen_file)  # the redo folder
    edit(hagen_file, "montags")  # ends redo: the discarded folder
    own = backup_dir(hagen_file)
    assert mode_of(lock_path(hagen_file)) == file_mode
    for folder in (own.parent, own, own / storage.REDO_DIRNAME, own / storage.DISCARDED_DIRNAME):
        assert mode_of(folder) == folder_mode, folder
    for file in own.rglob("*"):
        if file.is_file():
            assert mode_of(file) & ~file_mode == 0, file


@POSIX
def test_lock_and_folders_an_older_netz_made_get_the_registry_permissions(hagen_file,
                                                                          umask_022):
    verify(hagen_file)  # made with the registry's 644
    hagen_file.chmod(0o664)
    own = backup_dir(hagen_file)
    for made_before in (lock_path(hagen_file), own.parent, own):
        made_before.chmod(0o644 if made_before.is_file() else 0o755)
    verify(hagen_file, "ag-1")
    assert mode_of(lock_path(hagen_file)) == 0o664
    assert mode_of(own.parent) == mode_of(own) == 0o775


# --- a colleague in the same group ------------------------------------------------------------

COLLEAGUE = 65534  # "nobody"
TEAM = 54321  # a group only the test's users belong to

AS_COLLEAGUE = textwrap.dedent("""
    import os, shutil, sys, tempfile
    from pathlib import Path
    from netzwerk_cli import changes, storage
    from netzwerk_cli.errors import NetzError

    def change(path, treffen="donnerstags"):
        storage.apply_change(path, lambda r: changes.edit_netzwerk(
            r, "ak-90", {"notiz": treffen}))

    path = Path(sys.argv[1])
    # The same change once on a copy while still root, so that everything netz imports on
    # the way is loaded: the interpreter's own folder may be closed to the colleague.
    with tempfile.TemporaryDirectory() as scratch:
        shutil.copyfile(path, Path(scratch) / path.name)
        change(Path(scratch) / path.name, "vorher")  # the first backup
        change(Path(scratch) / path.name)  # a write beside backups
    os.setgroups([int(sys.argv[3])])
    os.setgid(int(sys.argv[3]))
    os.setuid(int(sys.argv[2]))
    os.umask(0o022)
    try:
        change(path)
    except NetzError as err:
        print(err)
        sys.exit(1)
""")


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder of the team's group, writable for the group (not setgid: new files would get
    their creator's group), outside the test's private temp folder."""
    folder = Path(tempfile.mkdtemp(prefix="netz-team-", dir="/tmp"))
    try:
        os.chown(folder, 0, TEAM)
        folder.chmod(0o775)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def as_colleague(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", AS_COLLEAGUE, str(path), str(COLLEAGUE),
                           str(TEAM)], capture_output=True, text=True, timeout=60, check=False)


needs_root = pytest.mark.skipif(os.name == "nt" or os.geteuid() != 0,
                                reason="nur als root kann der Test als Kollegin schreiben")


@needs_root
def test_a_colleague_in_the_group_can_write_after_the_first_user(shared_folder, umask_022):
    path = shared_folder / "networks.toml"
    shutil.copyfile(embedded_registry(), path)
    os.chown(path, 0, TEAM)
    path.chmod(0o664)
    verify(path)  # the first user: makes the lock and the backup folders
    result = as_colleague(path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert 'notiz = "donnerstags"' in path.read_text("utf-8")
    assert path.stat().st_gid == TEAM  # the colleague's new file stays the team's
    verify(path, "ag-1")  # and the first user writes after the colleague
    assert len(storage.backups(path)) == 3


@needs_root
def test_a_colleague_is_told_which_file_is_in_the_way(shared_folder, umask_022):
    path = shared_folder / "networks.toml"
    shutil.copyfile(embedded_registry(), path)
    os.chown(path, 0, TEAM)
    path.chmod(0o664)
    lock = lock_path(path)
    lock.write_bytes(b"")  # left by an older netz: the first user's, 644
    lock.chmod(0o644)
    result = as_colleague(path)
    assert result.returncode == 1
    assert str(lock) in result.stdout
    assert "Sperrdatei" in result.stdout
    lock.unlink()
    folder = shared_folder / BACKUP_DIRNAME
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    result = as_colleague(path)
    assert result.returncode == 1
    assert str(folder) in result.stdout


# --- every permission message names the file or folder ------------------------------------


def test_a_lock_file_that_cannot_be_opened_is_named(hagen_file, monkeypatch):
    import filelock

    lock = lock_path(hagen_file)

    def refused(self, *args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(lock))

    monkeypatch.setattr(filelock.FileLock, "acquire", refused)
    before = hagen_file.read_bytes()
    with pytest.raises(NetzError) as error:
        verify(hagen_file)
    message = str(error.value)
    assert f"Sperrdatei {lock}" in message
    assert "keine Berechtigung" in message
    assert hagen_file.read_bytes() == before


def test_a_folder_without_room_for_the_new_file_is_named(hagen_file, monkeypatch):
    original = storage.tempfile.mkstemp

    def refused(*args, **kwargs):
        if kwargs.get("dir") == hagen_file.parent:
            raise PermissionError(errno.EACCES, "Permission denied")
        return original(*args, **kwargs)

    monkeypatch.setattr(storage.tempfile, "mkstemp", refused)
    with pytest.raises(NetzError) as error:
        verify(hagen_file)
    assert f"Ordner {hagen_file.parent}" in str(error.value)
    assert "keine Berechtigung" in str(error.value)


def test_a_backup_folder_that_cannot_be_written_is_named(hagen_file, monkeypatch):
    original = storage._write_replacing

    def refused(path, *args, **kwargs):
        if path.parent == backup_dir(hagen_file):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return original(path, *args, **kwargs)

    monkeypatch.setattr(storage, "_write_replacing", refused)
    with pytest.raises(NetzError) as error:
        verify(hagen_file)
    assert str(backup_dir(hagen_file)) in str(error.value)
    assert "keine Berechtigung" in str(error.value)


def test_a_replace_that_is_refused_names_the_folder(hagen_file, monkeypatch):
    original = os.replace

    def refused(source, destination):
        if Path(destination) == hagen_file:
            raise PermissionError(errno.EACCES, "Permission denied")
        return original(source, destination)

    monkeypatch.setattr(storage.os, "replace", refused)
    with pytest.raises(NetzError) as error:
        verify(hagen_file)
    assert f"Ordner {hagen_file.parent}: keine Berechtigung" in str(error.value)
