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
BLOCK = re.compile(r"```console\n\$ netz (?P<command>[^\n]*)\n(?P<output>.*?)```", re.DOTALL)
EXAMPLES = [(m["command"], m["output"]) for m in BLOCK.finditer(README.read_text("utf-8"))]


def test_readme_has_console_examples():
    assert len(EXAMPLES) >= 6


@pytest.mark.parametrize(("command", "expected"), EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_readme_example_matches_real_output(netz, hagen_file, monkeypatch, command, expected):
    monkeypatch.setenv("NETZ_REGISTRY", str(hagen_file))
    result = netz(*shlex.split(command))
    output = result.stdout if result.exit_code == 0 else result.stderr
    assert output == expected
