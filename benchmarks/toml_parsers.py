"""Compare the TOML parsers for Python on netz registries: speed, memory, same data as tomllib.

Run from the project root with an interpreter that has netz and the parsers to compare:

    python benchmarks/toml_parsers.py                    # 10,000 and 100,000 networks
    python benchmarks/toml_parsers.py --sizes 10000 --repeat 7 --json
    python benchmarks/toml_parsers.py --data-dir /tmp/netz-toml   # keep and reuse the files
    python benchmarks/toml_parsers.py --markdown         # tables as in toml_parsers.md
    python benchmarks/toml_parsers.py --wheels           # which wheels PyPI has (asks pip)

The results and the recommendation are in ``toml_parsers.md`` beside this file (German).

What it does, pinned to one CPU core (Linux; ``--all-cores`` turns that off):

1. Writes the registries ``bench.py`` generates (10,022 networks ≈ 5 MB; 100,022 ≈ 50 MB) and
   reads the shipped Hagen registry (11 KB) for the small case.
2. Checks every parser against ``tomllib`` (the reference): the same data, compared strictly
   (types, not just ``==``: ``True`` is not ``1``, a datetime's UTC offset and microseconds, the
   sign of ``-0.0``, ``nan``), for the generated files, a netz registry with every kind of
   value (own ``x_`` fields holding TOML dates, times and datetimes, nested tables, arrays of
   tables, empty arrays and tables, Unicode), TOML 1.0 edge cases; that it rejects what TOML
   forbids (duplicate keys, redefined tables, impossible dates …); which TOML 1.1 syntax it
   accepts (tomllib of Python 3.11–3.13 reads TOML 1.0 only); numbers beyond 64 bits; and
   nesting 100,000 levels deep, in a child process, since a native parser may crash on it.
   A parser that returns other data for a valid document, or accepts an invalid one, is
   disqualified; one that rejects a document tomllib reads is not (netz would fall back to
   tomllib on any error).
3. Times ``loads`` of the text (already read and decoded, as netz has it) for every parser,
   interleaved round by round, median and min; parsers slower than ``--slow-seconds`` on a
   file run fewer rounds on the next size. For comparison: ``marshal.loads`` of netz's load
   cache (``registry._with_cache``) and rebuilding the registry from it, ``json.loads`` of the
   same data as JSON, and netz's check of the parsed tables (``registry_from_toml``).
4. Peak memory of parsing the largest file, per parser in a fresh child process: the
   process's peak RSS (``getrusage``, which also counts the native parsers' own allocations
   that ``tracemalloc`` cannot see) and its rise over the process before parsing.
5. Import time of each parser module in a fresh process (it is paid on every start).

Parsers that are not installed are skipped with a note. ``tomli`` is measured twice when its
compiled (mypyc) wheel is installed: as it is, and as the pure-Python source that the same
wheel ships beside the compiled modules (copied to a temporary package, so no second install
is needed). Only the standard library, netz, and whatever parsers are installed are used;
``--wheels`` runs ``pip install --dry-run`` (nothing is installed) per package, Python version
and platform.
"""

from __future__ import annotations

import argparse
import atexit
import copy
import datetime as dt
import gc
import importlib
import importlib.metadata
import importlib.util
import json
import marshal
import math
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import bench  # the registry generator of the main benchmark, beside this file

from netzwerk_cli.model import registry_from_checked, registry_from_toml
from netzwerk_cli.registry import embedded_registry, registry_tables, registry_to_toml

HERE = Path(__file__).resolve()
HAGEN_DATA = HERE.parents[1] / "data" / "networks.toml"
Loads = Callable[[str], Any]


# --- The parsers ----------------------------------------------------------------------------


@dataclass
class Parser:
    """One way to turn TOML text into plain Python data."""

    name: str
    distribution: str  # the name on PyPI ("" for the standard library)
    kind: str  # implementation: "stdlib", "Python", "mypyc", "Rust", "C++"
    loads: Loads
    module: str  # the module to import (for the import time)
    version: str
    note: str = ""


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "?"


