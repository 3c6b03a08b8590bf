"""The write commands as a coordinator uses them: with options, in scripts, and interactively."""

from __future__ import annotations

import json

import pytest

from tests.conftest import loaded


def test_add_with_all_options_runs_without_a_prompt_and_shows_the_entry(netz, hagen_in_use):
    result = netz("add", "--name", "Forum Boele", "--art", "Netzwerk", "--stadtteil", "boele",
                  "--thema", "Familie", "--kontakt", "natalia-keller")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Forum Boele (forum-boele)\n")
    assert "Kontakt: Natalia Keller" in result.stdout
    assert "Gespeichert in" in result.stderr
    forum = loaded(hagen_in_use).netzwerke["forum-boele"]
    assert (forum.stadtteile, forum.themen) == (["Boele"], ["Familie"])
    assert forum.stand == "2026-11-25"  # NETZ_HEUTE, set in conftest


@pytest.mark.parametrize(("args", "missing"), [
    (["--art", "netzwerk", "--stadtweit"], "--name"),
    (["--name", "X", "--stadtweit"], "--art"),
    (["--name", "X", "--art", "AK"], "--bezirk, --stadtteil, --sozialraum oder --stadtweit"),
])
def test_add_in_a_script_names_what_is_missing(netz, hagen_in_use, args, missing):
    before = hagen_in_use.read_bytes()
    result = netz("add", *args)
    assert result.exit_code == 2
    assert f"bitte {missing} angeben" in result.stderr
    assert hagen_in_use.read_bytes() == before


def test_add_with_a_taken_id_is_refused(netz, hagen_in_use):
    result = netz("add", "--name", "AK 90", "--art", "AK", "--bezirk", "Haspe", "--id", "ak-90")
    assert result.exit_code == 2
    assert "schon vergeben" in result.stderr


def test_add_dry_run_shows_the_diff_and_writes_nothing(netz, hagen_in_use):
    before = hagen_in_use.read_bytes()
    result = netz("add", "--name", "Forum X", "--art", "netzwerk", "--stadtweit", "--dry-run")
    assert result.exit_code == 0
    assert "+[netzwerke.forum-x]" in result.stdout
    assert "Probelauf: nichts geschrieben." in result.stderr
    assert hagen_in_use.read_bytes() == before


def test_add_interactively_asks_one_question_at_a_time_and_reasks_bad_answers(
        netz, hagen_in_use, terminal):
    answers = "\n".join([
        "Forum Vorhalle",        # name
        "9",                     # kind: no such number -> asked again
        "1",                     # kind: Netzwerk
        "Vorhale",               # area: typo -> suggestion, asked again
        "Vorhalle",              # area
        "Familie, Sport",        # topics
        "",                      # target groups: default
        "kellr",                 # contact: unknown -> asked again
        "natalia-keller",        # contact
        "",                      # website
        "",                      # meetings
        "",                      # note
    ]) + "\n"
    result = netz("add", input=answers)
    assert result.exit_code == 0, result.output
    assert "Meinten Sie „Vorhalle“?" in result.output
    assert "Meinten Sie „natalia-keller“?" in result.output
    forum = loaded(hagen_in_use).netzwerke["forum-vorhalle"]
    assert (forum.art, forum.stadtteile, forum.themen) == ("netzwerk", ["Vorhalle"],
                                                           ["Familie", "Sport"])
    assert forum.zielgruppen == ["Kinder", "Jugendliche"]
    assert forum.kontakte == ["natalia-keller"]


def test_add_interactively_only_asks_for_what_is_missing(netz, hagen_in_use, terminal):
    answers = "\n".join(["", "", "", "", "", ""]) + "\n"  # topics … note: all defaults
    result = netz("add", "--name", "AG Sport", "--art", "AG", "--stadtweit", input=answers)
    assert result.exit_code == 0, result.output
    assert "Name des Netzwerks" not in result.output
    assert loaded(hagen_in_use).netzwerke["ag-sport"].stadtweit


