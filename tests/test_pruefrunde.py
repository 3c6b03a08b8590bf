"""The yearly check round, `netz faellig --anschreiben`: one draft per Ansprechpartner of the
due entries, showing those entries exactly as the published list shows them, and the list of
whom to call instead. tests/fixtures/pruefrunde.toml holds the data (the tests run on
2026-11-25, set in conftest)."""

from __future__ import annotations

import datetime as dt
import email
import json
import os
import stat
import subprocess
import sys
from email import policy
from pathlib import Path

import pytest

from netzwerk_cli.check import check_round, due_entries
from netzwerk_cli.export import pruefrunde
from netzwerk_cli.export.html import published_entry
from netzwerk_cli.export.selection import exportable
from tests.conftest import FIXTURES, loaded

TODAY = dt.date(2026, 11, 25)
FIXTURE = FIXTURES / "pruefrunde.toml"
NETZ = Path(sys.executable).with_name("netz")

# What only the registry knows and no published list shows.
PRIVATE = ["0171 1234567", "Privat: nicht veröffentlichen", "Interne Notiz",
           "nur dienstags", "Carla Mitglied", "carla@example.org"]


@pytest.fixture
def registry():
    return exportable(loaded(FIXTURE))


@pytest.fixture
def plan(registry):
    return check_round(registry, due_entries(registry, TODAY))


def parsed(data: bytes):
    return email.message_from_bytes(data, policy=policy.default)


# --- Who is asked about what (core) ----------------------------------------------------------


def test_round_asks_each_ansprechpartner_about_their_due_entries_only(plan):
    asked = {r.kontakt_ids: r.entry_ids for r in plan.requests}
    # The same address under two ids is one letter; ak-kabel (checked in June) is not in it.
    assert asked[("anna", "anna-zweit")] == ("forum-boele", "runder-tisch-vorhalle",
                                             "hasper-runde")
    assert asked[("paula",)] == ("forum-boele",)
    assert asked[("bezirksjugendpflege-haspe",)] == ("hasper-runde",)
    assert asked[("musikschule",)] == ("musikschule",)
    assert plan.without_kontakt == ["ohne-kontakt"]


def test_round_separates_whom_to_mail_from_whom_to_call(plan):
    assert [r.email for r in plan.with_email] == ["anna@example.org", "paula@example.org"]
    without = {r.kontakt_ids[0]: r for r in plan.without_email}
    assert set(without) == {"bezirksjugendpflege-haspe", "musikschule"}
    assert without["musikschule"].kontakt.telefon == "02331 207-3000"
    assert without["musikschule"].reason == "keine E-Mail-Adresse"


def test_round_with_filters_asks_only_about_the_chosen_networks(registry):
    from netzwerk_cli.query import Criteria

    due = due_entries(registry, TODAY, criteria=Criteria(bezirke=["Haspe"]))
    plan = check_round(registry, due)
    assert [(r.kontakt_ids, r.entry_ids) for r in plan.requests] == [
        (("anna",), ("hasper-runde",)),
        (("bezirksjugendpflege-haspe",), ("hasper-runde",))]


def test_an_invalid_address_is_a_call_not_a_broken_header(registry):
    import dataclasses

    hostile = dataclasses.replace(registry.kontakte["paula"],
                                  email="paula@example.org Bcc: evil@example.org")
    registry.kontakte["paula"] = hostile
    plan = check_round(registry, due_entries(registry, TODAY))
    paula = next(r for r in plan.requests if r.kontakt_ids == ("paula",))
    assert paula.email == "" and paula.reason == "E-Mail-Adresse ungültig"
    assert paula in plan.without_email


# --- The letter (core) ----------------------------------------------------------------------


