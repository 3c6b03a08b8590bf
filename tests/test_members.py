"""Members of a network (``[mitglieder.NETZWERK.KONTAKT]``): the file format, its validation,
the core functions of ``members.py``, and what removing, checking and exporting do with them.

The fixture ``mitglieder.toml`` holds invented example people only.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from netzwerk_cli import members
from netzwerk_cli.errors import InputError, RegistryError
from netzwerk_cli.model import ROLLEN, Kontakt, Mitglied, Registry, registry_from_checked
from netzwerk_cli.registry import registry_from_text, registry_tables, registry_to_toml

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def text() -> str:
    return (FIXTURES / "mitglieder.toml").read_text("utf-8")


@pytest.fixture
def reg(text) -> Registry:
    return registry_from_text(text, "mitglieder.toml")


def problems_of(text: str) -> list[str]:
    with pytest.raises(RegistryError) as caught:
        registry_from_text(text, "t.toml")
    return caught.value.problems


def replaced(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


# --- the model and the file ----------------------------------------------------------------------


def test_members_load_as_netzwerk_to_kontakt_to_mitglied(reg):
    assert ROLLEN == {"koordination": "Koordination", "vorbereitungskreis": "Vorbereitungskreis"}
    assert sorted(reg.mitglieder) == ["forum-boele"]
    assert reg.mitglieder["forum-boele"]["anna"] == Mitglied(rolle="koordination",
                                                             seit="2024-01-15")
    assert reg.mitglieder["forum-boele"]["ben"].bis == "2025-12"
    assert reg.mitglieder["forum-boele"]["jz-boele"].notiz == "kommt mit zwei Fachkräften"
    assert reg.kontakte["carla"].gehoert_zu == "jz-boele"


def test_load_and_save_is_byte_identical_and_members_are_sorted(reg):
    canonical = registry_to_toml(reg)
    assert registry_to_toml(registry_from_text(canonical, "c")) == canonical
    headers = re.findall(r"^\[mitglieder\.([^\]]+)\]$", canonical, re.MULTILINE)
    assert headers == ["forum-boele.anna", "forum-boele.ben", "forum-boele.carla",
                       "forum-boele.jz-boele", "forum-boele.kita-kabel", "forum-boele.treff"]
    # members come last, after the networks, contacts and offers
    assert canonical.index("[mitglieder.") > canonical.index("[kontakte.treff]")
    assert ('[mitglieder.forum-boele.ben]\nrolle = "vorbereitungskreis"\nseit = "2023-12"\n'
            'bis = "2025-12"\n') in canonical
    assert '[kontakte.carla]\nart = "person"\nname = "Carla Probe"\ngehoert_zu = "jz-boele"\n' \
        in canonical


def test_members_of_two_networks_sort_by_network_then_contact(reg):
    members.add_member(reg, "ak-kabel", "ben", today=TODAY)
    members.add_member(reg, "ak-kabel", "anna", today=TODAY)
    canonical = registry_to_toml(reg)
    headers = re.findall(r"^\[mitglieder\.([^\]]+)\]$", canonical, re.MULTILINE)
    assert headers[:3] == ["ak-kabel.anna", "ak-kabel.ben", "forum-boele.anna"]


def test_seit_is_always_written_and_a_plain_member_has_no_rolle_line():
    assert Mitglied(seit="2025-03").to_toml() == {"seit": "2025-03"}
    assert Mitglied().to_toml() == {"seit": ""}


def test_a_role_is_understood_in_any_spelling_and_stored_as_its_id(text):
    spelled = replaced(text, 'rolle = "koordination"', 'rolle = "Koordination"')
    assert registry_from_text(spelled, "t").mitglieder["forum-boele"]["anna"].rolle == \
        "koordination"


def test_the_load_cache_rebuilds_members_exactly(reg):
    assert registry_from_checked(registry_tables(reg)) == reg


def test_a_hand_written_inline_membership_is_read_and_written_canonically(text):
    inline = text + '\n[mitglieder.ak-kabel]\nben = { seit = "2026-02" }\n'
    loaded = registry_from_text(inline, "t")
    assert loaded.mitglieder["ak-kabel"]["ben"].seit == "2026-02"
    assert '[mitglieder.ak-kabel.ben]\nseit = "2026-02"\n' in registry_to_toml(loaded)


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("[mitglieder.forum-boele.anna]", "[mitglieder.forum-bole.anna]",
     r"Zeile \d+, mitglieder\.forum-bole: Unbekanntes Netzwerk „forum-bole“\. "
     r"Meinten Sie „forum-boele“\?"),
    ("[mitglieder.forum-boele.anna]", "[mitglieder.forum-boele.anne]",
     r"Zeile \d+, mitglieder\.forum-boele\.anne: Unbekannter Kontakt „anne“\. "
     r"Meinten Sie „anna“\?"),
    ('rolle = "koordination"', 'rolle = "chef"',
     r"Zeile \d+, mitglieder\.forum-boele\.anna: Feld „rolle“: „chef“ ist keine Rolle; gültig: "
     r"koordination, vorbereitungskreis"),
    ('seit = "2024-01-15"', 'seit = "2024-13"',
     r"mitglieder\.forum-boele\.anna: Feld „seit“: „2024-13“ ist kein gültiges Datum"),
    ('bis = "2025-12"', 'bis = "Ende 2025"',
     r"mitglieder\.forum-boele\.ben: Feld „bis“: „Ende 2025“ ist kein Datum; erwartet JJJJ-MM"),
    ('seit = "2024-01-15"', 'seit = "2024-01-15"\nbis = "2026-01"',
     r"mitglieder\.forum-boele\.anna: Feld „bis“ gilt nur für den Vorbereitungskreis"),
    ('bis = "2025-12"', 'bis = "2023-06"',
     r"mitglieder\.forum-boele\.ben: Feld „bis“: „2023-06“ liegt vor „seit“ „2023-12“"),
    ('seit = "2024-01-15"', 'seit = "2024-01-15"\nrang = 1',
     r"mitglieder\.forum-boele\.anna: Unbekanntes Feld „rang“"),
    ('gehoert_zu = "jz-boele"', 'gehoert_zu = "jz-bole"',
     r"Zeile \d+, kontakte\.carla: Feld „gehoert_zu“ verweist auf den unbekannten Kontakt "
     r"„jz-bole“\. Meinten Sie „jz-boele“\?"),
    ('gehoert_zu = "jz-boele"', 'gehoert_zu = "anna"',
     r"kontakte\.carla: Feld „gehoert_zu“: „anna“ ist keine Organisation"),
])
def test_every_member_problem_names_line_entry_and_field(text, old, new, expected):
    problems = problems_of(replaced(text, old, new))
    assert any(re.search(expected, p) for p in problems), problems


def test_members_of_an_offer_are_refused(text):
    offer = text + '\n[angebote.musikschule]\nname = "Musikschule"\n' \
                   '\n[mitglieder.musikschule.anna]\nseit = "2025-01"\n'
    (problem,) = problems_of(offer)
    assert "„musikschule“ ist ein Angebot" in problem


@pytest.mark.parametrize(("tail", "expected"), [
    ("mitglieder = 3\n", "„mitglieder“ muss eine Tabelle sein"),
    ('[mitglieder]\nforum-boele = "alle"\n', "mitglieder.forum-boele: muss eine Tabelle"),
    ('[mitglieder.ak-kabel]\nben = "ja"\n', "mitglieder.ak-kabel.ben: muss eine Tabelle"),
])
def test_a_members_table_of_the_wrong_shape_is_explained(text, tail, expected):
    without_members = text.split("\n[mitglieder.")[0]
    if tail.startswith("mitglieder ="):  # a top-level key must come before the tables
        source = without_members.replace("schema = 2\n", "schema = 2\n" + tail, 1)
    else:
        source = without_members + "\n" + tail
    problems = problems_of(source)
    assert any(expected in p for p in problems), problems


def test_a_member_whose_contact_is_broken_is_not_reported_twice(text):
    broken = replaced(text, 'name = "Ben Muster"', 'name = 3')
    problems = problems_of(broken)
    assert len(problems) == 1 and "kontakte.ben" in problems[0]


# --- members.py -------------------------------------------------------------------------------


def test_add_member_defaults_seit_to_today_and_returns_whether_it_changed(reg):
    assert members.add_member(reg, "ak-kabel", "anna", today=TODAY) is True
    assert reg.mitglieder["ak-kabel"]["anna"] == Mitglied(seit="2026-11-25")
    assert members.add_member(reg, "ak-kabel", "anna", today=TODAY) is False


def test_add_member_updates_only_what_is_given(reg):
    assert members.add_member(reg, "forum-boele", "carla", rolle="koordination", today=TODAY)
    assert reg.mitglieder["forum-boele"]["carla"] == Mitglied(rolle="koordination",
                                                              seit="2025-03")
    # no role given: an existing role stays (an import does not demote a coordinator)
    assert not members.add_member(reg, "forum-boele", "carla", today=TODAY)
    assert members.add_member(reg, "forum-boele", "carla", rolle="mitglied", today=TODAY)
    assert reg.mitglieder["forum-boele"]["carla"].rolle == ""


def test_a_new_vorbereitungskreis_term_lasts_two_years_unless_bis_is_given(reg):
    members.add_member(reg, "ak-kabel", "anna", rolle="vorbereitungskreis", seit="2025-03-31",
                       today=TODAY)
    assert reg.mitglieder["ak-kabel"]["anna"].bis == "2027-03-31"
    members.add_member(reg, "ak-kabel", "ben", rolle="Vorbereitungskreis", bis="2027-06",
                       today=TODAY)
    assert reg.mitglieder["ak-kabel"]["ben"] == Mitglied(rolle="vorbereitungskreis",
                                                         seit="2026-11-25", bis="2027-06")


def test_leaving_the_vorbereitungskreis_ends_the_term(reg):
    members.add_member(reg, "forum-boele", "ben", rolle="koordination", today=TODAY)
    assert reg.mitglieder["forum-boele"]["ben"] == Mitglied(rolle="koordination",
                                                            seit="2023-12")


@pytest.mark.parametrize(("arguments", "message"), [
    ({"netzwerk_id": "forum-bole"}, "Meinten Sie „forum-boele“?"),
    ({"kontakt_id": "anne"}, "Ähnliche Kontakte: anna (Anna Beispiel, anna@example.org)"),
    ({"rolle": "chefin"}, "Unbekannte Rolle „chefin“"),
    ({"seit": "gestern"}, "„seit“: „gestern“ ist kein Datum"),
    ({"bis": "2027-01"}, "„bis“ gilt nur für den Vorbereitungskreis"),
    ({"rolle": "vorbereitungskreis", "seit": "2026-01", "bis": "2025-01"},
     "„bis“: „2025-01“ liegt vor „seit“ „2026-01“"),
])
def test_add_member_refuses_bad_input_with_a_german_message(reg, arguments, message):
    values = {"netzwerk_id": "ak-kabel", "kontakt_id": "ben"} | arguments
    before = registry_to_toml(reg)
    with pytest.raises(InputError, match=re.escape(message)):
        members.add_member(reg, **values, today=TODAY)
    assert registry_to_toml(reg) == before


def test_add_member_to_an_offer_is_refused(reg):
    from netzwerk_cli.model import Angebot

    reg.angebote["musikschule"] = Angebot(name="Musikschule")
    with pytest.raises(InputError, match="ein Angebot, kein Netzwerk"):
        members.add_member(reg, "musikschule", "anna", today=TODAY)


def test_remove_member_and_the_last_one_leaves_no_empty_table(reg):
    members.add_member(reg, "ak-kabel", "anna", today=TODAY)
    members.remove_member(reg, "ak-kabel", "anna")
    assert "ak-kabel" not in reg.mitglieder
    with pytest.raises(InputError, match="„anna“ ist kein Mitglied von „ak-kabel“"):
        members.remove_member(reg, "ak-kabel", "anna")


def test_members_of_sorts_by_folded_name_and_memberships_of_lists_networks(reg):
    names = [k.display_name for _, k, _ in members.members_of(reg, "forum-boele")]
    assert names == ["Anna Beispiel", "Ben Muster", "Carla Probe", "Jugendtreff Haspe",
                     "Jugendzentrum Boele", "Kita Kabel"]
    assert members.members_of(reg, "ak-kabel") == []
    members.add_member(reg, "ak-kabel", "anna", today=TODAY)
    assert [n for n, _ in members.memberships_of(reg, "anna")] == ["ak-kabel", "forum-boele"]
    assert members.memberships_of(reg, "treff")[0][1].seit == "2024-01"


def test_similar_contacts_are_found_by_folded_name_and_e_mail(reg):
    assert members.similar_kontakte(reg, "anna beispiel")[0] == "anna"
    assert members.similar_kontakte(reg, "ANNA@example.org")[0] == "anna"
    assert members.similar_kontakte(reg, "Jugendzentrum Böle")[0] == "jz-boele"
    assert "carla" in members.similar_kontakte(reg, "Carla Probé")
    assert members.similar_kontakte(reg, "Zacharias Xylophon") == []


def test_unknown_kontakt_error_suggests_by_name_and_e_mail(reg):
    with pytest.raises(InputError) as caught:
        members.add_member(reg, "ak-kabel", "Anna Beispiel", today=TODAY)
    assert "anna (Anna Beispiel, anna@example.org)" in str(caught.value)


def test_role_term_and_expiry(reg):
    ben = reg.mitglieder["forum-boele"]["ben"]
    assert members.term_end(ben) == dt.date(2025, 12, 31)
    assert members.term_expired(ben, dt.date(2025, 12, 31)) is False
    assert members.term_expired(ben, dt.date(2026, 1, 1)) is True
    assert members.term_expired(reg.mitglieder["forum-boele"]["anna"], TODAY) is False


# --- removing networks and contacts ---------------------------------------------------------------


def test_removing_a_network_removes_its_memberships(reg):
    from netzwerk_cli import changes

    changes.remove_entry(reg, "forum-boele")
    assert reg.mitglieder == {}
    registry_from_text(registry_to_toml(reg), "after")  # still a valid registry


def test_removing_a_member_contact_is_refused_unless_detached(reg):
    from netzwerk_cli import contacts

    with pytest.raises(InputError, match=r"wird noch genutzt als Mitglied in: forum-boele\."):
        contacts.remove_kontakt(reg, "anna")
    detached = contacts.remove_kontakt(reg, "anna", detach=True)
    assert detached == ["forum-boele (Mitglied)"]
    assert "anna" not in reg.mitglieder["forum-boele"]
    registry_from_text(registry_to_toml(reg), "after")


def test_removing_an_organisation_people_belong_to_is_refused_unless_detached(reg):
    from netzwerk_cli import contacts

    members.remove_member(reg, "forum-boele", "jz-boele")
    with pytest.raises(InputError, match=r"von Personen, die dazu gehören: carla\."):
        contacts.remove_kontakt(reg, "jz-boele")
    assert contacts.remove_kontakt(reg, "jz-boele", detach=True) == ["carla (gehoert_zu)"]
    assert reg.kontakte["carla"].gehoert_zu == ""
    registry_from_text(registry_to_toml(reg), "after")


def test_an_edit_keeps_gehoert_zu_pointing_at_an_organisation(reg):
    from netzwerk_cli import contacts

    with pytest.raises(InputError, match="keine Organisation"):
        contacts.edit_kontakt(reg, "carla", {"gehoert_zu": "ben"})
    with pytest.raises(InputError, match="die dazu gehören: carla"):
        contacts.edit_kontakt(reg, "jz-boele", {"art": "person", "name": "Jo"})
    contacts.edit_kontakt(reg, "anna", {"gehoert_zu": "jz-boele"})
    assert reg.kontakte["anna"].gehoert_zu == "jz-boele"


# --- netz check ---------------------------------------------------------------------------------


def check(text: str):
    from netzwerk_cli.check import check_registry

    return check_registry(text, "t.toml", TODAY)


def test_check_reports_members_findings(text):
    found = {(f.level, f.entry, f.field): f.message for f in check(text)}
    assert "Keine Koordination" in found[("Hinweis", "netzwerke.ak-kabel", "mitglieder")]
    assert ("Hinweis", "netzwerke.forum-boele", "mitglieder") not in found
    expired = found[("Warnung", "mitglieder.forum-boele.ben", "bis")]
    assert "seit 2025-12 abgelaufen – wechseln" in expired
    without = found[("Hinweis", "mitglieder.forum-boele", "")]
    assert "1 Mitglied ohne E-Mail-Adresse: Carla Probe (carla)" in without
    # a contact that is only a member (or an organisation people belong to) is in use
    assert not [k for k in found if k[1] in ("kontakte.kita-kabel", "kontakte.jz-boele")
                and k[0] == "Warnung"]


@pytest.mark.parametrize(("addition", "field", "message"), [
    ('[kontakte.anna-b]\nart = "person"\nname = "anna beispiel"\n'
     'organisation = "Familienzentrum Boele"\noeffentlich = true\n', "name",
     "denselben Namen und dieselbe Organisation wie „anna“"),
    ('[kontakte.ben-2]\nart = "person"\nname = "B. Muster"\nemail = "ben.muster@EXAMPLE.org"\n'
     'oeffentlich = true\n', "email", "dieselbe E-Mail-Adresse wie „ben“"),
])
def test_the_same_person_twice_is_a_warning(text, addition, field, message):
    new_id = addition.split("]")[0].split(".")[1]
    source = text + f"\n{addition}\n[mitglieder.ak-kabel.{new_id}]\nseit = \"2026-01\"\n"
    found = [f for f in check(source) if f.level == "Warnung" and f.entry == f"kontakte.{new_id}"]
    assert [(f.field, message in f.message) for f in found] == [(field, True)]


def test_the_same_name_in_different_organisations_is_two_people(text):
    other = ('\n[kontakte.anna-2]\nart = "person"\nname = "Anna Beispiel"\n'
             'organisation = "Kita Kabel"\noeffentlich = true\n'
             '\n[mitglieder.ak-kabel.anna-2]\nseit = "2026-01"\n')
    assert not [f for f in check(text + other) if f.entry == "kontakte.anna-2"
                and f.level == "Warnung"]


def test_check_scope_by_filter_includes_the_members(text):
    from netzwerk_cli.check import check_registry
    from netzwerk_cli.query import Criteria

    found = check_registry(text, "t.toml", TODAY, criteria=Criteria(ids=["ak-kabel"]))
    assert {f.entry for f in found} <= {"netzwerke.ak-kabel", "kontakte.treff"}
    found = check_registry(text, "t.toml", TODAY, criteria=Criteria(ids=["forum-boele"]))
    assert "mitglieder.forum-boele.ben" in {f.entry for f in found}


# --- export selection -------------------------------------------------------------------------


def selection(reg: Registry, ids: list[str], **kwargs):
    from netzwerk_cli.export.selection import collect_kontakte

    return collect_kontakte(reg, [(i, reg.netzwerke[i]) for i in ids], **kwargs)


def test_the_verteiler_has_members_and_ansprechpartner_each_address_once(reg):
    from netzwerk_cli.export.selection import collect_verteiler

    members.add_member(reg, "ak-kabel", "ben", today=TODAY)
    reg.kontakte["ben-2"] = Kontakt(art="person", name="Ben M.", email="BEN.MUSTER@example.org")
    members.add_member(reg, "ak-kabel", "ben-2", today=TODAY)
    recipients, without = collect_verteiler(selection(reg, ["forum-boele", "ak-kabel"]))
    assert [r.email.casefold() for r in recipients] == [
        "anna@example.org", "ben.muster@example.org", "jz-boele@example.org",
        "kita-kabel@example.org", "treff@example.org"]
    assert [w.id for w in without] == ["carla"]


@pytest.mark.parametrize(("rollen", "expected"), [
    (["koordination"], ["anna"]),
    (["vorbereitungskreis", "koordination"], ["anna", "ben"]),
    (["mitglied"], ["carla", "treff", "jz-boele", "kita-kabel"]),
])
def test_a_role_narrows_the_selection_to_those_members(reg, rollen, expected):
    chosen = selection(reg, ["forum-boele"], rollen=members.parse_rollen(rollen))
    assert sorted(e.id for e in chosen.kontakte) == sorted(expected)


def test_nur_oeffentlich_leaves_out_private_members(reg):
    chosen = selection(reg, ["forum-boele"], nur_oeffentlich=True)
    assert sorted(e.id for e in chosen.kontakte) == ["ben", "jz-boele", "treff"]
    assert chosen.not_public == 3


def test_the_published_page_shows_a_count_and_public_organisations_only(reg):
    from netzwerk_cli.export.html import page_data, to_html, to_markdown

    data = page_data(reg, [(i, reg.netzwerke[i]) for i in ("forum-boele", "ak-kabel")], [],
                     "Test", TODAY)
    page, markdown = to_html(data), to_markdown(data)
    for published in (page, markdown):
        assert "6 Mitglieder" in published
        assert "Jugendzentrum Boele" in published and "Jugendtreff Haspe" in published
        for private in ("Kita Kabel", "Anna Beispiel", "Carla Probe", "anna@example.org",
                        "Ben Muster"):
            assert private not in published