def test_edit_with_options(netz, hagen_in_use):
    result = netz("edit", "ak-90", "--add-thema", "Kinderschutz", "--stand", "heute",
                  "--treffen", "4 × im Jahr")
    assert result.exit_code == 0, result.output
    ak90 = loaded(hagen_in_use).netzwerke["ak-90"]
    assert ak90.themen == ["Kinderschutz"]
    assert ak90.turnus == 4
    assert ak90.stand == "2026-11-25"  # "heute" is NETZ_HEUTE, set in conftest


def test_edit_rejects_bad_values_and_leaves_file_unchanged(netz, hagen_in_use):
    before = hagen_in_use.read_bytes()
    for args in (["--stand", "gestern"], ["--webseite", "kein url"],
                 ["--add-kontakt", "niemand"], ["--bezirk", "Atlantis"]):
        result = netz("edit", "ak-90", *args)
        assert result.exit_code == 2, args
        assert "Traceback" not in result.output
    assert hagen_in_use.read_bytes() == before


def test_edit_without_options_in_a_script_explains(netz, hagen_in_use):
    result = netz("edit", "ak-90")
    assert result.exit_code == 2
    assert "Nichts zu ändern" in result.stderr


def test_edit_interactively_keeps_current_values_on_enter(netz, hagen_in_use, terminal):
    # name, kind, topics, target groups, contacts, website, meetings, note, area, stand
    answers = "\n".join(["", "", "", "", "", "", "4 × im Jahr", "", "", "n"]) + "\n"
    result = netz("edit", "ak-90", input=answers)
    assert result.exit_code == 0, result.output
    ak90 = loaded(hagen_in_use).netzwerke["ak-90"]
    assert ak90.turnus == 4
    assert ak90.name.startswith("AK 90 (") and ak90.stand == "2017-04"


def test_remove_needs_yes_without_a_terminal(netz, hagen_in_use):
    result = netz("remove", "ak-90")
    assert result.exit_code == 2
    assert "nur mit --yes" in result.stderr
    assert "ak-90" in loaded(hagen_in_use).netzwerke


def test_remove_asks_on_a_terminal(netz, hagen_in_use, terminal):
    assert netz("remove", "ak-90", input="n\n").exit_code == 1
    assert "ak-90" in loaded(hagen_in_use).netzwerke
    assert netz("remove", "ak-90", input="j\n").exit_code == 0
    assert "ak-90" not in loaded(hagen_in_use).netzwerke


def test_remove_then_undo_restores_the_entry(netz, hagen_in_use):
    before = hagen_in_use.read_bytes()
    assert netz("remove", "ak-90", "--yes").exit_code == 0
    result = netz("undo")
    assert result.exit_code == 0
    assert "Wiederhergestellt" in result.stderr
    assert hagen_in_use.read_bytes() == before


def test_verify_stamps_several_entries(netz, hagen_in_use):
    result = netz("verify", "ak-90", "rat-am-ring")
    assert result.exit_code == 0
    assert "Stand von ak-90, rat-am-ring: 2026-11-25" in result.stderr  # NETZ_HEUTE
    saved = loaded(hagen_in_use)
    assert saved.netzwerke["ak-90"].stand == saved.angebote["rat-am-ring"].stand == "2026-11-25"


# --- netz kontakt --------------------------------------------------------------------------


def test_kontakt_add_is_private_by_default_and_normalises_the_phone(netz, hagen_in_use):
    result = netz("kontakt", "add", "--name", "Anna Beispiel", "--art", "person",
                  "--telefon", "0 23 31 / 4 42 34", "--email", "anna@example.org")
    assert result.exit_code == 0, result.output
    anna = loaded(hagen_in_use).kontakte["anna-beispiel"]
    assert (anna.telefon, anna.oeffentlich) == ("02331 44234", False)
    assert "Veröffentlichen: nein" in result.stdout


def test_kontakt_add_public_only_when_asked(netz, hagen_in_use):
    netz("kontakt", "add", "--organisation", "Jugendtreff", "--oeffentlich")
    assert loaded(hagen_in_use).kontakte["jugendtreff"].oeffentlich


