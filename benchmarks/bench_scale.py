"""Benchmark netz at scale: every command, whole processes, on 1,000 / 10,000 / 100,000 networks.

Run from the project root with the interpreter netz is installed in:

    .venv/bin/python benchmarks/bench_scale.py               # 1k, 10k and 100k networks
    .venv/bin/python benchmarks/bench_scale.py --quick       # 1k and 10k only (development)
    .venv/bin/python benchmarks/bench_scale.py --sizes 100000 --repeat 1 --only list --only add
    .venv/bin/python benchmarks/bench_scale.py --json        # the same numbers as JSON
    .venv/bin/python benchmarks/bench_scale.py --report a.json b.json  # saved runs side by side

This is the benchmark of issue 15's goals. For each size it generates a registry with
``bench.py``'s generator (the shipped Hagen data plus N networks and 0.3 × N contacts), gives it
members (``bench_members.with_members``: one network with up to 500 members, every other one 0–3)
and a year of meetings for every tenth network (4 each, 2027), writes it canonically and then
times whole processes (``python -m netzwerk_cli …``, wall time, stdout to a file unless said
otherwise) with the peak memory (max RSS) of each child:

* start-up (once, on the shipped data): the empty Typer app and ``netz list --bezirk Haspe``,
  interleaved; goal: the ratio of the medians ≤ 1.15;
* read commands, warm (the load cache filled, as every write by netz leaves it, and whatever
  the command itself keeps – the verdicts of `check` and of the page's phone links – kept by
  one untimed run first, as on a second run): list (also in
  a pseudo-terminal of 120 × 40, as a person at a terminal sees it), list --json, list --bezirk,
  search with a typo, search two words, show, kontakt list, mitglied list, treffen list,
  luecken, bezirke, check, faellig, export html, export kontakte --format vcard, export
  verteiler;
* the same read commands cold, after a hand edit: before each run one value of one network
  (its ``notiz``) is changed in the file, as an editor or a ``git pull`` would, so the load
  cache misses (the content hash differs); for registries large enough to be cached the
  benchmark checks that the cache entry was in fact rewritten (``cache_rewritten``). One more
  row removes the cache folder altogether (``list, no cache at all``);
* single writes, warm: add, edit, kontakt add, mitglied add, treffen plan (one network);
* disk: after at least 10 writes, the size of the registry's backups and of the load cache.

Goals (issue 15), each cell marked ok/over: on sizes up to 10,000 networks a warm read
< 0.5 s above the empty Typer app's start-up, a cold read < 1.5 s, a single write < 0.5 s above
start-up, ``kontakt list`` < 0.5 s; on larger sizes each figure ≤ 12 × its 10,000 figure
(linear; needs 10,000 among the sizes); peak memory < 1 GB everywhere. The disk figures have no
goal of their own (the issue asks that backups not multiply the registry's size by ten).

Each command has a timeout (``--timeout``, 120 s): a run that takes longer is killed and its
cell reads "> 120 s"; the remaining repeats of that cell are skipped. Everything runs in a
temporary directory with its own XDG dirs, pinned to one CPU core (Linux; ``--all-cores`` turns
that off). The exit status is 1 when a command failed (an unexpected exit status), else 0;
goals missed are reported, not an error.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import bench  # the generator and helpers of the main benchmark, beside this file
import bench_members

from netzwerk_cli import __version__ as netz_version
from netzwerk_cli import meetings
from netzwerk_cli.model import WOCHENTAGE, Registry
from netzwerk_cli.registry import CACHE_MIN_BYTES, embedded_registry, registry_to_toml
from netzwerk_cli.storage import backups

SIZES = (1_000, 10_000, 100_000)
QUICK_SIZES = (1_000, 10_000)
GOAL_SIZE = 10_000  # the absolute goals are for registries up to this size
READ_ABOVE_STARTUP_S = 0.5
COLD_S = 1.5
WRITE_ABOVE_STARTUP_S = 0.5
KONTAKT_LIST_S = 0.5
LINEAR_FACTOR = 12.0
MEMORY_LIMIT_MB = 1000.0
TODAY = bench_members.TODAY
YEAR = 2027
TERMINAL_SIZE = (40, 120)
WARM_UP_TIMEOUT_S = 900.0  # rows, columns of the pseudo-terminal


# --- Running one child --------------------------------------------------------------------


@dataclass
class Run:
    """One whole process: wall time, peak memory, how it ended and what it wrote."""

    seconds: float
    rss_mb: float | None
    returncode: int | None  # None: killed after the timeout
    output_bytes: int = 0
    output_lines: int = 0
    error: str = ""

    @property
    def timed_out(self) -> bool:
        return self.returncode is None


def _rss_mb(maxrss: int) -> float:
    # ru_maxrss is in kilobytes on Linux, in bytes on macOS.
    return maxrss / 1e6 if sys.platform == "darwin" else maxrss / 1e3


# The launcher between the benchmark and each command. On Linux a child's peak memory
# (ru_maxrss) starts at its parent's: it is taken over at fork and exec. The benchmark holds a
# generated registry of up to 100,000 networks, so its children would all report its peak.
# This small, fresh process starts the command instead and reports the command's own wall time,
# peak memory and exit status on the file descriptor it is given.
LAUNCHER = """
import os, sys, time
report, argv = int(sys.argv[1]), sys.argv[2:]
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execv(argv[0], argv)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - start
os.write(report, f"{seconds} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}".encode())
"""


def run_child(command: list[str], env: dict[str, str], out: Path, timeout: float,
              terminal: bool = False) -> Run:
    """Run ``command`` with stdout to ``out`` (or to a pseudo-terminal, whose output is then
    copied to ``out``), stdin from /dev/null (or the terminal); kill it (and anything it
    started) after ``timeout`` seconds. Time and peak memory are the command's own, measured
    by ``LAUNCHER`` (POSIX)."""
    errors = out.with_suffix(".stderr")
    master = slave = -1
    reader: threading.Thread | None = None
    received = bytearray()
    report_read, report_write = os.pipe()
    with out.open("wb") as stdout, errors.open("wb") as stderr:
        if terminal:
            master, slave = _pseudo_terminal()
            stdin: Any = slave
            target: Any = slave
        else:
            stdin, target = subprocess.DEVNULL, stdout
        process = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", LAUNCHER, str(report_write), *command],
            stdin=stdin, stdout=target, stderr=stderr, env=env, pass_fds=(report_write,),
            start_new_session=True)
        os.close(report_write)
        if terminal:
            os.close(slave)
            reader = threading.Thread(target=_drain, args=(master, received), daemon=True)
            reader.start()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)  # the launcher and the command
            process.wait()
        with os.fdopen(report_read, "rb") as report:
            figures = report.read().split()
        if reader is not None:
            reader.join(timeout=10)
            os.close(master)
            stdout.write(received)
    data = out.read_bytes()
    if len(figures) != 3:  # killed after the timeout
        return Run(timeout, None, None, len(data), data.count(b"\n"))
    seconds, maxrss, code = float(figures[0]), int(figures[1]), int(figures[2])
    run = Run(seconds, _rss_mb(maxrss), code, len(data), data.count(b"\n"))
    if code != 0:
        run.error = errors.read_bytes().decode(errors="replace").strip()[-2000:]
    return run


def _pseudo_terminal() -> tuple[int, int]:
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    rows, columns = TERMINAL_SIZE
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    return master, slave


def _drain(master: int, into: bytearray) -> None:
    """Read the terminal's output as a terminal would, until the child has closed it."""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: every writer is gone
            return
        if not chunk:
            return
        into += chunk


