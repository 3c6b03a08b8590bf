"""Benchmark listings at a terminal: `netz list` and friends in a pseudo-terminal, 10k networks.

Run from the project root with the interpreter netz is installed in (Linux and macOS; Windows
has no pseudo-terminals):

    .venv/bin/python benchmarks/bench_terminal.py            # 10,000 networks
    .venv/bin/python benchmarks/bench_terminal.py --json     # the same numbers as JSON
    .venv/bin/python benchmarks/bench_terminal.py --size 100000 --repeat 3

Each command runs as a whole process twice: with stdout and stderr on a pseudo-terminal of 120
columns and 40 lines (as a person at a terminal sees it: Rich tables; the reader here drains
it as fast as a terminal emulator would), and with stdout piped to a file (TSV, as before).
Goal: at a terminal a listing costs at most 0.25 s more than the same listing piped – the
table is drawn for the rows shown, not for all 10,000. The parse cache is warm, as after any
run of netz. The registry is the one ``bench.py`` generates; everything runs in a temporary
directory with its own XDG dirs, pinned to one CPU core (Linux; ``--all-cores`` turns that off).
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import bench  # the generator and helpers of the main benchmark, beside this file

from netzwerk_cli.registry import registry_to_toml

GOAL_EXTRA_MS = 250.0
COLUMNS, LINES = 120, 40
COMMANDS = [["list"], ["list", "--bezirk", "Haspe"], ["search", "jugend"], ["kontakt", "list"],
            ["faellig"]]


def run_in_pty(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time in ms of ``command`` with a pseudo-terminal as stdin, stdout and stderr, and
    the number of lines it wrote there."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    env = env | {"COLUMNS": str(COLUMNS), "LINES": str(LINES), "TERM": "xterm-256color"}
    start = time.perf_counter()
    process = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=env,
                               close_fds=True)
    os.close(slave)
    received = bytearray()
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the program ended and closed the terminal
            break
        if not chunk:
            break
        received += chunk
    code = process.wait()
    duration = (time.perf_counter() - start) * 1000
    os.close(master)
    if code not in (0, 1):
        sys.exit(f"bench_terminal: {' '.join(command)} failed ({code}):\n"
                 f"{received.decode(errors='replace')[-2000:]}")
    return duration, received.count(b"\n")


def run_piped(command: list[str], env: dict[str, str], output: Path) -> tuple[float, int]:
    """Wall time in ms of ``command`` with stdout to a file, and the lines it wrote."""
    with output.open("wb") as file:
        duration = bench.run_ms(command, env, file)
    return duration, output.read_bytes().count(b"\n")


def measure(tmp: Path, registry_file: Path, repeat: int) -> dict[str, Any]:
    env = bench.environment(tmp, registry_file)
    netz = [sys.executable, "-m", "netzwerk_cli"]
    run_piped([*netz, "list"], env, tmp / "out.txt")  # fills the parse cache
    result: dict[str, Any] = {}
    for command in COMMANDS:
        terminal, piped = [], []
        for _ in range(repeat):  # interleaved, so both see the same machine load
            terminal_ms, terminal_lines = run_in_pty([*netz, *command], env)
            piped_ms, piped_lines = run_piped([*netz, *command], env, tmp / "out.txt")
            terminal.append(terminal_ms)
            piped.append(piped_ms)
        extra = statistics.median(terminal) - statistics.median(piped)
        result[" ".join(command)] = {
            "terminal_ms": statistics.median(terminal), "piped_ms": statistics.median(piped),
            "extra_ms": extra, "terminal_lines": terminal_lines, "piped_lines": piped_lines,
            "goal_met": extra <= GOAL_EXTRA_MS}
    return result


def report(result: dict[str, Any]) -> str:
    lines = [f"netz at a terminal ({COLUMNS}×{LINES}) and piped, "
             f"{result['registry']['networks']:,} networks, "
             f"{result['registry']['contacts']:,} contacts, median of {result['repeat']} runs "
             f"(cpu {result['cpu']})",
             f"{'command':<26} {'terminal':>10} {'piped':>10} {'extra':>10} "
             f"{'lines tty/pipe':>16}  goal: extra ≤ {GOAL_EXTRA_MS:.0f} ms"]
    for name, values in result["commands"].items():
        lines.append(f"netz {name:<21} {values['terminal_ms']:>8.0f}ms "
                     f"{values['piped_ms']:>8.0f}ms {values['extra_ms']:>8.0f}ms "
                     f"{values['terminal_lines']:>7}/{values['piped_lines']:<8}  "
                     f"{'met' if values['goal_met'] else 'MISSED'}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000,
                        help="networks in the generated registry (10000)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per command (5)")
    bench.add_common_options(parser)
    args = parser.parse_args()
    if args.size < 1 or args.repeat < 1:
        parser.error("--size and --repeat must be at least 1")
    core = None if args.all_cores else bench.pin_to_one_core()
    with tempfile.TemporaryDirectory(prefix="netz-bench-terminal-") as directory:
        tmp = Path(directory)
        registry_file = tmp / "networks.toml"
        registry = bench.large_registry(args.size, args.seed)
        registry_file.write_text(registry_to_toml(registry), encoding="utf-8")
        result: dict[str, Any] = {
            "cpu": core, "repeat": args.repeat,
            "registry": {"networks": len(registry.netzwerke),
                         "contacts": len(registry.kontakte)},
            "commands": measure(tmp, registry_file, args.repeat)}
    print(json.dumps(result, indent=2, ensure_ascii=False) if args.json else report(result))


if __name__ == "__main__":
    main()
