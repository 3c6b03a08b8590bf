"""The published page keeps its bytes: it is put on web sites, so a faster way to build it must
write exactly what the page was before.

Two guards: golden files of the page (and its Markdown version) for a registry with every kind
of value the page shows – odd characters, derived values, members, practices, links, private
contacts, an offer – written by netz before the entries were rendered in Python; and, for any
registry (the shipped data among them), the page compared with what stock Jinja renders from the
page template with the entry macro it had until then (``fixtures/eintrag_reference.html.j2``).

A deliberate change to the page updates the golden files (``NETZ_UPDATE_GOLDEN=1 pytest
tests/test_html_bytes.py``) and, for an entry's markup, the reference macro.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from netzwerk_cli.export import html
from netzwerk_cli.model import Angebot, Kontakt
from netzwerk_cli.registry import embedded_registry, registry_from_text
from tests.test_index import scaled

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = dt.date(2026, 11, 25)


def odd_registry():
    """Twelve networks with everything the page shows, and what it must not."""
    registry = scaled(12)
    for number, (netzwerk_id, netzwerk) in enumerate(sorted(registry.netzwerke.items())):
        netzwerk.name += ' <b>"&\'' * (number % 2)
        netzwerk.notiz = "Zeile 1\nZeile <2> & „Anführung“" if number % 3 else ""
        netzwerk.arbeitsweise = ["Runde", "Besuche & Treffen"] if number % 4 == 0 else []
        netzwerk.webseite = "https://example.org/?a=1&b=2" if number % 5 == 0 else ""
        netzwerk.zielgruppen = ["Eltern <U3>", "Fachkräfte"] if number % 3 == 1 else []
        netzwerk.themen = ["Jugendarbeit", "Übergang Schule–Beruf"][: 1 + number % 2]
        if number % 6 == 5:
            netzwerk.stadtteile, netzwerk.stadtweit = [], True
        elif number % 6 == 2:
            netzwerk.stadtteile = ["Boele", "Haspe", "Wehringhausen"]
        if number % 2:
            netzwerk.herkunft = {"abgeleitet": {"stadtteile": "aus dem Namen",
                                                "themen": "aus der Beschreibung",
                                                "name": "aus <der> Quelle"}}
        if number % 4 == 3:
            netzwerk.turnus, netzwerk.wochentag, netzwerk.beginn = 12, "di", "16:00"
        if number % 5 == 1:
            registry.mitglieder.pop(netzwerk_id)
        if number == 7:
            netzwerk.kontakte.append("odd")
    registry.kontakte["odd"] = Kontakt(
        art="person", name="Ölçü <Ä> & Söhne", funktion="Leitung \"Mitte\"",
        organisation="Träger & Partner", strasse="Weg 1", plz="58095", ort="Hagen",
        telefon="02331 CALL-ME", email="o&o@example.org", webseite="javascript:alert(1)",
        oeffentlich=True, herkunft={"abgeleitet": {"oeffentlich": "aus der Quelle",
                                                   "telefon": "aus dem Aushang"}})
    registry.kontakte["person-4"].oeffentlich = True
    registry.kontakte["person-4"].webseite = "traeger-4.example.org/seite?x=<1>"
    registry.angebote["musikschule"] = Angebot(name="Musikschule <Hagen>", themen=["Musik"],
                                               kontakte=["org-3"], stand="2024-01")
    registry.quelle = "Workshop 2017 „Netzwerke“"
    return registry


def shipped():
    path = embedded_registry()
    return registry_from_text(path.read_text("utf-8"), str(path))


def page_data(registry):
    return html.page_data(registry, sorted(registry.netzwerke.items()),
                          sorted(registry.angebote.items()), "Netzwerke <für> „alle“", TODAY)


def fixture_registry():
    path = FIXTURES / "html.toml"
    return registry_from_text(path.read_text("utf-8"), str(path))


def check_golden(name: str, text: str) -> None:
    golden = FIXTURES / "seite" / name
    if os.environ.get("NETZ_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_bytes(text.encode("utf-8"))
    assert text.encode("utf-8") == golden.read_bytes(), f"{name}: the page changed"


@pytest.mark.parametrize("name, registry", [("odd", odd_registry), ("fixture", fixture_registry)])
def test_page_is_byte_for_byte_what_it_was(name, registry):
    data = page_data(registry())
    check_golden(f"{name}.html", html.to_html(data))
    check_golden(f"{name}.md", html.to_markdown(data))


@pytest.mark.parametrize("registry", [shipped, odd_registry, fixture_registry])
def test_page_is_what_stock_jinja_renders_with_the_reference_entry(registry):
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined

    stock = Environment(loader=ChoiceLoader([PackageLoader("netzwerk_cli.export", "templates"),
                                             FileSystemLoader(FIXTURES)]),
                        autoescape=True, undefined=StrictUndefined, trim_blocks=True,
                        lstrip_blocks=True, keep_trailing_newline=True)
    reference = stock.get_template("eintrag_reference.html.j2").module.eintrag  # type: ignore[attr-defined]
    data = page_data(registry())
    expected = stock.get_template("netzwerke.html.j2").render(**data, eintrag=reference)
    assert html.to_html(data) == expected