def _pure_tomli() -> Any:
    """The pure-Python tomli: the ``.py`` files the compiled wheel ships beside its ``.so``
    modules, copied to a temporary package of another name and imported from there."""
    import tomli

    source = Path(tomli.__file__).parent
    folder = tempfile.mkdtemp(prefix="tomli-pure-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    target = Path(folder) / "_tomli_pure"
    target.mkdir()
    for file in source.glob("*.py"):
        shutil.copyfile(file, target / file.name)
    sys.path.insert(0, str(target.parent))
    try:
        module = importlib.import_module("_tomli_pure")
    finally:
        sys.path.remove(str(target.parent))
    parser_file = Path(importlib.import_module("_tomli_pure._parser").__file__ or "")
    if parser_file.suffix != ".py":
        raise ImportError("not the pure-Python tomli")
    return module


def _compiled(module: Any) -> bool:
    """Whether a module was loaded from a native extension (mypyc, C, Rust)."""
    return Path(getattr(module, "__file__", "") or "").suffix in {".so", ".pyd"}


def available_parsers(only: set[str] | None = None) -> tuple[list[Parser], list[str]]:
    """The parsers that import here, and a note for each one that does not (``only``: import
    just these, by name)."""
    found: list[Parser] = [Parser("tomllib", "", "stdlib", tomllib.loads, "tomllib",
                                  f"Python {platform.python_version()}",
                                  "Referenz; TOML 1.0")]
    missing: list[str] = []

    def add(name: str, distribution: str, kind: str, module_name: str,
            make: Callable[[Any], Loads], note: str = "") -> None:
        if only is not None and name not in only:
            return
        try:
            module = importlib.import_module(module_name)
            loads = make(module)
        except Exception as err:  # ImportError, or a broken install
            missing.append(f"{name}: nicht installiert oder nicht ladbar "
                           f"({err.__class__.__name__}: {err}) – `pip install {distribution}`")
            return
        found.append(Parser(name, distribution, kind, loads, module_name,
                            _version(distribution), note))

    # tomli: the compiled (mypyc) wheel and the pure-Python source it ships.
    try:
        if only is not None and not any(name.startswith("tomli (") for name in only):
            raise LookupError
        import tomli
        import tomli._parser

        if _compiled(tomli._parser):
            found.append(Parser("tomli (mypyc)", "tomli", "mypyc", tomli.loads, "tomli",
                                _version("tomli"), "kompiliertes Wheel"))
            try:
                pure = _pure_tomli()
                found.append(Parser("tomli (rein Python)", "tomli", "Python", pure.loads,
                                    "_tomli_pure", _version("tomli"),
                                    "die .py-Dateien desselben Wheels"))
            except Exception as err:
                missing.append(f"tomli (rein Python): nicht ladbar ({err})")
        else:
            found.append(Parser("tomli (rein Python)", "tomli", "Python", tomli.loads, "tomli",
                                _version("tomli"), "reines Python-Wheel installiert"))
            missing.append("tomli (mypyc): nur das reine Python-Wheel ist installiert")
    except ImportError:
        missing.append("tomli: nicht installiert – `pip install tomli`")
    except LookupError:
        pass

    add("rtoml", "rtoml", "Rust", "rtoml", lambda m: m.loads)
    add("toml-rs (TOML 1.0)", "toml-rs", "Rust", "toml_rs",
        lambda m: lambda text: m.loads(text, toml_version="1.0.0"),
        'loads(text, toml_version="1.0.0")')
    add("toml-rs (TOML 1.1)", "toml-rs", "Rust", "toml_rs", lambda m: m.loads,
        "Voreinstellung: TOML 1.1")
    add("tomli-rs", "tomli-rs", "Rust", "tomli_rs", lambda m: m.loads)
    add("rustoml", "rustoml", "Rust", "rustoml", lambda m: m.loads, "Abspaltung von rtoml")
    add("tomledit", "tomledit", "Rust", "tomledit", lambda m: lambda text: m.loads(text).value,
        "loads(text).value (erhält Formatierung)")
    add("pytomlpp", "pytomlpp", "C++", "pytomlpp", lambda m: m.loads, "toml++")
    add("fasttoml", "fasttoml", "C++", "fasttoml", lambda m: m.loads, "nur Vorabversionen")
    add("toml", "toml", "Python", "toml", lambda m: m.loads, "alt (TOML 0.5)")
    add("qtoml", "qtoml", "Python", "qtoml", lambda m: m.loads)
    add("pytoml", "pytoml", "Python", "pytoml", lambda m: m.loads, "TOML 0.4, aufgegeben")
    add("tomlkit", "tomlkit", "Python", "tomlkit", lambda m: lambda text: m.loads(text).unwrap(),
        "loads(text).unwrap() (erhält Formatierung)")
    return found, missing


def parser_by_name(name: str) -> Parser:
    for parser in available_parsers({name})[0]:
        if parser.name == name:
            return parser
    raise SystemExit(f"toml_parsers: unknown or missing parser {name!r}")


# --- Strict comparison ---------------------------------------------------------------------


def difference(expected: Any, actual: Any, path: str = "", ordered: bool = False
               ) -> str | None:
    """Where ``actual`` differs from ``expected`` (tomllib's result), or None when it does not.

    Stricter than ``==``: types must match exactly (plain ``dict``/``list``/``str``…, ``bool``
    is not ``int``, ``date`` is not ``datetime``), datetimes must have the same UTC offset (or
    none) and the same type of ``tzinfo`` (``datetime.timezone``), floats the same bits
    (``-0.0``, ``nan``); with ``ordered`` also tables the same key order.
    """
    here = path or "(Dokument)"
    if type(actual) is not type(expected):
        return (f"{here}: Typ {type(actual).__module__}.{type(actual).__qualname__} "
                f"statt {type(expected).__qualname__} ({actual!r:.80} statt {expected!r:.80})")
    if isinstance(expected, dict):
        if set(actual) != set(expected):
            extra = sorted(set(actual) - set(expected))[:3]
            lacking = sorted(set(expected) - set(actual))[:3]
            return f"{here}: Schlüssel {extra} zu viel, {lacking} fehlen"
        if ordered and list(actual) != list(expected):
            return f"{here}: andere Reihenfolge der Schlüssel"
        for key, value in expected.items():
            found = difference(value, actual[key], f"{path}.{key}" if path else str(key),
                               ordered)
            if found:
                return found
        return None
    if isinstance(expected, list):
        if len(actual) != len(expected):
            return f"{here}: {len(actual)} Elemente statt {len(expected)}"
        for index, (want, got) in enumerate(zip(expected, actual, strict=True)):
            found = difference(want, got, f"{here}[{index}]", ordered)
            if found:
                return found
        return None
    if isinstance(expected, float):
        same = (math.isnan(expected) and math.isnan(actual)) or (
            expected == actual and math.copysign(1, expected) == math.copysign(1, actual))
        return None if same else f"{here}: {actual!r} statt {expected!r}"
    if isinstance(expected, dt.datetime | dt.time):
        offsets = (expected.utcoffset(), actual.utcoffset())
        if expected.replace(tzinfo=None) != actual.replace(tzinfo=None) or (
                offsets[0] != offsets[1]):
            return f"{here}: {actual!r} statt {expected!r}"
        if type(actual.tzinfo) is not type(expected.tzinfo):
            kind = type(actual.tzinfo)
            return (f"{here}: Zeitzone vom Typ {kind.__module__}.{kind.__qualname__} statt "
                    f"{type(expected.tzinfo).__qualname__}")
        return None
    if expected != actual:
        return f"{here}: {actual!r:.80} statt {expected!r:.80}"
    return None


# --- Test documents -------------------------------------------------------------------------

# A netz registry with every kind of value a user may write (it loads in netz; checked below).
NETZ_BEISPIEL = """\
# netz-Register mit allen Arten von Werten
schema = 1
titel = "Sozialraum-Netzwerke in Hagen – Prüfdatei"
quelle = "Handgeschrieben: „Anführungszeichen“, Emoji 🎉, Kombinierendes e\u0301, 中文, العربية"

[netzwerke.forum-wehringhausen]
name = "Stadtteilforum Wehringhausen"
art = "netzwerk"
stadtteile = ["Wehringhausen"]
themen = ["Jugendarbeit", "Übergang Schule–Beruf"]
zielgruppen = []
kontakte = ["anna-keller", "info-awo"]
treffen = "Jeden zweiten Dienstag im Monat, 14 Uhr"
notiz = \"\"\"
Mehrzeilig mit \\"Anführung\\", Tab\\t und \\u00e4 \\U0001F600 \\
    fortgesetzt.\"\"\"
webseite = "https://example.org/forum?a=1&b=2#x"
stand = "2024-05"
x_gegruendet = 1998-03-01
x_naechstes_treffen = 2025-01-14T16:30:00+01:00
x_letzte_aenderung = 2024-12-31T23:59:59.123456Z
x_lokal = 2024-06-01T09:00:00
x_uhrzeit = 14:00:00
x_zeit_fein = 07:32:00.999999
x_leer = []
x_leere_tabelle = {}
x_zahlen = [1, -0, +7, 1_000, 0xff, 0o17, 0b101]
x_kommazahlen = [0.5, -0.0, 6.02e23, 1e-7, 1_0.0_1]
x_gemischt = [1, "zwei", 3.0, true, 2024-01-01, [], {a = 1}]
x_wahr = true
x_roh = 'C:\\Pfad\\ohne\\Escapes'
x_roh_mehrzeilig = '''
Zeile 1
  "Zeile" 2'''
"x_mit leerzeichen" = "Schlüssel in Anführung"
x_punkt.unter.tief = "gepunktete Schlüssel"

[netzwerke.forum-wehringhausen.x_raum]
name = "Bürgerhaus"
seit = 2019-08-15
plaetze = 40
ausstattung = ["Beamer", "Küche"]

[[netzwerke.forum-wehringhausen.x_termine]]
datum = 2025-02-11
thema = "Ferienplanung"

[[netzwerke.forum-wehringhausen.x_termine]]
datum = 2025-05-13
thema = "Stadtteilfest"
dauer = { stunden = 2, ende = 16:00:00 }

[angebote.ferienspiele]
name = "Ferienspiele im Quartier"
themen = []
x_zeitraum = { von = 2025-07-14, bis = 2025-08-01 }

[kontakte.anna-keller]
art = "person"
name = "Anna Keller"
organisation = "Stadt Hagen"
email = "anna.keller@example.org"
oeffentlich = false

[kontakte.info-awo]
art = "organisation"
organisation = "AWO Unterbezirk Hagen-Märkischer Kreis"
email = "info@example.org"
oeffentlich = true

[mitglieder.forum-wehringhausen.anna-keller]
rolle = "koordination"
seit = "2019-08"
x_bestaetigt = 2024-01-15
"""

# Valid TOML 1.0 that is not netz-shaped: every parser must give tomllib's data.
GUELTIG: dict[str, str] = {
    "Escapes": 'a = "\\b\\t\\n\\f\\r\\"\\\\ \\u00e4 \\U0001F600 \\u0000"\n',
    "Unicode roh": 'a = "ä ß € 🎉 中文 \u200b \u00a0 e\u0301"\n"schlüssel ä" = 1\n',
    "leerer Schlüssel": '"" = 1\n',
    "mehrzeilig": 'a = """\n  eins\\\n   zwei\n"""\nb = """""drei"" """""\nc = \'\'\'\'x\'\'\'\'\n',
    "Ganzzahlen": "a = 9223372036854775807\nb = -9223372036854775808\nc = +0\nd = 0xDEAD_beef\n",
    "Kommazahlen": "a = nan\nb = +nan\nc = -nan\nd = +inf\ne = 5e+22\nf = -2E-2\ng = 0.1\n",
    "Datum und Zeit": (
        "a = 1979-05-27T07:32:00Z\nb = 1979-05-27T00:32:00.999999-07:00\n"
        "c = 1979-05-27 07:32:00+05:45\nd = 1979-05-27t07:32:00z\ne = 1979-05-27T07:32:00\n"
        "f = 1979-05-27\ng = 00:00:00\nh = 2000-02-29T23:59:59.5\n"),
    "Sekundenbruchteile > 6 Stellen": "a = 07:32:00.1234567\nb = 1979-05-27T00:32:00.9999999Z\n",
    "Tabellen": ("[a.b.c]\nx = 1\n[a]\ny = 2\n[a.b]\nz = 3\n[d]\ne.f = 1\ne.g = 2\n"
                 "[[h]]\ni = 1\n[h.j]\nk = 1\n[[h]]\n[[h.l]]\nm = []\n"),
    "Inline": "a = {b = {c = [1, {d = []}]}, e = {}}\nf = [[], [[]], [{}]]\n",
    "Arrays über Zeilen": "a = [\n  1, # eins\n  2,\n]\nb = [ \"x\" , 'y' ,]\n",
    "CRLF und Tabs": "a = 1\r\n\tb = \"x\"\t# Kommentar ä\r\n[c]\r\nd = [\r\n1]\r\n",
    "ohne Zeilenende am Schluss": "a = 1",
    "Kommentar mit Unicode": "# Grüße 🎉\na = 1 # ok „“\n",
}

# Invalid in TOML 1.0 and 1.1: a parser must raise.
UNGUELTIG: dict[str, str] = {
    "doppelter Schlüssel": "a = 1\na = 2\n",
    "doppelte Tabelle": "[a]\nb = 1\n[a]\nc = 2\n",
    "Wert als Tabelle": "a = 1\n[a]\nb = 2\n",
    "Inline-Tabelle erweitert": "a = {b = 1}\n[a.c]\nd = 2\n",
    "Inline-Tabelle gepunktet erweitert": "a = {b = 1}\na.c = 2\n",
    "statisches Array als [[ ]]": "a = [1]\n[[a]]\n",
    "Tabelle über gepunktete Schlüssel neu": "[a]\nb.c = 1\n[a.b]\nd = 2\n",
    "unmögliches Datum": "a = 2023-02-30\n",
    "unmögliche Zeit": "a = 24:00:00\n",
    "führende Null": "a = 012\n",
    "Komma ohne Ziffer": "a = .5\n",
    "Punkt ohne Ziffer": "a = 5.\n",
    "NaN groß": "a = NaN\n",
    "offener String": 'a = "abc\n',
    "Steuerzeichen im String": 'a = "a\u0001b"\n',
    "Steuerzeichen im Kommentar": "a = 1 # \u0000\n",
    "einzelnes CR": "a = 1\rb = 2\n",
    "unbekanntes Escape": 'a = "\\q"\n',
    "Surrogat-Escape": 'a = "\\uD800"\n',
    "Wert fehlt": "a =\n",
    "zwei Paare in einer Zeile": "a = 1 b = 2\n",
    "Schlüssel ohne Wert": "[a]\nb\n",
    "Unterstrich am Ende": "a = 1_\n",
    "Datum mit Offset ohne Zeit": "a = 1979-05-27Z\n",
}

# Valid only in TOML 1.1 (tomllib of Python 3.11–3.13 rejects them): accepting them is no
# error, but a registry using them would then load only where that parser is installed.
NUR_TOML_11: dict[str, str] = {
    "Zeilenumbruch in Inline-Tabelle": "a = {\n  b = 1,\n  c = 2\n}\n",
    "Komma am Ende der Inline-Tabelle": "a = {b = 1,}\n",
    "Escape \\e": 'a = "\\e"\n',
    "Escape \\xHH": 'a = "\\x41"\n',
    "Zeit ohne Sekunden": "a = 07:32\nb = 1979-05-27T07:32Z\n",
}

# Valid TOML whose integer does not fit 64 bits: tomllib reads it, TOML allows rejecting it.
GROSSE_ZAHL = "a = 9223372036854775808\nb = -9223372036854775809\n"
TIEFEN = (100, 1_000, 10_000, 100_000)  # nesting depths for the crash check


def check_netz_sample() -> None:
    """The sample is a valid netz registry (so the check covers what netz really reads)."""
    from netzwerk_cli.registry import registry_from_text

    registry = registry_from_text(NETZ_BEISPIEL, "beispiel.toml")
    own = registry.netzwerke["forum-wehringhausen"].extra
    assert isinstance(own["x_naechstes_treffen"], dt.datetime), own


def conformance(parser: Parser) -> dict[str, Any]:
    """What the parser gives compared with tomllib: differences, wrong acceptance, TOML 1.1."""
    result: dict[str, Any] = {"abweichungen": [], "akzeptiert_ungueltig": [],
                              "lehnt_ab": [], "toml_11": [], "reihenfolge": []}

    def compare(label: str, text: str) -> None:
        expected = tomllib.loads(text)
        try:
            actual = parser.loads(text)
        except Exception as err:
            result["lehnt_ab"].append(f"{label}: {err.__class__.__name__}: "
                                      f"{str(err).splitlines()[0] if str(err) else ''}"[:160])
            return
        found = difference(expected, actual)
        if found:
            result["abweichungen"].append(f"{label}: {found}")
        elif found := difference(expected, actual, ordered=True):
            result["reihenfolge"].append(f"{label}: {found}")

    compare("netz-Beispiel", NETZ_BEISPIEL)
    try:  # netz copies entries before it changes them (copy.deepcopy); the values must allow it
        copy.deepcopy(parser.loads(NETZ_BEISPIEL))
    except Exception as err:
        result["abweichungen"].append(f"netz-Beispiel: copy.deepcopy scheitert "
                                      f"({err.__class__.__name__}: {err})"[:200])
    for label, text in GUELTIG.items():
        compare(label, text)
    for label, text in UNGUELTIG.items():
        try:
            tomllib.loads(text)
            raise AssertionError(f"tomllib accepts the invalid case {label!r}")
        except tomllib.TOMLDecodeError:
            pass
        try:
            value = parser.loads(text)
        except Exception:
            continue
        result["akzeptiert_ungueltig"].append(f"{label}: {value!r:.60}")
    for label, text in NUR_TOML_11.items():
        try:
            parser.loads(text)
            result["toml_11"].append(label)
        except Exception:
            pass
    try:
        big = parser.loads(GROSSE_ZAHL)
        found = difference(tomllib.loads(GROSSE_ZAHL), big)
        result["grosse_zahl"] = f"anders: {found}" if found else "wie tomllib"
    except Exception as err:
        result["grosse_zahl"] = f"lehnt ab ({err.__class__.__name__})"
    result["tiefe"] = deep_nesting(parser)
    result["max_tiefe"] = max_depth(parser)
    result["disqualifiziert"] = bool(result["abweichungen"] or result["akzeptiert_ungueltig"]
                                     or "ABSTURZ" in result["tiefe"])
    return result


def deep_nesting(parser: Parser) -> str:
    """What the parser does with arrays and inline tables nested deeply, each in a child
    process (a native parser may overflow its stack and crash the process)."""
    outcomes = []
    for shape, opening, closing in (("Arrays", "[", "]"), ("Inline-Tabellen", "{a = ", "}")):
        for depth in TIEFEN:
            outcome = _nested_once(parser, opening, closing, depth)
            if outcome != "liest es":
                outcomes.append(f"{shape} ab {depth:,}: {outcome}".replace(",", " "))
                break
        else:
            outcomes.append(f"{shape}: liest alle")
    return "; ".join(outcomes)


def max_depth(parser: Parser, limit: int = 1000) -> int:
    """The deepest nesting (arrays and inline tables alike) the parser reads, up to ``limit``
    (every parser here survives that in-process; netz itself allows 20 levels)."""
    low, high = 0, limit
    while low < high:
        middle = (low + high + 1) // 2
        try:
            parser.loads("x = " + "[" * middle + "1" + "]" * middle)
            parser.loads("x = " + "{a = " * middle + "1" + "}" * middle)
            low = middle
        except Exception:  # RecursionError too
            high = middle - 1
    return low


def _nested_once(parser: Parser, opening: str, closing: str, depth: int) -> str:
    code = (f"import sys; sys.path.insert(0, {str(HERE.parent)!r}); import toml_parsers as t\n"
            f"p = t.parser_by_name({parser.name!r})\n"
            f"text = 'x = ' + {opening!r} * {depth} + '1' + {closing!r} * {depth}\n"
            "try:\n    p.loads(text)\n    print('liest es')\n"
            "except RecursionError:\n    print('RecursionError')\n"
            "except Exception as err:\n    print('lehnt ab (' + type(err).__name__ + ')')\n")
    try:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              timeout=120, check=False)
    except subprocess.TimeoutExpired:
        return "hängt (> 120 s)"
    if done.returncode < 0:
        return f"ABSTURZ (Signal {-done.returncode})"
    if done.returncode != 0:
        return f"ABSTURZ (Exit {done.returncode})"
    return done.stdout.strip()


