"""``netz check`` on a large registry: the report of tens of thousands of findings is made
printable once and written in one piece when piped; what it says does not change."""

from __future__ import annotations

import datetime as dt
import io

from netzwerk_cli import check
from netzwerk_cli.cli import render
from netzwerk_cli.text import printable
from tests.test_index import scaled


class CountingOut(io.StringIO):
    writes = 0

    def write(self, text: str) -> int:
        self.writes += 1
        return super().write(text)


def test_piped_paragraphs_are_one_write_and_printable(monkeypatch):
    out = CountingOut()
    monkeypatch.setattr("sys.stdout", out)
    monkeypatch.setattr(render, "is_terminal", lambda: False)
    paragraphs = [("", "Prüfung"), ("  ", "netzwerke.a · name"), ("    ", "Wert „\x1b[31mrot“\tx"),
                  ("", ""), ("    ", "zwei\nZeilen\u202e")] * 50
    render.print_paragraphs(paragraphs)
    assert out.getvalue() == "".join(f"{indent}{printable(text)}\n"
                                     for indent, text in paragraphs)
    assert out.writes == 1


def test_findings_are_printable_when_only_some_change():
    """Guard: only the findings whose message changes are copied; every message printable."""
    registry = scaled(30)
    registry.netzwerke["netz-3"].notiz = "Glocke \x07"
    findings = check.check_loaded(registry, dt.date(2026, 11, 25))
    assert findings and all("\x07" not in f.message for f in findings)
    assert any("U+0007" in f.message for f in findings)
