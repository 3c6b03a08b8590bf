"""Where the registry file lives, reading it (one read path for everything), canonical TOML.

Precedence, highest first: the ``--registry`` option, the ``NETZ_REGISTRY`` environment variable,
``register = "…"`` in the user's config file, and finally a default registry in the user data
directory that is created from the embedded Hagen data the first time it is needed.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from netzwerk_cli.errors import NetzError, RegistryError
from netzwerk_cli.model import (
    ANMERKUNGEN,
    MEMBER_TABLE,
    MIGRATION_KEY,
    SCHEMA_VERSION,
    TABLES,
    Registry,
    registry_from_toml,
)
from netzwerk_cli.text import did_you_mean
from netzwerk_cli.toml_read import fast_loads

if TYPE_CHECKING:
    import tomllib

    from netzwerk_cli.cache import Slot

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
    try:
        default.parent.mkdir(parents=True, exist_ok=True)
        created = create_once(default, embedded_registry().read_bytes())
    except OSError as err:
        raise NetzError(
            f"Das Standard-Register {default} kann nicht angelegt werden ({os_reason(err)}). "
            f"Mit --registry DATEI oder der Umgebungsvariable {ENV_VAR} eine andere Datei "
            "angeben.") from None
    return Location(default, "Standard-Register im Benutzerverzeichnis", created=created)


def create_once(path: Path, data: bytes) -> bool:
    """Create ``path`` holding ``data`` in one step, unless it exists; whether this call did.

    The content is complete and synced in a temp file before the name appears (a hard link
    never replaces an existing file), so a concurrent first run never reads half of it and
    never overwrites a file another run has created – and perhaps already changed – meanwhile.
    The file is readable by its owner only.
    """
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        try:
            os.link(name, path)
            return True
        except FileExistsError:
            return False
        except OSError:  # a file system without hard links: replace, if still nobody was first
            if path.exists():
                return False
            os.replace(name, path)
            return True
    finally:
        with contextlib.suppress(OSError):
            os.unlink(name)


# The keys a config file may hold.
CONFIG_KEYS = ("register",)


def _registry_from_config(config: Path) -> Path | None:
    """The ``register`` path of the config file, relative paths taken from the file's folder."""
    try:
        text = config.read_bytes().decode("utf-8-sig")
    except OSError as err:
        raise NetzError(f"Die Konfigurationsdatei {config} ist nicht lesbar "
                        f"({os_reason(err)}).") from None
    except UnicodeDecodeError:
        raise NetzError(f"Die Konfigurationsdatei {config} ist nicht in UTF-8 gespeichert.") \
            from None
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise NetzError(f"Die Konfigurationsdatei {config} ist fehlerhaft: "
                        f"{_toml_error(err, text)}") from None
    except RecursionError:
        raise NetzError(f"Die Konfigurationsdatei {config} ist fehlerhaft: Werte sind zu tief "
                        'verschachtelt. Sie braucht nur register = "/pfad/zur/datei.toml".'
                        ) from None
    unknown = [key for key in data if key not in CONFIG_KEYS]
    if unknown:
        raise NetzError(
            f"{config}: unbekannter Eintrag „{unknown[0]}“."
            f"{did_you_mean(unknown[0], CONFIG_KEYS)} Die Konfigurationsdatei kennt nur "
            'register = "/pfad/zur/datei.toml".')
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
    return registry_text(read_registry_bytes(path, reason), path)


# What Windows Notepad puts before UTF-8 text; netz keeps it where a file has it.
BYTE_ORDER_MARK = b"\xef\xbb\xbf"


