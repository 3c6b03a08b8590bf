"""The published page, checked as HTML: structure, escaping, privacy, links."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest


@pytest.fixture
def register(fixture_datei, monkeypatch):
    monkeypatch.setenv("NETZ_REGISTRY", str(fixture_datei("html.toml")))


def seite(netz, *args: str) -> str:
    ergebnis = netz("export", "html", *args)
    assert ergebnis.exit_code == 0, ergebnis.output
    return ergebnis.stdout


class Gliederung(HTMLParser):
    """Headings, labelled controls and external resources of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.ueberschriften: list[tuple[str, str]] = []
        self.labels: set[str] = set()
        self.controls: list[str] = []
        self.extern: list[str] = []
        self._offen: str | None = None

    def handle_starttag(self, tag, attrs):
        attribute = dict(attrs)
        if tag in ("h1", "h2", "h3"):
            self._offen = tag
            self.ueberschriften.append((tag, ""))
        if tag == "label":
            self.labels.add(attribute.get("for", ""))
        if tag in ("input", "select"):
            self.controls.append(attribute.get("id", ""))
        if tag in ("script", "img", "iframe") and attribute.get("src"):
            self.extern.append(attribute["src"])
        if tag == "link":
            self.extern.append(attribute.get("href", ""))

    def handle_data(self, data):
        if self._offen:
            tag, text = self.ueberschriften[-1]
            self.ueberschriften[-1] = (tag, text + data)

    def handle_endtag(self, tag):
        if tag == self._offen:
            self._offen = None


def gliederung(html: str) -> Gliederung:
    parser = Gliederung()
    parser.feed(html)
    return parser


def test_page_is_grouped_by_bezirk_with_city_wide_and_offers_in_their_own_sections(netz,
                                                                                   register):
    teile = gliederung(seite(netz))
    assert [t for tag, t in teile.ueberschriften if tag == "h2"] == [
        "Stadtbezirk Hagen-Nord", "Stadtbezirk Haspe",
        "Stadtweit tätige Netzwerke und Arbeitsgemeinschaften",
        "Einrichtungen, die ihre Angebote gern bei Netzwerktreffen vorstellen"]
    assert [tag for tag, _ in teile.ueberschriften].count("h1") == 1


def test_page_is_self_contained_german_and_every_control_has_a_label(netz, register):
    html = seite(netz)
    teile = gliederung(html)
    assert teile.extern == []
    assert '<html lang="de">' in html
    assert teile.controls and set(teile.controls) <= teile.labels
    assert "@media print" in html


def test_page_shows_stand_and_generation_date(netz, register):
    html = seite(netz)
    assert re.search(r"Stand der Einträge: 2023-11 bis 2025-01 · erstellt am \d\d\.\d\d\.\d{4}",
                     html)


def test_without_javascript_the_whole_list_is_there_and_the_filter_bar_hidden(netz, register):
    html = seite(netz)
    assert html.count('<li class="netzwerk"') == 4  # three networks and one offer
    assert ('<form class="filter" id="filter" role="search" aria-label="Netzwerke filtern" '
            "hidden>") in html


def test_registry_text_is_escaped(netz, register):
    html = seite(netz)
    assert "<script>alert(1)</script>" not in html
    assert "Stadtteilforum Boele &lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_private_contacts_never_reach_the_page(netz, register):
    ergebnis = netz("export", "html")
    for privat in (b"paula.privat@example.org", b"Paula Privat", b"0171"):
        assert privat not in ergebnis.stdout_bytes


def test_contacts_and_websites_are_links(netz, register):
    html = seite(netz)
    assert '<a href="mailto:treff@example.org">treff@example.org</a>' in html
    assert '<a href="tel:+4923312073608">02331 207-3608</a>' in html
    assert '<a href="https://forum-boele.example.org">forum-boele.example.org</a>' in html


def test_list_filters_choose_the_page(netz, register):
    teile = gliederung(seite(netz, "--bezirk", "Haspe", "--ohne-stadtweit"))
    assert [t for tag, t in teile.ueberschriften if tag == "h2"] == ["Stadtbezirk Haspe"]


def test_markdown_version(netz, register):
    text = seite(netz, "--format", "markdown")
    assert text.startswith("# Netzwerke für Kinder und Jugendliche in Hagen\n")
    assert "## Stadtbezirk Haspe" in text
    assert "### Stadtteilforum Boele \\<script\\>alert(1)\\</script\\>" in text
    assert "paula.privat@example.org" not in text


def test_file_output_and_no_overwrite(netz, register, tmp_path):
    datei = tmp_path / "netzwerke.html"
    assert netz("export", "html", "-o", str(datei)).exit_code == 0
    assert datei.read_text("utf-8").startswith("<!DOCTYPE html>")
    assert netz("export", "html", "-o", str(datei)).exit_code == 2
