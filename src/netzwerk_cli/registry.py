"""Where the registry file lives, and reading it.

Precedence, highest first: the ``--registry`` option, the ``NETZ_REGISTRY`` environment variable,
``register = "…"`` in the user's config file, and finally a default registry in the user data
directory that is created from the embedded Hagen data the first time it is needed.
"""

from __future__ import annotations

import os
import re
import shutil
import tomllib
from pathlib import Path
from typing import NamedTuple

from netzwerk_cli.errors import NetzError, RegisterFehler
from netzwerk_cli.model import SCHEMA_VERSION, Register, register_aus_toml

APP_NAME = "netz"
ENV_VAR = "NETZ_REGISTRY"
DATEINAME = "networks.toml"


class Fundort(NamedTuple):
    """The registry file in use and why this one was chosen."""

    pfad: Path
    grund: str
    neu_angelegt: bool = False


def config_datei() -> Path:
    """The user's config file (``register = "/pfad/zur/datei.toml"``)."""
    import platformdirs

    return platformdirs.user_config_path(APP_NAME) / "config.toml"


def standard_register() -> Path:
    """Where the default registry lives when nothing else is configured."""
    import platformdirs

    return platformdirs.user_data_path(APP_NAME) / DATEINAME


def eingebettetes_register() -> Path:
    """The Hagen data shipped with netz.

    A wheel carries it inside the package; in a source checkout (and an editable install) it is
    the repository's ``data/networks.toml``, so the file exists only once in the repository.
    """
    im_paket = Path(__file__).parent / "data" / DATEINAME
    if im_paket.is_file():
        return im_paket
    return Path(__file__).resolve().parents[2] / "data" / DATEINAME


def register_finden(option: Path | None = None) -> Fundort:
    """Decide which registry file to use, creating the default one on first use."""
    if option is not None:
        return Fundort(option, "Option --registry")
    if os.environ.get(ENV_VAR):
        return Fundort(Path(os.environ[ENV_VAR]).expanduser(), f"Umgebungsvariable {ENV_VAR}")
    config = config_datei()
    if config.is_file():
        eintrag = _register_aus_config(config)
        if eintrag is not None:
            return Fundort(eintrag, f"Konfigurationsdatei {config}")
    standard = standard_register()
    if standard.is_file():
        return Fundort(standard, "Standard-Register im Benutzerverzeichnis")
    standard.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(eingebettetes_register(), standard)
    return Fundort(standard, "Standard-Register im Benutzerverzeichnis", neu_angelegt=True)


