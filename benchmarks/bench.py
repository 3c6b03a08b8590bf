"""Benchmark netz: start-up against an empty Typer app, and commands on 10,000 networks.

Run from the project root with the interpreter netz is installed in (both programs are started
with that same interpreter, ``sys.executable``, so they run in the same environment):

    .venv/bin/python benchmarks/bench.py             # 20 start-ups each, 10,000 networks
    .venv/bin/python benchmarks/bench.py --json      # the same numbers as JSON
    .venv/bin/python benchmarks/bench.py --runs 40 --size 20000 --repeat 7

Goals: ``python -m netzwerk_cli list`` starts within 1.15x of an empty Typer app (median wall
time), and list, search and show on a registry of 10,000 networks each finish in under 1 s on
one core. Everything runs in a temporary directory: the registry copies, and XDG data, config
and cache dirs, so no real user file or cache is read or touched. The benchmark and the programs
it starts are pinned to one CPU core (Linux; ``--all-cores`` turns that off).

Only the standard library and netz's own modules are used.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from netzwerk_cli import __version__ as netz_version
from netzwerk_cli import query
from netzwerk_cli.cli.render import entry_row
from netzwerk_cli.errors import NetzError
from netzwerk_cli.gazetteer import hagen
from netzwerk_cli.migrate import parse_rhythm
from netzwerk_cli.model import ARTEN, Kontakt, Netzwerk, Registry, registry_from_toml
from netzwerk_cli.query import Criteria, search, select
from netzwerk_cli.registry import (
    Location,
    embedded_registry,
    load_registry,
    registry_from_text,
    registry_to_toml,
)
from netzwerk_cli.text import slug

EMPTY_APP = Path(__file__).with_name("empty_typer_app.py")
# The repository's registry (the embedded copy when run outside a checkout).
HAGEN_DATA = Path(__file__).resolve().parents[1] / "data" / "networks.toml"
STARTUP_GOAL_RATIO = 1.15
COMMAND_GOAL_MS = 1000.0

# Variables that would change what the programs do or print; the benchmark sets its own.
REMOVED_VARIABLES = ("PYTHONDONTWRITEBYTECODE", "PYTHONPROFILEIMPORTTIME", "PYTHONSTARTUP",
                     "FORCE_COLOR", "PY_COLORS", "NO_COLOR", "GITHUB_ACTIONS", "NETZ_REGISTRY")


# --- Environment ----------------------------------------------------------------------------


def environment(tmp: Path, registry_file: Path) -> dict[str, str]:
    """The environment for the programs: this one, with the registry and XDG dirs in ``tmp``."""
    env = {k: v for k, v in os.environ.items() if k not in REMOVED_VARIABLES}
    return env | {
        "NETZ_REGISTRY": str(registry_file),
        "XDG_DATA_HOME": str(tmp / "xdg" / "data"),
        "XDG_CONFIG_HOME": str(tmp / "xdg" / "config"),
        "XDG_CACHE_HOME": str(tmp / "xdg" / "cache"),
        "XDG_STATE_HOME": str(tmp / "xdg" / "state"),
    }


def add_common_options(parser: argparse.ArgumentParser) -> None:
    """The options every benchmark here takes: --seed, --all-cores and --json."""
    parser.add_argument("--seed", type=int, default=2017, help="random seed (2017)")
    parser.add_argument("--all-cores", action="store_true", help="do not pin to one CPU core")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")


def pin_to_one_core() -> int | None:
    """Pin this process (and so every program it starts) to one CPU core; return its number."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    core = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})
    return core


def run_ms(command: list[str], env: dict[str, str], output: Any) -> float:
    """Wall time of one run in ms; a failing run stops the benchmark with its stderr."""
    start = time.perf_counter()
    completed = subprocess.run(command, stdout=output, stderr=subprocess.PIPE, env=env,
                               check=False)
    duration = (time.perf_counter() - start) * 1000
    if completed.returncode != 0:
        sys.exit(f"bench: {' '.join(command)} failed ({completed.returncode}):\n"
                 f"{completed.stderr.decode(errors='replace')}")
    return duration


def summary(times: list[float]) -> dict[str, float]:
    return {"median_ms": statistics.median(times), "min_ms": min(times),
            "max_ms": max(times)}


