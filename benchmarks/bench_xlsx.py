"""Benchmark ``netz export kontakte --format xlsx``: 10,000 contacts into an Excel workbook.

Run from the project root with the interpreter netz is installed in:

    .venv/bin/python benchmarks/bench_xlsx.py              # 10,000 contacts, 1,000 networks
    .venv/bin/python benchmarks/bench_xlsx.py --json       # the same numbers as JSON
    .venv/bin/python benchmarks/bench_xlsx.py --contacts 20000 --repeat 7

Goal: the whole command – ``netz export kontakte --format xlsx -o FILE`` over every network, in
its own process – finishes in under 3 s (median wall time) with netz's load cache filled as
every write by netz leaves it. The writer alone (table and workbook in this process, no
registry to read) and the same export as ``excel`` CSV are reported beside it. The registry is
the shipped Hagen data plus ``--networks`` generated networks (``bench.py``'s generator) with
the ``--contacts`` generated contacts spread over them as Ansprechpartner. Everything runs in a
temporary directory with its own XDG dirs, pinned to one CPU core (Linux; ``--all-cores`` turns
that off).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import bench  # the generator and helpers of the main benchmark, beside this file

from netzwerk_cli.export.formats import KONTAKT_FORMATS, Options
from netzwerk_cli.export.selection import collect_kontakte, netzwerk_infos
from netzwerk_cli.gazetteer import hagen
from netzwerk_cli.model import Registry
from netzwerk_cli.registry import registry_to_toml

GOAL_MS = 3000.0
TODAY = dt.date(2026, 11, 25)


def registry_with_contacts(networks: int, contacts: int, seed: int) -> Registry:
    """``bench.large_registry`` with exactly ``contacts`` generated contacts, each the
    Ansprechpartner of one or two of the generated networks."""
    registry = bench.large_registry(networks, seed)
    rng = random.Random(seed)
    gazetteer = hagen()
    places = [o.name for o in gazetteer.places if len(o.path) > 1]
    generated = bench._kontakte(rng, contacts, places, gazetteer.postcodes)
    registry.kontakte |= {f"b-{kontakt_id}": kontakt for kontakt_id, kontakt in generated.items()}
    ids = [f"b-{kontakt_id}" for kontakt_id in generated]
    netzwerke = list(registry.netzwerke.values())
    for position, kontakt_id in enumerate(ids):
        netzwerke[position % len(netzwerke)].kontakte.append(kontakt_id)
        if rng.random() < 0.2:
            rng.choice(netzwerke).kontakte.append(kontakt_id)
    for netzwerk in netzwerke:
        netzwerk.kontakte = list(dict.fromkeys(netzwerk.kontakte))
    return registry


def writer_ms(registry: Registry, repeat: int) -> dict[str, Any]:
    """The table and the workbook alone, in this process, from the selection."""
    netzwerke = sorted(registry.netzwerke.items())
    selection = collect_kontakte(registry, netzwerke)
    options = Options(netzwerke=tuple(netzwerk_infos(registry, netzwerke)))
    times, size = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        size = len(KONTAKT_FORMATS["xlsx"].render(selection.kontakte, options))
        times.append((time.perf_counter() - start) * 1000)
    return bench.summary(times) | {"contacts": len(selection.kontakte), "bytes": size}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=10_000, help="contacts (10000)")
    parser.add_argument("--networks", type=int, default=1_000, help="networks (1000)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per command (5)")
    bench.add_common_options(parser)
    args = parser.parse_args()
    began = time.perf_counter()
    core = None if args.all_cores else bench.pin_to_one_core()
    with tempfile.TemporaryDirectory(prefix="netz-bench-xlsx-") as directory:
        tmp = Path(directory)
        registry_file = tmp / "networks.toml"
        registry = registry_with_contacts(args.networks, args.contacts, args.seed)
        registry_file.write_text(registry_to_toml(registry), encoding="utf-8")
        env = bench.environment(tmp, registry_file) | {"NETZ_HEUTE": TODAY.isoformat()}
        netz = [sys.executable, "-m", "netzwerk_cli"]
        # The first run fills the load cache, as every write by netz would have.
        with (tmp / "warm.txt").open("wb") as file:
            bench.run_ms([*netz, "list"], env, file)
        result: dict[str, Any] = {
            "setup": {"python": sys.version.split()[0], "cpu": core,
                      "networks": len(registry.netzwerke), "contacts": len(registry.kontakte)},
            "commands": {}}
        for name in ("xlsx", "excel"):
            target = tmp / f"kontakte.{name}"
            times = [bench.run_ms([*netz, "export", "kontakte", "--format", name, "-o",
                                   str(target), "--force"], env, None)
                     for _ in range(args.repeat)]
            result["commands"][f"export kontakte --format {name} -o FILE"] = (
                bench.summary(times) | {"bytes": target.stat().st_size})
        result["writer"] = writer_ms(registry, args.repeat)
    xlsx = result["commands"]["export kontakte --format xlsx -o FILE"]
    result["goal_met"] = xlsx["median_ms"] < GOAL_MS
    result["total_s"] = time.perf_counter() - began
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        setup, writer = result["setup"], result["writer"]
        pinned = f"pinned to CPU {setup['cpu']}" if setup["cpu"] is not None else "not pinned"
        print(f"netz xlsx benchmark · Python {setup['python']} · {pinned}")
        print(f"Registry: {setup['networks']:,} networks, {setup['contacts']:,} contacts")
        print(f"Subprocess wall time (goal for xlsx < {GOAL_MS:.0f} ms)")
        for name, values in result["commands"].items():
            print(f"   {'netz ' + name:48} {values['median_ms']:6.0f} ms "
                  f"{values['min_ms']:5.0f} ms  {values['bytes'] / 1e6:5.2f} MB")
        print(f"   {'the workbook writer alone, ' + str(writer['contacts']) + ' contacts':48} "
              f"{writer['median_ms']:6.0f} ms {writer['min_ms']:5.0f} ms")
        print(f"{'ok' if result['goal_met'] else 'MISSED'} "
              f"(benchmark took {result['total_s']:.0f} s)")
    if not result["goal_met"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