# --- Timing ---------------------------------------------------------------------------------


def timed(function: Callable[[], Any]) -> float:
    gc.collect()
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def time_parsers(parsers: list[Parser], text: str, rounds: dict[str, int]
                 ) -> tuple[dict[str, Any], dict[str, str], dict[str, str]]:
    """Seconds per parse, parsers interleaved in each round; ``rounds`` per parser.

    Also returns, per parser, where its data (of the first run) differs from tomllib's, and
    where only the order of keys differs.
    """
    expected = tomllib.loads(text)
    differences: dict[str, str] = {}
    orders: dict[str, str] = {}
    times: dict[str, list[float]] = {p.name: [] for p in parsers}
    for round_number in range(max(rounds.values())):
        order = parsers if round_number % 2 == 0 else list(reversed(parsers))
        for parser in order:
            if len(times[parser.name]) >= rounds[parser.name]:
                continue
            output: list[Any] = []
            times[parser.name].append(
                timed(lambda p=parser, out=output: out.append(p.loads(text))))
            if round_number == 0:
                if found := difference(expected, output[0]):
                    differences[parser.name] = found
                elif found := difference(expected, output[0], ordered=True):
                    orders[parser.name] = found
            del output
    return ({name: {"median_s": statistics.median(t), "min_s": min(t), "runs": len(t)}
             for name, t in times.items()}, differences, orders)


