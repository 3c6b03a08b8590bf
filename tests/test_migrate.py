"""Schema 1 → 2: the old free-text ``treffen`` becomes a rhythm, nothing is lost, and the file
is rewritten once – by the first command that may write – with a backup ``netz undo`` restores."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netzwerk_cli.migrate import OLD_TEXT_LABEL, migrate, parse_rhythm
from netzwerk_cli.registry import registry_from_text
from netzwerk_cli.storage import backups, read_backup
from tests.conftest import FIXTURES

OLD = FIXTURES / "schema1.toml"
NETZ = Path(sys.executable).with_name("netz")
POSIX = pytest.mark.skipif(os.name == "nt", reason="POSIX-Dateirechte")


@pytest.fixture
def old_file(tmp_path: Path) -> Path:
    target = tmp_path / "networks.toml"
    shutil.copyfile(OLD, target)
    return target


# --- reading the old text ---------------------------------------------------------------------


@pytest.mark.parametrize(("text", "fields"), [
    ("4 × im Jahr, 16–18 Uhr, wechselnde Orte",
     {"turnus": 4, "beginn": "16:00", "ende": "18:00", "orte": "reihum"}),
    ("4x im Jahr", {"turnus": 4}),
    ("4 x jährlich", {"turnus": 4}),
    ("4-mal im Jahr", {"turnus": 4}),
    ("viermal im Jahr", {"turnus": 4}),
    ("zweimal im Jahr und dienstags", {"turnus": 2, "wochentag": "di"}),
    ("einmal im Jahr", {"turnus": 1}),
    ("jährlich", {"turnus": 1}),
    ("3 Treffen pro Jahr", {"turnus": 3}),
    ("vierteljährlich", {"turnus": 4}),
    ("quartalsweise", {"turnus": 4}),
    ("halbjährlich, reihum", {"turnus": 2, "orte": "reihum"}),
    ("monatlich", {"turnus": 12}),
    ("2 x im Monat", {"turnus": 24}),
    ("alle zwei Monate", {"turnus": 6}),
    ("alle 4 Wochen, an wechselnden Orten", {"turnus": 13, "orte": "reihum"}),
    ("14-tägig mittwochs", {"turnus": 26, "wochentag": "mi"}),
    ("wöchentlich, freitags", {"turnus": 52, "wochentag": "fr"}),
    ("dienstags", {"wochentag": "di"}),
    ("Dienstag", {"wochentag": "di"}),
    ("Di., 16-18 Uhr", {"wochentag": "di", "beginn": "16:00", "ende": "18:00"}),
    ("montags 16:00 - 18:00 Uhr", {"wochentag": "mo", "beginn": "16:00", "ende": "18:00"}),
    ("von 16 bis 18 Uhr", {"beginn": "16:00", "ende": "18:00"}),
    ("9:30–11 Uhr", {"beginn": "09:30", "ende": "11:00"}),
    ("16.00-18.00 Uhr", {"beginn": "16:00", "ende": "18:00"}),
    ("reihum", {"orte": "reihum"}),
    ("jeweils bei einer anderen Einrichtung", {}),
    ("Treffen: 4-mal jährlich; 16:00 - 18:00 Uhr", {"turnus": 4, "beginn": "16:00",
                                                    "ende": "18:00"}),
])
def test_clear_texts_are_read(text, fields):
    rhythm = parse_rhythm(text)
    assert rhythm.fields() == fields
    assert bool(rhythm.rest) == (not fields)


@pytest.mark.parametrize(("text", "fields", "rest"), [
    ("3-4 × im Jahr", {}, ("3-4 × im Jahr",)),
    ("jeden ersten Dienstag im Monat", {}, ("jeden ersten Dienstag im Monat",)),
    ("ab 16 Uhr", {}, ("ab 16 Uhr",)),
    ("18-16 Uhr", {}, ("18-16 Uhr",)),
    ("25-26 Uhr", {}, ("25-26 Uhr",)),
    ("dienstags oder donnerstags", {}, ("dienstags oder donnerstags",)),
    ("nach Absprache", {}, ("nach Absprache",)),
    ("im Rathaus, 16–18 Uhr", {"beginn": "16:00", "ende": "18:00"}, ("im Rathaus",)),
    # a field named twice differently counts not at all
    ("4 × im Jahr, monatlich, dienstags", {"wochentag": "di"}, ("monatlich",)),
    ("dienstags, mittwochs", {}, ("mittwochs",)),
    ("60 × im Jahr", {}, ("60 × im Jahr",)),
])
def test_unclear_texts_are_not_guessed(text, fields, rest):
    rhythm = parse_rhythm(text)
    assert (rhythm.fields(), rhythm.rest) == (fields, rest)


# --- migrating the tables ---------------------------------------------------------------------


def old_data() -> dict:
    return tomllib.loads(OLD.read_text("utf-8"))


def test_migrate_turns_clear_texts_into_fields():
    data, notes = migrate(old_data())
    forum = data["netzwerke"]["forum-boele"]
    assert data["schema"] == 2
    assert "treffen" not in forum
    assert {k: forum[k] for k in ("turnus", "wochentag", "beginn", "ende", "orte")} == {
        "turnus": 4, "wochentag": "di", "beginn": "16:00", "ende": "18:00", "orte": "reihum"}
    assert "notiz" not in forum
    assert "schema = 1" in notes[0] and "schema = 2" in notes[0]
    assert any(n.startswith("netzwerke.forum-boele: treffen = „4 × im Jahr") and "turnus = 4"
               in n for n in notes)


def test_what_is_not_understood_is_kept_whole_in_the_note():
    data, notes = migrate(old_data())
    vorhalle = data["netzwerke"]["runde-vorhalle"]
    assert vorhalle["notiz"] == ("Gegründet 2019.\nTreffen (bisher): jeden ersten Dienstag im "
                                 "Monat, 16 Uhr, im Jugendtreff")
    assert data["netzwerke"]["forum-helfe"]["notiz"] == "Treffen (bisher): nach Absprache"
    assert any(n.startswith("netzwerke.forum-helfe:") and "nicht verstanden" in n for n in notes)


def test_empty_and_absent_texts_just_go():
    data, notes = migrate(old_data())
    assert "treffen" not in data["netzwerke"]["forum-fley"]
    assert data["netzwerke"]["ak-garenfeld"] == old_data()["netzwerke"]["ak-garenfeld"]
    assert not any("forum-fley" in n or "ak-garenfeld" in n for n in notes)


def test_a_value_that_is_no_text_is_kept_in_an_own_field():
    data = old_data()
    data["netzwerke"]["forum-fley"]["treffen"] = ["montags", "dienstags"]
    migrated, notes = migrate(data)
    assert migrated["netzwerke"]["forum-fley"]["x_treffen"] == ["montags", "dienstags"]
    assert any("x_treffen" in n for n in notes)


def test_migrate_leaves_its_input_alone():
    data = old_data()
    migrate(data)
    assert data == old_data()


@given(st.text(max_size=80))
def test_nothing_is_lost(text):
    data = {"schema": 1, "netzwerke": {"n": {"name": "N", "art": "netzwerk", "stadtweit": True,
                                             "treffen": text}}}
    migrated = migrate(data)[0]["netzwerke"]["n"]
    rhythm = parse_rhythm(text)
    if not text.strip():
        assert migrated == {"name": "N", "art": "netzwerk", "stadtweit": True}
    elif rhythm.rest or not rhythm.fields():
        assert migrated["notiz"] == f"{OLD_TEXT_LABEL}: {text.strip()}"
    else:
        assert {k: migrated[k] for k in rhythm.fields()} == rhythm.fields()


def test_loading_an_old_file_migrates_it_in_memory():
    registry = registry_from_text(OLD.read_text("utf-8"), "alt.toml")
    assert registry.netzwerke["ak-kabel"].wochentag == "do"
    assert registry.netzwerke["ak-kabel"].beginn == "09:30"
    assert registry.migration and "schema = 1" in registry.migration[0]
    assert not registry_from_text((FIXTURES / "treffen.toml").read_text("utf-8"), "t").migration


def test_an_old_file_with_a_broken_text_still_names_the_line():
    text = OLD.read_text("utf-8").replace('stadtteile = ["Helfe"]', 'stadtteile = ["Atlantis"]')
    from netzwerk_cli.errors import RegistryError

    with pytest.raises(RegistryError) as caught:
        registry_from_text(text, "alt.toml")
    assert any(p.startswith("Zeile ") and "netzwerke.forum-helfe" in p
               for p in caught.value.problems)


# --- the file rewritten once ------------------------------------------------------------------


def test_the_first_command_rewrites_the_file_once_with_a_backup(netz, old_file):
    original = old_file.read_bytes()
    first = netz("list", "-r", str(old_file))
    assert first.exit_code == 0, first.output
    assert first.stderr.count("schema = 2 umgestellt") == 1
    assert "netz undo" in first.stderr
    assert "netzwerke.runde-vorhalle" in first.stderr
    text = old_file.read_text("utf-8")
    assert "\nschema = 2\n" in text and "turnus = 4" in text and "treffen =" not in text
    assert len(backups(old_file)) == 1
    assert read_backup(backups(old_file)[0]) == original
    again = netz("list", "-r", str(old_file))
    assert again.stdout == first.stdout
    assert "umgestellt" not in again.stderr
    assert netz("undo", "-r", str(old_file)).exit_code == 0
    assert old_file.read_bytes() == original


@POSIX
def test_a_read_only_file_is_migrated_in_memory_only(netz, old_file):
    old_file.chmod(0o444)
    original = old_file.read_bytes()
    result = netz("show", "ak-kabel", "-r", str(old_file))
    assert result.exit_code == 0, result.output
    assert "Treffen: 12 × im Jahr, donnerstags, 9:30–11:00 Uhr" in result.stdout
    assert "Nur im Speicher" in result.stderr and "schreibgeschützt" in result.stderr
    assert old_file.read_bytes() == original
    assert not backups(old_file)


def test_a_dry_run_migrates_in_memory_and_shows_only_its_own_change(netz, old_file):
    original = old_file.read_bytes()
    result = netz("verify", "ak-garenfeld", "--dry-run", "-r", str(old_file))
    assert result.exit_code == 0, result.output
    changed = [line for line in result.stdout.splitlines()
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed == ['-stand = "2026-01"', '+stand = "2026-11-25"']
    assert "schema = 1" in result.stderr and "Probelauf" in result.stderr
    assert old_file.read_bytes() == original


def test_a_dry_run_of_a_command_that_reads_first_does_not_migrate_either(netz, old_file):
    original = old_file.read_bytes()
    result = netz("remove", "forum-fley", "--yes", "--dry-run", "-r", str(old_file))
    assert result.exit_code == 0, result.output
    assert old_file.read_bytes() == original


def test_a_write_migrates_first_so_that_undo_goes_back_step_by_step(netz, old_file):
    original = old_file.read_bytes()
    result = netz("verify", "ak-garenfeld", "-r", str(old_file))
    assert result.exit_code == 0, result.output
    assert result.stderr.count("schema = 2 umgestellt") == 1
    assert 'stand = "2026-11-25"' in old_file.read_text("utf-8")
    assert len(backups(old_file)) == 2
    assert netz("undo", "-r", str(old_file)).exit_code == 0
    migrated = old_file.read_text("utf-8")
    assert "\nschema = 2\n" in migrated and 'stand = "2026-11-25"' not in migrated
    assert netz("undo", "-r", str(old_file)).exit_code == 0
    assert old_file.read_bytes() == original


def test_check_migrates_in_memory_only_and_says_so(netz, old_file):
    original = old_file.read_bytes()
    result = netz("check", "-r", str(old_file))
    assert old_file.read_bytes() == original
    assert "schema = 1" in result.stdout
    assert "netzwerke.runde-vorhalle · treffen" in result.stdout


def test_merge_migrates_each_side(netz, old_file, tmp_path):
    base = OLD.read_text("utf-8")
    theirs = base.replace('treffen = "nach Absprache"', 'treffen = "monatlich"')
    ours_file = tmp_path / "ours.toml"
    assert netz("edit", "ak-kabel", "--notiz", "von uns", "-r", str(old_file)).exit_code == 0
    ours_file.write_bytes(old_file.read_bytes())
    base_file, theirs_file = tmp_path / "base.toml", tmp_path / "theirs.toml"
    base_file.write_text(base, "utf-8")
    theirs_file.write_text(theirs, "utf-8")
    result = netz("merge", str(base_file), str(ours_file), str(theirs_file))
    assert result.exit_code == 0, result.output
    merged = registry_from_text(ours_file.read_text("utf-8"), "merged")
    assert not merged.migration
    assert merged.netzwerke["forum-helfe"].turnus == 12
    assert merged.netzwerke["ak-kabel"].notiz == "von uns"


def test_the_installed_netz_migrates_once(old_file, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "NETZ_REGISTRY"}
    env |= {"XDG_DATA_HOME": str(tmp_path / "d"), "XDG_CACHE_HOME": str(tmp_path / "c"),
            "XDG_CONFIG_HOME": str(tmp_path / "k"), "NETZ_REGISTRY": str(old_file)}
    runs = [subprocess.run([str(NETZ), "list"], capture_output=True, text=True, env=env,
                           timeout=60, check=False) for _ in range(2)]
    assert [r.returncode for r in runs] == [0, 0], runs[0].stderr
    assert "schema = 2 umgestellt" in runs[0].stderr
    assert "umgestellt" not in runs[1].stderr
    assert "\nschema = 2\n" in old_file.read_text("utf-8")


def test_a_large_old_file_read_from_the_cache_still_knows_it_is_old(tmp_path):
    from netzwerk_cli.registry import CACHE_MIN_BYTES, Location, load_registry

    networks = "".join(f'[netzwerke.n-{i}]\nname = "Forum {i}"\nart = "netzwerk"\n'
                       f'stadtweit = true\ntreffen = "4 × im Jahr"\nnotiz = "{"x" * 150}"\n\n'
                       for i in range(1200))
    path = tmp_path / "gross.toml"
    path.write_text(f"schema = 1\n\n{networks}", "utf-8")
    assert path.stat().st_size > CACHE_MIN_BYTES
    first, second = (load_registry(Location(path, "Test")) for _ in range(2))
    assert first.migration == second.migration and second.migration
    assert second.netzwerke["n-7"].turnus == 4
