"""The read commands as a coordinator uses them, through Typer's CliRunner."""

from __future__ import annotations

import json

import pytest

from netzwerk_cli.cli import app, render

BEFEHLE = ["list", "show", "search", "bezirke", "themen", "arten", "angebote", "info", "add",
           "edit", "remove", "verify", "undo", "kontakt", "export", "check", "faellig",
           "luecken"]
KONTAKT_BEFEHLE = ["add", "list", "show", "edit", "remove"]
EXPORT_BEFEHLE = ["verteiler", "kontakte", "html"]


@pytest.fixture
def hagen(hagen_datei, monkeypatch):
    """Use a copy of the embedded Hagen registry through NETZ_REGISTRY."""
    monkeypatch.setenv("NETZ_REGISTRY", str(hagen_datei))
    return hagen_datei


def tsv(ausgabe: str) -> list[list[str]]:
    return [zeile.split("\t") for zeile in ausgabe.splitlines()]


def ids(ausgabe: str) -> list[str]:
    return [zeile[0] for zeile in tsv(ausgabe)]


# --- help -----------------------------------------------------------------------------------


def test_every_command_is_registered_and_has_a_summary():
    import typer.main

    gruppe = typer.main.get_command(app)
    ctx = typer.Context(gruppe)
    namen = gruppe.list_commands(ctx)  # type: ignore[attr-defined]
    assert set(namen) == set(BEFEHLE)
    assert all(gruppe.get_command(ctx, n).help for n in namen)  # type: ignore[attr-defined]


@pytest.mark.parametrize("befehl", [[], *([b] for b in BEFEHLE),
                                     *(["kontakt", b] for b in KONTAKT_BEFEHLE),
                                     *(["export", b] for b in EXPORT_BEFEHLE)])
def test_help_is_german_for_every_command(netz, befehl):
    ergebnis = netz(*befehl, "--help")
    assert ergebnis.exit_code == 0
    assert "Aufruf: netz" in ergebnis.stdout
    assert "Diese Hilfe zeigen" in ergebnis.stdout
    assert "Show this message" not in ergebnis.stdout


def test_version(netz):
    ergebnis = netz("--version")
    assert ergebnis.exit_code == 0
    assert ergebnis.stdout.startswith("netz ")


# --- list -------------------------------------------------------------------------------------


def test_list_by_bezirk_shows_local_networks_then_city_wide_ones(netz, hagen):
    ergebnis = netz("list", "--bezirk", "Haspe")
    assert ergebnis.exit_code == 0, ergebnis.stderr
    gefunden = ids(ergebnis.stdout)
    lokal = ["ak-90", "sozialraumteam-haspe", "stadtbezirkskonferenz-haspe"]
    assert gefunden[:3] == lokal
    assert {"ag-1", "ag-5", "moderatorengruppe"} <= set(gefunden[3:])
    assert "netzwerk-mitte" not in gefunden


def test_list_in_a_pipe_is_tab_separated_without_colour_or_boxes(netz, hagen):
    ergebnis = netz("list", "--bezirk", "Haspe")
    assert "\x1b[" not in ergebnis.stdout
    assert not set("│─╭╮") & set(ergebnis.stdout)
    for zeile in tsv(ergebnis.stdout):
        assert len(zeile) == 6
    ak90 = tsv(ergebnis.stdout)[0]
    assert ak90 == ["ak-90", "AK 90 (Arbeitskreis für Kinder und Jugend in Haspe)", "Arbeitskreis",
                    "Haspe", "Vernetzung im Sozialraum", "CORBACHER 20, Beratung und Begegnung"]


def test_list_ohne_stadtweit_leaves_city_wide_networks_out(netz, hagen):
    ergebnis = netz("list", "--bezirk", "Haspe", "--ohne-stadtweit")
    assert ids(ergebnis.stdout) == ["ak-90", "sozialraumteam-haspe", "stadtbezirkskonferenz-haspe"]


@pytest.mark.parametrize("filter_", [["--bezirk", "Mitte"], ["--bezirk", "hagen-mitte"],
                                     ["--stadtteil", "Eppenhausen"],
                                     ["--stadtteil", "Hochschulviertel"]])
