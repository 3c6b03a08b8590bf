"""Writing the registry so that nothing is lost – the only code that writes the registry file.

Every change goes through ``apply_change``: take the lock beside the file, read the file as it is
now, apply the change to that fresh state, validate, keep the previous version as a backup, and
replace the file atomically. Two coordinators saving at the same moment therefore queue behind
the lock, and the second one's change is applied on top of the first one's instead of
overwriting it. A crash at any point leaves either the old or the new file, never a broken one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Generic, NamedTuple, TypeVar

from netzwerk_cli.errors import NetzError
from netzwerk_cli.model import Registry
from netzwerk_cli.registry import read_registry_text, registry_from_text, registry_to_toml

T = TypeVar("T")

BACKUP_DIRNAME = ".netz-sicherungen"
BACKUPS_KEPT = 10
LOCK_TIMEOUT_SECONDS = 30.0


class ChangeResult(NamedTuple, Generic[T]):
    """What a change did: the file text before and after, the change's own result, and the
    registry as it is now (so nobody has to load the file again to show the change)."""

    before: str
    after: str
    result: T
    registry: Registry

    @property
    def changed(self) -> bool:
        """False when the change left the file exactly as it was."""
        return self.before != self.after


def apply_change(path: Path, change: Callable[[Registry], T], dry_run: bool = False
                 ) -> ChangeResult[T]:
    """Apply ``change`` to the registry at ``path`` safely; with ``dry_run`` write nothing.

    ``change`` receives the registry as it is on disk right now (under the lock), changes it
    in place and may raise a ``NetzError`` to refuse. The result must still be a valid registry.
    """
    with write_lock(path):
        before = read_registry_text(path)
        registry = registry_from_text(before, str(path), cache_for=path)
        result = change(registry)
        after = registry_to_toml(registry)
        # The result must load again, or nothing is written. Parsing it with the cache also
        # leaves the parse of the new content cached, so the next command starts fast.
        registry_from_text(after, str(path), cache_for=None if dry_run else path)
        if not dry_run and after != before:
            backup(path, before)
            write_atomic(path, after)
    return ChangeResult(before, after, result, registry)


@contextlib.contextmanager
def write_lock(path: Path, timeout: float = LOCK_TIMEOUT_SECONDS) -> Iterator[None]:
    """Hold an exclusive lock on ``<registry>.lock`` so that writers queue instead of colliding.

    The lock is an OS advisory lock (``flock``), released by the OS if the process dies, so a
    crash never leaves the registry locked.
    """
    import fcntl

    lock_file = path.with_name(path.name + ".lock")
    try:
        fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as err:
        raise NetzError(_not_writable(path, err)) from None
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise NetzError(
                        f"Das Register {path} wird seit {timeout:.0f} Sekunden von einem anderen "
                        "Vorgang bearbeitet. Bitte später noch einmal versuchen."
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def write_atomic(path: Path, text: str, mode_from: Path | None = None) -> None:
    """Replace the file in one step: write a temp file beside it, fsync, ``os.replace``.

    The new file gets the permissions of the file it replaces (or of ``mode_from``), so a
    registry shared with colleagues stays shared.
    """
    try:
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as err:
        raise NetzError(_not_writable(path, err)) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        with contextlib.suppress(OSError):
            os.chmod(temporary, (mode_from or path).stat().st_mode & 0o777)
        os.replace(temporary, path)
    except OSError as err:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise NetzError(_not_writable(path, err)) from None
    _sync_directory(path.parent)


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable (where the platform allows it)."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _not_writable(path: Path, err: OSError) -> str:
    return (f"Das Register {path} kann nicht geschrieben werden ({err.strerror or err}). "
            "Die Datei bleibt unverändert.")


# --- Backups -------------------------------------------------------------------------------


def backup_dir(path: Path) -> Path:
    """Backups live beside the registry, so every colleague sharing it can undo."""
    return path.parent / BACKUP_DIRNAME


def backup(path: Path, text: str) -> Path:
    """Keep ``text`` (the version about to be replaced) and drop the oldest beyond the limit."""
    directory = backup_dir(path)
    stamp = dt.datetime.now().strftime("%Y-%m-%dT%H-%M-%S-%f")
    target = directory / f"{path.stem}.{stamp}.toml"
    try:
        directory.mkdir(exist_ok=True)
        write_atomic(target, text, mode_from=path)
    except (OSError, NetzError) as err:
        raise NetzError(f"Die Sicherung in {directory} ist nicht möglich ({err}); "
                        "das Register bleibt unverändert.") from None
    for old in backups(path)[BACKUPS_KEPT:]:
        with contextlib.suppress(OSError):
            old.unlink()
    return target


def backups(path: Path) -> list[Path]:
    """The backups of this registry, newest first."""
    directory = backup_dir(path)
    if not directory.is_dir():
        return []
    return sorted(directory.glob(f"{path.stem}.[0-9]*.toml"), reverse=True)


class UndoResult(NamedTuple):
    """What ``undo`` did: which backup it restored and where the replaced version went."""

    restored: Path
    replaced: Path
    before: str
    after: str


def undo(path: Path, dry_run: bool = False) -> UndoResult:
    """Restore the newest backup; the version it replaces is kept as ``….rueckgaengig.toml``.

    With ``dry_run`` only say which backup would be restored.
    """
    with write_lock(path):
        found = backups(path)
        if not found:
            raise NetzError(f"Für {path} gibt es keine Sicherung, die wiederhergestellt werden "
                            "könnte.")
        newest = found[0]
        text = read_registry_text(newest)
        registry_from_text(text, str(newest))  # never restore something that does not load
        replaced = backup_dir(path) / f"{path.stem}.rueckgaengig.toml"
        current = read_registry_text(path) if path.exists() else ""
        if dry_run:
            return UndoResult(newest, replaced, current, text)
        if path.exists():
            write_atomic(replaced, current, mode_from=path)
        write_atomic(path, text)
        newest.unlink()
    return UndoResult(newest, replaced, current, text)
