"""The meeting formats without the CLI: calendar file (RFC 5545), invitation draft (.eml, text,
mailto) and info-wall sheet, each parsed back with an independent reader (``icalendar``,
Python's ``email``) where one exists. tests/fixtures/treffen-formate.toml holds the data."""

from __future__ import annotations

import dataclasses
import datetime as dt
import email
import re
from email import policy
from urllib.parse import unquote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netzwerk_cli.errors import InputError
from netzwerk_cli.export import aushang, eml, ics, invitation
from netzwerk_cli.export.content_line import fold_line
from netzwerk_cli.export.meeting_facts import chosen_meetings, meeting_facts
from netzwerk_cli.export.selection import Recipient
from tests.conftest import FIXTURES, loaded

icalendar = pytest.importorskip("icalendar")

TODAY = dt.date(2026, 11, 25)
MAERZ = "netzwerk-mitte-2027-03-16"
JUNI = "netzwerk-mitte-2027-06-15"
VERGANGEN = "netzwerk-mitte-2026-09-15"
OHNE_ZEIT = "runder-tisch-2027-04-01"


@pytest.fixture(scope="module")
def registry():
    return loaded(FIXTURES / "treffen-formate.toml")


def parse_calendar(text: str):
    return icalendar.Calendar.from_ical(text)