def read_registry_bytes(path: Path, reason: str = "") -> bytes:
    """The registry file's bytes as they are on disk (for writing: the backup keeps them, and
    the new file keeps their byte order mark); every problem a German ``RegistryError``."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        chosen = f" (gewählt durch {reason})" if reason else ""
        raise RegistryError(str(path), [f"Die Datei gibt es nicht{chosen}."]) from None
    except IsADirectoryError:
        raise RegistryError(str(path), ["Das ist ein Ordner, keine Registerdatei."]) from None
    except PermissionError:
        raise RegistryError(str(path), ["Keine Berechtigung, die Datei zu lesen."]) from None
    except OSError as err:
        raise RegistryError(str(path), [f"Die Datei ist nicht lesbar ({os_reason(err)})."]
                            ) from None


def registry_text(data: bytes, path: Path) -> str:
    """The text of registry bytes, without a byte order mark; bytes that are not UTF-8 are a
    German ``RegistryError`` naming the line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = err.object[: err.start].count(b"\n") + 1
        raise RegistryError(
            str(path), [f"Zeile {line}: Die Datei ist nicht in UTF-8 gespeichert."]
        ) from None


# German for the errors of the operating system that reading and writing files meet.
_OS_REASONS = {
    errno.EACCES: "keine Berechtigung",
    errno.EPERM: "keine Berechtigung",
    errno.ENOSPC: "kein Speicherplatz mehr auf dem Datenträger",
    getattr(errno, "EDQUOT", -1): "das Speicherkontingent auf dem Datenträger ist erschöpft",
    errno.EROFS: "der Datenträger ist schreibgeschützt",
    errno.ENOENT: "Datei oder Ordner gibt es nicht",
    errno.ENOTDIR: "ein Teil des Pfads ist kein Ordner",
    errno.EISDIR: "das ist ein Ordner",
    errno.EBUSY: "die Datei ist gerade in Benutzung",
    errno.ENAMETOOLONG: "der Dateiname ist zu lang",
    errno.EIO: "Ein-/Ausgabefehler des Datenträgers",
    errno.EMFILE: "zu viele offene Dateien",
    errno.ELOOP: "zu viele symbolische Links im Pfad",
    errno.ENOLCK: "das Dateisystem kann keine Dateisperre setzen",
    errno.ENOSYS: "das Dateisystem kann diesen Vorgang nicht",
    getattr(errno, "ESTALE", -1): "die Verbindung zum Netzlaufwerk ist abgelaufen",
}
# Windows: "in use by another process" (a colleague has the file open).
_WINDOWS_SHARING_VIOLATIONS = (32, 33)


def os_reason(err: OSError) -> str:
    """Why an operation on a file failed, in German ("keine Berechtigung", …), never the
    English text or the "[Errno 13]" of the operating system."""
    if getattr(err, "winerror", None) in _WINDOWS_SHARING_VIOLATIONS:
        return "die Datei ist gerade in einem anderen Programm geöffnet"
    if err.errno in _OS_REASONS:
        return _OS_REASONS[err.errno]
    return f"Fehler {err.errno} des Betriebssystems" if err.errno else "Fehler des Betriebssystems"


# The first line that is a table header or the top-level ``schema``: a file's schema is known
# from its first lines, without parsing the rest.
_SCHEMA_OR_TABLE = re.compile(r'^[ \t]*(?:\[|"?schema"?[ \t]*=[ \t]*(\d+)[ \t]*(?:#.*)?$)',
                              re.MULTILINE)


def file_schema(text: str) -> int | None:
    """The ``schema`` a registry text declares at its top level (None when it declares none
    before its first table, or not as a number) – a quick look, no parse."""
    match = _SCHEMA_OR_TABLE.search(text)
    return int(match[1]) if match and match[1] else None


def load_registry(location: Location) -> Registry:
    """Read and validate the registry; every problem becomes a German ``RegistryError``."""
    return load_registry_data(location)[1]


def load_registry_data(location: Location) -> tuple[bytes, Registry]:
    """The registry file's bytes and the registry loaded from them (a write started right
    after by the same command reuses the registry when the file still holds exactly these
    bytes)."""
    data = read_registry_bytes(location.path, location.reason)
    return data, registry_from_bytes(data, location.path, cache_for=location.path)


def registry_from_bytes(data: bytes, path: Path, cache_for: Path | None = None) -> Registry:
    """Parse and validate a registry file's bytes (``path`` names it in messages); a large file
    is loaded through the cache of ``cache_for``, and never decoded whole when that hits."""
    if cache_for is not None and len(data) >= CACHE_MIN_BYTES:
        return _with_cache(data, str(path), cache_for)
    return registry_from_text(registry_text(data, path), str(path))


