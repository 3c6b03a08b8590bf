"""Writing the registry so that nothing is lost – the only code that writes the registry file.

Every change goes through ``apply_change``: take the lock beside the file, read the file as it is
now, apply the change to that fresh state, validate, keep the previous version as a backup, and
replace the file atomically. Two coordinators saving at the same moment therefore queue behind
the lock, and the second one's change is applied on top of the first one's instead of
overwriting it. A crash at any point leaves either the old or the new file, never a broken one,
and never a backup that only repeats the file as it is.

What netz keeps for a registry ``networks.toml`` lives beside it, in a folder of its own::

    .netz-sicherungen/networks.toml/<zeit>.toml.gz             the versions before each change
    .netz-sicherungen/networks.toml/wiederholen/<zeit>.toml.gz versions replaced by undo (redo)
    .netz-sicherungen/networks.toml/verworfen/<zeit>.toml.gz   undone versions a change ended
    .netz-sicherungen/networks.toml/zuletzt-geschrieben        hashes of what netz last wrote

Each version is kept gzip-compressed (a registry of 10,000 networks: 4.8 MB, its backup about
half a megabyte); uncompressed ``<zeit>.toml`` entries of older netz versions are read the same
way. Backups of older netz versions (``.netz-sicherungen/networks.<zeit>.toml``) still count as
this file's backups; they are matched by their exact name, so ``networks.2024.toml`` never
takes them.

The new file, the lock and the backups with their folders get the registry's permission bits and
group (``Access``): in a folder a team shares, whoever may write the registry may write them too.
The new file keeps a byte order mark and the line endings the file had.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Generic, NamedTuple, TypeVar

from netzwerk_cli.errors import NetzError, RegistryError
from netzwerk_cli.model import SCHEMA_VERSION, Registry, check_changed
from netzwerk_cli.registry import (
    BYTE_ORDER_MARK,
    HEADER,
    cache_written,
    checked_tables,
    file_schema,
    os_reason,
    read_registry_bytes,
    registry_from_bytes,
    registry_from_text,
    registry_tables,
    registry_text,
    registry_to_toml,
)
from netzwerk_cli.splice import NOT_CANONICAL, splice, table_path

T = TypeVar("T")
# A registry file's bytes and the registry a caller loaded from them
# (``apply_change(loaded=…)``).
Loaded = tuple[bytes, Registry]

BACKUP_DIRNAME = ".netz-sicherungen"
REDO_DIRNAME = "wiederholen"
DISCARDED_DIRNAME = "verworfen"
LAST_WRITTEN_NAME = "zuletzt-geschrieben"
BACKUPS_KEPT = 10
# Backups are kept gzip-compressed: ten versions of a 50 MB registry would take 500 MB.
COMPRESSED_SUFFIX = ".toml.gz"
BACKUP_COMPRESSION = 1  # zlib's fastest level: 7x smaller than the text, in a tenth of a second
LOCK_TIMEOUT_SECONDS = 30.0

# Called once, before waiting, when another writer holds the lock: (lock file, seconds).
OnWait = Callable[[Path, float], None]

_STAMP_FORMAT = "%Y-%m-%dT%H-%M-%S-%f"
_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{6}")
# The random part ``tempfile.mkstemp`` puts between netz's prefix and suffix.
_TEMP_NAME = re.compile(r"[a-z0-9_]{8}\.tmp")
_ANY_TEMP_NAME = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")


class ChangeResult(NamedTuple, Generic[T]):
    """What a change did: the file's content before and after (UTF-8 bytes without a byte
    order mark; a large registry is never held as text whole), the change's own result, the registry
    as it is now (so nobody has to load the file again to show the change), the backup that
    keeps the previous version, and whether that version had comments the new one lacks.

    ``rewritten`` says why the whole file was written anew instead of only the changed
    entries (German; "" when only they were replaced, or for a migration, which says so
    itself). ``migration`` says what bringing a file of an older schema up to date did (German
    lines, ``Registry.migration``): the change first rewrote the file in the current schema, as a
    step of its own with its own backup – or, in a dry run, would. ``before`` is then the file
    as the current schema writes it, so a diff shows the change alone."""

    before: bytes
    after: bytes
    result: T
    registry: Registry
    backup: Path | None = None
    comments_dropped: bool = False
    migration: tuple[str, ...] = ()
    rewritten: str = ""

    @property
    def changed(self) -> bool:
        """False when the change left the file exactly as it was."""
        return self.before != self.after


def apply_change(path: Path, change: Callable[[Registry], T], dry_run: bool = False,
                 on_wait: OnWait | None = None, loaded: Loaded | None = None
                 ) -> ChangeResult[T]:
    """Apply ``change`` to the registry at ``path`` safely; with ``dry_run`` write nothing.

    ``change`` receives the registry as it is on disk right now (under the lock), changes it
    in place and may raise a ``NetzError`` to refuse. The result must still be a valid registry.
    A dry run takes no lock either: it only reads, and every write replaces the file at once.
    ``loaded`` is the file's bytes and the registry the caller loaded from them, unchanged
    since: it is used when the file still holds exactly these bytes under the lock (no second
    load).
    """
    target = registry_target(path)
    if dry_run:
        return _change(target, path, change, dry_run=True, loaded=loaded)
    refuse_read_only(target, path)
    with write_lock(target, on_wait=on_wait):
        clean_stale_temp_files(target)
        migrated = _migrate(target, path)
        outcome = _change(target, path, change, dry_run=False,
                          loaded=None if migrated else loaded)
        if migrated is None:
            return outcome
        # Comments were dropped by the migration, if at all: its backup still has them.
        return outcome._replace(
            migration=tuple(migrated.registry.migration),
            backup=migrated.backup if migrated.comments_dropped else outcome.backup,
            comments_dropped=migrated.comments_dropped)


def _migrate(target: Path, shown: Path) -> ChangeResult[None] | None:
    """Rewrite a file of an older schema in the current one, as a change of its own (so that
    `netz undo` takes back the command's change and the migration one by one); None for a
    current file."""
    schema = file_schema(registry_text(read_registry_bytes(target), target))
    if schema is None or schema >= SCHEMA_VERSION:
        return None
    return _change(target, shown, lambda registry: None, dry_run=False)


def _change(target: Path, shown: Path, change: Callable[[Registry], T], dry_run: bool,
            loaded: Loaded | None = None) -> ChangeResult[T]:
    """Load (once: ``loaded`` when the file still holds exactly its bytes, else the cache or a
    parse), change, write the changed entries' text into the file's (``splice``), check the
    change in memory, keep the backup, replace the file."""
    raw = read_registry_bytes(target)
    if loaded is not None and loaded[0] == raw and not loaded[1].migration:
        registry = loaded[1]
    else:
        registry = registry_from_bytes(raw, shown, cache_for=target)
    if registry.migration:
        return _rewrite(target, shown, raw, registry, change, dry_run)
    old_tables = checked_tables(registry)  # the load cache's bytes, if it gave this registry
    if old_tables is None:
        old_tables = _copied(registry_tables(registry))
    result = change(registry)
    new_tables = registry_tables(registry)
    mark = BYTE_ORDER_MARK if raw.startswith(BYTE_ORDER_MARK) else b""
    before = raw[len(mark):] if mark else raw
    spliced = splice(before, old_tables, new_tables, HEADER)
    if spliced is None:  # not in netz's layout: written anew in full, and checked so
        return _rewrite(target, shown, raw, registry, lambda r: result, dry_run,
                        reason=NOT_CANONICAL)
    after = spliced.text
    if after == before:
        return ChangeResult(before, after, result, registry)
    # The result must load again, or nothing is written: what the change touched is checked
    # in memory; the rest of the file is byte for byte what loaded before.
    problems, as_written = check_changed(registry, new_tables,
                                         [table_path(key) for key in spliced.changed],
                                         [table_path(key) for key in spliced.removed])
    if problems:
        raise RegistryError(str(shown), problems)
    if dry_run:
        return ChangeResult(before, after, result, registry, None, spliced.comments_dropped)
    data = mark + after
    saved = _replace(target, shown, data, raw, backup_dir(target))
    if as_written:  # the next command starts from the cache (else it loads the file)
        cache_written(data, target, new_tables)
    access = _access(target)
    _retire_redo(target, access)
    _tidy_backups(target, access)
    return ChangeResult(before, after, result, registry, saved, spliced.comments_dropped)


def _rewrite(target: Path, shown: Path, raw: bytes, registry: Registry,
             change: Callable[[Registry], T], dry_run: bool, reason: str = ""
             ) -> ChangeResult[T]:
    """Write the whole file anew in canonical form: for a file of an older schema (migrated
    on load) and for one not in netz's table layout (``reason``); checked by loading the new
    text in full."""
    before = registry_text(raw, target)
    dropped = drops_comments(before)
    migration = tuple(registry.migration) if dry_run else ()
    if migration:  # the diff shows the change alone, the message says what migrating would do
        before = with_line_endings_of(before, registry_to_toml(registry))
    result = change(registry)
    after = with_line_endings_of(before, registry_to_toml(registry))
    before_data = before.encode("utf-8")
    if after == before:
        return ChangeResult(before_data, before_data, result, registry, migration=migration)
    data = _encoded(after, shown, keep_mark_of=raw)
    after_data = data.removeprefix(BYTE_ORDER_MARK)
    # The result must load again, or nothing is written. Parsing it with the cache also
    # leaves the parse of the new content cached, so the next command starts fast.
    registry_from_bytes(data, shown, cache_for=None if dry_run else target)
    if dry_run:
        return ChangeResult(before_data, after_data, result, registry, None, dropped,
                            migration, reason)
    saved = _replace(target, shown, data, raw, backup_dir(target))
    access = _access(target)
    _retire_redo(target, access)
    _tidy_backups(target, access)
    return ChangeResult(before_data, after_data, result, registry, saved, dropped,
                        rewritten=reason)


def _copied(tables: dict[str, Any]) -> dict[str, Any]:
    """A copy of registry tables that no change of the registry reaches (``to_toml`` hands
    out the entries' own lists); ``marshal`` copies plain data fastest, own fields holding
    TOML dates need ``deepcopy``."""
    import marshal

    try:
        copied: dict[str, Any] = marshal.loads(marshal.dumps(tables))
        return copied
    except ValueError:
        import copy

        return copy.deepcopy(tables)


def _encoded(text: str, shown: Path, keep_mark_of: bytes = b"") -> bytes:
    """The file's bytes, with a byte order mark if the file had one (``keep_mark_of``: its
    bytes before); a value that is no valid text (a non-UTF-8 argument) is refused."""
    mark = BYTE_ORDER_MARK if keep_mark_of.startswith(BYTE_ORDER_MARK) else b""
    try:
        return mark + text.encode("utf-8")
    except UnicodeEncodeError as err:
        line = text.count("\n", 0, err.start) + 1
        shown_line = text.split("\n")[line - 1].encode("utf-8", "replace").decode("utf-8")
        raise NetzError(
            f"Das Register {shown} bleibt unverändert: ein Wert enthält Zeichen, die sich nicht "
            f"als UTF-8 speichern lassen (neue Zeile {line}: {shown_line.strip()}). Vermutlich "
            "kam er in einer anderen Zeichenkodierung an; bitte in UTF-8 eingeben."
        ) from None


def registry_target(path: Path) -> Path:
    """The file really written: a symbolic link is followed, so the link stays a link and the
    shared file it points to gets the change (with its lock and backups beside it)."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def refuse_read_only(target: Path, shown: Path) -> None:
    """Refuse to replace a file marked read-only or not writable for this user, or to write
    into a folder that does not exist (the lock would create it).

    Replacing needs only the folder's permission, so without this check a write-protected file
    (or, as another user, someone else's file) would silently be replaced by a new one.
    """
    if not target.parent.is_dir():
        raise NetzError(f"Das Register {shown} kann nicht geschrieben werden (den Ordner "
                        f"{target.parent} gibt es nicht). Die Datei bleibt unverändert.")
    try:
        mode = target.stat().st_mode
    except OSError:
        return  # a missing file is reported when it is read
    if not mode & 0o222:
        reason = "ist schreibgeschützt"
    elif not os.access(target, os.W_OK):
        reason = "ist für Sie schreibgeschützt (keine Schreibberechtigung für die Datei)"
    else:
        return
    raise NetzError(f"Das Register {shown} {reason}; netz ersetzt es nicht. Die Datei bleibt "
                    "unverändert. Wer sie ändern darf, hebt zuerst den Schreibschutz auf.")


# --- Lock --------------------------------------------------------------------------------------


def lock_path(target: Path) -> Path:
    """The lock file beside the registry."""
    return target.with_name(target.name + ".lock")


@contextlib.contextmanager
def write_lock(path: Path, timeout: float = LOCK_TIMEOUT_SECONDS,
               on_wait: OnWait | None = None) -> Iterator[None]:
    """Hold an exclusive lock on ``<registry>.lock`` so that writers queue instead of colliding.

    The lock is the operating system's file lock (through ``filelock``: ``flock`` on Unix,
    ``msvcrt.locking`` on Windows), released by the OS if the process dies, so a crash never
    leaves the registry locked. ``on_wait`` is told at once when another writer holds it.
    """
    from filelock import FileLock, Timeout

    lock_file = lock_path(path)
    access = _access(path)
    # The registry's permissions: whoever may write the registry may take its lock.
    lock = FileLock(lock_file) if access is None else FileLock(lock_file, mode=access.file_mode)
    try:
        try:
            lock.acquire(timeout=0)
        except Timeout:
            if on_wait is not None:
                on_wait(lock_file, timeout)
            lock.acquire(timeout=timeout)
    except Timeout:
        raise NetzError(
            f"Das Register {path} wird seit {timeout:.0f} Sekunden von einem anderen Vorgang "
            f"geändert (Sperre {lock_file}). Bitte später noch einmal versuchen."
        ) from None
    except OSError as err:
        raise NetzError(_lock_refused(path, lock_file, err)) from None
    try:
        _adopt(lock_file, access)  # a lock file an older netz made keeps no narrower rights
        yield
    finally:
        lock.release()


def _lock_refused(path: Path, lock_file: Path, err: OSError) -> str:
    if not lock_file.exists():
        return (f"Das Register {path} kann nicht geschrieben werden: die Sperrdatei {lock_file} "
                f"lässt sich im Ordner {lock_file.parent} nicht anlegen ({os_reason(err)}). "
                "Die Datei bleibt unverändert.")
    advice = ""
    if isinstance(err, PermissionError):
        advice = (" Wer sie angelegt hat, gibt ihr die Rechte des Registers (oder löscht sie, "
                  "während niemand speichert); netz legt sie dann mit diesen Rechten neu an.")
    return (f"Das Register {path} kann nicht geschrieben werden: die Sperrdatei {lock_file} "
            f"lässt sich nicht öffnen ({os_reason(err)}). Die Datei bleibt unverändert.{advice}")


def clean_stale_temp_files(target: Path) -> None:
    """Remove temp files of netz's own naming that killed writers left behind.

    Call only under the lock: then no other writer is writing one, so every such file is stale.
    Only ``.<registry name>.<8 random characters>.tmp`` beside the file, and temp files in this
    file's own backup folder, are touched.
    """
    prefix = f".{target.name}."
    _remove_temp_files(target.parent, lambda name: name.startswith(prefix)
                       and bool(_TEMP_NAME.fullmatch(name[len(prefix):])))
    own = backup_dir(target)
    for folder in (own, own / REDO_DIRNAME, own / DISCARDED_DIRNAME):  # only netz writes there
        _remove_temp_files(folder, lambda name: bool(_ANY_TEMP_NAME.fullmatch(name)))


def _remove_temp_files(folder: Path, is_temp: Callable[[str], bool]) -> None:
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.endswith(".tmp") and is_temp(entry.name):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


# --- Writing -----------------------------------------------------------------------------------


def _replace(target: Path, shown: Path, data: bytes, previous: bytes, keep_in: Path
             ) -> Path | None:
    """Replace the registry with ``data``, keeping ``previous`` (the current bytes) as a new
    entry in ``keep_in`` – the backups for a change, the redo stack for an undo.

    The order makes a failed or killed write cost no history: the new file is complete and
    synced first, then the previous version kept, then the file replaced. If the replace
    fails, the entry just written goes again; an entry left by a write killed before its
    replace equals the current file and is reused by the next write instead of repeated.
    """
    access = _access(target)
    try:
        temporary = _write_temporary(target, data, access and access.mode,
                                     group=access and access.group)
    except OSError as err:
        raise NetzError(
            f"Das Register {shown} kann nicht geschrieben werden: im Ordner {target.parent} "
            f"lässt sich keine neue Datei anlegen ({os_reason(err)}). Die Datei bleibt "
            "unverändert.") from None
    try:
        kept, new_entry = (_keep(target, shown, previous, keep_in, access) if previous
                           else (None, False))
        _remember_written(target, data, previous, access)
        try:
            os.replace(temporary, target)
        except OSError as err:
            if new_entry and kept is not None:
                with contextlib.suppress(OSError):
                    kept.unlink()
            raise NetzError(_not_writable(shown, err)) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_directory(target.parent)
    return kept


def write_atomic(path: Path, text: str | bytes, mode_from: Path | None = None,
                 mode: int | None = None) -> None:
    """Replace the file in one step: write a temp file beside it, fsync, ``os.replace``.

    For files other than the registry (``netz merge`` writes git's OURS with it, the exports
    their files). The new file gets ``mode``, else the permissions of the file it replaces (or
    of ``mode_from``); a failure is a German ``NetzError`` and leaves the file as it was,
    without a temp file.
    """
    try:
        data = text.encode("utf-8") if isinstance(text, str) else text
        _write_replacing(path, data, _permissions(mode_from or path) if mode is None else mode)
    except UnicodeEncodeError:
        raise NetzError(f"Die Datei {path} bleibt unverändert: der Text enthält Zeichen, die "
                        "sich nicht als UTF-8 speichern lassen.") from None
    except OSError as err:
        raise NetzError(f"Die Datei {path} kann nicht geschrieben werden ({os_reason(err)}). "
                        "Sie bleibt unverändert.") from None


def _write_replacing(path: Path, data: bytes, mode: int | None, durable: bool = True,
                     group: int | None = None) -> None:
    """``write_atomic`` for netz's own files beside the registry; raises ``OSError``."""
    temporary = _write_temporary(path, data, mode, durable, group)
    try:
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    if durable:
        _sync_directory(path.parent)


def _write_temporary(path: Path, data: bytes, mode: int | None, durable: bool = True,
                     group: int | None = None) -> Path:
    """A complete (and with ``durable`` synced) temp file beside ``path`` holding ``data``,
    with the permission bits ``mode`` and the group ``group`` where given."""
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            if durable:
                os.fsync(file.fileno())
        if group is not None:
            with contextlib.suppress(OSError):  # a group this user is no member of
                os.chown(name, -1, group)
        if mode is not None:
            with contextlib.suppress(OSError):  # permissions a file system cannot store
                os.chmod(name, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
    return Path(name)


def _permissions(target: Path) -> int | None:
    """The registry's permission bits: the new file keeps them, nothing derived gets more."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        return None


class Access(NamedTuple):
    """The registry's permission bits and group. What netz keeps beside it – the new file, the
    lock, the backups and their folders – gets them, so in a folder a team shares everyone who
    may write the registry may write those too, and nobody may read more than the registry."""

    mode: int
    group: int | None

    @property
    def file_mode(self) -> int:
        """For the lock file, which its owner must always be able to open."""
        return self.mode & 0o666 | 0o600

    @property
    def folder_mode(self) -> int:
        """The registry's read and write bits with the x bits that go with reading:
        664 → 775, 644 → 755, 600 → 700."""
        return self.mode | (self.mode & 0o444) >> 2 | 0o700


def _access(target: Path) -> Access | None:
    """The registry's ``Access``, or None when it cannot be read (no such file yet)."""
    try:
        status = target.stat()
    except OSError:
        return None
    return Access(status.st_mode & 0o777, status.st_gid if os.name != "nt" else None)


def _adopt(path: Path, access: Access | None, folder: bool = False) -> None:
    """Give a lock file or folder netz keeps beside the registry the registry's ``Access``.

    Only the owner of ``path`` can, so a lock or folder an older netz made with narrower rights
    is corrected on its owner's next write. Windows has no such permission bits.
    """
    if access is None or os.name == "nt":
        return
    with contextlib.suppress(OSError):
        status = os.stat(path)
        if status.st_uid != os.geteuid():
            return
        if access.group is not None and status.st_gid != access.group:
            os.chown(path, -1, access.group)
        wanted = access.folder_mode if folder else access.file_mode
        if status.st_mode & 0o777 != wanted:
            os.chmod(path, status.st_mode & 0o7000 | wanted)  # a folder's setgid bit stays


def _backup_folder(target: Path, folder: Path, access: Access | None) -> None:
    """Make ``folder`` – one of the registry's backup folders – and the backup folders above
    it, each with the registry's ``Access``; raises ``OSError``."""
    missing = []
    current = folder
    while current != target.parent and not current.is_dir():
        missing.append(current)
        current = current.parent
    for path in reversed(missing):
        path.mkdir(exist_ok=True)
        _adopt(path, access, folder=True)


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable where the platform allows it (not on Windows, where a
    folder cannot be opened; NTFS journals the rename itself)."""
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _not_writable(path: Path, err: OSError) -> str:
    """Replacing the file failed: that takes the permission of the folder it is in."""
    return (f"Das Register {path} kann nicht geschrieben werden (beim Ersetzen im Ordner "
            f"{path.parent}: {os_reason(err)}). Die Datei bleibt unverändert.")


def with_line_endings_of(before: str, canonical: str) -> str:
    """``canonical`` with the line endings of ``before``: a file saved with CRLF (Windows)
    stays CRLF, so a change is a small diff in git and not a whole-file one."""
    first = before.find("\n")
    if first > 0 and before[first - 1] == "\r":
        return canonical.replace("\n", "\r\n")
    return canonical


_HEADER_COMMENTS = frozenset(line for line in HEADER.splitlines() if line.startswith("#"))


def drops_comments(text: str) -> bool:
    """Whether ``text`` has comments other than netz's own header, which saving drops.

    Only the few lines holding a "#" are looked at (a search over the whole text would cost
    more than the rest of this check on a large registry); a line that looks like a comment is
    confirmed by following multi-line strings through the text.
    """
    position = text.find("#")
    while position != -1:
        start = text.rfind("\n", 0, position) + 1
        end = text.find("\n", position)
        end = len(text) if end == -1 else end
        line = text[start:end]
        comment, _ = _comment_start(line, "")
        if comment is not None and line[comment:].strip() not in _HEADER_COMMENTS:
            return _has_comment_outside_strings(text)
        position = text.find("#", end)
    return False


def _has_comment_outside_strings(text: str) -> bool:
    state = ""
    for line in text.splitlines():
        start, state = _comment_start(line, state)
        if start is not None and line[start:].strip() not in _HEADER_COMMENTS:
            return True
    return False


def _comment_start(line: str, state: str) -> tuple[int | None, str]:
    """Where a TOML comment starts in ``line`` (outside strings), and the multi-line string
    still open at its end (``state`` is the one open at its start: ``\"\"\"``, ``'''`` or "")."""
    position, length = 0, len(line)
    while position < length:
        char = line[position]
        if state:
            if char == "\\" and state[0] == '"':
                position += 2
                continue
            if line.startswith(state, position):
                position += len(state)
                state = ""
                continue
        elif char == "#":
            return position, ""
        elif char in "\"'":
            state = line[position:position + 3] if line.startswith(char * 3, position) else char
            position += len(state)
            continue
        position += 1
    return None, state if len(state) == 3 else ""


# --- Backups -------------------------------------------------------------------------------


def backup_dir(path: Path) -> Path:
    """This registry's own backup folder, beside it, so every colleague sharing it can undo."""
    target = registry_target(path)
    return target.parent / BACKUP_DIRNAME / target.name


def backups(path: Path) -> list[Path]:
    """The backups of this registry (and only this one), newest first."""
    return _entries(backup_dir(path), _legacy_backups(registry_target(path)))


def redo_entries(path: Path) -> list[Path]:
    """The versions ``netz undo`` replaced, newest first: what ``netz redo`` brings back."""
    return _entries(backup_dir(path) / REDO_DIRNAME)


def _entries(folder: Path, more: list[tuple[str, Path]] | None = None) -> list[Path]:
    found = list(more or [])
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            stamp = _stamp_of(entry.name)
            if stamp:
                found.append((stamp, Path(entry.path)))
    return [p for _, p in sorted(found, reverse=True)]


def _stamp_of(name: str) -> str:
    """The time stamp of an entry's name (``<zeit>.toml.gz``, or ``<zeit>.toml`` as older
    netz versions kept them), or "" for any other file."""
    for suffix in (COMPRESSED_SUFFIX, ".toml"):
        if name.endswith(suffix) and _STAMP.fullmatch(name[:-len(suffix)]):
            return name[:-len(suffix)]
    return ""


def read_backup(entry: Path) -> bytes:
    """The registry bytes a backup keeps (compressed or, from older netz versions, not); a
    problem is a German ``RegistryError`` naming the file."""
    import gzip
    import zlib

    data = read_registry_bytes(entry)
    if not entry.name.endswith(COMPRESSED_SUFFIX):
        return data
    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error):
        raise RegistryError(str(entry), ["Die Sicherung ist beschädigt (nicht lesbares "
                                         "gzip)."]) from None


def _compressed(data: bytes) -> bytes:
    import gzip

    return gzip.compress(data, compresslevel=BACKUP_COMPRESSION, mtime=0)


def _legacy_backups(target: Path) -> list[tuple[str, Path]]:
    """Backups of netz before 0.x kept this file's stem and a stamp directly in the folder."""
    folder = target.parent / BACKUP_DIRNAME
    prefix = target.stem + "."
    found = []
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            stamp = entry.name[len(prefix):-5]
            if (entry.name.startswith(prefix) and entry.name.endswith(".toml")
                    and _STAMP.fullmatch(stamp)):
                found.append((stamp, Path(entry.path)))
    return found


def _new_entry(folder: Path, suffix: str = COMPRESSED_SUFFIX) -> Path:
    """A new file name in ``folder`` that sorts after every entry already there."""
    now = dt.datetime.now()
    newest = _entries(folder)[:1]
    if newest:
        last = dt.datetime.strptime(_stamp_of(newest[0].name), _STAMP_FORMAT)
        now = max(now, last + dt.timedelta(microseconds=1))
    return folder / f"{now.strftime(_STAMP_FORMAT)}{suffix}"


def _keep(target: Path, shown: Path, data: bytes, folder: Path, access: Access | None
          ) -> tuple[Path, bool]:
    """Keep ``data`` (the version about to be replaced) in ``folder``; whether a new file was
    written. A newest entry that already holds exactly this text (left by a write killed before
    its replace) is this write's entry: no second copy pushes real history out."""
    newest = _entries(folder)[:1]
    if newest and _holds(newest[0], data):
        return newest[0], False
    try:
        _backup_folder(target, folder, access)
        saved = _new_entry(folder)
        _write_replacing(saved, _compressed(data), access and access.mode,
                         group=access and access.group)
    except OSError as err:
        raise NetzError(
            f"Das Register {shown} kann nicht geschrieben werden: die ersetzte Fassung lässt "
            f"sich in {folder} nicht sichern ({os_reason(err)}). Die Datei bleibt unverändert."
        ) from None
    return saved, True


def _holds(file: Path, data: bytes) -> bool:
    """Whether the entry ``file`` holds exactly ``data`` (the size first – of a compressed
    one the size gzip notes at its end –, so most entries are not read)."""
    try:
        if not file.name.endswith(COMPRESSED_SUFFIX):
            return file.stat().st_size == len(data) and file.read_bytes() == data
        with file.open("rb") as stored:
            stored.seek(-4, os.SEEK_END)
            if int.from_bytes(stored.read(4), "little") != len(data) % (1 << 32):
                return False
        return read_backup(file) == data
    except (OSError, NetzError):
        return False


def _tidy_backups(target: Path, access: Access | None) -> None:
    """Keep the newest backups of each kind, none wider readable than the registry is now
    (a registry made private with ``chmod 600`` makes its older backups private too), and the
    backup folders with the registry's permissions and group."""
    folder = backup_dir(target)
    for own_folder in (folder.parent, folder, folder / REDO_DIRNAME, folder / DISCARDED_DIRNAME):
        _adopt(own_folder, access, folder=True)
    for found in (backups(target), redo_entries(target),
                  _entries(folder / DISCARDED_DIRNAME)):
        for old in found[BACKUPS_KEPT:]:
            with contextlib.suppress(OSError):
                old.unlink()
    if access is None:
        return
    mode = access.mode
    kept = [file for _, file in _legacy_backups(target)]
    with contextlib.suppress(OSError):
        kept += [p for p in folder.rglob("*") if p.is_file()]
    for file in kept:
        with contextlib.suppress(OSError):
            current = file.stat().st_mode & 0o777
            if current & ~mode:
                os.chmod(file, current & mode)


def _retire_redo(target: Path, access: Access | None) -> None:
    """A new change ends what ``netz redo`` could bring back; the undone versions are moved to
    ``verworfen/`` (not deleted), so no version that was ever saved is lost at once."""
    redo = redo_entries(target)
    if not redo:
        return
    discarded = backup_dir(target) / DISCARDED_DIRNAME
    with contextlib.suppress(OSError):
        _backup_folder(target, discarded, access)
        for entry in reversed(redo):  # oldest first, so the order stays
            os.replace(entry, _new_entry(discarded, entry.name[len(_stamp_of(entry.name)):]))


# --- What netz wrote last: telling hand edits apart ----------------------------------------


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def _remember_written(target: Path, data: bytes, previous: bytes, access: Access | None
                      ) -> None:
    """Note the hash of what netz is about to write, before writing it.

    The hash of the version it replaces stays beside it when that one was netz's too (or
    nothing is known yet), so a write killed or failed before its replace does not make the
    unchanged file look edited by hand – and a hand edit it replaces is never taken for netz's.
    """
    record = backup_dir(target) / LAST_WRITTEN_NAME
    known = _written_hashes(target)
    hashes = [_digest(data)]
    old = _digest(previous)
    if not known or old in known:
        hashes.append(old)
    with contextlib.suppress(OSError):
        _backup_folder(target, record.parent, access)
        _write_replacing(record, ("\n".join(hashes) + "\n").encode("ascii"),
                         access and access.mode, durable=False, group=access and access.group)


def _written_hashes(target: Path) -> list[str]:
    try:
        return (backup_dir(target) / LAST_WRITTEN_NAME).read_text("ascii").split()
    except (OSError, UnicodeDecodeError):
        return []


def edited_by_hand(path: Path, data: bytes) -> bool:
    """Whether ``data`` (the registry's bytes as they are) differ from what netz last wrote.

    Unknown (False) when netz has not written the file since it started keeping the record.
    """
    written = _written_hashes(registry_target(path))
    return bool(written) and _digest(data) not in written


# --- Undo and redo --------------------------------------------------------------------------


class HandEditedError(NetzError):
    """Undo or redo would replace a version edited by hand since netz's last write."""


class UndoResult(NamedTuple):
    """What ``undo`` or ``redo`` did: the version it put back, where the replaced version now
    lies (None in a dry run), the texts before and after, and whether the replaced version
    was edited by hand since netz's last write."""

    restored: Path
    replaced: Path | None
    before: str
    after: str
    edited_by_hand: bool = False


def undo(path: Path, dry_run: bool = False, force: bool = False,
         on_wait: OnWait | None = None) -> UndoResult:
    """Restore the newest backup; the version it replaces is kept for ``redo``.

    Without ``force`` a registry edited by hand since netz's last write is left alone
    (``HandEditedError``); with ``dry_run`` only say what would be restored.
    """
    return _step(path, "undo", dry_run, force, on_wait)


def redo(path: Path, dry_run: bool = False, force: bool = False,
         on_wait: OnWait | None = None) -> UndoResult:
    """Bring back the version the last ``undo`` replaced; the current one becomes a backup."""
    return _step(path, "redo", dry_run, force, on_wait)


def _step(path: Path, direction: str, dry_run: bool, force: bool, on_wait: OnWait | None
          ) -> UndoResult:
    target = registry_target(path)
    if dry_run:
        return _restore(target, path, direction, dry_run=True, force=force)
    refuse_read_only(target, path)
    with write_lock(target, on_wait=on_wait):
        clean_stale_temp_files(target)
        return _restore(target, path, direction, dry_run=False, force=force)


def _restore(target: Path, shown: Path, direction: str, dry_run: bool, force: bool
             ) -> UndoResult:
    current_data = read_registry_bytes(target) if target.exists() else b""
    current = registry_text(current_data, target)
    source = backups(target) if direction == "undo" else redo_entries(target)
    # An entry equal to the current file would restore nothing (left by a write killed
    # between its backup and its replace): skip it, and drop it unless this is a dry run.
    while source and _holds(source[0], current_data):
        stale = source.pop(0)
        if not dry_run:
            with contextlib.suppress(OSError):
                stale.unlink()
    if not source:
        if direction == "undo":
            raise NetzError(f"Für {shown} gibt es keine Sicherung, die wiederhergestellt "
                            "werden könnte.")
        raise NetzError(f"Für {shown} gibt es nichts, was wiederhergestellt werden könnte: "
                        "`netz redo` bringt nur zurück, was `netz undo` seit der letzten "
                        "Änderung ersetzt hat.")
    entry = source[0]
    data = read_backup(entry)
    text = registry_text(data, entry)
    registry_from_text(text, str(entry))  # never restore something that does not load
    edited = bool(current_data) and edited_by_hand(target, current_data)
    if dry_run:
        return UndoResult(entry, None, current, text, edited)
    if edited and not force:
        command = "netz undo" if direction == "undo" else "netz redo"
        raise HandEditedError(
            f"Das Register {shown} wurde seit dem letzten Schreiben durch netz von Hand "
            f"geändert; `{command}` ersetzt diese Fassung (sie bleibt im Sicherungsordner "
            "erhalten).")
    folder = backup_dir(target) / REDO_DIRNAME if direction == "undo" else backup_dir(target)
    kept = _replace(target, shown, data, current_data, folder)
    with contextlib.suppress(OSError):
        entry.unlink()
    _tidy_backups(target, _access(target))
    return UndoResult(entry, kept, current, text, edited)
