"""Hagen's places: every name people use maps to the right Stadtbezirk, nothing is guessed."""

from __future__ import annotations

import pytest

from netzwerk_cli.errors import EingabeFehler
from netzwerk_cli.gazetteer import hagen

STADTTEILE_DER_STADT = {
    "Hagen-Mitte": ["Mittelstadt", "Altenhagen", "Wehringhausen", "Emst", "Hochschulviertel"],
    "Hagen-Nord": ["Vorhalle", "Eckesey", "Bathey", "Boele", "Boelerheide", "Helfe"],
    "Eilpe/Dahl": ["Eilpe", "Dahl", "Delstern", "Rummenohl", "Priorei", "Selbecke"],
    "Hohenlimburg": ["Elsey", "Lennetal", "Berchum"],
    "Haspe": ["Haspe-Zentrum", "Westerbauer", "Kückelhausen"],
}


def test_hagen_has_exactly_its_five_stadtbezirke():
    assert [o.name for o in hagen().bezirke()] == [
        "Hagen-Mitte", "Hagen-Nord", "Hohenlimburg", "Eilpe/Dahl", "Haspe"]


@pytest.mark.parametrize(("bezirk", "teil"), [(b, t) for b, ts in STADTTEILE_DER_STADT.items()
                                              for t in ts])
def test_every_listed_stadtteil_maps_to_its_stadtbezirk(bezirk, teil):
    assert hagen().aufloesen(teil).bezirk == bezirk


@pytest.mark.parametrize(("eingabe", "name"), [
    ("Mitte", "Hagen-Mitte"), ("hagen-mitte", "Hagen-Mitte"), ("HAGEN MITTE", "Hagen-Mitte"),
    ("Eilpe-Dahl", "Eilpe/Dahl"), ("eilpe/dahl", "Eilpe/Dahl"), ("EILPE DAHL", "Eilpe/Dahl"),
    ("Hassley", "Haßley"), ("haßley", "Haßley"), ("Kueckelhausen", "Kückelhausen"),
    ("Hasper", "Haspe"), ("Eilper", "Eilpe"), ("Wehringhauser", "Wehringhausen"),
])
def test_names_match_regardless_of_case_umlauts_punctuation_and_adjectives(eingabe, name):
    assert hagen().aufloesen(eingabe).name == name


def test_levels_and_paths():
    eppenhausen = hagen().aufloesen("Eppenhausen")
    assert eppenhausen.pfad == ("Hagen-Mitte", "Hochschulviertel", "Eppenhausen")
    assert eppenhausen.ebene == "Wohnbezirk"
    assert hagen().aufloesen("Emst").ebene == "Stadtteil"
    assert hagen().aufloesen("Haspe").ebene == "Stadtbezirk"


def test_a_stadtteil_named_like_its_bezirk_does_not_shadow_the_bezirk():
    assert hagen().aufloesen("Hohenlimburg").pfad == ("Hohenlimburg",)


def test_overlap_means_one_place_contains_the_other():
    g = hagen()
    mitte, eppenhausen = g.aufloesen("Mitte"), g.aufloesen("Eppenhausen")
    assert mitte.ueberschneidet(eppenhausen) and eppenhausen.ueberschneidet(mitte)
    assert g.aufloesen("Hochschulviertel").ueberschneidet(eppenhausen)
    assert not g.aufloesen("Emst").ueberschneidet(eppenhausen)
    assert not g.aufloesen("Haspe").ueberschneidet(mitte)


@pytest.mark.parametrize(("name", "kandidat"), [("Zentrum", "Haspe-Zentrum"),
                                                ("Tücking", "Kuhlerkamp"),
                                                ("Oberhagen", "Eilpe")])
def test_ambiguous_names_list_the_candidates_instead_of_guessing(name, kandidat):
    with pytest.raises(EingabeFehler, match="mehrdeutig") as fehler:
        hagen().aufloesen(name)
    assert kandidat in str(fehler.value)


def test_unknown_name_suggests_the_closest_and_lists_the_bezirke():
    with pytest.raises(EingabeFehler) as fehler:
        hagen().aufloesen("Wehringhausn", "Stadtteil")
    meldung = str(fehler.value)
    assert "Unbekannter Stadtteil „Wehringhausn“" in meldung
    assert "Meinten Sie „Wehringhausen“?" in meldung
    assert "Hagen-Nord" in meldung


def test_eckesey_belongs_to_nord_with_a_hint_about_eckesey_sued():
    eckesey = hagen().aufloesen("Eckesey")
    assert eckesey.bezirk == "Hagen-Nord"
    assert "Eckesey-Süd" in eckesey.hinweis
    assert hagen().aufloesen("Eckesey-Süd").pfad[:2] == ("Hagen-Mitte", "Altenhagen")