def _register_aus_config(config: Path) -> Path | None:
    """The ``register`` path of the config file, relative paths taken from the file's folder."""
    try:
        daten = tomllib.loads(config.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise NetzError(f"Die Konfigurationsdatei {config} ist nicht lesbar: {err}") from None
    wert = daten.get("register")
    if wert is None:
        return None
    if not isinstance(wert, str) or not wert.strip():
        raise NetzError(
            f"{config}: „register“ muss ein Dateipfad in Anführungszeichen sein, "
            'z. B. register = "~/netz/networks.toml".'
        )
    return config.parent / Path(wert).expanduser()


def register_laden(fundort: Fundort) -> Register:
    """Read and validate the registry; every problem becomes a German ``RegisterFehler``."""
    pfad = fundort.pfad
    datei = str(pfad)
    try:
        # utf-8-sig: Windows editors like to put a byte order mark in front.
        text = pfad.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise RegisterFehler(
            datei, [f"Die Datei gibt es nicht (gewählt durch {fundort.grund})."]
        ) from None
    except IsADirectoryError:
        raise RegisterFehler(datei, ["Das ist ein Ordner, keine Registerdatei."]) from None
    except PermissionError:
        raise RegisterFehler(datei, ["Keine Berechtigung, die Datei zu lesen."]) from None
    except UnicodeDecodeError as err:
        zeile = err.object[: err.start].count(b"\n") + 1
        raise RegisterFehler(
            datei, [f"Zeile {zeile}: Die Datei ist nicht in UTF-8 gespeichert."]
        ) from None
    return register_aus_text(text, datei, cache_fuer=pfad)


def register_aus_text(text: str, datei: str, cache_fuer: Path | None = None) -> Register:
    """Parse and validate registry source text (with a cache for large files at ``cache_fuer``)."""
    if cache_fuer is not None and len(text) >= CACHE_AB_BYTES:
        return _mit_cache(text, datei, cache_fuer)
    try:
        daten = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise RegisterFehler(datei, [_toml_fehler(err)]) from None
    return register_aus_toml(daten, datei, text)


# Below this size parsing is quicker than hashing the file and reading a cache.
CACHE_AB_BYTES = 256 * 1024


def _mit_cache(text: str, datei: str, pfad: Path) -> Register:
    """Load a large registry, reusing what the last load of the same content checked.

    tomllib needs over a second for a registry of 10,000 networks, and checking every entry
    another half second; a ``marshal`` copy of the checked entries loads in a tenth of that. The
    copy lives in the user's cache directory, keyed by the file's path and checked against a
    hash of its content, of the gazetteer and of the netz version, so an edit by hand or by a
    colleague is always seen. The cache is only ever an optimisation: any problem with it
    falls back to parsing and checking.
    """
    import hashlib
    import marshal
    import sys

    import platformdirs

    from netzwerk_cli import __version__
    from netzwerk_cli.model import register_aus_geprueften

    ortsdaten = (Path(__file__).parent / "hagen.toml").read_bytes()
    inhalt = hashlib.blake2b(text.encode("utf-8") + ortsdaten).hexdigest()
    schluessel = f"{sys.version}|{__version__}|{inhalt}"
    name = hashlib.blake2b(str(pfad.resolve()).encode(), digest_size=10).hexdigest()
    cache = platformdirs.user_cache_path(APP_NAME) / f"{name}.marshal"
    try:
        gespeichert, daten = marshal.loads(cache.read_bytes())
        if gespeichert == schluessel:
            return register_aus_geprueften(daten)
    except (OSError, ValueError, EOFError, TypeError, KeyError):
        pass
    register = register_aus_text(text, datei)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        zwischen = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
        zwischen.write_bytes(marshal.dumps((schluessel, _als_daten(register))))
        os.replace(zwischen, cache)
    except (OSError, ValueError):  # ValueError: own fields holding TOML dates; no cache then
        pass
    return register


def _toml_fehler(err: tomllib.TOMLDecodeError) -> str:
    """tomllib's English message with line and column, in a German sentence."""
    match = re.match(r"^(?P<grund>.*) \(at line (?P<zeile>\d+), column (?P<spalte>\d+)\)$",
                     str(err))
    if not match:
        return f"Kein gültiges TOML: {err}."
    return (
        f"Zeile {match['zeile']}, Spalte {match['spalte']}: kein gültiges TOML "
        f"({match['grund']}). Häufige Ursachen: Text ohne Anführungszeichen, "
        "ein Schlüssel doppelt, eine fehlende Klammer."
    )


KOPF = """\
# netz-Register: Sozialraum-Netzwerke für die Arbeit mit Kindern und Jugendlichen.
# Aufbau und Felder: README.md, Abschnitt „Das Registerformat“. netz schreibt diese Datei in
# einer festen Ordnung; Kommentare außer diesem Kopf gehen beim Speichern verloren.

"""


def register_als_toml(register: Register) -> str:
    """The canonical text of a registry: the same registry always gives the same bytes.

    Entries are sorted by id and fields keep a fixed order, so a change is a small diff in git.
    """
    import tomli_w

    return KOPF + tomli_w.dumps(_als_daten(register))


def _als_daten(register: Register) -> dict[str, object]:
    """The registry as the plain tables of its file, in canonical order."""
    oben: dict[str, object] = {"schema": SCHEMA_VERSION}
    oben |= {name: wert for name, wert in (("titel", register.titel),
                                           ("quelle", register.quelle)) if wert}
    for tabelle in ("netzwerke", "kontakte", "angebote"):
        eintraege = getattr(register, tabelle)
        if eintraege:
            oben[tabelle] = {i: eintraege[i].als_toml() for i in sorted(eintraege)}
    return oben