# --- 1. Start-up -------------------------------------------------------------------------------


def startup(tmp: Path, runs: int) -> dict[str, Any]:
    """`python -m netzwerk_cli list` against the empty Typer app, interleaved, stdout piped."""
    registry_file = tmp / "start" / "networks.toml"
    registry_file.parent.mkdir(parents=True)
    shutil.copyfile(HAGEN_DATA if HAGEN_DATA.is_file() else embedded_registry(), registry_file)
    env = environment(tmp / "start", registry_file)
    commands = {"netz": [sys.executable, "-m", "netzwerk_cli", "list"],
                "empty": [sys.executable, str(EMPTY_APP)]}
    for command in commands.values():  # warm-up: bytecode written, files in the OS cache
        run_ms(command, env, subprocess.PIPE)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for run in range(runs):
        # Alternate who goes first, so neither always runs right after the other.
        order = list(commands) if run % 2 == 0 else list(reversed(commands))
        for name in order:
            times[name].append(run_ms(commands[name], env, subprocess.PIPE))
    result: dict[str, Any] = {name: summary(z) for name, z in times.items()}
    result["runs"] = runs
    result["ratio_median"] = result["netz"]["median_ms"] / result["empty"]["median_ms"]
    result["ratio_min"] = result["netz"]["min_ms"] / result["empty"]["min_ms"]
    result["goal_ratio"] = STARTUP_GOAL_RATIO
    result["goal_met"] = result["ratio_median"] <= STARTUP_GOAL_RATIO
    return result


# --- 2. A large, varied registry -----------------------------------------------------------

THEMEN = [
    "Jugendarbeit", "Jugendsozialarbeit", "Jugendberufshilfe", "Kindertagesbetreuung",
    "Erzieherische Hilfen", "Jugendhilfe und Schule", "OGS", "Schulsozialarbeit", "Frühe Hilfen",
    "Kinderschutz", "Familienbildung", "Familienzentren", "Sprachförderung", "Integration",
    "Migration und Flucht", "Gesundheitsförderung", "Sport und Bewegung", "Kulturelle Bildung",
    "Medienbildung", "Übergang Schule–Beruf", "Übergang Kita–Schule", "Kinderarmut",
    "Wohnen im Quartier", "Quartiersentwicklung", "Inklusion", "Suchtprävention",
    "Gewaltprävention", "Mädchenarbeit", "Jungenarbeit", "Elternarbeit", "Ehrenamt",
    "Spielplätze und Freiflächen", "Verkehrssicherheit", "Ernährung", "Beteiligung",
    "Ferienangebote", "Digitalisierung", "Umweltbildung", "Streetwork", "Schulabsentismus",
]
# Words networks are named with, and the kind a network so named usually is.
NAME_WORDS = {
    "Forum": "netzwerk", "Stadtteilforum": "netzwerk", "Runder Tisch": "netzwerk",
    "Netzwerk": "netzwerk", "Arbeitskreis": "arbeitskreis", "AK": "arbeitskreis",
    "Arbeitsgemeinschaft": "arbeitsgemeinschaft", "AG": "arbeitsgemeinschaft",
    "Gremium": "gremium", "Sozialraumteam": "sozialraumteam",
    "Stadtteilkonferenz": "konferenz", "Konferenz": "konferenz",
}
ZIELGRUPPEN = ["Kinder", "Jugendliche", "Familien", "Eltern", "junge Erwachsene", "Fachkräfte"]
FIRST_NAMES = [
    "Anna", "Ben", "Carla", "Deniz", "Elif", "Felix", "Greta", "Hakan", "Ines", "Jonas", "Katrin",
    "Lukas", "Mara", "Nils", "Olga", "Paul", "Rana", "Sven", "Tanja", "Uwe", "Vera", "Yusuf",
    "Zeynep", "Jörg", "Sören", "Małgorzata", "Natalia", "Ömer", "Birgit", "Dirk", "Heike", "Ralf",
    "Sabine", "Thomas", "Ulrike", "Stefan", "Monika", "Ahmet", "Leonie", "Tobias",
]
LAST_NAMES = [
    "Keller", "Schmidt", "Müller", "Schneider", "Fischer", "Weber", "Becker", "Hoffmann", "Koch",
    "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Braun", "Zimmermann", "Krüger",
    "Hartmann", "Lange", "Yılmaz", "Kaya", "Demir", "Nowak", "Kowalski", "Jansen", "Brandt",
    "Voß", "Große", "Kühn", "Albrecht", "Vogel", "Stein", "Jäger", "Otto", "Sommer", "Groß",
    "Haas", "Schulte", "Dreßler",
]
PROVIDERS = [
    "Stadt Hagen, Fachbereich Jugend und Soziales", "AWO Unterbezirk Hagen-Märkischer Kreis",
    "Caritasverband Hagen", "Diakonie Mark-Ruhr", "DRK-Kreisverband Hagen",
    "Der Paritätische Hagen", "Jugendring Hagen", "Kinderschutzbund Hagen",
    "Evangelischer Kirchenkreis Hagen", "Katholische Jugendagentur", "VHS Hagen",
    "Sportbund Hagen",
]
INSTITUTIONS = ["Grundschule", "Gesamtschule", "Kita", "Familienzentrum", "Jugendzentrum",
                "Kinder- und Jugendtreff", "Stadtteilbüro", "Offene Ganztagsschule"]
