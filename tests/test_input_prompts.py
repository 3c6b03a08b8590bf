"""Every answer to a question is checked at once, by the same per-field rules as on save.

A bad answer (too long, a control or invisible character, bytes that are not UTF-8) is
explained right after it is typed and the question is asked again; the entry is then saved with
the good answer. ``model.check_value`` is the one function both the questions and saving use.
"""

from __future__ import annotations

import pytest

from netzwerk_cli import model
from netzwerk_cli.errors import InputError
from tests.conftest import loaded

TOO_LONG = "x" * 201


def answers(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def asked_again(output: str, question: str, explanation: str) -> bool:
    """Whether ``explanation`` comes right after the first ``question`` and before it is asked
    a second time."""
    first = output.index(question)
    second = output.index(question, first + len(question))
    between = output[first:second]
    return explanation in between


# --- the core function -------------------------------------------------------------------------


def test_check_value_returns_the_value_as_it_is_saved():
    assert model.check_value(model.Netzwerk, "name", "  Forum Boele ") == "Forum Boele"
    assert model.check_value(model.Netzwerk, "art", "AK") == "arbeitskreis"
    assert model.check_value(model.Netzwerk, "themen", [" Sport ", "Familie"]) == [
        "Sport", "Familie"]
    assert model.check_value(model.Netzwerk, "notiz", "Zeile 1\nZeile 2") == "Zeile 1\nZeile 2"
    assert model.check_value(model.Kontakt, "name", "x" * 200) == "x" * 200


@pytest.mark.parametrize(("entry", "field_name", "value", "message"), [
    (model.Netzwerk, "name", TOO_LONG, "Zeichen)“ ist 201 Zeichen lang"),
    (model.Netzwerk, "name", "Forum\x1b]0;x", "Feld „name“: enthält das Steuerzeichen U+001B"),
    (model.Netzwerk, "name", "Caf\udce9", "Feld „name“: enthält Zeichen, die kein gültiges"),
    (model.Netzwerk, "wochentag", "16\u200bUhr", "Feld „wochentag“: enthält das unsichtbare"),
    (model.Netzwerk, "themen", ["Sport", TOO_LONG], "Zeichen)“ ist 201 Zeichen lang"),
    (model.Netzwerk, "notiz", "x" * 2001, "Zeichen)“ ist 2001 Zeichen lang"),
    (model.Netzwerk, "art", "Verein", "Unbekannte Art „Verein“"),
    (model.Kontakt, "organisation", "A\tB", "Feld „organisation“: enthält das Steuerzeichen"),
    (model.Netzwerk, "nam", "X", "Unbekanntes Feld „nam“"),
])
def test_check_value_refuses_what_saving_refuses(entry, field_name, value, message):
    with pytest.raises(InputError) as caught:
        model.check_value(entry, field_name, value)
    assert message in str(caught.value)


def test_saving_and_asking_give_the_same_message(netz, hagen_in_use):
    result = netz("add", "--name", TOO_LONG, "--art", "AK", "--stadtweit")
    assert result.exit_code == 2
    with pytest.raises(InputError) as caught:
        model.check_value(model.Netzwerk, "name", TOO_LONG)
    assert str(caught.value) in result.stderr


# --- netz add ----------------------------------------------------------------------------------


def test_add_explains_a_too_long_name_at_once_and_asks_again(netz, hagen_in_use, terminal):
    result = netz("add", "--art", "AK", "--stadtweit", "--thema", "Sport", "--zielgruppe",
                  "Kinder", "--kontakt", "natalia-keller",
                  input=answers(TOO_LONG, "Forum Boele", "", "", ""))
    assert result.exit_code == 0, result.output
    assert asked_again(result.output, "Name des Netzwerks", "ist 201 Zeichen lang")
    assert loaded(hagen_in_use).netzwerke["forum-boele"].name == "Forum Boele"


def test_add_explains_an_escape_character_in_the_name_at_once(netz, hagen_in_use, terminal):
    result = netz("add", "--art", "AK", "--stadtweit", "--thema", "Sport", "--zielgruppe",
                  "Kinder", "--kontakt", "natalia-keller",
                  input=answers("Forum\x1b]0;x", "Forum Boele", "", "", ""))
    assert result.exit_code == 0, result.output
    assert asked_again(result.output, "Name des Netzwerks", "U+001B (Escape)")
    assert "\x1b" not in result.stderr  # the runner echoes the typing to stdout, as a terminal
    assert "forum-boele" in loaded(hagen_in_use).netzwerke


def test_a_question_explains_bytes_that_are_not_utf8_at_once(monkeypatch, capsys):
    """Python refuses such bytes in a UTF-8 locale (``strict``); the question reads them and
    explains them instead. (CliRunner itself cannot echo them, so the question is asked here
    directly; the installed netz is tested on a real terminal below.)"""
    import io

    from netzwerk_cli.cli import prompts

    typed = io.TextIOWrapper(io.BytesIO(b"Caf\xe9 Boele\nForum Boele\n"), encoding="utf-8")
    monkeypatch.setattr("sys.stdin", typed)
    answer = prompts.ask("Name des Netzwerks", prompts.field_answer(model.Netzwerk, "name"))
    assert answer == "Forum Boele"
    assert "Feld „name“: enthält Zeichen, die kein gültiges UTF-8 sind" in capsys.readouterr().err


def test_a_long_or_hostile_default_is_shown_short_and_printable_and_kept_whole(monkeypatch,
                                                                              capsys):
    import io

    from netzwerk_cli.cli import prompts

    monkeypatch.setattr("sys.stdin", io.StringIO("\n"))
    default = "Zeile 1\n" + "x" * 100 + "\x1b]0;x"
    assert prompts.ask("Notiz", str, default) == default
    shown = capsys.readouterr().out
    assert "\x1b" not in shown and "\n" not in shown.rstrip("\n")
    assert "[Zeile 1 xxxx" in shown and "…]" in shown and len(shown) < 80


def test_add_checks_every_free_text_answer_at_once(netz, hagen_in_use, terminal):
    result = netz("add", "--name", "Forum Boele", "--art", "AK", "--stadtweit", input=answers(
        f"Sport, {TOO_LONG}", "Sport",       # topics
        "Kinder\x07", "Kinder",               # target groups
        "natalia-keller",                     # contacts
        "hagen.de/\u202eevil", "hagen.de",   # website
        "16-18 Uhr\x1b[2J", "16-18 Uhr",      # meetings
        "Notiz\x1b", "Trifft sich oft"))      # note
    assert result.exit_code == 0, result.output
    assert asked_again(result.output, "Themen (Komma", "Zeichen)“ ist 201 Zeichen lang")
    assert asked_again(result.output, "Zielgruppen", "U+0007")
    assert asked_again(result.output, "Webseite", "U+202E")
    assert asked_again(result.output, "Treffen", "U+001B")
    assert asked_again(result.output, "Notiz (leer", "U+001B")
    forum = loaded(hagen_in_use).netzwerke["forum-boele"]
    assert (forum.themen, forum.zielgruppen, forum.webseite, forum.beginn, forum.ende,
            forum.notiz) == (["Sport"], ["Kinder"], "hagen.de", "16:00", "18:00",
                             "Trifft sich oft")


def test_add_with_a_new_contact_checks_its_name_at_once(netz, hagen_in_use, terminal):
    contact = ["1", "Bea\x1bMuster", "Bea Muster", TOO_LONG, "Leitung", *[""] * 9, "n"]
    result = netz("add", "--name", "Treff Helfe", "--art", "Netzwerk", "--stadtteil", "Helfe",
                  "--thema", "Sport", "--zielgruppe", "Kinder",
                  input=answers("neu", *contact, "", "", ""))
    assert result.exit_code == 0, result.output
    assert asked_again(result.output, "Name:", "U+001B")
    assert asked_again(result.output, "Funktion", "ist 201 Zeichen lang")
    kontakt = loaded(hagen_in_use).kontakte["bea-muster"]
    assert (kontakt.name, kontakt.funktion) == ("Bea Muster", "Leitung")


# --- netz kontakt add, netz edit ---------------------------------------------------------------


def test_kontakt_add_checks_every_answer_at_once(netz, hagen_in_use, terminal):
    result = netz("kontakt", "add", "--art", "person", input=answers(
        TOO_LONG, "Bea Muster",                # name
        "", "Treff\u200b e. V.", "Treff e. V.",  # function, organisation
        "", "Weg\x1b 1", "Weg 1", "", "Hagen",  # department, street, postcode, place
        "", "", "", "Notiz\x00", "ok", "n"))    # phone, e-mail, website, note, publish
    assert result.exit_code == 0, result.output
    assert asked_again(result.output, "Name", "ist 201 Zeichen lang")
    assert asked_again(result.output, "Organisation", "U+200B")
    assert asked_again(result.output, "Straße", "U+001B")
    assert asked_again(result.output, "Notiz (leer", "U+0000")
    bea = loaded(hagen_in_use).kontakte["bea-muster"]
    assert (bea.organisation, bea.strasse, bea.ort, bea.notiz) == ("Treff e. V.", "Weg 1",
                                                                   "Hagen", "ok")


def test_edit_interactively_checks_every_answer_at_once(netz, hagen_in_use, terminal):
    result = netz("edit", "ak-90", input=answers(
        "AK\x1b 90", "AK 90 neu",               # name
        "",                                      # kind: keep
        f"Sport, {TOO_LONG}", "Sport",           # topics
        "Kinder\x07", "Kinder",                  # target groups
        "kellr", "natalia-keller",               # contacts: an unknown id is asked again
        "",                                      # website: keep
        "16\u2028Uhr", "dienstags",              # meetings
        "",                                      # note: keep
        "",                                      # area: keep
        "n"))                                    # stand: keep
    assert result.exit_code == 0, result.output
    assert asked_again(result.output, "Name", "U+001B")
    assert asked_again(result.output, "Themen", "ist 201 Zeichen lang")
    assert asked_again(result.output, "Zielgruppen", "U+0007")
    assert asked_again(result.output, "Kontakt-IDs", "Meinten Sie „natalia-keller“?")
    assert asked_again(result.output, "Treffen", "U+2028")
    ak90 = loaded(hagen_in_use).netzwerke["ak-90"]
    assert (ak90.name, ak90.themen, ak90.zielgruppen, ak90.kontakte, ak90.wochentag) == (
        "AK 90 neu", ["Sport"], ["Kinder"], ["natalia-keller"], "di")


# --- without a terminal: every missing value named at once --------------------------------------


@pytest.mark.parametrize(("args", "named"), [
    (["--name", "X"], ["--art", "--bezirk, --stadtteil, --sozialraum oder --stadtweit"]),
    ([], ["--name", "--art", "--bezirk, --stadtteil, --sozialraum oder --stadtweit"]),
    (["--art", "AK"], ["--name", "--bezirk, --stadtteil, --sozialraum oder --stadtweit"]),
])
def test_add_in_a_script_names_every_missing_value_in_one_message(netz, hagen_in_use, args,
                                                                  named):
    result = netz("add", *args)
    assert result.exit_code == 2
    message = " ".join(result.stderr.split())
    for option in named:
        assert option in message, option
    assert message.count("Fehler") == 1


# --- publishing a new contact: the default of the question ------------------------------------


def test_kontakt_add_a_person_is_not_published_by_default(netz, hagen_in_use, terminal):
    result = netz("kontakt", "add", "--name", "Bea Muster", input=answers(*[""] * 11))
    assert result.exit_code == 0, result.output
    assert "[j/N]" in result.output
    assert not loaded(hagen_in_use).kontakte["bea-muster"].oeffentlich


def test_kontakt_add_an_organisation_is_published_by_default(netz, hagen_in_use, terminal):
    result = netz("kontakt", "add", "--organisation", "Treff", input=answers(*[""] * 10))
    assert result.exit_code == 0, result.output
    assert "[J/n]" in result.output
    assert loaded(hagen_in_use).kontakte["treff"].oeffentlich


def test_the_publishing_question_says_its_default(netz, hagen_in_use, terminal):
    person = netz("kontakt", "add", "--name", "Bea Muster", input=answers(*[""] * 11)).output
    assert "Vorgabe bei einer Person „nein“" in " ".join(person.split())


def test_help_and_readme_state_the_defaults_for_publishing(netz):
    from pathlib import Path

    text = " ".join(netz("kontakt", "add", "--help").stdout.replace("│", " ").split())
    assert "bei einer Person „nein“, bei einer Organisation oder Rolle „ja“" in text
    readme = (Path(__file__).parents[1] / "README.md").read_text("utf-8")
    section = " ".join(readme.split("### Kontakte")[1].split("\n### ")[0].split())
    assert "bei einer Person „nein“, bei einer Organisation oder Rolle „ja“" in section
    assert "--oeffentlich" in section and "--nicht-oeffentlich" in section


# --- end to end: the installed netz asking on a real terminal ------------------------------------


def _typed_on_a_terminal(args: list[str], typed: bytes, env: dict[str, str]) -> tuple[int, str]:
    """Run the installed netz on a pseudo-terminal, type ``typed``, return exit code and
    everything shown (typing echoed by the terminal, prompts, messages)."""
    import os
    import pty  # POSIX only; the caller skips elsewhere
    import select
    import subprocess
    import sys
    from pathlib import Path

    netz = Path(sys.executable).with_name("netz")
    master, slave = pty.openpty()
    process = subprocess.Popen([str(netz), *args], stdin=slave, stdout=slave, stderr=slave,
                               env=env, start_new_session=True)
    os.close(slave)
    os.write(master, typed)
    shown = b""
    while select.select([master], [], [], 60)[0]:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: netz has ended
            break
        if not data:
            break
        shown += data
    os.close(master)
    return process.wait(timeout=60), shown.decode("utf-8", "replace").replace("\r\n", "\n")


@pytest.mark.skipif(not hasattr(__import__("os"), "openpty"),
                    reason="braucht Pseudo-Terminals (POSIX)")
def test_installed_netz_explains_bytes_that_are_not_utf8_and_asks_again(hagen_in_use):
    import os

    # A UTF-8 locale as on most desktops: Python would refuse to decode such bytes at all.
    env = {k: v for k, v in os.environ.items() if k not in {"FORCE_COLOR", "PY_COLORS"}}
    env |= {"PYTHONIOENCODING": "utf-8:strict", "NO_COLOR": "1", "COLUMNS": "80"}
    code, shown = _typed_on_a_terminal(
        ["add", "--art", "AK", "--stadtweit", "--thema", "Sport", "--zielgruppe", "Kinder",
         "--kontakt", "natalia-keller"], b"Caf\xe9 Boele\nForum Boele\n\n\n\n", env)
    assert code == 0, shown
    assert asked_again(shown, "Name des Netzwerks", "kein gültiges UTF-8")
    assert "Traceback" not in shown and "Unerwarteter Fehler" not in shown
    assert loaded(hagen_in_use).netzwerke["forum-boele"].name == "Forum Boele"
