"""The published page costs what it shows: on 10,000 networks every value that many entries
share – a contact, a topic, a kind, an area – is folded for the search and turned into HTML
once, not once per entry; the export builds nothing it does not show."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path
from typing import ClassVar

from hypothesis import given
from hypothesis import strategies as st

from netzwerk_cli.export import html
from netzwerk_cli.text import word_chain
from tests.test_index import scaled

NETZ = Path(sys.executable).with_name("netz")


def _page(registry):
    return html.page_data(registry, sorted(registry.netzwerke.items()),
                          sorted(registry.angebote.items()), "Titel", dt.date(2026, 11, 25))


def test_web_page_builds_each_contacts_data_once(monkeypatch):
    registry = scaled(10)
    for netzwerk in registry.netzwerke.values():  # every network lists the same two contacts
        netzwerk.kontakte = ["org-1", "org-2"]
    built = []
    real = html._kontakt
    monkeypatch.setattr(html, "_kontakt", lambda k: built.append(k) or real(k))
    data = _page(registry)
    assert len(built) == 2
    assert sum(len(items) for _, items in data["abschnitte"]) == 10


def test_search_text_folds_a_value_many_entries_share_once(monkeypatch):
    """Kind, area, topic and contacts of 20 networks are the same: folded once for all."""
    folded = []
    monkeypatch.setattr(html, "word_chain", lambda text: folded.append(text) or word_chain(text))
    data = _page(scaled(20))
    assert sum("Jugendarbeit" in text for text in folded) == 1
    assert [e["suchtext"] for _, items in data["abschnitte"] for e in items][:2] == [
        "netzwerk 0 netzwerk boele jugendarbeit traeger 0 traeger 0",
        "netzwerk 1 netzwerk boele jugendarbeit traeger 1 traeger 1"]


texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)


@given(st.lists(texts, max_size=6))
def test_search_text_is_the_folded_words_of_all_its_parts(parts):
    """Folded part by part, the search text is what folding all parts at once gives."""
    assert html.search_text(parts, {}) == word_chain(" ".join(parts)).strip()


class Counted(str):
    """A value that counts how often it is turned into HTML."""

    escaped: ClassVar[list[str]] = []

    def __html__(self) -> str:
        from markupsafe import escape

        Counted.escaped.append(str(self))
        return str(escape(str(self)))


def test_a_contact_many_networks_list_is_turned_into_html_once():
    registry = scaled(10)
    for netzwerk in registry.netzwerke.values():
        netzwerk.kontakte = ["org-1"]
    registry.kontakte["org-1"].email = Counted("info1@example.org")
    Counted.escaped.clear()
    page = html.to_html(_page(registry))
    assert page.count('<a href="mailto:info1@example.org">info1@example.org</a>') == 10
    assert len(Counted.escaped) <= 2  # the link and its text


def test_cli_export_html_does_not_collect_the_contacts_it_does_not_list(netz, monkeypatch,
                                                                       fixture_file):
    """The page lists each network's public contacts itself; the selection of contacts the
    other exports write (with members, sorted) would be built and thrown away."""
    from netzwerk_cli.export import selection

    collected = []
    real = selection.collect_kontakte
    monkeypatch.setattr(selection, "collect_kontakte",
                        lambda *a, **k: collected.append(a) or real(*a, **k))
    monkeypatch.setenv("NETZ_REGISTRY", str(fixture_file("html.toml")))
    result = netz("export", "html")
    assert result.exit_code == 0, result.output
    assert result.stdout.count('<li class="netzwerk"') == 4
    assert collected == []
    assert netz("export", "kontakte", "--format", "csv").exit_code == 0
    assert len(collected) == 1


def test_installed_netz_writes_the_golden_page(tmp_path, fixture_file):
    """The whole path in a real process: the page of the fixture is its golden file."""
    import os

    env = {k: v for k, v in os.environ.items() if k != "NETZ_REGISTRY"}
    env |= {"XDG_CACHE_HOME": str(tmp_path / "cache"), "HOME": str(tmp_path),
            "NETZ_HEUTE": "2026-11-25"}
    target = tmp_path / "seite.html"
    result = subprocess.run([str(NETZ), "export", "html", "--registry",
                             str(fixture_file("html.toml")), "--titel",
                             "Netzwerke <für> „alle“", "-o", str(target)],
                            capture_output=True, text=True, env=env, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert target.read_bytes() == (fixture_file("seite") / "fixture.html").read_bytes()


def test_a_large_page_is_written_from_its_pieces_to_the_same_bytes(monkeypatch):
    """Memory at 100,000 networks: the page is encoded a few thousand pieces at a time, never
    held as one text – and is byte for byte the page as one text."""
    from netzwerk_cli.export import formats
    from netzwerk_cli.export.formats import PAGE_FORMATS

    monkeypatch.setattr(formats, "_PIECES_PER_BATCH", 50)
    data = _page(scaled(300))
    assert sum(1 for _ in html.html_pieces(data)) > 2 * 50
    assert PAGE_FORMATS["html"].render(data) == html.to_html(data).encode("utf-8")
    assert PAGE_FORMATS["markdown"].render(data) == html.to_markdown(data).encode("utf-8")
