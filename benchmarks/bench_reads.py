"""Benchmark the read paths of issue 15: contacts, check, members, meetings, JSON and exports.

Run from the project root with the interpreter netz is installed in:

    .venv/bin/python benchmarks/bench_reads.py                     # 1,000 and 10,000 networks
    .venv/bin/python benchmarks/bench_reads.py --sizes 10000 100000 --repeat 3 --json

The registry is the one ``bench.py`` generates, with members (``bench_members``: one network of
500, the others 0–3) and a year of meetings for every network (``bench_meetings``: four each,
three member organisations as venues) – at 10,000 networks some 3,000 contacts, 45,000
memberships and 40,000 meetings, 19 MB. For each size it prints

1. whole commands, warm load cache, stdout to a file, as the median wall time above the
   empty Typer app's start-up (goal: under 500 ms above it at 10,000 networks; at 100,000 at
   most 12 × the 10,000 figure, i.e. linear);
2. in-process phases of those commands (``time.perf_counter``), among them the JSON encoder
   against ``json.dumps(indent=2)`` and the typo fallback of the search against comparing
   every distinct word.

Everything runs in a temporary directory with its own XDG dirs, pinned to one CPU core (Linux;
``--all-cores`` turns that off). Only the standard library and netz's own modules are used.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import bench  # the generator and helpers of the main benchmark, beside this file
import bench_meetings
import bench_members

from netzwerk_cli.meetings import nrw_holidays
from netzwerk_cli.model import Registry
from netzwerk_cli.registry import registry_to_toml

GOAL_ABOVE_START_MS = 500.0
LINEAR_FACTOR = 12
TODAY = dt.date(2026, 11, 25)


def registry_of(size: int, seed: int) -> tuple[Registry, str]:
    """The generated registry with members and a year of meetings; the large network's id."""
    registry = bench.large_registry(size, seed)
    large = bench_members.with_members(registry, min(500, len(registry.kontakte)), seed)
    bench_meetings.with_rhythm_and_venues(registry, seed)
    holidays = nrw_holidays([bench_meetings.YEAR, bench_meetings.YEAR + 1])
    bench_meetings.plan_all(registry, holidays)
    return registry, large


def commands(large: str, kontakt_id: str) -> list[list[str]]:
    return [["kontakt", "list"], ["kontakt", "list", "--json"], ["kontakt", "show", kontakt_id],
            ["check", "--json"], ["mitglied", "list", large], ["treffen", "list"],
            ["list", "--json"], ["search", "wehringhausn"], ["search", "jugend", "haspe"],
            ["export", "kontakte", "--format", "vcard"], ["export", "html"]]


def whole_commands(tmp: Path, registry_file: Path, large: str, kontakt_id: str, repeat: int
                   ) -> dict[str, Any]:
    env = bench.environment(tmp, registry_file) | {"NETZ_HEUTE": TODAY.isoformat()}
    netz = [sys.executable, "-m", "netzwerk_cli"]
    output = tmp / "ausgabe.txt"
    with output.open("wb") as file:  # fills the load cache, as every write by netz does
        bench.run_ms([*netz, "info"], env, file)
    empty_app = [sys.executable, str(bench.EMPTY_APP)]
    empty: list[float] = []
    result: dict[str, Any] = {}
    for command in commands(large, kontakt_id):
        times = []
        for _ in range(repeat):  # interleaved with the empty app: a busy machine hits both
            empty.append(bench.run_ms(empty_app, env, bench.subprocess.PIPE))
            with output.open("wb") as file:
                times.append(run_ms([*netz, *command], env, file))
        name = " ".join(command).replace(large, "NETZWERK").replace(kontakt_id, "KONTAKT")
        result[name] = bench.summary(times)
    result = {"empty Typer app": bench.summary(empty)} | result
    start = result["empty Typer app"]["median_ms"]
    for values in result.values():
        values["above_start_ms"] = values["median_ms"] - start
    return result


def run_ms(command: list[str], env: dict[str, str], output: Any) -> float:
    """Wall time of one run in ms; exit code 1 ("found errors", "nothing found") is a result,
    anything else stops the benchmark with its stderr."""
    began = time.perf_counter()
    completed = bench.subprocess.run(command, stdout=output, stderr=bench.subprocess.PIPE,
                                     env=env, check=False)
    duration = (time.perf_counter() - began) * 1000
    if completed.returncode not in (0, 1):
        sys.exit(f"bench_reads: {' '.join(command)} failed ({completed.returncode}):\n"
                 f"{completed.stderr.decode(errors='replace')}")
    return duration


def timed(function: Callable[[], Any], repeat: int) -> dict[str, float]:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        function()
        times.append((time.perf_counter() - began) * 1000)
    return {"median_ms": statistics.median(times), "min_ms": min(times)}


def _users_of_all(index: Any, registry: Registry) -> list[list[str]]:
    return [index.users_of(kontakt_id) for kontakt_id in registry.kontakte]


