"""The README's examples are specifications: every ```console block must match real output.

A block holds one command line (``$ netz …``) followed by exactly what it prints (stdout, or
stderr for an error) when run on the embedded Hagen registry in a pipe.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

README = Path(__file__).parents[1] / "README.md"
BLOCK = re.compile(r"```console\n\$ netz (?P<befehl>[^\n]*)\n(?P<ausgabe>.*?)```", re.DOTALL)
BEISPIELE = [(m["befehl"], m["ausgabe"]) for m in BLOCK.finditer(README.read_text("utf-8"))]


def test_readme_has_console_examples():
    assert len(BEISPIELE) >= 6


@pytest.mark.parametrize(("befehl", "erwartet"), BEISPIELE, ids=[b for b, _ in BEISPIELE])
def test_readme_example_matches_real_output(netz, hagen_datei, monkeypatch, befehl, erwartet):
    monkeypatch.setenv("NETZ_REGISTRY", str(hagen_datei))
    ergebnis = netz(*shlex.split(befehl))
    ausgabe = ergebnis.stdout if ergebnis.exit_code == 0 else ergebnis.stderr
    assert ausgabe == erwartet