def registry_from_text(text: str, path: str) -> Registry:
    """Parse and validate registry source text."""
    return registry_from_toml(parse_toml(text, path), path, text)


def parse_toml(text: str, path: str) -> dict[str, Any]:
    """The parsed tables of registry text; a syntax error becomes a German ``RegistryError``
    (for merge-conflict markers one that names the conflicting entries and how to resolve them)."""
    try:
        return _fast_loads()(text)
    except Exception:  # any failure is told by tomllib, exactly as it always was
        pass
    import tomllib  # only now: a listing that reads well never loads a second reader

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        from netzwerk_cli import merge  # only for a broken file: conflict markers from git

        if merge.has_conflict_markers(text):
            raise merge.conflict_marker_error(text, path) from None
        raise RegistryError(path, [_toml_error(err, text)]) from None
    except RecursionError:  # lists or inline tables nested hundreds of levels deep
        from netzwerk_cli.model import nesting_problem

        raise RegistryError(path, [nesting_problem(text)]) from None


# The reader ``parse_toml`` tries first (a module name the tests can replace).
_fast_loads = fast_loads


# Below this size parsing is quicker than hashing the file and reading a cache.
CACHE_MIN_BYTES = 256 * 1024


def _with_cache(data: bytes, path: str, file: Path) -> Registry:
    """Load a large registry, reusing what the last load of the same content checked.

    tomllib needs over a second for a registry of 10,000 networks, and checking every entry
    another half second; a ``marshal`` copy of the checked entries loads in a tenth of that. The
    copy lives in the user's cache directory, keyed by the file's path and checked against a
    hash of its content, of the gazetteer and of the netz version, so an edit by hand or by a
    colleague is always seen. The copy is sealed with a keyed hash (a random key of the user's,
    kept private in the data directory), so a cache file changed by anyone else is ignored
    and never shown or written back into the registry. The folder is the user's alone and no
    copy is readable more widely than the registry (``cache.py`` keeps these rules). The cache
    is only ever an optimisation: any problem with it falls back to parsing and checking.
    """
    import marshal

    from netzwerk_cli import cache
    from netzwerk_cli.model import registry_from_checked

    slot = _cache_slot(data, file)
    if slot is None:
        return _parsed(data, path)
    payload = cache.read(slot)
    if payload is not None:
        try:
            with _collector_paused():
                registry = registry_from_checked(marshal.loads(payload))
            _remember_tables(registry, payload)
            return registry
        except (ValueError, EOFError, TypeError, KeyError):
            pass
    registry = _parsed(data, path)
    tables = registry_tables(registry)
    if registry.migration:  # a file of an older schema stays one: say so on every load
        tables[MIGRATION_KEY] = registry.migration
    stored_payload = _store(slot, tables, file)
    if stored_payload is not None:
        _remember_tables(registry, stored_payload)
    return registry


# From this size on a registry is read a part at a time where its layout allows
# (``loads_by_entry``): a fraction of the memory of reading it whole, which matters at 100,000
# networks (70 MB); for a smaller file reading it whole is quicker.
READ_BY_PARTS_BYTES = 32 * 1024 * 1024


