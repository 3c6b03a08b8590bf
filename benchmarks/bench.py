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
HAGEN_DATEN = Path(__file__).resolve().parents[1] / "data" / "networks.toml"
STARTUP_GOAL_RATIO = 1.15
COMMAND_GOAL_MS = 1000.0

# Variables that would change what the programs do or print; the benchmark sets its own.
ENTFERNEN = ("PYTHONDONTWRITEBYTECODE", "PYTHONPROFILEIMPORTTIME", "PYTHONSTARTUP",
             "FORCE_COLOR", "PY_COLORS", "NO_COLOR", "GITHUB_ACTIONS", "NETZ_REGISTRY")


# --- Environment ----------------------------------------------------------------------------


def umgebung(tmp: Path, registry: Path) -> dict[str, str]:
    """The environment for the programs: this one, with the registry and XDG dirs in ``tmp``."""
    env = {k: v for k, v in os.environ.items() if k not in ENTFERNEN}
    return env | {
        "NETZ_REGISTRY": str(registry),
        "XDG_DATA_HOME": str(tmp / "xdg" / "data"),
        "XDG_CONFIG_HOME": str(tmp / "xdg" / "config"),
        "XDG_CACHE_HOME": str(tmp / "xdg" / "cache"),
        "XDG_STATE_HOME": str(tmp / "xdg" / "state"),
    }