def test_letter_shows_each_entry_exactly_as_the_published_list(registry, plan):
    anna = plan.with_email[0]
    # Long lines are wrapped (at most 76 characters); the values are compared unwrapped.
    text = " ".join(line.strip() for line in pruefrunde.letter(registry, anna).text.splitlines())
    shown = {"name", "art", "gebiet", "themen", "zielgruppen", "treffen", "webseite", "notiz",
             "kontakte", "mitglieder", "mitglieder_organisationen", "stand", "arbeitsweise",
             "abgeleitet", "stand_text"}
    # What the page uses for links, filters and search, not as text of its own.
    not_shown = {"id", "webseite_text", "bezirke", "suchtext"}
    for entry_id in anna.entry_ids:
        item = published_entry(registry, entry_id, registry.entry(entry_id))
        # A field the page gains must be decided on for the letters too.
        assert set(item) <= shown | not_shown, set(item) - shown - not_shown
        for field, value in item.items():
            if field == "kontakte":
                for kontakt in value:
                    for part in ("name", "funktion", "organisation", "adresse", "telefon",
                                 "email"):
                        assert kontakt[part] in text, (entry_id, part)
            elif field == "abgeleitet":
                for label, reason in value.items():
                    assert f"- {label}: {reason}" in text, (entry_id, label)
            elif field in shown:
                for part in value if isinstance(value, list) else [value]:
                    assert str(part) in text, (entry_id, field)
    assert "Themen: Familie, Freizeit" in text
    assert "Webseite: https://forum-boele.example.org" in text
    assert "Mitglieder: 1 Mitglied" in text


def test_letter_asks_to_check_what_was_derived_not_quoted():
    # The shipped Stadtbezirkskonferenz Haspe: name, area and contact are netz's inference
    # from one source line; the person asked is the one who can confirm them.
    from netzwerk_cli.registry import embedded_registry

    hagen = exportable(loaded(embedded_registry()))
    plan = check_round(hagen, due_entries(hagen, TODAY))
    request = next(r for r in plan.requests if "stadtbezirkskonferenz-haspe" in r.entry_ids)
    text = pruefrunde.letter(hagen, request).text
    assert "Stadtbezirkskonferenz Haspe (abgeleitet)" in text
    assert "Abgeleitet, nicht wörtlich aus der Quelle – bitte besonders prüfen:" in text
    assert "- Gebiet: " in text


def test_letter_names_the_last_check_and_how_it_is_recorded(registry, plan):
    text = pruefrunde.letter(registry, plan.with_email[0]).text
    assert "Stand: 2024-03" in text
    assert "Bitte antworten Sie kurz auf diese E-Mail" in text
    assert "netz verify forum-boele runder-tisch-vorhalle hasper-runde" in text
    musik = next(r for r in plan.requests if r.kontakt_ids == ("musikschule",))
    assert "Stand: noch nie geprüft" in pruefrunde.letter(registry, musik).text


def test_letters_never_show_private_data_of_others(registry, plan):
    for request in plan.requests:
        text = pruefrunde.letter(registry, request).text
        eml_text = parsed(pruefrunde.to_eml(pruefrunde.letter(registry, request)))
        for secret in PRIVATE:
            assert secret not in text, (request.kontakt_ids, secret)
            assert secret not in str(eml_text.get_body().get_content())
    anna = pruefrunde.letter(registry, plan.with_email[0]).text
    assert "Paula" not in anna


def test_a_private_ansprechpartner_is_told_that_they_are_not_published(registry, plan):
    paula = next(r for r in plan.requests if r.kontakt_ids == ("paula",))
    text = pruefrunde.letter(registry, paula).text
    assert text.startswith("Guten Tag Paula Privat,")
    assert "Ihre eigenen Kontaktdaten stehen nicht in der veröffentlichten Liste" in text
    assert "0171 1234567" not in text  # not even her own: the letter shows the published list


def test_eml_is_an_unsent_draft_to_the_contact(registry, plan):
    letter = pruefrunde.letter(registry, plan.with_email[0])
    data = pruefrunde.to_eml(letter)
    message = parsed(data)
    assert message["X-Unsent"] == "1"
    assert message["To"] == "Anna Beispiel <anna@example.org>"
    assert message["Subject"] == ("Bitte prüfen: Ihre Einträge im Verzeichnis "
                                  "„Sozialraum-Netzwerke in Hagen“")
    assert "Bcc" not in message and "From" not in message
    assert b"\r\nX-Unsent: 1\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    assert "Stadtteilforum Boele" in message.get_body().get_content()