def references(text: str, path: str, repeat: int) -> dict[str, Any]:
    """The other ways netz gets at the same data, for comparison with parsing."""
    data = tomllib.loads(text)
    registry = registry_from_toml(data, path, text)
    payload = marshal.dumps(registry_tables(registry))
    as_json = json.dumps(data, ensure_ascii=False)
    cases: dict[str, Callable[[], Any]] = {
        "marshal.loads (Cache von netz)": lambda: marshal.loads(payload),
        "marshal.loads + registry_from_checked": lambda: registry_from_checked(
            marshal.loads(payload)),
        "json.loads (gleiche Daten als JSON)": lambda: json.loads(as_json),
        "registry_from_toml (Prüfung, nach dem Parsen)": lambda: registry_from_toml(
            data, path, text),
    }
    result: dict[str, Any] = {}
    for name, function in cases.items():
        times = [timed(function) for _ in range(repeat)]
        result[name] = {"median_s": statistics.median(times), "min_s": min(times),
                        "runs": repeat}
    result["_sizes"] = {"marshal_mb": len(payload) / 1e6,
                        "json_mb": len(as_json.encode()) / 1e6}
    return result


# --- Memory and import time, in child processes ----------------------------------------------


def _status_kb(field: str) -> int | None:
    """A field of /proc/self/status in KiB (Linux), or None."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def memory_worker(name: str, file: str) -> None:
    """Child process: parse ``file`` once and print the peak RSS and the rise over the start.

    The peak is the kernel's high-water mark of this process (VmHWM), reset just before
    parsing (``/proc/self/clear_refs``), so it belongs to the parse alone; ``getrusage`` would
    also count the parent's memory at the fork. Elsewhere it falls back to ``ru_maxrss``.
    """
    import resource

    parser = parser_by_name(name)
    parser.loads('a = 1\n[b]\nc = "x"\n')  # lazy imports inside the parser done
    text = Path(file).read_text("utf-8")
    gc.collect()
    try:
        Path("/proc/self/clear_refs").write_text("5")
        exact = True
    except OSError:
        exact = False
    before = _status_kb("VmRSS") or 0
    data = parser.loads(text)
    peak = (_status_kb("VmHWM") if exact else None) or (
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    print(json.dumps({"vorher_mb": before / 1024, "spitze_mb": peak / 1024,
                      "anstieg_mb": (peak - before) / 1024,
                      "danach_mb": (_status_kb("VmRSS") or 0) / 1024,
                      "neue_spitze": exact, "eintraege": len(data)}))


def memory(parsers: list[Parser], file: Path) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for parser in parsers:
        done = subprocess.run([sys.executable, str(HERE), "--memory-worker", parser.name,
                               str(file)], capture_output=True, text=True, check=False)
        if done.returncode != 0:
            result[parser.name] = {"fehler": (done.stderr.strip().splitlines() or ["?"])[-1]}
        else:
            result[parser.name] = json.loads(done.stdout)
    return result


def import_times(parsers: list[Parser], runs: int = 7) -> dict[str, float]:
    """Median ms to import each parser's module in a fresh interpreter (minus an empty one)."""
    def run(statement: str) -> float:
        code = ("import time, sys; s = time.perf_counter(); "
                f"{statement}; print(time.perf_counter() - s)")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True)
        return float(out.stdout)

    result = {}
    for parser in parsers:
        if parser.module == "_tomli_pure":
            continue  # a copy made at run time; its import time is the pure tomli's
        statement = f"import {parser.module}"
        result[parser.name] = statistics.median(run(statement) for _ in range(runs)) * 1000
    return result


