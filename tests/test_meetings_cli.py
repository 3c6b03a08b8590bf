"""``netz treffen …`` and what the other commands do with meetings, through the CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, loaded


@pytest.fixture
def treffen_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of the meetings fixture, chosen through NETZ_REGISTRY."""
    target = tmp_path / "networks.toml"
    shutil.copyfile(FIXTURES / "treffen.toml", target)
    monkeypatch.setenv("NETZ_REGISTRY", str(target))
    return target


# --- what removing a network, an offer or a contact does to the meetings ----------------------


def test_removing_a_network_removes_its_meetings_and_says_how_many(netz, treffen_file):
    result = netz("remove", "forum-boele", "--yes")
    assert result.exit_code == 0, result.output
    assert "8 Mitgliedschaften und 4 Treffen" in result.stderr
    assert loaded(treffen_file).treffen == {}


def test_removing_an_offer_takes_it_off_the_guest_lists(netz, treffen_file):
    result = netz("remove", "museum-theater", "--yes")
    assert result.exit_code == 0, result.output
    assert loaded(treffen_file).treffen["forum-boele-2026-06-16"].gaeste == []


def test_a_contact_meetings_refer_to_is_not_removed_without_force(netz, treffen_file):
    result = netz("kontakt", "remove", "jz-boele", "--yes")
    assert result.exit_code == 2
    assert "in Treffen: forum-boele-2026-06-16 (Ort)" in result.stderr
    forced = netz("kontakt", "remove", "jz-boele", "--yes", "--force")
    assert forced.exit_code == 0, forced.output
    june = loaded(treffen_file).treffen["forum-boele-2026-06-16"]
    assert june.ort == "Jugendzentrum Boele, Musterstraße 2, 58099 Hagen"
    assert "forum-boele-2026-06-16 (Ort)" in forced.stderr


def tsv(output: str) -> list[list[str]]:
    return [line.split("\t") for line in output.splitlines()]


# --- plan ---------------------------------------------------------------------------------------


def test_plan_without_a_terminal_saves_the_year_in_one_undoable_change(netz, treffen_file):
    before = treffen_file.read_bytes()
    result = netz("treffen", "plan", "forum-boele", "--jahr", "2027")
    assert result.exit_code == 0, result.output
    assert [row[:4] + row[5:7] for row in tsv(result.stdout)] == [
        ["forum-boele-2027-02-16", "2027-02-16", "16:00", "18:00",
         "Familienzentrum Boele, Beispielweg 1, 58099 Hagen", "Familienzentrum Boele"],
        ["forum-boele-2027-05-11", "2027-05-11", "16:00", "18:00",
         "Jugendzentrum Boele, Musterstraße 2, 58099 Hagen", "Jugendzentrum Boele"],
        ["forum-boele-2027-09-07", "2027-09-07", "16:00", "18:00",
         "Jugendtreff Beispiel, Probeplatz 3, 58099 Hagen", "Jugendtreff Beispiel"],
        ["forum-boele-2027-11-16", "2027-11-16", "16:00", "18:00",
         "Familienzentrum Boele, Beispielweg 1, 58099 Hagen", "Familienzentrum Boele"]]
    assert "Hinweis: Ohne Anschrift, daher nicht im Wechsel: Kita Kabel (kita-kabel)." \
        in result.stderr
    assert "Eingetragen: forum-boele-2027-02-16, forum-boele-2027-05-11" in result.stderr
    assert len(loaded(treffen_file).treffen) == 8
    assert netz("undo").exit_code == 0
    assert treffen_file.read_bytes() == before


def test_planning_the_same_year_again_adds_nothing(netz, treffen_file):
    assert netz("treffen", "plan", "forum-boele", "--jahr", "2027").exit_code == 0
    after = treffen_file.read_bytes()
    again = netz("treffen", "plan", "forum-boele", "--jahr", "2027")
    assert again.exit_code == 0
    assert again.stdout == ""
    assert "Nichts zu planen für „Stadtteilforum Boele“ 2027." in again.stderr
    assert treffen_file.read_bytes() == after


