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


def test_texts_clean_agrees_with_text_problems():
    """The one-search shortcut of ``netz check`` says "clean" exactly when no value of any
    entry is refused: a control character, a tab in a note, an overlong line, a bad quote."""
    import copy

    from netzwerk_cli.validate import text_problems, texts_clean

    registry = scaled(30)
    assert texts_clean(registry.netzwerke.values())
    assert not any(text_problems(n) for n in registry.netzwerke.values())
    changes = [("name", "A\x1bB"), ("notiz", "Tab\there"), ("notiz", "x" * 2001),
               ("name", "y" * 201), ("themen", ["ok", "z\u202e"]),
               ("arbeitsweise", ["w" * 2001]), ("herkunft", {"zitat": ["Zeile\nzwei"]})]
    for field_name, value in changes:
        changed = copy.deepcopy(registry)
        setattr(changed.netzwerke["netz-3"], field_name, value)
        assert text_problems(changed.netzwerke["netz-3"]), field_name
        assert not texts_clean(changed.netzwerke.values()), field_name
    allowed = copy.deepcopy(registry)
    allowed.netzwerke["netz-3"].notiz = "zwei\nZeilen " + "n" * 1900
    allowed.netzwerke["netz-3"].arbeitsweise = ["a" * 1500]
    assert texts_clean(allowed.netzwerke.values())


def test_member_hints_name_members_without_email_in_members_of_order():
    """Guard: the hint lists members without an address as ``members_of`` sorts them."""
    from netzwerk_cli.members import members_of

    registry = scaled(30)
    netzwerk_id = next(n for n, members in registry.mitglieder.items() if len(members) > 1)
    for kontakt_id in registry.mitglieder[netzwerk_id]:
        registry.kontakte[kontakt_id].email = ""
    expected = ", ".join(f"{k.display_name} ({kontakt_id})"
                         for kontakt_id, k, _ in members_of(registry, netzwerk_id))
    hints = [f for f in check._member_hints(registry) if f.entry.endswith(f".{netzwerk_id}")
             and "ohne E-Mail" in f.message]
    assert len(hints) == 1 and expected in hints[0].message


def test_outdated_follows_due_entries_without_future_ones():
    """Guard: the warnings about old entries name what ``due_entries`` lists, in its order,
    leaving out a ``stand`` in the future (an error of its own)."""
    registry = scaled(30)
    today = dt.date(2026, 11, 25)
    ids = sorted(registry.netzwerke)
    registry.netzwerke[ids[0]].stand = "2027-03"
    registry.netzwerke[ids[1]].stand = ""
    registry.netzwerke[ids[2]].stand = "2019-01-05"
    due = [d.id for d in check.due_entries(registry, today, 12) if not d.in_future]
    warned = [f.entry.split(".", 1)[1] for f in check._outdated(registry, today, 12)]
    assert warned == due and ids[1] in due and ids[2] in due and ids[0] not in warned