def test_hostile_names_cannot_add_headers(registry, plan):
    import dataclasses

    registry.kontakte["anna"] = dataclasses.replace(
        registry.kontakte["anna"], name="Anna\r\nBcc: evil@example.org")
    registry.netzwerke["forum-boele"] = dataclasses.replace(
        registry.netzwerke["forum-boele"], name="Forum\nBcc: evil@example.org")
    registry.titel = "Liste\r\nBcc: evil@example.org"
    registry = exportable(registry)
    request = check_round(registry, due_entries(registry, TODAY)).with_email[0]
    message = parsed(pruefrunde.to_eml(pruefrunde.letter(registry, request)))
    assert "Bcc" not in message
    assert set(message.keys()) == {"To", "Subject", "X-Unsent", "Content-Type",
                                   "Content-Transfer-Encoding", "MIME-Version"}
    assert message["To"].addresses[0].addr_spec == "anna@example.org"


@pytest.mark.parametrize("kontakt_id", ["anna", "../../etc/passwd", "a/b", ".hidden", ""])
def test_file_names_stay_inside_the_folder(kontakt_id):
    name = pruefrunde.file_name(kontakt_id, ".eml")
    assert "/" not in name and "\\" not in name and not name.startswith(".")
    assert name.endswith(".eml") and len(name) > len(".eml")


def test_text_letter_without_email_names_phone_and_address(registry, plan):
    musik = next(r for r in plan.requests if r.kontakt_ids == ("musikschule",))
    text = pruefrunde.to_text(pruefrunde.letter(registry, musik))
    assert text.splitlines()[0] == "An: Max-Reger-Musikschule, Tel. 02331 207-3000"
    assert "Bitte geben Sie uns kurz Bescheid" in text
    assert "auf diese E-Mail" not in text


# --- The command (CliRunner) ------------------------------------------------------------------


@pytest.fixture
def in_use(monkeypatch, tmp_path):
    path = tmp_path / "networks.toml"
    path.write_bytes(FIXTURE.read_bytes())
    path.chmod(0o600)
    monkeypatch.setenv("NETZ_REGISTRY", str(path))
    return path


def test_anschreiben_writes_one_draft_per_address_and_lists_whom_to_call(netz, in_use,
                                                                          tmp_path):
    folder = tmp_path / "runde"
    result = netz("faellig", "--anschreiben", "-o", str(folder))
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["anna.eml", "paula.eml"]
    message = parsed((folder / "anna.eml").read_bytes())
    assert message["X-Unsent"] == "1"
    assert stat.S_IMODE((folder / "anna.eml").stat().st_mode) & 0o077 == 0  # like the registry
    assert f"2 E-Mail-Entwürfe nach {folder} geschrieben" in result.stderr
    assert ("Ohne E-Mail-Adresse (2) – bitte anrufen oder per Post anschreiben:"
            in result.stderr)
    assert ("  Max-Reger-Musikschule, Tel. 02331 207-3000 – Musikschule (musikschule)"
            in result.stderr)
    assert ("  Bezirksjugendpflege Haspe, Stadt Hagen, Fachbereich Jugend & Soziales, kein "
            "Telefon eingetragen – Hasper Runde (hasper-runde)" in result.stderr)
    assert "Ohne Ansprechpartner: Netzwerk ohne Kontakt (ohne-kontakt)" in result.stderr
    assert "netz verify" in result.stderr
    lines = [line.split("\t") for line in result.stdout.splitlines()]
    assert lines[0] == ["anna.eml", "Anna Beispiel", "anna@example.org",
                        "forum-boele, runder-tisch-vorhalle, hasper-runde"]
    assert lines[2] == ["–", "Bezirksjugendpflege Haspe", "", "hasper-runde"]


def test_anschreiben_refuses_to_overwrite_unless_forced(netz, in_use, tmp_path):
    folder = tmp_path / "runde"
    folder.mkdir()
    (folder / "paula.eml").write_text("alt")
    result = netz("faellig", "--anschreiben", "-o", str(folder))
    assert result.exit_code == 2
    assert "paula.eml gibt es schon. Mit --force überschreiben." in result.stderr
    assert not (folder / "anna.eml").exists()  # nothing half-written
    assert netz("faellig", "--anschreiben", "-o", str(folder), "--force").exit_code == 0
    assert parsed((folder / "paula.eml").read_bytes())["X-Unsent"] == "1"


