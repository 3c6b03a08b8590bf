"""The published page, checked as HTML: structure, escaping, privacy, links."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest


@pytest.fixture
def html_registry(fixture_file, monkeypatch):
    monkeypatch.setenv("NETZ_REGISTRY", str(fixture_file("html.toml")))


def export_page(netz, *args: str) -> str:
    result = netz("export", "html", *args)
    assert result.exit_code == 0, result.output
    return result.stdout


class Outline(HTMLParser):
    """Headings, labelled controls and external resources of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[tuple[str, str]] = []
        self.labels: set[str] = set()
        self.controls: list[str] = []
        self.external: list[str] = []
        self._open: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("h1", "h2", "h3"):
            self._open = tag
            self.headings.append((tag, ""))
        if tag == "label":
            self.labels.add(attributes.get("for", ""))
        if tag in ("input", "select"):
            self.controls.append(attributes.get("id", ""))
        if tag in ("script", "img", "iframe") and attributes.get("src"):
            self.external.append(attributes["src"])
        if tag == "link":
            self.external.append(attributes.get("href", ""))

    def handle_data(self, data):
        if self._open:
            tag, text = self.headings[-1]
            self.headings[-1] = (tag, text + data)

    def handle_endtag(self, tag):
        if tag == self._open:
            self._open = None


def parse_page(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


def test_page_is_grouped_by_bezirk_with_city_wide_and_offers_in_their_own_sections(netz,
                                                                                   html_registry):
    parsed = parse_page(export_page(netz))
    assert [t for tag, t in parsed.headings if tag == "h2"] == [
        "Stadtbezirk Hagen-Nord", "Stadtbezirk Haspe",
        "Stadtweit tätige Netzwerke und Arbeitsgemeinschaften",
        "Einrichtungen, die ihre Angebote gern bei Netzwerktreffen vorstellen"]
    assert [tag for tag, _ in parsed.headings].count("h1") == 1


def test_page_is_self_contained_german_and_every_control_has_a_label(netz, html_registry):
    html = export_page(netz)
    parsed = parse_page(html)
    assert parsed.external == []
    assert '<html lang="de">' in html
    assert parsed.controls and set(parsed.controls) <= parsed.labels
    assert "@media print" in html


def test_page_shows_stand_and_generation_date(netz, html_registry):
    html = export_page(netz)  # made on NETZ_HEUTE=2026-11-25, set in conftest
    assert "Stand der Einträge: 2023-11 bis 2025-01 · erstellt am 25.11.2026" in html


def test_without_javascript_the_whole_list_is_there_and_the_filter_bar_hidden(netz, html_registry):
    html = export_page(netz)
    assert html.count('<li class="netzwerk"') == 4  # three networks and one offer
    assert ('<form class="filter" id="filter" role="search" aria-label="Netzwerke filtern" '
            "hidden>") in html


def test_registry_text_is_escaped(netz, html_registry):
    html = export_page(netz)
    assert "<script>alert(1)</script>" not in html
    assert "Stadtteilforum Boele &lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_private_contacts_never_reach_the_page(netz, html_registry):
    result = netz("export", "html")
    for private in (b"paula.privat@example.org", b"Paula Privat", b"0171"):
        assert private not in result.stdout_bytes


def test_contacts_and_websites_are_links(netz, html_registry):
    html = export_page(netz)
    assert '<a href="mailto:treff@example.org">treff@example.org</a>' in html
    assert '<a href="tel:+4923312073608">02331 207-3608</a>' in html
    assert '<a href="https://forum-boele.example.org">forum-boele.example.org</a>' in html


def test_list_filters_choose_the_page(netz, html_registry):
    parsed = parse_page(export_page(netz, "--bezirk", "Haspe", "--ohne-stadtweit"))
    assert [t for tag, t in parsed.headings if tag == "h2"] == ["Stadtbezirk Haspe"]


def test_markdown_version(netz, html_registry):
    text = export_page(netz, "--format", "markdown")
    assert text.startswith("# Netzwerke für Kinder und Jugendliche in Hagen\n")
    assert "## Stadtbezirk Haspe" in text
    assert "### Stadtteilforum Boele \\<script\\>alert(1)\\</script\\>" in text
    assert "paula.privat@example.org" not in text


def test_file_output_is_the_page(netz, html_registry, tmp_path):
    file = tmp_path / "netzwerke.html"
    assert netz("export", "html", "-o", str(file)).exit_code == 0
    assert file.read_bytes() == netz("export", "html").stdout_bytes
    assert file.read_text("utf-8").startswith("<!DOCTYPE html>")
