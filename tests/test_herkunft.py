"""Where an entry's values come from: the ``herkunft`` sub-table, ``arbeitsweise`` and the
registry's ``[anmerkungen]`` – loaded, checked with German messages, written canonically."""

from __future__ import annotations

import pytest

from netzwerk_cli.errors import RegistryError
from netzwerk_cli.registry import registry_from_text, registry_to_toml

NETZWERK = """schema = 2

[netzwerke.x]
name = "Stadtbezirkskonferenz Haspe"
art = "konferenz"
bezirke = ["Haspe"]
"""

CANONICAL_HERKUNFT = """
[netzwerke.x.herkunft]
zitat = [
    "Stadtbezirkskonferenzen",
    "Kontakt über den/die jeweilige BezirksjugendpflegerIn",
]
quelle = "Jugendhilfeausschuss Hagen, Vorlage 0490/2024"
notiz = "Ob es in jedem Stadtbezirk eine gibt, sagt die Quelle nicht."

[netzwerke.x.herkunft.abgeleitet]
name = "je Stadtbezirk gebildet"
gebiet = "aus „jeweilige“ geschlossen"
"""


def problems(text: str) -> list[str]:
    with pytest.raises(RegistryError) as error:
        registry_from_text(text, "test.toml")
    return error.value.problems


def test_herkunft_is_loaded_with_quotes_source_derived_fields_and_note():
    registry = registry_from_text(NETZWERK + CANONICAL_HERKUNFT, "test.toml")
    assert registry.netzwerke["x"].herkunft == {
        "zitat": ["Stadtbezirkskonferenzen",
                  "Kontakt über den/die jeweilige BezirksjugendpflegerIn"],
        "quelle": "Jugendhilfeausschuss Hagen, Vorlage 0490/2024",
        "abgeleitet": {"name": "je Stadtbezirk gebildet", "gebiet": "aus „jeweilige“ geschlossen"},
        "notiz": "Ob es in jedem Stadtbezirk eine gibt, sagt die Quelle nicht.",
    }


def test_herkunft_is_written_canonically_and_load_save_is_byte_identical():
    text = registry_to_toml(registry_from_text(NETZWERK + CANONICAL_HERKUNFT, "test.toml"))
    assert text.endswith('bezirke = [\n    "Haspe",\n]\n' + CANONICAL_HERKUNFT)
    assert registry_to_toml(registry_from_text(text, "test.toml")) == text


def test_herkunft_hand_written_in_any_order_is_saved_in_the_fixed_order():
    text = NETZWERK + """
[netzwerke.x.herkunft]
abgeleitet = { gebiet = "aus „jeweilige“ geschlossen", name = "je Stadtbezirk gebildet" }
notiz = "Ob es in jedem Stadtbezirk eine gibt, sagt die Quelle nicht."
quelle = "Jugendhilfeausschuss Hagen, Vorlage 0490/2024"
zitat = ["Stadtbezirkskonferenzen", "Kontakt über den/die jeweilige BezirksjugendpflegerIn"]
"""
    assert registry_to_toml(registry_from_text(text, "test.toml")).endswith(CANONICAL_HERKUNFT)


def test_a_single_quote_may_be_written_as_text():
    text = NETZWERK + '\n[netzwerke.x.herkunft]\nzitat = "Stadtbezirkskonferenzen"\n'
    assert registry_from_text(text, "t").netzwerke["x"].herkunft == {
        "zitat": ["Stadtbezirkskonferenzen"]}


def test_contacts_and_offers_have_a_herkunft_too():
    text = NETZWERK + """
[kontakte.k]
name = "Bezirksjugendpflege Haspe"

[kontakte.k.herkunft]
abgeleitet = { name = "je Stadtbezirk gebildet" }

[angebote.a]
name = "Museum & Theater"

[angebote.a.herkunft]
zitat = ["bis hin zu Museum & Theater"]
notiz = "Vielleicht zwei Einrichtungen."
"""
    registry = registry_from_text(text, "t")
    assert registry.kontakte["k"].herkunft == {"abgeleitet": {"name": "je Stadtbezirk gebildet"}}
    assert registry.angebote["a"].herkunft["notiz"] == "Vielleicht zwei Einrichtungen."


