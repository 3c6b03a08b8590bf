"""Issue 14, QA round on areas and Sozialräume: border gaps, ambiguous stored names, own
Sozialräume (unique, checked, shown by name), `luecken --sozialraum` and 80 columns."""

from __future__ import annotations

import json

import pytest

from netzwerk_cli.coverage import coverage_of_sozialraeume
from netzwerk_cli.gazetteer import resolve_sozialraum
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


# --- 3: an ambiguous name stored in an area loads as all its places, and check warns --------

ECKESEY = '''
[netzwerke.eck]
name = "Forum Eckesey"
art = "netzwerk"
stadtteile = ["Eckesey"]

[sozialraeume.eck-raum]
name = "Rund um Eckesey"
orte = ["Eckesey"]
'''


def test_an_ambiguous_stored_name_loads_as_all_its_places():
    from netzwerk_cli.query import Criteria, select

    registry = _registry(ECKESEY)
    assert [p.name for p in registry.places_of(registry.netzwerke["eck"])] == [
        "Eckesey-Nord", "Eckesey-Süd"]
    for stadtteil in ("Vorhalle", "Altenhagen", "Eckesey-Nord"):
        found = select(registry, Criteria(stadtteile=[stadtteil]))
        assert [i for i, _ in found.netzwerke] == ["eck"], stadtteil
    raum = resolve_sozialraum("Rund um Eckesey", registry.sozialraum_index())
    assert [o.name for o in raum.orte] == ["Eckesey-Nord", "Eckesey-Süd"]


def test_check_warns_about_an_ambiguous_stored_name_naming_entry_field_and_choices():
    import datetime as dt

    from netzwerk_cli.check import WARNING, check_registry

    text = "schema = 2\n" + ECKESEY
    findings = check_registry(text, "test.toml", dt.date(2026, 1, 1))
    ambiguous = [f for f in findings if "mehrdeutig" in f.message]
    assert [(f.level, f.entry, f.field) for f in ambiguous] == [
        (WARNING, "netzwerke.eck", "stadtteile"), (WARNING, "sozialraeume.eck-raum", "orte")]
    assert "„Eckesey“ ist mehrdeutig" in ambiguous[0].message
    assert "Eckesey-Nord und Eckesey-Süd" in ambiguous[0].message
    assert not [f for f in findings if f.level == "Fehler"]


def test_cli_a_registry_with_an_ambiguous_stored_name_works_and_check_warns(
        netz, tmp_path, monkeypatch):
    path = tmp_path / "r.toml"
    path.write_text("schema = 2\n" + ECKESEY, "utf-8")
    monkeypatch.setenv("NETZ_REGISTRY", str(path))
    result = netz("list", "--stadtteil", "Vorhalle")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("eck\t")
    result = netz("check")
    assert result.exit_code == 0, result.output
    assert "„Eckesey“ ist mehrdeutig" in result.output
    result = netz("edit", "eck", "--stadtteil", "Eckesey-Süd")
    assert result.exit_code == 0, result.output
    assert "netzwerke.eck · stadtteile" not in netz("check").output
    # Typed on the command line it stays an error naming the choices.
    result = netz("list", "--stadtteil", "Eckesey")
    assert result.exit_code == 2 and "Eckesey-Nord, Eckesey-Süd" in result.stderr


# --- 6: netz check applies the text rules to the registry's own Sozialräume too --------------


def test_check_reports_control_characters_and_overlong_text_in_an_own_sozialraum():
    import datetime as dt

    from netzwerk_cli.check import ERROR, check_registry

    text = ('schema = 2\n[sozialraeume.x]\nname = "Bell\\u0007 Esc\\u001b Bidi\\u202e"\n'
            'orte = ["Vorhalle"]\nquelle = "' + "q" * 3000 + '"\n')
    findings = [f for f in check_registry(text, "t.toml", dt.date(2026, 1, 1))
                if f.entry == "sozialraeume.x"]
    assert {(f.level, f.field) for f in findings} == {(ERROR, "name"), (ERROR, "quelle")}
    assert any("3000 Zeichen" in f.message for f in findings)