FUNKTIONEN = ["Leitung", "Koordination", "Schulsozialarbeit", "Sozialraumkoordination",
              "Geschäftsführung", "Fachberatung", "Jugendpflege", "Quartiersmanagement"]
STRASSEN = ["Hauptstraße", "Bahnhofstraße", "Lange Straße", "Elberfelder Straße", "Kölner Straße",
            "Berliner Platz", "Eugen-Richter-Straße", "Enneper Straße", "Am Bügel", "Rathausstraße"]
NOTIZEN = [
    "Trifft sich viermal im Jahr an wechselnden Orten im Stadtteil.",
    "Offen für alle Fachkräfte, die im Quartier mit Kindern arbeiten.",
    "Tauscht Informationen zu Angeboten aus und plant gemeinsame Aktionen.",
    "Ruht derzeit; Wiederaufnahme ist geplant.",
    "Bereitet jedes Jahr das Stadtteilfest im Sommer vor.",
    "Entstanden aus dem Projekt „Soziale Stadt“; Protokolle beim Stadtteilbüro.",
    "Neue Mitglieder bitte vorher bei der Koordination melden.",
    "Arbeitet eng mit den Schulen und Kitas im Sozialraum zusammen.",
    "Plant Ferienangebote und stimmt Termine der Träger ab.",
    "Stellt Bedarfe aus dem Stadtteil im Jugendhilfeausschuss vor.",
]
# How networks say they meet; netz keeps what it understands as the rhythm (schema 2).
TREFFEN = ["", "", "Jeden zweiten Dienstag im Monat, 14 Uhr", "Viermal im Jahr, donnerstags",
           "Nach Absprache", "Monatlich, im Stadtteilbüro", "Zweimal im Jahr"]


def _new_id(base: str, taken: set[str]) -> str:
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    taken.add(candidate)
    return candidate


def _stand(rng: random.Random) -> str:
    year, month = rng.randint(2017, 2025), rng.randint(1, 12)
    return (f"{year}-{month:02d}" if rng.random() < 0.7
            else f"{year}-{month:02d}-{rng.randint(1, 28):02d}")


def _kontakte(rng: random.Random, count: int, places: list[str],
              postcodes: tuple[str, ...]) -> dict[str, Kontakt]:
    kontakte: dict[str, Kontakt] = {}
    taken: set[str] = set()
    for _ in range(count):
        art = rng.choices(["person", "organisation", "rolle"], weights=[7, 2, 1])[0]
        place = rng.choice(places)
        organisation = (rng.choice(PROVIDERS) if rng.random() < 0.5
                        else f"{rng.choice(INSTITUTIONS)} {place}")
        first_name, last_name = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        if art == "person":
            name = f"{first_name} {last_name}"
            email = f"{slug(first_name)}.{slug(last_name)}@{slug(organisation)[:20]}.de"
        elif art == "rolle":
            name = f"{rng.choice(FUNKTIONEN)} {place}"
            email = f"{slug(name)}@hagen.de"
        else:
            name = ""
            email = f"info@{slug(organisation)[:24]}.de"
        kontakt_id = _new_id(slug(name or organisation), taken)
        kontakte[kontakt_id] = Kontakt(
            art=art, name=name,
            funktion=rng.choice(FUNKTIONEN) if art == "person" else "",
            organisation=organisation,
            abteilung="Jugendhilfeplanung" if rng.random() < 0.1 else "",
            strasse=f"{rng.choice(STRASSEN)} {rng.randint(1, 120)}",
            plz=rng.choice(postcodes), ort="Hagen",
            telefon=f"02331 {rng.randint(200, 999)}-{rng.randint(10, 9999)}",
            email=email,
            oeffentlich=rng.random() < 0.4)
    return kontakte