def install_size_kb(distribution: str) -> float | None:
    """The installed size of a distribution (from its RECORD), in KB."""
    if not distribution:
        return None
    try:
        files = importlib.metadata.distribution(distribution).files or []
    except importlib.metadata.PackageNotFoundError:
        return None
    return sum(f.size or 0 for f in files) / 1000


# --- Wheels on PyPI ---------------------------------------------------------------------------

WHEEL_PACKAGES = ["tomli", "rtoml", "toml-rs", "tomli-rs", "rustoml", "tomledit", "pytomlpp",
                  "fasttoml", "toml", "qtoml", "pytoml", "tomlkit"]
PYTHONS = ["3.11", "3.12", "3.13", "3.14"]
PLATFORMS: dict[str, list[str]] = {
    "manylinux x86_64": ["manylinux2014_x86_64"]
    + [f"manylinux_2_{minor}_x86_64" for minor in range(17, 40)],
    "manylinux aarch64": ["manylinux2014_aarch64"]
    + [f"manylinux_2_{minor}_aarch64" for minor in range(17, 40)],
    "musllinux x86_64": ["musllinux_1_1_x86_64", "musllinux_1_2_x86_64"],
    "Windows amd64": ["win_amd64"],
    "Windows arm64": ["win_arm64"],
    "macOS arm64": ["macosx_15_0_arm64"],  # pip widens macOS tags to older versions itself
    "macOS x86_64": ["macosx_15_0_x86_64"],
}