def phases(registry_file: Path, repeat: int) -> dict[str, Any]:
    from netzwerk_cli import query, serialize
    from netzwerk_cli.check import check_loaded
    from netzwerk_cli.export import html, vcard
    from netzwerk_cli.export.selection import collect_kontakte, exportable
    from netzwerk_cli.index import Index
    from netzwerk_cli.query import Criteria, select
    from netzwerk_cli.registry import Location, load_registry

    location = Location(registry_file, "bench")
    load_registry(location)
    result: dict[str, Any] = {"load, warm cache": timed(lambda: load_registry(location), repeat)}
    registry = load_registry(location)
    result["kontakt list: users of every contact (Index)"] = timed(
        lambda: _users_of_all(Index(registry), registry), repeat)
    result["check: all findings of a loaded registry"] = timed(
        lambda: check_loaded(registry, TODAY), repeat)
    data = serialize.entries(select(registry, Criteria()).all(), registry)
    result["list --json: the objects"] = timed(
        lambda: serialize.entries(select(registry, Criteria()).all(), registry), repeat)
    result["list --json: serialize.dumps"] = timed(lambda: serialize.dumps(data), repeat)
    result["list --json: json.dumps(indent=2), for comparison"] = timed(
        lambda: json.dumps(data, ensure_ascii=False, indent=2), repeat)
    entries = [*registry.netzwerke.items(), *registry.angebote.items()]
    texts = query._SearchTexts(registry, entries)
    texts._word_index()
    result["search: folding the searchable texts"] = timed(
        lambda: query._SearchTexts(registry, entries), repeat)
    result["search: typo fallback (the distinct words only)"] = timed(
        lambda: texts._typo_scores("wehringhausn", query.vocabulary()), repeat)
    public = exportable(registry)
    netzwerke = sorted(public.netzwerke.items())
    chosen = collect_kontakte(public, netzwerke).kontakte
    result["export vcard: the cards"] = timed(lambda: vcard.to_vcard(chosen), repeat)
    result["export html: page data"] = timed(
        lambda: html.page_data(public, netzwerke, sorted(public.angebote.items()), "Bench",
                               TODAY), repeat)
    return result


def report(results: dict[int, dict[str, Any]]) -> str:
    sizes = sorted(results)
    lines = [f"netz read paths · Python {sys.version.split()[0]} · "
             f"{'pinned to one core' if results[sizes[0]]['cpu'] is not None else 'not pinned'}"]
    for size in sizes:
        info = results[size]["registry"]
        lines.append(f"  {size:>7,} networks: {info['networks']:,} networks, "
                     f"{info['contacts']:,} contacts, {info['memberships']:,} memberships, "
                     f"{info['meetings']:,} meetings, {info['size_mb']:.1f} MB")
    heads = "".join(f"{f'{size:,}':>12}" for size in sizes)
    lines += ["", f"1. Whole commands, warm cache: median ms above the empty Typer app "
                  f"(goal at 10,000: < {GOAL_ABOVE_START_MS:.0f}; larger sizes ≤ "
                  f"{LINEAR_FACTOR} × the 10,000 figure)",
              f"   {'':40}{heads}   goal"]
    names = list(results[sizes[0]]["commands"])
    for name in names:
        row = []
        for size in sizes:
            values = results[size]["commands"][name]
            row.append(values["median_ms"] if name == "empty Typer app"
                       else values["above_start_ms"])
        goal = ""
        if name != "empty Typer app" and 10_000 in results:
            base = results[10_000]["commands"][name]["above_start_ms"]
            met = base < GOAL_ABOVE_START_MS and all(
                results[s]["commands"][name]["above_start_ms"] <= LINEAR_FACTOR * max(base, 1)
                for s in sizes if s > 10_000)
            goal = "ok" if met else "MISSED"
        label = ("netz " + name) if name != "empty Typer app" else "empty Typer app (absolute)"
        lines.append(f"   {label:40}" + "".join(f"{v:12.0f}" for v in row) + f"   {goal}")
    lines += ["", "2. In-process phases, median ms", f"   {'':56}{heads}"]
    for name in results[sizes[0]]["phases"]:
        row = [results[s]["phases"].get(name, {}).get("median_ms", float("nan")) for s in sizes]
        lines.append(f"   {name[:56]:56}" + "".join(f"{v:12.0f}" for v in row))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000],
                        help="networks in the generated registries (1000 10000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per command and phase (3)")
    bench.add_common_options(parser)
    args = parser.parse_args()
    cpu = None if args.all_cores else bench.pin_to_one_core()
    results: dict[int, dict[str, Any]] = {}
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="netz-bench-reads-") as directory:
            tmp = Path(directory)
            registry_file = tmp / "networks.toml"
            registry, large = registry_of(size, args.seed)
            registry_file.write_text(registry_to_toml(registry), encoding="utf-8")
            os.environ.update({k: v for k, v in bench.environment(tmp, registry_file).items()
                               if k.startswith(("XDG_", "NETZ_"))})
            kontakt_id = sorted(registry.kontakte)[len(registry.kontakte) // 2]
            results[size] = {
                "cpu": cpu,
                "registry": {"networks": len(registry.netzwerke),
                             "contacts": len(registry.kontakte),
                             "memberships": sum(map(len, registry.mitglieder.values())),
                             "meetings": len(registry.treffen),
                             "size_mb": registry_file.stat().st_size / 1e6},
                "commands": whole_commands(tmp, registry_file, large, kontakt_id, args.repeat),
                "phases": phases(registry_file, args.repeat)}
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
    else:
        print(report(results))


if __name__ == "__main__":
    main()