def large_registry(count: int, seed: int) -> Registry:
    """A valid registry: the shipped Hagen data plus ``anzahl`` generated networks."""
    rng = random.Random(seed)
    gazetteer = hagen()
    # Stadtteile and Wohnbezirke under their own name (not "Hohenlimburg", which means the
    # Bezirk of that name), and the Stadtbezirke.
    places = [o.name for o in gazetteer.places
              if len(o.path) > 1 and gazetteer.find(o.name).path == o.path]
    bezirke = [o.name for o in gazetteer.bezirke()]
    registry = registry_from_text(embedded_registry().read_text("utf-8"), "hagen")
    registry.kontakte |= _kontakte(rng, max(1, count * 3 // 10), places,
                                   gazetteer.postcodes)
    kontakt_ids = list(registry.kontakte)
    taken = set(registry.netzwerke) | set(registry.angebote)
    words = list(NAME_WORDS)
    for _ in range(count):
        stadtweit = rng.random() < 0.1
        word = rng.choice(words)
        themen = rng.sample(THEMEN, rng.choices([1, 2, 3], weights=[4, 4, 2])[0])
        entry_bezirke: list[str] = []
        entry_stadtteile: list[str] = []
        if stadtweit:
            name = f"{word} {themen[0]} Hagen"
        elif rng.random() < 0.15:
            entry_bezirke = [rng.choice(bezirke)]
            name = f"{word} {entry_bezirke[0]}"
        else:
            entry_stadtteile = rng.sample(places, rng.choices([1, 2], weights=[8, 2])[0])
            name = f"{word} {'/'.join(entry_stadtteile)}"
        if not stadtweit and rng.random() < 0.5:
            name = f"{name} – {themen[0]}"
        # The kind fits the name mostly; sometimes a "Forum" is formally something else.
        art = (NAME_WORDS[word] if rng.random() < 0.85 else rng.choice(list(ARTEN)))
        netzwerk_id = _new_id(slug(name)[:60].rstrip("-"), taken)
        registry.netzwerke[netzwerk_id] = Netzwerk(
            name=name, art=art, bezirke=entry_bezirke, stadtteile=entry_stadtteile,
            stadtweit=stadtweit, themen=themen,
            zielgruppen=rng.sample(ZIELGRUPPEN, rng.randint(1, 3)),
            kontakte=rng.sample(kontakt_ids, rng.randint(1, 2)),
            **parse_rhythm(rng.choice(TREFFEN)).fields(), notiz=rng.choice(NOTIZEN),
            stand=_stand(rng))
    return registry


# --- 3. Commands and phases on the large registry ------------------------------------------


def commands_on_large_registry(tmp: Path, registry_file: Path, show_id: str, repeat: int
                                 ) -> dict[str, Any]:
    """Subprocess wall time of typical commands, stdout to a file (so not a terminal)."""
    env = environment(tmp, registry_file)
    cache = Path(env["XDG_CACHE_HOME"])
    netz = [sys.executable, "-m", "netzwerk_cli"]
    output = tmp / "ausgabe.txt"
    commands = [["list"], ["list", "--bezirk", "Haspe"], ["search", "wehringhausn"],
                ["search", "jugend", "haspe"], ["search", "kita"], ["show", show_id]]
    result: dict[str, Any] = {}

    # Cold: no parse cache yet (the first run after the file changed; a colleague's edit).
    # These runs also warm up bytecode and the OS file cache for the warm runs below.
    cold = []
    for _ in range(max(1, min(repeat, 2))):
        shutil.rmtree(cache, ignore_errors=True)
        with output.open("wb") as file:
            cold.append(run_ms([*netz, "list"], env, file))
    result["list (no parse cache)"] = summary(cold) | {"runs": len(cold)}

    # Warm: the cache exists (every later run).
    for command in commands:
        times = []
        for _ in range(repeat):
            with output.open("wb") as file:
                times.append(run_ms([*netz, *command], env, file))
        lines = output.read_bytes().count(b"\n")
        name = " ".join(command).replace(show_id, "ID")
        result[name] = summary(times) | {"runs": repeat, "output_lines": lines}
    for values in result.values():
        values["goal_met"] = values["median_ms"] < COMMAND_GOAL_MS
    return result


def phase_ms(function: Callable[[], Any], repeat: int,
             before: Callable[[], None] | None = None) -> tuple[dict[str, float], Any]:
    """Median and min time of ``funktion`` in ms (``vorher`` runs untimed before each call)."""
    times, result = [], None
    for _ in range(repeat):
        if before:
            before()
        start = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - start) * 1000)
    return {"median_ms": statistics.median(times), "min_ms": min(times)}, result