def wheel_for(package: str, python: str, platforms: list[str]) -> str | None:
    """The file name of the wheel pip would take (a dry run; nothing is installed)."""
    with tempfile.TemporaryDirectory() as target:
        command = [sys.executable, "-m", "pip", "install", "--dry-run", "--quiet",
                   "--ignore-installed", "--no-deps", "--only-binary=:all:", "--pre",
                   "--python-version", python, "--implementation", "cp", "--target", target,
                   "--report", "-", package]
        command += [argument for tag in platforms for argument in ("--platform", tag)]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return None
    for item in json.loads(done.stdout).get("install", []):
        return str(item["download_info"]["url"].rsplit("/", 1)[1])
    return None


def wheels() -> dict[str, Any]:
    result: dict[str, Any] = {}
    for package in WHEEL_PACKAGES:
        result[package] = {}
        for label, tags in PLATFORMS.items():
            result[package][label] = {python: wheel_for(package, python, tags)
                                      for python in PYTHONS}
        print(f"  {package}: done", file=sys.stderr)
    return result


def wheel_cell(names: dict[str, str | None]) -> str:
    """One cell: which Python versions have a binary wheel (or only a pure one)."""
    binary = [py for py, name in names.items() if name and "-none-any" not in name]
    pure = [py for py, name in names.items() if name and "-none-any" in name]
    versions = {name.split("-")[1] for name in names.values() if name}
    parts = []
    if binary:
        parts.append("✓ " + ",".join(p.removeprefix("3.") for p in binary))
    if pure and not binary:
        parts.append("rein Python")
    elif pure:
        parts.append("sonst rein Python")
    if not parts:
        return "–"
    return " ".join(parts) + (f" ({'/'.join(sorted(versions))})" if len(versions) > 1 else "")


def wheels_markdown(result: dict[str, Any]) -> str:
    labels = list(PLATFORMS)
    lines = ["| Paket | " + " | ".join(labels) + " |", "|---" * (len(labels) + 1) + "|"]
    for package, by_platform in result.items():
        lines.append(f"| {package} | "
                     + " | ".join(wheel_cell(by_platform[label]) for label in labels) + " |")
    return "\n".join(lines)


# --- Registries -----------------------------------------------------------------------------


def registry_file(folder: Path, size: int, seed: int) -> Path:
    """The registry ``bench.py`` generates for ``size`` networks (reused when present)."""
    file = folder / f"netz-{size}-{seed}.toml"
    if not file.exists():
        text = registry_to_toml(bench.large_registry(size, seed))
        temporary = file.with_suffix(".tmp")
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(file)
    return file


