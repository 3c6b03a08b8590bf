"""Benchmark the members commands: one network of 500 members in a registry of 10,000 networks.

Run from the project root with the interpreter netz is installed in:

    .venv/bin/python benchmarks/bench_members.py            # 10,000 networks, 500 members
    .venv/bin/python benchmarks/bench_members.py --json     # the same numbers as JSON
    .venv/bin/python benchmarks/bench_members.py --size 20000 --members 1000 --repeat 7

Goal: ``netz mitglied list ID`` and ``netz export verteiler --netzwerk ID`` each finish in under
1 s (whole process, median wall time, stdout to a file), with netz's load cache filled as every
write by netz leaves it. The first run after an edit by hand (no cache yet) is reported too; it
is dominated by parsing the TOML, as for ``netz list`` in ``bench.py``. The registry is the one
``bench.py`` generates; besides the large network, every other network gets 0–3 random members,
so the file holds some 15,000 memberships. Everything runs in a temporary directory with its own XDG
dirs, pinned to one CPU core (Linux; ``--all-cores`` turns that off).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import bench  # the generator and helpers of the main benchmark, beside this file

from netzwerk_cli.members import add_member
from netzwerk_cli.model import Registry
from netzwerk_cli.registry import registry_to_toml

GOAL_MS = 1000.0
TODAY = dt.date(2026, 11, 25)


def with_members(registry: Registry, members: int, seed: int) -> str:
    """Give one network ``members`` members (2 coordinators, 4 in the Vorbereitungskreis) and
    every other network 0–3; returns the id of the large network."""
    rng = random.Random(seed)
    kontakt_ids = sorted(registry.kontakte)
    if members > len(kontakt_ids):
        sys.exit(f"bench_members: only {len(kontakt_ids)} contacts for {members} members; "
                 "use a larger --size")
    netzwerk_ids = sorted(registry.netzwerke)
    large = netzwerk_ids[len(netzwerk_ids) // 2]
    for position, kontakt_id in enumerate(rng.sample(kontakt_ids, members)):
        rolle = "koordination" if position < 2 else "vorbereitungskreis" if position < 6 else ""
        add_member(registry, large, kontakt_id, rolle=rolle,
                   seit=f"{rng.randint(2017, 2026)}-{rng.randint(1, 12):02d}", today=TODAY)
    for netzwerk_id in netzwerk_ids:
        if netzwerk_id != large:
            for kontakt_id in rng.sample(kontakt_ids, rng.randint(0, 3)):
                add_member(registry, netzwerk_id, kontakt_id, today=TODAY)
    return large


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000, help="networks (10000)")
    parser.add_argument("--members", type=int, default=500,
                        help="members of the large network (500)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per command (5)")
    bench.add_common_options(parser)
    args = parser.parse_args()
    began = time.perf_counter()
    core = None if args.all_cores else bench.pin_to_one_core()
    with tempfile.TemporaryDirectory(prefix="netz-bench-mitglieder-") as directory:
        tmp = Path(directory)
        registry_file = tmp / "networks.toml"
        registry = bench.large_registry(args.size, args.seed)
        large = with_members(registry, args.members, args.seed)
        registry_file.write_text(registry_to_toml(registry), encoding="utf-8")
        env = bench.environment(tmp, registry_file) | {"NETZ_HEUTE": TODAY.isoformat()}
        netz = [sys.executable, "-m", "netzwerk_cli"]
        output = tmp / "ausgabe.txt"
        commands = {
            "mitglied list ID": ["mitglied", "list", large],
            "mitglied list ID --json": ["mitglied", "list", large, "--json"],
            "export verteiler --netzwerk ID": ["export", "verteiler", "--netzwerk", large],
            "export verteiler --netzwerk ID --format csv": [
                "export", "verteiler", "--netzwerk", large, "--format", "csv"],
            "export kontakte --netzwerk ID": ["export", "kontakte", "--netzwerk", large],
            "show ID": ["show", large],
        }
        result: dict[str, Any] = {
            "setup": {"python": sys.version.split()[0], "cpu": core,
                      "networks": len(registry.netzwerke), "contacts": len(registry.kontakte),
                      "memberships": sum(map(len, registry.mitglieder.values())),
                      "members_of_large": args.members, "large_id": large,
                      "size_mb": registry_file.stat().st_size / 1e6},
            "commands": {}}
        cold = []  # the first run after the file changed: no parse cache yet
        for _ in range(2):
            shutil.rmtree(env["XDG_CACHE_HOME"], ignore_errors=True)
            with output.open("wb") as file:
                cold.append(bench.run_ms([*netz, *commands["mitglied list ID"]], env, file))
        # Not a goal: parsing 6 MB of TOML alone takes about a second (as for `netz list` in
        # bench.py); every write by netz leaves the cache filled for the next command.
        result["cold"] = bench.summary(cold)
        for name, command in commands.items():
            times = []
            for _ in range(args.repeat):
                with output.open("wb") as file:
                    times.append(bench.run_ms([*netz, *command], env, file))
            lines = output.read_bytes().count(b"\n")
            result["commands"][name] = bench.summary(times) | {"output_lines": lines}
        for values in result["commands"].values():
            values["goal_met"] = values["median_ms"] < GOAL_MS
    result["total_s"] = time.perf_counter() - began
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return
    setup = result["setup"]
    print(f"netz members benchmark · Python {setup['python']} · "
          f"{'pinned to CPU ' + str(setup['cpu']) if setup['cpu'] is not None else 'not pinned'}")
    print(f"Registry: {setup['networks']:,} networks, {setup['contacts']:,} contacts, "
          f"{setup['memberships']:,} memberships, {setup['size_mb']:.1f} MB; "
          f"{setup['large_id']} has {setup['members_of_large']} members")
    print(f"Subprocess wall time, stdout to a file (goal < {GOAL_MS:.0f} ms)")
    print(f"   {'':48} median     min  lines")
    for name, values in result["commands"].items():
        print(f"   {'netz ' + name:48} {values['median_ms']:6.0f} ms {values['min_ms']:5.0f} ms "
              f"{values.get('output_lines', '')!s:>6}  {'ok' if values['goal_met'] else 'MISSED'}")
    cold = result["cold"]
    print(f"   {'netz mitglied list ID, no parse cache yet':48} {cold['median_ms']:6.0f} ms "
          f"{cold['min_ms']:5.0f} ms         (the first run after an edit by hand; no goal)")
    print(f"(benchmark took {result['total_s']:.0f} s)")
    if not all(values["goal_met"] for values in result["commands"].values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