def test_list_finds_eppenhausen_forum_by_bezirk_and_by_stadtteil(netz, hagen, filter_):
    ergebnis = netz("list", *filter_)
    assert ergebnis.exit_code == 0
    assert "stadtteilforum-eppenhausen" in ids(ergebnis.stdout)


def test_list_understands_a_stadtteil_given_as_bezirk_and_says_so(netz, hagen):
    ergebnis = netz("list", "--bezirk", "Eppenhausen", "--ohne-stadtweit")
    assert ergebnis.exit_code == 0
    assert "stadtteilforum-eppenhausen" in ids(ergebnis.stdout)
    assert "kein Stadtbezirk" in ergebnis.stderr
    assert 'Für den ganzen Bezirk: --bezirk "Hagen-Mitte"' in ergebnis.stderr


def test_list_unknown_place_is_a_usage_error_with_suggestion(netz, hagen):
    ergebnis = netz("list", "--bezirk", "Hspe")
    assert ergebnis.exit_code == 2
    assert "Unbekannter Stadtbezirk „Hspe“" in ergebnis.stderr
    assert "Meinten Sie „Haspe“?" in ergebnis.stderr
    assert "Eilpe/Dahl" in ergebnis.stderr  # the valid names are listed
    assert "Traceback" not in ergebnis.output


def test_list_ambiguous_place_names_the_candidates(netz, hagen):
    ergebnis = netz("list", "--stadtteil", "Zentrum")
    assert ergebnis.exit_code == 2
    assert "mehrdeutig" in ergebnis.stderr
    assert "Haspe-Zentrum" in ergebnis.stderr


def test_list_by_thema_and_art(netz, hagen):
    assert ids(netz("list", "--thema", "schule").stdout) == ["ag-5"]
    sozialraumteams = ids(netz("list", "--art", "SRT").stdout)
    assert len(sozialraumteams) == 5
    assert all(i.startswith("sozialraumteam-") for i in sozialraumteams)


@pytest.mark.parametrize(("option", "wert", "erwartet"), [
    ("--thema", "Schulle", "Kein Netzwerk hat ein Thema „Schulle“"),
    ("--art", "Verein", "Unbekannte Art „Verein“"),
])
def test_list_unknown_topic_or_kind_is_a_usage_error(netz, hagen, option, wert, erwartet):
    ergebnis = netz("list", option, wert)
    assert ergebnis.exit_code == 2
    assert erwartet in ergebnis.stderr


def test_list_json_resolves_contacts(netz, hagen):
    ergebnis = netz("list", "--bezirk", "Mitte", "--ohne-stadtweit", "--json")
    daten = json.loads(ergebnis.stdout)
    forum = next(e for e in daten if e["id"] == "stadtteilforum-altenhagen")
    assert forum["name"] == "Stadtteilforum Altenhagen"
    assert forum["stadtbezirke"] == ["Hagen-Mitte"]
    assert forum["kontakte"][0]["id"] == "natalia-keller"
    assert forum["kontakte"][0]["telefon"] == "02331 207-3608"


def test_list_without_matches_says_so_and_succeeds(netz, fixture_datei):
    ergebnis = netz("list", "-r", str(fixture_datei("klein.toml")), "--stadtteil", "Emst",
                    "--ohne-stadtweit")
    assert ergebnis.exit_code == 0
    assert ergebnis.stdout == ""
    assert "Keine Netzwerke gefunden" in ergebnis.stderr


def test_list_on_a_terminal_draws_tables_with_city_wide_apart(netz, hagen, monkeypatch):
    monkeypatch.setattr(render, "is_terminal", lambda: True)
    ergebnis = netz("list", "--bezirk", "Haspe")
    assert "Netzwerke vor Ort (3)" in ergebnis.stdout
    assert "Stadtweit, überall zuständig (6)" in ergebnis.stdout
    assert "AK 90" in ergebnis.stdout


# --- show -------------------------------------------------------------------------------------


def test_show_prints_network_with_resolved_contacts(netz, hagen):
    ergebnis = netz("show", "ak-90")
    assert ergebnis.exit_code == 0
    assert "Art: Arbeitskreis" in ergebnis.stdout
    assert "Adresse: Corbacher Straße 20, 58135 Hagen" in ergebnis.stdout
    assert "E-Mail: corbacher20@gmx.de" in ergebnis.stdout
    assert "Stand: 2017-04" in ergebnis.stdout


