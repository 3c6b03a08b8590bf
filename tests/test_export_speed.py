"""Exports that cost what they write: vCard lines folded without encoding each character, the
web page's contact data built once per contact."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from netzwerk_cli.export import html
from netzwerk_cli.export.content_line import fold_line
from tests.test_index import scaled


def folded_char_by_char(line: str, limit: int = 75) -> str:
    """The folding netz had before: one character at a time (the reference)."""
    parts: list[str] = []
    current, length = "", 0
    for char in line:
        octets = len(char.encode("utf-8"))
        allowed = limit if not parts else limit - 1
        if length + octets > allowed:
            parts.append(current)
            current, length = "", 0
        current += char
        length += octets
    parts.append(current)
    return "\r\n ".join(parts)


texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=400)


@given(texts, st.integers(min_value=5, max_value=120))
def test_fold_line_folds_as_character_by_character(line, limit):
    assert fold_line(line, limit) == folded_char_by_char(line, limit)


@given(st.sampled_from(["a", "ä", "€", "😀", "„"]), st.integers(0, 200))
def test_fold_line_at_every_length_of_wide_characters(char, times):
    line = "NOTE:" + char * times
    assert fold_line(line) == folded_char_by_char(line)
    assert all(len(part.encode()) <= 75 for part in fold_line(line).split("\r\n"))


def test_web_page_builds_each_contacts_data_once(monkeypatch):
    registry = scaled(10)
    for netzwerk in registry.netzwerke.values():  # every network lists the same two contacts
        netzwerk.kontakte = ["org-1", "org-2"]
    built = []
    real = html._kontakt
    monkeypatch.setattr(html, "_kontakt", lambda k: built.append(k) or real(k))
    data = html.page_data(registry, sorted(registry.netzwerke.items()), [], "Titel",
                          dt.date(2026, 11, 25))
    assert len(built) == 2
    assert sum(len(items) for _, items in data["abschnitte"]) == 10
