"""Compare what ``netz check`` and ``netz faellig`` print under two installs of netz, bytewise.

    .venv/bin/python benchmarks/compare_check.py OLD_PYTHON [REGISTRY ...]

``OLD_PYTHON`` is the interpreter of the other install (e.g. a worktree of main:
``../main-copy/.venv/bin/python``); this interpreter runs the install under test. For each
registry (default: the shipped data) each command runs under the old install once and under
this one three times – cold caches, then warm (load cache and kept verdicts filled), then after
a hand edit of one ``notiz`` (the load cache misses, the kept verdicts still fit) – each with its
own temporary user directories and the same day (``NETZ_HEUTE``). Prints one line per
comparison and exits 1 when any output (stdout, stderr or exit status) differs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import bench

from netzwerk_cli.registry import embedded_registry

COMMANDS = (["check"], ["check", "--json"], ["check", "--bezirk", "Haspe"],
            ["check", "--max-alter", "200", "--strict"], ["faellig"], ["faellig", "--json"])


def run(python: str, home: Path, registry: Path, args: list[str]) -> tuple[int, bytes, bytes]:
    env = bench.environment(home, registry) | {"NETZ_HEUTE": "2026-11-25"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    done = subprocess.run([python, "-m", "netzwerk_cli", *args], capture_output=True, env=env,
                          check=False, timeout=300)
    return done.returncode, done.stdout, done.stderr


def hand_edit(registry: Path) -> None:
    text = registry.read_text(encoding="utf-8")
    at = text.index("notiz = ")
    registry.write_text(text[:at] + 'notiz = "von Hand geändert"\n# ' + text[at:],
                        encoding="utf-8")


def main() -> int:
    arguments = [argument for argument in sys.argv[1:] if argument]
    if not arguments:
        sys.exit(__doc__)
    old_python, *files = arguments
    different = 0
    for source in map(Path, files or [str(embedded_registry())]):
        with tempfile.TemporaryDirectory(prefix="netz-compare-") as directory:
            tmp = Path(directory)
            old_registry = tmp / "alt" / "networks.toml"
            new_registry = tmp / "neu" / "networks.toml"
            for copy in (old_registry, new_registry):
                copy.parent.mkdir()
                shutil.copyfile(source, copy)
            expected = {tuple(a): run(old_python, old_registry.parent, old_registry, a)
                        for a in COMMANDS}
            for phase in ("kalt", "warm", "nach Handänderung"):
                if phase == "nach Handänderung":
                    hand_edit(new_registry)
                    hand_edit(old_registry)
                    expected = {tuple(a): run(old_python, old_registry.parent, old_registry, a)
                                for a in COMMANDS}
                for args in COMMANDS:
                    kept = any((new_registry.parent / "xdg").rglob("*.verdicts"))
                    found = run(sys.executable, new_registry.parent, new_registry, args)
                    # The registry path differs between the two copies; nothing else may.
                    same = found == tuple(
                        part.replace(os.fsencode(old_registry), os.fsencode(new_registry))
                        if isinstance(part, bytes) else part for part in expected[tuple(args)])
                    different += not same
                    print(f"{'gleich' if same else 'ANDERS'}  {source.name}  {phase:18} "
                          f"netz {' '.join(args)}  (Rückgabe {found[0]}, "
                          f"{len(found[1]):,} Bytes{', behaltene Urteile' if kept else ''})")
    return 1 if different else 0


if __name__ == "__main__":
    sys.exit(main())
