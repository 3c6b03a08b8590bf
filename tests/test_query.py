"""Filters and search, on small fixture registries and on the Hagen data."""

from __future__ import annotations

from pathlib import Path

import pytest

from netzwerk_cli.coverage import coverage_of_places
from netzwerk_cli.errors import InputError
from netzwerk_cli.query import Criteria, search, select
from netzwerk_cli.registry import embedded_registry, registry_from_text

FIXTURES = Path(__file__).parent / "fixtures"


def load(name: str):
    return registry_from_text((FIXTURES / name).read_text("utf-8"), name)


@pytest.fixture(scope="module")
def small():
    return load("klein.toml")


@pytest.fixture(scope="module")
def hagen():
    return registry_from_text(embedded_registry().read_text("utf-8"), "networks.toml")


def ids(registry, **criteria) -> tuple[list[str], list[str]]:
    """The ids of the local and of the city-wide networks chosen."""
    selection = select(registry, Criteria(**criteria))
    return [i for i, _ in selection.netzwerke], [i for i, _ in selection.stadtweit]


def hits(registry, text: str) -> list[str]:
    return [t.id for t in search(registry, text)]


# --- filters by area -----------------------------------------------------------------------------


def test_list_by_bezirk_includes_networks_of_its_stadtteile_and_wohnbezirke(small):
    assert ids(small, bezirke=["Hagen-Nord"]) == (["ak-kabel", "forum-boele"], ["ag-kita"])


@pytest.mark.parametrize(("criterion", "area"), [
    ("bezirke", "Haspe"), ("bezirke", "Mitte"),
    ("stadtteile", "Westerbauer"), ("stadtteile", "Wehringhausen"),
])
def test_network_spanning_two_areas_appears_under_each(small, criterion, area):
    assert "grenzgaenger" in ids(small, **{criterion: [area]})[0]


@pytest.mark.parametrize(("stadtteil", "expected"), [
    ("Westerbauer", ["grenzgaenger", "hasper-runde"]),
    ("Hestert", ["hasper-runde"]),
])
def test_bezirk_wide_network_appears_for_its_stadtteile(small, stadtteil, expected):
    assert ids(small, stadtteile=[stadtteil])[0] == expected


@pytest.mark.parametrize(("stadtteil", "expected"), [
    ("Boele", ["ak-kabel", "forum-boele"]),  # its own forum and the AK of its Wohnbezirk
    ("Kabel", ["ak-kabel", "forum-boele"]),  # its own AK and the forum of its Stadtteil
    ("Bathey", ["forum-boele"]),  # a sibling Wohnbezirk's AK is not in Bathey
    ("Kuhlerkamp", []),  # Wehringhausen-West is a sibling, not a part
])
def test_stadtteil_filter_follows_the_containment_of_places(small, stadtteil, expected):
    assert ids(small, stadtteile=[stadtteil])[0] == expected


def test_city_wide_networks_come_apart_from_local_ones_with_an_area_filter(small):
    selection = select(small, Criteria(bezirke=["Haspe"]))
    assert selection.by_area
    assert [i for i, _ in selection.stadtweit] == ["ag-kita"]
    assert [i for i, _ in selection.all()] == ["grenzgaenger", "hasper-runde", "ag-kita"]


def test_city_wide_networks_can_be_left_out(small):
    assert ids(small, bezirke=["Hagen-Nord"], mit_stadtweit=False) == (
        ["ak-kabel", "forum-boele"], [])


def test_without_area_filter_all_networks_come_together_sorted_by_name(small):
    selection = select(small, Criteria())
    assert not selection.by_area
    assert [i for i, _ in selection.netzwerke] == [
        "ag-kita", "ak-kabel", "grenzgaenger", "hasper-runde", "forum-boele"]
    assert selection.stadtweit == []


def test_stadtteil_given_as_bezirk_is_understood_with_a_hint(small):
    selection = select(small, Criteria(bezirke=["Kabel"]))
    assert [i for i, _ in selection.netzwerke] == ["ak-kabel", "forum-boele"]
    assert selection.hints == [
        "„Kabel“ ist kein Stadtbezirk, sondern ein Wohnbezirk im Stadtbezirk Hagen-Nord; "
        "gezeigt werden die Netzwerke für Kabel. Für den ganzen Bezirk: --bezirk \"Hagen-Nord\"."]