@pytest.mark.parametrize(("herkunft", "expected"), [
    ('herkunft = "aus der Quelle"',
     "Zeile 3, netzwerke.x: Feld „herkunft“: erwartet eine Tabelle [….herkunft] mit zitat, "
     "quelle, abgeleitet, notiz, gefunden \"aus der Quelle\"."),
    ("herkunft = { zitate = [] }",
     "Zeile 3, netzwerke.x: Feld „herkunft“: unbekannter Schlüssel „zitate“. Meinten Sie "
     "„zitat“? Erlaubt: zitat, quelle, abgeleitet, notiz."),
    ("herkunft = { zitat = [1] }",
     "Zeile 3, netzwerke.x: Feld „herkunft“: „zitat“ erwartet eine Liste von Texten (die Worte "
     "der Quelle), z. B. zitat = [\"Eilper Forum\"], gefunden [1]."),
    ("herkunft = { quelle = 2017 }",
     "Zeile 3, netzwerke.x: Feld „herkunft“: „quelle“ erwartet Text in Anführungszeichen, "
     "z. B. \"Haspe\", gefunden 2017."),
    ('herkunft = { abgeleitet = ["name"] }',
     "Zeile 3, netzwerke.x: Feld „herkunft“: „abgeleitet“ erwartet eine Tabelle Feld = "
     "Begründung, z. B. [….herkunft.abgeleitet] mit name = \"aus der Überschrift gebildet\", "
     "gefunden [\"name\"]."),
    ('herkunft = { abgeleitet = { nmae = "aus dem Namen" } }',
     "Zeile 3, netzwerke.x: Feld „herkunft“: „abgeleitet.nmae“: kein Feld dieses Eintrags. "
     "Meinten Sie „name“? Erlaubt: name, art, gebiet, bezirke, stadtteile, sozialraeume, "
     "stadtweit, themen, zielgruppen, kontakte, webseite, turnus, wochentag, beginn, ende, orte, "
     "arbeitsweise, notiz, stand."),
    ("herkunft = { abgeleitet = { name = true } }",
     "Zeile 3, netzwerke.x: Feld „herkunft“: „abgeleitet.name“ erwartet als Begründung einen "
     "Text, z. B. name = \"aus dem Namen abgeleitet\", gefunden true."),
])
def test_a_broken_herkunft_is_explained_with_entry_and_field(herkunft, expected):
    text = 'schema = 2\n\n[netzwerke.x]\nname = "X"\nart = "netzwerk"\nstadtweit = true\n'
    assert problems(text + herkunft + "\n") == [expected]


def test_an_offer_has_no_area_to_derive():
    text = 'schema = 2\n\n[angebote.a]\nname = "A"\nherkunft = { abgeleitet = { gebiet = "x" } }\n'
    (found,) = problems(text)
    assert found.startswith("Zeile 3, angebote.a: Feld „herkunft“: „abgeleitet.gebiet“: kein Feld")


def test_arbeitsweise_is_a_list_of_the_networks_own_practices():
    text = NETZWERK + 'arbeitsweise = ["Treffen an wechselnden Orten"]\n'
    registry = registry_from_text(text, "t")
    assert registry.netzwerke["x"].arbeitsweise == ["Treffen an wechselnden Orten"]
    written = registry_to_toml(registry)
    assert 'arbeitsweise = [\n    "Treffen an wechselnden Orten",\n]\n' in written


ANMERKUNGEN = """
[anmerkungen]
sozialraumteam = "Weitere Sozialraumteams sind geplant."
angebote = "Die Quelle nennt Beispiele."
"""


def test_anmerkungen_name_a_kind_once_for_all_its_entries():
    registry = registry_from_text(NETZWERK + ANMERKUNGEN, "t")
    assert registry.anmerkungen == {"sozialraumteam": "Weitere Sozialraumteams sind geplant.",
                                    "angebote": "Die Quelle nennt Beispiele."}
    text = registry_to_toml(registry)
    assert ANMERKUNGEN in text
    assert text.index("[anmerkungen]") < text.index("[netzwerke.x]")
    assert registry_to_toml(registry_from_text(text, "t")) == text


@pytest.mark.parametrize(("table", "expected"), [
    ('anmerkungen = "geplant"',
     "„anmerkungen“ muss eine Tabelle sein: [anmerkungen] mit Zeilen wie sozialraumteam = "
     "\"Weitere Sozialraumteams sind geplant.\""),
    ('[anmerkungen]\nsozialraumteams = "geplant"',
     "[anmerkungen]: „sozialraumteams“ ist keine Art. Meinten Sie „sozialraumteam“? Erlaubt: "
     "netzwerk, arbeitsgemeinschaft, arbeitskreis, gremium, sozialraumteam, konferenz, angebote."),
    ("[anmerkungen]\nangebote = 3",
     "[anmerkungen]: „angebote“ erwartet Text in Anführungszeichen, z. B. \"Haspe\", gefunden 3."),
])
def test_broken_anmerkungen_are_explained(table, expected):
    assert problems("schema = 2\n" + table + "\n") == [expected]