def test_cli_check_fails_on_a_control_character_in_an_own_sozialraum(netz, tmp_path,
                                                                     monkeypatch):
    path = tmp_path / "r.toml"
    path.write_text('schema = 2\n[sozialraeume.x]\nname = "Bell\\u0007"\norte = ["Vorhalle"]\n',
                    "utf-8")
    monkeypatch.setenv("NETZ_REGISTRY", str(path))
    result = netz("check")
    assert result.exit_code == 1
    assert "sozialraeume.x · name" in result.output


# --- 7: names and ids of Sozialräume never collide -------------------------------------------


@pytest.mark.parametrize(("text", "messages"), [
    ('[sozialraeume.a]\nname = "Y"\norte = ["Boele"]\n'
     '[sozialraeume.b]\nname = "y"\norte = ["Vorhalle"]\n',
     ["Zeile 5, sozialraeume.b: Der Sozialraum heißt „y“ wie „Y“ (sozialraeume.a)"]),
    ('[sozialraeume.vorhalle]\nname = "Vorhalle Nord"\norte = ["Vorhalle"]\n',
     ["Zeile 2, sozialraeume.vorhalle: Die ID „vorhalle“ gleicht dem Namen des Sozialraums "
      "„Vorhalle“, den netz mitbringt"]),
    ('[sozialraeume.a]\nname = "b"\norte = ["Boele"]\n'
     '[sozialraeume.b]\nname = "Zwei"\norte = ["Vorhalle"]\n',
     ["Zeile 2, sozialraeume.a: Der Sozialraum heißt „b“ wie die ID von sozialraeume.b"]),
])
def test_sozialraum_names_and_ids_must_be_unique(text, messages):
    from netzwerk_cli.errors import RegistryError

    with pytest.raises(RegistryError) as error:
        _registry(text)
    for message in messages:
        assert message in str(error.value)


def test_cli_colliding_sozialraum_names_are_an_error_naming_both(netz, tmp_path, monkeypatch):
    path = tmp_path / "r.toml"
    path.write_text('schema = 2\n[sozialraeume.a]\nname = "Y"\norte = ["Boele"]\n'
                    '[sozialraeume.b]\nname = "y"\norte = ["Vorhalle"]\n', "utf-8")
    monkeypatch.setenv("NETZ_REGISTRY", str(path))
    result = netz("list", "--sozialraum", "y")
    assert result.exit_code == 1
    assert "sozialraeume.b" in result.stderr and "sozialraeume.a" in result.stderr


# --- 10: an own Sozialraum is shown by its name, not its id ----------------------------------

GRENZ_RUNDE = GRENZE + '''
[netzwerke.grenz-runde]
name = "Grenzrunde"
art = "netzwerk"
sozialraeume = ["grenze-haspe-wehringhausen"]
'''


def test_an_own_sozialraum_is_shown_by_name_in_the_area_text_and_exports():
    from netzwerk_cli.export.selection import netzwerk_infos

    registry = _registry(GRENZ_RUNDE)
    netzwerk = registry.netzwerke["grenz-runde"]
    assert registry.area_text(netzwerk) == "Sozialraum Grenzraum Haspe/Wehringhausen"
    [info] = netzwerk_infos(registry, [("grenz-runde", netzwerk)])
    assert info.gebiet == "Sozialraum Grenzraum Haspe/Wehringhausen"


def test_cli_show_list_and_page_name_an_own_sozialraum(netz, tmp_path, monkeypatch):
    path = tmp_path / "r.toml"
    path.write_text("schema = 2\n" + GRENZ_RUNDE, "utf-8")
    monkeypatch.setenv("NETZ_REGISTRY", str(path))
    shown = "Sozialraum Grenzraum Haspe/Wehringhausen"
    assert f"Gebiet: {shown}" in netz("show", "grenz-runde").stdout
    assert netz("list").stdout.split("\t")[3] == shown
    page = netz("export", "html").stdout
    assert shown in page and "Sozialraum grenze-haspe-wehringhausen" not in page


