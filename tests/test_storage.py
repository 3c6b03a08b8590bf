"""Writes never lose data: atomic, locked, backed up, undoable, canonical."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netzwerk_cli import changes
from netzwerk_cli.errors import InputError, NetzError
from netzwerk_cli.model import Kontakt, Netzwerk, Registry
from netzwerk_cli.registry import registry_from_text, registry_to_toml
from netzwerk_cli.storage import (
    BACKUPS_KEPT,
    apply_change,
    backup_dir,
    backups,
    undo,
)

HEUTE = dt.date(2026, 11, 25)


def neues_netzwerk(name: str = "Forum Test") -> Netzwerk:
    return Netzwerk(name=name, art="netzwerk", stadtweit=True, stand="2025-01")


def add_forum(registry: Registry, netzwerk_id: str) -> list[str]:
    return changes.add_netzwerk(registry, netzwerk_id, neues_netzwerk(), HEUTE)


def test_change_is_written_and_previous_version_backed_up(hagen_datei):
    vorher = hagen_datei.read_text("utf-8")
    apply_change(hagen_datei, lambda r: add_forum(r, "forum-test"))
    assert "[netzwerke.forum-test]" in hagen_datei.read_text("utf-8")
    (sicherung,) = backups(hagen_datei)
    assert sicherung.read_text("utf-8") == vorher


def test_add_then_remove_leaves_the_file_byte_identical(hagen_datei):
    vorher = hagen_datei.read_bytes()
    apply_change(hagen_datei, lambda r: add_forum(r, "forum-test"))
    apply_change(hagen_datei, lambda r: changes.remove_entry(r, "forum-test"))
    assert hagen_datei.read_bytes() == vorher


def test_refused_change_leaves_file_untouched_and_makes_no_backup(hagen_datei):
    vorher = hagen_datei.read_bytes()
    with pytest.raises(InputError):
        apply_change(hagen_datei, lambda r: add_forum(r, "ak-90"))
    assert hagen_datei.read_bytes() == vorher
    assert backups(hagen_datei) == []


def test_dry_run_writes_nothing_but_reports_the_new_text(hagen_datei):
    vorher = hagen_datei.read_bytes()
    ergebnis = apply_change(hagen_datei, lambda r: changes.verify_entry(r, "ak-90", HEUTE),
                            dry_run=True)
    assert ergebnis.changed
    assert hagen_datei.read_bytes() == vorher


def test_backups_rotate_and_undo_walks_back_step_by_step(hagen_datei):
    fassungen = [hagen_datei.read_text("utf-8")]
    for nummer in range(BACKUPS_KEPT + 2):
        apply_change(hagen_datei, lambda r, n=nummer: changes.edit_netzwerk(
            r, "ak-90", {"notiz": f"Fassung {n}"}))
        fassungen.append(hagen_datei.read_text("utf-8"))
    assert len(backups(hagen_datei)) == BACKUPS_KEPT
    ergebnis = undo(hagen_datei)
    assert hagen_datei.read_text("utf-8") == fassungen[-2]
    assert ergebnis.replaced.read_text("utf-8") == fassungen[-1]
    undo(hagen_datei)
    assert hagen_datei.read_text("utf-8") == fassungen[-3]


def test_undo_without_backup_says_so(hagen_datei):
    with pytest.raises(NetzError, match="keine Sicherung"):
        undo(hagen_datei)


def test_unwritable_registry_gives_clear_error_and_stays_as_it_was(hagen_datei, monkeypatch):
    vorher = hagen_datei.read_bytes()

    def verweigert(*_args):
        raise PermissionError(13, "Keine Berechtigung")

    monkeypatch.setattr(os, "replace", verweigert)
    with pytest.raises(NetzError, match=r"kann nicht geschrieben werden.*bleibt unverändert"):
        apply_change(hagen_datei, lambda r: changes.verify_entry(r, "ak-90", HEUTE))
    assert hagen_datei.read_bytes() == vorher
    assert not [p for p in hagen_datei.parent.iterdir() if p.name.endswith(".tmp")]


def test_registry_in_a_missing_directory(tmp_path):
    with pytest.raises(NetzError, match="kann nicht geschrieben werden"):
        apply_change(tmp_path / "fehlt" / "r.toml", lambda r: None)


SCHREIBER = textwrap.dedent("""
    import sys
    from pathlib import Path
    import datetime as dt
    from netzwerk_cli import changes
    from netzwerk_cli.model import Netzwerk
    from netzwerk_cli.storage import apply_change
    nummer = sys.argv[2]
    netzwerk = Netzwerk(name=f"Forum {nummer}", art="netzwerk", stadtweit=True, stand="2025-01")
    apply_change(Path(sys.argv[1]),
            lambda r: changes.add_netzwerk(r, f"forum-{nummer}", netzwerk, dt.date(2026, 11, 25)))