def auf_einen_kern() -> int | None:
    """Pin this process (and so every program it starts) to one CPU core; return its number."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    kern = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {kern})
    return kern


def laufzeit_ms(befehl: list[str], env: dict[str, str], ausgabe: Any) -> float:
    """Wall time of one run in ms; a failing run stops the benchmark with its stderr."""
    start = time.perf_counter()
    lauf = subprocess.run(befehl, stdout=ausgabe, stderr=subprocess.PIPE, env=env, check=False)
    dauer = (time.perf_counter() - start) * 1000
    if lauf.returncode != 0:
        sys.exit(f"bench: {' '.join(befehl)} failed ({lauf.returncode}):\n"
                 f"{lauf.stderr.decode(errors='replace')}")
    return dauer


def kennzahlen(zeiten: list[float]) -> dict[str, float]:
    return {"median_ms": statistics.median(zeiten), "min_ms": min(zeiten),
            "max_ms": max(zeiten)}


# --- 1. Start-up -------------------------------------------------------------------------------


def startzeit(tmp: Path, laeufe: int) -> dict[str, Any]:
    """`python -m netzwerk_cli list` against the empty Typer app, interleaved, stdout piped."""
    registry = tmp / "start" / "networks.toml"
    registry.parent.mkdir(parents=True)
    shutil.copyfile(HAGEN_DATEN if HAGEN_DATEN.is_file() else embedded_registry(), registry)
    env = umgebung(tmp / "start", registry)
    befehle = {"netz": [sys.executable, "-m", "netzwerk_cli", "list"],
               "empty": [sys.executable, str(EMPTY_APP)]}
    for befehl in befehle.values():  # warm-up: bytecode written, files in the OS cache
        laufzeit_ms(befehl, env, subprocess.PIPE)
    zeiten: dict[str, list[float]] = {name: [] for name in befehle}
    for lauf in range(laeufe):
        # Alternate who goes first, so neither always runs right after the other.
        reihenfolge = list(befehle) if lauf % 2 == 0 else list(reversed(befehle))
        for name in reihenfolge:
            zeiten[name].append(laufzeit_ms(befehle[name], env, subprocess.PIPE))
    ergebnis: dict[str, Any] = {name: kennzahlen(z) for name, z in zeiten.items()}
    ergebnis["runs"] = laeufe
    ergebnis["ratio_median"] = ergebnis["netz"]["median_ms"] / ergebnis["empty"]["median_ms"]
    ergebnis["ratio_min"] = ergebnis["netz"]["min_ms"] / ergebnis["empty"]["min_ms"]
    ergebnis["goal_ratio"] = STARTUP_GOAL_RATIO
    ergebnis["goal_met"] = ergebnis["ratio_median"] <= STARTUP_GOAL_RATIO
    return ergebnis


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
NAMENSWOERTER = {
    "Forum": "netzwerk", "Stadtteilforum": "netzwerk", "Runder Tisch": "netzwerk",
    "Netzwerk": "netzwerk", "Arbeitskreis": "arbeitskreis", "AK": "arbeitskreis",
    "Arbeitsgemeinschaft": "arbeitsgemeinschaft", "AG": "arbeitsgemeinschaft",
    "Gremium": "gremium", "Sozialraumteam": "sozialraumteam",
    "Stadtteilkonferenz": "konferenz", "Konferenz": "konferenz",
}
ZIELGRUPPEN = ["Kinder", "Jugendliche", "Familien", "Eltern", "junge Erwachsene", "Fachkräfte"]
VORNAMEN = [
    "Anna", "Ben", "Carla", "Deniz", "Elif", "Felix", "Greta", "Hakan", "Ines", "Jonas", "Katrin",
    "Lukas", "Mara", "Nils", "Olga", "Paul", "Rana", "Sven", "Tanja", "Uwe", "Vera", "Yusuf",
    "Zeynep", "Jörg", "Sören", "Małgorzata", "Natalia", "Ömer", "Birgit", "Dirk", "Heike", "Ralf",
    "Sabine", "Thomas", "Ulrike", "Stefan", "Monika", "Ahmet", "Leonie", "Tobias",
]
NACHNAMEN = [
    "Keller", "Schmidt", "Müller", "Schneider", "Fischer", "Weber", "Becker", "Hoffmann", "Koch",
    "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Braun", "Zimmermann", "Krüger",
    "Hartmann", "Lange", "Yılmaz", "Kaya", "Demir", "Nowak", "Kowalski", "Jansen", "Brandt",
    "Voß", "Große", "Kühn", "Albrecht", "Vogel", "Stein", "Jäger", "Otto", "Sommer", "Groß",
    "Haas", "Schulte", "Dreßler",
]
TRAEGER = [
    "Stadt Hagen, Fachbereich Jugend und Soziales", "AWO Unterbezirk Hagen-Märkischer Kreis",
    "Caritasverband Hagen", "Diakonie Mark-Ruhr", "DRK-Kreisverband Hagen",
    "Der Paritätische Hagen", "Jugendring Hagen", "Kinderschutzbund Hagen",
    "Evangelischer Kirchenkreis Hagen", "Katholische Jugendagentur", "VHS Hagen",
    "Sportbund Hagen",
]
EINRICHTUNGEN = ["Grundschule", "Gesamtschule", "Kita", "Familienzentrum", "Jugendzentrum",
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
TREFFEN = ["", "", "Jeden zweiten Dienstag im Monat, 14 Uhr", "Viermal im Jahr, donnerstags",
           "Nach Absprache", "Monatlich, im Stadtteilbüro", "Zweimal im Jahr"]


def _neue_id(basis: str, vergeben: set[str]) -> str:
    kandidat, nummer = basis, 1
    while kandidat in vergeben:
        nummer += 1
        kandidat = f"{basis}-{nummer}"
    vergeben.add(kandidat)
    return kandidat


def _stand(zufall: random.Random) -> str:
    jahr, monat = zufall.randint(2017, 2025), zufall.randint(1, 12)
    return (f"{jahr}-{monat:02d}" if zufall.random() < 0.7
            else f"{jahr}-{monat:02d}-{zufall.randint(1, 28):02d}")


def _kontakte(zufall: random.Random, anzahl: int, orte: list[str],
              postleitzahlen: tuple[str, ...]) -> dict[str, Kontakt]:
    kontakte: dict[str, Kontakt] = {}
    vergeben: set[str] = set()
    for _ in range(anzahl):
        art = zufall.choices(["person", "organisation", "rolle"], weights=[7, 2, 1])[0]
        ort = zufall.choice(orte)
        organisation = (zufall.choice(TRAEGER) if zufall.random() < 0.5
                        else f"{zufall.choice(EINRICHTUNGEN)} {ort}")
        vorname, nachname = zufall.choice(VORNAMEN), zufall.choice(NACHNAMEN)
        if art == "person":
            name = f"{vorname} {nachname}"
            email = f"{slug(vorname)}.{slug(nachname)}@{slug(organisation)[:20]}.de"
        elif art == "rolle":
            name = f"{zufall.choice(FUNKTIONEN)} {ort}"
            email = f"{slug(name)}@hagen.de"
        else:
            name = ""
            email = f"info@{slug(organisation)[:24]}.de"
        kontakt_id = _neue_id(slug(name or organisation), vergeben)
        kontakte[kontakt_id] = Kontakt(
            art=art, name=name,
            funktion=zufall.choice(FUNKTIONEN) if art == "person" else "",
            organisation=organisation,
            abteilung="Jugendhilfeplanung" if zufall.random() < 0.1 else "",
            strasse=f"{zufall.choice(STRASSEN)} {zufall.randint(1, 120)}",
            plz=zufall.choice(postleitzahlen), ort="Hagen",
            telefon=f"02331 {zufall.randint(200, 999)}-{zufall.randint(10, 9999)}",
            email=email,
            oeffentlich=zufall.random() < 0.4)
    return kontakte


def grosses_register(anzahl: int, seed: int) -> Registry:
    """A valid registry: the shipped Hagen data plus ``anzahl`` generated networks."""
    zufall = random.Random(seed)
    gazetteer = hagen()
    # Stadtteile and Wohnbezirke under their own name (not "Hohenlimburg", which means the
    # Bezirk of that name), and the Stadtbezirke.
    orte = [o.name for o in gazetteer.places
            if len(o.path) > 1 and gazetteer.find(o.name).path == o.path]
    bezirke = [o.name for o in gazetteer.bezirke()]
    register = registry_from_text(embedded_registry().read_text("utf-8"), "hagen")
    register.kontakte |= _kontakte(zufall, max(1, anzahl * 3 // 10), orte,
                                   gazetteer.postcodes)
    kontakt_ids = list(register.kontakte)
    vergeben = set(register.netzwerke) | set(register.angebote)
    woerter = list(NAMENSWOERTER)
    for _ in range(anzahl):
        stadtweit = zufall.random() < 0.1
        wort = zufall.choice(woerter)
        themen = zufall.sample(THEMEN, zufall.choices([1, 2, 3], weights=[4, 4, 2])[0])
        bezirke_hier: list[str] = []
        stadtteile_hier: list[str] = []
        if stadtweit:
            name = f"{wort} {themen[0]} Hagen"
        elif zufall.random() < 0.15:
            bezirke_hier = [zufall.choice(bezirke)]
            name = f"{wort} {bezirke_hier[0]}"
        else:
            stadtteile_hier = zufall.sample(orte, zufall.choices([1, 2], weights=[8, 2])[0])
            name = f"{wort} {'/'.join(stadtteile_hier)}"
        if not stadtweit and zufall.random() < 0.5:
            name = f"{name} – {themen[0]}"
        # The kind fits the name mostly; sometimes a "Forum" is formally something else.
        art = (NAMENSWOERTER[wort] if zufall.random() < 0.85 else zufall.choice(list(ARTEN)))
        netzwerk_id = _neue_id(slug(name)[:60].rstrip("-"), vergeben)
        register.netzwerke[netzwerk_id] = Netzwerk(
            name=name, art=art, bezirke=bezirke_hier, stadtteile=stadtteile_hier,
            stadtweit=stadtweit, themen=themen,
            zielgruppen=zufall.sample(ZIELGRUPPEN, zufall.randint(1, 3)),
            kontakte=zufall.sample(kontakt_ids, zufall.randint(1, 2)),
            treffen=zufall.choice(TREFFEN), notiz=zufall.choice(NOTIZEN),
            stand=_stand(zufall))
    return register


# --- 3. Commands and phases on the large registry ------------------------------------------


def befehle_auf_grossem_register(tmp: Path, registry: Path, show_id: str, repeat: int
                                 ) -> dict[str, Any]:
    """Subprocess wall time of typical commands, stdout to a file (so not a terminal)."""
    env = umgebung(tmp, registry)
    cache = Path(env["XDG_CACHE_HOME"])
    netz = [sys.executable, "-m", "netzwerk_cli"]
    ausgabe = tmp / "ausgabe.txt"
    befehle = [["list"], ["list", "--bezirk", "Haspe"], ["search", "wehringhausn"],
               ["search", "jugend", "haspe"], ["show", show_id]]
    ergebnis: dict[str, Any] = {}

    # Cold: no parse cache yet (the first run after the file changed; a colleague's edit).
    # These runs also warm up bytecode and the OS file cache for the warm runs below.
    kalt = []
    for _ in range(max(1, min(repeat, 2))):
        shutil.rmtree(cache, ignore_errors=True)
        with ausgabe.open("wb") as datei:
            kalt.append(laufzeit_ms([*netz, "list"], env, datei))
    ergebnis["list (no parse cache)"] = kennzahlen(kalt) | {"runs": len(kalt)}

    # Warm: the cache exists (every later run).
    for befehl in befehle:
        zeiten = []
        for _ in range(repeat):
            with ausgabe.open("wb") as datei:
                zeiten.append(laufzeit_ms([*netz, *befehl], env, datei))
        zeilen = ausgabe.read_bytes().count(b"\n")
        name = " ".join(befehl).replace(show_id, "ID")
        ergebnis[name] = kennzahlen(zeiten) | {"runs": repeat, "output_lines": zeilen}
    for werte in ergebnis.values():
        werte["goal_met"] = werte["median_ms"] < COMMAND_GOAL_MS
    return ergebnis


def phase_ms(funktion: Callable[[], Any], repeat: int,
             vorher: Callable[[], None] | None = None) -> tuple[dict[str, float], Any]:
    """Median and min time of ``funktion`` in ms (``vorher`` runs untimed before each call)."""
    zeiten, ergebnis = [], None
    for _ in range(repeat):
        if vorher:
            vorher()
        start = time.perf_counter()
        ergebnis = funktion()
        zeiten.append((time.perf_counter() - start) * 1000)
    return {"median_ms": statistics.median(zeiten), "min_ms": min(zeiten)}, ergebnis


def phasen(registry: Path, repeat: int) -> tuple[dict[str, Any], Registry]:
    """The phases of a command, in this process (the XDG dirs already point into the temp dir).

    Returns the timings and the registry as loaded from the file, which proves that it is valid.
    """
    caches_leeren = query._area_text.cache_clear  # as in a fresh process
    ergebnis: dict[str, Any] = {}
    ergebnis["read + decode file"], text = phase_ms(
        lambda: registry.read_bytes().decode("utf-8-sig"), repeat)
    ergebnis["tomllib.loads"], daten = phase_ms(lambda: tomllib.loads(text), min(repeat, 3))
    ergebnis["registry_from_toml (validate)"], register = phase_ms(
        lambda: registry_from_toml(daten, str(registry), text), repeat)
    fundort = Location(registry, "bench")
    load_registry(fundort)  # fills the parse cache
    ergebnis["load_registry, warm cache (all of loading)"], _ = phase_ms(
        lambda: load_registry(fundort), repeat)
    ergebnis["select (no filter)"], alle = phase_ms(
        lambda: select(register, Criteria()), repeat)
    ergebnis["select --bezirk Haspe"], _ = phase_ms(
        lambda: select(register, Criteria(bezirke=["Haspe"])), repeat)
    ergebnis["rows for list (entry_row)"], _ = phase_ms(
        lambda: [entry_row(i, n, register) for i, n in alle.all()], repeat)
    for suche in ("wehringhausn", "jugend haspe"):
        ergebnis[f"search {suche!r}"], _ = phase_ms(
            lambda s=suche: search(register, s), repeat, vorher=caches_leeren)
    return ergebnis, register


# --- 4. Report -------------------------------------------------------------------------------


def _ziel(erfuellt: bool) -> str:
    return "ok" if erfuellt else "MISSED"


def bericht(ergebnis: dict[str, Any]) -> str:
    info, start = ergebnis["setup"], ergebnis["startup"]
    kern = f"pinned to CPU {info['cpu']}" if info["cpu"] is not None else "not pinned"
    zeilen = [f"netz {info['netz_version']} benchmark · Python {info['python']} · {kern}",
              f"interpreter: {info['executable']}", "",
              f"1. Start-up, {start['runs']} interleaved runs each, stdout piped",
              f"   {'':48} median     min     max"]
    for name, label in (("empty", "empty Typer app"), ("netz", "python -m netzwerk_cli list")):
        werte = start[name]
        zeilen.append(f"   {label:48} {werte['median_ms']:6.0f} ms {werte['min_ms']:5.0f} ms "
                      f"{werte['max_ms']:5.0f} ms")
    zeilen.append(f"   {'ratio netz/empty':48} {start['ratio_median']:6.2f}    "
                  f"{start['ratio_min']:5.2f}      goal ≤ {start['goal_ratio']:.2f}: "
                  f"{_ziel(start['goal_met'])}")
    gross = ergebnis["registry"]
    zeilen += ["", f"2. Registry: {gross['networks']:,} networks "
               f"({gross['citywide']:,} city-wide), {gross['contacts']:,} contacts, "
               f"{gross['topics']} topics, {gross['size_mb']:.1f} MB, seed {gross['seed']}",
               f"   generated and written in {gross['generate_s']:.1f} s; loads back; "
               f"ID for show = {gross['show_id']}", "",
               f"3. Commands on it, subprocess wall time, stdout to a file (goal < "
               f"{COMMAND_GOAL_MS:.0f} ms; start-up alone: {start['netz']['median_ms']:.0f} ms)",
               f"   {'':48} median     min  lines  runs"]
    for name, werte in ergebnis["commands"].items():
        linien = werte.get("output_lines", "")
        zeilen.append(f"   {'netz ' + name:48} {werte['median_ms']:6.0f} ms {werte['min_ms']:5.0f}"
                      f" ms {linien!s:>6} {werte['runs']:5}  {_ziel(werte['goal_met'])}")
    zeilen += ["", f"   In-process phases, time.perf_counter{'':12} median     min"]
    for name, werte in ergebnis["phases"].items():
        zeilen.append(f"   {name:48} {werte['median_ms']:6.0f} ms {werte['min_ms']:5.0f} ms")
    verfehlt = [name for name, erfuellt in ergebnis["goals"].items() if not erfuellt]
    zeilen += ["", "Goals: all met." if not verfehlt else "Goals missed:"]
    zeilen += [f"  - {name}" for name in verfehlt]
    zeilen.append(f"(benchmark took {ergebnis['total_s']:.0f} s)")
    return "\n".join(zeilen)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="start-ups per program (20)")
    parser.add_argument("--size", type=int, default=10_000,
                        help="networks in the generated registry (10000)")
    parser.add_argument("--repeat", type=int, default=5,
                        help="runs per command and phase on the large registry (5)")
    parser.add_argument("--seed", type=int, default=2017, help="random seed (2017)")
    parser.add_argument("--all-cores", action="store_true", help="do not pin to one CPU core")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    if args.runs < 1 or args.size < 1 or args.repeat < 1:
        parser.error("--runs, --size and --repeat must be at least 1")
    anfang = time.perf_counter()
    kern = None if args.all_cores else auf_einen_kern()
    with tempfile.TemporaryDirectory(prefix="netz-bench-") as verzeichnis:
        tmp = Path(verzeichnis)
        ergebnis: dict[str, Any] = {"setup": {
            "netz_version": netz_version, "python": sys.version.split()[0],
            "executable": sys.executable, "cpu": kern}, "repeat": args.repeat}
        ergebnis["startup"] = startzeit(tmp, args.runs)

        gross_tmp = tmp / "gross"
        registry = gross_tmp / "networks.toml"
        registry.parent.mkdir()
        # This process too uses only the temp dirs (the in-process phases use the parse cache).
        os.environ.update({k: v for k, v in umgebung(gross_tmp, registry).items()
                           if k.startswith(("XDG_", "NETZ_"))})
        erzeugen = time.perf_counter()
        register = grosses_register(args.size, args.seed)
        registry.write_text(registry_to_toml(register), encoding="utf-8")
        erzeugt_s = time.perf_counter() - erzeugen
        # The phases load the file as netz does (raising if it is invalid): it must load back.
        try:
            ergebnis["phases"], geladen = phasen(registry, args.repeat)
        except NetzError as err:
            sys.exit(f"bench: the generated registry is not valid:\n{err}")
        if geladen != register:
            sys.exit("bench: the generated registry does not load back as it was built")
        # A generated network with two contacts, from the middle of the sorted ids.
        mit_zwei = sorted(i for i, n in register.netzwerke.items() if len(n.kontakte) == 2)
        show_id = (mit_zwei or sorted(register.netzwerke))[len(mit_zwei) // 2]
        ergebnis["registry"] = {
            "networks": len(register.netzwerke), "generated_networks": args.size,
            "contacts": len(register.kontakte), "topics": len(register.count_themen()),
            "citywide": sum(n.stadtweit for n in register.netzwerke.values()),
            "size_mb": registry.stat().st_size / 1e6, "seed": args.seed,
            "generate_s": erzeugt_s, "loads_back": True, "show_id": show_id}
        ergebnis["commands"] = befehle_auf_grossem_register(gross_tmp, registry, show_id,
                                                            args.repeat)
    ergebnis["goals"] = {f"start-up ratio ≤ {STARTUP_GOAL_RATIO}":
                         ergebnis["startup"]["goal_met"]}
    ergebnis["goals"] |= {f"netz {name} < 1 s": werte["goal_met"]
                          for name, werte in ergebnis["commands"].items()}
    ergebnis["total_s"] = time.perf_counter() - anfang
    if args.json:
        print(json.dumps(ergebnis, indent=2, ensure_ascii=False))
    else:
        print(bericht(ergebnis))


if __name__ == "__main__":
    main()
