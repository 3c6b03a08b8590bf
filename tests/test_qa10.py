"""Findings of the new-user pass over issue 10, each pinned by a test."""

from __future__ import annotations

import pytest


def _set(hagen_file, old: str, new: str) -> None:
    text = hagen_file.read_text("utf-8")
    assert old in text
    hagen_file.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_hand_edited_phone_with_letters_is_no_tel_link_and_stays_as_typed(netz, hagen_in_use):
    _set(hagen_in_use, 'telefon = "0 23 31 / 4 42 34"', 'telefon = "02331 CALL-ME"')
    page = netz("export", "html").stdout
    assert "tel:+492331225563" not in page and "02331 CALL-ME" in page
    card = netz("export", "kontakte", "ak-90", "--format", "vcard").stdout
    assert "2255" not in card and "02331 CALL-ME" in card


@pytest.mark.parametrize("text", ["Hasper Jugendzentrum", "Haspe Jugendzentrum"])
def test_the_adjective_of_a_bezirk_finds_networks_in_its_stadtteile(netz, hagen_in_use, text):
    added = netz("add", "--name", "Jugendzentrum Quambusch", "--art", "netzwerk",
                 "--stadtteil", "Quambusch")
    assert added.exit_code == 0, added.stderr
    result = netz("search", *text.split())
    assert result.stdout.startswith("jugendzentrum-quambusch\t")


def test_luecken_for_a_topic_no_network_has_shows_every_place_as_a_gap(netz, hagen_in_use):
    result = netz("luecken", "--thema", "Familie")
    assert result.exit_code == 0
    assert "5 von 5 Orten ohne eigenes Netzwerk zum Thema „Familie“" in result.stderr
    assert "Hinweis: Kein Netzwerk hat ein Thema „Familie“." in result.stderr


def test_max_alter_help_has_no_click_range_notation_and_refuses_negative(netz, hagen_in_use):
    assert "x>=0" not in netz("check", "--help").stdout
    result = netz("faellig", "--max-alter", "-3")
    assert result.exit_code == 2
    assert "bitte 0 oder mehr Monate" in result.stderr
