"""The meetings core: planning a year around NRW's holidays, venues in rotation, changing a
meeting, attendance, who stays away, which offers to invite."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from netzwerk_cli import meetings
from netzwerk_cli.errors import InputError
from netzwerk_cli.meetings import (
    ORT_OFFEN,
    add_meetings,
    datum_text,
    edit_meeting,
    nrw_holidays,
    plan_year,
    record_attendance,
    termin_text,
)
from netzwerk_cli.model import Mitglied, Netzwerk, Treffen
from netzwerk_cli.registry import registry_from_text
from tests.conftest import FIXTURES

TODAY = dt.date(2026, 11, 25)
D = dt.date.fromisoformat


@pytest.fixture
def registry():
    return registry_from_text((FIXTURES / "treffen.toml").read_text("utf-8"), "treffen.toml")


def days(plan) -> list[str]:
    return [treffen.datum for _, treffen in plan.meetings]


# --- German dates ------------------------------------------------------------------------------


def test_dates_and_times_are_german():
    treffen = Treffen(netzwerk="n", datum="2027-03-16", beginn="16:00", ende="18:00")
    assert termin_text(treffen) == "Di, 16.03.2027, 16–18 Uhr"
    assert meetings.zeit_text("09:30", "11:00") == "9:30–11:00 Uhr"
    assert meetings.zeit_text("", "") == ""
    assert datum_text(D("2027-01-03")) == "So, 03.01.2027"


def test_a_rhythm_in_words(registry):
    assert meetings.rhythm_text(registry.netzwerke["forum-boele"]) == (
        "4 × im Jahr, dienstags, 16–18 Uhr, wechselnde Orte (reihum)")
    assert meetings.rhythm_text(Netzwerk()) == ""


@pytest.mark.parametrize(("text", "expected"), [
    ("16-18", ("16:00", "18:00")), ("16–18 Uhr", ("16:00", "18:00")),
    ("9:30-11:00", ("09:30", "11:00")), ("16 bis 18", ("16:00", "18:00")),
])
def test_a_time_frame_as_typed(text, expected):
    assert meetings.parse_zeit(text) == expected


@pytest.mark.parametrize("text", ["16", "18-16", "16-25", "abends"])
def test_a_time_frame_that_is_none(text):
    with pytest.raises(InputError, match=re.escape("kein Zeitrahmen; erwartet Beginn-Ende")):
        meetings.parse_zeit(text)


# --- holidays in NRW (FACTS: Schulferien 2026–2028 as the Schulministerium lists them) --------

SCHULFERIEN = [
    ("2026-03-30", "2026-04-11"), ("2026-05-26", "2026-05-26"), ("2026-07-20", "2026-09-01"),
    ("2026-10-17", "2026-10-31"), ("2026-12-23", "2027-01-06"),
    ("2027-03-22", "2027-04-03"), ("2027-05-18", "2027-05-18"), ("2027-07-19", "2027-08-31"),
    ("2027-10-23", "2027-11-06"), ("2027-12-24", "2028-01-08"),
    ("2028-04-10", "2028-04-22"), ("2028-07-10", "2028-08-22"), ("2028-10-23", "2028-11-04"),
    ("2028-12-21", "2029-01-05"),
]


def _ferien(first: str, last: str) -> list[dt.date]:
    return [D(first) + dt.timedelta(days=n) for n in range((D(last) - D(first)).days + 1)]


@pytest.fixture(scope="module")
def holidays_2026_to_2029():
    return nrw_holidays(range(2026, 2030))


@pytest.mark.parametrize(("first", "last"), SCHULFERIEN)
def test_the_school_holidays_of_nrw_are_known(holidays_2026_to_2029, first, last):
    for day in _ferien(first, last):
        assert "ferien" in holidays_2026_to_2029[day].casefold(), day
    assert "ferien" not in holidays_2026_to_2029.get(D(first) - dt.timedelta(days=1),
                                                      "").casefold()


def test_2028_has_no_pfingstferien_but_the_public_holidays_of_nrw(holidays_2026_to_2029):
    assert not any("Pfingstferien" in n for d, n in holidays_2026_to_2029.items()
                   if d.year == 2028)
    for day, name in (("2027-05-27", "Fronleichnam"), ("2027-11-01", "Allerheiligen"),
                      ("2027-05-17", "Pfingstmontag"), ("2027-10-03", "Tag der Deutschen")):
        assert name in holidays_2026_to_2029[D(day)]


@pytest.mark.parametrize("year", [2026, 2027, 2028])
@pytest.mark.parametrize("weekday", ["mo", "di", "mi", "do", "fr"])
@pytest.mark.parametrize("count", [1, 4, 6, 12])
def test_no_planned_day_is_a_holiday(holidays_2026_to_2029, year, weekday, count):
    network = Netzwerk(name="N", art="netzwerk", stadtweit=True)
    from netzwerk_cli.model import Registry

    plan = plan_year(Registry(netzwerke={"n": network}), "n", year, count, weekday,
                     holidays=holidays_2026_to_2029, today=dt.date(year - 1, 12, 1))
    planned = [t.date for _, t in plan.meetings]
    assert len(planned) == count
    assert all(day.year == year and day.weekday() == meetings.WEEKDAY_IDS.index(weekday)
               for day in planned)
    assert not [day for day in planned if day in holidays_2026_to_2029]


# --- planning ---------------------------------------------------------------------------------


def test_a_year_is_planned_from_the_networks_rhythm_in_rotation(registry):
    plan = plan_year(registry, "forum-boele", 2027, today=TODAY)
    assert days(plan) == ["2027-02-16", "2027-05-11", "2027-09-07", "2027-11-16"]
    # those that hosted least recently first: fz-boele (03/2026), jz-boele (06), treff (12)
    assert [t.ort_kontakt for _, t in plan.meetings] == ["fz-boele", "jz-boele", "treff",
                                                         "fz-boele"]
    assert [t.gastgeber for _, t in plan.meetings] == ["fz-boele", "jz-boele", "treff",
                                                       "fz-boele"]
    assert {(t.beginn, t.ende) for _, t in plan.meetings} == {("16:00", "18:00")}
    assert [i for i, _ in plan.meetings] == [f"forum-boele-{d}" for d in days(plan)]
    assert plan.conflicts == []
    assert plan.hints == ["Ohne Anschrift, daher nicht im Wechsel: Kita Kabel (kita-kabel)."]


def test_the_pfingstferien_and_the_summer_push_a_meeting_aside(registry):
    # The middle of May 2027 is the Tuesday of the Pfingstferien (18.05.); summer runs to 31.08.
    plan = plan_year(registry, "forum-boele", 2027, today=TODAY)
    assert "2027-05-18" not in days(plan)
    assert not any(d.startswith("2027-08") for d in days(plan))


def test_options_override_the_rhythm(registry):
    plan = plan_year(registry, "forum-boele", 2027, 2, "Donnerstag", "09:30", "11:00",
                     ["jz-boele"], today=TODAY)
    assert [(D(t.datum).weekday(), t.beginn, t.ende, t.ort_kontakt) for _, t in plan.meetings] \
        == [(3, "09:30", "11:00", "jz-boele")] * 2


def test_a_stretch_without_a_free_day_moves_the_meeting_and_says_so(registry):
    blocked = {D("2027-01-01") + dt.timedelta(days=n): "Testferien" for n in range(0, 181)}
    plan = plan_year(registry, "forum-boele", 2027, 2, holidays=blocked, today=TODAY)
    assert days(plan) == ["2027-07-06", "2027-09-28"]
    assert any("Zwischen 01.01. und 01.07. ist kein Dienstag frei" in h
               and "Di, 06.07.2027" in h for h in plan.hints)


def test_no_free_day_at_all_is_a_conflict(registry):
    blocked = {D("2027-01-01") + dt.timedelta(days=n): "Testferien" for n in range(365)}
    plan = plan_year(registry, "forum-boele", 2027, 2, holidays=blocked, today=TODAY)
    assert plan.meetings == []
    assert any("keinen freien Dienstag mehr" in c for c in plan.conflicts)


def test_planning_a_year_twice_adds_nothing(registry):
    first = plan_year(registry, "forum-boele", 2027, today=TODAY)
    add_meetings(registry, first)
    again = plan_year(registry, "forum-boele", 2027, today=TODAY)
    assert again.meetings == []
    assert any(h.startswith("Schon eingetragen: Di, 16.02.2027") for h in again.hints)


def test_the_current_year_is_planned_from_tomorrow_and_counts_what_is_there(registry):
    plan = plan_year(registry, "forum-boele", 2026, today=TODAY)
    assert plan.meetings == []  # the stretch Oct–Dec has its meeting on 08.12.
    fresh = plan_year(registry, "ak-kabel", 2026, today=TODAY)
    assert days(fresh) == ["2026-12-15"]
    assert any("3 der 4 Treffen lägen schon in der Vergangenheit" in h for h in fresh.hints)


def test_a_past_year_or_a_wrong_count_is_a_usage_error(registry):
    with pytest.raises(InputError, match="--jahr 2025 liegt in der Vergangenheit"):
        plan_year(registry, "forum-boele", 2025, today=TODAY)
    with pytest.raises(InputError, match="--anzahl 0: bitte 1 bis 52"):
        plan_year(registry, "forum-boele", 2027, 0, today=TODAY)
    with pytest.raises(InputError, match="Unbekannter Wochentag „Dientag“"):
        plan_year(registry, "forum-boele", 2027, weekday="Dientag", today=TODAY)
    with pytest.raises(InputError, match="Meinten Sie „forum-boele“"):
        plan_year(registry, "forum-bole", 2027, today=TODAY)


def test_a_venue_hosting_twice_in_a_row_is_explained(registry):
    plan = plan_year(registry, "ak-kabel", 2027, 3, today=TODAY)
    assert {t.ort_kontakt for _, t in plan.meetings} == {"treff"}
    assert plan.conflicts == [
        "Jugendtreff Beispiel (treff) (die einzige Mitgliedsorganisation mit Anschrift) richtet "
        "3-mal hintereinander aus: Di, 02.03.2027 bis Di, 09.11.2027. Einen anderen Ort setzt "
        "`netz treffen edit ID --ort-kontakt ID` (oder --ort TEXT)."]


def test_a_fixed_venue_given_on_purpose_is_no_conflict(registry):
    plan = plan_year(registry, "forum-boele", 2027, venues=["treff"], today=TODAY)
    assert {t.ort_kontakt for _, t in plan.meetings} == {"treff"}
    assert plan.conflicts == []


def test_without_a_member_organisation_with_an_address_the_place_stays_open(registry):
    del registry.mitglieder["ak-kabel"]["treff"]
    plan = plan_year(registry, "ak-kabel", 2027, today=TODAY)
    assert {(t.ort_kontakt, t.ort, t.gastgeber) for _, t in plan.meetings} == {
        ("", ORT_OFFEN, "")}
    assert any("Kein Mitglied von „Arbeitskreis Kabel“ ist eine Organisation mit Anschrift"
               in c for c in plan.conflicts)


def test_a_fixed_place_is_the_last_meetings(registry):
    registry.netzwerke["forum-boele"].orte = ""
    plan = plan_year(registry, "forum-boele", 2027, today=TODAY)
    assert {t.ort_kontakt for _, t in plan.meetings} == {"treff"}
    assert any("Ort wie beim letzten Treffen: Jugendtreff Beispiel" in h for h in plan.hints)


def test_a_venue_named_must_be_an_organisation_with_an_address(registry):
    with pytest.raises(InputError, match="„kita-kabel“ hat keine Anschrift"):
        plan_year(registry, "forum-boele", 2027, venues=["kita-kabel"], today=TODAY)
    with pytest.raises(InputError, match="„anna“ ist keine Organisation"):
        plan_year(registry, "forum-boele", 2027, venues=["anna"], today=TODAY)


def test_years_without_known_school_holidays_say_so(registry):
    plan = plan_year(registry, "forum-boele", 2031, today=TODAY)
    assert any("Die Schulferien in NRW für 2031 kennt netz noch nicht" in h for h in plan.hints)


def test_a_second_meeting_on_a_day_gets_a_number():
    assert meetings.new_treffen_id("n", D("2027-03-16"), {"n-2027-03-16"}) == "n-2027-03-16-2"
    assert meetings.new_treffen_id("n", D("2027-03-16"), set()) == "n-2027-03-16"


def test_saving_a_plan_takes_the_next_number_for_an_id_taken_meanwhile(registry):
    plan = plan_year(registry, "forum-boele", 2027, 1, today=TODAY)
    registry.treffen[plan.meetings[0][0]] = Treffen(netzwerk="forum-boele",
                                                    datum=plan.meetings[0][1].datum)
    assert add_meetings(registry, plan) == [f"{plan.meetings[0][0]}-2"]


# --- changing a meeting -----------------------------------------------------------------------


def test_a_new_day_time_or_place_raises_the_sequence(registry):
    treffen_id = "forum-boele-2026-12-08"
    edit_meeting(registry, treffen_id, {"themen": ["Jahresplanung"]})
    assert registry.treffen[treffen_id].sequenz == 0
    edit_meeting(registry, treffen_id, {"beginn": "17:00", "ende": "19:00"})
    assert registry.treffen[treffen_id].sequenz == 1
    edit_meeting(registry, treffen_id, {"ort": "Rathaus, Raum 12"})
    changed = registry.treffen[treffen_id]
    assert (changed.ort, changed.ort_kontakt, changed.sequenz) == ("Rathaus, Raum 12", "", 2)
    edit_meeting(registry, treffen_id, {"ort_kontakt": "jz-boele"})
    assert (registry.treffen[treffen_id].ort, registry.treffen[treffen_id].sequenz) == ("", 3)


def test_a_new_day_on_a_holiday_or_beside_another_meeting_is_explained(registry):
    warnings = edit_meeting(registry, "forum-boele-2026-12-08", {"datum": "2026-12-24"})
    assert warnings == ["Do, 24.12.2026 ist in NRW ein Feiertag oder Ferientag "
                        "(Weihnachtsferien)."]
    warnings = edit_meeting(registry, "forum-boele-2026-12-08", {"datum": "2026-09-15"})
    assert warnings == ["Am Di, 15.09.2026 trifft sich „forum-boele“ schon: "
                        "forum-boele-2026-09-15."]


@pytest.mark.parametrize(("values", "message"), [
    ({"ort_kontakt": "kita-kabel"}, "„kita-kabel“ hat keine Anschrift"),
    ({"gastgeber": "ana"}, "Meinten Sie „anna“?"),
    ({"gaeste": ["rat-am-rin"]}, "Meinten Sie „rat-am-ring“?"),
    ({"datum": "2026-02-30"}, "kein gültiges Datum"),
    ({"beginn": "19:00"}, "Feld „beginn“ (19:00) liegt nicht vor „ende“ (18:00)"),
    ({"notiz": "a\x1bb"}, "U+001B"),
])
def test_a_wrong_value_leaves_the_meeting_as_it_was(registry, values, message):
    before = registry.treffen["forum-boele-2026-12-08"]
    with pytest.raises(InputError, match=re.escape(message)):
        edit_meeting(registry, "forum-boele-2026-12-08", values)
    assert registry.treffen["forum-boele-2026-12-08"] is before


def test_an_unknown_meeting_is_explained(registry):
    with pytest.raises(InputError, match=re.escape(
            "Kein Treffen mit der ID „forum-boele-2026-12-09“. Meinten Sie "
            "„forum-boele-2026-12-08“?")):
        meetings.remove_meeting(registry, "forum-boele-2026-12-09")
    with pytest.raises(InputError, match="ist ein Netzwerk: seine Treffen zeigt"):
        meetings.treffen_of(registry, "forum-boele")


# --- attendance and who stays away --------------------------------------------------------------


def test_attendance_is_recorded_once_and_guests_are_named(registry):
    result = record_attendance(registry, "forum-boele-2026-09-15", ["anna", "carla", "carla"],
                               today=TODAY)
    assert (result.changed, result.unchanged) == (["carla"], ["anna"])
    assert registry.treffen["forum-boele-2026-09-15"].anwesend == ["anna", "ben", "carla"]
    assert result.hints == []
    registry.kontakte["erik"] = registry.kontakte["carla"]
    guest = record_attendance(registry, "forum-boele-2026-09-15", ["erik"], today=TODAY)
    assert guest.hints == ["Kein Mitglied von „forum-boele“ (als Gast eingetragen): Carla Probe "
                           "(erik). Als Mitglied eintragen: `netz mitglied add forum-boele "
                           "erik`."]


def test_attendance_can_be_taken_back(registry):
    result = record_attendance(registry, "forum-boele-2026-09-15", ["ben"], remove=True,
                               today=TODAY)
    assert result.changed == ["ben"]
    assert registry.treffen["forum-boele-2026-09-15"].anwesend == ["anna"]


def test_attendance_of_an_unknown_contact_names_similar_ones(registry):
    with pytest.raises(InputError, match="Ähnliche Kontakte: carla"):
        record_attendance(registry, "forum-boele-2026-09-15", ["Carla"], today=TODAY)


def test_attendance_for_a_meeting_still_ahead_is_pointed_out(registry):
    result = record_attendance(registry, "forum-boele-2026-12-08", ["anna"], today=TODAY)
    assert result.hints == ["Das Treffen ist erst am Di, 08.12.2026."]


def four_recorded_meetings(registry):
    registry.treffen["forum-boele-2025-11-11"] = Treffen(
        netzwerk="forum-boele", datum="2025-11-11", anwesend=["anna", "dora"])
    registry.treffen["forum-boele-2026-10-06"] = Treffen(
        netzwerk="forum-boele", datum="2026-10-06")  # attendance not recorded: does not count


def test_members_who_missed_the_last_four_meetings(registry):
    assert meetings.missed_members(registry, "forum-boele", TODAY) == ([], [])  # only three
    four_recorded_meetings(registry)
    missed, recorded = meetings.missed_members(registry, "forum-boele", TODAY)
    assert [i for i, _ in recorded] == ["forum-boele-2025-11-11", "forum-boele-2026-03-10",
                                        "forum-boele-2026-06-16", "forum-boele-2026-09-15"]
    # anna, ben, carla and dora came; fz-boele, jz-boele and treff through their people
    assert missed == ["kita-kabel"]


def test_a_member_who_joined_since_does_not_count_as_missing(registry):
    four_recorded_meetings(registry)
    registry.mitglieder["forum-boele"]["kita-kabel"] = Mitglied(seit="2026-01")
    assert meetings.missed_members(registry, "forum-boele", TODAY)[0] == []


# --- guests -------------------------------------------------------------------------------------


def test_offers_that_have_not_presented_yet_best_first(registry):
    found = meetings.suggest_angebote(registry, "forum-boele")
    assert [(s.id, s.themen, s.zielgruppen, s.score) for s in found] == [
        ("rat-am-ring", ["Familie", "Kinderschutz"], ["Kinder", "Familien"], 6),
        ("stadtsportbund", [], ["Kinder"], 1)]  # museum-theater presented in June


def test_topics_match_in_any_spelling_and_inside_words(registry):
    registry.netzwerke["ak-kabel"].themen = ["familienbildung", "SPORT"]
    found = {s.id: s for s in meetings.suggest_angebote(registry, "ak-kabel")}
    assert found["rat-am-ring"].themen == ["Familie"]
    assert found["stadtsportbund"].themen == ["Sport"]


# --- removing what meetings refer to --------------------------------------------------------------


def test_removing_a_network_takes_its_meetings(registry):
    assert meetings.drop_netzwerk(registry, "forum-boele") == 4
    assert registry.treffen == {}


def test_a_removed_offer_leaves_the_guest_lists(registry):
    assert meetings.drop_angebot(registry, "museum-theater") == ["forum-boele-2026-06-16"]
    assert registry.treffen["forum-boele-2026-06-16"].gaeste == []


def test_a_contact_is_loosened_from_meetings_and_a_venue_stays_as_text(registry):
    assert meetings.kontakt_uses(registry, "jz-boele") == ["forum-boele-2026-06-16 (Ort)"]
    assert meetings.kontakt_uses(registry, "anna")[:2] == ["forum-boele-2026-03-10 (Gastgeber)",
                                                          "forum-boele-2026-03-10 (anwesend)"]
    meetings.detach_kontakt(registry, "jz-boele")
    june = registry.treffen["forum-boele-2026-06-16"]
    assert (june.ort_kontakt, june.ort) == ("", "Jugendzentrum Boele, Musterstraße 2, 58099 Hagen")


def test_the_next_meeting(registry):
    assert meetings.next_meeting(registry, "forum-boele", TODAY)[0] == "forum-boele-2026-12-08"
    assert meetings.next_meeting(registry, "forum-boele", D("2026-12-09")) is None
