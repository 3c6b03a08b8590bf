"""The read commands as a coordinator uses them, through Typer's CliRunner."""

from __future__ import annotations

import json

import pytest

from netzwerk_cli.cli import app, render

COMMANDS = ["list", "show", "search", "bezirke", "themen", "arten", "angebote", "info", "add",
            "edit", "remove", "verify", "undo", "redo", "kontakt", "export", "check", "faellig",
            "luecken", "merge", "mitglied", "import", "treffen"]
KONTAKT_COMMANDS = ["add", "list", "show", "edit", "remove"]
EXPORT_COMMANDS = ["verteiler", "kontakte", "html"]
TREFFEN_COMMANDS = ["plan", "list", "show", "edit", "remove", "anwesend"]


@pytest.fixture
def hagen(hagen_file, monkeypatch):
    """Use a copy of the embedded Hagen registry through NETZ_REGISTRY."""
    monkeypatch.setenv("NETZ_REGISTRY", str(hagen_file))
    return hagen_file


def tsv(output: str) -> list[list[str]]:
    return [line.split("\t") for line in output.splitlines()]


def ids(output: str) -> list[str]:
    return [line[0] for line in tsv(output)]


# --- help -----------------------------------------------------------------------------------


def test_every_command_is_registered_and_has_a_summary():
    import typer.main

    group = typer.main.get_command(app)
    ctx = typer.Context(group)
    names = group.list_commands(ctx)  # type: ignore[attr-defined]
    assert set(names) == set(COMMANDS)
    assert all(group.get_command(ctx, name).help for name in names)  # type: ignore[attr-defined]


@pytest.mark.parametrize("command", [[], *([c] for c in COMMANDS),
                                     *(["kontakt", c] for c in KONTAKT_COMMANDS),
                                     *(["export", c] for c in EXPORT_COMMANDS),
                                     *(["treffen", c] for c in TREFFEN_COMMANDS)])
def test_help_is_german_for_every_command(netz, command):
    result = netz(*command, "--help")
    assert result.exit_code == 0
    assert "Aufruf: netz" in result.stdout
    assert "Diese Hilfe zeigen" in result.stdout
    assert "Show this message" not in result.stdout