def test_a_bezirk_given_as_stadtteil_passes_the_note_on(hagen):
    selection = select(hagen, Criteria(bezirke=["Westerbauer"]))
    assert selection.hints == [
        "„Westerbauer“ ist kein Stadtbezirk, sondern ein Wohnbezirk im Stadtbezirk Haspe; "
        "gezeigt werden die Netzwerke für Westerbauer. Für den ganzen Bezirk: --bezirk \"Haspe\"."]


@pytest.mark.parametrize(("criteria", "message"), [
    ({"bezirke": ["Hasp"]}, "Unbekannter Stadtbezirk „Hasp“. Meinten Sie „Haspe“?"),
    ({"stadtteile": ["Zentrum"]}, "„Zentrum“ ist mehrdeutig"),
])
def test_unknown_or_ambiguous_places_are_usage_errors(small, criteria, message):
    with pytest.raises(InputError, match=message):
        select(small, Criteria(**criteria))


def test_hagen_eppenhausen_is_found_by_its_bezirk_and_by_its_own_name(hagen):
    assert "stadtteilforum-eppenhausen" in ids(hagen, bezirke=["Mitte"])[0]
    assert "stadtteilforum-eppenhausen" in ids(hagen, stadtteile=["Hochschulviertel"])[0]
    assert "stadtteilforum-eppenhausen" in ids(hagen, stadtteile=["Eppenhausen"])[0]


def test_hagen_ak_90_is_listed_for_haspe(hagen):
    assert ids(hagen, bezirke=["Haspe"])[0] == [
        "ak-90", "sozialraumteam-haspe", "stadtbezirkskonferenz-haspe"]


# --- filters by topic, kind and id --------------------------------------------------------------


@pytest.mark.parametrize(("thema", "expected"), [
    ("kinderschutz", ["forum-boele"]),
    ("JUGEND", ["ak-kabel"]),
    ("uebergang", ["hasper-runde"]),
    ("schule", ["hasper-runde"]),
    ("strassen", ["grenzgaenger"]),
])
def test_thema_matches_part_of_a_topic_ignoring_case_umlauts_and_sharp_s(small, thema, expected):
    assert ids(small, themen=[thema])[0] == expected


def test_several_values_of_one_filter_mean_or_and_different_filters_mean_and(small):
    assert ids(small, themen=["Familie", "Jugendarbeit"])[0] == ["ak-kabel", "forum-boele"]
    assert ids(small, themen=["Familie", "Jugendarbeit"], arten=["AK"])[0] == ["ak-kabel"]


@pytest.mark.parametrize(("art", "expected"), [
    ("AK", ["ak-kabel"]),
    ("arbeitsgemeinschaft", ["ag-kita"]),
    ("AG", ["ag-kita"]),
    ("Forum", ["grenzgaenger", "hasper-runde", "forum-boele"]),
])
def test_art_filter_understands_ids_labels_and_aliases(small, art, expected):
    assert ids(small, arten=[art])[0] == expected


def test_ids_select_exactly_those_networks_sorted_by_name(small):
    assert ids(small, ids=["hasper-runde", "ak-kabel"])[0] == ["ak-kabel", "hasper-runde"]


@pytest.mark.parametrize(("criteria", "message"), [
    ({"themen": ["Famlie"]}, "Kein Netzwerk hat ein Thema „Famlie“. Meinten Sie „Familie“?"),
    ({"arten": ["Arbeitskries"]}, "Unbekannte Art „Arbeitskries“. Meinten Sie „Arbeitskreis“?"),
    ({"ids": ["forum-bole"]}, "Keinen Eintrag mit der ID „forum-bole“ gefunden. Meinten Sie "
                              "„forum-boele“?"),
    ({"ids": ["musikschule"]}, "„musikschule“ ist ein Angebot, kein Netzwerk."),
])
def test_unknown_values_are_usage_errors_with_suggestion(small, criteria, message):
    with pytest.raises(InputError) as error:
        select(small, Criteria(**criteria))
    assert str(error.value).startswith(message)


# --- places with their number of networks -------------------------------------------------------