def test_kontakt_add_interactively_asks_about_publication(netz, hagen_in_use, terminal):
    answers = "\n".join(["1", "Bea Muster", "", "Kita Sonnenschein", "", "", "", "",
                         "207-3608", "02331 207-3608", "bea@", "bea@example.org", "", "",
                         "j"]) + "\n"
    result = netz("kontakt", "add", input=answers)
    assert result.exit_code == 0, result.output
    assert "hat keine Vorwahl" in result.output
    assert "keine gültige E-Mail-Adresse" in result.output
    bea = loaded(hagen_in_use).kontakte["bea-muster"]
    assert (bea.telefon, bea.email, bea.oeffentlich) == ("02331 207-3608", "bea@example.org",
                                                         True)


@pytest.mark.parametrize(("args", "message"), [
    (["--name", "B", "--telefon", "207-3608"], "hat keine Vorwahl"),
    (["--name", "B", "--email", "b@"], "keine gültige E-Mail-Adresse"),
    (["--name", "B", "--plz", "44135", "--ort", "Hagen"], "keine Hagener Postleitzahl"),
    (["--name", "B", "--art", "verein"], "keine Kontaktart"),
])
def test_kontakt_add_rejects_bad_values(netz, hagen_in_use, args, message):
    before = hagen_in_use.read_bytes()
    result = netz("kontakt", "add", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert hagen_in_use.read_bytes() == before


def test_kontakt_list_show_and_json(netz, hagen_in_use):
    rows = [row.split("\t") for row in netz("kontakt", "list").stdout.splitlines()]
    keller = next(row for row in rows if row[0] == "natalia-keller")
    assert keller[3:] == ["02331 207-3608", "Keller@stadt-hagen.de", "ja", "3"]
    data = json.loads(netz("kontakt", "show", "natalia-keller", "--json").stdout)
    assert data["genutzt_von"] == ["netzwerk-mitte", "runder-tisch-wehringhausen",
                                   "stadtteilforum-altenhagen"]


def test_kontakt_edit(netz, hagen_in_use):
    assert netz("kontakt", "edit", "corbacher-20", "--telefon", "02331 44234").exit_code == 0
    assert loaded(hagen_in_use).kontakte["corbacher-20"].telefon == "02331 44234"


def test_kontakt_remove_refuses_while_used_and_force_detaches(netz, hagen_in_use):
    result = netz("kontakt", "remove", "natalia-keller", "--yes")
    assert result.exit_code == 2
    assert "wird noch genutzt von: netzwerk-mitte" in result.stderr
    result = netz("kontakt", "remove", "natalia-keller", "--yes", "--force")
    assert result.exit_code == 0
    assert "Gelöst von: netzwerk-mitte" in result.stderr
    assert "natalia-keller" not in loaded(hagen_in_use).kontakte


def test_unknown_contact_id_suggests(netz, hagen_in_use):
    result = netz("kontakt", "show", "keller")
    assert result.exit_code == 2
    assert "Meinten Sie „natalia-keller“?" in result.stderr


def test_add_interactively_can_create_a_new_contact_in_the_same_change(netz, hagen_in_use,
                                                                       terminal):
    answers = "\n".join([
        "Treff Helfe", "1", "Helfe", "", "",  # name, kind, area, topics, target groups
        "neu",                                # contact: a new one
        "2", "Treff Helfe e. V.", "", "", "", "", "", "info@treff-helfe.de", "", "",
        "",                                   # the contact: organisation … note, publish
        "", "", "",                           # website, meetings, note
    ]) + "\n"
    result = netz("add", input=answers)
    assert result.exit_code == 0, result.output
    saved = loaded(hagen_in_use)
    kontakt_id = saved.netzwerke["treff-helfe"].kontakte[0]
    kontakt = saved.kontakte[kontakt_id]
    assert (kontakt.organisation, kontakt.email) == ("Treff Helfe e. V.", "info@treff-helfe.de")
    assert kontakt.oeffentlich  # an organisation: the default answer is yes


def test_undo_dry_run_names_the_backup_and_writes_nothing(netz, hagen_in_use):
    netz("verify", "ak-90")
    before = hagen_in_use.read_bytes()
    result = netz("undo", "--dry-run")
    assert result.exit_code == 0
    assert '-stand = "2026-11-25"\n+stand = "2017-04"' in result.stdout
    assert "würde networks." in result.stderr
    assert hagen_in_use.read_bytes() == before
