"""Issue 14, QA round on areas and Sozialräume: border gaps, ambiguous stored names, own
Sozialräume (unique, checked, shown by name), `luecken --sozialraum` and 80 columns."""

from __future__ import annotations

import json

from netzwerk_cli.coverage import coverage_of_sozialraeume
from netzwerk_cli.model import Registry
from netzwerk_cli.registry import registry_from_text

# The README's example of a Sozialraum across a Bezirk border.
GRENZE = '''
[sozialraeume.grenze-haspe-wehringhausen]
name = "Grenzraum Haspe/Wehringhausen"
orte = ["Westerbauer", "Wehringhausen-West"]
quelle = "eigene Festlegung (Beispiel)"
'''

RUNDER_TISCH = '''
[netzwerke.runder-tisch]
name = "Runder Tisch Wehringhausen"
art = "netzwerk"
stadtteile = ["Wehringhausen"]
'''


def _registry(text: str) -> Registry:
    return registry_from_text("schema = 2\n" + text, "test.toml")


def _rows(registry: Registry) -> dict[str, object]:
    return {c.name: c for c in coverage_of_sozialraeume(registry)}


# --- 1: a network for a Stadtteil counts vor Ort only where it covers every Ort ---------------


def test_a_network_for_one_side_of_a_border_sozialraum_is_umfassend_so_the_gap_shows():
    row = _rows(_registry(GRENZE + RUNDER_TISCH))["Grenzraum Haspe/Wehringhausen"]
    assert row.vor_ort == [] and row.gap
    assert row.wider == ["runder-tisch"]


def test_a_network_for_both_sides_of_a_border_sozialraum_works_in_it():
    both = ('[netzwerke.beide]\nname = "Beide"\nart = "netzwerk"\n'
            'stadtteile = ["Westerbauer", "Wehringhausen"]\n')
    row = _rows(_registry(GRENZE + both))["Grenzraum Haspe/Wehringhausen"]
    assert row.vor_ort == ["beide"]


def test_a_network_inside_one_ort_still_works_in_the_sozialraum():
    inside = ('[netzwerke.west]\nname = "West"\nart = "netzwerk"\n'
              'stadtteile = ["Wehringhausen-West"]\n')
    rows = _rows(_registry(GRENZE + inside))
    assert rows["Grenzraum Haspe/Wehringhausen"].vor_ort == ["west"]
    assert rows["Wehringhausen-Ost/West/Villa Post"].vor_ort == ["west"]


def test_cli_luecken_shows_the_readme_border_sozialraum_as_a_gap(netz, tmp_path, monkeypatch):
    path = tmp_path / "r.toml"
    path.write_text("schema = 2\n" + GRENZE + RUNDER_TISCH, "utf-8")
    monkeypatch.setenv("NETZ_REGISTRY", str(path))
    result = netz("luecken", "--sozialraeume", "--sozialraum", "grenze-haspe-wehringhausen",
                  "--json")
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.stdout)
    assert (row["vor_ort"], row["umfassend"], row["luecke"]) == ([], ["runder-tisch"], True)