def phases(registry_file: Path, repeat: int) -> tuple[dict[str, Any], Registry]:
    """The phases of a command, in this process (the XDG dirs already point into the temp dir).

    Returns the timings and the registry as loaded from the file, which proves that it is valid.
    """
    def clear_caches() -> None:  # as in a fresh process
        query._area_text.cache_clear()
        query.vocabulary.cache_clear()

    result: dict[str, Any] = {}
    result["read + decode file"], text = phase_ms(
        lambda: registry_file.read_bytes().decode("utf-8-sig"), repeat)
    result["tomllib.loads"], data = phase_ms(lambda: tomllib.loads(text), min(repeat, 3))
    result["registry_from_toml (validate)"], registry = phase_ms(
        lambda: registry_from_toml(data, str(registry_file), text), repeat)
    location = Location(registry_file, "bench")
    load_registry(location)  # fills the parse cache
    result["load_registry, warm cache (all of loading)"], _ = phase_ms(
        lambda: load_registry(location), repeat)
    result["select (no filter)"], everything = phase_ms(
        lambda: select(registry, Criteria()), repeat)
    result["select --bezirk Haspe"], _ = phase_ms(
        lambda: select(registry, Criteria(bezirke=["Haspe"])), repeat)
    result["rows for list (entry_row)"], _ = phase_ms(
        lambda: [entry_row(i, n, registry) for i, n in everything.all()], repeat)
    # A typo, two words, and a term of the vocabulary (vokabular.toml) with its long forms.
    for words in ("wehringhausn", "jugend haspe", "kita"):
        result[f"search {words!r}"], _ = phase_ms(
            lambda s=words: search(registry, s), repeat, before=clear_caches)
    return result, registry


# --- 4. Report -------------------------------------------------------------------------------


def _goal(met: bool) -> str:
    return "ok" if met else "MISSED"


