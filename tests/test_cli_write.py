"""The write commands as a coordinator uses them: with options, in scripts, and interactively."""

from __future__ import annotations

import json

import pytest

from netzwerk_cli.cli import prompts
from netzwerk_cli.registry import registry_from_text


@pytest.fixture
def register(hagen_datei, monkeypatch):
    monkeypatch.setenv("NETZ_REGISTRY", str(hagen_datei))
    return hagen_datei


@pytest.fixture
def terminal(monkeypatch):
    """Pretend a person sits at the terminal, so netz asks (CliRunner's stdin is a pipe)."""
    monkeypatch.setattr(prompts, "is_interactive", lambda: True)


def geladen(pfad):
    return registry_from_text(pfad.read_text("utf-8"), str(pfad))


def test_add_with_all_options_runs_without_a_prompt_and_shows_the_entry(netz, register):
    ergebnis = netz("add", "--name", "Forum Boele", "--art", "Netzwerk", "--stadtteil", "boele",
                    "--thema", "Familie", "--kontakt", "natalia-keller")
    assert ergebnis.exit_code == 0, ergebnis.output
    assert ergebnis.stdout.startswith("Forum Boele (forum-boele)\n")
    assert "Kontakt: Natalia Keller" in ergebnis.stdout
    assert "Gespeichert in" in ergebnis.stderr
    forum = geladen(register).netzwerke["forum-boele"]
    assert (forum.stadtteile, forum.themen) == (["Boele"], ["Familie"])


@pytest.mark.parametrize(("argumente", "fehlt"), [
    (["--art", "netzwerk", "--stadtweit"], "--name"),
    (["--name", "X", "--stadtweit"], "--art"),
    (["--name", "X", "--art", "AK"], "--bezirk, --stadtteil oder --stadtweit"),
])
def test_add_in_a_script_names_what_is_missing(netz, register, argumente, fehlt):
    vorher = register.read_bytes()
    ergebnis = netz("add", *argumente)
    assert ergebnis.exit_code == 2
    assert f"bitte {fehlt} angeben" in ergebnis.stderr
    assert register.read_bytes() == vorher


def test_add_with_a_taken_id_is_refused(netz, register):
    ergebnis = netz("add", "--name", "AK 90", "--art", "AK", "--bezirk", "Haspe", "--id", "ak-90")
    assert ergebnis.exit_code == 2
    assert "schon vergeben" in ergebnis.stderr


def test_add_dry_run_shows_the_diff_and_writes_nothing(netz, register):
    vorher = register.read_bytes()
    ergebnis = netz("add", "--name", "Forum X", "--art", "netzwerk", "--stadtweit", "--dry-run")
    assert ergebnis.exit_code == 0
    assert "+[netzwerke.forum-x]" in ergebnis.stdout
    assert "Probelauf: nichts geschrieben." in ergebnis.stderr
    assert register.read_bytes() == vorher


def test_add_interactively_asks_one_question_at_a_time_and_reasks_bad_answers(
        netz, register, terminal):
    antworten = "\n".join([
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
    ]) + "\n"
    ergebnis = netz("add", input=antworten)
    assert ergebnis.exit_code == 0, ergebnis.output
    assert "Meinten Sie „Vorhalle“?" in ergebnis.output
    assert "Meinten Sie „natalia-keller“?" in ergebnis.output
    forum = geladen(register).netzwerke["forum-vorhalle"]
    assert (forum.art, forum.stadtteile, forum.themen) == ("netzwerk", ["Vorhalle"],
                                                          ["Familie", "Sport"])
    assert forum.zielgruppen == ["Kinder", "Jugendliche"]
    assert forum.kontakte == ["natalia-keller"]


def test_add_interactively_only_asks_for_what_is_missing(netz, register, terminal):
    antworten = "\n".join(["", "", "", "", ""]) + "\n"  # topics … meetings: all defaults
    ergebnis = netz("add", "--name", "AG Sport", "--art", "AG", "--stadtweit", input=antworten)
    assert ergebnis.exit_code == 0, ergebnis.output
    assert "Name des Netzwerks" not in ergebnis.output
    assert geladen(register).netzwerke["ag-sport"].stadtweit