def events_of(calendar) -> dict[str, object]:
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def unfolded(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


# --- What the formats say about a meeting --------------------------------------------------


def test_meeting_facts_resolve_venue_host_and_guests(registry):
    meeting = meeting_facts(registry, MAERZ)
    assert meeting.wann == "Di, 16.03.2027, 16–18 Uhr"
    assert meeting.ort == "Jugendzentrum Beispiel, Beispielstraße 1, 58095 Hagen"
    assert meeting.gastgeber == "Anna Beispiel, Jugendzentrum Beispiel"
    assert [(g.name, g.angebot) for g in meeting.gaeste] == [
        ("Beratungsstelle Rat am Ring", "Beratung, Prävention – für Kinder, Jugendliche")]
    assert meeting.title == "Netzwerk Mitte – Netzwerktreffen"


def test_unknown_meeting_is_a_usage_error_with_a_suggestion(registry):
    with pytest.raises(InputError, match="Meinten Sie „netzwerk-mitte-2027-03-16“"):
        meeting_facts(registry, "netzwerk-mite-2027-03-16")


def test_a_network_id_where_a_meeting_is_expected_says_how_to_find_its_meetings(registry):
    with pytest.raises(InputError, match="ist ein Netzwerk: seine Treffen zeigt `netz treffen list "
                       "netzwerk-mitte`"):
        meeting_facts(registry, "netzwerk-mitte")


def test_chosen_meetings_by_network_by_id_and_from_a_day(registry):
    ids = [m.id for m in chosen_meetings(registry, {"netzwerk-mitte"})]
    assert ids == [VERGANGEN, MAERZ, JUNI]
    assert [m.id for m in chosen_meetings(registry, {"netzwerk-mitte"}, from_day=TODAY)] == [
        MAERZ, JUNI]
    assert [m.id for m in chosen_meetings(registry, set(), [OHNE_ZEIT])] == [OHNE_ZEIT]


# --- Calendar file ----------------------------------------------------------------------------


def calendar_text(registry, netzwerke=("netzwerk-mitte", "runder-tisch"), today=TODAY) -> str:
    return ics.to_ics(chosen_meetings(registry, set(netzwerke)), today, "Netzwerktreffen")


def test_calendar_parses_with_icalendar_one_event_per_meeting(registry):
    calendar = parse_calendar(calendar_text(registry))
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == ics.PRODID
    events = events_of(calendar)
    assert sorted(events) == sorted(f"{i}@netz.invalid"
                                    for i in (MAERZ, JUNI, VERGANGEN, OHNE_ZEIT))
    march = events[f"{MAERZ}@netz.invalid"]
    assert str(march["SUMMARY"]) == "Netzwerk Mitte – Netzwerktreffen"
    assert str(march["LOCATION"]) == "Jugendzentrum Beispiel, Beispielstraße 1, 58095 Hagen"
    assert int(march["SEQUENCE"]) == 1
    description = str(march["DESCRIPTION"])
    assert "16–18 Uhr – wir hören pünktlich auf." in description
    assert "Themen:\n- Rückblick\n- Sommerfest; Planung, Aufgaben" in description
    assert ("Zu Gast:\n- Beratungsstelle Rat am Ring (Beratung, Prävention – für Kinder, "
            "Jugendliche)") in description


def test_calendar_times_are_utc_in_winter_and_in_summer_time(registry):
    events = events_of(parse_calendar(calendar_text(registry)))
    march, june = events[f"{MAERZ}@netz.invalid"], events[f"{JUNI}@netz.invalid"]
    assert march["DTSTART"].dt == dt.datetime(2027, 3, 16, 15, 0, tzinfo=dt.UTC)
    assert march["DTEND"].dt == dt.datetime(2027, 3, 16, 17, 0, tzinfo=dt.UTC)
    assert june["DTSTART"].dt == dt.datetime(2027, 6, 15, 14, 30, tzinfo=dt.UTC)
    text = calendar_text(registry)
    assert "DTSTART:20270316T150000Z\r\n" in text
    assert "VTIMEZONE" not in text and "TZID" not in text


def test_meeting_without_time_frame_is_an_all_day_entry_without_venue(registry):
    event = events_of(parse_calendar(calendar_text(registry)))[f"{OHNE_ZEIT}@netz.invalid"]
    assert event["DTSTART"].dt == dt.date(2027, 4, 1)
    assert event["DTEND"].dt == dt.date(2027, 4, 2)
    assert "LOCATION" not in event
    assert "Ort noch offen." in str(event["DESCRIPTION"])


def test_calendar_lines_end_in_crlf_and_fold_at_75_octets(registry):
    text = calendar_text(registry)
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    lines = text.split("\r\n")
    assert max(len(line.encode()) for line in lines) <= 75
    assert any(line.startswith(" ") for line in lines)  # the description was folded


def test_calendar_escapes_semicolons_and_commas_in_text(registry):
    description = next(line for line in unfolded(calendar_text(registry))
                       if line.startswith("DESCRIPTION:") and "Sommerfest" in line)
    assert "Sommerfest\\; Planung\\, Aufgaben" in description
    assert "\\n" in description


def test_calendar_leaves_out_internal_notes_attendance_and_record(registry):
    text = "".join(unfolded(calendar_text(registry)))
    assert "Schlüssel" not in text
    assert "Sommerfest besprochen" not in text
    assert "anwesend" not in text.lower()


def test_same_data_same_day_gives_the_same_file_a_later_day_only_a_later_stamp(registry):
    first = calendar_text(registry)
    assert calendar_text(registry) == first
    assert "DTSTAMP:20261125T000000Z\r\n" in first
    later = calendar_text(registry, today=dt.date(2026, 12, 1))
    assert later.replace("DTSTAMP:20261201T000000Z", "DTSTAMP:20261125T000000Z") == first


def test_the_uid_does_not_change_when_the_meeting_moves(registry):
    moved = dataclasses.replace(registry.treffen[MAERZ], datum="2027-03-23", sequenz=2)
    changed = dataclasses.replace(registry, treffen={**registry.treffen, MAERZ: moved})
    event = events_of(parse_calendar(ics.to_ics([meeting_facts(changed, MAERZ)], TODAY)))
    assert list(event) == [f"{MAERZ}@netz.invalid"]
    assert int(event[f"{MAERZ}@netz.invalid"]["SEQUENCE"]) == 2


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=300))
def test_folding_keeps_every_character_and_every_line_within_75_octets(value):
    line = "DESCRIPTION:" + ics.escape_text(value)
    folded = fold_line(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


def test_folding_never_splits_a_utf8_sequence():
    line = "SUMMARY:" + "ü" * 100
    for part in fold_line(line).split("\r\n"):
        part.encode().decode("utf-8")  # every piece is valid UTF-8 by itself
        assert len(part.encode()) <= 75


# --- Invitation as .eml -----------------------------------------------------------------------


def parsed(draft: eml.Draft):
    return email.message_from_bytes(eml.to_eml(draft), policy=policy.default)


def test_invitation_eml_opens_as_draft_to_the_coordinator_with_the_list_in_bcc(registry):
    result = invitation.invitation(registry, MAERZ, TODAY)
    message = parsed(result.draft)
    assert message["X-Unsent"] == "1"
    assert [a.addr_spec for a in message["To"].addresses] == ["anna@example.org"]
    assert message["To"].addresses[0].display_name == "Anna Beispiel"
    assert sorted(a.addr_spec for a in message["Bcc"].addresses) == [
        "bert@kita-sonnenschein.example", "info@juz.example", "keller@example.org"]
    assert message["Subject"] == "Einladung: Netzwerk Mitte am Di, 16.03.2027, 16–18 Uhr"
    assert "From" not in message and "Date" not in message
    assert result.to_from == "koordination"
    assert [k.id for k in result.without_email] == ["carla"]


def test_display_name_with_comma_and_umlaut_survives_the_header(registry):
    message = parsed(invitation.invitation(registry, MAERZ, TODAY).draft)
    names = {a.addr_spec: a.display_name for a in message["Bcc"].addresses}
    assert names["bert@kita-sonnenschein.example"] == "Bert Müller, Jr."


def test_invitation_text_has_date_time_venue_agenda_guests_and_info_wall(registry):
    message = parsed(invitation.invitation(registry, MAERZ, TODAY).draft)
    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert "Wann: Di, 16.03.2027, 16–18 Uhr – wir hören pünktlich auf" in text
    assert "Wo:   Jugendzentrum Beispiel, Beispielstraße 1, 58095 Hagen" in text
    assert "Gastgeber: Anna Beispiel, Jugendzentrum Beispiel" in text
    assert "- Rückblick\n- Sommerfest; Planung, Aufgaben" in text
    assert ("- Beratungsstelle Rat am Ring (Beratung, Prävention – für Kinder, Jugendliche)"
            in text)
    assert "- Wer ist da? (Name & Einrichtung)\n- Was kann ich bieten?\n- Was suche ich?" in text
    assert "im Anhang (netzwerk-mitte-2027-03-16.ics)" in text
    assert text.rstrip().endswith("Viele Grüße\nAnna Beispiel")
    assert "Schlüssel" not in text


def test_invitation_attaches_the_meetings_calendar_entry_with_matching_method(registry):
    message = parsed(invitation.invitation(registry, MAERZ, TODAY).draft)
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_filename() == "netzwerk-mitte-2027-03-16.ics"
    assert attachment.get_param("method") == "PUBLISH"
    calendar = parse_calendar(attachment.get_content())
    assert str(calendar["METHOD"]) == attachment.get_param("method")
    assert list(events_of(calendar)) == [f"{MAERZ}@netz.invalid"]


def test_eml_lines_end_in_crlf(registry):
    data = eml.to_eml(invitation.invitation(registry, MAERZ, TODAY).draft)
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert b"\r\nX-Unsent: 1\r\n" in data
    assert data.isascii()


def test_without_coordinators_the_invitation_goes_to_the_ansprechpartner(registry):
    members = {**registry.mitglieder["netzwerk-mitte"]}
    members["anna"] = dataclasses.replace(members["anna"], rolle="")
    changed = dataclasses.replace(registry, mitglieder={"netzwerk-mitte": members})
    result = invitation.invitation(changed, MAERZ, TODAY)
    assert [r.email for r in result.draft.to] == ["keller@example.org"]
    assert result.to_from == "ansprechpartner"
    assert "anna@example.org" in [r.email for r in result.draft.bcc]


def test_without_any_address_the_invitation_has_no_recipients_and_says_so(registry):
    result = invitation.invitation(registry, OHNE_ZEIT, TODAY)
    assert result.to_from == ""
    assert list(result.draft.to) == [] and list(result.draft.bcc) == []
    message = parsed(result.draft)
    assert "To" not in message and message["X-Unsent"] == "1"
    assert result.draft.subject == "Einladung: Runder Tisch Wehringhausen am Do, 01.04.2027"


def test_text_format_names_the_fields_and_has_no_attachment_sentence(registry):
    result = invitation.invitation(registry, MAERZ, TODAY, with_attachment=False)
    text = eml.to_text(result.draft)
    assert text.startswith("An: Anna Beispiel <anna@example.org>\nBcc: "
                           '"Bert Müller, Jr." <bert@kita-sonnenschein.example>; ')
    assert "\nBetreff: Einladung: Netzwerk Mitte am Di, 16.03.2027, 16–18 Uhr\n\n" in text
    assert "Anhang" not in text


def test_mailto_link_is_percent_encoded_with_subject_text_and_bcc(registry):
    result = invitation.invitation(registry, MAERZ, TODAY, with_attachment=False)
    links = eml.to_mailto(result.draft)
    [link] = links.links
    assert not links.without_text
    assert link.startswith("mailto:anna@example.org?subject=Einladung%3A%20Netzwerk%20Mitte")
    assert " " not in link and "\n" not in link and link.isascii()
    query = dict(part.split("=", 1) for part in link.split("?", 1)[1].split("&"))
    assert unquote(query["subject"]) == result.draft.subject
    assert unquote(query["body"]).replace("\r\n", "\n") == result.draft.text
    assert unquote(query["bcc"]).split(",") == [
        "bert@kita-sonnenschein.example", "info@juz.example", "keller@example.org"]


def _people(count: int) -> list[Recipient]:
    return [Recipient(f"person{i:03d}@einrichtung-{i:03d}.example", f"Person {i}", "", ())
            for i in range(count)]


def test_mailto_splits_a_long_list_into_links_under_1900_characters():
    draft = eml.Draft("Einladung", "Kurzer Text", to=_people(1), bcc=_people(300)[1:])
    links = eml.to_mailto(draft)
    assert len(links.links) > 1
    assert all(len(link) <= 1900 for link in links.links)
    spread = [a for link in links.links for a in unquote(link.split("bcc=")[1]).split(",")]
    assert spread == [r.email for r in draft.bcc]
    assert all("body=Kurzer%20Text" in link for link in links.links)


def test_mailto_leaves_out_a_text_too_long_for_a_link():
    draft = eml.Draft("Einladung", "Ü" * 1000, to=_people(1), bcc=_people(3)[1:])
    links = eml.to_mailto(draft)
    assert links.without_text
    assert all("body=" not in link and len(link) <= 1900 for link in links.links)


def test_an_address_with_umlauts_in_the_domain_is_written_in_its_ascii_form():
    draft = eml.Draft("Test", "Text", to=[Recipient("info@kita-müller.de", "Kita", "", ())])
    message = parsed(draft)
    assert message["To"].addresses[0].addr_spec == "info@xn--kita-mller-feb.de"
    assert eml.to_mailto(draft).links[0].startswith("mailto:info@xn--kita-mller-feb.de?")


def test_an_address_with_umlauts_before_the_at_makes_the_message_utf8():
    draft = eml.Draft("Test", "Text", to=[Recipient("jörg@example.org", "Jörg", "", ())])
    data = eml.to_eml(draft)
    assert "To: Jörg <jörg@example.org>\r\n".encode() in data
    assert b"\r\nX-Unsent: 1\r\n" in data


# --- Info-wall sheet --------------------------------------------------------------------------


def test_sheet_has_network_day_venue_and_the_three_columns(registry):
    page = aushang.to_html(aushang.sheet(registry, MAERZ))
    assert "<h1>Netzwerk Mitte – Netzwerktreffen</h1>" in page
    assert "Di, 16.03.2027, 16–18 Uhr" in page
    assert "Jugendzentrum Beispiel, Beispielstraße 1, 58095 Hagen" in page
    headings = re.findall(r'<th scope="col">(.*?)</th>', page)
    assert headings == ["Wer ist da? (Name &amp; Einrichtung)", "Was kann ich bieten?",
                        "Was suche ich?"]
    assert "@page { size: A4;" in page


def test_sheet_lists_the_members_by_name_with_their_organisation_then_empty_rows(registry):
    data = aushang.sheet(registry, MAERZ)
    assert [tuple(row) for row in data.rows] == [
        ("Anna Beispiel", "Jugendzentrum Beispiel"),
        ("Bert Müller, Jr.", "Kita Sonnenschein <b>"),
        ("Carla Ohnemail", "Familienzentrum Mitte"),
        ("", "Jugendzentrum Beispiel"),
    ]
    assert data.empty_rows == aushang.ROWS_ON_FIRST_PAGE - 4
    page = aushang.to_html(data)
    assert page.count('<tr class="leer">') == data.empty_rows
    assert "Kita Sonnenschein &lt;b&gt;" in page and "<b>" not in page


def test_sheet_takes_a_number_of_empty_rows_and_keeps_some_for_newcomers(registry):
    assert aushang.sheet(registry, MAERZ, empty_rows=2).empty_rows == 2
    members = {f"m{i}": dataclasses.replace(registry.mitglieder["netzwerk-mitte"]["bert"])
               for i in range(20)}
    kontakte = {**registry.kontakte,
                **{f"m{i}": dataclasses.replace(registry.kontakte["bert"], name=f"M {i:02d}")
                   for i in range(20)}}
    big = dataclasses.replace(registry, kontakte=kontakte, mitglieder={"netzwerk-mitte": members})
    assert aushang.sheet(big, MAERZ).empty_rows == aushang.MIN_EMPTY_ROWS


def test_sheet_without_venue_says_it_is_still_open(registry):
    page = aushang.to_html(aushang.sheet(registry, OHNE_ZEIT))
    assert "Ort noch offen" in page
    assert "Do, 01.04.2027" in page


def test_a_place_still_open_as_the_planner_writes_it_is_no_location(registry):
    from netzwerk_cli.meetings import ORT_OFFEN

    planned = dataclasses.replace(registry.treffen[JUNI], ort=ORT_OFFEN)
    changed = dataclasses.replace(registry, treffen={**registry.treffen, JUNI: planned})
    meeting = meeting_facts(changed, JUNI)
    assert meeting.ort == "" and meeting.wo == "Ort noch offen"
    event = events_of(parse_calendar(ics.to_ics([meeting], TODAY)))[f"{JUNI}@netz.invalid"]
    assert "LOCATION" not in event
    assert "Ort noch offen." in str(event["DESCRIPTION"])
