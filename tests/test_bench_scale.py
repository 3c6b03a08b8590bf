"""The scale benchmark (benchmarks/bench_scale.py) keeps working: end to end at a tiny size, its
goal marks, and the hand edit that makes the load cache miss."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
SCRIPT = BENCHMARKS / "bench_scale.py"


@pytest.fixture
def bench_scale(monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import bench_scale

    return bench_scale


def test_runs_end_to_end_at_a_tiny_size(bench_scale):
    # Every read command warm, the read without cache, every write, the disk figures – at 40
    # networks, so CI notices when a command or option the benchmark uses changes. The cold
    # variants run the same commands after ``hand_edit`` (tested below).
    completed = subprocess.run(
        [sys.executable, str(SCRIPT), "--sizes", "40", "--repeat", "1", "--startup-runs", "1",
         "--json", "--quiet", "--only", "read:", "--only", "nocache",
         "--only", "write", "--only", "disk", "--disk-writes", "5"],
        capture_output=True, text=True, timeout=120, check=False)
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    result = json.loads(completed.stdout)
    figures = result["sizes"]["40"]
    assert figures["registry"]["networks"] > 40
    assert figures["registry"]["meetings"] > 0 and figures["registry"]["memberships"] > 0
    phases = figures["phases"]
    expected = ([f"read: {name}" for name, *_ in bench_scale.READS]
                + ["nocache: list, no cache at all"]
                + [f"write: {name}" for name, _ in bench_scale.WRITES])
    assert list(phases) == expected
    for key, cell in phases.items():
        assert not cell["failed"] and not cell["timed_out"], (key, cell)
        assert cell["median_s"] > 0 and cell["peak_rss_mb"] > 5, (key, cell)
    assert phases["read: list"]["output_lines"] == figures["registry"]["networks"]
    assert phases["read: list (terminal)"]["output_lines"] > 0
    disk = figures["disk"]
    assert disk["writes"] >= 5 and disk["backups"] >= 1 and disk["backups_mb"] > 0
    assert "ratio" in result["startup"]
    table = bench_scale.report(result)
    assert "| list --json | < start-up + 0.5 s" in table
    assert "| backups kept | – |" in table


def _cell(median: float | None, rss: float = 80.0, timed_out: bool = False,
          failed: str = "") -> dict[str, Any]:
    cell: dict[str, Any] = {"runs": 1, "timed_out": timed_out, "failed": failed,
                            "peak_rss_mb": rss, "output_lines": 1}
    if median is not None:
        cell |= {"median_s": median, "min_s": median}
    return cell


def test_goals_absolute_up_to_10k_linear_above_and_memory(bench_scale):
    result: dict[str, Any] = {
        "setup": {"netz_version": "0", "python": "3", "cpu": 0, "cpu_model": "x",
                  "date": "2026-11-25", "repeat": 1, "startup_runs": 1, "timeout": 120.0,
                  "seed": 1},
        "startup": {"empty": _cell(0.2), "netz": _cell(0.22),
                    "ratio": {"value": 1.1, "goal": 1.15, "ok": True}},
        "sizes": {}, "total_s": 1.0}
    registry = {"networks": 1, "contacts": 1, "memberships": 1, "meetings": 1, "size_mb": 1.0}
    result["sizes"]["10000"] = {"registry": registry, "phases": {
        "read: list": _cell(0.6), "read: kontakt list": _cell(0.6),
        "cold: list": _cell(1.4), "write: add": _cell(0.8), "read: luecken": _cell(None)}}
    result["sizes"]["100000"] = {"registry": registry, "phases": {
        "read: list": _cell(7.0, rss=1200.0), "read: kontakt list": _cell(None, timed_out=True),
        "cold: list": _cell(17.0), "write: add": _cell(1.0, failed="exit 2: Fehler")}}
    result["sizes"]["10000"]["phases"]["read: luecken"] = _cell(None, timed_out=True)
    bench_scale.judge(result)
    small, large = result["sizes"]["10000"]["phases"], result["sizes"]["100000"]["phases"]
    assert small["read: list"]["time_ok"]  # 0.6 s < 0.2 s start-up + 0.5 s
    assert not small["read: kontakt list"]["time_ok"]  # its own goal: < 0.5 s
    assert small["cold: list"]["time_ok"]  # < 1.5 s
    assert not small["write: add"]["time_ok"]  # 0.8 s ≥ 0.7 s
    assert not small["read: luecken"]["time_ok"]  # killed after the timeout
    assert large["read: list"]["time_ok"]  # 7.0 s ≤ 12 × 0.6 s
    assert not large["read: list"]["memory_ok"]  # 1.2 GB
    assert not large["cold: list"]["time_ok"]  # 17 s > 12 × 1.4 s
    assert not large["read: kontakt list"]["time_ok"]
    assert not large["write: add"]["time_ok"]
    table = bench_scale.report(result)
    assert "| list | < start-up + 0.5 s = 0.70 s | 0.60 s ok · 80 MB | 7.00 s ok · 1200 MB " \
           "**over** |" in table
    assert "| luecken | < start-up + 0.5 s = 0.70 s | > 120 s **over** · 80 MB | – |" in table
    assert "| add | < start-up + 0.5 s = 0.70 s | 0.80 s **over** · 80 MB | failed |" in table
    assert "- 100k write: add: exit 2: Fehler" in table


def test_hand_edit_changes_one_value_and_the_cache_misses(bench_scale, tmp_path):
    from netzwerk_cli.registry import CACHE_MIN_BYTES, Location, load_registry

    generated = bench_scale.generate(400, 2017, tmp_path)
    assert generated.path.stat().st_size >= CACHE_MIN_BYTES  # large enough to be cached
    cache_home = tmp_path / "cache"  # XDG_CACHE_HOME of every test (conftest.py)
    before_text = generated.path.read_text("utf-8").splitlines()
    load_registry(Location(generated.path, "test"))
    cached = bench_scale._cache_state(cache_home)
    assert cached
    bench_scale.hand_edit(generated.path, generated.hand_edit_id, 7)
    after_text = generated.path.read_text("utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before_text, after_text, strict=True) if a != b]
    assert changed == [(changed[0][0], 'notiz = "Von Hand geändert (7)"')]
    registry = load_registry(Location(generated.path, "test"))
    assert registry.netzwerke[generated.hand_edit_id].notiz == "Von Hand geändert (7)"
    assert bench_scale._cache_state(cache_home) != cached  # a miss: the entry was rewritten


def test_report_puts_saved_runs_side_by_side(bench_scale, tmp_path, capsys):
    def saved(size: str, median: float) -> dict[str, Any]:
        return {"setup": {"netz_version": "0", "python": "3", "cpu": 0, "cpu_model": "x",
                          "date": "2026-11-25", "repeat": 1, "startup_runs": 1,
                          "timeout": 120.0, "seed": 1},
                "startup": {"empty": _cell(0.2), "netz": _cell(0.22)},
                "sizes": {size: {"registry": {"networks": 1, "contacts": 1, "memberships": 1,
                                              "meetings": 1, "size_mb": 1.0},
                                 "phases": {"read: list": _cell(median)}}},
                "total_s": 1.0}

    quick, large = tmp_path / "quick.json", tmp_path / "100k.json"
    quick.write_text(json.dumps(saved("10000", 0.5)), "utf-8")
    large.write_text(json.dumps(saved("100000", 6.5)), "utf-8")
    assert bench_scale.main(["--report", str(quick), str(large)]) == 0
    table = capsys.readouterr().out
    assert "merged from 2 runs" in table
    assert "| phase | goal | 10k | 100k |" in table
    assert "| list | < start-up + 0.5 s = 0.70 s | 0.50 s ok · 80 MB | 6.50 s **over** · 80 MB |" \
        in table  # 6.5 s > 12 × 0.5 s
