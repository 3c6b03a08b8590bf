"""Issue 14, areas: the 13 statistical Stadtteile, Wohnbezirke under their Bezirk, Sozialräume
as a layer of their own, and `netz luecken` counting what the source calls networks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from netzwerk_cli import coverage as coverage_module
from netzwerk_cli.coverage import coverage, coverage_of_places, coverage_of_sozialraeume
from netzwerk_cli.errors import InputError, RegistryError
from netzwerk_cli.gazetteer import Place, hagen, parse_area, resolve_sozialraum
from netzwerk_cli.model import Netzwerk, Registry
from netzwerk_cli.query import Criteria, select
from netzwerk_cli.registry import embedded_registry, registry_from_text, registry_to_toml

# The 13 statistical Stadtteile (Masterplan Wohnen Hagen, Tab. 1; Hagener Monatszahlen).
STATISTICAL = {
    "Hagen-Mitte": ["Mittelstadt", "Altenhagen", "Hochschulviertel", "Emst", "Wehringhausen"],
    "Hagen-Nord": ["Boele", "Vorhalle"],
    "Hohenlimburg": ["Hohenlimburg", "Lennetal"],
    "Eilpe/Dahl": ["Eilpe", "Dahl"],
    "Haspe": ["Haspe-Ost", "Haspe-West"],
}


@pytest.fixture
def hagen_registry() -> Registry:
    path = embedded_registry()
    return registry_from_text(path.read_text("utf-8"), str(path))


def _registry(text: str) -> Registry:
    return registry_from_text('schema = 2\n' + text, "test.toml")


# --- Gazetteer ---------------------------------------------------------------------------------


def test_the_stadtteile_are_the_thirteen_of_the_city_statistics():
    found: dict[str, list[str]] = {}
    for place in hagen().stadtteile():
        found.setdefault(place.bezirk, []).append(place.name)
    assert found == STATISTICAL


def test_haspe_ost_is_a_stadtteil_and_the_haspe_quarters_are_wohnbezirke_under_the_bezirk():
    g = hagen()
    assert (g.resolve("Haspe-Ost").level, g.resolve("Haspe-Ost").path) == (
        "Stadtteil", ("Haspe", "Haspe-Ost"))
    for name in ["Haspe-Zentrum", "Westerbauer", "Hestert", "Geweke", "Spielbrink",
                 "Kückelhausen", "Quambusch", "Baukloh"]:
        place = g.resolve(name)
        assert (place.level, place.path, place.stadtteil) == ("Wohnbezirk", ("Haspe", name), "")


def test_eckesey_alone_is_ambiguous_and_its_parts_lie_under_their_stadtteile():
    g = hagen()
    with pytest.raises(InputError, match="„Eckesey“ ist mehrdeutig – gemeint sein kann: "
                                         "Eckesey-Nord, Eckesey-Süd"):
        g.resolve("Eckesey")
    assert g.resolve("Eckesey-Nord").path == ("Hagen-Nord", "Vorhalle", "Eckesey-Nord")
    assert g.resolve("Eckesey Sued").path == ("Hagen-Mitte", "Altenhagen", "Eckesey-Süd")
    assert g.resolve("Eckesey-Nord").level == "Wohnbezirk"


def test_emst_has_ost_and_west_and_bissingheim_and_hassley_still_resolve():
    g = hagen()
    assert g.resolve("Emst-West").path == ("Hagen-Mitte", "Emst", "Emst-West")
    assert g.resolve("Hassley").path == ("Hagen-Mitte", "Emst", "Emst-Ost", "Haßley")
    assert g.resolve("Bissingheim").level == "Viertel"
    assert g.resolve("Bissingheim").lies_in(g.resolve("Emst"))


def test_every_old_name_still_resolves_and_westerbauer_still_finds_its_network(fixture_file):
    registry = registry_from_text(fixture_file("klein.toml").read_text("utf-8"), "klein")
    found = select(registry, Criteria(stadtteile=["Westerbauer"]))
    assert [i for i, _ in found.netzwerke] == ["grenzgaenger", "hasper-runde"]
    found = select(registry, Criteria(bezirke=["Haspe"]))
    assert "grenzgaenger" in [i for i, _ in found.netzwerke]


def test_parse_area_puts_a_wohnbezirk_under_a_bezirk_among_the_stadtteile():
    area = parse_area(["Baukloh", "Haspe"])
    assert (area.bezirke, area.stadtteile) == (["Haspe"], ["Baukloh"])


def test_parse_area_takes_sozialraeume_as_netz_shows_them_and_by_name():
    area = parse_area(["Sozialraum Vorhalle", "Zentrum/Remberg", "Boele"])
    assert (area.stadtteile, area.sozialraeume) == (["Boele"], ("Vorhalle", "Zentrum/Remberg"))
    assert parse_area(["Vorhalle"]).stadtteile == ["Vorhalle"]  # a place before a Sozialraum
    with pytest.raises(InputError, match="„stadtweit“ schließt"):
        parse_area([], True, ["Vorhalle"])


def test_the_shipped_sozialraeume_name_their_orte_and_source():
    raeume = {raum.name: [o.name for o in raum.orte] for raum in hagen().sozialraeume}
    assert list(raeume) == ["Zentrum/Remberg", "Altenhagen/Eckesey-Süd",
                            "Wehringhausen-Ost/West/Villa Post", "Haspe-Zentrum",
                            "Eilpe/Delstern/Selbecke", "Vorhalle"]
    assert raeume["Altenhagen/Eckesey-Süd"] == ["Altenhagen", "Eckesey-Süd"]
    assert all("0490/2024" in raum.quelle for raum in hagen().sozialraeume)
    assert resolve_sozialraum("altenhagen eckesey sued").name == "Altenhagen/Eckesey-Süd"


# --- The registry's own Sozialräume and the area field -----------------------------------------

OWN = '''
[sozialraeume.grenze-haspe-wehringhausen]
name = "Grenzraum Haspe/Wehringhausen"
orte = ["Westerbauer", "Wehringhausen-West"]
quelle = "Eigene Festlegung"

[netzwerke.grenz-runde]
name = "Grenzrunde"
art = "netzwerk"
sozialraeume = ["grenze-haspe-wehringhausen"]

[netzwerke.team-vorhalle]
name = "Team Vorhalle"
art = "sozialraumteam"
sozialraeume = ["Vorhalle"]
'''


def test_a_registry_defines_its_own_sozialraum_and_saves_it_byte_identical():
    registry = _registry(OWN)
    text = registry_to_toml(registry)
    assert "[sozialraeume.grenze-haspe-wehringhausen]" in text
    again = registry_from_text(text, "again.toml")
    assert registry_to_toml(again) == text
    raum = resolve_sozialraum("Grenzraum Haspe/Wehringhausen", again.sozialraum_index())
    assert raum == resolve_sozialraum("grenze-haspe-wehringhausen", again.sozialraum_index())
    assert [o.bezirk for o in raum.orte] == ["Haspe", "Hagen-Mitte"]


def test_a_network_for_a_sozialraum_lies_in_its_orte_across_bezirk_borders():
    registry = _registry(OWN)
    for criteria, expected in [
        (Criteria(stadtteile=["Wehringhausen"]), ["grenz-runde"]),
        (Criteria(bezirke=["Haspe"]), ["grenz-runde"]),
        (Criteria(stadtteile=["Vorhalle"]), ["team-vorhalle"]),
        (Criteria(sozialraeume=["Vorhalle"]), ["team-vorhalle"]),
        (Criteria(sozialraeume=["Grenzraum Haspe/Wehringhausen"]), ["grenz-runde"]),
        (Criteria(sozialraeume=["grenze-haspe-wehringhausen"]), ["grenz-runde"]),
    ]:
        assert [i for i, _ in select(registry, criteria).netzwerke] == expected, criteria


def test_a_sozialraum_filter_finds_networks_whose_places_lie_in_its_orte(hagen_registry):
    found = select(hagen_registry, Criteria(sozialraeume=["Altenhagen/Eckesey-Süd"]))
    assert {"stadtteilforum-altenhagen", "sozialraumteam-altenhagen"} <= {
        i for i, _ in found.netzwerke}
    found = select(hagen_registry, Criteria(stadtteile=["Altenhagen"]))
    assert "sozialraumteam-altenhagen" in [i for i, _ in found.netzwerke]


@pytest.mark.parametrize(("text", "message"), [
    ('[sozialraeume.x]\nname = "X"\norte = ["Atlantis"]\n',
     "Feld „orte“: Unbekannter Ort „Atlantis“."),
    ('[sozialraeume.x]\nname = "X"\norte = []\n',
     "Feld „orte“: mindestens ein Ort (Stadtteil oder Wohnbezirk) ist nötig."),
    ('[sozialraeume.x]\nname = "X"\norte = ["Haspe"]\n', "„Haspe“ ist ein Stadtbezirk"),
    ('[sozialraeume.x]\nname = "Vorhalle"\norte = ["Vorhalle"]\n',
     "Der Sozialraum „Vorhalle“ ist schon in netz enthalten"),
    ('[sozialraeume.x]\norte = ["Vorhalle"]\n', "Pflichtfeld „name“ fehlt."),
    ('[netzwerke.n]\nname = "N"\nart = "netzwerk"\nsozialraeume = ["Mond"]\n',
     "Feld „sozialraeume“: Unbekannter Sozialraum „Mond“."),
    ('[netzwerke.n]\nname = "N"\nart = "netzwerk"\nstadtweit = true\nsozialraeume = ["Vorhalle"]\n',
     "„stadtweit = true“ schließt „bezirke“, „stadtteile“ und „sozialraeume“ aus"),
])
def test_a_faulty_sozialraum_is_reported_in_german_naming_the_entry(text, message):
    with pytest.raises(RegistryError) as error:
        _registry(text)
    assert message in str(error.value)
    assert "Zeile" in str(error.value) or "[" in str(error.value)


# --- Coverage ------------------------------------------------------------------------------


def test_luecken_on_the_shipped_data_shows_the_gaps_the_source_describes(hagen_registry):
    bezirke = {c.place.name: c for c in coverage(hagen_registry)}
    assert [name for name, c in bezirke.items() if c.gap] == ["Hagen-Nord", "Hohenlimburg"]
    assert bezirke["Hagen-Nord"].sozialraumteams == ["sozialraumteam-vorhalle"]
    assert bezirke["Hagen-Nord"].konferenzen == ["stadtbezirkskonferenz-hagen-nord"]
    stadtteile = {c.place.name: c for c in coverage(hagen_registry, stadtteile=True)}
    gaps = [name for name, c in stadtteile.items() if c.gap]
    assert gaps == ["Mittelstadt", "Emst", "Boele", "Vorhalle", "Hohenlimburg", "Lennetal",
                    "Dahl", "Haspe-Ost", "Haspe-West"]
    assert stadtteile["Haspe-Ost"].wider == ["ak-90"]


def test_sozialraumteams_and_konferenzen_do_not_count_as_networks_vor_ort(hagen_registry):
    for c in coverage_of_places(hagen_registry):
        kinds = {hagen_registry.netzwerke[i].art for i in c.vor_ort + c.wider}
        assert kinds <= {"netzwerk", "arbeitskreis"}, c.place.name


def test_art_chooses_what_counts_as_vor_ort(hagen_registry):
    bezirke = {c.place.name: c for c in coverage(hagen_registry, arten=["sozialraumteam"])}
    assert bezirke["Hagen-Nord"].vor_ort == ["sozialraumteam-vorhalle"]
    assert bezirke["Hohenlimburg"].gap


def test_sozialraeume_as_rows(hagen_registry):
    rows = {c.name: c for c in coverage_of_sozialraeume(hagen_registry)}
    assert rows["Altenhagen/Eckesey-Süd"].vor_ort == ["stadtteilforum-altenhagen"]
    assert rows["Vorhalle"].gap and rows["Vorhalle"].sozialraumteams == [
        "sozialraumteam-vorhalle"]
    assert rows["Haspe-Zentrum"].wider == ["ak-90"]
    assert rows["Haspe-Zentrum"].bezirk == "Haspe"


def test_a_network_for_the_stadtteil_around_a_sozialraum_works_in_it(hagen_registry):
    # The source lists the Runder Tisch Wehringhausen; the Sozialraum's Orte are Wohnbezirke of
    # that Stadtteil, so it is no gap. The Netzwerk Mitte, for the whole Bezirk, stays umfassend.
    row = {c.name: c for c in coverage_of_sozialraeume(hagen_registry)}[
        "Wehringhausen-Ost/West/Villa Post"]
    assert row.vor_ort == ["runder-tisch-wehringhausen"]
    assert row.wider == ["netzwerk-mitte"]


class _Id(str):
    """A network id that counts how often it is compared with another."""

    compared = 0

    def __eq__(self, other: object) -> bool:
        _Id.compared += 1
        return str.__eq__(self, other)

    __hash__ = str.__hash__


def _many(count: int) -> Registry:
    places = [p.name for p in hagen().places if p.level != "Stadtbezirk"]
    netzwerke = {_Id(f"n{i}"): Netzwerk(name=f"N {i}", art="netzwerk",
                                        stadtteile=[places[i % len(places)]])
                 for i in range(count)}
    netzwerke |= {_Id(f"b{i}"): Netzwerk(name=f"B {i}", art="konferenz", bezirke=["Haspe"])
                  for i in range(count // 10)}
    return Registry(netzwerke=netzwerke)


def test_coverage_touches_each_network_a_bounded_number_of_times(monkeypatch):
    """No timing: count the work. Each network's places are looked up once; networks (their
    ids) are never compared with each other, and place relations grow with the number of
    networks, not with its square (issue 15: a list membership test per place and network)."""
    calls = {"places": 0, "relation": 0}
    places = Netzwerk.places

    def counted_places(self, *args, **kwargs):
        calls["places"] += 1
        return places(self, *args, **kwargs)

    def counted_relation(self, other):
        calls["relation"] += 1
        return self.path[:len(other.path)] == other.path

    monkeypatch.setattr(Netzwerk, "places", counted_places)
    monkeypatch.setattr(Place, "lies_in", counted_relation)
    monkeypatch.setattr(Place, "overlaps", counted_relation)
    work = []
    for count in (200, 400):
        calls.update(places=0, relation=0)
        _Id.compared = 0
        coverage_module.coverage_of_places(_many(count))
        work.append(dict(calls, compared=_Id.compared))
    assert (work[0]["places"], work[1]["places"]) == (220, 440)
    assert work[1]["compared"] <= 2.2 * work[0]["compared"] + 10
    assert work[1]["relation"] <= 2.2 * work[0]["relation"] + 10


# --- CLI -----------------------------------------------------------------------------------


def test_cli_luecken_default_shows_hagen_nord_and_hohenlimburg(netz, hagen_in_use):
    result = netz("luecken")
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert rows[1] == ["Stadtbezirk", "Hagen-Nord", "Hagen-Nord", "0", "0", "", "ja", "ja", "1",
                       "1", "6"]
    assert ("2 von 5 Orten ohne eigenes Netzwerk: Hagen-Nord, Hohenlimburg." in result.stderr)
    assert "Als Netzwerk vor Ort zählt: Netzwerk, Arbeitskreis" in result.stderr


def test_cli_luecken_art_is_validated_with_a_suggestion(netz, hagen_in_use):
    result = netz("luecken", "--art", "Sozialraumtem")
    assert result.exit_code == 2
    assert "Unbekannte Art „Sozialraumtem“. Meinten Sie „Sozialraumteam“?" in result.stderr
    result = netz("luecken", "--art", "SRT", "--json")
    data = {row["ort"]: row for row in json.loads(result.stdout)}
    assert data["Hagen-Nord"]["vor_ort"] == ["sozialraumteam-vorhalle"]


def test_cli_luecken_sozialraeume_and_sozialraum(netz, hagen_in_use):
    result = netz("luecken", "--sozialraeume")
    assert result.exit_code == 0, result.output
    names = [line.split("\t")[1] for line in result.stdout.splitlines()]
    assert names[0] == "Zentrum/Remberg" and len(names) == 6
    assert "von 6 Sozialräumen ohne eigenes Netzwerk" in result.stderr
    result = netz("luecken", "--stadtteile", "--sozialraum", "Altenhagen/Eckesey-Süd", "--json")
    assert [row["ort"] for row in json.loads(result.stdout)] == ["Altenhagen"]
    result = netz("luecken", "--sozialraum", "Mond")
    assert result.exit_code == 2 and "Unbekannter Sozialraum „Mond“" in result.stderr


def test_cli_list_and_export_filter_by_sozialraum(netz, hagen_in_use):
    result = netz("list", "--sozialraum", "vorhalle", "--ohne-stadtweit")
    assert [line.split("\t")[0] for line in result.stdout.splitlines()] == [
        "sozialraumteam-vorhalle", "stadtbezirkskonferenz-hagen-nord"]
    result = netz("list", "--stadtteil", "Altenhagen")
    assert "sozialraumteam-altenhagen" in result.stdout
    result = netz("export", "verteiler", "--sozialraum", "Altenhagen/Eckesey-Süd",
                  "--ohne-stadtweit")
    assert result.stdout == "Keller@stadt-hagen.de\n"
    assert "aus 4 Netzwerken" in result.stderr


def test_cli_bezirke_lists_sozialraeume_and_explains_the_levels(netz, hagen_in_use):
    result = netz("bezirke")
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    vorhalle = next(r for r in rows if r[0] == "Sozialraum" and r[1] == "Vorhalle")
    assert vorhalle[5:] == ["Vorhalle", "Jugendhilfeausschuss Hagen, Vorlage 0490/2024"]
    assert ["Stadtteil", "Haspe-Ost", "Haspe"] in [r[:3] for r in rows]
    assert ["Wohnbezirk", "Baukloh", "Haspe"] in [r[:3] for r in rows]
    assert "Ein Sozialraum ist sozial bestimmt" in result.stderr
    for command in ("bezirke", "luecken", "list"):
        help_text = " ".join(netz(command, "--help").stdout.split())
        assert "Verwaltungseinheiten mit klaren Grenzen" in help_text, command
        assert "über Stadtteil- und Bezirksgrenzen hinausreichen" in help_text, command


def test_cli_add_edit_and_show_a_network_for_a_sozialraum(netz, hagen_in_use):
    result = netz("add", "--name", "Forum Vorhalle", "--art", "netzwerk", "--sozialraum",
                  "vorhalle")
    assert result.exit_code == 0, result.output
    assert "Gebiet: Sozialraum Vorhalle" in result.stdout
    assert "Sozialraum: Vorhalle: Vorhalle (Quelle: Jugendhilfeausschuss Hagen" in result.stdout
    assert 'sozialraeume = [\n    "Vorhalle",\n]' in hagen_in_use.read_text("utf-8")
    result = netz("edit", "forum-vorhalle", "--stadtteil", "Boele")
    assert result.exit_code == 0, result.output
    assert "Sozialraum" not in netz("show", "forum-vorhalle").stdout
    result = netz("edit", "forum-vorhalle", "--sozialraum", "Atlantis")
    assert result.exit_code == 2 and "Unbekannter Sozialraum „Atlantis“" in result.stderr


def test_cli_show_of_the_shipped_sozialraumteam_names_its_sozialraum(netz, hagen_in_use):
    result = netz("show", "sozialraumteam-haspe")
    assert "Gebiet: Sozialraum Haspe-Zentrum" in result.stdout
    assert "Stadtbezirk: Haspe" in result.stdout


def test_cli_unknown_stadtteil_names_eckesey_parts(netz, hagen_in_use):
    result = netz("list", "--stadtteil", "Eckesey")
    assert result.exit_code == 2
    assert "Eckesey-Nord, Eckesey-Süd" in result.stderr
    assert netz("list", "--stadtteil", "Haspe-Ost").exit_code == 0


# --- The installed netz ----------------------------------------------------------------------

NETZ = Path(sys.executable).with_name("netz")


def test_installed_netz_luecken_shows_hagen_nord_and_hohenlimburg_as_gaps(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "d"),
           "XDG_CONFIG_HOME": str(tmp_path / "c"), "XDG_CACHE_HOME": str(tmp_path / "k"),
           "NETZ_HEUTE": "2026-11-25", "NETZ_REGISTRY": str(embedded_registry())}
    result = subprocess.run([str(NETZ), "luecken"], capture_output=True, text=True, env=env,
                            timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    gaps = [row.split("\t")[1] for row in result.stdout.splitlines()
            if row.split("\t")[7] == "ja"]
    assert gaps == ["Hagen-Nord", "Hohenlimburg"]