# --- 11: luecken --sozialraum shows the Sozialraum and its Orte, not whole Bezirke ------------


def test_coverage_of_a_sozialraum_is_its_own_row_and_its_orte():
    from netzwerk_cli.coverage import coverage

    registry = _registry(GRENZE + RUNDER_TISCH)
    raum = resolve_sozialraum("Wehringhausen-Ost/West/Villa Post")
    rows = coverage(registry, sozialraum=raum)
    assert [(c.level, c.name) for c in rows] == [
        ("Sozialraum", "Wehringhausen-Ost/West/Villa Post"), ("Wohnbezirk", "Wehringhausen-Ost"),
        ("Wohnbezirk", "Wehringhausen-West"), ("Wohnbezirk", "Villa Post")]
    assert rows[0].vor_ort == ["runder-tisch"] and rows[1].wider == ["runder-tisch"]


def test_coverage_of_a_border_sozialraum_by_stadtteile_keeps_a_wohnbezirk_under_its_bezirk():
    from netzwerk_cli.coverage import coverage

    registry = _registry(GRENZE + RUNDER_TISCH)
    raum = resolve_sozialraum("grenze-haspe-wehringhausen", registry.sozialraum_index())
    rows = coverage(registry, stadtteile=True, sozialraum=raum)
    assert [(c.level, c.name, c.gap) for c in rows] == [
        ("Stadtteil", "Wehringhausen", False), ("Wohnbezirk", "Westerbauer", True)]


def test_cli_luecken_sozialraum_without_sozialraeume(netz, hagen_in_use):
    result = netz("luecken", "--sozialraum", "Wehringhausen-Ost/West/Villa Post", "--json")
    assert result.exit_code == 0, result.output
    assert [(r["ebene"], r["ort"]) for r in json.loads(result.stdout)] == [
        ("Sozialraum", "Wehringhausen-Ost/West/Villa Post"), ("Wohnbezirk", "Wehringhausen-Ost"),
        ("Wohnbezirk", "Wehringhausen-West"), ("Wohnbezirk", "Villa Post")]
    result = netz("luecken", "--sozialraum", "Haspe-Zentrum")
    assert [line.split("\t")[:2] for line in result.stdout.splitlines()] == [
        ["Sozialraum", "Haspe-Zentrum"], ["Wohnbezirk", "Haspe-Zentrum"]]
    assert "Hagen-Mitte" not in result.stdout
    help_text = " ".join(netz("luecken", "--help").stdout.replace("│", " ").split())
    assert "den Sozialraum selbst und seine Orte" in help_text


# --- 4/5: 80 columns ------------------------------------------------------------------------


def _terminal(monkeypatch, columns: int) -> None:
    from netzwerk_cli.cli import render

    monkeypatch.setattr(render, "is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", str(columns))
    monkeypatch.setenv("NO_COLOR", "1")


def _table_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line[:1] in "┏┃┡│└"]


@pytest.mark.parametrize("columns", [80, 60])
def test_luecken_sozialraeume_stays_a_table_with_whole_names_and_no_blank_column(
        netz, hagen_in_use, monkeypatch, columns):
    _terminal(monkeypatch, columns)
    result = netz("luecken", "--sozialraeume")
    assert result.exit_code == 0, result.output
    lines = _table_lines(result.stdout)
    assert lines and all(len(line) <= columns for line in lines)
    header = lines[1]
    cells = [cell.strip() for cell in header.strip("┃").split("┃")]
    assert all(cells) and cells[:2] == ["Ort", "vor Ort"]  # no column without a heading
    assert "…" not in result.stdout
    assert any("│ Wehringhausen-Ost/West/Villa Post │ █ 1" in line for line in lines)
    assert any("│ Vorhalle" in line and "– keins –" in line for line in lines)
    if columns == 80:
        assert cells == ["Ort", "vor Ort", "+ umfassend", "SRT", "Konf."]