def test_show_offer(netz, hagen):
    ergebnis = netz("show", "rat-am-ring")
    assert ergebnis.exit_code == 0
    assert "Beratungsstelle Rat am Ring" in ergebnis.stdout


def test_show_json(netz, hagen):
    daten = json.loads(netz("show", "netzwerk-mitte", "--json").stdout)
    assert daten["id"] == "netzwerk-mitte"
    assert daten["typ"] == "netzwerk"
    assert daten["kontakte"][0]["email"] == "Keller@stadt-hagen.de"


def test_show_unknown_id_suggests_the_closest(netz, hagen):
    ergebnis = netz("show", "ak90")
    assert ergebnis.exit_code == 2
    assert "Meinten Sie „ak-90“?" in ergebnis.stderr


# --- search -----------------------------------------------------------------------------------


def test_search_tolerates_typos_and_ranks_best_first(netz, hagen):
    ergebnis = netz("search", "wehringhausn")
    assert ergebnis.exit_code == 0
    assert set(ids(ergebnis.stdout)) == {"runder-tisch-wehringhausen",
                                          "sozialraumteam-wehringhausen"}


def test_search_several_words_must_all_match(netz, hagen):
    assert ids(netz("search", "Eilper", "Forum").stdout) == ["eilper-forum"]


def test_search_without_hits_exits_1_with_message(netz, hagen):
    ergebnis = netz("search", "Raumfahrt")
    assert ergebnis.exit_code == 1
    assert "Nichts gefunden" in ergebnis.stderr


def test_search_json_carries_score(netz, hagen):
    daten = json.loads(netz("search", "Keller", "--json").stdout)
    assert {e["id"] for e in daten} == {"stadtteilforum-altenhagen", "netzwerk-mitte",
                                        "runder-tisch-wehringhausen"}
    assert all(e["punkte"] > 0 for e in daten)


# --- vocabularies and info ---------------------------------------------------------------------


def test_bezirke_lists_all_five_with_local_counts(netz, hagen):
    zeilen = tsv(netz("bezirke").stdout)
    bezirke = {z[1]: int(z[3]) for z in zeilen if z[0] == "Stadtbezirk"}
    assert bezirke == {"Hagen-Mitte": 7, "Hagen-Nord": 2, "Hohenlimburg": 1, "Eilpe/Dahl": 3,
                       "Haspe": 3}


def test_bezirke_json_has_paths(netz, hagen):
    daten = json.loads(netz("bezirke", "--json").stdout)
    eppenhausen = next(o for o in daten if o["name"] == "Eppenhausen")
    assert eppenhausen["pfad"] == ["Hagen-Mitte", "Hochschulviertel", "Eppenhausen"]
    assert eppenhausen["ebene"] == "Wohnbezirk"


def test_themen_counts_networks_per_topic(netz, hagen):
    zeilen = tsv(netz("themen").stdout)
    assert zeilen[0] == ["Vernetzung im Sozialraum", "11"]
    assert ["OGS", "1"] in zeilen


def test_arten_counts_kinds_including_empty_ones(netz, hagen):
    zeilen = {z[0]: z[2] for z in tsv(netz("arten").stdout)}
    assert zeilen == {"Netzwerk": "5", "Arbeitsgemeinschaft": "5", "Arbeitskreis": "2",
                      "Gremium": "0", "Sozialraumteam": "5", "Konferenz": "5"}


def test_angebote_lists_the_three_institutions(netz, hagen):
    assert sorted(ids(netz("angebote").stdout)) == ["museum-theater", "rat-am-ring",
                                                    "stadtsportbund"]


def test_info_names_file_reason_counts_and_stand(netz, hagen):
    daten = json.loads(netz("info", "--json").stdout)
    assert daten["datei"] == str(hagen)
    assert daten["grund"] == "Umgebungsvariable NETZ_REGISTRY"
    assert (daten["netzwerke"], daten["kontakte"], daten["angebote"]) == (22, 9, 3)
    assert daten["aeltester_stand"] == daten["neuester_stand"] == "2017-04"


