"""Writing the registry so that nothing is lost.

Every change goes through ``aendern``: take the lock beside the file, read the file as it is now,
apply the change to that fresh state, validate, keep the previous version as a backup, and
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
from typing import NamedTuple, TypeVar

from netzwerk_cli.errors import NetzError
from netzwerk_cli.model import Register
from netzwerk_cli.registry import register_als_toml, register_aus_text

T = TypeVar("T")

SICHERUNGEN_ORDNER = ".netz-sicherungen"
SICHERUNGEN_BEHALTEN = 10
SPERRE_WARTEN_SEKUNDEN = 30.0


class Aenderung(NamedTuple):
    """What a change did: the file text before and after, and the change's own result."""

    vorher: str
    nachher: str
    ergebnis: object

    @property
    def geaendert(self) -> bool:
        """False when the change left the file exactly as it was."""
        return self.vorher != self.nachher


def aendern(pfad: Path, aenderung: Callable[[Register], T], probelauf: bool = False
            ) -> Aenderung:
    """Apply ``aenderung`` to the registry at ``pfad`` safely; with ``probelauf`` write nothing.

    ``aenderung`` receives the registry as it is on disk right now (under the lock), changes it
    in place and may raise a ``NetzError`` to refuse. The result must still be a valid registry.
    """
    with schreibsperre(pfad):
        vorher = _lesen(pfad)
        register = register_aus_text(vorher, str(pfad), cache_fuer=pfad)
        ergebnis = aenderung(register)
        nachher = register_als_toml(register)
        # The result must load again, or nothing is written. Parsing it with the cache also
        # leaves the parse of the new content cached, so the next command starts fast.
        register_aus_text(nachher, str(pfad), cache_fuer=None if probelauf else pfad)
        if not probelauf and nachher != vorher:
            sichern(pfad, vorher)
            atomar_schreiben(pfad, nachher)
    return Aenderung(vorher, nachher, ergebnis)


def _lesen(pfad: Path) -> str:
    try:
        return pfad.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise NetzError(f"Das Register {pfad} gibt es nicht.") from None
    except (OSError, UnicodeDecodeError) as err:
        raise NetzError(f"Das Register {pfad} ist nicht lesbar: {err}") from None


@contextlib.contextmanager
def schreibsperre(pfad: Path, warten: float = SPERRE_WARTEN_SEKUNDEN) -> Iterator[None]:
    """Hold an exclusive lock on ``<registry>.lock`` so that writers queue instead of colliding.

    The lock is an OS advisory lock (``flock``), released by the OS if the process dies, so a
    crash never leaves the registry locked.
    """
    import fcntl

    sperrdatei = pfad.with_name(pfad.name + ".lock")
    try:
        fd = os.open(sperrdatei, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as err:
        raise NetzError(_nicht_schreibbar(pfad, err)) from None
    try:
        ende = time.monotonic() + warten
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > ende:
                    raise NetzError(
                        f"Das Register {pfad} wird seit {warten:.0f} Sekunden von einem anderen "
                        "Vorgang bearbeitet. Bitte später noch einmal versuchen."
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def atomar_schreiben(pfad: Path, text: str, rechte_von: Path | None = None) -> None:
    """Replace the file in one step: write a temp file beside it, fsync, ``os.replace``.

    The new file gets the permissions of the file it replaces (or of ``rechte_von``), so a
    registry shared with colleagues stays shared.
    """
    try:
        fd, zwischen = tempfile.mkstemp(dir=pfad.parent, prefix=f".{pfad.name}.", suffix=".tmp")
    except OSError as err:
        raise NetzError(_nicht_schreibbar(pfad, err)) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as datei:
            datei.write(text)
            datei.flush()
            os.fsync(datei.fileno())
        with contextlib.suppress(OSError):
            os.chmod(zwischen, (rechte_von or pfad).stat().st_mode & 0o777)
        os.replace(zwischen, pfad)
    except OSError as err:
        with contextlib.suppress(OSError):
            os.unlink(zwischen)
        raise NetzError(_nicht_schreibbar(pfad, err)) from None
    _ordner_synchronisieren(pfad.parent)


def _ordner_synchronisieren(ordner: Path) -> None:
    """Make the rename itself durable (where the platform allows it)."""
    with contextlib.suppress(OSError):
        fd = os.open(ordner, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _nicht_schreibbar(pfad: Path, err: OSError) -> str:
    return (f"Das Register {pfad} kann nicht geschrieben werden ({err.strerror or err}). "
            "Die Datei bleibt unverändert.")


# --- Backups -------------------------------------------------------------------------------


def sicherungsordner(pfad: Path) -> Path:
    """Backups live beside the registry, so every colleague sharing it can undo."""
    return pfad.parent / SICHERUNGEN_ORDNER


def sichern(pfad: Path, text: str) -> Path:
    """Keep ``text`` (the version about to be replaced) and drop the oldest beyond the limit."""
    ordner = sicherungsordner(pfad)
    stempel = dt.datetime.now().strftime("%Y-%m-%dT%H-%M-%S-%f")
    ziel = ordner / f"{pfad.stem}.{stempel}.toml"
    try:
        ordner.mkdir(exist_ok=True)
        atomar_schreiben(ziel, text, rechte_von=pfad)
    except (OSError, NetzError) as err:
        raise NetzError(f"Die Sicherung in {ordner} ist nicht möglich ({err}); "
                        "das Register bleibt unverändert.") from None
    for alt in sicherungen(pfad)[SICHERUNGEN_BEHALTEN:]:
        with contextlib.suppress(OSError):
            alt.unlink()
    return ziel


def sicherungen(pfad: Path) -> list[Path]:
    """The backups of this registry, newest first."""
    ordner = sicherungsordner(pfad)
    if not ordner.is_dir():
        return []
    return sorted(ordner.glob(f"{pfad.stem}.[0-9]*.toml"), reverse=True)


class Rueckgaengig(NamedTuple):
    """What ``undo`` did: which backup it restored and where the replaced version went."""

    wiederhergestellt: Path
    verworfen: Path


def rueckgaengig(pfad: Path, probelauf: bool = False) -> Rueckgaengig:
    """Restore the newest backup; the version it replaces is kept as ``….rueckgaengig.toml``.

    With ``probelauf`` only say which backup would be restored.
    """
    with schreibsperre(pfad):
        liste = sicherungen(pfad)
        if not liste:
            raise NetzError(f"Für {pfad} gibt es keine Sicherung, die wiederhergestellt werden "
                            "könnte.")
        neueste = liste[0]
        text = neueste.read_text(encoding="utf-8")
        register_aus_text(text, str(neueste))  # never restore something that does not load
        verworfen = sicherungsordner(pfad) / f"{pfad.stem}.rueckgaengig.toml"
        if probelauf:
            return Rueckgaengig(neueste, verworfen)
        if pfad.exists():
            atomar_schreiben(verworfen, _lesen(pfad), rechte_von=pfad)
        atomar_schreiben(pfad, text)
        neueste.unlink()
    return Rueckgaengig(neueste, verworfen)
