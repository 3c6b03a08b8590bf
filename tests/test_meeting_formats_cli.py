"""``netz treffen ics``, ``netz treffen einladung`` and ``netz treffen aushang`` as a
coordinator runs them: through the CliRunner, and the main paths through the installed
``netz`` in a subprocess. The files are parsed back with ``icalendar`` and Python's ``email``."""

from __future__ import annotations

import email
import os
import subprocess
import sys
from email import policy
from pathlib import Path

import pytest

from tests.conftest import FIXTURES

icalendar = pytest.importorskip("icalendar")

NETZ = Path(sys.executable).with_name("netz")
MAERZ = "netzwerk-mitte-2027-03-16"


@pytest.fixture
def meetings_file(monkeypatch) -> Path:
    """The meetings fixture, in use through NETZ_REGISTRY (the formats only read it)."""
    path = FIXTURES / "treffen-formate.toml"
    monkeypatch.setenv("NETZ_REGISTRY", str(path))
    return path


def uids(calendar_bytes: bytes) -> list[str]:
    calendar = icalendar.Calendar.from_ical(calendar_bytes)
    return [str(event["UID"]).removesuffix("@netz.invalid") for event in calendar.walk("VEVENT")]


# --- netz treffen ics -------------------------------------------------------------------------


def test_ics_writes_the_networks_meetings_to_a_file_and_says_so(netz, meetings_file, tmp_path):
    target = tmp_path / "termine.ics"
    result = netz("treffen", "ics", "netzwerk-mitte", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert uids(target.read_bytes()) == ["netzwerk-mitte-2026-09-15", MAERZ,
                                         "netzwerk-mitte-2027-06-15"]
    assert f"3 Treffen aus 1 Netzwerk exportiert nach {target}." in result.stderr
    assert result.stdout == ""


def test_ics_kommende_leaves_out_past_meetings(netz, meetings_file):
    result = netz("treffen", "ics", "netzwerk-mitte", "--kommende")
    assert result.exit_code == 0, result.output
    assert uids(result.stdout_bytes) == [MAERZ, "netzwerk-mitte-2027-06-15"]
    assert "2 Treffen ab Mi, 25.11.2026 aus 1 Netzwerk exportiert." in result.stderr


def test_ics_without_arguments_takes_every_network_and_the_filters_choose(netz, meetings_file):
    everything = netz("treffen", "ics")
    assert len(uids(everything.stdout_bytes)) == 4
    by_topic = netz("treffen", "ics", "--thema", "Vernetzung")
    assert by_topic.exit_code == 0, by_topic.output
    assert all(u.startswith("netzwerk-mitte-") for u in uids(by_topic.stdout_bytes))


def test_ics_takes_a_meeting_id_for_one_meeting(netz, meetings_file):
    result = netz("treffen", "ics", MAERZ)
    assert result.exit_code == 0, result.output
    assert uids(result.stdout_bytes) == [MAERZ]


def test_ics_unknown_id_is_a_usage_error_with_a_suggestion(netz, meetings_file):
    result = netz("treffen", "ics", "netzwerk-mite")
    assert result.exit_code == 2
    assert "Meinten Sie „netzwerk-mitte“?" in result.stderr
    assert "Traceback" not in result.output


def test_ics_without_meetings_writes_nothing_and_exits_1(netz, meetings_file, tmp_path):
    target = tmp_path / "leer.ics"
    result = netz("treffen", "ics", "runder-tisch", "--kommende", "-o", str(target),
                  env={"NETZ_HEUTE": "2028-01-01"})
    assert result.exit_code == 1
    assert "Keine Treffen in dieser Auswahl; nichts geschrieben." in result.stderr
    assert not target.exists()


def test_ics_does_not_overwrite_a_file_without_force(netz, meetings_file, tmp_path):
    target = tmp_path / "termine.ics"
    target.write_text("alt", encoding="utf-8")
    result = netz("treffen", "ics", "-o", str(target))
    assert result.exit_code == 2
    assert "--force" in result.stderr
    assert netz("treffen", "ics", "-o", str(target), "--force").exit_code == 0
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")


# --- netz treffen einladung -------------------------------------------------------------------


def test_einladung_writes_an_eml_draft_and_names_members_without_address(netz, meetings_file,
                                                                         tmp_path):
    target = tmp_path / "einladung.eml"
    result = netz("treffen", "einladung", MAERZ, "-o", str(target))
    assert result.exit_code == 0, result.output
    message = email.message_from_bytes(target.read_bytes(), policy=policy.default)
    assert message["X-Unsent"] == "1"
    assert message["To"].addresses[0].addr_spec == "anna@example.org"
    assert len(message["Bcc"].addresses) == 3
    assert message["Subject"] == "Einladung: Netzwerk Mitte am Di, 16.03.2027, 16–18 Uhr"
    [attachment] = message.iter_attachments()
    assert attachment.get_param("method") == "PUBLISH"
    assert "Ohne E-Mail-Adresse: Carla Ohnemail (carla)" in result.stderr
    assert f"Einladung als Entwurf nach {target} geschrieben" in result.stderr
    assert "An: 1 Adresse (Koordination), Bcc: 3 Adressen" in result.stderr


def test_einladung_text_format_goes_to_stdout_ready_to_paste(netz, meetings_file):
    result = netz("treffen", "einladung", MAERZ, "--format", "text")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("An: Anna Beispiel <anna@example.org>\nBcc: ")
    assert "Wann: Di, 16.03.2027, 16–18 Uhr – wir hören pünktlich auf" in result.stdout
    assert "Anhang" not in result.stdout
    assert "netz treffen ics netzwerk-mitte-2027-03-16" in result.stderr


def test_einladung_mailto_gives_percent_encoded_links(netz, meetings_file):
    result = netz("treffen", "einladung", MAERZ, "--format", "mailto")
    assert result.exit_code == 0, result.output
    [link] = result.stdout.splitlines()
    assert link.startswith("mailto:anna@example.org?subject=Einladung%3A%20Netzwerk%20Mitte")
    assert link.isascii() and len(link) <= 1900


def test_einladung_without_any_address_still_writes_the_draft_and_says_so(netz, meetings_file,
                                                                          tmp_path):
    target = tmp_path / "einladung.eml"
    result = netz("treffen", "einladung", "runder-tisch-2027-04-01", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert target.is_file()
    assert ("Niemand in „Runder Tisch Wehringhausen“ hat eine E-Mail-Adresse: weder die "
            "Koordination noch die Ansprechpartner noch ein Mitglied. Der Entwurf hat keine "
            "Empfänger; bitte selbst eintragen.") in result.stderr


def test_einladung_unknown_format_is_a_usage_error(netz, meetings_file):
    result = netz("treffen", "einladung", MAERZ, "--format", "pdf")
    assert result.exit_code == 2
    assert "Unbekanntes Format „pdf“. Gültig: eml, text, mailto." in result.stderr


def test_einladung_unknown_meeting_is_a_usage_error(netz, meetings_file):
    result = netz("treffen", "einladung", "netzwerk-mitte")
    assert result.exit_code == 2
    assert "ist ein Netzwerk" in result.stderr


# --- netz treffen aushang ---------------------------------------------------------------------


def test_aushang_writes_the_sheet_and_help_says_it_holds_personal_data(netz, meetings_file,
                                                                       tmp_path):
    target = tmp_path / "aushang.html"
    result = netz("treffen", "aushang", MAERZ, "-o", str(target))
    assert result.exit_code == 0, result.output
    page = target.read_text("utf-8")
    assert "Was kann ich bieten?" in page and "Anna Beispiel" in page
    assert ("Aushang für Netzwerk Mitte am Di, 16.03.2027, 16–18 Uhr mit 4 Mitgliedern und 8 "
            "freien Zeilen geschrieben") in result.stderr
    help_text = netz("treffen", "aushang", "--help").stdout
    assert "personenbezogen" in help_text


def test_aushang_leerzeilen_sets_the_empty_rows(netz, meetings_file):
    result = netz("treffen", "aushang", MAERZ, "--leerzeilen", "2")
    assert result.exit_code == 0, result.output
    assert result.stdout.count('<tr class="leer">') == 2


@pytest.mark.parametrize("command", ["ics", "einladung", "aushang"])
def test_help_of_each_format_command_is_german(netz, command):
    result = netz("treffen", command, "--help")
    assert result.exit_code == 0
    assert "Optionen" in result.stdout or "Argumente" in result.stdout


# --- the installed netz -----------------------------------------------------------------------


def run_netz(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([str(NETZ), *args], capture_output=True, env=env, timeout=60,
                          check=False)


def test_installed_netz_writes_calendar_invitation_and_sheet(tmp_path):
    env = {**os.environ, "NETZ_REGISTRY": str(FIXTURES / "treffen-formate.toml"),
           "NETZ_HEUTE": "2026-11-25", "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "HOME": str(tmp_path)}
    calendar = run_netz("treffen", "ics", "--kommende", env=env)
    assert calendar.returncode == 0, calendar.stderr
    assert uids(calendar.stdout) == [MAERZ, "runder-tisch-2027-04-01",
                                     "netzwerk-mitte-2027-06-15"]
    draft = run_netz("treffen", "einladung", MAERZ, "-o", str(tmp_path / "e.eml"), env=env)
    assert draft.returncode == 0, draft.stderr
    assert b"\r\nX-Unsent: 1\r\n" in (tmp_path / "e.eml").read_bytes()
    sheet = run_netz("treffen", "aushang", MAERZ, env=env)
    assert sheet.returncode == 0, sheet.stderr
    assert b"<h1>Netzwerk Mitte \xe2\x80\x93 Netzwerktreffen</h1>" in sheet.stdout
