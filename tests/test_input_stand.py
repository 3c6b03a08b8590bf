"""A ``stand`` in the future: refused on input, an error in ``netz check``, due in ``netz
faellig`` – and a file holding one still loads."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from netzwerk_cli import changes
from netzwerk_cli.check import ERROR, WARNING, check_registry, due_entries
from netzwerk_cli.errors import InputError
from netzwerk_cli.model import parse_stand
from netzwerk_cli.registry import registry_from_text

TODAY = dt.date(2026, 11, 25)  # conftest sets NETZ_HEUTE to the same day


@pytest.fixture
def clean(fixture_file) -> str:
    return fixture_file("check-sauber.toml").read_text("utf-8")


def in_future(clean: str, stand: str = "2031-01-01") -> str:
    return clean.replace('stand = "2026-06"', f'stand = "{stand}"')


@pytest.mark.parametrize("stand", ["2031-01-01", "2026-11-26", "2026-12", "2027-01"])
def test_parse_stand_refuses_a_date_after_today(stand):
    with pytest.raises(InputError, match=f"--stand: „{stand}“ liegt in der Zukunft"):
        parse_stand(stand, TODAY)


@pytest.mark.parametrize("stand", ["2026-11-25", "2026-11", "2017-04", "heute"])
def test_parse_stand_takes_today_and_the_past(stand):
    assert parse_stand(stand, TODAY) == ("2026-11-25" if stand == "heute" else stand)


def test_edit_refuses_a_future_stand_in_the_core(clean, monkeypatch):
    monkeypatch.setenv("NETZ_HEUTE", "2026-11-25")
    registry = registry_from_text(clean, "t.toml")
    with pytest.raises(InputError, match="liegt in der Zukunft"):
        changes.edit_netzwerk(registry, "forum-boele", {"stand": "2031-01-01"})
    assert registry.netzwerke["forum-boele"].stand == "2026-06"


def test_cli_edit_refuses_a_future_stand(netz, tmp_path, clean):
    path = tmp_path / "networks.toml"
    path.write_text(clean, "utf-8")
    result = netz("edit", "forum-boele", "--stand", "2031-01-01", "-r", str(path))
    assert result.exit_code == 2
    assert "liegt in der Zukunft" in result.stderr
    assert path.read_text("utf-8") == clean


def test_a_file_with_a_future_stand_still_loads(clean):
    registry = registry_from_text(in_future(clean), "t.toml")
    assert registry.netzwerke["forum-boele"].stand == "2031-01-01"


def test_check_reports_a_future_stand_as_an_error_not_as_months_old(clean):
    findings = check_registry(in_future(clean), "t.toml", TODAY)
    assert [(f.level, f.entry, f.field) for f in findings] == [
        (ERROR, "netzwerke.forum-boele", "stand")]
    assert "2031-01-01 liegt in der Zukunft" in findings[0].message
    assert "netz verify forum-boele" in findings[0].message
    assert not [f for f in findings if f.level == WARNING]


def test_due_entries_list_a_future_stand_first(clean):
    text = in_future(clean) + '\n[angebote.alt]\nname = "Alt"\nstand = "2017-04"\n'
    due = due_entries(registry_from_text(text, "t.toml"), TODAY)
    assert [(d.id, d.in_future) for d in due] == [("forum-boele", True), ("alt", False)]


def test_faellig_lists_it_with_a_note(netz, tmp_path, clean):
    path = tmp_path / "networks.toml"
    path.write_text(in_future(clean), "utf-8")
    result = netz("faellig", "-r", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("forum-boele\tStadtteilforum Boele\t2031-01-01\t")
    assert "2031-01-01 liegt in der Zukunft" in result.stderr
    as_json = json.loads(netz("faellig", "--format", "json", "-r", str(path)).stdout)
    assert [entry["id"] for entry in as_json] == ["forum-boele"]


# --- a hand-edited future stand and an unrelated edit (issue 10, item 14) ---------------------


def test_edit_of_another_field_refuses_a_hand_edited_future_stand_and_says_how(clean):
    registry = registry_from_text(in_future(clean), "t.toml")
    with pytest.raises(InputError) as error:
        changes.edit_netzwerk(registry, "forum-boele", {"wochentag": "mo"})
    message = str(error.value)
    assert "„2031-01-01“ liegt in der Zukunft" in message
    assert "`netz edit forum-boele --stand heute`" in message
    assert registry.netzwerke["forum-boele"].wochentag == ""


def test_edit_with_stand_heute_fixes_it_in_the_same_call(clean):
    registry = registry_from_text(in_future(clean), "t.toml")
    changes.edit_netzwerk(registry, "forum-boele", {"wochentag": "mo",
                                                    "stand": "2026-11-25"})
    assert registry.netzwerke["forum-boele"].stand == "2026-11-25"


def test_cli_edit_refuses_while_the_file_has_a_future_stand(netz, tmp_path, clean):
    path = tmp_path / "networks.toml"
    path.write_text(in_future(clean, "2031-01"), "utf-8")
    result = netz("edit", "forum-boele", "--notiz", "x", "-r", str(path))
    assert result.exit_code == 2
    assert "2031-01" in result.stderr and "netz edit forum-boele --stand heute" in result.stderr
    assert path.read_text("utf-8") == in_future(clean, "2031-01")
    fixed = netz("edit", "forum-boele", "--notiz", "x", "--stand", "heute", "-r", str(path))
    assert fixed.exit_code == 0, fixed.stderr