def test_anschreiben_dry_run_writes_nothing(netz, in_use, tmp_path):
    folder = tmp_path / "runde"
    result = netz("faellig", "--anschreiben", "-o", str(folder), "--dry-run")
    assert result.exit_code == 0
    assert not folder.exists()
    assert "anna.eml" in result.stdout
    assert "Probelauf: nichts geschrieben." in result.stderr


def test_anschreiben_as_text_files_includes_those_without_email(netz, in_use, tmp_path):
    folder = tmp_path / "runde"
    result = netz("faellig", "--anschreiben", "--format", "text", "-o", str(folder))
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in folder.iterdir()) == [
        "anna.txt", "bezirksjugendpflege-haspe.txt", "musikschule.txt", "paula.txt"]
    assert (folder / "anna.txt").read_text("utf-8").startswith(
        "An: Anna Beispiel <anna@example.org>\nBetreff: Bitte prüfen:")


def test_anschreiben_as_text_without_folder_goes_to_stdout(netz, in_use):
    result = netz("faellig", "--anschreiben", "--format", "text")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("Betreff: Bitte prüfen:") == 4
    assert "Max-Reger-Musikschule" in result.stdout


def test_anschreiben_eml_needs_a_folder(netz, in_use):
    result = netz("faellig", "--anschreiben")
    assert result.exit_code == 2
    assert "-o ORDNER" in result.stderr
    assert "Traceback" not in result.stderr


def test_anschreiben_json_gives_the_plan(netz, in_use, tmp_path):
    result = netz("faellig", "--anschreiben", "--json", "-o", str(tmp_path / "r"), "--dry-run")
    data = json.loads(result.stdout)
    assert data["format"] == "eml" and data["probelauf"] is True
    assert data["entwuerfe"][0] == {
        "datei": "anna.eml", "kontakte": ["anna", "anna-zweit"], "name": "Anna Beispiel",
        "organisation": "Familienzentrum Boele", "email": "anna@example.org",
        "telefon": "02331 207-3608",
        "eintraege": ["forum-boele", "runder-tisch-vorhalle", "hasper-runde"]}
    assert [o["kontakte"] for o in data["ohne_email"]] == [["bezirksjugendpflege-haspe"],
                                                          ["musikschule"]]
    assert data["ohne_email"][1]["grund"] == "keine E-Mail-Adresse"
    assert data["ohne_ansprechpartner"] == ["ohne-kontakt"]


def test_anschreiben_with_filters(netz, in_use, tmp_path):
    folder = tmp_path / "runde"
    result = netz("faellig", "--anschreiben", "--bezirk", "Haspe", "-o", str(folder))
    assert result.exit_code == 0, result.stderr
    assert [p.name for p in folder.iterdir()] == ["anna.eml"]
    body = parsed((folder / "anna.eml").read_bytes()).get_body().get_content()
    assert "Hasper Runde" in body and "Stadtteilforum Boele" not in body


def test_anschreiben_nothing_due_is_exit_1_and_writes_nothing(netz, in_use, tmp_path):
    folder = tmp_path / "runde"
    result = netz("faellig", "--anschreiben", "--bezirk", "Haspe", "--max-alter", "200", "-o",
                  str(folder))
    assert result.exit_code == 1
    assert "Nichts fällig" in result.stderr
    assert not folder.exists()


