"""Benchmark netz's writes and its cold start: whole processes on generated registries.

Run from the project root with the interpreter netz is installed in:

    .venv/bin/python benchmarks/bench_write.py                  # 1,000 and 10,000 networks
    .venv/bin/python benchmarks/bench_write.py --sizes 1000,10000,100000 --repeat 3
    .venv/bin/python benchmarks/bench_write.py --json

For each size it generates the registry of ``bench.py`` (same generator, same seed), then, in
a temporary directory of its own (registry copy, XDG data/config/cache), pinned to one core:

- the empty Typer app's start-up (the reference of the goals),
- single writes after a warm load (``add``, ``edit``, ``kontakt add``), each a new process,
- ``list`` after a hand edit (a comment appended: the load cache does not match; the cold
  parse),
- ``list`` warm (the load cache matches),
- the peak memory (max RSS) of each process (``os.wait4``),
- the size of the backups kept after ten writes, against the registry's own size.

Goals (issue 15): a single write < 0.5 s above the empty app, cold ``list`` < 1.5 s at 10k;
at 100k ≤ 12 × the 10k figure, peak memory < 1 GB. Only the standard library and netz.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import bench  # the generator and the environment of the main benchmark

from netzwerk_cli.registry import registry_to_toml

WRITE_GOAL_MS = 500.0  # above the empty app
COLD_GOAL_MS = 1500.0
MEMORY_GOAL_MB = 1024.0


def run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time (ms) and peak RSS (MB) of one process; a failure stops the benchmark."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env=env)
    assert process.stderr is not None
    error = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = (time.perf_counter() - start) * 1000
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.exit(f"bench_write: {' '.join(command)} failed ({process.returncode}):\n"
                 f"{error.decode(errors='replace')}")
    return elapsed, usage.ru_maxrss / 1024


def measured(runs: list[tuple[float, float]]) -> dict[str, float]:
    times = [t for t, _ in runs]
    return {"median_ms": statistics.median(times), "min_ms": min(times),
            "max_rss_mb": max(m for _, m in runs), "runs": len(runs)}


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) if folder.is_dir() \
        else 0


def one_size(size: int, seed: int, repeat: int, data_dir: Path) -> dict[str, Any]:
    source = data_dir / f"netz-{size}-{seed}.toml"
    if not source.exists():
        print(f"generating {size:,} networks …", file=sys.stderr)
        source.write_text(registry_to_toml(bench.large_registry(size, seed)), "utf-8")
    result: dict[str, Any] = {"size": size, "mb": source.stat().st_size / 1e6}
    with tempfile.TemporaryDirectory(prefix="netz-write-") as directory:
        tmp = Path(directory)
        registry_file = tmp / "networks.toml"
        shutil.copyfile(source, registry_file)
        env = bench.environment(tmp, registry_file)
        netz = [sys.executable, "-m", "netzwerk_cli"]
        empty = [sys.executable, str(bench.EMPTY_APP)]
        run(empty, env)
        run([*netz, "list"], env)  # warm: bytecode, OS file cache, load cache
        result["empty"] = measured([run(empty, env) for _ in range(max(5, repeat))])
        result["list warm"] = measured([run([*netz, "list"], env) for _ in range(repeat)])
        first = next(line.split(".", 1)[1].rstrip("]") for line in
                     registry_file.read_text("utf-8").splitlines()
                     if line.startswith("[netzwerke."))
        writes = {
            "add": lambda i: ["add", "--name", f"Bench Netz {i}", "--art", "netzwerk",
                              "--bezirk", "Haspe"],
            "edit": lambda i: ["edit", first, "--notiz", f"Runde {i}"],
            "kontakt add": lambda i: ["kontakt", "add", "--name", f"Bench Person {i}",
                                      "--art", "person", "--nicht-oeffentlich"],
        }
        for name, arguments in writes.items():
            runs = []
            for i in range(repeat):
                run([*netz, "list"], env)  # warm before each write, as in daily use
                runs.append(run([*netz, *arguments(i)], env))
            result[name] = measured(runs)
        cold = []
        for i in range(repeat):
            with registry_file.open("a", encoding="utf-8") as file:
                file.write(f"# von Hand {i}\n")
            cold.append(run([*netz, "list"], env))
        result["list cold (hand edit)"] = measured(cold)
        for i in range(max(0, 10 - 3 * repeat)):  # ten writes in all, for the backups
            run([*netz, "edit", first, "--notiz", f"Nachlauf {i}"], env)
        backups = registry_file.parent / ".netz-sicherungen"
        result["backups_mb"] = folder_bytes(backups) / 1e6
        result["backup_files"] = sum(1 for p in backups.rglob("*") if p.is_file()
                                     and p.name[0].isdigit()) if backups.is_dir() else 0
    return result


def report(results: list[dict[str, Any]]) -> str:
    lines = ["| | " + " | ".join(f"{r['size'] // 1000}k ({r['mb']:.1f} MB)" for r in results)
             + " | goal |", "|---" * (len(results) + 2) + "|"]
    rows = ["empty", "list warm", "list cold (hand edit)", "add", "edit", "kontakt add"]
    goals = {"list cold (hand edit)": f"< {COLD_GOAL_MS:.0f} ms (10k)",
             "add": f"< {WRITE_GOAL_MS:.0f} ms above empty (10k)",
             "edit": f"< {WRITE_GOAL_MS:.0f} ms above empty (10k)",
             "kontakt add": f"< {WRITE_GOAL_MS:.0f} ms above empty (10k)", "empty": "",
             "list warm": ""}
    for row in rows:
        cells = []
        for r in results:
            values = r[row]
            above = (f", +{values['median_ms'] - r['empty']['median_ms']:.0f}"
                     if row != "empty" else "")
            cells.append(f"{values['median_ms']:.0f} ms{above}; {values['max_rss_mb']:.0f} MB")
        lines.append(f"| {row} | " + " | ".join(cells) + f" | {goals[row]} |")
    lines.append("| backups after 10 writes | " + " | ".join(
        f"{r['backups_mb']:.1f} MB in {r['backup_files']} files" for r in results)
        + " | not 10 × the file |")
    if len(results) > 1:
        base = results[-2]
        last = results[-1]
        ratio = " ".join(f"{row}: {last[row]['median_ms'] / base[row]['median_ms']:.1f}×"
                         for row in rows[1:])
        lines += ["", f"{last['size']:,} / {base['size']:,}: {ratio} (goal ≤ 12×; peak "
                      f"memory < {MEMORY_GOAL_MB:.0f} MB)"]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--data-dir", type=Path, help="keep the generated registries here")
    parser.add_argument("--all-cores", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not args.all_cores:
        bench.pin_to_one_core()
    with tempfile.TemporaryDirectory(prefix="netz-write-data-") as directory:
        data_dir = args.data_dir or Path(directory)
        data_dir.mkdir(parents=True, exist_ok=True)
        results = [one_size(int(size), args.seed, args.repeat, data_dir)
                   for size in args.sizes.split(",")]
    print(json.dumps(results, indent=2) if args.json else report(results))


if __name__ == "__main__":
    main()