def test_places_count_networks_vor_ort_and_for_a_larger_area_apart(small):
    counts = {c.place.name: (len(c.vor_ort), len(c.wider)) for c in coverage_of_places(small)}
    assert {name: counts[name] for name in [
        "Hagen-Nord", "Boele", "Kabel", "Bathey", "Haspe", "Westerbauer", "Hestert",
        "Hagen-Mitte", "Wehringhausen", "Kuhlerkamp", "Emst", "Hohenlimburg"]} == {
        "Hagen-Nord": (2, 0), "Boele": (2, 0), "Kabel": (1, 1), "Bathey": (0, 1),
        "Haspe": (2, 0), "Westerbauer": (1, 1), "Hestert": (0, 1), "Hagen-Mitte": (1, 0),
        "Wehringhausen": (1, 0), "Kuhlerkamp": (0, 0), "Emst": (0, 0),
        "Hohenlimburg": (0, 0)}  # the city-wide AG Kita counts nowhere


def test_places_list_each_bezirk_before_its_parts(small):
    names = [c.place.name for c in coverage_of_places(small)]
    assert names[0] == "Hagen-Mitte"
    assert names.index("Haspe") < names.index("Westerbauer")
    assert names.index("Hagen-Nord") < names.index("Boele") < names.index("Kabel")


# --- free-text search ---------------------------------------------------------------------------


def test_search_tolerates_a_typo(hagen):
    assert hits(hagen, "wehringhausn") == ["runder-tisch-wehringhausen",
                                           "sozialraumteam-wehringhausen"]


def test_search_understands_adjectives_of_places(hagen):
    assert hits(hagen, "Hasper") == ["ak-90", "sozialraumteam-haspe",
                                     "stadtbezirkskonferenz-haspe"]


def test_search_for_a_stadtteil_finds_networks_of_its_wohnbezirke(hagen):
    assert hits(hagen, "Hochschulviertel") == ["stadtteilforum-eppenhausen"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Uebergang", ["hasper-runde"]),
    ("übergang", ["hasper-runde"]),
    ("strassensozialarbeit", ["grenzgaenger"]),
    ("STRASSENSOZIALARBEIT", ["grenzgaenger"]),
    ("GRENZGÄNGER", ["grenzgaenger"]),
])
def test_search_ignores_case_umlauts_and_sharp_s(small, text, expected):
    assert hits(small, text) == expected


@pytest.mark.parametrize("part", ["jugend", "sozialarbeit", "berufshilfe"])
def test_search_finds_parts_of_compounds(hagen, part):
    assert "ag-2" in hits(hagen, part)


@pytest.mark.parametrize("name", ["Keller", "natalia", "kellr"])
def test_search_finds_networks_through_their_contacts(hagen, name):
    assert sorted(hits(hagen, name)) == ["netzwerk-mitte", "runder-tisch-wehringhausen",
                                         "stadtteilforum-altenhagen"]


def test_search_ranks_name_hits_above_topic_hits_above_note_hits():
    assert hits(load("suche_rangfolge.toml"), "Spielplatz") == [
        "spielplatz-runde", "forum-emst", "ak-boele"]


def test_search_ranks_name_hits_above_contact_hits(small):
    assert hits(small, "Haspe") == ["grenzgaenger", "hasper-runde", "ag-kita", "musikschule"]


def test_search_requires_every_word(hagen):
    assert hits(hagen, "Eilper Forum") == ["eilper-forum"]
    assert hits(hagen, "Eilper Wehringhausen") == []


@pytest.mark.parametrize(("text", "angebot"), [
    ("Stadtsportbund", "stadtsportbund"), ("Rat am Ring", "rat-am-ring"),
    ("Theater", "museum-theater"),
])
def test_search_finds_offers(hagen, text, angebot):
    assert hits(hagen, text) == [angebot]


@pytest.mark.parametrize("text", ["", "   ", " – "])
def test_empty_search_is_a_usage_error(hagen, text):
    with pytest.raises(InputError) as error:
        search(hagen, text)
    assert str(error.value) == "Bitte einen Suchbegriff angeben, z. B. `netz search Haspe`."


def test_thema_ignores_punctuation_like_place_names_do(small):
    assert ids(small, themen=["Schule-Beruf"])[0] == ["hasper-runde"]
