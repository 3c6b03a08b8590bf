"""Hagen's places: every name people use maps to the right Stadtbezirk, nothing is guessed."""

from __future__ import annotations

from itertools import combinations

import pytest

from netzwerk_cli.errors import InputError
from netzwerk_cli.gazetteer import hagen

# The Stadtteile as the city lists them (hagen.de "Stadtteile", Stadtbezirksprofil Eilpe/Dahl);
# Eckesey is split (Eckesey-Nord in Hagen-Nord, Eckesey-Süd in Hagen-Mitte) and ambiguous alone.
CITY_STADTTEILE = {
    "Hagen-Mitte": ["Mittelstadt", "Altenhagen", "Wehringhausen", "Emst", "Hochschulviertel"],
    "Hagen-Nord": ["Vorhalle", "Eckesey-Nord", "Bathey", "Boele", "Boelerheide", "Helfe"],
    "Eilpe/Dahl": ["Eilpe", "Dahl", "Delstern", "Rummenohl", "Priorei", "Selbecke"],
}


def test_hagen_has_exactly_its_five_stadtbezirke_in_order():
    assert [o.name for o in hagen().bezirke()] == [
        "Hagen-Mitte", "Hagen-Nord", "Hohenlimburg", "Eilpe/Dahl", "Haspe"]


@pytest.mark.parametrize(("bezirk", "stadtteil"), [(b, t) for b, ts in CITY_STADTTEILE.items()
                                                   for t in ts])
def test_every_stadtteil_the_city_lists_maps_to_its_stadtbezirk(bezirk, stadtteil):
    assert hagen().resolve(stadtteil).bezirk == bezirk


@pytest.mark.parametrize(("typed", "name"), [
    ("Mitte", "Hagen-Mitte"), ("hagen-mitte", "Hagen-Mitte"), ("HAGEN MITTE", "Hagen-Mitte"),
    ("Eilpe-Dahl", "Eilpe/Dahl"), ("eilpe/dahl", "Eilpe/Dahl"), ("EILPE DAHL", "Eilpe/Dahl"),
    ("Hassley", "Haßley"), ("haßley", "Haßley"), ("HASSLEY", "Haßley"),
    ("Kueckelhausen", "Kückelhausen"), ("kückelhausen", "Kückelhausen"),
    ("Eckesey Sued", "Eckesey-Süd"), ("Innenstadt", "Mittelstadt"),
    ("Haspe Mitte", "Haspe-Zentrum"),
])
def test_names_match_regardless_of_case_umlauts_sharp_s_and_punctuation(typed, name):
    assert hagen().resolve(typed).name == name


@pytest.mark.parametrize(("adjective", "name"), [
    ("Hasper", "Haspe"), ("hasper", "Haspe"), ("Eilper", "Eilpe"), ("Boeler", "Boele"),
    ("Wehringhauser", "Wehringhausen"), ("Hohenlimburger", "Hohenlimburg"),
])
def test_adjectives_stand_for_their_place(adjective, name):
    assert hagen().resolve(adjective).name == name


@pytest.mark.parametrize(("name", "level", "path"), [
    ("Haspe", "Stadtbezirk", ("Haspe",)),
    ("Emst", "Stadtteil", ("Hagen-Mitte", "Emst")),
    ("Eppenhausen", "Wohnbezirk", ("Hagen-Mitte", "Hochschulviertel", "Eppenhausen")),
])
def test_every_place_knows_its_level_and_path_from_the_stadtbezirk(name, level, path):
    place = hagen().resolve(name)
    assert (place.level, place.path) == (level, path)


def test_hohenlimburg_means_the_stadtbezirk_not_the_stadtteil_of_the_same_name():
    place = hagen().resolve("Hohenlimburg")
    assert (place.path, place.level) == (("Hohenlimburg",), "Stadtbezirk")
    assert "Hohenlimburg" in [t.name for t in hagen().places if t.lies_in(place) and t != place]


@pytest.mark.parametrize("bezirk", [o.name for o in hagen().bezirke()])
def test_a_bezirk_overlaps_all_its_stadtteile_and_wohnbezirke_and_no_other_place(bezirk):
    g = hagen()
    place = g.resolve(bezirk)
    parts = [p for p in g.places if p.lies_in(place) and p != place]
    assert parts
    assert all(place.overlaps(t) and t.overlaps(place) for t in parts)
    others = [o for o in g.places if o.bezirk != bezirk]
    assert not any(place.overlaps(o) or o.overlaps(place) for o in others)


def test_sibling_stadtteile_do_not_overlap_but_a_stadtteil_contains_its_wohnbezirke():
    g = hagen()
    stadtteile = [o for o in g.places if o.level == "Stadtteil"]
    for a, b in combinations(stadtteile, 2):
        assert not a.overlaps(b), (a.name, b.name)
    hochschulviertel, eppenhausen = g.resolve("Hochschulviertel"), g.resolve("Eppenhausen")
    assert hochschulviertel.overlaps(eppenhausen)
    assert eppenhausen.overlaps(hochschulviertel)
    assert not eppenhausen.overlaps(g.resolve("Fleyerviertel"))
    assert not eppenhausen.overlaps(g.resolve("Emst"))


def test_eckesey_nord_lies_in_nord_while_eckesey_sued_lies_in_altenhagen():
    g = hagen()
    eckesey = g.resolve("Eckesey-Nord")
    assert eckesey.path == ("Hagen-Nord", "Vorhalle", "Eckesey-Nord")
    assert g.resolve("Eckesey-Süd").path[:2] == ("Hagen-Mitte", "Altenhagen")
    assert not eckesey.overlaps(g.resolve("Eckesey-Süd"))


@pytest.mark.parametrize(("name", "candidates"), [
    ("Zentrum", "Mittelstadt, Haspe-Zentrum, Eilpe, Hohenlimburg"),
    ("Tücking", "Haspe, Kuhlerkamp"),
    ("tuecking", "Haspe, Kuhlerkamp"),
    ("Oberhagen", "Mittelstadt, Eilpe"),
    ("Eckesey", "Eckesey-Nord, Eckesey-Süd"),
])
def test_ambiguous_names_list_the_candidates_instead_of_guessing(name, candidates):
    with pytest.raises(InputError) as error:
        hagen().resolve(name)
    assert str(error.value) == (f"„{name}“ ist mehrdeutig – gemeint sein kann: {candidates}. "
                                "Bitte einen davon angeben.")


@pytest.mark.parametrize(("name", "suggestion"), [
    ("Wehringhausn", "Wehringhausen"), ("Kuckelhausen", "Kückelhausen"), ("Vorhale", "Vorhalle"),
])
def test_unknown_name_suggests_the_closest_and_lists_the_bezirke(name, suggestion):
    with pytest.raises(InputError) as error:
        hagen().resolve(name, "Stadtteil")
    assert str(error.value) == (
        f"Unbekannter Stadtteil „{name}“. Meinten Sie „{suggestion}“? Gültige Stadtbezirke: "
        "Hagen-Mitte, Hagen-Nord, Hohenlimburg, Eilpe/Dahl, Haspe; "
        "alle Stadtteile und Wohnbezirke zeigt `netz bezirke`."
    )


def test_unknown_name_without_a_similar_place_makes_no_suggestion():
    with pytest.raises(InputError) as error:
        hagen().resolve("Atlantis")
    assert "Unbekannter Ort „Atlantis“." in str(error.value)
    assert "Meinten Sie" not in str(error.value)
