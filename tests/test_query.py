"""Filters and search, on the small fixture registry and on the Hagen data."""

from __future__ import annotations

import pytest

from netzwerk_cli.errors import EingabeFehler
from netzwerk_cli.query import Kriterien, auswaehlen, orte_mit_anzahl, suchen
from netzwerk_cli.registry import eingebettetes_register, register_aus_text


@pytest.fixture(scope="module")
def klein(request):
    pfad = request.path.parent / "fixtures" / "klein.toml"
    return register_aus_text(pfad.read_text("utf-8"), "klein.toml")


@pytest.fixture(scope="module")
def hagen():
    return register_aus_text(eingebettetes_register().read_text("utf-8"), "networks.toml")


def ids(register, **kriterien):
    auswahl = auswaehlen(register, Kriterien(**kriterien))
    return [i for i, _ in auswahl.netzwerke], [i for i, _ in auswahl.stadtweit]


def test_list_by_bezirk_includes_networks_of_its_stadtteile_and_wohnbezirke(klein):
    assert ids(klein, bezirke=["Hagen-Nord"]) == (["ak-kabel", "forum-boele"], ["ag-kita"])


def test_network_spanning_two_areas_appears_under_each(klein):
    assert "grenzgaenger" in ids(klein, bezirke=["Haspe"])[0]
    assert "grenzgaenger" in ids(klein, bezirke=["Mitte"])[0]


def test_bezirk_wide_network_appears_for_its_stadtteile(klein):
    assert ids(klein, stadtteile=["Westerbauer"])[0] == ["grenzgaenger", "hasper-runde"]


def test_stadtteil_filter_includes_networks_of_its_wohnbezirke_and_the_containing_stadtteil(klein):
    assert ids(klein, stadtteile=["Boele"])[0] == ["ak-kabel", "forum-boele"]
    assert ids(klein, stadtteile=["Kabel"])[0] == ["ak-kabel", "forum-boele"]


def test_city_wide_networks_can_be_left_out(klein):
    assert ids(klein, bezirke=["Hagen-Nord"], mit_stadtweit=False)[1] == []


def test_without_area_filter_all_networks_come_sorted_by_name(klein):
    assert ids(klein)[0] == ["ag-kita", "ak-kabel", "grenzgaenger", "hasper-runde", "forum-boele"]


def test_stadtteil_given_as_bezirk_is_understood_with_a_hint(klein):
    auswahl = auswaehlen(klein, Kriterien(bezirke=["Kabel"]))
    assert [i for i, _ in auswahl.netzwerke] == ["ak-kabel", "forum-boele"]
    assert "kein Stadtbezirk" in auswahl.hinweise[0]


def test_thema_matches_part_of_a_topic_ignoring_case_and_umlauts(klein):
    assert ids(klein, themen=["kinderschutz"])[0] == ["forum-boele"]
    assert ids(klein, themen=["uebergang"])[0] == ["hasper-runde"]
    assert ids(klein, themen=["strassen"])[0] == ["grenzgaenger"]


def test_several_values_of_one_filter_mean_or_and_different_filters_mean_and(klein):
    assert ids(klein, themen=["Familie", "Jugendarbeit"])[0] == ["ak-kabel", "forum-boele"]
    assert ids(klein, themen=["Familie", "Jugendarbeit"], arten=["AK"])[0] == ["ak-kabel"]


@pytest.mark.parametrize(("kriterien", "meldung"), [
    ({"themen": ["Famlie"]}, "Meinten Sie „Familie“?"),
    ({"arten": ["Arbeitskries"]}, "Meinten Sie „Arbeitskreis“?"),
    ({"ids": ["forum-bole"]}, "Meinten Sie „forum-boele“?"),
    ({"ids": ["musikschule"]}, "ist ein Angebot, kein Netzwerk"),
])
def test_unknown_values_are_usage_errors_with_suggestion(klein, kriterien, meldung):
    with pytest.raises(EingabeFehler, match=meldung):
        auswaehlen(klein, Kriterien(**kriterien))


def test_ids_select_exactly_those_networks(klein):
    assert ids(klein, ids=["hasper-runde", "ak-kabel"])[0] == ["ak-kabel", "hasper-runde"]


def test_hagen_eppenhausen_by_bezirk_and_by_stadtteil(hagen):
    assert "stadtteilforum-eppenhausen" in ids(hagen, bezirke=["Mitte"])[0]
    assert "stadtteilforum-eppenhausen" in ids(hagen, stadtteile=["Eppenhausen"])[0]
    assert "ak-90" in ids(hagen, bezirke=["Haspe"])[0]


def test_orte_mit_anzahl_counts_local_networks_per_place(klein):
    anzahl = {ort.name: n for ort, n in orte_mit_anzahl(klein)}
    assert anzahl["Hagen-Nord"] == 2
    assert anzahl["Kabel"] == 2  # its own AK and the forum for all of Boele
    assert anzahl["Haspe"] == 2
    assert anzahl["Emst"] == 0


# --- search --------------------------------------------------------------------------------


def treffer(register, text):
    return [t.id for t in suchen(register, text)]


def test_search_tolerates_a_typo(hagen):
    assert "runder-tisch-wehringhausen" in treffer(hagen, "wehringhausn")


def test_search_understands_adjectives_of_places(hagen):
    assert treffer(hagen, "Hasper")[0] == "ak-90"


def test_search_finds_parts_of_compounds(hagen):
    assert "ag-2" in treffer(hagen, "sozialarbeit")


def test_search_ignores_umlauts_and_sharp_s(klein):
    assert treffer(klein, "Uebergang") == ["hasper-runde"]
    assert treffer(klein, "strassensozialarbeit") == ["grenzgaenger"]
    assert treffer(klein, "GRENZGÄNGER") == ["grenzgaenger"]


def test_search_finds_networks_through_their_contacts(hagen):
    assert sorted(treffer(hagen, "Keller")) == ["netzwerk-mitte", "runder-tisch-wehringhausen",
                                               "stadtteilforum-altenhagen"]


def test_search_ranks_name_hits_above_contact_hits(klein):
    assert treffer(klein, "Haspe")[:2] == ["grenzgaenger", "hasper-runde"]
    assert treffer(klein, "Haspe")[-1] == "musikschule"  # only its contact is in Haspe


def test_search_requires_every_word(hagen):
    assert treffer(hagen, "Eilper Forum") == ["eilper-forum"]
    assert treffer(hagen, "Eilper Wehringhausen") == []


def test_search_finds_offers(hagen):
    assert treffer(hagen, "Stadtsportbund") == ["stadtsportbund"]


def test_empty_search_is_a_usage_error(hagen):
    with pytest.raises(EingabeFehler):
        suchen(hagen, " – ")
