"""Exports that cost what they write: vCard lines folded without encoding each character, the
web page's contact data built once per contact."""

from __future__ import annotations

import datetime as dt

import pytest
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


def _page(registry):
    return html.page_data(registry, sorted(registry.netzwerke.items()),
                          sorted(registry.angebote.items()), "Titel", dt.date(2026, 11, 25))


def test_web_page_renders_fields_without_jinjas_attribute_first_lookup(monkeypatch):
    """Jinja looks ``e.name`` up as an attribute first and catches the AttributeError of a
    dict: at every field of every entry, half the rendering time of 10,000 entries."""
    import jinja2

    lookups = []
    real = jinja2.Environment.getattr
    monkeypatch.setattr(jinja2.Environment, "getattr",
                        lambda self, obj, name: lookups.append(name) or real(self, obj, name))
    html.to_html(_page(scaled(20)))
    assert len(lookups) <= 20  # `.items()` of the derived marks at most, once per entry


def test_a_phone_number_without_extension_is_parsed_once(monkeypatch):
    """``netz check`` and the exports ask about every contact's number: without an extension
    the number and its head are the same, parsed once."""
    import phonenumbers

    from netzwerk_cli import validate

    parsed = []
    real = phonenumbers.parse
    monkeypatch.setattr(phonenumbers, "parse", lambda *a, **k: parsed.append(a) or real(*a, **k))
    assert validate.normalize_telefon("0 23 31 / 98 76 54") == "02331 987654"
    assert validate.telefon_international("02331 987654") == ("+49 2331 987654",
                                                             "+492331987654")
    assert len(parsed) == 2
    parsed.clear()
    assert validate.normalize_telefon("02331 207-3609") == "02331 207-3609"
    assert validate.telefon_international("02331 207-3609") == ("+49 2331 207-3609",
                                                               "+4923312073609")
    assert len(parsed) == 4


@pytest.mark.parametrize("telefon", [
    "02331 207-3608", "+49 2331 207-3608", "02331 987654", "0-1", "047-", "110", "-12",
    "02594296+-098", "04++-76", "0(43-9182.80+-01", "02331 207 - 3608", "02331 12345678901-123",
    "+39 06 1234-5678", "02331 CALL-ME", "0800 123-4", "02331 (0) 207-3608"])
def test_the_address_book_form_of_a_number_is_that_of_telefon_international(telefon):
    """vCard and Outlook need only the shown form: parsed once, the same as the full parse."""
    from netzwerk_cli import validate

    parts = validate.telefon_international(telefon)
    assert validate.telefon_international_text(telefon) == (parts[0] if parts else None)


def test_a_vcard_parses_a_number_with_extension_once(monkeypatch):
    import phonenumbers

    from netzwerk_cli import validate

    validate.telefon_international_text.cache_clear()
    parsed = []
    real = phonenumbers.parse
    monkeypatch.setattr(phonenumbers, "parse", lambda *a, **k: parsed.append(a) or real(*a, **k))
    assert validate.telefon_international_text("02331 207-3611") == "+49 2331 207-3611"
    assert len(parsed) == 1