def test_list_with_a_long_sozialraum_name_is_a_table_at_80_columns(netz, hagen_in_use,
                                                                  monkeypatch):
    _terminal(monkeypatch, 80)
    for args in (("list", "--bezirk", "Mitte", "--ohne-stadtweit"),
                 ("list", "--sozialraum", "Wehringhausen-Ost/West/Villa Post")):
        result = netz(*args)
        lines = _table_lines(result.stdout)
        assert lines and all(len(line) <= 80 for line in lines), args
        assert any("│ sozialraumteam-wehringhausen " in line for line in lines), args
        gebiet = [line.split("│")[2].strip() for line in lines if line.startswith("│")]
        assert "Wehringhausen-Ost/" in gebiet and "West/Villa Post" in gebiet, args


def test_bezirke_at_80_columns_is_two_tables_and_names_the_sources(netz, hagen_in_use,
                                                                  monkeypatch):
    _terminal(monkeypatch, 80)
    result = netz("bezirke")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.count("┏") == 2 and len(out.splitlines()) < 120
    assert all(len(line) <= 80 for line in _table_lines(out))
    assert "┃ Ebene " in out and "┃ Sozialraum " in out
    text = " ".join(out.split())
    assert ("Quelle der Sozialräume Zentrum/Remberg, Altenhagen/Eckesey-Süd, "
            "Wehringhausen-Ost/West/Villa Post, Haspe-Zentrum, Eilpe/Delstern/Selbecke, "
            "Vorhalle: Jugendhilfeausschuss Hagen, Vorlage 0490/2024.") in text


def test_wrap_at_slash_breaks_after_a_slash_and_at_spaces_only():
    from netzwerk_cli.cli.render import wrap_at_slash

    assert wrap_at_slash("Sozialraum Wehringhausen-Ost/West/Villa Post", 18) == (
        "Sozialraum\nWehringhausen-Ost/\nWest/Villa Post")
    assert wrap_at_slash("  Eilpe/Dahl", 40) == "  Eilpe/Dahl"
    assert wrap_at_slash("Hagen-Mitte", 5) == "Hagen-Mitte"


# --- Trivia: a wrong value is quoted as it would be written in the file -----------------------


def test_a_string_where_a_list_belongs_is_quoted_as_in_the_file():
    from netzwerk_cli.errors import RegistryError

    with pytest.raises(RegistryError) as error:
        _registry('[sozialraeume.x]\nname = "X"\norte = "Boele"\n')
    assert ('Feld „orte“: erwartet eine Liste von Texten, z. B. ["Haspe"], gefunden "Boele".'
            in str(error.value))


# --- The installed netz ----------------------------------------------------------------------


def test_installed_netz_shows_the_border_gap_and_loads_an_ambiguous_stored_name(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    netz = Path(sys.executable).with_name("netz")
    path = tmp_path / "r.toml"
    path.write_text("schema = 2\n" + GRENZE + RUNDER_TISCH + ECKESEY, "utf-8")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "d"),
           "XDG_CONFIG_HOME": str(tmp_path / "c"), "XDG_CACHE_HOME": str(tmp_path / "k"),
           "NETZ_HEUTE": "2026-11-25", "NETZ_REGISTRY": str(path)}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(netz), *args], capture_output=True, text=True, env=env,
                              timeout=60, check=False)

    result = run("luecken", "--sozialraeume", "--sozialraum", "Grenzraum Haspe/Wehringhausen")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\t")[:5] == ["Sozialraum", "Grenzraum Haspe/Wehringhausen",
                                             "Haspe, Hagen-Mitte", "0", "1"]
    result = run("check")
    assert result.returncode == 0, result.stderr
    assert "„Eckesey“ ist mehrdeutig" in result.stdout