# --- Report ---------------------------------------------------------------------------------


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f}".replace(",", " ") if seconds >= 0.01 else (
        f"{seconds * 1000:.2f}")


def exclusions(check: dict[str, Any]) -> list[str]:
    """Why a parser cannot stand in for tomllib (empty when it can)."""
    reasons = []
    if check["abweichungen"]:
        reasons.append("**andere Daten**")
    if check["akzeptiert_ungueltig"]:
        reasons.append("**nimmt ungültiges TOML an**")
    if "ABSTURZ" in check["tiefe"]:
        reasons.append("**stürzt ab**")
    return reasons


def _import_cell(milliseconds: float | None) -> str:
    return "–" if milliseconds is None else f"{milliseconds:.1f}"


def markdown(result: dict[str, Any]) -> str:
    sizes = list(result["zeiten"])
    reference = {size: result["zeiten"][size]["tomllib"]["median_s"] for size in sizes}
    lines = [f"Python {result['python']} · {result['maschine']} · "
             f"{'CPU ' + str(result['cpu']) if result['cpu'] is not None else 'nicht gepinnt'}",
             "", "| Parser | Version | Art | "
             + " | ".join(f"{result['dateien'][s]['label']} Median (min) ms" for s in sizes)
             + " | × tomllib | Import ms | Spitze RSS (+Anstieg) MB | installiert kB "
             "| geeignet |",
             "|---" * (7 + len(sizes)) + "|"]
    for parser in result["parser"]:
        name = parser["name"]
        cells = []
        for size in sizes:
            values = result["zeiten"][size].get(name)
            cells.append(f"{_ms(values['median_s'])} ({_ms(values['min_s'])})" if values
                         else "ausgelassen")
        basis = next(s for s in reversed(sizes) if name in result["zeiten"][s])
        ratio = result["zeiten"][basis][name]["median_s"] / reference[basis]
        mem = result["speicher"].get(name, {})
        mem_cell = (f"{mem['spitze_mb']:,.0f} (+{mem['anstieg_mb']:,.0f})".replace(",", " ")
                    if "spitze_mb" in mem else mem.get("fehler", "–"))
        if "spitze_mb" in mem and not mem["neue_spitze"]:
            mem_cell = "≤ " + mem_cell
        same = ", ".join(exclusions(result["pruefung"][name])) or "ja"
        size_kb = parser["installiert_kb"]
        lines.append(f"| {name} | {parser['version']} | {parser['art']} | " + " | ".join(cells)
                     + f" | {ratio:.2f} | {_import_cell(result['import_ms'].get(name))} | "
                     f"{mem_cell} | {'' if size_kb is None else f'{size_kb:,.0f}'} | {same} |")
    lines += ["", "| Vergleich (gleiche Daten) | "
              + " | ".join(result["dateien"][s]["label"] + " Median (min) ms" for s in sizes)
              + " |", "|---" * (len(sizes) + 1) + "|"]
    for name in result["vergleich"][sizes[0]]:
        if name.startswith("_"):
            continue
        lines.append(f"| {name} | " + " | ".join(
            f"{_ms(result['vergleich'][s][name]['median_s'])} "
            f"({_ms(result['vergleich'][s][name]['min_s'])})" for s in sizes) + " |")
    lines += ["", "| Parser | Abweichende Daten | Nimmt Ungültiges an | Lehnt Gültiges ab "
              "| TOML 1.1 angenommen | Zahl > 64 Bit | liest Ebenen (bis 1000) | tiefer |",
              "|---|---|---|---|---|---|---|---|"]
    for parser in result["parser"]:
        check = result["pruefung"][parser["name"]]
        lines.append(
            f"| {parser['name']} | {'; '.join(check['abweichungen']) or '–'} | "
            f"{'; '.join(check['akzeptiert_ungueltig']) or '–'} | "
            f"{'; '.join(check['lehnt_ab']) or '–'} | "
            f"{', '.join(check['toml_11']) or '–'} | {check['grosse_zahl']} | "
            f"{check['max_tiefe']} | {check['tiefe']} |")
    return "\n".join(lines)


def text_report(result: dict[str, Any]) -> str:
    lines = [f"TOML parsers · Python {result['python']} · {result['maschine']} · "
             f"{'CPU ' + str(result['cpu']) if result['cpu'] is not None else 'not pinned'}"]
    for note in result["fehlend"]:
        lines.append(f"  skipped: {note}")
    for size, info in result["dateien"].items():
        lines += ["", f"{info['label']}: {info['netzwerke']:,} networks, {info['mb']:.1f} MB",
                  f"  {'':34} {'median':>9} {'min':>9}  runs  × tomllib"]
        base = result["zeiten"][size]["tomllib"]["median_s"]
        for name, values in sorted(result["zeiten"][size].items(),
                                   key=lambda item: item[1]["median_s"]):
            lines.append(f"  {name:34} {_ms(values['median_s']):>6} ms {_ms(values['min_s']):>6}"
                         f" ms  {values['runs']:4}  {values['median_s'] / base:7.2f}")
        for name, values in result["vergleich"][size].items():
            if not name.startswith("_"):
                lines.append(f"  {name:44} {_ms(values['median_s']):>6} ms "
                             f"{_ms(values['min_s']):>6} ms")
    lines += ["", "Peak memory, largest file (fresh process each):"]
    for name, values in result["speicher"].items():
        if "spitze_mb" in values:
            lines.append(f"  {name:34} peak {values['spitze_mb']:7.0f} MB, "
                         f"+{values['anstieg_mb']:6.0f} MB over the process before parsing")
        else:
            lines.append(f"  {name:34} {values['fehler']}")
    lines += ["", "Same data as tomllib (strict):"]
    for name, check in result["pruefung"].items():
        verdict = "DISQUALIFIED" if check["disqualifiziert"] else "ok"
        lines.append(f"  {name:34} {verdict}; TOML 1.1: {', '.join(check['toml_11']) or '-'}; "
                     f"> 64 bit: {check['grosse_zahl']}; reads {check['max_tiefe']} levels; "
                     f"deeper: {check['tiefe']}")
        for key in ("abweichungen", "akzeptiert_ungueltig", "lehnt_ab", "reihenfolge"):
            for item in check[key]:
                lines.append(f"      {key}: {item}")
    lines.append(f"(took {result['dauer_s']:.0f} s)")
    return "\n".join(lines)