def test_plan_dry_run_shows_plan_and_diff_and_writes_nothing(netz, treffen_file):
    before = treffen_file.read_bytes()
    result = netz("treffen", "plan", "forum-boele", "--jahr", "2027", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "+[treffen.forum-boele-2027-02-16]" in result.stdout
    assert "Probelauf: nichts geschrieben." in result.stderr
    assert treffen_file.read_bytes() == before


def test_plan_asks_on_a_terminal(netz, treffen_file, terminal):
    before = treffen_file.read_bytes()
    refused = netz("treffen", "plan", "forum-boele", "--jahr", "2027", input="n\n")
    assert refused.exit_code == 1
    assert "Diese 4 Treffen eintragen? [J/n]" in refused.output
    assert "Nichts geändert." in refused.stderr
    assert treffen_file.read_bytes() == before
    accepted = netz("treffen", "plan", "forum-boele", "--jahr", "2027", input="\n")
    assert accepted.exit_code == 0, accepted.output
    assert "forum-boele-2027-11-16" in loaded(treffen_file).treffen


def test_plan_options_choose_count_weekday_time_and_venues(netz, treffen_file):
    result = netz("treffen", "plan", "forum-boele", "--jahr", "2027", "--anzahl", "2",
                  "--wochentag", "Mittwoch", "--zeit", "9:30-11", "--orte", "jz-boele,treff")
    assert result.exit_code == 0, result.output
    saved = [t for t in loaded(treffen_file).treffen.values() if t.datum.startswith("2027")]
    assert [(t.beginn, t.ende, t.ort_kontakt) for t in saved] == [
        ("09:30", "11:00", "jz-boele"), ("09:30", "11:00", "treff")]
    assert all(dt_weekday(t.datum) == 2 for t in saved)


def dt_weekday(datum: str) -> int:
    import datetime as dt

    return dt.date.fromisoformat(datum).weekday()


def test_plan_explains_a_venue_twice_in_a_row(netz, treffen_file):
    result = netz("treffen", "plan", "ak-kabel", "--jahr", "2027", "--dry-run")
    assert result.exit_code == 0, result.output
    assert ("Achtung: Jugendtreff Beispiel (treff) (die einzige Mitgliedsorganisation mit "
            "Anschrift) richtet 4-mal hintereinander aus") in result.stderr


def test_plan_as_json(netz, treffen_file):
    result = netz("treffen", "plan", "forum-boele", "--jahr", "2027", "--json", "--dry-run")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout.split("\n---")[0])
    assert (data["netzwerk"], data["jahr"], data["konflikte"]) == ("forum-boele", 2027, [])
    first = data["treffen"][0]
    assert (first["id"], first["termin"], first["ort_text"], first["gastgeber"]) == (
        "forum-boele-2027-02-16", "Di, 16.02.2027, 16–18 Uhr",
        "Familienzentrum Boele, Beispielweg 1, 58099 Hagen", "fz-boele")


@pytest.mark.parametrize(("args", "message"), [
    (["--zeit", "18-16"], "--zeit: „18-16“ ist kein Zeitrahmen"),
    (["--jahr", "2020"], "--jahr 2020 liegt in der Vergangenheit"),
    (["--anzahl", "60"], "--anzahl 60: bitte 1 bis 52"),
    (["--wochentag", "xy"], "Unbekannter Wochentag „xy“"),
    (["--orte", "kita-kabel"], "„kita-kabel“ hat keine Anschrift"),
])
def test_plan_refuses_what_is_no_plan(netz, treffen_file, args, message):
    result = netz("treffen", "plan", "forum-boele", *args)
    assert result.exit_code == 2
    assert message in result.stderr


# --- list, show --------------------------------------------------------------------------------


def test_list_shows_the_meetings_by_date_with_the_filters_of_netz_list(netz, treffen_file):
    everything = netz("treffen", "list")
    assert everything.exit_code == 0
    assert [row[0] for row in tsv(everything.stdout)] == [
        "forum-boele-2026-03-10", "forum-boele-2026-06-16", "forum-boele-2026-09-15",
        "forum-boele-2026-12-08"]
    assert tsv(everything.stdout)[0] == [
        "forum-boele-2026-03-10", "2026-03-10", "16:00", "18:00", "forum-boele",
        "Familienzentrum Boele, Beispielweg 1, 58099 Hagen", "Anna Beispiel",
        "Rückblick; Sommerfest"]
    upcoming = netz("treffen", "list", "forum-boele", "--kommende")
    assert [row[0] for row in tsv(upcoming.stdout)] == ["forum-boele-2026-12-08"]
    assert [row[0] for row in tsv(netz("treffen", "list", "--stadtteil", "Boele").stdout)][:1] \
        == ["forum-boele-2026-03-10"]


def test_an_empty_list_is_exit_1_and_json_empty(netz, treffen_file):
    result = netz("treffen", "list", "ak-kabel")
    assert result.exit_code == 1
    assert "Keine Treffen gefunden" in result.stderr
    as_json = netz("treffen", "list", "--bezirk", "Haspe", "--json")
    assert (as_json.exit_code, json.loads(as_json.stdout)) == (1, [])


