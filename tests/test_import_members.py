"""``netz import --netzwerk ID [--rolle …]``: every contact of a list becomes a member."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import loaded

IMPORT = Path(__file__).parent / "fixtures" / "import"
XLSX = str(IMPORT / "mitglieder.xlsx")


def members_of(path: Path, netzwerk_id: str) -> dict[str, tuple[str, str, str]]:
    registry = loaded(path)
    return {kontakt_id: (m.rolle, m.seit, m.bis)
            for kontakt_id, m in registry.mitglieder.get(netzwerk_id, {}).items()}


def test_rolle_needs_netzwerk(netz, hagen_in_use):
    result = netz("import", XLSX, "--rolle", "koordination")
    assert result.exit_code == 2
    assert result.stderr == "Fehler: --rolle gilt nur zusammen mit --netzwerk ID.\n"


def test_every_contact_of_the_file_becomes_a_member(netz, hagen_in_use):
    result = netz("import", XLSX, "--netzwerk", "netzwerk-mitte")
    assert result.exit_code == 0, result.output
    assert "Mitglieder von netzwerk-mitte: 6 Kontakte neu aufgenommen." in result.stdout
    assert members_of(hagen_in_use, "netzwerk-mitte") == {
        kontakt_id: ("", "2026-11-25", "") for kontakt_id in (
            "anna-beispiel", "joerg-mueller-luedenscheidt", "oemer-yilmaz", "lena-exempel",
            "svenja-gross", "hans-peter-weiss")}


def test_contacts_already_in_the_registry_become_members_too(netz, hagen_in_use):
    assert netz("import", XLSX).exit_code == 0
    result = netz("import", XLSX, "--netzwerk", "ak-90", "--rolle", "vorbereitungskreis")
    assert result.exit_code == 0, result.output
    assert "unverändert\t6\n" in result.stdout
    assert "Mitglieder von ak-90: 6 Kontakte neu aufgenommen." in result.stdout
    assert set(members_of(hagen_in_use, "ak-90").values()) == {
        ("vorbereitungskreis", "2026-11-25", "2028-11-25")}


def test_the_same_import_with_netzwerk_twice_changes_nothing(netz, hagen_in_use):
    netz("import", XLSX, "--netzwerk", "netzwerk-mitte")
    before = hagen_in_use.read_bytes()
    result = netz("import", XLSX, "--netzwerk", "netzwerk-mitte")
    assert "Mitglieder von netzwerk-mitte: 0 Kontakte neu aufgenommen, 6 schon Mitglied." \
        in result.stdout
    assert "Keine Änderung" in result.stderr
    assert hagen_in_use.read_bytes() == before


def test_rolle_changes_the_role_of_existing_members(netz, hagen_in_use):
    netz("import", XLSX, "--netzwerk", "netzwerk-mitte")
    result = netz("import", XLSX, "--netzwerk", "netzwerk-mitte", "--rolle", "koordination")
    assert "bei 6 die Rolle geändert" in result.stdout
    assert {rolle for rolle, _, _ in members_of(hagen_in_use, "netzwerk-mitte").values()} == {
        "koordination"}


def test_members_and_contacts_are_one_change_for_undo(netz, hagen_in_use):
    before = hagen_in_use.read_bytes()
    assert netz("import", XLSX, "--netzwerk", "netzwerk-mitte").exit_code == 0
    assert netz("undo").exit_code == 0
    assert hagen_in_use.read_bytes() == before


@pytest.mark.parametrize(("args", "message"), [
    (["--netzwerk", "netzwerk-mite"], "Meinten Sie „netzwerk-mitte“?"),
    (["--netzwerk", "netzwerk-mitte", "--rolle", "chefin"], "Unbekannte Rolle „chefin“"),
])
def test_unknown_network_or_role_is_a_usage_error_and_nothing_is_written(netz, hagen_in_use,
                                                                         args, message):
    before = hagen_in_use.read_bytes()
    result = netz("import", XLSX, *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert hagen_in_use.read_bytes() == before


def test_a_refused_import_adds_no_members(netz, hagen_in_use):
    before = hagen_in_use.read_bytes()
    result = netz("import", str(IMPORT / "fehlerhaft.csv"), "--netzwerk", "netzwerk-mitte")
    assert result.exit_code == 2
    assert "Mitglieder von" not in result.stdout
    assert hagen_in_use.read_bytes() == before
