"""The shipped data says only what its source says; everything else is marked as derived.

The source is the workshop documentation of the Bildungskonferenz Hagen 2017, kept verbatim in
tests/fixtures/quelle-2017.txt so the quotes in ``herkunft`` can be checked against it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from netzwerk_cli.registry import embedded_registry, registry_from_text, registry_to_toml

SOURCE = Path(__file__).parent / "fixtures" / "quelle-2017.txt"


def spaced(text: str) -> str:
    """Text with the source's bullets and line breaks folded to single spaces."""
    return re.sub(r"\s+", " ", text.replace("•", " ")).strip()


@pytest.fixture(scope="module")
def hagen():
    return registry_from_text(embedded_registry().read_text("utf-8"), "networks.toml")


@pytest.fixture(scope="module")
def source():
    return spaced(SOURCE.read_text("utf-8"))


def all_entries(registry):
    return [*registry.netzwerke.items(), *registry.kontakte.items(), *registry.angebote.items()]


def test_no_entry_carries_the_workshop_title_as_topic(hagen):
    assert [i for i, n in hagen.netzwerke.items() if "Vernetzung im Sozialraum" in n.themen] == []


def test_kindertagesbetreuung_is_about_children_not_youth(hagen):
    assert hagen.netzwerke["ag-3"].zielgruppen == ["Kinder"]
    assert "zielgruppen" in hagen.netzwerke["ag-3"].herkunft["abgeleitet"]


def test_target_groups_only_where_a_quote_of_the_entry_names_them(hagen):
    for entry_id, entry in [*hagen.netzwerke.items(), *hagen.angebote.items()]:
        quotes = " ".join(entry.herkunft.get("zitat", []))
        for gruppe, word in (("Kinder", "Kinder"), ("Jugendliche", "Jugend")):
            if gruppe in entry.zielgruppen:
                assert word in quotes, (entry_id, gruppe)


def test_networks_without_a_stated_target_group_have_none(hagen):
    for entry_id in ("eilper-forum", "netzwerk-mitte", "runder-tisch-wehringhausen",
                     "stadtteilforum-altenhagen", "stadtteilforum-eppenhausen",
                     "sozialraumteam-haspe"):
        assert hagen.netzwerke[entry_id].zielgruppen == [], entry_id


def test_every_stadtbezirkskonferenz_names_its_derived_name_area_and_contact(hagen):
    konferenzen = {i: n for i, n in hagen.netzwerke.items() if n.art == "konferenz"}
    assert len(konferenzen) == 5
    for entry_id, netzwerk in konferenzen.items():
        assert set(netzwerk.herkunft["abgeleitet"]) == {"name", "gebiet", "kontakte"}, entry_id
        (kontakt_id,) = netzwerk.kontakte
        assert "name" in hagen.kontakte[kontakt_id].herkunft["abgeleitet"], kontakt_id


def test_every_entry_rests_on_quotes_found_verbatim_in_the_source(hagen, source):
    for entry_id, entry in all_entries(hagen):
        assert entry.herkunft.get("zitat"), entry_id
        for quote in entry.herkunft["zitat"]:
            assert spaced(quote) in source, (entry_id, quote)


def test_areas_taken_from_names_or_other_sources_are_marked_derived(hagen):
    for entry_id, netzwerk in hagen.netzwerke.items():
        assert "gebiet" in netzwerk.herkunft.get("abgeleitet", {}), entry_id
    for entry_id, netzwerk in hagen.netzwerke.items():
        if netzwerk.art == "sozialraumteam":
            assert "0490/2024" in netzwerk.herkunft["quelle"], entry_id
            assert "0490/2024" in netzwerk.herkunft["abgeleitet"]["gebiet"], entry_id


def test_netzwerk_mitte_keeps_its_own_practices_word_for_word(hagen, source):
    mitte = hagen.netzwerke["netzwerk-mitte"]
    assert len(mitte.arbeitsweise) == 12
    assert all(spaced(item) in source for item in mitte.arbeitsweise)
    # "z.B. 4 x im Jahr", "z.B. 16-18 Uhr" are examples, not the network's rhythm.
    assert (mitte.turnus, mitte.beginn, mitte.ende) == (0, "", "")
    assert mitte.orte == "reihum" and "orte" in mitte.herkunft["abgeleitet"]


def test_facts_of_the_source_the_registry_used_to_miss(hagen, source):
    assert "Weitere Sozialraumteams sind geplant." in hagen.anmerkungen["sozialraumteam"]
    assert "Beispiele" in hagen.anmerkungen["angebote"]
    assert "Museum & Theater" in hagen.angebote["museum-theater"].herkunft["notiz"]
    assert hagen.angebote["museum-theater"].name == "Museum & Theater"


def test_the_shipped_file_is_written_as_netz_writes_it(hagen):
    assert registry_to_toml(hagen) == embedded_registry().read_text("utf-8")