def test_edit_with_options(netz, register):
    ergebnis = netz("edit", "ak-90", "--add-thema", "Kinderschutz", "--stand", "heute",
                    "--treffen", "4 × im Jahr")
    assert ergebnis.exit_code == 0, ergebnis.output
    ak90 = geladen(register).netzwerke["ak-90"]
    assert ak90.themen == ["Vernetzung im Sozialraum", "Kinderschutz"]
    assert ak90.treffen == "4 × im Jahr"
    assert ak90.stand != "2017-04"


def test_edit_rejects_bad_values_and_leaves_file_unchanged(netz, register):
    vorher = register.read_bytes()
    for argumente in (["--stand", "gestern"], ["--webseite", "kein url"],
                      ["--add-kontakt", "niemand"], ["--bezirk", "Atlantis"]):
        ergebnis = netz("edit", "ak-90", *argumente)
        assert ergebnis.exit_code == 2, argumente
        assert "Traceback" not in ergebnis.output
    assert register.read_bytes() == vorher


def test_edit_without_options_in_a_script_explains(netz, register):
    ergebnis = netz("edit", "ak-90")
    assert ergebnis.exit_code == 2
    assert "Nichts zu ändern" in ergebnis.stderr


def test_edit_interactively_keeps_current_values_on_enter(netz, register, terminal):
    antworten = "\n".join(["", "", "", "", "", "4 × im Jahr", "", "n"]) + "\n"
    ergebnis = netz("edit", "ak-90", input=antworten)
    assert ergebnis.exit_code == 0, ergebnis.output
    ak90 = geladen(register).netzwerke["ak-90"]
    assert ak90.treffen == "4 × im Jahr"
    assert ak90.name.startswith("AK 90 (") and ak90.stand == "2017-04"


def test_remove_needs_yes_without_a_terminal(netz, register):
    ergebnis = netz("remove", "ak-90")
    assert ergebnis.exit_code == 2
    assert "nur mit --yes" in ergebnis.stderr
    assert "ak-90" in geladen(register).netzwerke


def test_remove_asks_on_a_terminal(netz, register, terminal):
    assert netz("remove", "ak-90", input="n\n").exit_code == 1
    assert "ak-90" in geladen(register).netzwerke
    assert netz("remove", "ak-90", input="j\n").exit_code == 0
    assert "ak-90" not in geladen(register).netzwerke


def test_remove_then_undo_restores_the_entry(netz, register):
    vorher = register.read_bytes()
    assert netz("remove", "ak-90", "--yes").exit_code == 0
    ergebnis = netz("undo")
    assert ergebnis.exit_code == 0
    assert "Wiederhergestellt" in ergebnis.stderr
    assert register.read_bytes() == vorher


def test_verify_stamps_several_entries(netz, register):
    ergebnis = netz("verify", "ak-90", "rat-am-ring")
    assert ergebnis.exit_code == 0
    neu = geladen(register)
    assert neu.netzwerke["ak-90"].stand == neu.angebote["rat-am-ring"].stand != "2017-04"


# --- netz kontakt --------------------------------------------------------------------------


def test_kontakt_add_is_private_by_default_and_normalises_the_phone(netz, register):
    ergebnis = netz("kontakt", "add", "--name", "Anna Beispiel", "--art", "person",
                    "--telefon", "0 23 31 / 4 42 34", "--email", "anna@example.org")
    assert ergebnis.exit_code == 0, ergebnis.output
    anna = geladen(register).kontakte["anna-beispiel"]
    assert (anna.telefon, anna.oeffentlich) == ("02331 44234", False)
    assert "Veröffentlichen: nein" in ergebnis.stdout


def test_kontakt_add_public_only_when_asked(netz, register):
    netz("kontakt", "add", "--organisation", "Jugendtreff", "--oeffentlich")
    assert geladen(register).kontakte["jugendtreff"].oeffentlich