@pytest.mark.parametrize(("args", "message"), [
    (["--format", "eml"], "gilt nur mit --anschreiben"),
    (["--anschreiben", "--format", "verteiler"], "Gültig mit --anschreiben: eml, text"),
    (["-o", "runde"], "-o gilt nur mit --anschreiben"),
])
def test_anschreiben_usage_errors(netz, in_use, args, message):
    result = netz("faellig", *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_anschreiben_to_a_folder_that_is_a_file_is_a_german_error(netz, in_use, tmp_path):
    target = tmp_path / "datei"
    target.write_text("x")
    result = netz("faellig", "--anschreiben", "-o", str(target))
    assert result.exit_code != 0
    assert "kein Ordner" in result.stderr
    assert "Traceback" not in result.stderr


def test_faellig_help_mentions_the_round_and_verify(netz):
    result = netz("faellig", "--help")
    assert "--anschreiben" in result.stdout
    assert "netz verify" in result.stdout


def test_anschreiben_on_the_hagen_data(netz, hagen_in_use, tmp_path):
    folder = tmp_path / "runde"
    result = netz("faellig", "--anschreiben", "-o", str(folder))
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["corbacher-20.eml", "natalia-keller.eml"]
    body = parsed((folder / "natalia-keller.eml").read_bytes()).get_body().get_content()
    assert "Netzwerk Mitte" in body and "Keller@stadt-hagen.de" in body


# --- The installed command --------------------------------------------------------------------


def test_installed_netz_writes_the_round(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in {"NETZ_REGISTRY", "FORCE_COLOR", "PY_COLORS", "GITHUB_ACTIONS"}}
    env |= {"XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "c"),
            "XDG_CACHE_HOME": str(tmp_path / "cache"), "HOME": str(tmp_path / "home"),
            "NETZ_HEUTE": "2026-11-25"}
    folder = tmp_path / "runde"
    result = subprocess.run([str(NETZ), "faellig", "--anschreiben", "-r", str(FIXTURE), "-o",
                             str(folder)], capture_output=True, text=True, env=env, timeout=60,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    message = parsed((folder / "anna.eml").read_bytes())
    assert message["X-Unsent"] == "1"
    assert message["To"] == "Anna Beispiel <anna@example.org>"


def test_eml_module_keeps_line_breaks_out_of_headers_even_without_exportable():
    from netzwerk_cli.export import eml
    from netzwerk_cli.export.selection import Recipient

    draft = eml.Draft("Bitte prüfen\r\nBcc: evil@example.org", "Text",
                      to=[Recipient("eve@example.org", "Eve\nBcc: evil@example.org", "", ())])
    message = parsed(eml.to_eml(draft))
    assert "Bcc" not in message
    assert message["Subject"] == "Bitte prüfen Bcc: evil@example.org"
    assert message["To"].addresses[0].addr_spec == "eve@example.org"


def test_eml_module_refuses_an_address_that_is_none_in_german():
    from netzwerk_cli.errors import InputError
    from netzwerk_cli.export import eml
    from netzwerk_cli.export.selection import Recipient

    draft = eml.Draft("Test", "Text", bcc=[Recipient("info@juz.example Bcc: evil@example.org",
                                                     "Jugendzentrum", "", ())])
    with pytest.raises(InputError) as error:
        eml.to_eml(draft)
    assert "„info@juz.example Bcc: evil@example.org“ ist keine gültige E-Mail-Adresse" in str(
        error.value)


def test_invitation_with_a_hand_edited_bad_address_is_a_german_error(netz, tmp_path):
    text = (FIXTURES / "treffen-formate.toml").read_text("utf-8")
    registry = tmp_path / "treffen.toml"
    registry.write_text(text.replace('email = "info@juz.example"',
                                     'email = "info@juz.example Bcc: evil@example.org"'), "utf-8")
    result = netz("treffen", "einladung", "netzwerk-mitte-2027-03-16", "-r", str(registry))
    assert result.exit_code == 2
    assert "ist keine gültige E-Mail-Adresse" in result.stderr
    assert "Unerwarteter Fehler" not in result.stderr


@pytest.mark.skipif(not hasattr(os, "openpty") or sys.platform == "win32",
                    reason="Terminal-Test übersprungen: braucht Pseudo-Terminals (POSIX)")
@pytest.mark.parametrize("columns", [200, 60])
def test_plan_on_a_terminal_names_every_file_and_entry(columns):
    from tests.test_display_narrow import _on_a_terminal

    out, err = _on_a_terminal(["faellig", "--anschreiben", "--dry-run"], FIXTURE, columns)
    assert "Unerwarteter Fehler" not in err
    assert "Prüfrunde (4 Ansprechpartner)" in out
    for whole in ("anna.eml", "paula.eml", "anna@example.org", "runder-tisch-vorhalle",
                  "Max-Reger-Musikschule"):
        assert whole in out
    assert "Probelauf: nichts geschrieben." in err