def _parsed(data: bytes, path: str) -> Registry:
    """A large registry read (by parts from ``READ_BY_PARTS_BYTES`` on) and checked."""
    from netzwerk_cli.toml_read import loads_by_entry

    with _collector_paused():
        text = ""  # read by parts, the file is decoded only to word a problem
        tables = (loads_by_entry(data.removeprefix(BYTE_ORDER_MARK), _fast_loads())
                  if len(data) >= READ_BY_PARTS_BYTES else None)
        if tables is None:
            text = registry_text(data, Path(path))
            tables = parse_toml(text, path)
        try:
            return registry_from_toml(tables, path, text)
        except RegistryError:
            if text:
                raise
        del tables  # read by parts: the problems are told with the line of each entry
        return registry_from_text(registry_text(data, Path(path)), path)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a large registry is built: loading makes
    millions of objects and no reference cycles, and the collector, set off again and again by
    their number, would walk them all each time (reading 100,000 networks: 8.4 s with it,
    3.3 s without). The ``netz`` command runs without it anyway (``cli.app.main``); this is for
    every other caller – tests, benchmarks, scripts using netz as a library."""
    import gc

    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


# The registry the load cache last gave (or filled) and the marshalled tables it was built
# from: a write starting from that registry copies its tables "before the change" from these
# bytes (``checked_tables``) instead of building them from the entries and copying them.
_LOADED_TABLES: list[tuple[Any, bytes]] = []  # (weak reference to the Registry, payload)


def _remember_tables(registry: Registry, payload: bytes) -> None:
    import weakref

    _LOADED_TABLES[:] = [(weakref.ref(registry), payload)]


def checked_tables(registry: Registry) -> dict[str, Any] | None:
    """A private copy of ``registry_tables(registry)`` for a registry just given by the load
    cache – read from the cached bytes, quicker than building and copying the tables –, or None
    when this registry did not come from the cache. Given once: the caller is about to change
    the registry, after which the bytes no longer describe it."""
    import marshal

    if not _LOADED_TABLES or _LOADED_TABLES[0][0]() is not registry:
        return None
    payload = _LOADED_TABLES.pop()[1]
    tables: dict[str, Any] = marshal.loads(payload)
    tables.pop(MIGRATION_KEY, None)
    return tables


def cache_written(data: bytes, file: Path, tables: dict[str, Any]) -> None:
    """Keep ``tables`` – the checked registry (``registry_tables``) that the file's bytes
    ``data`` hold – as the load cache of ``file``: a write leaves its new content cached
    without parsing it, so the next command starts fast. Nothing for small files, as for
    loading."""
    if len(data) < CACHE_MIN_BYTES:
        return
    slot = _cache_slot(data, file)
    if slot is not None:
        _store(slot, tables, file)


def _cache_slot(data: bytes, file: Path) -> Slot | None:
    """The load cache for the bytes ``data`` as the content of ``file`` (None: no private
    key, so no cache): valid for this content, gazetteer, Python and netz version."""
    import hashlib
    import sys

    from netzwerk_cli import __version__, cache
    from netzwerk_cli.gazetteer import GAZETTEER_FILE

    content = hashlib.blake2b(data)
    content.update(GAZETTEER_FILE.read_bytes())
    return cache.slot(file, "marshal", f"{sys.version}|{__version__}|schema {SCHEMA_VERSION}|"
                                       f"{content.hexdigest()}")


def _store(slot: Slot, tables: dict[str, Any], file: Path) -> bytes | None:
    """Write the sealed copy of ``tables`` and return its marshalled tables (any problem: no
    cache, nothing else; None when they cannot be marshalled)."""
    import marshal

    from netzwerk_cli import cache

    try:
        payload = marshal.dumps(tables)
    except ValueError:  # own fields holding TOML dates: no cache then
        return None
    cache.write(slot, payload, file)
    return payload


def _toml_error(err: tomllib.TOMLDecodeError, text: str) -> str:
    """tomllib's English message as a German sentence with line and column.

    When the problem is in the file's last line, tomllib says "at end of document" instead of
    where (a duplicate key in the last line, a string left open); the place is then the end of
    the last line that holds anything.
    """
    match = re.match(r"^(?P<reason>.*) \((?:at line (?P<line>\d+), column (?P<column>\d+)|"
                     r"(?P<end>at end of document))\)$", str(err), re.DOTALL)
    reason = _german_toml_reason(match["reason"] if match else str(err))
    place = ""
    if match and match["end"]:
        content = text.rstrip()
        line = content.count("\n") + 1
        column = len(content) - (content.rfind("\n") + 1) + 1
        place = f"Zeile {line}, Spalte {column}: "
    elif match:
        place = f"Zeile {match['line']}, Spalte {match['column']}: "
    return (
        f"{place}kein gültiges TOML – {reason}. Häufige Ursachen: Text ohne "
        "Anführungszeichen, ein Schlüssel doppelt, eine fehlende Klammer."
    )


# tomllib's reasons (the start of each) in German; anything else is told without a reason.
_TOML_REASONS = (
    ("Invalid value", "ungültiger Wert"),
    ("Cannot overwrite a value", "ein Schlüssel steht doppelt"),
    ("Cannot declare", "eine Tabelle steht doppelt"),
    ("Cannot mutate immutable namespace", "eine Tabelle wird doppelt oder widersprüchlich "
                                          "angelegt"),
    ("Cannot redefine namespace", "eine Tabelle wird doppelt oder widersprüchlich angelegt"),
    ("Duplicate inline table key", "ein Schlüssel steht doppelt"),
    ("Expected '=' after a key", "nach dem Schlüssel fehlt „=“"),
    ("Expected ']' at the end of a table", "die Tabellenüberschrift endet nicht mit „]“"),
    ("Expected ']]' at the end of an array", "die Überschrift endet nicht mit „]]“"),
    ("Expected newline or end of document", "nach dem Wert steht noch etwas in der Zeile"),
    ("Invalid initial character for a key", "ein Schlüssel beginnt mit einem ungültigen "
                                            "Zeichen"),
    ("Invalid statement", "die Zeile ist weder Schlüssel = Wert noch eine Überschrift"),
    ("Unclosed array", "eine Liste wird nicht mit „]“ geschlossen"),
    ("Unclosed inline table", "eine Tabelle in geschweiften Klammern wird nicht geschlossen"),
    ("Unterminated string", "ein Text endet nicht mit einem Anführungszeichen"),
    ("Unescaped '\\'", "ein „\\“ in einem Text muss als „\\\\“ geschrieben werden"),
    ("Invalid hex value", "ungültige Escape-Folge in einem Text"),
    ("Escaped character is not", "ungültige Escape-Folge in einem Text"),
    ("Invalid date or datetime", "ungültiges Datum"),
    ("Illegal character", "ein unzulässiges Steuerzeichen"),
    ("Found invalid character", "ein ungültiges Zeichen"),
    ("Expected", "ein unerwartetes Zeichen"),
)


def _german_toml_reason(reason: str) -> str:
    for english, german in _TOML_REASONS:
        if reason.startswith(english):
            return german
    return "der Aufbau stimmt hier nicht"


HEADER = """\
# netz-Register: Sozialraum-Netzwerke für die Arbeit mit Kindern und Jugendlichen.
# Aufbau und Felder: README.md, Abschnitt „Das Registerformat“. netz schreibt diese Datei in
# einer festen Ordnung und ersetzt beim Speichern nur die geänderten Einträge; Kommentare in
# einem geänderten Eintrag gehen dabei verloren.