def test_kontakt_add_interactively_asks_about_publication(netz, register, terminal):
    antworten = "\n".join(["1", "Bea Muster", "", "Kita Sonnenschein", "207-3608",
                           "02331 207-3608", "bea@", "bea@example.org", "", "j"]) + "\n"
    ergebnis = netz("kontakt", "add", input=antworten)
    assert ergebnis.exit_code == 0, ergebnis.output
    assert "hat keine Vorwahl" in ergebnis.output
    assert "keine gültige E-Mail-Adresse" in ergebnis.output
    bea = geladen(register).kontakte["bea-muster"]
    assert (bea.telefon, bea.email, bea.oeffentlich) == ("02331 207-3608", "bea@example.org",
                                                         True)


@pytest.mark.parametrize(("argumente", "meldung"), [
    (["--name", "B", "--telefon", "207-3608"], "hat keine Vorwahl"),
    (["--name", "B", "--email", "b@"], "keine gültige E-Mail-Adresse"),
    (["--name", "B", "--plz", "44135", "--ort", "Hagen"], "keine Hagener Postleitzahl"),
    (["--name", "B", "--art", "verein"], "keine Kontaktart"),
])
def test_kontakt_add_rejects_bad_values(netz, register, argumente, meldung):
    vorher = register.read_bytes()
    ergebnis = netz("kontakt", "add", *argumente)
    assert ergebnis.exit_code == 2
    assert meldung in ergebnis.stderr
    assert register.read_bytes() == vorher


def test_kontakt_list_show_and_json(netz, register):
    zeilen = [z.split("\t") for z in netz("kontakt", "list").stdout.splitlines()]
    keller = next(z for z in zeilen if z[0] == "natalia-keller")
    assert keller[3:] == ["02331 207-3608", "Keller@stadt-hagen.de", "ja", "3"]
    daten = json.loads(netz("kontakt", "show", "natalia-keller", "--json").stdout)
    assert daten["genutzt_von"] == ["netzwerk-mitte", "runder-tisch-wehringhausen",
                                    "stadtteilforum-altenhagen"]


def test_kontakt_edit(netz, register):
    assert netz("kontakt", "edit", "corbacher-20", "--telefon", "02331 44234").exit_code == 0
    assert geladen(register).kontakte["corbacher-20"].telefon == "02331 44234"


def test_kontakt_remove_refuses_while_used_and_force_detaches(netz, register):
    ergebnis = netz("kontakt", "remove", "natalia-keller", "--yes")
    assert ergebnis.exit_code == 2
    assert "wird noch genutzt von: netzwerk-mitte" in ergebnis.stderr
    ergebnis = netz("kontakt", "remove", "natalia-keller", "--yes", "--force")
    assert ergebnis.exit_code == 0
    assert "Gelöst von: netzwerk-mitte" in ergebnis.stderr
    assert "natalia-keller" not in geladen(register).kontakte


def test_unknown_contact_id_suggests(netz, register):
    ergebnis = netz("kontakt", "show", "keller")
    assert ergebnis.exit_code == 2
    assert "Meinten Sie „natalia-keller“?" in ergebnis.stderr


def test_add_interactively_can_create_a_new_contact_in_the_same_change(netz, register, terminal):
    antworten = "\n".join([
        "Treff Helfe", "1", "Helfe", "", "",  # name, kind, area, topics, target groups
        "neu",                                # contact: a new one
        "2", "", "", "Treff Helfe e. V.", "", "info@treff-helfe.de", "", "",  # the contact
        "", "",                               # website, meetings
    ]) + "\n"
    ergebnis = netz("add", input=antworten)
    assert ergebnis.exit_code == 0, ergebnis.output
    neu = geladen(register)
    kontakt_id = neu.netzwerke["treff-helfe"].kontakte[0]
    kontakt = neu.kontakte[kontakt_id]
    assert (kontakt.organisation, kontakt.email) == ("Treff Helfe e. V.", "info@treff-helfe.de")
    assert kontakt.oeffentlich  # an organisation: the default answer is yes


def test_undo_dry_run_names_the_backup_and_writes_nothing(netz, register):
    netz("verify", "ak-90")
    vorher = register.read_bytes()
    ergebnis = netz("undo", "--dry-run")
    assert ergebnis.exit_code == 0
    assert '-stand = "' in ergebnis.stdout
    assert "würde networks." in ergebnis.stderr
    assert register.read_bytes() == vorher
