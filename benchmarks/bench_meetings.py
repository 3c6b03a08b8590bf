"""Benchmark planning meetings: a year of meetings for every network of a 10,000-network registry.

Run from the project root with the interpreter netz is installed in:

    .venv/bin/python benchmarks/bench_meetings.py            # 10,000 networks, the year 2027
    .venv/bin/python benchmarks/bench_meetings.py --json     # the same numbers as JSON
    .venv/bin/python benchmarks/bench_meetings.py --size 20000 --repeat 7

Goal (issue 13): planning and exporting a year of meetings for all networks in under 2 s. This
benchmark measures the planning half in process: ``meetings.plan_year`` for every network
(4 meetings a year each, NRW's holidays looked up once, venues in rotation among three member
organisations with an address) and ``add_meetings`` – some 40,000 meetings. The export of the
result (``netz treffen ics``) is measured beside it as its own phase (``PHASES``). For
orientation it also times writing the planned registry (``registry_to_toml``) and one
``netz treffen plan ID --jahr 2027 --yes`` as a coordinator runs it on the large file (whole
process, load cache filled). The registry is the one ``bench.py`` generates; everything runs in
a temporary directory with its own XDG dirs, pinned to one CPU core (Linux; ``--all-cores``
turns that off).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import bench  # the generator and helpers of the main benchmark, beside this file

from netzwerk_cli import meetings
from netzwerk_cli.members import add_member
from netzwerk_cli.model import REIHUM, WOCHENTAGE, Registry
from netzwerk_cli.registry import registry_to_toml

GOAL_MS = 2000.0  # planning and exporting together
TODAY = dt.date(2026, 11, 25)
YEAR = 2027


def with_rhythm_and_venues(registry: Registry, seed: int) -> None:
    """Every network meets 4 × a year on a weekday (Monday–Friday) from 16 to 18, mostly at
    changing venues, and has three member organisations with an address."""
    rng = random.Random(seed)
    venues = sorted(k for k, kontakt in registry.kontakte.items()
                    if kontakt.art == "organisation" and kontakt.anschrift)
    weekdays = list(WOCHENTAGE)[:5]
    for netzwerk_id, netzwerk in sorted(registry.netzwerke.items()):
        netzwerk.turnus, netzwerk.wochentag = 4, rng.choice(weekdays)
        netzwerk.beginn, netzwerk.ende = "16:00", "18:00"
        netzwerk.orte = REIHUM if rng.random() < 0.8 else ""
        for kontakt_id in rng.sample(venues, 3):
            add_member(registry, netzwerk_id, kontakt_id, seit="2024-01", today=TODAY)


def plan_all(registry: Registry, holidays: dict[dt.date, str]) -> int:
    """Plan ``YEAR`` for every network and save the plans; how many meetings."""
    planned = 0
    by_netzwerk = meetings.meetings_by_netzwerk(registry)
    for netzwerk_id in sorted(registry.netzwerke):
        plan = meetings.plan_year(registry, netzwerk_id, YEAR, holidays=holidays, today=TODAY,
                                  existing=by_netzwerk.get(netzwerk_id, []))
        planned += len(meetings.add_meetings(registry, plan))
    return planned


def timed(function: Callable[[], Any], repeat: int, before: Callable[[], Any] | None = None
          ) -> tuple[dict[str, float], Any]:
    """Median and minimum of ``repeat`` runs of ``function`` (``before`` runs untimed first)."""
    times, value = [], None
    for _ in range(repeat):
        if before is not None:
            before()
        began = time.perf_counter()
        value = function()
        times.append((time.perf_counter() - began) * 1000)
    return bench.summary(times), value


# The phases of "planning and exporting a year": name → function of the planned registry
# returning something to count (the export of issue 13 adds its own phase here).
def ics_export(registry: Registry) -> int:
    """Every meeting resolved (venue, address, guests) and written as one calendar file; how
    many bytes it has."""
    from netzwerk_cli.export import ics
    from netzwerk_cli.export.meeting_facts import chosen_meetings

    meetings_of_all = chosen_meetings(registry, set(registry.netzwerke))
    return len(ics.to_ics(meetings_of_all, TODAY, "Netzwerktreffen").encode())


# Measured after planning, on the planned registry; together with planning they meet the goal.
PHASES: dict[str, Callable[[Registry], Any]] = {"ics export (resolve + RFC 5545)": ics_export}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000, help="networks (10000)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per phase (5)")
    bench.add_common_options(parser)
    args = parser.parse_args()
    began = time.perf_counter()
    core = None if args.all_cores else bench.pin_to_one_core()
    registry = bench.large_registry(args.size, args.seed)
    with_rhythm_and_venues(registry, args.seed)
    result: dict[str, Any] = {"setup": {
        "python": sys.version.split()[0], "cpu": core, "networks": len(registry.netzwerke),
        "memberships": sum(map(len, registry.mitglieder.values())), "year": YEAR}}
    holidays_ms, holidays = timed(lambda: meetings.nrw_holidays([YEAR]), 1)
    plan_ms, planned = timed(lambda: plan_all(registry, holidays), args.repeat,
                             before=registry.treffen.clear)
    result["phases"] = {"holidays": holidays_ms | {"count": len(holidays)},
                        "plan": plan_ms | {"count": planned}}
    for name, phase in PHASES.items():
        summary, value = timed(lambda phase=phase: phase(registry), args.repeat)
        result["phases"][name] = summary | {"count": value}
    result["plan_and_export_ms"] = sum(
        values["median_ms"] for name, values in result["phases"].items())
    result["goal_met"] = result["plan_and_export_ms"] < GOAL_MS
    write_ms, text = timed(lambda: registry_to_toml(registry), 1)
    result["write"] = write_ms | {"size_mb": len(text.encode()) / 1e6}
    result["command"] = one_command(text)
    result["total_s"] = time.perf_counter() - began
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        print(report(result))
    if not result["goal_met"]:
        sys.exit(1)


def one_command(text: str) -> dict[str, Any]:
    """One ``netz treffen plan ID --jahr YEAR --yes`` on the planned file, for a network whose
    meetings are removed first, and ``netz treffen ics`` of all meetings (whole processes, the
    load cache filled by a command before). Once: a write to a file this size is dominated by
    checking the whole new file (``storage`` parses what it wrote before replacing the
    registry), not by planning."""
    with tempfile.TemporaryDirectory(prefix="netz-bench-treffen-") as directory:
        tmp = Path(directory)
        registry_file = tmp / "networks.toml"
        lines = text.split("\n")
        netzwerk_id = next(line for line in lines if line.startswith("[netzwerke."))[11:-1]
        registry_file.write_text(_without_meetings_of(text, netzwerk_id), encoding="utf-8")
        env = bench.environment(tmp, registry_file) | {"NETZ_HEUTE": TODAY.isoformat()}
        netz = [sys.executable, "-m", "netzwerk_cli", "treffen"]
        with (tmp / "ausgabe.txt").open("wb") as output:
            bench.run_ms([*netz[:-1], "show", netzwerk_id], env, output)  # fills the load cache
            plan = bench.run_ms([*netz, "plan", netzwerk_id, "--jahr", str(YEAR), "--yes"], env,
                                output)
            calendar = bench.run_ms([*netz, "ics", "-o", str(tmp / "termine.ics")], env, output)
    return {"plan_ms": plan, "ics_ms": calendar}


def _without_meetings_of(text: str, netzwerk_id: str) -> str:
    """The registry text without the ``[treffen.…]`` tables of one network."""
    kept, skipping = [], False
    for block in text.split("\n\n"):
        skipping = block.startswith(f"[treffen.{netzwerk_id}-")
        if not skipping:
            kept.append(block)
    return "\n\n".join(kept)


def report(result: dict[str, Any]) -> str:
    setup = result["setup"]
    pinned = f"pinned to CPU {setup['cpu']}" if setup["cpu"] is not None else "not pinned"
    lines = [f"netz meetings benchmark · Python {setup['python']} · {pinned}",
             f"Registry: {setup['networks']:,} networks, {setup['memberships']:,} memberships; "
             f"planning {setup['year']} (4 meetings each)",
             f"In process, time.perf_counter (goal: planning and exporting < {GOAL_MS:.0f} ms)",
             f"   {'':44} median     min   count"]
    for name, values in result["phases"].items():
        lines.append(f"   {name:44} {values['median_ms']:6.0f} ms {values['min_ms']:5.0f} ms "
                     f"{values['count']:>7,}")
    lines.append(f"   {'together':44} {result['plan_and_export_ms']:6.0f} ms          "
                 f"{'ok' if result['goal_met'] else 'MISSED'}")
    write, command = result["write"], result["command"]
    lines += [f"For orientation: writing the planned registry {write['median_ms']:.0f} ms "
              f"({write['size_mb']:.1f} MB); whole processes on it: `netz treffen plan ID "
              f"--jahr {setup['year']} --yes` {command['plan_ms']:.0f} ms, `netz treffen ics -o "
              f"termine.ics` {command['ics_ms']:.0f} ms",
              f"(benchmark took {result['total_s']:.0f} s)"]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