"""


def registry_to_toml(registry: Registry) -> str:
    """The canonical text of a registry: the same registry always gives the same bytes.

    Entries are sorted by id and fields keep a fixed order, so a change is a small diff in git;
    members come last, sorted by network, then contact (``[mitglieder.NETZWERK.KONTAKT]``).
    A write replaces only the text of the entries it changed (``splice``), which gives these
    same bytes for a file in this form.
    """
    return tables_to_toml(registry_tables(registry))


def tables_to_toml(tables: dict[str, Any]) -> str:
    """The canonical text of registry tables (``registry_tables``)."""
    import tomli_w

    return HEADER + tomli_w.dumps(tables)


def registry_tables(registry: Registry) -> dict[str, Any]:
    """The registry as the plain tables of its file, in canonical order."""
    top: dict[str, Any] = {"schema": SCHEMA_VERSION}
    top |= {name: value for name, value in (("titel", registry.titel),
                                             ("quelle", registry.quelle)) if value}
    if registry.anmerkungen:
        top[ANMERKUNGEN] = dict(registry.anmerkungen)
    for table in TABLES:
        entries = getattr(registry, table)
        if entries:
            top[table] = {i: entries[i].to_toml() for i in sorted(entries)}
    members = {netzwerk_id: {k: registry.mitglieder[netzwerk_id][k].to_toml()
                             for k in sorted(registry.mitglieder[netzwerk_id])}
               for netzwerk_id in sorted(registry.mitglieder) if registry.mitglieder[netzwerk_id]}
    if members:
        top[MEMBER_TABLE] = members
    return top
