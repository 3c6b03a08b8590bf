"""One definition of "vor Ort" for `netz bezirke` and `netz luecken`.

A network counts "vor Ort" in a place when its area is the place or lies inside it; a network
for a larger area that includes the place counts as "umfassend"; city-wide networks count in
neither.
"""

from __future__ import annotations

import json

import pytest

from netzwerk_cli.coverage import coverage, coverage_of_places
from netzwerk_cli.registry import embedded_registry, registry_from_text


@pytest.fixture
def hagen_registry():
    path = embedded_registry()
    return registry_from_text(path.read_text("utf-8"), str(path))


@pytest.fixture
def hagen(hagen_file, monkeypatch):
    monkeypatch.setenv("NETZ_REGISTRY", str(hagen_file))
    return hagen_file


def test_every_place_has_local_and_wider_networks_by_the_one_definition(hagen_registry):
    places = {c.place.name: (c.vor_ort, c.wider) for c in coverage_of_places(hagen_registry)}
    # Sozialraumteams and Konferenzen have columns of their own (issue 14).
    assert places["Mittelstadt"] == ([], ["netzwerk-mitte"])
    assert places["Haspe-Zentrum"] == ([], ["ak-90"])
    assert places["Eppenhausen"] == (["stadtteilforum-eppenhausen"], ["netzwerk-mitte"])
    assert len(places["Hagen-Mitte"][0]) == 4 and places["Hagen-Mitte"][1] == []


def test_bezirke_and_luecken_agree_for_every_place(hagen_registry):
    every = {c.place.path: c for c in coverage_of_places(hagen_registry)}
    for stadtteile in (False, True):
        for c in coverage(hagen_registry, stadtteile=stadtteile):
            assert (every[c.place.path].vor_ort, every[c.place.path].wider) == (c.vor_ort,
                                                                                c.wider)


def test_bezirke_shows_vor_ort_and_umfassend_in_a_pipe(netz, hagen):
    result = netz("bezirke")
    assert result.exit_code == 0, result.output
    rows = {row[1]: row for row in (line.split("\t") for line in result.stdout.splitlines())}
    assert rows["Mittelstadt"] == ["Stadtteil", "Mittelstadt", "Hagen-Mitte", "0", "1", "", ""]
    assert rows["Haspe-Ost"] == ["Stadtteil", "Haspe-Ost", "Haspe", "0", "1", "", ""]
    every = [line.split("\t") for line in result.stdout.splitlines()]
    assert ["Wohnbezirk", "Haspe-Zentrum", "Haspe", "0", "1", "", ""] in every
    assert rows["Haspe"] == ["Stadtbezirk", "Haspe", "Haspe", "1", "0", "", ""]


def test_bezirke_and_luecken_print_the_same_numbers(netz, hagen):
    bezirke = {tuple(row[:3]): row[3:5] for row in
               (line.split("\t") for line in netz("bezirke").stdout.splitlines())}
    for option in ([], ["--stadtteile"]):
        luecken = netz("luecken", *option).stdout.splitlines()
        for row in (line.split("\t") for line in luecken):
            assert bezirke[tuple(row[:3])] == row[3:5], row[1]


def test_bezirke_json_names_the_networks_vor_ort_and_umfassend(netz, hagen):
    data = json.loads(netz("bezirke", "--json").stdout)
    mittelstadt = next(o for o in data if o["name"] == "Mittelstadt")
    assert mittelstadt["vor_ort"] == []
    assert mittelstadt["umfassend"] == ["netzwerk-mitte"]


def test_bezirke_table_says_vor_ort_and_umfassend(netz, hagen, monkeypatch):
    from netzwerk_cli.cli import render

    monkeypatch.setattr(render, "is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", "80")
    result = netz("bezirke")
    assert "vor Ort" in result.stdout and "umfassend" in result.stdout
    assert all(len(line) <= 80 for line in result.stdout.splitlines())


def test_bezirke_help_explains_the_two_numbers(netz):
    text = " ".join(netz("bezirke", "--help").stdout.replace("│", " ").split())
    assert "vor Ort" in text and "umfassend" in text
    assert "Gebiet der Ort ist oder in ihm liegt" in text
