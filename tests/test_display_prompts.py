"""The questions `netz add` and `netz kontakt add` ask on a terminal, and the kind of a new contact.

CliRunner's stdin is a pipe, so the ``terminal`` fixture makes netz believe a person sits at it;
each answer is one line of ``input``.
"""

from __future__ import annotations

import pytest

from tests.conftest import loaded


def answers(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def questions(output: str) -> list[str]:
    """The questions asked, in order (a prompt ends with ": " before the typed answer)."""
    return [line.split(":")[0].split(" (")[0].split(" [")[0].strip()
            for line in output.splitlines() if ":" in line and not line.startswith(" ")]


# --- netz add ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "art"), [
    ("AK", "arbeitskreis"), ("AG", "arbeitsgemeinschaft"), ("SRT", "sozialraumteam"),
    ("Forum", "netzwerk"), ("Runder Tisch", "netzwerk"), ("ak", "arbeitskreis"),
    ("Stadtbezirkskonferenz", "konferenz"), ("3", "arbeitskreis"),
])
def test_add_kind_question_accepts_every_name_the_option_accepts(netz, hagen_in_use, terminal,
                                                                 typed, art):
    result = netz("add", "--name", "Kreis X", "--stadtweit", "--thema", "Sport",
                  "--zielgruppe", "Kinder", "--kontakt", "natalia-keller",
                  input=answers(typed, "", "", ""))
    assert result.exit_code == 0, result.output
    assert "Unbekannte Art" not in result.output and "Bitte eine Nummer" not in result.output
    assert loaded(hagen_in_use).netzwerke["kreis-x"].art == art


def test_add_kind_question_explains_an_unknown_kind_and_asks_again(netz, hagen_in_use,
                                                                   terminal):
    result = netz("add", "--name", "Kreis X", "--stadtweit", "--thema", "Sport",
                  "--zielgruppe", "Kinder", "--kontakt", "natalia-keller",
                  input=answers("Verein", "AG", "", "", ""))
    assert result.exit_code == 0, result.output
    assert "Unbekannte Art „Verein“" in result.output
    assert loaded(hagen_in_use).netzwerke["kreis-x"].art == "arbeitsgemeinschaft"


def test_add_asks_for_a_note_and_shows_no_stray_line_after_the_last_question(
        netz, hagen_in_use, terminal):
    result = netz("add", "--name", "AG Sport", "--art", "AG", "--stadtweit",
                  input=answers("", "", "", "", "", "Trifft sich im Jugendzentrum"))
    assert result.exit_code == 0, result.output
    assert "Notiz" in result.output
    assert "  Art:" not in result.stderr
    assert loaded(hagen_in_use).netzwerke["ag-sport"].notiz == "Trifft sich im Jugendzentrum"


def test_add_offers_the_existing_topic_while_asking(netz, hagen_in_use, terminal):
    result = netz("add", "--name", "AG Schule", "--art", "AG", "--stadtweit",
                  input=answers("Jugendhilfe & Schule, Sport", "j", "", "", "", "", ""))
    assert result.exit_code == 0, result.output
    before_saving = result.output.split("Gespeichert")[0]
    assert "meinten Sie „Jugendhilfe und Schule“?" in before_saving
    assert loaded(hagen_in_use).netzwerke["ag-schule"].themen == ["Jugendhilfe und Schule",
                                                                   "Sport"]
    assert "meinten Sie" not in result.output.split("Gespeichert")[1]


def test_add_keeps_a_new_topic_when_the_offer_is_declined_and_does_not_repeat_it(
        netz, hagen_in_use, terminal):
    result = netz("add", "--name", "AG Schule", "--art", "AG", "--stadtweit",
                  input=answers("Jugendhilfe & Schule", "n", "", "", "", "", ""))
    assert result.exit_code == 0, result.output
    saved = loaded(hagen_in_use).netzwerke["ag-schule"]
    assert saved.themen == ["Jugendhilfe & Schule"]
    assert saved.zielgruppen == ["Kinder", "Jugendliche"]
    assert "meinten Sie „Jugendhilfe und Schule“?" in result.output.split("Gespeichert")[0]
    assert result.output.count("meinten Sie „Jugendhilfe und Schule“?") == 1


PERSON = ["Name", "Funktion", "Organisation", "Abteilung", "Straße", "PLZ", "Ort", "Telefon",
          "E-Mail", "Webseite", "Notiz"]
ORGANISATION = ["Organisation", "Abteilung", "Straße", "PLZ", "Ort", "Telefon", "E-Mail",
                "Webseite", "Notiz"]


