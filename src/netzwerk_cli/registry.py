"""Where the registry file lives, reading it (one read path for everything), canonical TOML.

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
from typing import Any, NamedTuple

from netzwerk_cli.errors import NetzError, RegistryError
from netzwerk_cli.model import SCHEMA_VERSION, TABLES, Registry, registry_from_toml

APP_NAME = "netz"
ENV_VAR = "NETZ_REGISTRY"
FILENAME = "networks.toml"


class Location(NamedTuple):
    """The registry file in use and why this one was chosen."""

    path: Path
    reason: str
    created: bool = False


def config_file() -> Path:
    """The user's config file (``register = "/pfad/zur/datei.toml"``)."""
    import platformdirs

    return platformdirs.user_config_path(APP_NAME) / "config.toml"


def default_registry_path() -> Path:
    """Where the default registry lives when nothing else is configured."""
    import platformdirs

    return platformdirs.user_data_path(APP_NAME) / FILENAME


def embedded_registry() -> Path:
    """The Hagen data shipped with netz.

    A wheel carries it inside the package; in a source checkout (and an editable install) it is
    the repository's ``data/networks.toml``, so the file exists only once in the repository.
    """
    in_package = Path(__file__).parent / "data" / FILENAME
    if in_package.is_file():
        return in_package
    return Path(__file__).resolve().parents[2] / "data" / FILENAME


def find_registry(option: Path | None = None) -> Location:
    """Decide which registry file to use, creating the default one on first use."""
    if option is not None:
        return Location(option, "Option --registry")
    if os.environ.get(ENV_VAR):
        return Location(Path(os.environ[ENV_VAR]).expanduser(), f"Umgebungsvariable {ENV_VAR}")
    config = config_file()
    if config.is_file():
        configured = _registry_from_config(config)
        if configured is not None:
            return Location(configured, f"Konfigurationsdatei {config}")
    default = default_registry_path()
    if default.is_file():
        return Location(default, "Standard-Register im Benutzerverzeichnis")
    default.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(embedded_registry(), default)
    return Location(default, "Standard-Register im Benutzerverzeichnis", created=True)