def report(result: dict[str, Any]) -> str:
    info, start = result["setup"], result["startup"]
    core = f"pinned to CPU {info['cpu']}" if info["cpu"] is not None else "not pinned"
    lines = [f"netz {info['netz_version']} benchmark · Python {info['python']} · {core}",
             f"interpreter: {info['executable']}", "",
             f"1. Start-up, {start['runs']} interleaved runs each, stdout piped",
             f"   {'':48} median     min     max"]
    for name, label in (("empty", "empty Typer app"), ("netz", "python -m netzwerk_cli list")):
        values = start[name]
        lines.append(f"   {label:48} {values['median_ms']:6.0f} ms {values['min_ms']:5.0f} ms "
                     f"{values['max_ms']:5.0f} ms")
    lines.append(f"   {'ratio netz/empty':48} {start['ratio_median']:6.2f}    "
                 f"{start['ratio_min']:5.2f}      goal ≤ {start['goal_ratio']:.2f}: "
                 f"{_goal(start['goal_met'])}")
    large = result["registry"]
    lines += ["", f"2. Registry: {large['networks']:,} networks "
              f"({large['citywide']:,} city-wide), {large['contacts']:,} contacts, "
              f"{large['topics']} topics, {large['size_mb']:.1f} MB, seed {large['seed']}",
              f"   generated and written in {large['generate_s']:.1f} s; loads back; "
              f"ID for show = {large['show_id']}", "",
              f"3. Commands on it, subprocess wall time, stdout to a file (goal < "
              f"{COMMAND_GOAL_MS:.0f} ms; start-up alone: {start['netz']['median_ms']:.0f} ms)",
              f"   {'':48} median     min  lines  runs"]
    for name, values in result["commands"].items():
        output_lines = values.get("output_lines", "")
        lines.append(f"   {'netz ' + name:48} {values['median_ms']:6.0f} ms {values['min_ms']:5.0f}"
                     f" ms {output_lines!s:>6} {values['runs']:5}  {_goal(values['goal_met'])}")
    lines += ["", f"   In-process phases, time.perf_counter{'':12} median     min"]
    for name, values in result["phases"].items():
        lines.append(f"   {name:48} {values['median_ms']:6.0f} ms {values['min_ms']:5.0f} ms")
    missed = [name for name, met in result["goals"].items() if not met]
    lines += ["", "Goals: all met." if not missed else "Goals missed:"]
    lines += [f"  - {name}" for name in missed]
    lines.append(f"(benchmark took {result['total_s']:.0f} s)")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="start-ups per program (20)")
    parser.add_argument("--size", type=int, default=10_000,
                        help="networks in the generated registry (10000)")
    parser.add_argument("--repeat", type=int, default=5,
                        help="runs per command and phase on the large registry (5)")
    add_common_options(parser)
    args = parser.parse_args()
    if args.runs < 1 or args.size < 1 or args.repeat < 1:
        parser.error("--runs, --size and --repeat must be at least 1")
    began = time.perf_counter()
    core = None if args.all_cores else pin_to_one_core()
    with tempfile.TemporaryDirectory(prefix="netz-bench-") as directory:
        tmp = Path(directory)
        result: dict[str, Any] = {"setup": {
            "netz_version": netz_version, "python": sys.version.split()[0],
            "executable": sys.executable, "cpu": core}, "repeat": args.repeat}
        result["startup"] = startup(tmp, args.runs)

        large_tmp = tmp / "gross"
        registry_file = large_tmp / "networks.toml"
        registry_file.parent.mkdir()
        # This process too uses only the temp dirs (the in-process phases use the parse cache).
        os.environ.update({k: v for k, v in environment(large_tmp, registry_file).items()
                           if k.startswith(("XDG_", "NETZ_"))})
        generate_start = time.perf_counter()
        registry = large_registry(args.size, args.seed)
        registry_file.write_text(registry_to_toml(registry), encoding="utf-8")
        generate_s = time.perf_counter() - generate_start
        # The phases load the file as netz does (raising if it is invalid): it must load back.
        try:
            result["phases"], loaded = phases(registry_file, args.repeat)
        except NetzError as err:
            sys.exit(f"bench: the generated registry is not valid:\n{err}")
        if loaded != registry:
            sys.exit("bench: the generated registry does not load back as it was built")
        # A generated network with two contacts, from the middle of the sorted ids.
        with_two = sorted(i for i, n in registry.netzwerke.items() if len(n.kontakte) == 2)
        show_id = (with_two or sorted(registry.netzwerke))[len(with_two) // 2]
        result["registry"] = {
            "networks": len(registry.netzwerke), "generated_networks": args.size,
            "contacts": len(registry.kontakte), "topics": len(registry.count_themen()),
            "citywide": sum(n.stadtweit for n in registry.netzwerke.values()),
            "size_mb": registry_file.stat().st_size / 1e6, "seed": args.seed,
            "generate_s": generate_s, "loads_back": True, "show_id": show_id}
        result["commands"] = commands_on_large_registry(large_tmp, registry_file, show_id,
                                                        args.repeat)
    result["goals"] = {f"start-up ratio ≤ {STARTUP_GOAL_RATIO}":
                       result["startup"]["goal_met"]}
    result["goals"] |= {f"netz {name} < 1 s": values["goal_met"]
                        for name, values in result["commands"].items()}
    result["total_s"] = time.perf_counter() - began
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        print(report(result))


if __name__ == "__main__":
    main()
