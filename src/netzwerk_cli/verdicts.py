"""The verdicts of the e-mail and phone libraries, kept between runs for a large registry.

email_validator and phonenumbers (and their import) take a quarter of a second for the few
thousand addresses and numbers of a registry of 10,000 networks – in every ``netz check`` and
for the ``tel:`` links of every web page. Their verdicts (``validate.LIBRARY_CHECKS``) depend
on nothing but the value, the libraries and netz, so a run starts from those an earlier run
on the same registry kept, and keeps its own. The file is keyed by the versions of netz, Python
and the libraries (and by the code that words the refusals), and kept like the load cache,
for large registries only, by the rules of ``cache.py`` (private, sealed, tidied). Any
problem: the libraries are asked.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from netzwerk_cli.cache import Slot
    from netzwerk_cli.model import Registry
    from netzwerk_cli.validate import Verdict


@contextlib.contextmanager
def kept(file: Path, registry: Registry) -> Iterator[None]:
    """Within the block, the library checks know the verdicts the last run on the registry
    ``file`` kept; after it, the verdicts on the registry's values are kept (only when they
    changed)."""
    from netzwerk_cli.registry import CACHE_MIN_BYTES

    try:
        large = file.stat().st_size >= CACHE_MIN_BYTES
        place = _slot(file) if large else None
    except OSError:
        place = None
    if place is None:
        yield
        return
    from netzwerk_cli import validate

    earlier = read(place)
    validate.remember_verdicts(earlier)
    yield
    contacts = registry.kontakte.values()
    phones = {k.telefon for k in contacts if k.telefon}
    known = validate.library_verdicts({"check_email": {k.email for k in contacts if k.email},
                                       "normalize_telefon": phones, "telefon_parts": phones})
    if known != earlier:
        write(place, known, file)


def _slot(file: Path) -> Slot | None:
    """Where the kept verdicts of ``file`` live and their key (None: no private key)."""
    import hashlib
    import sys

    from netzwerk_cli import __version__, cache, text, validate

    # The code that words the refusals, should it change without a new version number.
    wording = hashlib.blake2b(Path(validate.__file__).read_bytes())
    wording.update(Path(text.__file__).read_bytes())
    return cache.slot(file, "verdicts", f"verdicts|{sys.version}|{__version__}|"
                                        f"{validate.library_versions()}|{wording.hexdigest()}")


def read(place: Slot) -> dict[str, dict[str, Verdict]]:
    """The kept verdicts, if their file has this key and the user's seal; else none."""
    import marshal

    from netzwerk_cli import cache

    payload = cache.read(place)
    if payload is not None:
        with contextlib.suppress(ValueError, EOFError, TypeError):
            earlier: dict[str, dict[str, Verdict]] = marshal.loads(payload)
            return earlier
    return {}


def write(place: Slot, known: dict[str, dict[str, Verdict]], file: Path) -> None:
    """Keep ``known`` (as private as the registry ``file``; any problem: nothing kept)."""
    import marshal

    from netzwerk_cli import cache

    cache.write(place, marshal.dumps(known), file)
