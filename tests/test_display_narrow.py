"""Long ids and e-mail addresses on a narrow terminal: never split, whatever the data holds.

The shipped registry plus what a coordinator adds: a 62-character id generated from a long name,
a contact whose generated id has 61 characters and whose e-mail address has 66, and the shipped
Bezirksjugendpflege Hohenlimburg with a long address. At 80 columns no table fits these
unbroken; netz then shows one block per row instead of splitting them. At 200 columns the tables
fit. Notes on stderr wrap at words on a terminal and stay one line in a pipe.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest
from drivers.terminal import on_a_terminal

from netzwerk_cli.cli import render

LONG_NAME = "Arbeitskreis Offene Kinder- und Jugendarbeit Hohenlimburg Elsey und Reh"
LONG_ID = "arbeitskreis-offene-kinder-und-jugendarbeit-hohenlimburg-elsey"  # 62, generated
KONTAKT_NAME = "Bezirksjugendpflege Hohenlimburg Elsey Reh Henkhausen Berchum"
KONTAKT_ID = "bezirksjugendpflege-hohenlimburg-elsey-reh-henkhausen-berchum"  # 61, generated
LONG_EMAIL = "offene-kinder-und-jugendarbeit.hohenlimburg@jugendhilfe-hagen.info"  # 66
SHIPPED_ID = "stadtbezirkskonferenz-hohenlimburg"
SHIPPED_EMAIL = "bezirksjugendpflege-hohenlimburg@stadt-hagen.de"
TELEFON = "02334 123456"


def test_the_long_values_are_as_long_as_the_qa_found_them():
    assert (len(LONG_ID), len(KONTAKT_ID), len(LONG_EMAIL)) == (62, 61, 66)


@pytest.fixture
def long_values(netz, hagen_in_use: Path) -> Path:
    """The Hagen registry with long generated ids and long e-mail addresses, added with netz."""
    steps = [
        ["kontakt", "edit", "bezirksjugendpflege-hohenlimburg", "--email", SHIPPED_EMAIL],
        ["kontakt", "add", "--art", "rolle", "--name", KONTAKT_NAME, "--email", LONG_EMAIL,
         "--telefon", TELEFON, "--oeffentlich"],
        ["add", "--name", LONG_NAME, "--art", "AK", "--bezirk", "Hohenlimburg",
         "--thema", "Jugendarbeit", "--kontakt", KONTAKT_ID],
        ["edit", LONG_ID, "--stand", "2020-01"],
    ]
    for step in steps:
        result = netz(*step)
        assert result.exit_code == 0, (step, result.output)
    return hagen_in_use


def on_terminal(monkeypatch: pytest.MonkeyPatch, columns: int) -> None:
    monkeypatch.setattr(render, "is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", str(columns))
    monkeypatch.setenv("NO_COLOR", "1")


def whole(text: str, output: str) -> bool:
    """Whether ``text`` stands unbroken on one line of the output (not as part of a longer one)."""
    pattern = rf"(?<![\w@.-]){re.escape(text)}(?![\w@.-])"
    return any(re.search(pattern, line) for line in output.splitlines())


def words_whole(text: str, output: str) -> bool:
    """Whether every word of ``text`` is a word of the output (wrapped only at spaces)."""
    return set(text.split()) <= set(re.split(r"[\s│┃(),]+", output))


def fits(output: str, columns: int) -> bool:
    return all(len(line) <= columns for line in output.splitlines())


COMMANDS = {
    "list": (["list"], [LONG_ID, SHIPPED_ID], [LONG_NAME]),
    "search": (["search", "hohenlimburg"], [LONG_ID, SHIPPED_ID], [LONG_NAME]),
    "faellig": (["faellig"], [LONG_ID, SHIPPED_ID, LONG_EMAIL, SHIPPED_EMAIL, TELEFON],
                [LONG_NAME, KONTAKT_NAME]),
    "kontakt list": (["kontakt", "list"], [KONTAKT_ID, LONG_EMAIL, SHIPPED_EMAIL, TELEFON,
                                           "bezirksjugendpflege-hohenlimburg"], [KONTAKT_NAME]),
    "kontakt show": (["kontakt", "show", KONTAKT_ID], [KONTAKT_ID, LONG_EMAIL, LONG_ID],
                     [KONTAKT_NAME]),
    "kontakt show shipped": (["kontakt", "show", "bezirksjugendpflege-hohenlimburg"],
                             [SHIPPED_EMAIL, SHIPPED_ID], []),
    "show": (["show", LONG_ID], [LONG_ID, KONTAKT_ID, LONG_EMAIL, TELEFON],
             [LONG_NAME, KONTAKT_NAME]),
    "check": (["check"], [f"`netz verify {LONG_ID}`"], []),
}


@pytest.mark.parametrize("columns", [80, 200])
@pytest.mark.parametrize("name", list(COMMANDS))
def test_long_ids_and_emails_stay_whole_and_everything_fits(netz, long_values, monkeypatch,
                                                            name, columns):
    args, unbroken, names = COMMANDS[name]
    on_terminal(monkeypatch, columns)
    result = netz(*args)
    assert result.exit_code == 0, result.output
    assert fits(result.stdout, columns), result.stdout
    for value in unbroken:
        assert whole(value, result.stdout), (value, result.stdout)
    for text in names:
        assert words_whole(text, result.stdout), (text, result.stdout)


@pytest.mark.parametrize("args", [["list"], ["search", "hohenlimburg"], ["faellig"],
                                  ["kontakt", "list"]])
def test_at_200_columns_the_long_values_fit_in_a_table(netz, long_values, monkeypatch, args):
    on_terminal(monkeypatch, 200)
    assert "┃" in netz(*args).stdout


@pytest.mark.parametrize("args", [["faellig"], ["kontakt", "list"]])
def test_the_shipped_data_with_one_long_address_at_80_columns(netz, hagen_in_use, monkeypatch,
                                                              args):
    """The QA's case: only the shipped contact's e-mail address made longer."""
    assert netz("kontakt", "edit", "bezirksjugendpflege-hohenlimburg", "--email",
                SHIPPED_EMAIL).exit_code == 0
    on_terminal(monkeypatch, 80)
    out = netz(*args).stdout
    assert fits(out, 80)
    assert whole(SHIPPED_EMAIL, out)
    assert whole(SHIPPED_ID if args == ["faellig"] else "bezirksjugendpflege-hohenlimburg", out)
    assert "stad\n" not in out and "@stad " not in out


def test_blocks_keep_every_row_and_label_each_value(netz, long_values, monkeypatch):
    piped = netz("faellig").stdout
    on_terminal(monkeypatch, 80)
    out = netz("faellig").stdout
    assert "┃" not in out  # no squeezed table
    for line in piped.splitlines():
        assert whole(line.split("\t")[0], out)
    block = out.split(LONG_ID)[1].split("\n\n")[0]
    assert "Monate" in block and "Ansprechpartner" in block and LONG_EMAIL in block


# --- the layout itself -----------------------------------------------------------------------


def test_a_table_too_narrow_for_its_unbreakable_parts_becomes_blocks(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")
    monkeypatch.setenv("NO_COLOR", "1")
    columns = [render.Column("Name / ID"), render.Column("E-Mail", whole=True)]
    rows = [[render.name_and_id("Ein ziemlich langer Name eines Netzwerks", "x" * 30),
             "y" * 25 + "@example.org"]]
    render.print_table("Titel", columns, rows)
    out = capsys.readouterr().out
    assert fits(out, 40), out
    assert whole("x" * 30, out) and whole("y" * 25 + "@example.org", out)
    assert words_whole("Ein ziemlich langer Name eines Netzwerks", out)
    assert "E-Mail" in out and "Titel" in out


def test_a_value_longer_than_the_terminal_overflows_rather_than_being_split(capsys,
                                                                            monkeypatch):
    monkeypatch.setattr(render, "is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", "40")
    monkeypatch.setenv("NO_COLOR", "1")
    email = "a" * 40 + "@example.org"
    render.print_blocks([("Kontakt (k)", [("E-Mail", email), ("Notiz", "kurz")])])
    out = capsys.readouterr().out
    assert whole(email, out)
    assert [line for line in out.splitlines() if len(line) > 40] == [f"    {email}"]


def test_block_values_wrap_at_words_beside_their_label(capsys, monkeypatch):
    monkeypatch.setattr(render, "is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", "40")
    monkeypatch.setenv("NO_COLOR", "1")
    render.print_blocks([("Titel", [("Notiz", "eins zwei drei vier fünf sechs sieben acht "
                                             "neun zehn elf\nzweite Zeile")])])
    lines = capsys.readouterr().out.splitlines()
    assert fits("\n".join(lines), 40)
    assert lines[1].startswith("Notiz") and "eins zwei" in lines[1]
    assert lines[2].startswith(" " * len("Notiz  ")) and lines[2].strip()
    assert any(line.strip() == "zweite Zeile" for line in lines)


# --- notes on stderr -------------------------------------------------------------------------


def test_luecken_summary_wraps_at_words_on_a_terminal_and_is_one_line_in_a_pipe(
        netz, hagen_in_use, monkeypatch):
    piped = netz("luecken", "--stadtteile").stderr
    assert len(piped.splitlines()) == 1 and len(piped) > 200
    monkeypatch.setattr(render, "is_error_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", "80")
    wrapped = netz("luecken", "--stadtteile").stderr
    assert fits(wrapped, 80), wrapped
    assert len(wrapped.splitlines()) > 1
    assert wrapped.split() == piped.split()  # wrapped at spaces only


def test_a_note_never_breaks_inside_an_id_path_or_command(capsys, monkeypatch):
    monkeypatch.setattr(render, "is_error_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", "30")
    render.note(f"Hinweis: {LONG_ID} und `netz verify ak-90` und {LONG_EMAIL}.")
    err = capsys.readouterr().err
    assert whole(LONG_ID, err) and whole(LONG_EMAIL + ".", err)
    assert whole("`netz verify ak-90`", err)
    assert [line for line in err.splitlines() if len(line) > 30] == [
        line for line in err.splitlines() if LONG_ID in line or LONG_EMAIL in line]


# --- end to end: the installed netz on a real terminal ---------------------------------------

def _on_a_terminal(args: list[str], registry: Path, columns: int) -> tuple[str, str]:
    """The installed netz on pseudo-terminals of ``columns``, with ``registry`` and no colour."""
    env = {k: v for k, v in os.environ.items() if k not in {"FORCE_COLOR", "PY_COLORS"}}
    env |= {"COLUMNS": str(columns), "NO_COLOR": "1", "NETZ_REGISTRY": str(registry),
            "TERM": "xterm"}
    return on_a_terminal(args, env, columns)


@pytest.mark.skipif(not hasattr(os, "openpty") or sys.platform == "win32",
                    reason="braucht Pseudo-Terminals (POSIX)")
def test_installed_netz_at_80_columns_keeps_long_values_whole(long_values):
    out, _ = _on_a_terminal(["faellig"], long_values, 80)
    assert fits(out, 80), out
    for value in (LONG_ID, SHIPPED_ID, LONG_EMAIL, SHIPPED_EMAIL):
        assert whole(value, out), value
    out, _ = _on_a_terminal(["kontakt", "show", KONTAKT_ID], long_values, 80)
    assert whole(LONG_EMAIL, out) and fits(out, 80)
    _, err = _on_a_terminal(["luecken", "--stadtteile"], long_values, 80)
    assert fits(err, 80) and len(err.splitlines()) > 1, err
