"""The filter options are declared once: list, the exports, check and faellig choose alike."""

from __future__ import annotations

import json

import pytest

FILTERS = ["--bezirk", "Haspe", "--ohne-stadtweit"]
HASPE = {"ak-90", "sozialraumteam-haspe", "stadtbezirkskonferenz-haspe"}


@pytest.fixture(autouse=True)
def _hagen(hagen_file, monkeypatch):
    monkeypatch.setenv("NETZ_REGISTRY", str(hagen_file))
    monkeypatch.setenv("NETZ_HEUTE", "2026-11-25")


def test_list_chooses_the_networks_of_haspe(netz):
    chosen = {line.split("\t")[0] for line in netz("list", *FILTERS).stdout.splitlines()}
    assert chosen == HASPE


def test_faellig_takes_the_same_filters(netz):
    due = json.loads(netz("faellig", *FILTERS, "--format", "json").stdout)
    assert {entry["id"] for entry in due} == HASPE


def test_check_reports_only_the_chosen_networks_and_their_contacts(netz):
    report = json.loads(netz("check", *FILTERS, "--json").stdout)
    entries = {finding["eintrag"] for finding in report["befunde"]}
    assert {e for e in entries if e.startswith("netzwerke.")} == {f"netzwerke.{i}" for i in HASPE}
    assert {e for e in entries if e.startswith("kontakte.")} <= {
        "kontakte.corbacher-20", "kontakte.stadt-hagen-jugend-soziales",
        "kontakte.bezirksjugendpflege-haspe"}
    assert not any(e.startswith("angebote.") for e in entries)


def test_export_takes_the_same_filters(netz):
    result = netz("export", "kontakte", *FILTERS, "--format", "json")
    exported = json.loads(result.stdout)
    assert {k["id"] for k in exported} == {"corbacher-20", "stadt-hagen-jugend-soziales",
                                           "bezirksjugendpflege-haspe"}


@pytest.mark.parametrize("command", [["list"], ["faellig"], ["check"],
                                     ["export", "verteiler"], ["export", "kontakte"],
                                     ["export", "html"]])
def test_every_filtering_command_refuses_an_unknown_place_alike(netz, command):
    result = netz(*command, "--bezirk", "Hspe")
    assert result.exit_code == 2
    assert "Unbekannter Stadtbezirk „Hspe“. Meinten Sie „Haspe“?" in result.stderr
