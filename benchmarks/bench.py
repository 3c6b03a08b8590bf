"""Benchmark netz: start-up against an empty Typer app, and commands on 10,000 networks.

Run from the project root in the environment netz is installed in:

    .venv/bin/python benchmarks/bench.py            # defaults: 20 start-ups, 10,000 networks
    .venv/bin/python benchmarks/bench.py --json     # numbers for scripts

Goals (see issue 2): ``netz list`` starts within 1.15x of an empty Typer app; list, search and
show on 10,000 networks finish in under 1 s. Everything runs in a temporary directory with its
own XDG dirs, so no real user data or cache is touched. Python is run without
PYTHONDONTWRITEBYTECODE so that both programs start from compiled bytecode, as they do for users.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from netzwerk_cli.gazetteer import hagen
from netzwerk_cli.model import ARTEN, Kontakt, Netzwerk
from netzwerk_cli.registry import eingebettetes_register, register_als_toml, register_aus_text

EMPTY_APP = Path(__file__).with_name("empty_typer_app.py")
THEMEN = [f"{a} {b}" for a in ("Jugend", "Familie", "Schule", "Kita", "Sport", "Kultur",
                               "Gesundheit", "Sprache")
          for b in ("und Beruf", "im Quartier", "und Medien", "und Migration", "und Armut")]
ARTEN_NAMEN = ["Forum", "Arbeitskreis", "Runder Tisch", "Netzwerk", "Team"]


def umgebung(tmp: Path, registry: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return env | {"NETZ_REGISTRY": str(registry), "XDG_DATA_HOME": str(tmp / "data"),
                  "XDG_CONFIG_HOME": str(tmp / "config"), "XDG_CACHE_HOME": str(tmp / "cache")}


def laufzeit_ms(befehl: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(befehl, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                   check=True)
    return (time.perf_counter() - start) * 1000


def startzeit(tmp: Path, laeufe: int) -> dict[str, float]:
    """Median and minimum wall time of `netz list` and the empty app, runs interleaved."""
    registry = tmp / "hagen.toml"
    registry.write_bytes(eingebettetes_register().read_bytes())
    env = umgebung(tmp, registry)
    # The console script a user runs, beside this interpreter (as the empty app is a script).
    netz = [str(Path(sys.executable).with_name("netz")), "list"]
    leer = [sys.executable, str(EMPTY_APP)]
    for befehl in (netz, leer):  # warm-up: write bytecode, fill the OS cache
        laufzeit_ms(befehl, env)
    zeiten: dict[str, list[float]] = {"netz": [], "leer": []}
    for _ in range(laeufe):
        zeiten["netz"].append(laufzeit_ms(netz, env))
        zeiten["leer"].append(laufzeit_ms(leer, env))
    ergebnis = {f"{name}_median_ms": statistics.median(z) for name, z in zeiten.items()}
    ergebnis |= {f"{name}_min_ms": min(z) for name, z in zeiten.items()}
    ergebnis["verhaeltnis_median"] = ergebnis["netz_median_ms"] / ergebnis["leer_median_ms"]
    ergebnis["verhaeltnis_min"] = ergebnis["netz_min_ms"] / ergebnis["leer_min_ms"]
    return ergebnis


def grosses_register(anzahl: int, seed: int = 2017) -> str:
    """A valid registry text with ``anzahl`` varied networks and a contact pool."""
    zufall = random.Random(seed)
    gazetteer = hagen()
    # Names that resolve to a Stadtteil or Wohnbezirk (not to a Bezirk of the same name).
    orte = [o.name for o in gazetteer.orte if len(gazetteer.finde(o.name).pfad) > 1]
    bezirke = [o.name for o in gazetteer.bezirke()]
    register = register_aus_text(eingebettetes_register().read_text("utf-8"), "hagen")
    kontakt_ids = []
    for nummer in range(max(anzahl * 3 // 10, 1)):
        kontakt_id = f"kontakt-{nummer}"
        register.kontakte[kontakt_id] = Kontakt(
            art=zufall.choice(["person", "organisation"]), name=f"Person {nummer}",
            funktion="Koordination", organisation=f"Träger {nummer % 300}",
            telefon=f"02331 {zufall.randrange(100, 999)}-{nummer}",
            email=f"person{nummer}@example.org", oeffentlich=zufall.random() < 0.5)
        kontakt_ids.append(kontakt_id)
    for nummer in range(anzahl):
        stadtweit = zufall.random() < 0.1
        ort = zufall.choice(orte)
        register.netzwerke[f"netzwerk-{nummer}"] = Netzwerk(
            name=f"{zufall.choice(ARTEN_NAMEN)} {ort} {nummer}",
            art=zufall.choice(list(ARTEN)),
            bezirke=[] if stadtweit or zufall.random() < 0.8 else [zufall.choice(bezirke)],
            stadtteile=[] if stadtweit else [ort],
            stadtweit=stadtweit,
            themen=zufall.sample(THEMEN, zufall.randint(1, 3)),
            zielgruppen=["Kinder", "Jugendliche"],
            kontakte=zufall.sample(kontakt_ids, zufall.randint(1, 2)),
            notiz="Trifft sich viermal im Jahr an wechselnden Orten.",
            stand=f"20{zufall.randint(17, 26)}-{zufall.randint(1, 12):02d}")
    return register_als_toml(register)


def befehle_auf_grossem_register(tmp: Path, anzahl: int, laeufe: int) -> dict[str, float]:
    """Median wall time of typical commands on a generated registry (cache warm, and cold)."""
    registry = tmp / "gross.toml"
    registry.write_text(grosses_register(anzahl), encoding="utf-8")
    env = umgebung(tmp, registry)
    netz = [sys.executable, "-m", "netzwerk_cli"]
    ergebnis = {"registry_mb": registry.stat().st_size / 1e6,
                "erster_aufruf_ohne_cache_ms": laufzeit_ms([*netz, "list"], env)}
    for befehl in (["list"], ["list", "--bezirk", "Haspe"], ["search", "wehringhausn"],
                   ["search", "jugend", "haspe"], ["show", "netzwerk-5"],
                   ["list", "--json"]):
        zeiten = [laufzeit_ms([*netz, *befehl], env) for _ in range(laeufe)]
        ergebnis[" ".join(befehl) + "_ms"] = statistics.median(zeiten)
    return ergebnis


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--laeufe", type=int, default=20, help="start-ups per program")
    parser.add_argument("--anzahl", type=int, default=10_000, help="networks in the registry")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as verzeichnis:
        tmp = Path(verzeichnis)
        ergebnis = {"start": startzeit(tmp, args.laeufe),
                    "gross": befehle_auf_grossem_register(tmp, args.anzahl, 5)}
    if args.json:
        print(json.dumps(ergebnis, indent=2))
        return
    start = ergebnis["start"]
    print(f"Start-up, {args.laeufe} runs each (median / min):")
    print(f"  empty Typer app  {start['leer_median_ms']:6.0f} / {start['leer_min_ms']:4.0f} ms")
    print(f"  netz list        {start['netz_median_ms']:6.0f} / {start['netz_min_ms']:4.0f} ms")
    print(f"  ratio            {start['verhaeltnis_median']:6.2f} / "
          f"{start['verhaeltnis_min']:4.2f}   (goal: <= 1.15)")
    gross = ergebnis["gross"]
    print(f"\nRegistry of {args.anzahl} networks ({gross['registry_mb']:.1f} MB), median of 5:")
    for name, wert in gross.items():
        if name.endswith("_ms"):
            print(f"  {name[:-3]:32} {wert:6.0f} ms")
    print("  (goal: under 1000 ms once the parse cache is warm)")


if __name__ == "__main__":
    main()
