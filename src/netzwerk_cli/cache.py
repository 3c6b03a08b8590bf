"""The user's private cache folder: sealed files that spare work on a large registry.

Two kinds live there, one file of each per registry file: the load cache (``.marshal``, the
checked tables, ``registry._with_cache``) and the verdicts of the e-mail and phone libraries
(``.verdicts``, ``verdicts.kept``). Whatever a file holds, the rules are the same:

- The folder is the user's alone (0700) and no file in it is readable more widely than the
  registry it was made from.
- A file starts with a seal – a keyed hash under the user's random key (``cache.key``,
  owner-only, in the data folder) – then its key: the registry's path and what the content
  depends on. A file whose key differs, or whose seal does not match (changed by anyone
  else, half-written), is never believed: the caller does the work instead.
- Writing replaces a file at once and tidies the folder: temp files of killed writers and the
  files of registries that no longer exist go.
- Any problem with the folder means no cache, never an error: it is only an optimisation.
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path
from typing import NamedTuple

from netzwerk_cli.registry import APP_NAME, create_once

SEAL_BYTES = 32
CACHE_KEY_NAME = "cache.key"
# netz's own names in the cache folder: a file, and the temp file a writer replaces it with.
_ENTRY = re.compile(r"[0-9a-f]{20}\.(?:marshal|verdicts)")
_TEMP = re.compile(r"[0-9a-f]{20}\.(?:marshal|verdicts)\.(\d{1,10})\.tmp")
# Writing a file takes seconds: a temp file this old is left over, whoever has its number now.
STALE_CACHE_TEMP_SECONDS = 3600


class Slot(NamedTuple):
    """Where one kind of cached work for one registry file lives, and the key it must have."""

    folder: Path
    cache: Path
    header: bytes
    secret: bytes

    def seal(self, payload: bytes) -> bytes:
        import hashlib

        sealed = hashlib.blake2b(key=self.secret, digest_size=SEAL_BYTES)
        sealed.update(self.header)
        sealed.update(payload)
        return sealed.digest()


def slot(file: Path, kind: str, depends_on: str) -> Slot | None:
    """The cache file of ``kind`` ("marshal", "verdicts") for the registry ``file``, valid
    while ``depends_on`` (versions, a hash of the content …) stays the same; None when there is
    no private key (then netz does not cache)."""
    import hashlib

    import platformdirs

    secret = _secret()
    if secret is None:
        return None
    registry_path = os.fsencode(file.resolve())
    # The registry's path first (to find the files of registries that are gone), then what
    # the content must match.
    key = registry_path + b"\0" + depends_on.encode()
    # A cache file: the seal, then the key (its length first), then the payload.
    header = len(key).to_bytes(4, "big") + key
    name = hashlib.blake2b(registry_path, digest_size=10).hexdigest()
    folder = platformdirs.user_cache_path(APP_NAME)
    _close_folder(folder)  # one made readable by others (by an older netz) is closed on use
    return Slot(folder, folder / f"{name}.{kind}", header, secret)


def read(place: Slot) -> bytes | None:
    """The payload of the slot's file when it has the slot's key and the user's seal."""
    import hmac

    try:
        with place.cache.open("rb") as stored:
            seal_found = stored.read(SEAL_BYTES)
            # The key first: the payload of another content is not even read.
            if stored.read(len(place.header)) != place.header:
                return None
            payload = stored.read()
    except OSError:
        return None
    return payload if hmac.compare_digest(seal_found, place.seal(payload)) else None


def write(place: Slot, payload: bytes, registry: Path) -> None:
    """Keep ``payload`` sealed in the slot's file, no more readable than ``registry``; tidy the
    folder first. Any problem: nothing kept."""
    try:
        _private_folder(place.folder)
        _tidy(place.folder)
        temporary = place.cache.with_name(f"{place.cache.name}.{os.getpid()}.tmp")
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)  # Windows
        fd = os.open(temporary, flags, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(place.seal(payload) + place.header)
            out.write(payload)
        with contextlib.suppress(OSError):  # never readable more widely than the registry
            os.chmod(temporary, registry.stat().st_mode & 0o600)
        os.replace(temporary, place.cache)
    except OSError:
        pass


def _tidy(folder: Path) -> None:
    """Remove what no later run would use: temp files of writers that were killed (their
    process no longer runs, or the file is over an hour old – never the file of a writer still
    at work), and the files of registries that no longer exist (or whose file does not say
    which registry it belongs to). Runs when a file is written, after work that took far
    longer than looking at the few files of the folder."""
    import time

    now = time.time()
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            temp = _TEMP.fullmatch(entry.name)
            with contextlib.suppress(OSError):
                if temp:
                    stale = (now - entry.stat().st_mtime > STALE_CACHE_TEMP_SECONDS
                             or not _process_runs(int(temp[1])))
                elif _ENTRY.fullmatch(entry.name):
                    stale = not _registry_exists(Path(entry.path))
                else:
                    continue
                if stale:
                    os.unlink(entry.path)


def _process_runs(pid: int) -> bool:
    """Whether a process with this number runs; on Windows always "maybe" (True): there,
    asking with ``os.kill`` would end it, so only the age of a temp file counts."""
    if os.name == "nt":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):  # it runs as another user, or no such number exists
        return True
    return True


def _registry_exists(entry: Path) -> bool:
    """Whether the registry a cache file was made from still exists (False when the file
    does not say, as the files of older netz versions do not)."""
    with entry.open("rb") as stored:
        stored.seek(SEAL_BYTES)
        length = int.from_bytes(stored.read(4), "big")
        key = stored.read(min(length, 1 << 16))
    registry_path, separator, _ = key.partition(b"\0")
    return bool(separator) and os.path.exists(registry_path)


def _secret() -> bytes | None:
    """The user's random key that seals the cache (created on first use, owner-only), or None
    when it can be neither read nor made: then netz simply does not cache."""
    import platformdirs

    key_file = platformdirs.user_data_path(APP_NAME) / CACHE_KEY_NAME
    try:
        secret = key_file.read_bytes()
    except FileNotFoundError:
        try:
            _private_folder(key_file.parent)
            create_once(key_file, os.urandom(SEAL_BYTES))
            secret = key_file.read_bytes()
        except OSError:
            return None
    except OSError:
        return None
    return secret if len(secret) == SEAL_BYTES else None


def _private_folder(folder: Path) -> None:
    """Make ``folder`` (and its parents) exist, ``folder`` itself readable by its owner only."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    _close_folder(folder)


def _close_folder(folder: Path) -> None:
    """Make an existing ``folder`` readable by its owner only, if it is not (one stat)."""
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):
        if folder.stat().st_mode & 0o077:
            os.chmod(folder, 0o700)
