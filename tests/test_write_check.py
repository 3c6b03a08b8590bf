"""A write checks what it changed, and every reference across entries that the change can
break – never only the changed entries (issue 15).

The check before a write (``model.check_changed``) looks at the changed entries and, through
the links between entries, at the unchanged ones that refer to a removed or changed entry: a
network listing a removed contact, a person belonging to an organisation that became a
person, a meeting at a venue whose address was removed, the members and meetings of a removed
network, a meeting inviting a removed offer. Each of these changes leaves the entry that
becomes wrong untouched, so each test fails if the write checks only what it changed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from netzwerk_cli import model
from netzwerk_cli.errors import RegistryError
from netzwerk_cli.model import Angebot, Kontakt, Mitglied, Netzwerk, Registry, Treffen
from netzwerk_cli.registry import registry_to_toml
from netzwerk_cli.storage import apply_change


def _registry() -> Registry:
    reg = Registry()
    reg.kontakte["traeger"] = Kontakt(art="organisation", name="Träger e. V.",
                                      strasse="Markt 1", plz="58095", ort="Hagen")
    reg.kontakte["anna"] = Kontakt(art="person", name="Anna", gehoert_zu="traeger")
    reg.kontakte["ben"] = Kontakt(art="person", name="Ben")
    reg.angebote["cafe"] = Angebot(name="Elterncafé")
    for number in range(30):
        reg.netzwerke[f"netz-{number:02}"] = Netzwerk(
            name=f"Forum {number}", art="netzwerk", stadtteile=["Boele"], stand="2024-01")
    reg.netzwerke["ak"] = Netzwerk(name="AK", art="arbeitskreis", stadtteile=["Boele"],
                                   kontakte=["ben"])
    reg.mitglieder["ak"] = {"ben": Mitglied(seit="2024-01")}
    reg.treffen["ak-2026-03-03"] = Treffen(netzwerk="ak", datum="2026-03-03",
                                           ort_kontakt="traeger", gaeste=["cafe"])
    return reg


@pytest.fixture
def file(tmp_path: Path) -> Path:
    path = tmp_path / "register.toml"
    path.write_text(registry_to_toml(_registry()), encoding="utf-8")
    return path


def _refused(file: Path, change: Callable[[Registry], None]) -> str:
    before = file.read_bytes()
    with pytest.raises(RegistryError) as caught:
        apply_change(file, change)
    assert file.read_bytes() == before
    return "\n".join(caught.value.problems)


def test_removing_a_contact_a_network_lists_is_refused(file):
    def remove(reg: Registry) -> None:
        del reg.kontakte["ben"]
        del reg.mitglieder["ak"]  # the membership goes with it, the network's list stays

    assert "netzwerke.ak" in _refused(file, remove)


def test_removing_a_member_contact_is_refused(file):
    def remove(reg: Registry) -> None:
        del reg.kontakte["ben"]
        reg.netzwerke["ak"].kontakte.clear()

    assert "mitglieder.ak.ben" in _refused(file, remove)


def test_an_organisation_that_becomes_a_person_is_refused_while_people_belong_to_it(file):
    problems = _refused(file, lambda reg: setattr(reg.kontakte["traeger"], "art", "person"))
    assert "kontakte.anna" in problems and "keine Organisation" in problems


def test_removing_the_address_of_a_venue_is_refused(file):
    problems = _refused(file, lambda reg: setattr(reg.kontakte["traeger"], "strasse", ""))
    assert "treffen.ak-2026-03-03" in problems and "keine Anschrift" in problems


def test_removing_a_network_with_members_and_meetings_is_refused(file):
    problems = _refused(file, lambda reg: reg.netzwerke.pop("ak"))
    assert "mitglieder.ak" in problems and "treffen.ak-2026-03-03" in problems


def test_removing_an_offer_a_meeting_invites_is_refused(file):
    problems = _refused(file, lambda reg: reg.angebote.pop("cafe"))
    assert "treffen.ak-2026-03-03" in problems and "cafe" in problems


def test_an_offer_with_a_networks_id_is_refused(file):
    problems = _refused(file, lambda reg: reg.angebote.__setitem__(
        "netz-03", Angebot(name="Doppelt")))
    assert "netz-03" in problems and "zugleich Netzwerk und Angebot" in problems


@pytest.fixture
def areas_checked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The networks whose area the check before a write looks at (not the load's check)."""
    from netzwerk_cli import storage

    checked: list[str] = []
    active: list[bool] = []
    check_area, check_changed = model.check_area, storage.check_changed

    def counting(netzwerk, index=None):
        if active:
            checked.append(netzwerk.name)
        return check_area(netzwerk, index)

    def checking(*args, **kwargs):
        active.append(True)
        try:
            return check_changed(*args, **kwargs)
        finally:
            active.clear()

    monkeypatch.setattr(model, "check_area", counting)
    monkeypatch.setattr(storage, "check_changed", checking)
    return checked


def test_a_write_checks_the_areas_of_the_changed_entries_only(file, areas_checked):
    """Unchanged entries were checked when the file was loaded: a write does not check the
    area of all 31 networks again, only of the one it changed."""
    apply_change(file, lambda reg: setattr(reg.netzwerke["netz-07"], "notiz", "neu"))
    assert areas_checked == ["Forum 7"]


def test_a_change_of_a_sozialraum_checks_every_network(file, areas_checked):
    """A registry's own Sozialraum is named by networks: changing one checks them all."""
    apply_change(file, lambda reg: reg.sozialraeume.__setitem__(
        "nordost", model.SozialraumEintrag(name="Nordost", orte=["Boele"])))
    assert len(areas_checked) == 31
