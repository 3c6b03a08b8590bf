"""``netz treffen …`` and what the other commands do with meetings, through the CLI."""

from __future__ import annotations

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