""")


def test_twenty_concurrent_writers_all_land(hagen_datei):
    prozesse = [subprocess.Popen([sys.executable, "-c", SCHREIBER, str(hagen_datei), str(n)])
                for n in range(20)]
    assert [p.wait(timeout=120) for p in prozesse] == [0] * 20
    register = registry_from_text(hagen_datei.read_text("utf-8"), "t")
    assert {f"forum-{n}" for n in range(20)} <= set(register.netzwerke)


GROSSER_SCHREIBER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from netzwerk_cli.model import Netzwerk
    from netzwerk_cli.storage import apply_change
    def viele(register):
        for n in range(4000):
            register.netzwerke[f"forum-{n}"] = Netzwerk(
                name=f"Forum {n}", art="netzwerk", stadtweit=True, themen=["Familie"])
    print("los", flush=True)
    apply_change(Path(sys.argv[1]), viele)
""")


@pytest.mark.parametrize("verzoegerung", [0.05, 0.3, 0.6, 1.0, 1.5])
def test_writer_killed_mid_save_leaves_old_or_new_file_never_a_broken_one(hagen_datei,
                                                                          verzoegerung):
    vorher = hagen_datei.read_text("utf-8")
    schreiber = subprocess.Popen([sys.executable, "-c", GROSSER_SCHREIBER, str(hagen_datei)],
                                 stdout=subprocess.PIPE, text=True)
    assert schreiber.stdout.readline() == "los\n"
    time.sleep(verzoegerung)
    schreiber.send_signal(signal.SIGKILL)
    schreiber.wait(timeout=30)
    nachher = hagen_datei.read_text("utf-8")
    register = registry_from_text(nachher, "t")  # loads: never half-written
    assert nachher == vorher or len(register.netzwerke) == 22 + 4000


# --- canonical form, property-based --------------------------------------------------------------

texte = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30).map(
    str.strip)
ids = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)


@st.composite
def register_strategie(draw) -> Registry:
    kontakte = draw(st.dictionaries(ids, st.builds(
        Kontakt, art=st.sampled_from(["person", "organisation", "rolle"]),
        name=texte.filter(bool), notiz=texte, oeffentlich=st.booleans()), max_size=4))
    netzwerke = draw(st.dictionaries(ids, st.builds(
        Netzwerk, name=texte.filter(bool), art=st.sampled_from(["netzwerk", "arbeitskreis"]),
        stadtweit=st.just(True), themen=st.lists(texte.filter(bool), max_size=3),
        kontakte=st.lists(st.sampled_from(sorted(kontakte)), max_size=2, unique=True)
        if kontakte else st.just([]),
        notiz=texte), max_size=5))
    return Registry(netzwerke=netzwerke, kontakte=kontakte)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(register_strategie())
def test_load_and_save_round_trips_byte_for_byte(register):
    text = registry_to_toml(register)
    wieder = registry_from_text(text, "t")
    assert registry_to_toml(wieder) == text
    assert wieder.netzwerke == register.netzwerke
    assert wieder.kontakte == register.kontakte


def test_sicherungsordner_is_beside_the_registry(hagen_datei: Path):
    assert backup_dir(hagen_datei) == hagen_datei.parent / ".netz-sicherungen"