def _registry_from_config(config: Path) -> Path | None:
    """The ``register`` path of the config file, relative paths taken from the file's folder."""
    try:
        data = tomllib.loads(config.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise NetzError(f"Die Konfigurationsdatei {config} ist nicht lesbar: {err}") from None
    value = data.get("register")
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise NetzError(
            f"{config}: „register“ muss ein Dateipfad in Anführungszeichen sein, "
            'z. B. register = "~/netz/networks.toml".'
        )
    return config.parent / Path(value).expanduser()


def read_registry_text(path: Path, reason: str = "") -> str:
    """The registry file's text – the one way netz reads it, for loading, writing and checking.

    A byte order mark (Windows Notepad writes one) is dropped; every problem becomes a German
    ``RegistryError`` naming the file.
    """
    try:
        return path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        chosen = f" (gewählt durch {reason})" if reason else ""
        raise RegistryError(str(path), [f"Die Datei gibt es nicht{chosen}."]) from None
    except IsADirectoryError:
        raise RegistryError(str(path), ["Das ist ein Ordner, keine Registerdatei."]) from None
    except PermissionError:
        raise RegistryError(str(path), ["Keine Berechtigung, die Datei zu lesen."]) from None
    except UnicodeDecodeError as err:
        line = err.object[: err.start].count(b"\n") + 1
        raise RegistryError(
            str(path), [f"Zeile {line}: Die Datei ist nicht in UTF-8 gespeichert."]
        ) from None
    except OSError as err:
        raise RegistryError(str(path), [f"Die Datei ist nicht lesbar ({err.strerror})."]) from None


def load_registry(location: Location) -> Registry:
    """Read and validate the registry; every problem becomes a German ``RegistryError``."""
    text = read_registry_text(location.path, location.reason)
    return registry_from_text(text, str(location.path), cache_for=location.path)


def registry_from_text(text: str, path: str, cache_for: Path | None = None) -> Registry:
    """Parse and validate registry source text (with a cache for large files at ``cache_for``)."""
    if cache_for is not None and len(text) >= CACHE_MIN_BYTES:
        return _with_cache(text, path, cache_for)
    return registry_from_toml(parse_toml(text, path), path, text)


def parse_toml(text: str, path: str) -> dict[str, Any]:
    """The parsed tables of registry text; a syntax error becomes a German ``RegistryError``
    (for merge-conflict markers one that names the conflicting entries and how to resolve them)."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        from netzwerk_cli import merge  # only for a broken file: conflict markers from git

        if merge.has_conflict_markers(text):
            raise merge.conflict_marker_error(text, path) from None
        raise RegistryError(path, [_toml_error(err)]) from None
    except RecursionError:  # lists or inline tables nested hundreds of levels deep
        from netzwerk_cli.model import nesting_problem

        raise RegistryError(path, [nesting_problem(text)]) from None


# Below this size parsing is quicker than hashing the file and reading a cache.
CACHE_MIN_BYTES = 256 * 1024


def _with_cache(text: str, path: str, file: Path) -> Registry:
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
    from netzwerk_cli.gazetteer import GAZETTEER_FILE
    from netzwerk_cli.model import registry_from_checked

    content = hashlib.blake2b(text.encode("utf-8") + GAZETTEER_FILE.read_bytes()).hexdigest()
    cache_key = f"{sys.version}|{__version__}|{content}"
    name = hashlib.blake2b(str(file.resolve()).encode(), digest_size=10).hexdigest()
    cache = platformdirs.user_cache_path(APP_NAME) / f"{name}.marshal"
    try:
        stored_key, data = marshal.loads(cache.read_bytes())
        if stored_key == cache_key:
            return registry_from_checked(data)
    except (OSError, ValueError, EOFError, TypeError, KeyError):
        pass
    registry = registry_from_text(text, path)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        temporary = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
        temporary.write_bytes(marshal.dumps((cache_key, registry_tables(registry))))
        os.replace(temporary, cache)
    except (OSError, ValueError):  # ValueError: own fields holding TOML dates; no cache then
        pass
    return registry


def _toml_error(err: tomllib.TOMLDecodeError) -> str:
    """tomllib's English message with line and column, in a German sentence."""
    match = re.match(r"^(?P<reason>.*) \(at line (?P<line>\d+), column (?P<column>\d+)\)$",
                     str(err))
    if not match:
        return f"Kein gültiges TOML: {err}."
    return (
        f"Zeile {match['line']}, Spalte {match['column']}: kein gültiges TOML "
        f"({match['reason']}). Häufige Ursachen: Text ohne Anführungszeichen, "
        "ein Schlüssel doppelt, eine fehlende Klammer."
    )


HEADER = """\
# netz-Register: Sozialraum-Netzwerke für die Arbeit mit Kindern und Jugendlichen.
# Aufbau und Felder: README.md, Abschnitt „Das Registerformat“. netz schreibt diese Datei in
# einer festen Ordnung; Kommentare außer diesem Kopf gehen beim Speichern verloren.

"""


def registry_to_toml(registry: Registry) -> str:
    """The canonical text of a registry: the same registry always gives the same bytes.

    Entries are sorted by id and fields keep a fixed order, so a change is a small diff in git.
    """
    import tomli_w

    return HEADER + tomli_w.dumps(registry_tables(registry))


def registry_tables(registry: Registry) -> dict[str, Any]:
    """The registry as the plain tables of its file, in canonical order."""
    top: dict[str, Any] = {"schema": SCHEMA_VERSION}
    top |= {name: value for name, value in (("titel", registry.titel),
                                             ("quelle", registry.quelle)) if value}
    for table in TABLES:
        entries = getattr(registry, table)
        if entries:
            top[table] = {i: entries[i].to_toml() for i in sorted(entries)}
    return top