def test_add_with_a_new_organisation_asks_the_questions_of_an_organisation(
        netz, hagen_in_use, terminal):
    contact = ["2", "Treff Helfe e. V.", "Jugendarbeit", "Helfer Str. 5", "58099", "Hagen",
               "02331 12345", "info@treff-helfe.de", "", "", ""]
    result = netz("add", "--name", "Treff Helfe", "--art", "Netzwerk", "--stadtteil", "Helfe",
                  "--thema", "Sport", "--zielgruppe", "Kinder",
                  input=answers("neu", *contact, "", "", ""))
    assert result.exit_code == 0, result.output
    asked = questions(result.output)
    start = asked.index("Art des Kontakts") + 1
    assert asked[start:start + len(ORGANISATION)] == ORGANISATION
    assert "Funktion" not in asked
    saved = loaded(hagen_in_use)
    kontakt = saved.kontakte[saved.netzwerke["treff-helfe"].kontakte[0]]
    assert (kontakt.art, kontakt.abteilung, kontakt.strasse, kontakt.plz, kontakt.ort) == (
        "organisation", "Jugendarbeit", "Helfer Str. 5", "58099", "Hagen")


def test_add_with_a_new_person_asks_the_questions_of_a_person(netz, hagen_in_use, terminal):
    contact = ["1", "Bea Muster", "Leitung", "Treff Helfe e. V.", "", "", "", "", "", "", "",
               "", "n"]
    result = netz("add", "--name", "Treff Helfe", "--art", "Netzwerk", "--stadtteil", "Helfe",
                  "--thema", "Sport", "--zielgruppe", "Kinder",
                  input=answers("neu", *contact, "", "", ""))
    assert result.exit_code == 0, result.output
    asked = questions(result.output)
    start = asked.index("Art des Kontakts") + 1
    assert asked[start:start + len(PERSON)] == PERSON
    kontakt = loaded(hagen_in_use).kontakte["bea-muster"]
    assert (kontakt.art, kontakt.funktion, kontakt.organisation) == (
        "person", "Leitung", "Treff Helfe e. V.")


# --- netz kontakt add ------------------------------------------------------------------------


def test_kontakt_add_asks_again_for_a_missing_name_and_keeps_the_answers(netz, hagen_in_use,
                                                                         terminal):
    result = netz("kontakt", "add", input=answers(
        "1", "", "Bea Muster", "", "", "", "", "", "", "", "bea@example.org", "", "", "n"))
    assert result.exit_code == 0, result.output
    assert "Bitte einen Namen eingeben" in result.output
    bea = loaded(hagen_in_use).kontakte["bea-muster"]
    assert (bea.art, bea.email) == ("person", "bea@example.org")


def test_kontakt_add_asks_again_for_a_missing_organisation(netz, hagen_in_use, terminal):
    result = netz("kontakt", "add", input=answers(
        "organisation", "", "Jugendtreff Boele", "", "", "", "", "", "", "", "", ""))
    assert result.exit_code == 0, result.output
    assert "Bitte den Namen der Organisation eingeben" in result.output
    assert loaded(hagen_in_use).kontakte["jugendtreff-boele"].art == "organisation"


def test_kontakt_add_asks_again_for_a_postcode_that_does_not_fit_the_place(netz, hagen_in_use,
                                                                           terminal):
    result = netz("kontakt", "add", "--organisation", "Treff", input=answers(
        "2", "", "Weg 1", "44135", "Hagen", "58135", "Hagen", "", "", "", "", ""))
    assert result.exit_code == 0, result.output
    assert "keine Hagener Postleitzahl" in result.output
    assert loaded(hagen_in_use).kontakte["treff"].plz == "58135"


def test_kontakt_add_with_a_name_and_no_kind_is_a_person(netz, hagen_in_use):
    result = netz("kontakt", "add", "--name", "Anna Test")
    assert result.exit_code == 0, result.output
    assert loaded(hagen_in_use).kontakte["anna-test"].art == "person"
    assert "Art: Person" in result.stdout


@pytest.mark.parametrize(("args", "art"), [
    (["--organisation", "Jugendtreff"], "organisation"),
    (["--name", "Anna Test", "--organisation", "Jugendtreff"], "organisation"),
    (["--name", "Bezirksjugendpflege X", "--art", "rolle"], "rolle"),
])
def test_kontakt_add_kind_follows_the_documented_rule(netz, hagen_in_use, args, art):
    result = netz("kontakt", "add", *args)
    assert result.exit_code == 0, result.output
    (kontakt,) = [k for i, k in loaded(hagen_in_use).kontakte.items()
                  if i in ("jugendtreff", "anna-test", "bezirksjugendpflege-x")]
    assert kontakt.art == art


def test_kontakt_add_help_states_the_rule_for_the_kind(netz):
    text = " ".join(netz("kontakt", "add", "--help").stdout.replace("│", " ").split())
    assert "Ohne --art ist ein Kontakt mit --name und ohne --organisation eine Person" in text
