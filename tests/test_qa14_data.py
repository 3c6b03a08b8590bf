"""QA findings of issue 14 on provenance and data: an edit takes a value out of
``herkunft.abgeleitet``; a derived field the entry does not have is an error; the Stand says
what it vouches for (the source's date, or a later check); the page names its source; the
shipped data marks every value that is not the source's words."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from netzwerk_cli import changes, contacts
from netzwerk_cli.errors import RegistryError
from netzwerk_cli.registry import registry_from_text
from tests.conftest import loaded

NETZ = Path(sys.executable).with_name("netz")
DROPPED_NAME = "Herkunft: „Name“ gilt nicht mehr als abgeleitet."


@pytest.fixture
def hagen(hagen_file, monkeypatch):
    monkeypatch.setenv("NETZ_REGISTRY", str(hagen_file))
    return hagen_file


# --- Item 2: an edited value is the coordinator's, no longer derived ----------------------


def test_editing_a_derived_name_drops_its_mark_and_says_so(hagen):
    registry = loaded(hagen)
    hints = changes.edit_netzwerk(registry, "stadtbezirkskonferenz-haspe",
                                  {"name": "Jugendkonferenz Haspe"})
    assert DROPPED_NAME in hints
    derived = registry.netzwerke["stadtbezirkskonferenz-haspe"].herkunft["abgeleitet"]
    assert set(derived) == {"gebiet", "kontakte"}


def test_editing_the_area_drops_gebiet_and_an_unchanged_value_keeps_its_mark(hagen):
    registry = loaded(hagen)
    hints = changes.edit_netzwerk(registry, "ak-90", {"name": registry.netzwerke["ak-90"].name,
                                                      "bezirke": [], "sozialraeume": [],
                                                      "stadtteile": ["Haspe-West"]})
    assert hints == ["Herkunft: „Gebiet“ gilt nicht mehr als abgeleitet."]
    assert "gebiet" not in registry.netzwerke["ak-90"].herkunft.get("abgeleitet", {})
    same = loaded(hagen)
    assert changes.edit_netzwerk(same, "ak-90", {"notiz": "neu"}) == []
    assert "gebiet" in same.netzwerke["ak-90"].herkunft["abgeleitet"]


def test_adding_a_contact_drops_the_derived_kontakte(hagen):
    registry = loaded(hagen)
    hints = changes.edit_netzwerk(registry, "stadtbezirkskonferenz-haspe", {},
                                  add={"kontakte": ["corbacher-20"]})
    assert "Herkunft: „Kontakt“ gilt nicht mehr als abgeleitet." in hints


def test_editing_a_contacts_derived_name_drops_its_mark(hagen):
    registry = loaded(hagen)
    notes = contacts.edit_kontakt(registry, "bezirksjugendpflege-haspe",
                                  {"name": "Jugendpflege Haspe"})
    assert notes == [DROPPED_NAME]
    assert "name" not in registry.kontakte["bezirksjugendpflege-haspe"].herkunft.get(
        "abgeleitet", {})


def test_netz_edit_says_the_value_is_no_longer_derived_and_show_drops_the_mark(netz, hagen):
    result = netz("edit", "stadtbezirkskonferenz-haspe", "--name", "Jugendkonferenz Haspe")
    assert result.exit_code == 0
    assert DROPPED_NAME in result.stderr
    shown = netz("show", "stadtbezirkskonferenz-haspe").stdout.splitlines()
    assert "  Name: Jugendkonferenz Haspe" in shown
    herkunft = shown[shown.index("Herkunft"):]
    herkunft = herkunft[:next(i for i, line in enumerate(herkunft) if line.startswith("Kontakt"))]
    assert not any(line.startswith("  Abgeleitet (Name)") for line in herkunft)
    assert any(line.startswith("  Abgeleitet (Gebiet)") for line in herkunft)


def test_netz_edit_dry_run_shows_the_dropped_mark_in_the_diff(netz, hagen):
    result = netz("edit", "stadtbezirkskonferenz-haspe", "--name", "X Y", "--dry-run")
    assert result.exit_code == 0
    assert DROPPED_NAME in result.stderr
    assert "-name = \"Die Quelle nennt nur" in result.output
    assert "Abgeleitet (Name)" in netz("show", "stadtbezirkskonferenz-haspe").stdout


def test_netz_kontakt_edit_says_the_value_is_no_longer_derived(netz, hagen):
    result = netz("kontakt", "edit", "bezirksjugendpflege-haspe", "--name", "Jugendpflege")
    assert result.exit_code == 0
    assert DROPPED_NAME in result.stderr


# --- Item 12: a derived field must be there ---------------------------------------------------


ENTRY = 'schema = 2\n\n[netzwerke.x]\nname = "X"\nart = "netzwerk"\nstadtweit = true\n'


@pytest.mark.parametrize("name", ["webseite", "themen", "stand", "turnus"])
def test_a_derived_field_the_entry_does_not_have_is_an_error(name):
    with pytest.raises(RegistryError) as error:
        registry_from_text(ENTRY + f'herkunft = {{ abgeleitet = {{ {name} = "x" }} }}\n', "t")
    assert error.value.problems == [
        f"Zeile 3, netzwerke.x: Feld „herkunft“: „abgeleitet.{name}“: der Eintrag hat keinen "
        f"Wert in „{name}“; abgeleitet sein kann nur ein Wert, der eingetragen ist (die Zeile "
        f"unter [….herkunft.abgeleitet] streichen oder „{name}“ eintragen)."]


def test_a_contacts_empty_derived_field_is_an_error_too():
    text = 'schema = 2\n\n[kontakte.k]\nname = "K"\nherkunft = { abgeleitet = { email = "x" } }\n'
    with pytest.raises(RegistryError) as error:
        registry_from_text(text, "t")
    assert "„abgeleitet.email“: der Eintrag hat keinen Wert in „email“" in error.value.problems[0]


def test_gebiet_is_valid_for_any_area_also_stadtweit():
    for area in ("stadtweit = true", 'bezirke = ["Haspe"]', 'sozialraeume = ["Vorhalle"]'):
        text = ('schema = 2\n\n[netzwerke.x]\nname = "X"\nart = "netzwerk"\n'
                f'{area}\nherkunft = {{ abgeleitet = {{ gebiet = "x", name = "y" }} }}\n')
        assert set(registry_from_text(text, "t").netzwerke["x"].herkunft["abgeleitet"]) == {
            "name", "gebiet"}


def test_netz_check_reports_a_derived_field_the_entry_lacks(netz, tmp_path):
    path = tmp_path / "r.toml"
    path.write_text(ENTRY + 'herkunft = { abgeleitet = { webseite = "x" } }\n', "utf-8")
    result = netz("check", "--registry", str(path))
    assert result.exit_code != 0
    assert "„abgeleitet.webseite“: der Eintrag hat keinen Wert in „webseite“" in result.output
    assert "Traceback" not in result.output