# --- Main -----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000",
                        help="generated networks per registry, comma-separated (10000,100000)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per parser and file (5)")
    parser.add_argument("--slow-seconds", type=float, default=5.0,
                        help="a parser with a median above this runs --slow-repeat times on "
                             "the next larger file (5)")
    parser.add_argument("--slow-repeat", type=int, default=1, help="see --slow-seconds (1)")
    parser.add_argument("--max-seconds", type=float, default=60.0,
                        help="leave a parser out of the next larger file when one parse there "
                             "would take longer, by its time on this file and the sizes (60)")
    bench.add_common_options(parser)
    parser.add_argument("--data-dir", type=Path,
                        help="keep the generated registries here and reuse them")
    parser.add_argument("--only", help="comma-separated parser names to measure")
    parser.add_argument("--no-memory", action="store_true", help="skip the memory runs")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    parser.add_argument("--wheels", action="store_true",
                        help="only ask pip which wheels PyPI has for each parser")
    parser.add_argument("--from-json", type=Path,
                        help="print the report of an earlier --json run (with --markdown)")
    parser.add_argument("--memory-worker", nargs=2, metavar=("PARSER", "FILE"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_worker:
        memory_worker(*args.memory_worker)
        return
    if args.from_json:
        saved = json.loads(args.from_json.read_text("utf-8"))
        print(markdown(saved) if args.markdown else text_report(saved))
        return
    if args.wheels:
        found = wheels()
        print(json.dumps(found, indent=2) if args.json else wheels_markdown(found))
        return

    began = time.perf_counter()
    core = None if args.all_cores else bench.pin_to_one_core()
    parsers, missing = available_parsers()
    if args.only:
        wanted = {"tomllib", *args.only.split(",")}
        parsers = [p for p in parsers if p.name in wanted]
    check_netz_sample()
    result: dict[str, Any] = {
        "python": platform.python_version(), "cpu": core, "fehlend": missing,
        "maschine": f"{platform.machine()} {platform.system()}",
        "parser": [{"name": p.name, "version": p.version, "art": p.kind, "paket": p.distribution,
                    "hinweis": p.note, "installiert_kb": install_size_kb(p.distribution)}
                   for p in parsers],
        "dateien": {}, "zeiten": {}, "vergleich": {}, "pruefung": {}, "speicher": {}}
    sizes = [int(size) for size in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="netz-toml-") as directory:
        folder = args.data_dir or Path(directory)
        folder.mkdir(parents=True, exist_ok=True)
        files = {"hagen": HAGEN_DATA if HAGEN_DATA.is_file() else embedded_registry()}
        for size in sizes:
            print(f"generating {size:,} networks …", file=sys.stderr)
            files[str(size)] = registry_file(folder, size, args.seed)
        texts = {key: file.read_text("utf-8") for key, file in files.items()}
        for key, text in texts.items():
            data = tomllib.loads(text)
            result["dateien"][key] = {
                "label": "Hagen" if key == "hagen" else f"{int(key) // 1000}k",
                "netzwerke": len(data.get("netzwerke", {})), "mb": len(text.encode()) / 1e6}

        print("checking the parsers against tomllib …", file=sys.stderr)
        for p in parsers:
            result["pruefung"][p.name] = conformance(p)

        rounds = {p.name: args.repeat * 4 for p in parsers}  # the small file: more rounds
        active = parsers
        for key in texts:
            label = result["dateien"][key]["label"]
            print(f"timing {label} …", file=sys.stderr)
            result["zeiten"][key], differences, orders = time_parsers(active, texts[key],
                                                                      rounds)
            for name, found in differences.items():
                check = result["pruefung"][name]
                check["abweichungen"].append(f"Register {label}: {found}")
                check["disqualifiziert"] = True
            for name, found in orders.items():
                result["pruefung"][name]["reihenfolge"].append(f"Register {label}: {found}")
            result["vergleich"][key] = references(texts[key], str(files[key]), args.repeat)
            rounds = {name: (args.slow_repeat if values["median_s"] > args.slow_seconds
                             else args.repeat)
                      for name, values in result["zeiten"][key].items()}
            following = list(texts)[list(texts).index(key) + 1:]
            if following:  # leave out what would take too long on the next file
                growth = len(texts[following[0]]) / len(texts[key])
                for name, values in result["zeiten"][key].items():
                    if values["median_s"] * growth > args.max_seconds:
                        rounds[name] = 0
                        result["fehlend"].append(
                            f"{name}: auf {result['dateien'][following[0]]['label']} "
                            f"ausgelassen (≈ {values['median_s'] * growth:.0f} s erwartet)")
                active = [p for p in parsers if rounds[p.name] > 0]
        largest = str(sizes[-1])
        if not args.no_memory:
            print("memory …", file=sys.stderr)
            result["speicher"] = memory(active, files[largest])
        result["import_ms"] = import_times(parsers)
    result["dauer_s"] = time.perf_counter() - began
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False, default=str))
    elif args.markdown:
        print(markdown(result))
    else:
        print(text_report(result))


if __name__ == "__main__":
    main()