def test_version(netz):
    result = netz("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("netz ")


# --- list -------------------------------------------------------------------------------------


def test_list_by_bezirk_shows_local_networks_then_city_wide_ones(netz, hagen):
    result = netz("list", "--bezirk", "Haspe")
    assert result.exit_code == 0, result.stderr
    found = ids(result.stdout)
    local = ["ak-90", "sozialraumteam-haspe", "stadtbezirkskonferenz-haspe"]
    assert found[:3] == local
    assert {"ag-1", "ag-5", "moderatorengruppe"} <= set(found[3:])
    assert "netzwerk-mitte" not in found


def test_list_in_a_pipe_is_tab_separated_without_colour_or_boxes(netz, hagen):
    result = netz("list", "--bezirk", "Haspe")
    assert "\x1b[" not in result.stdout
    assert not set("│─╭╮") & set(result.stdout)
    for line in tsv(result.stdout):
        assert len(line) == 6
    ak90 = tsv(result.stdout)[0]
    assert ak90 == ["ak-90", "AK 90 (Arbeitskreis für Kinder und Jugend in Haspe)", "Arbeitskreis",
                    "Haspe", "", "CORBACHER 20, Beratung und Begegnung"]


def test_list_ohne_stadtweit_leaves_city_wide_networks_out(netz, hagen):
    result = netz("list", "--bezirk", "Haspe", "--ohne-stadtweit")
    assert ids(result.stdout) == ["ak-90", "sozialraumteam-haspe", "stadtbezirkskonferenz-haspe"]


@pytest.mark.parametrize("filter_", [["--bezirk", "Mitte"], ["--bezirk", "hagen-mitte"],
                                     ["--stadtteil", "Eppenhausen"],
                                     ["--stadtteil", "Hochschulviertel"]])
def test_list_finds_eppenhausen_forum_by_bezirk_and_by_stadtteil(netz, hagen, filter_):
    result = netz("list", *filter_)
    assert result.exit_code == 0
    assert "stadtteilforum-eppenhausen" in ids(result.stdout)


def test_list_understands_a_stadtteil_given_as_bezirk_and_says_so(netz, hagen):
    result = netz("list", "--bezirk", "Eppenhausen", "--ohne-stadtweit")
    assert result.exit_code == 0
    assert "stadtteilforum-eppenhausen" in ids(result.stdout)
    assert "kein Stadtbezirk" in result.stderr
    assert 'Für den ganzen Bezirk: --bezirk "Hagen-Mitte"' in result.stderr


def test_list_unknown_place_is_a_usage_error_with_suggestion(netz, hagen):
    result = netz("list", "--bezirk", "Hspe")
    assert result.exit_code == 2
    assert "Unbekannter Stadtbezirk „Hspe“" in result.stderr
    assert "Meinten Sie „Haspe“?" in result.stderr
    assert "Eilpe/Dahl" in result.stderr  # the valid names are listed
    assert "Traceback" not in result.output


def test_list_ambiguous_place_names_the_candidates(netz, hagen):
    result = netz("list", "--stadtteil", "Zentrum")
    assert result.exit_code == 2
    assert "mehrdeutig" in result.stderr
    assert "Haspe-Zentrum" in result.stderr


def test_list_by_thema_and_art(netz, hagen):
    assert ids(netz("list", "--thema", "schule").stdout) == ["ag-5"]
    teams = ids(netz("list", "--art", "SRT").stdout)
    assert len(teams) == 5
    assert all(i.startswith("sozialraumteam-") for i in teams)


@pytest.mark.parametrize(("option", "value", "expected"), [
    ("--thema", "Schulle", "Kein Netzwerk hat ein Thema „Schulle“"),
    ("--art", "Verein", "Unbekannte Art „Verein“"),
])
def test_list_unknown_topic_or_kind_is_a_usage_error(netz, hagen, option, value, expected):
    result = netz("list", option, value)
    assert result.exit_code == 2
    assert expected in result.stderr


def test_list_json_resolves_contacts(netz, hagen):
    result = netz("list", "--bezirk", "Mitte", "--ohne-stadtweit", "--json")
    data = json.loads(result.stdout)
    forum = next(e for e in data if e["id"] == "stadtteilforum-altenhagen")
    assert forum["name"] == "Stadtteilforum Altenhagen"
    assert forum["stadtbezirke"] == ["Hagen-Mitte"]
    assert forum["kontakte"][0]["id"] == "natalia-keller"
    assert forum["kontakte"][0]["telefon"] == "02331 207-3608"


def test_list_without_matches_says_so_and_exits_1(netz, fixture_file):
    result = netz("list", "-r", str(fixture_file("klein.toml")), "--stadtteil", "Emst",
                  "--ohne-stadtweit")
    assert result.exit_code == 1  # nothing found, like grep (README: Rückgabewerte)
    assert result.stdout == ""
    assert "Keine Netzwerke gefunden" in result.stderr


def test_list_on_a_terminal_draws_tables_with_city_wide_apart(netz, hagen, monkeypatch):
    monkeypatch.setattr(render, "is_terminal", lambda: True)
    result = netz("list", "--bezirk", "Haspe")
    assert "Netzwerke vor Ort (3)" in result.stdout
    assert "Stadtweit, überall zuständig (6)" in result.stdout
    assert "AK 90" in result.stdout


# --- show -------------------------------------------------------------------------------------


def test_show_prints_network_with_resolved_contacts(netz, hagen):
    result = netz("show", "ak-90")
    assert result.exit_code == 0
    assert "Art: Arbeitskreis" in result.stdout
    assert "Adresse: Corbacher Straße 20, 58135 Hagen" in result.stdout
    assert "E-Mail: corbacher20@gmx.de" in result.stdout
    assert "Stand: 2017-04" in result.stdout


def test_show_offer(netz, hagen):
    result = netz("show", "rat-am-ring")
    assert result.exit_code == 0
    assert "Beratungsstelle Rat am Ring" in result.stdout


def test_show_json(netz, hagen):
    data = json.loads(netz("show", "netzwerk-mitte", "--json").stdout)
    assert data["id"] == "netzwerk-mitte"
    assert data["typ"] == "netzwerk"
    assert data["kontakte"][0]["email"] == "Keller@stadt-hagen.de"


def test_show_unknown_id_suggests_the_closest(netz, hagen):
    result = netz("show", "ak90")
    assert result.exit_code == 2
    assert "Meinten Sie „ak-90“?" in result.stderr


# --- search -----------------------------------------------------------------------------------


def test_search_several_words_must_all_match(netz, hagen):
    assert ids(netz("search", "Eilper", "Forum").stdout) == ["eilper-forum"]


def test_search_without_hits_exits_1_with_message(netz, hagen):
    result = netz("search", "Raumfahrt")
    assert result.exit_code == 1
    assert "Nichts gefunden" in result.stderr


def test_search_json_carries_score(netz, hagen):
    data = json.loads(netz("search", "Keller", "--json").stdout)
    assert {e["id"] for e in data} == {"stadtteilforum-altenhagen", "netzwerk-mitte",
                                       "runder-tisch-wehringhausen"}
    assert all(e["punkte"] > 0 for e in data)


# --- vocabularies and info ---------------------------------------------------------------------


def test_bezirke_lists_all_five_with_local_counts(netz, hagen):
    rows = tsv(netz("bezirke").stdout)
    bezirke = {row[1]: int(row[3]) for row in rows if row[0] == "Stadtbezirk"}
    # Only what the source calls networks counts vor Ort (issue 14): no Sozialraumteam, no
    # Stadtbezirkskonferenz.
    assert bezirke == {"Hagen-Mitte": 4, "Hagen-Nord": 0, "Hohenlimburg": 0, "Eilpe/Dahl": 1,
                       "Haspe": 1}


def test_bezirke_json_has_paths(netz, hagen):
    data = json.loads(netz("bezirke", "--json").stdout)
    eppenhausen = next(o for o in data if o["name"] == "Eppenhausen")
    assert eppenhausen["pfad"] == ["Hagen-Mitte", "Hochschulviertel", "Eppenhausen"]
    assert eppenhausen["ebene"] == "Wohnbezirk"


def test_themen_counts_networks_per_topic(netz, hagen):
    rows = tsv(netz("themen").stdout)
    assert rows[0] == ["Erzieherische Hilfen", "1"]
    assert ["OGS", "1"] in rows


def test_arten_counts_kinds_including_empty_ones(netz, hagen):
    rows = {row[0]: row[2] for row in tsv(netz("arten").stdout)}
    assert rows == {"Netzwerk": "5", "Arbeitsgemeinschaft": "5", "Arbeitskreis": "2",
                    "Gremium": "0", "Sozialraumteam": "5", "Konferenz": "5"}


def test_angebote_lists_the_three_institutions(netz, hagen):
    assert sorted(ids(netz("angebote").stdout)) == ["museum-theater", "rat-am-ring",
                                                    "stadtsportbund"]


def test_info_names_file_reason_counts_and_stand(netz, hagen):
    data = json.loads(netz("info", "--json").stdout)
    assert data["datei"] == str(hagen)
    assert data["grund"] == "Umgebungsvariable NETZ_REGISTRY"
    assert (data["netzwerke"], data["kontakte"], data["angebote"]) == (22, 9, 3)
    assert data["aeltester_stand"] == data["neuester_stand"] == "2017-04"


def test_registry_option_beats_environment(netz, hagen, fixture_file):
    file = fixture_file("klein.toml")
    data = json.loads(netz("info", "--json", "--registry", str(file)).stdout)
    assert data["grund"] == "Option --registry"
    assert data["netzwerke"] == 5


def test_first_use_creates_default_registry_and_says_so_once(netz):
    first = netz("list", "--bezirk", "Haspe")
    assert first.exit_code == 0
    assert "aus den mitgelieferten Hagen-Daten angelegt" in first.stderr
    second = netz("list", "--bezirk", "Haspe")
    assert "angelegt" not in second.stderr
    assert second.stdout == first.stdout


# --- bad registries ---------------------------------------------------------------------------


def test_malformed_registry_names_file_and_line_without_traceback(netz, tmp_path):
    file = tmp_path / "kaputt.toml"
    file.write_text('schema = 2\n\n[netzwerke.x]\nname = "A\n', encoding="utf-8")
    result = netz("list", "-r", str(file))
    assert result.exit_code == 1
    assert str(file) in result.stderr
    assert "Zeile 4" in result.stderr
    assert "Traceback" not in result.output


def test_invalid_entry_names_entry_and_field(netz, tmp_path):
    file = tmp_path / "falsch.toml"
    file.write_text('schema = 2\n\n[netzwerke.x]\nname = "A"\nart = "netzwerk"\n'
                    'stadtweit = true\nthema = ["B"]\n', encoding="utf-8")
    result = netz("list", "-r", str(file))
    assert result.exit_code == 1
    assert "Zeile 3, netzwerke.x: Unbekanntes Feld „thema“. Meinten Sie „themen“?" in (
        result.stderr)


def test_missing_registry_says_which_setting_chose_it(netz, tmp_path, monkeypatch):
    monkeypatch.setenv("NETZ_REGISTRY", str(tmp_path / "fehlt.toml"))
    result = netz("list")
    assert result.exit_code == 1
    assert "gibt es nicht (gewählt durch Umgebungsvariable NETZ_REGISTRY)" in result.stderr


def test_usage_errors_are_german_with_exit_code_2(netz, hagen):
    result = netz("list", "--bezrk", "Haspe")
    assert result.exit_code == 2
    assert "Unbekannte Option: --bezrk (meinten Sie --bezirk?)" in result.stderr
    result = netz("lst")
    assert result.exit_code == 2
    assert "Unbekannter Befehl „lst“. Meinten Sie „list“?" in result.stderr


def test_group_without_command_shows_its_help_and_no_empty_error(netz):
    result = netz("kontakt")
    assert result.exit_code == 2
    assert "Aufruf: netz kontakt" in result.stdout
    assert "Fehler" not in result.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["check", "--max-alter", "-3"],
     "Ungültiger Wert für '--max-alter': bitte 0 oder mehr Monate."),
    (["check", "--max-alter", "x"], "bitte eine ganze Zahl."),
    (["list", "--registry", "/"], "„/“ ist ein Ordner, keine Datei."),
])
def test_option_value_errors_are_german(netz, hagen, args, message):
    result = netz(*args)
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.replace("│", " ").split())


def test_export_into_a_missing_folder_says_which(netz, hagen, tmp_path):
    result = netz("export", "verteiler", "-o", str(tmp_path / "fehlt" / "x.txt"))
    assert result.exit_code == 1
    assert f"den Ordner {tmp_path / 'fehlt'} gibt es nicht" in result.stderr


def test_unknown_command_suggests_commands_that_are_loaded_later(netz):
    result = netz("ad")
    assert result.exit_code == 2
    assert "Unbekannter Befehl „ad“. Meinten Sie „add“?" in result.stderr