def test_list_as_json(netz, treffen_file):
    data = json.loads(netz("treffen", "list", "--json").stdout)
    assert data[1]["id"] == "forum-boele-2026-06-16"
    assert data[1]["gaeste"] == ["museum-theater"]
    assert data[1]["netzwerk_name"] == "Stadtteilforum Boele"
    assert data[1]["sequenz"] == 0


def test_list_on_an_80_column_terminal(netz, treffen_file, monkeypatch):
    from netzwerk_cli.cli import render

    monkeypatch.setattr(render, "is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("NO_COLOR", "1")
    result = netz("treffen", "list")
    assert result.exit_code == 0
    assert all(len(line) <= 80 for line in result.stdout.splitlines())
    assert "Di, 16.06.2026, 16–18 Uhr" in result.stdout
    assert "forum-boele-2026-06-16" in result.stdout


def test_show_a_meeting(netz, treffen_file):
    result = netz("treffen", "show", "forum-boele-2026-06-16")
    assert result.exit_code == 0
    assert result.stdout == (
        "Stadtteilforum Boele: Di, 16.06.2026, 16–18 Uhr (forum-boele-2026-06-16)\n"
        "  Netzwerk: Stadtteilforum Boele (forum-boele)\n"
        "  Termin: Di, 16.06.2026, 16–18 Uhr\n"
        "  Ort: Jugendzentrum Boele, Musterstraße 2, 58099 Hagen\n"
        "  Gastgeber: Ben Muster (ben)\n"
        "  Themen: Sommerfest\n"
        "  Gäste: Museum & Theater (museum-theater)\n"
        "  Anwesend: 2: Anna Beispiel (anna), Ben Muster (ben)\n")
    data = json.loads(netz("treffen", "show", "forum-boele-2026-06-16", "--json").stdout)
    assert data["ort_kontakt"] == "jz-boele" and data["termin"] == "Di, 16.06.2026, 16–18 Uhr"


def test_an_unknown_meeting_gets_a_suggestion(netz, treffen_file):
    result = netz("treffen", "show", "forum-boele-2026-06-17")
    assert result.exit_code == 2
    assert "Meinten Sie „forum-boele-2026-06-16“?" in result.stderr


def test_netz_show_names_the_next_meeting(netz, treffen_file):
    result = netz("show", "forum-boele")
    assert ("Nächstes Treffen: Di, 08.12.2026, 16–18 Uhr, Jugendtreff Beispiel, Probeplatz 3, "
            "58099 Hagen (forum-boele-2026-12-08)") in result.stdout
    assert "Alle Treffen: 4 (`netz treffen list forum-boele`)" in result.stdout
    assert "Treffen: 4 × im Jahr, dienstags, 16–18 Uhr, wechselnde Orte (reihum)" \
        in result.stdout
    data = json.loads(netz("show", "forum-boele", "--json").stdout)
    assert data["naechstes_treffen"]["id"] == "forum-boele-2026-12-08"
    assert json.loads(netz("show", "ak-kabel", "--json").stdout)["naechstes_treffen"] is None
    assert "Nächstes Treffen" not in netz("show", "ak-kabel").stdout


# --- edit, remove, anwesend -----------------------------------------------------------------------


def test_edit_a_meeting_and_what_speaks_against_the_new_day(netz, treffen_file):
    result = netz("treffen", "edit", "forum-boele-2026-12-08", "--datum", "24.12.2026",
                  "--zeit", "15-17", "--add-gast", "rat-am-ring", "--add-thema", "Weihnachten")
    assert result.exit_code == 0, result.output
    assert ("Achtung: Do, 24.12.2026 ist in NRW ein Feiertag oder Ferientag "
            "(Weihnachtsferien).") in result.stderr
    assert "Tag, Zeit oder Ort haben sich geändert" in result.stderr
    assert "Termin: Do, 24.12.2026, 15–17 Uhr" in result.stdout
    changed = loaded(treffen_file).treffen["forum-boele-2026-12-08"]
    assert (changed.datum, changed.beginn, changed.gaeste, changed.themen, changed.sequenz) == (
        "2026-12-24", "15:00", ["rat-am-ring"], ["Jahresplanung 2027", "Weihnachten"], 1)


def test_edit_the_place_and_the_record(netz, treffen_file):
    assert netz("treffen", "edit", "forum-boele-2026-09-15", "--ort-kontakt", "jz-boele",
                "--protokoll", "Zeile 1").exit_code == 0
    september = loaded(treffen_file).treffen["forum-boele-2026-09-15"]
    assert (september.ort_kontakt, september.ort, september.protokoll, september.sequenz) == (
        "jz-boele", "", "Zeile 1", 1)


@pytest.mark.parametrize(("args", "message"), [
    (["--ort-kontakt", "kita-kabel"], "„kita-kabel“ hat keine Anschrift"),
    (["--gastgeber", "ana"], "Meinten Sie „anna“?"),
    (["--add-gast", "ak-kabel"], "„ak-kabel“ ist ein Netzwerk"),
    (["--datum", "31.02.2027"], "--datum: „2027-02-31“ ist kein gültiges Datum"),
    (["--remove-thema", "Sport"], "enthält „Sport“ nicht"),
    ([], "Nichts zu ändern"),
])
def test_edit_refuses_and_leaves_the_file(netz, treffen_file, args, message):
    before = treffen_file.read_bytes()
    result = netz("treffen", "edit", "forum-boele-2026-12-08", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert treffen_file.read_bytes() == before


def test_edit_asks_field_by_field_on_a_terminal(netz, treffen_file, terminal):
    # day, time, place, host, topics, guests, note, record
    answers = "\n".join(["", "16-18", "Rathaus, Raum 12", "", "", "stadtsportbund", "", ""])
    result = netz("treffen", "edit", "forum-boele-2026-12-08", input=answers + "\n")
    assert result.exit_code == 0, result.output
    changed = loaded(treffen_file).treffen["forum-boele-2026-12-08"]
    assert (changed.ort, changed.ort_kontakt, changed.gaeste, changed.gastgeber) == (
        "Rathaus, Raum 12", "", ["stadtsportbund"], "dora")


def test_remove_a_meeting(netz, treffen_file):
    refused = netz("treffen", "remove", "forum-boele-2026-12-08")
    assert refused.exit_code == 2 and "--yes" in refused.stderr
    result = netz("treffen", "remove", "forum-boele-2026-12-08", "--yes")
    assert result.exit_code == 0
    assert "Entfernt: Das Treffen von „Stadtteilforum Boele“ am Di, 08.12.2026" in result.stderr
    assert "forum-boele-2026-12-08" not in loaded(treffen_file).treffen


def test_attendance_is_recorded(netz, treffen_file):
    result = netz("treffen", "anwesend", "forum-boele-2026-09-15", "carla", "anna")
    assert result.exit_code == 0, result.output
    assert "Anwesend bei forum-boele-2026-09-15: Carla Probe (carla)" in result.stderr
    assert "Schon eingetragen: Anna Beispiel (anna)" in result.stderr
    assert "Jetzt anwesend: 3." in result.stderr
    assert loaded(treffen_file).treffen["forum-boele-2026-09-15"].anwesend == [
        "anna", "ben", "carla"]
    taken_back = netz("treffen", "anwesend", "forum-boele-2026-09-15", "carla", "--entfernen")
    assert "Gestrichen bei forum-boele-2026-09-15: Carla Probe (carla)" in taken_back.stderr
    unknown = netz("treffen", "anwesend", "forum-boele-2026-09-15", "Carla")
    assert unknown.exit_code == 2 and "Ähnliche Kontakte: carla" in unknown.stderr


# --- netz check, netz angebote vorschlagen --------------------------------------------------------


def test_check_asks_to_keep_a_network_alive_and_after_members_who_stay_away(netz, treffen_file):
    result = netz("check")
    assert "netzwerke.ak-kabel · treffen" in result.stdout
    assert "Kein Treffen bis 25.05.2027 geplant – Netzwerk aktiv halten" in result.stdout
    assert "netz treffen plan ak-kabel --jahr 2027" in result.stdout
    assert "netzwerke.forum-boele · treffen" not in result.stdout


def test_check_names_members_who_missed_the_last_four_meetings(netz, treffen_file):
    text = treffen_file.read_text("utf-8") + (
        '\n[treffen.forum-boele-2025-11-11]\nnetzwerk = "forum-boele"\ndatum = "2025-11-11"\n'
        'anwesend = ["anna", "dora"]\n')
    treffen_file.write_text(text, "utf-8")
    result = netz("check")
    assert "mitglieder.forum-boele.kita-kabel" in result.stdout
    assert ("„Kita Kabel“ war bei keinem der letzten 4 Treffen (seit 11.11.2025)"
            in result.stdout)


def test_the_hagen_data_gets_no_hint_to_plan_meetings(netz, hagen_file):
    result = netz("check", "-r", str(hagen_file))
    assert "Netzwerk aktiv halten" not in result.stdout


def test_suggest_offers_to_invite(netz, treffen_file):
    result = netz("angebote", "vorschlagen", "forum-boele")
    assert result.exit_code == 0
    assert tsv(result.stdout) == [
        ["rat-am-ring", "Beratungsstelle Rat am Ring",
         "Themen: Familie, Kinderschutz; Zielgruppen: Kinder, Familien", "6", ""],
        ["stadtsportbund", "Stadtsportbund", "Zielgruppen: Kinder", "1", ""]]
    data = json.loads(netz("angebote", "vorschlagen", "forum-boele", "--json").stdout)
    assert [(d["id"], d["passende_themen"], d["punkte"]) for d in data] == [
        ("rat-am-ring", ["Familie", "Kinderschutz"], 6), ("stadtsportbund", [], 1)]
    assert [row[0] for row in tsv(netz("angebote").stdout)] == [
        "rat-am-ring", "museum-theater", "stadtsportbund"]


@pytest.mark.parametrize(("args", "message"), [
    (["vorschlagen"], "Aufruf: `netz angebote` (alle Angebote) oder `netz angebote vorschlagen "
                      "NETZWERK`"),
    (["vorschlag", "forum-boele"], "„vorschlag forum-boele“ verstehe ich nicht"),
    (["vorschlagen", "forum-bole"], "Meinten Sie „forum-boele“?"),
    (["vorschlagen", "rat-am-ring"], "„rat-am-ring“ ist ein Angebot, kein Netzwerk"),
])
def test_suggest_explains_a_wrong_call(netz, treffen_file, args, message):
    result = netz("angebote", *args)
    assert result.exit_code == 2
    assert message in result.stderr


# --- the rhythm of a network ------------------------------------------------------------------


def test_netz_edit_sets_the_rhythm_in_words_or_field_by_field(netz, treffen_file):
    assert netz("edit", "ak-kabel", "--treffen", "monatlich, Do., 9:30-11 Uhr").exit_code == 0
    kabel = loaded(treffen_file).netzwerke["ak-kabel"]
    assert (kabel.turnus, kabel.wochentag, kabel.beginn, kabel.ende, kabel.orte) == (
        12, "do", "09:30", "11:00", "")
    assert netz("edit", "ak-kabel", "--turnus", "6", "--orte", "reihum").exit_code == 0
    kabel = loaded(treffen_file).netzwerke["ak-kabel"]
    assert (kabel.turnus, kabel.wochentag, kabel.orte) == (6, "do", "reihum")
    refused = netz("edit", "ak-kabel", "--treffen", "nach Absprache")
    assert refused.exit_code == 2
    assert "--treffen: „nach Absprache“ nicht verstanden" in refused.stderr
    assert netz("edit", "ak-kabel", "--zeit", "18-16").exit_code == 2


# --- the installed command --------------------------------------------------------------------


def test_the_installed_netz_plans_and_lists(treffen_file, tmp_path):
    import os
    import subprocess
    import sys

    netz_command = Path(sys.executable).with_name("netz")
    env = {k: v for k, v in os.environ.items()}
    env |= {"XDG_DATA_HOME": str(tmp_path / "d"), "XDG_CACHE_HOME": str(tmp_path / "c"),
            "XDG_CONFIG_HOME": str(tmp_path / "k")}
    planned = subprocess.run([str(netz_command), "treffen", "plan", "forum-boele", "--jahr",
                              "2027"], capture_output=True, text=True, env=env, timeout=60,
                             check=False)
    assert planned.returncode == 0, planned.stderr
    listed = subprocess.run([str(netz_command), "treffen", "list", "--kommende"],
                            capture_output=True, text=True, env=env, timeout=60, check=False)
    assert [line.split("\t")[0] for line in listed.stdout.splitlines()] == [
        "forum-boele-2026-12-08", "forum-boele-2027-02-16", "forum-boele-2027-05-11",
        "forum-boele-2027-09-07", "forum-boele-2027-11-16"]


def test_netz_list_imports_no_holidays_or_calendar_at_start_up(treffen_file):
    import os
    import subprocess
    import sys

    code = ("import sys\nfrom netzwerk_cli.cli import app\nsys.argv = ['netz', 'list']\n"
            "try:\n    app()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('holidays', 'icalendar', 'jinja2', 'openpyxl')), file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=dict(os.environ), timeout=60, check=False)
    assert result.stderr.strip().splitlines()[-1] == "[]"