# --- The registry of one size --------------------------------------------------------------


@dataclass
class Generated:
    """A registry file of one size and the ids the commands use."""

    path: Path
    networks: int
    contacts: int
    memberships: int
    meetings: int
    size_mb: float
    generate_s: float
    show_id: str  # a generated network with two contacts (as in bench.py)
    large_id: str  # the network with the most members
    hand_edit_id: str  # the network whose notiz the "hand edits" change
    plan_ids: list[str]  # networks without meetings, for `treffen plan`
    new_member_ids: list[str]  # contacts that are not yet members of show_id


def generate(size: int, seed: int, folder: Path) -> Generated:
    """Build, check and write the registry of ``size`` generated networks."""
    began = time.perf_counter()
    registry = bench.large_registry(size, seed)
    members = min(500, len(registry.kontakte) // 2)
    large_id = bench_members.with_members(registry, members, seed)
    planned = _plan_every_tenth(registry, seed)
    with_two = sorted(i for i, n in registry.netzwerke.items() if len(n.kontakte) == 2)
    ids = sorted(registry.netzwerke)
    show_id = (with_two or ids)[len(with_two) // 2]
    hand_edit_id = next(i for i in ids[len(ids) // 3:] + ids
                        if i not in (show_id, large_id) and registry.netzwerke[i].notiz)
    members_of_show = registry.mitglieder.get(show_id, {})
    new_member_ids = [k for k in sorted(registry.kontakte) if k not in members_of_show][:200]
    plan_ids = [i for i in ids if i not in planned and i not in (show_id, large_id)][:200]
    path = folder / "networks.toml"
    path.write_text(registry_to_toml(registry), encoding="utf-8")
    generated = Generated(
        path=path, networks=len(registry.netzwerke), contacts=len(registry.kontakte),
        memberships=sum(map(len, registry.mitglieder.values())),
        meetings=len(registry.treffen), size_mb=path.stat().st_size / 1e6,
        generate_s=time.perf_counter() - began, show_id=show_id, large_id=large_id,
        hand_edit_id=hand_edit_id, plan_ids=plan_ids, new_member_ids=new_member_ids)
    del registry
    gc.collect()  # the benchmark's own memory is not what is measured, but keep it small
    return generated


def _plan_every_tenth(registry: Registry, seed: int) -> set[str]:
    """A year of meetings (4, on a weekday from 16 to 18) for every tenth network."""
    rng = random.Random(seed)
    holidays = meetings.nrw_holidays([YEAR])
    weekdays = list(WOCHENTAGE)[:5]
    existing = meetings.meetings_by_netzwerk(registry)
    chosen = set(sorted(registry.netzwerke)[::10])
    for netzwerk_id in sorted(chosen):
        netzwerk = registry.netzwerke[netzwerk_id]
        netzwerk.turnus, netzwerk.wochentag = 4, rng.choice(weekdays)
        netzwerk.beginn, netzwerk.ende = "16:00", "18:00"
        plan = meetings.plan_year(registry, netzwerk_id, YEAR, holidays=holidays, today=TODAY,
                                  existing=existing.get(netzwerk_id, []))
        meetings.add_meetings(registry, plan)
    return chosen


def hand_edit(path: Path, netzwerk_id: str, number: int) -> None:
    """Change the ``notiz`` of one network in the file, as a person in an editor would (the
    file is replaced, as editors and git do); the file stays canonical and valid."""
    text = path.read_text(encoding="utf-8")
    header = text.index(f"\n[netzwerke.{netzwerk_id}]\n")
    line = text.index("\nnotiz = ", header) + 1
    if text.find("\n[", header + 1) < line:
        raise SystemExit(f"bench_scale: no notiz in [netzwerke.{netzwerk_id}]")
    end = text.index("\n", line)
    edited = f'{text[:line]}notiz = "Von Hand geändert ({number})"{text[end:]}'
    temporary = path.with_name(path.name + ".edit")
    temporary.write_text(edited, encoding="utf-8")
    os.replace(temporary, path)


def _cache_state(cache_home: Path) -> dict[str, tuple[int, int]]:
    return {str(p): (p.stat().st_mtime_ns, p.stat().st_size)
            for p in cache_home.rglob("*") if p.is_file()}


def _folder_bytes(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()] if folder.is_dir() else []
    return sum(p.stat().st_size for p in files), len(files)


# --- Phases ---------------------------------------------------------------------------------


@dataclass
class Phase:
    """One row of the table: a command and how it is run."""

    name: str
    kind: str  # "read", "cold", "nocache" or "write"
    args: Callable[[Generated, int], list[str]]  # (registry, run number) → arguments
    ok_codes: tuple[int, ...] = (0,)
    terminal: bool = False


def _fixed(*args: str) -> Callable[[Generated, int], list[str]]:
    return lambda generated, number: list(args)


# name → (arguments, exit codes that mean "worked"); `check` exits 1 when it finds errors.
READS: list[tuple[str, Callable[[Generated, int], list[str]], tuple[int, ...], bool]] = [
    ("list", _fixed("list"), (0,), False),
    ("list (terminal)", _fixed("list"), (0,), True),
    ("list --json", _fixed("list", "--json"), (0,), False),
    ("list --bezirk Haspe", _fixed("list", "--bezirk", "Haspe"), (0,), False),
    ("search wehringhausn (typo)", _fixed("search", "wehringhausn"), (0,), False),
    ("search jugend haspe", _fixed("search", "jugend", "haspe"), (0,), False),
    ("show ID", lambda g, n: ["show", g.show_id], (0,), False),
    ("kontakt list", _fixed("kontakt", "list"), (0,), False),
    ("mitglied list ID (≤ 500 members)", lambda g, n: ["mitglied", "list", g.large_id], (0,),
     False),
    ("treffen list", _fixed("treffen", "list"), (0,), False),
    ("luecken", _fixed("luecken"), (0,), False),
    ("bezirke", _fixed("bezirke"), (0,), False),
    ("check", _fixed("check"), (0, 1), False),
    ("faellig", _fixed("faellig"), (0,), False),
    ("export html", _fixed("export", "html"), (0,), False),
    ("export kontakte --format vcard", _fixed("export", "kontakte", "--format", "vcard"), (0,),
     False),
    ("export verteiler", _fixed("export", "verteiler"), (0,), False),
]

WRITES: list[tuple[str, Callable[[Generated, int], list[str]]]] = [
    ("add", lambda g, n: ["add", "--name", f"Bench-Netzwerk {n}", "--art", "netzwerk",
                          "--stadtteil", "Wehringhausen", "--thema", "Jugendarbeit"]),
    ("edit ID --notiz", lambda g, n: ["edit", g.show_id, "--notiz", f"Bench-Notiz {n}"]),
    ("kontakt add", lambda g, n: ["kontakt", "add", "--name", f"Bench Person {n}",
                                  "--email", f"bench.person{n}@example.org"]),
    ("mitglied add ID KONTAKT", lambda g, n: ["mitglied", "add", g.show_id,
                                              g.new_member_ids[n % len(g.new_member_ids)]]),
    ("treffen plan ID (one network)", lambda g, n: [
        "treffen", "plan", g.plan_ids[n % len(g.plan_ids)], "--jahr", str(YEAR), "--anzahl",
        "4", "--wochentag", "di", "--zeit", "16-18", "--yes"]),
]


def phases() -> list[Phase]:
    result = [Phase(f"{name}", "read", args, codes, terminal)
              for name, args, codes, terminal in READS]
    result += [Phase(f"{name}", "cold", args, codes, terminal)
               for name, args, codes, terminal in READS]
    result.append(Phase("list, no cache at all", "nocache", _fixed("list")))
    result += [Phase(name, "write", args) for name, args in WRITES]
    return result


KIND_TITLES = {"read": "Read, warm (load cache filled)",
               "cold": "Read, cold (after a hand edit: the cache misses)",
               "nocache": "Read, cache folder removed",
               "write": "Single write, warm"}


def phase_key(phase: Phase) -> str:
    return f"{phase.kind}: {phase.name}"


# --- Measuring one size --------------------------------------------------------------------


class Measurer:
    """Runs the phases of one size and keeps every run."""

    def __init__(self, generated: Generated, tmp: Path, timeout: float, repeat: int,
                 disk_writes: int = 10) -> None:
        self.generated, self.timeout, self.repeat = generated, timeout, repeat
        self.disk_writes = disk_writes
        self.env = bench.environment(tmp, generated.path) | {
            "NETZ_HEUTE": TODAY.isoformat(), "PAGER": "cat", "LESS": "FRX"}
        self.cache_home = Path(self.env["XDG_CACHE_HOME"])
        self.out = tmp / "ausgabe.txt"
        self.netz = [sys.executable, "-m", "netzwerk_cli"]
        self.number = 0  # runs so far: makes every hand edit and every new entry unique
        self.writes = 0

    def run(self, args: list[str], terminal: bool = False) -> Run:
        self.number += 1
        return run_child([*self.netz, *args], self.env, self.out, self.timeout, terminal)

    def warm_up(self) -> None:
        """One read, untimed: fills the load cache, bytecode and the OS file cache (with time
        for a cold parse of the largest registries)."""
        self.number += 1
        run_child([*self.netz, "list", "--bezirk", "Haspe"], self.env, self.out,
                  max(self.timeout, WARM_UP_TIMEOUT_S))

    def measure(self, phase: Phase) -> dict[str, Any]:
        runs: list[Run] = []
        rewritten = 0
        if phase.kind == "read":  # what the command keeps for its next run (kept verdicts)
            self.run(phase.args(self.generated, self.number), phase.terminal)
        for _ in range(self.repeat):
            if phase.kind == "cold":
                hand_edit(self.generated.path, self.generated.hand_edit_id, self.number)
                before = _cache_state(self.cache_home)
            elif phase.kind == "nocache":
                shutil.rmtree(self.cache_home, ignore_errors=True)
            run = self.run(phase.args(self.generated, self.number), phase.terminal)
            runs.append(run)
            if phase.kind == "cold" and _cache_state(self.cache_home) != before:
                rewritten += 1
            if phase.kind == "write" and run.returncode in phase.ok_codes:
                self.writes += 1
            if run.timed_out or run.returncode not in phase.ok_codes:
                break  # a killed or failing command is not run again
        result = summarise(runs, phase.ok_codes)
        if phase.kind == "cold":
            result["cache_rewritten"] = rewritten
        return result

    def disk(self) -> dict[str, Any]:
        """After at least ``disk_writes`` writes (10): the backups beside the registry and the
        load cache."""
        while self.writes < self.disk_writes:
            self.number += 1  # not a measurement: time for the largest registries
            run = run_child([*self.netz, "edit", self.generated.show_id, "--notiz",
                             f"Sicherungsprobe {self.number}"], self.env, self.out,
                            max(self.timeout, WARM_UP_TIMEOUT_S))
            if run.returncode != 0:
                return {"error": run.error or f"edit failed ({run.returncode})"}
            self.writes += 1
        registry = self.generated.path.stat().st_size
        kept = backups(self.generated.path)
        backup_bytes = sum(p.stat().st_size for p in kept)
        cache_bytes, cache_files = _folder_bytes(self.cache_home)
        return {"writes": self.writes, "registry_mb": registry / 1e6,
                "backups": len(kept), "backups_mb": backup_bytes / 1e6,
                "backups_per_registry": backup_bytes / registry,
                "cache_mb": cache_bytes / 1e6, "cache_files": cache_files}


def summarise(runs: list[Run], ok_codes: tuple[int, ...]) -> dict[str, Any]:
    """The figures of one cell: median and min of the runs that finished, peak memory, and
    whether a run was killed or failed."""
    finished = [r for r in runs if not r.timed_out and r.returncode in ok_codes]
    rss = [r.rss_mb for r in runs if r.rss_mb is not None]
    result: dict[str, Any] = {
        "runs": len(runs), "timed_out": any(r.timed_out for r in runs),
        "failed": next((f"exit {r.returncode}: {r.error}" for r in runs
                        if not r.timed_out and r.returncode not in ok_codes), ""),
        "peak_rss_mb": max(rss) if rss else None,
        "output_lines": runs[-1].output_lines if runs else 0}
    if finished:
        times = [r.seconds for r in finished]
        result |= {"median_s": statistics.median(times), "min_s": min(times)}
    return result


def measure_size(size: int, seed: int, repeat: int, timeout: float, only: list[str],
                 tmp: Path, progress: Callable[[str], None], disk_writes: int = 10
                 ) -> dict[str, Any]:
    folder = tmp / f"size-{size}"
    folder.mkdir()
    progress(f"{size:,} networks: generating")
    generated = generate(size, seed, folder)
    progress(f"{size:,} networks: {generated.networks:,} networks, {generated.size_mb:.1f} MB, "
             f"generated in {generated.generate_s:.0f} s")
    measurer = Measurer(generated, folder, timeout, repeat, disk_writes)
    measurer.warm_up()
    result: dict[str, Any] = {
        "registry": {"networks": generated.networks, "contacts": generated.contacts,
                     "memberships": generated.memberships, "meetings": generated.meetings,
                     "size_mb": generated.size_mb, "generate_s": generated.generate_s,
                     "cached": generated.path.stat().st_size >= CACHE_MIN_BYTES},
        "phases": {}}
    wanted = [p for p in phases() if not only or any(o in phase_key(p) for o in only)]
    for position, phase in enumerate(wanted):
        if phase.kind == "write" and (position == 0 or wanted[position - 1].kind != "write"):
            measurer.warm_up()  # writes start from a filled cache, as after any netz command
        progress(f"{size:,} networks: {phase_key(phase)}")
        result["phases"][phase_key(phase)] = measurer.measure(phase)
        if phase.kind in ("cold", "nocache"):
            measurer.warm_up()
    if not only or any(o in "disk" for o in only):
        result["disk"] = measurer.disk()
    return result


# --- Start-up -------------------------------------------------------------------------------


def startup(tmp: Path, runs: int, timeout: float) -> dict[str, Any]:
    """The empty Typer app and `netz list --bezirk Haspe` on the shipped data, interleaved."""
    folder = tmp / "start"
    folder.mkdir()
    registry_file = folder / "networks.toml"
    source = bench.HAGEN_DATA if bench.HAGEN_DATA.is_file() else embedded_registry()
    shutil.copyfile(source, registry_file)
    env = bench.environment(folder, registry_file) | {"NETZ_HEUTE": TODAY.isoformat()}
    commands = {"empty": [sys.executable, str(bench.EMPTY_APP)],
                "netz": [sys.executable, "-m", "netzwerk_cli", "list", "--bezirk", "Haspe"]}
    out = folder / "ausgabe.txt"
    for command in commands.values():  # warm-up: bytecode written, files in the OS cache
        run_child(command, env, out, timeout)
    times: dict[str, list[Run]] = {name: [] for name in commands}
    for number in range(runs):
        order = list(commands) if number % 2 == 0 else list(reversed(commands))
        for name in order:
            times[name].append(run_child(commands[name], env, out, timeout))
    result = {name: summarise(r, (0,)) for name, r in times.items()}
    if "median_s" in result["empty"] and "median_s" in result["netz"]:
        ratio = result["netz"]["median_s"] / result["empty"]["median_s"]
        result["ratio"] = {"value": ratio, "goal": bench.STARTUP_GOAL_RATIO,
                           "ok": ratio <= bench.STARTUP_GOAL_RATIO}
    return result


# --- Goals ----------------------------------------------------------------------------------


def time_goal(kind: str, name: str, empty_s: float) -> tuple[float, str]:
    """The absolute goal for a phase (sizes up to 10,000): seconds and how it reads."""
    if name == "kontakt list" and kind == "read":
        return KONTAKT_LIST_S, f"< {KONTAKT_LIST_S} s"
    if kind in ("cold", "nocache"):
        return COLD_S, f"< {COLD_S} s"
    above = READ_ABOVE_STARTUP_S if kind == "read" else WRITE_ABOVE_STARTUP_S
    return empty_s + above, f"< start-up + {above} s = {empty_s + above:.2f} s"


def judge(result: dict[str, Any]) -> None:
    """Mark every cell: ``time_ok`` and ``memory_ok`` (None where no goal applies)."""
    empty_s = result["startup"]["empty"].get("median_s", 0.0)
    sizes = result["sizes"]
    reference = sizes.get(str(GOAL_SIZE), {}).get("phases", {})
    for size_text, figures in sizes.items():
        size = int(size_text)
        for key, cell in figures["phases"].items():
            kind, name = key.split(": ", 1)
            goal_s, _ = time_goal(kind, name, empty_s)
            if cell["failed"]:
                cell["time_ok"] = False
            elif size <= GOAL_SIZE:
                cell["goal_s"] = goal_s
                cell["time_ok"] = not cell["timed_out"] and cell["median_s"] < goal_s
            elif key in reference and "median_s" in reference[key]:
                cell["goal_s"] = LINEAR_FACTOR * reference[key]["median_s"]
                cell["time_ok"] = (not cell["timed_out"]
                                   and cell["median_s"] <= cell["goal_s"])
            else:
                cell["time_ok"] = False if cell["timed_out"] else None
            rss = cell["peak_rss_mb"]
            cell["memory_ok"] = None if rss is None else rss < MEMORY_LIMIT_MB


# --- Report ---------------------------------------------------------------------------------


def _size_label(size: int) -> str:
    return f"{size // 1000}k" if size % 1000 == 0 else f"{size:,}"


def _mark(ok: bool | None) -> str:
    return "" if ok is None else " ok" if ok else " **over**"


def _cell(cell: dict[str, Any] | None, timeout: float) -> str:
    if cell is None:
        return "–"
    if cell["failed"]:
        return "failed"
    if cell["timed_out"] and "median_s" not in cell:
        text = f"> {timeout:.0f} s"
    else:
        text = f"{cell['median_s']:.2f} s"
    text += _mark(cell.get("time_ok"))
    if cell["peak_rss_mb"] is not None:
        text += f" · {cell['peak_rss_mb']:.0f} MB"
        if not cell["memory_ok"]:
            text += " **over**"
    return text


def report(result: dict[str, Any]) -> str:
    setup, start = result["setup"], result["startup"]
    sizes = sorted(result["sizes"], key=int)
    pinned = f"pinned to CPU {setup['cpu']}" if setup["cpu"] is not None else "not pinned"
    empty_s = start["empty"].get("median_s", 0.0)
    lines = [f"netz {setup['netz_version']} scale benchmark · Python {setup['python']} · "
             f"{pinned} · {setup['cpu_model']} · {setup['date']}",
             f"repeat {setup['repeat']} (median), timeout {setup['timeout']:.0f} s per run, "
             f"seed {setup['seed']}"
             + (f"; merged from {setup['merged_runs']} runs (setup and start-up of the first)"
                if setup.get("merged_runs") else ""), ""]
    ratio = start.get("ratio")
    lines += [f"Start-up, {setup['startup_runs']} interleaved runs each (median): empty Typer app "
              f"{empty_s:.3f} s, `netz list --bezirk Haspe` on the shipped data "
              f"{start['netz'].get('median_s', float('nan')):.3f} s"
              + (f" → ratio {ratio['value']:.2f} (goal ≤ {ratio['goal']}){_mark(ratio['ok'])}"
                 if ratio else ""), ""]
    lines.append("Registries: " + "; ".join(
        f"{_size_label(int(s))} = {r['networks']:,} networks, {r['contacts']:,} contacts, "
        f"{r['memberships']:,} memberships, {r['meetings']:,} meetings, {r['size_mb']:.1f} MB"
        for s in sizes for r in [result["sizes"][s]["registry"]]))
    lines += ["", f"Goals: up to {GOAL_SIZE:,} networks the goal column; above it each figure "
              f"≤ {LINEAR_FACTOR:.0f} × its {_size_label(GOAL_SIZE)} figure; peak memory "
              f"< {MEMORY_LIMIT_MB / 1000:.0f} GB. Cells: median wall time · peak RSS.", ""]
    header = ["phase", "goal", *(_size_label(int(s)) for s in sizes)]
    lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    keys = list(dict.fromkeys(k for s in sizes for k in result["sizes"][s]["phases"]))
    kind_shown = ""
    for key in keys:
        kind, name = key.split(": ", 1)
        if kind != kind_shown:
            lines.append(f"| *{KIND_TITLES[kind]}* |" + " |" * (len(header) - 1))
            kind_shown = kind
        _, goal_text = time_goal(kind, name, empty_s)
        cells = [_cell(result["sizes"][s]["phases"].get(key), setup["timeout"]) for s in sizes]
        lines.append(f"| {name} | {goal_text} | " + " | ".join(cells) + " |")
    disks = {s: result["sizes"][s].get("disk") for s in sizes}
    if any(disks.values()):
        lines.append("| *Disk* |" + " |" * (len(header) - 1))
        rows: dict[str, Callable[[dict[str, Any]], str]] = {
            "registry file": lambda d: f"{d['registry_mb']:.1f} MB",
            "backups kept": lambda d: f"{d['backups']} after {d['writes']} writes · "
                                      f"{d['backups_mb']:.1f} MB "
                                      f"({d['backups_per_registry']:.1f} × the file)",
            "load cache": lambda d: f"{d['cache_files']} files · {d['cache_mb']:.1f} MB",
        }
        for label, show in rows.items():
            cells = [("–" if not disks[s] else disks[s].get("error") or show(disks[s]))
                     for s in sizes]
            lines.append(f"| {label} | – | " + " | ".join(cells) + " |")
    failed = [(s, k, c["failed"]) for s in sizes for k, c in result["sizes"][s]["phases"].items()
              if c["failed"]]
    if failed:
        lines += ["", "Failed:"] + [f"- {_size_label(int(s))} {k}: {why}" for s, k, why in failed]
    hits = [(s, k) for s in sizes for k, c in result["sizes"][s]["phases"].items()
            if result["sizes"][s]["registry"].get("cached") and "cache_rewritten" in c
            and c["cache_rewritten"] < c["runs"]]
    if hits:
        lines += ["", "Cold runs after which the load cache was not rewritten (the command does "
                  "not use the cache, or the hand edit did not make it miss):"]
        lines += [f"- {_size_label(int(s))} {k}" for s, k in hits]
    lines += ["", f"(benchmark took {result['total_s']:.0f} s)"]
    return "\n".join(lines)


def merge_results(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Several saved runs as one: the sizes of all (a later run's size replaces an earlier's),
    setup and start-up of the first."""
    merged = dict(results[0])
    merged["sizes"] = {}
    for result in results:
        merged["sizes"] |= result["sizes"]
    merged["total_s"] = sum(r["total_s"] for r in results)
    if len(results) > 1:
        merged["setup"] = dict(results[0]["setup"]) | {"merged_runs": len(results)}
    return merged


# --- Main -----------------------------------------------------------------------------------


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    import platform

    return platform.processor() or platform.machine()


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of numbers: {text!r}") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("sizes must be at least 1")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=_sizes, default=None,
                        help="networks per registry, comma-separated (1000,10000,100000)")
    parser.add_argument("--quick", action="store_true", help="only 1000 and 10000 networks")
    parser.add_argument("--repeat", type=int, default=3, help="runs per cell (3)")
    parser.add_argument("--startup-runs", type=int, default=20,
                        help="start-ups of each program (20)")
    parser.add_argument("--timeout", type=float, default=120.0,
                        help="seconds before a run is killed (120)")
    parser.add_argument("--only", action="append", default=[], metavar="TEXT",
                        help="only phases whose 'kind: name' contains TEXT (repeatable; "
                             "kinds: read, cold, nocache, write; 'disk' for the disk figures)")
    parser.add_argument("--disk-writes", type=int, default=10,
                        help="writes before the disk figures are taken (10)")
    bench.add_common_options(parser)
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    parser.add_argument("--report", nargs="+", type=Path, metavar="JSON",
                        help="measure nothing: print the table of results saved with --json "
                             "(several files: their sizes side by side, e.g. a --quick run "
                             "and a 100k run; setup and start-up from the first)")
    args = parser.parse_args(argv)
    if args.report:
        merged = merge_results([json.loads(p.read_text("utf-8")) for p in args.report])
        judge(merged)
        print(json.dumps(merged, indent=2, ensure_ascii=False) if args.json else report(merged))
        return 0
    if args.repeat < 1 or args.startup_runs < 1 or args.timeout <= 0:
        parser.error("--repeat and --startup-runs must be at least 1, --timeout above 0")
    sizes = args.sizes or list(QUICK_SIZES if args.quick else SIZES)

    def progress(text: str) -> None:
        if not args.quiet:
            print(f"[{time.perf_counter() - began:6.0f} s] {text}", file=sys.stderr, flush=True)

    began = time.perf_counter()
    core = None if args.all_cores else bench.pin_to_one_core()
    result: dict[str, Any] = {"setup": {
        "netz_version": netz_version, "python": sys.version.split()[0],
        "executable": sys.executable, "cpu": core, "cpu_model": _cpu_model(),
        "date": dt.date.today().isoformat(), "repeat": args.repeat,
        "startup_runs": args.startup_runs, "disk_writes": args.disk_writes,
        "timeout": args.timeout, "seed": args.seed,
        "sizes": sizes}}
    with tempfile.TemporaryDirectory(prefix="netz-bench-scale-") as directory:
        tmp = Path(directory)
        progress("start-up")
        result["startup"] = startup(tmp, args.startup_runs, args.timeout)
        result["sizes"] = {}
        for size in sizes:
            result["sizes"][str(size)] = measure_size(size, args.seed, args.repeat,
                                                      args.timeout, args.only, tmp, progress,
                                                      args.disk_writes)
            shutil.rmtree(tmp / f"size-{size}", ignore_errors=True)
    judge(result)
    result["total_s"] = time.perf_counter() - began
    print(json.dumps(result, indent=2, ensure_ascii=False) if args.json else report(result))
    failed = any(cell["failed"] for figures in result["sizes"].values()
                 for cell in figures["phases"].values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