def test_registry_option_beats_environment(netz, hagen, fixture_datei):
    datei = fixture_datei("klein.toml")
    daten = json.loads(netz("info", "--json", "--registry", str(datei)).stdout)
    assert daten["grund"] == "Option --registry"
    assert daten["netzwerke"] == 5


def test_first_use_creates_default_registry_and_says_so_once(netz):
    erster = netz("list", "--bezirk", "Haspe")
    assert erster.exit_code == 0
    assert "aus den mitgelieferten Hagen-Daten angelegt" in erster.stderr
    zweiter = netz("list", "--bezirk", "Haspe")
    assert "angelegt" not in zweiter.stderr
    assert zweiter.stdout == erster.stdout


# --- bad registries ---------------------------------------------------------------------------


def test_malformed_registry_names_file_and_line_without_traceback(netz, tmp_path):
    datei = tmp_path / "kaputt.toml"
    datei.write_text('schema = 1\n\n[netzwerke.x]\nname = "A\n', encoding="utf-8")
    ergebnis = netz("list", "-r", str(datei))
    assert ergebnis.exit_code == 1
    assert str(datei) in ergebnis.stderr
    assert "Zeile 4" in ergebnis.stderr
    assert "Traceback" not in ergebnis.output


def test_invalid_entry_names_entry_and_field(netz, tmp_path):
    datei = tmp_path / "falsch.toml"
    datei.write_text('schema = 1\n\n[netzwerke.x]\nname = "A"\nart = "netzwerk"\n'
                     'stadtweit = true\nthema = ["B"]\n', encoding="utf-8")
    ergebnis = netz("list", "-r", str(datei))
    assert ergebnis.exit_code == 1
    assert "Zeile 3, netzwerke.x: Unbekanntes Feld „thema“. Meinten Sie „themen“?" in (
        ergebnis.stderr)


def test_missing_registry_says_which_setting_chose_it(netz, tmp_path, monkeypatch):
    monkeypatch.setenv("NETZ_REGISTRY", str(tmp_path / "fehlt.toml"))
    ergebnis = netz("list")
    assert ergebnis.exit_code == 1
    assert "gibt es nicht (gewählt durch Umgebungsvariable NETZ_REGISTRY)" in ergebnis.stderr


def test_usage_errors_are_german_with_exit_code_2(netz, hagen):
    ergebnis = netz("list", "--bezrk", "Haspe")
    assert ergebnis.exit_code == 2
    assert "Unbekannte Option: --bezrk (meinten Sie --bezirk?)" in ergebnis.stderr
    ergebnis = netz("lst")
    assert ergebnis.exit_code == 2
    assert "Unbekannter Befehl „lst“. Meinten Sie „list“?" in ergebnis.stderr


def test_group_without_command_shows_its_help_and_no_empty_error(netz):
    ergebnis = netz("kontakt")
    assert ergebnis.exit_code == 2
    assert "Aufruf: netz kontakt" in ergebnis.stdout
    assert "Fehler" not in ergebnis.stderr


@pytest.mark.parametrize(("args", "meldung"), [
    (["check", "--max-alter", "-3"], "Ungültiger Wert für '--max-alter': mindestens 0."),
    (["check", "--max-alter", "x"], "bitte eine ganze Zahl."),
    (["list", "--registry", "/"], "„/“ ist ein Ordner, keine Datei."),
])
def test_option_value_errors_are_german(netz, hagen, args, meldung):
    ergebnis = netz(*args)
    assert ergebnis.exit_code == 2
    assert meldung in " ".join(ergebnis.stderr.replace("│", " ").split())


def test_export_into_a_missing_folder_says_which(netz, hagen, tmp_path):
    ergebnis = netz("export", "verteiler", "-o", str(tmp_path / "fehlt" / "x.txt"))
    assert ergebnis.exit_code == 1
    assert f"den Ordner {tmp_path / 'fehlt'} gibt es nicht" in ergebnis.stderr


def test_unknown_command_suggests_commands_that_are_loaded_later(netz):
    ergebnis = netz("ad")
    assert ergebnis.exit_code == 2
    assert "Unbekannter Befehl „ad“. Meinten Sie „add“?" in ergebnis.stderr
