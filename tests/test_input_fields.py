"""Single fields: the kind of a network can be changed, phone numbers hold no letters, and a
broken contact is reported once – not again as "unknown" by every network using it."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from netzwerk_cli import contacts
from netzwerk_cli.check import ERROR, check_registry
from netzwerk_cli.errors import InputError, RegistryError
from netzwerk_cli.model import Kontakt
from netzwerk_cli.registry import registry_from_text
from netzwerk_cli.validate import normalize_telefon

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def clean(fixture_file) -> str:
    return fixture_file("check-sauber.toml").read_text("utf-8")


@pytest.fixture
def registry_file(tmp_path, clean):
    path = tmp_path / "networks.toml"
    path.write_text(clean, "utf-8")
    return path


# --- 16: netz edit ID --art ---------------------------------------------------------------


@pytest.mark.parametrize(("typed", "stored"), [("AK", "arbeitskreis"),
                                               ("AG", "arbeitsgemeinschaft"),
                                               ("Runder Tisch", "netzwerk"),
                                               ("sozialraumteam", "sozialraumteam")])
def test_edit_changes_the_kind_of_a_network(netz, registry_file, typed, stored):
    start = "konferenz" if stored == "netzwerk" else "netzwerk"
    registry_file.write_text(registry_file.read_text("utf-8").replace(
        'art = "netzwerk"', f'art = "{start}"'), "utf-8")
    result = netz("edit", "forum-boele", "--art", typed, "-r", str(registry_file))
    assert result.exit_code == 0, result.output
    text = registry_file.read_text("utf-8")
    assert f'art = "{stored}"' in text
    assert registry_from_text(text, "t.toml").netzwerke["forum-boele"].art == stored


def test_edit_with_an_unknown_kind_names_the_valid_ones(netz, registry_file, clean):
    result = netz("edit", "forum-boele", "--art", "Stammtisch", "-r", str(registry_file))
    assert result.exit_code == 2
    assert "Unbekannte Art „Stammtisch“" in result.stderr
    assert "Arbeitskreis" in result.stderr
    assert registry_file.read_text("utf-8") == clean


# --- 17: letters in phone numbers -------------------------------------------------------


@pytest.mark.parametrize("typed", ["02331 CALL-ME", "0800 FLOWERS", "02331 207-36O8",
                                   "Tel. 02331 44234", "02331 44234 Zentrale", "+49 2331 ABC"])
def test_phone_numbers_with_letters_are_refused(typed):
    expected = f"Feld „telefon“: „{typed}“ enthält Buchstaben"
    with pytest.raises(InputError, match=re.escape(expected)):
        normalize_telefon(typed)


def test_phone_numbers_without_letters_still_work():
    assert normalize_telefon("0 23 31 / 4 42 34") == "02331 44234"
    assert normalize_telefon("+49 2331 207-3608") == "02331 207-3608"


def test_cli_refuses_a_phone_number_with_letters(netz, registry_file, clean):
    result = netz("kontakt", "add", "--name", "Anna Test", "--art", "person", "--telefon",
                  "02331 CALL-ME", "-r", str(registry_file))
    assert result.exit_code == 2
    assert "enthält Buchstaben" in result.stderr
    assert registry_file.read_text("utf-8") == clean
    registry = registry_from_text(clean, "t.toml")
    with pytest.raises(InputError, match="enthält Buchstaben"):
        contacts.add_kontakt(registry, "anna", Kontakt(name="Anna", telefon="02331 CALL-ME"))


def test_check_reports_a_hand_edited_phone_number_with_letters(clean):
    text = clean.replace('telefon = "02331 44234"', 'telefon = "02331 CALL-ME"')
    errors = [(f.entry, f.field) for f in check_registry(text, "t.toml", TODAY)
              if f.level == ERROR]
    assert errors == [("kontakte.treff", "telefon")]


# --- 18: a broken contact is not also an unknown one --------------------------------------


def test_a_broken_contact_is_reported_once_not_as_unknown_by_its_networks(clean):
    text = clean.replace("oeffentlich = true", 'oeffentlich = "ja"')
    text += ('\n[netzwerke.zweites]\nname = "Zweites"\nart = "netzwerk"\nstadtweit = true\n'
             'kontakte = ["treff"]\n')
    with pytest.raises(RegistryError) as error:
        registry_from_text(text, "t.toml")
    assert len(error.value.problems) == 1
    assert "kontakte.treff: Feld „oeffentlich“" in error.value.problems[0]
    assert "unbekannten Kontakt" not in str(error.value)


def test_a_really_unknown_contact_is_still_reported(clean):
    text = clean.replace('kontakte = ["treff"]', 'kontakte = ["treff", "fehlt"]')
    with pytest.raises(RegistryError, match="unbekannten Kontakt „fehlt“"):
        registry_from_text(text, "t.toml")


def test_a_contact_with_a_broken_id_is_not_unknown_either(clean):
    text = clean.replace("[kontakte.treff]", "[kontakte.Treff]").replace(
        'kontakte = ["treff"]', 'kontakte = ["Treff"]')
    with pytest.raises(RegistryError) as error:
        registry_from_text(text, "t.toml")
    assert len(error.value.problems) == 1
    assert "Die ID „Treff“ ist ungültig" in error.value.problems[0]
