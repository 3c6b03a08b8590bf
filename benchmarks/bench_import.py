"""Benchmark `netz import`: a member list of 5,000 rows, as German Excel saves it.

Run from the project root with the interpreter netz is installed in:

    .venv/bin/python benchmarks/bench_import.py              # 5,000 rows, 3 runs
    .venv/bin/python benchmarks/bench_import.py --rows 20000 --repeat 5 --json

Goal: the whole process – start, reading and decoding the CSV (Windows-1252, ``;``), checking
every row like `netz kontakt add` (e-mail, phone, postcode), matching against the registry, and
the one atomic write with its backup – takes under 3 s for 5,000 rows. Each run imports into a
fresh copy of the shipped Hagen registry; a second run on the result measures the import that
finds everything unchanged. Everything happens in a temporary directory (registry, XDG dirs),
so no real user file is read or touched. Only the standard library and netz are used.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from netzwerk_cli.registry import embedded_registry

GOAL_SECONDS = 3.0
HAGEN_DATA = Path(__file__).resolve().parents[1] / "data" / "networks.toml"
REMOVED_VARIABLES = ("PYTHONDONTWRITEBYTECODE", "PYTHONPROFILEIMPORTTIME", "PYTHONSTARTUP",
                     "FORCE_COLOR", "PY_COLORS", "NO_COLOR", "GITHUB_ACTIONS", "NETZ_REGISTRY")

FIRST = ["Anna", "Ben", "Carla", "Deniz", "Elif", "Felix", "Greta", "Hakan", "Ines", "Jonas",
         "Jörg", "Sören", "Zoë", "Björn", "Ömer", "Birgit", "Heike", "Ralf", "Sabine", "Ahmet"]
LAST = ["Keller", "Schmidt", "Müller", "Schneider", "Fischer", "Weber", "Becker", "Hoffmann",
        "Krüger", "Schröder", "Groß", "Weiß", "Voß", "Jäger", "Kühn", "Demir", "Kaya", "Brandt"]
PLACES = ["Jugendzentrum", "Kita", "Familienzentrum", "Grundschule", "Stadtteilbüro",
          "Offene Ganztagsschule", "Beratungsstelle", "Jugendtreff"]
QUARTERS = ["Haspe", "Eilpe", "Boele", "Vorhalle", "Wehringhausen", "Altenhagen", "Emst",
            "Hohenlimburg", "Dahl", "Eppenhausen"]
FUNKTIONEN = ["Leitung", "Koordination", "Schulsozialarbeit", "Jugendpflege", "Fachberatung"]
PLZ = ["58089", "58091", "58093", "58095", "58097", "58099", "58119", "58135"]


def member_list(rows: int, seed: int = 11) -> bytes:
    """A hand-made member list as German Excel saves it: Windows-1252, ``;``, CRLF."""
    chance = random.Random(seed)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Nachname", "Vorname", "Einrichtung", "Funktion", "E-Mail", "Telefon",
                     "Straße", "PLZ", "Ort", "Notiz"])
    for number in range(rows):
        first, last = chance.choice(FIRST), chance.choice(LAST)
        place = f"{chance.choice(PLACES)} {chance.choice(QUARTERS)}"
        writer.writerow([
            f"{last}-{number}", first, place, chance.choice(FUNKTIONEN),
            f"person{number}@example.org", f"02331 {chance.randint(100, 999)}-{number % 1000}",
            f"Beispielweg {number % 200 + 1}", chance.choice(PLZ), "Hagen",
            "Beispieldaten – erzeugt für den Benchmark"])
    return buffer.getvalue().encode("cp1252")


def run_seconds(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, env=env, check=False)
    duration = time.perf_counter() - start
    if completed.returncode != 0:
        sys.exit(f"bench: {' '.join(command)} failed ({completed.returncode}):\n"
                 f"{completed.stderr.decode(errors='replace')}")
    return duration


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="the figures as JSON")
    args = parser.parse_args()
    hagen = HAGEN_DATA if HAGEN_DATA.is_file() else embedded_registry()
    with tempfile.TemporaryDirectory(prefix="netz-import-bench-") as name:
        tmp = Path(name)
        source = tmp / "mitglieder.csv"
        source.write_bytes(member_list(args.rows))
        env = {k: v for k, v in os.environ.items() if k not in REMOVED_VARIABLES}
        env |= {f"XDG_{kind}_HOME": str(tmp / "xdg" / kind.lower())
                for kind in ("DATA", "CONFIG", "CACHE", "STATE")}
        fresh, again = [], []
        for run in range(args.repeat):
            registry = tmp / f"register-{run}.toml"
            shutil.copyfile(hagen, registry)
            command = [sys.executable, "-m", "netzwerk_cli", "import", str(source),
                       "-r", str(registry)]
            fresh.append(run_seconds(command, env))
            again.append(run_seconds(command, env))
        size = source.stat().st_size
    result = {
        "rows": args.rows, "file_bytes": size, "runs": args.repeat,
        "import_s": {"median": statistics.median(fresh), "min": min(fresh), "max": max(fresh)},
        "again_unchanged_s": {"median": statistics.median(again), "min": min(again),
                              "max": max(again)},
        "goal_s": GOAL_SECONDS, "goal_met": statistics.median(fresh) < GOAL_SECONDS,
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"netz import: {args.rows} Zeilen ({size // 1024} KB, CSV Windows-1252) in ein "
          f"frisches Hagen-Register, {args.repeat} Läufe")
    print(f"  Import (alle neu):        Median {result['import_s']['median']:.2f} s, "
          f"min {result['import_s']['min']:.2f} s, max {result['import_s']['max']:.2f} s")
    print(f"  derselbe Import nochmal:  Median {result['again_unchanged_s']['median']:.2f} s "
          "(alles unverändert, nichts geschrieben)")
    print(f"  Ziel < {GOAL_SECONDS:.0f} s: {'erreicht' if result['goal_met'] else 'VERFEHLT'}")


if __name__ == "__main__":
    main()
