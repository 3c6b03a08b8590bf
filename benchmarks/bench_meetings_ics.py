"""Benchmark the calendar export: a year of meetings of every network of a 10,000-network registry.

Run from the project root with the interpreter netz is installed in:

    .venv/bin/python benchmarks/bench_meetings_ics.py            # 10,000 networks, 4 a year
    .venv/bin/python benchmarks/bench_meetings_ics.py --json     # the same numbers as JSON
    .venv/bin/python benchmarks/bench_meetings_ics.py --size 20000 --per-year 12 --repeat 7

Goal (issue 13): planning and exporting a year of meetings for all networks in under 2 s. This
script measures, in-process: planning – ``meetings.plan_year`` for every network (Tuesdays,
16–18 Uhr, venues in rotation, around NRW's holidays), then ``add_meetings`` for every plan –
and the export – resolving every meeting (venue, address, guests) and writing the RFC 5545
file; and ``netz treffen ics -o termine.ics`` as a whole process with the load cache filled as
every write by netz leaves it (for the record; loading 40,000 meetings is most of it). The
registry is generated: networks with three member organisations each (the venues); after
planning, the meetings get one to three topics and now and then an invited offer. Pinned to one
CPU core (Linux; ``--all-cores`` turns that off).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import bench  # helpers of the main benchmark, beside this file

from netzwerk_cli import meetings
from netzwerk_cli.export import ics
from netzwerk_cli.export.meeting_facts import chosen_meetings
from netzwerk_cli.model import Angebot, Kontakt, Mitglied, Netzwerk, Registry
from netzwerk_cli.registry import registry_to_toml

GOAL_MS = 2000.0
TODAY = dt.date(2026, 11, 25)
YEAR = 2027
THEMEN = ["Rückblick", "Sommerfest", "Ferienprogramm", "Kinderschutz", "Neue Mitglieder",
          "Infowand", "Bericht aus dem Vorbereitungskreis", "Fortbildung; Termine, Orte"]


def registry_without_meetings(size: int, seed: int) -> Registry:
    """``size`` networks with three venue organisations each (their members), no meetings."""
    rng = random.Random(seed)
    registry = Registry(angebote={
        "rat-am-ring": Angebot(name="Beratungsstelle Rat am Ring", themen=["Beratung"],
                               zielgruppen=["Kinder", "Jugendliche"]),
        "stadtsportbund": Angebot(name="Stadtsportbund", themen=["Sport"])})
    for n in range(size):
        netzwerk_id = f"netzwerk-{n:05d}"
        venues = [f"einrichtung-{n:05d}-{v}" for v in range(3)]
        for position, venue in enumerate(venues):
            registry.kontakte[venue] = Kontakt(
                art="organisation", organisation=f"Einrichtung {n}-{position}",
                strasse=f"Beispielstraße {rng.randint(1, 120)}", plz="58095", ort="Hagen",
                email=f"info@einrichtung-{n:05d}-{position}.example")
        registry.netzwerke[netzwerk_id] = Netzwerk(
            name=f"Netzwerk {n}", art="netzwerk", stadtweit=True, kontakte=[venues[0]],
            wochentag="di", beginn="16:00", ende="18:00", orte="reihum")
        registry.mitglieder[netzwerk_id] = {v: Mitglied(seit="2025-01") for v in venues}
    return registry


def plan_ms(registry: Registry, per_year: int) -> float:
    """In-process: a year planned for every network, then every plan saved."""
    holidays = meetings.nrw_holidays([YEAR])
    began = time.perf_counter()
    plans = [meetings.plan_year(registry, netzwerk_id, YEAR, per_year, "di", "16:00", "18:00",
                                meetings.REIHUM, holidays, today=TODAY)
             for netzwerk_id in registry.netzwerke]
    for plan in plans:
        meetings.add_meetings(registry, plan)
    return (time.perf_counter() - began) * 1000


def with_agenda(registry: Registry, seed: int) -> None:
    """Topics for every meeting, and now and then an invited offer (not timed)."""
    rng = random.Random(seed)
    for treffen in registry.treffen.values():
        treffen.themen = rng.sample(THEMEN, rng.randint(1, 3))
        treffen.gaeste = ["rat-am-ring"] if rng.random() < 0.2 else []


def export_ms(registry: Registry, repeat: int) -> tuple[list[float], int]:
    """In-process: every meeting resolved and written as one calendar file."""
    times, size = [], 0
    for _ in range(repeat):
        began = time.perf_counter()
        meetings = chosen_meetings(registry, set(registry.netzwerke))
        size = len(ics.to_ics(meetings, TODAY, "Netzwerktreffen").encode())
        times.append((time.perf_counter() - began) * 1000)
    return times, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000, help="networks (10000)")
    parser.add_argument("--per-year", type=int, default=4, help="meetings a year (4)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (5)")
    parser.add_argument("--seed", type=int, default=2017, help="random seed (2017)")
    parser.add_argument("--all-cores", action="store_true", help="do not pin to one CPU core")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    began = time.perf_counter()
    core = None if args.all_cores else bench.pin_to_one_core()
    registry = registry_without_meetings(args.size, args.seed)
    planned = plan_ms(registry, args.per_year)
    with_agenda(registry, args.seed)
    times, size = export_ms(registry, args.repeat)
    exported = statistics.median(times)
    result: dict[str, Any] = {
        "setup": {"python": sys.version.split()[0], "cpu": core,
                  "networks": len(registry.netzwerke), "meetings": len(registry.treffen)},
        "plan_ms": planned,
        "export": bench.summary(times) | {"ics_mb": size / 1e6},
        "plan_and_export_ms": planned + exported,
        "goal_met": planned + exported < GOAL_MS}
    with tempfile.TemporaryDirectory(prefix="netz-bench-treffen-") as directory:
        tmp = Path(directory)
        registry_file = tmp / "networks.toml"
        registry_file.write_text(registry_to_toml(registry), encoding="utf-8")
        env = bench.environment(tmp, registry_file) | {"NETZ_HEUTE": TODAY.isoformat()}
        command = [sys.executable, "-m", "netzwerk_cli", "treffen", "ics", "-o",
                   str(tmp / "termine.ics"), "--force"]
        shutil.rmtree(env["XDG_CACHE_HOME"], ignore_errors=True)
        with (tmp / "stdout").open("wb") as file:
            cold = bench.run_ms(command, env, file)  # parses the TOML and fills the cache
            process = [bench.run_ms(command, env, file) for _ in range(args.repeat)]
        result["setup"]["size_mb"] = registry_file.stat().st_size / 1e6
        result["process"] = bench.summary(process) | {"cold_ms": cold}
    result["total_s"] = time.perf_counter() - began
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        setup, export, process = result["setup"], result["export"], result["process"]
        pinned = "not pinned" if setup["cpu"] is None else f"pinned to CPU {setup['cpu']}"
        print(f"netz meeting calendar benchmark · Python {setup['python']} · {pinned}")
        print(f"Registry: {setup['networks']:,} networks, {setup['meetings']:,} meetings in "
              f"{YEAR}, {setup['size_mb']:.1f} MB")
        print(f"   plan a year for every network, save the plans {result['plan_ms']:6.0f} ms")
        print(f"   export (resolve + RFC 5545, {export['ics_mb']:.1f} MB)         "
              f"{export['median_ms']:6.0f} ms (min {export['min_ms']:.0f} ms)")
        print(f"   plan + export                                  "
              f"{result['plan_and_export_ms']:6.0f} ms (goal < {GOAL_MS:.0f} ms) "
              f"{'ok' if result['goal_met'] else 'MISSED'}")
        print(f"   netz treffen ics -o termine.ics (process, cache filled) "
              f"{process['median_ms']:6.0f} ms; first run after writing the file "
              f"{process['cold_ms']:.0f} ms (no goal)")
        print(f"(benchmark took {result['total_s']:.0f} s)")
    if not result["goal_met"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
