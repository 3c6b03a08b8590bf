"""Nothing from the registry acts on a terminal: exports and the ``faellig`` distribution list
carry control characters as visible replacements, a tab in a one-line value shows as a space,
invisible fillers and private-use characters are refused on input, and no message echoes a huge
value in full (issue 10, item 12)."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from netzwerk_cli import changes
from netzwerk_cli import text as netz_text
from netzwerk_cli.check import ERROR, check_registry
from netzwerk_cli.cli import render
from netzwerk_cli.errors import InputError
from netzwerk_cli.model import Netzwerk
from netzwerk_cli.registry import registry_from_text

TODAY = dt.date(2026, 11, 25)
NETZ = Path(sys.executable).with_name("netz")
# What a terminal obeys: escape sequences (ESC, the one-byte CSI), BEL, bidi overrides.
OBEYED = ("\x1b", "\x07", "\x9b", "\u202e")


@pytest.fixture
def hostile(fixture_file, tmp_path) -> Path:
    """The small registry after a hand edit full of what a terminal would obey."""
    text = fixture_file("klein.toml").read_text("utf-8")
    text = text.replace('name = "Anna Beispiel"', 'name = "Anna\\u001b]0;gehackt\\u0007 Beispiel"')
    text = text.replace('funktion = "Koordinatorin"', 'funktion = "Koordi\\tnatorin"')
    text = text.replace('organisation = "Familienzentrum Boele"',
                        'organisation = "Familien\\u202ezentrum\\u009b2J"')
    text = text.replace('email = "treff@example.org"', 'email = "treff\\u001b[2J@example.org"')
    text = text.replace('name = "Stadtteilforum Boele"', 'name = "Forum\\u001b[31m Boele"')
    text = text.replace('strasse = "Beispielweg 1"',
                        'strasse = "Beispielweg 1"\nnotiz = "Zeile 1\\nZeile\\u001b[2J\\t2"')
    path = tmp_path / "networks.toml"
    path.write_text(text, "utf-8")
    return path


def assert_nothing_obeyed(stream: str) -> None:
    for character in OBEYED:
        assert character not in stream, repr(character)


# --- text.printable -------------------------------------------------------------------------


def test_printable_shows_a_tab_as_a_space_and_keeps_line_breaks():
    assert netz_text.printable("Koordi\tnatorin") == "Koordi natorin"
    assert netz_text.printable("Zeile 1\nZeile\t2") == "Zeile 1\nZeile 2"


def test_printable_line_makes_one_line_of_a_value():
    assert netz_text.printable_line("Zeile 1\nZeile\t2\r\x1b") == "Zeile 1 Zeile 2��"


# --- exports and the faellig distribution list ------------------------------------------------


@pytest.mark.parametrize("args", [
    *(["export", "kontakte", "--format", name]
      for name in ("csv", "excel", "vcard", "outlook-csv", "json")),
    *(["export", "verteiler", "--format", name]
      for name in ("txt", "outlook", "csv", "excel", "mailto", "ldif", "json")),
    ["export", "html"], ["export", "html", "--format", "markdown"],
    ["faellig", "--format", "verteiler"],
])
@pytest.mark.parametrize("terminal", [False, True])
def test_exports_never_write_what_a_terminal_obeys(netz, hostile, monkeypatch, args, terminal):
    monkeypatch.setattr(render, "is_terminal", lambda: terminal)
    result = netz(*args, "-r", str(hostile))
    assert result.exit_code == 0, result.output
    assert_nothing_obeyed(result.stdout)
    assert_nothing_obeyed(result.stderr)


def test_the_faellig_distribution_list_shows_a_broken_address_visibly(netz, hostile):
    result = netz("faellig", "--format", "verteiler", "-r", str(hostile))
    assert "treff�[2J@example.org\n" in result.stdout


def test_an_exported_contact_list_keeps_one_line_values_on_one_line(netz, hostile):
    result = netz("export", "kontakte", "--format", "csv", "-r", str(hostile))
    assert "Anna�]0;gehackt� Beispiel,Person,Koordi natorin" in result.stdout
    assert "\t" not in result.stdout


def test_exportable_copies_only_what_it_changes(hostile, fixture_file):
    from netzwerk_cli.export.selection import exportable

    registry = registry_from_text(hostile.read_text("utf-8"), "t")
    shown = exportable(registry)
    assert shown.kontakte["anna"].name == "Anna�]0;gehackt� Beispiel"
    assert shown.kontakte["anna"].funktion == "Koordi natorin"
    assert shown.kontakte["treff"].notiz == "Zeile 1\nZeile�[2J 2"
    assert shown.netzwerke["forum-boele"].name == "Forum�[31m Boele"
    assert shown.kontakte["unbenutzt"] is registry.kontakte["unbenutzt"]
    assert registry.kontakte["anna"].name == "Anna\x1b]0;gehackt\x07 Beispiel"  # untouched
    clean = registry_from_text(fixture_file("klein.toml").read_text("utf-8"), "t")
    assert exportable(clean) is clean


def test_installed_netz_exports_to_a_pipe_without_escape_sequences(hostile):
    env = {k: v for k, v in os.environ.items() if k != "NETZ_REGISTRY"}
    result = subprocess.run([str(NETZ), "export", "kontakte", "--format", "vcard", "-r",
                             str(hostile)], capture_output=True, env=env, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert b"\x1b" not in result.stdout and b"\x07" not in result.stdout


# --- netz show: a tab in a one-line value ----------------------------------------------------


@pytest.mark.parametrize("terminal", [False, True])
def test_show_prints_a_tab_in_a_value_as_a_space(netz, hostile, monkeypatch, terminal):
    monkeypatch.setattr(render, "is_terminal", lambda: terminal)
    result = netz("show", "forum-boele", "-r", str(hostile))
    assert result.exit_code == 0
    assert "\t" not in result.stdout
    assert "Koordi natorin" in result.stdout


def test_tab_separated_lines_still_separate_with_tabs(netz, hostile):
    result = netz("kontakt", "list", "-r", str(hostile))
    line = next(line for line in result.stdout.splitlines() if line.startswith("anna\t"))
    assert "Koordi natorin" in line or "Koordi" not in line


# --- invisible fillers and private-use characters --------------------------------------------

FILLERS = {"\u115f": "U+115F", "\u1160": "U+1160", "\u3164": "U+3164", "\uffa0": "U+FFA0",
           "\u034f": "U+034F", "\ue000": "U+E000", "\uf8ff": "U+F8FF", "\U000f0000": "U+F0000"}


@pytest.mark.parametrize(("character", "code"), FILLERS.items())
def test_invisible_fillers_and_private_characters_are_refused_on_input(fixture_file, character,
                                                                       code):
    registry = registry_from_text(fixture_file("check-sauber.toml").read_text("utf-8"), "t")
    netzwerk = Netzwerk(name=f"Forum{character}", art="netzwerk", stadtweit=True)
    with pytest.raises(InputError, match=f"Feld „name“: enthält das .*{re.escape(code)}"):
        changes.add_netzwerk(registry, "forum-neu", netzwerk, TODAY)
    assert "forum-neu" not in registry.netzwerke


@pytest.mark.parametrize(("character", "code"), FILLERS.items())
def test_check_flags_invisible_fillers_in_a_hand_edited_file(fixture_file, character, code):
    text = fixture_file("check-sauber.toml").read_text("utf-8").replace(
        'name = "Stadtteilforum Boele"', f'name = "Stadtteilforum{character} Boele"')
    findings = check_registry(text, "t.toml", TODAY)
    assert [(f.level, f.entry, f.field) for f in findings] == [
        (ERROR, "netzwerke.forum-boele", "name")]
    assert code in findings[0].message


def test_the_cli_refuses_a_hangul_filler_as_a_name(netz, fixture_file, tmp_path):
    path = tmp_path / "networks.toml"
    path.write_text(fixture_file("check-sauber.toml").read_text("utf-8"), "utf-8")
    before = path.read_bytes()
    result = netz("add", "--name", "\u3164", "--art", "AK", "--stadtweit", "-r", str(path))
    assert result.exit_code == 2
    assert "U+3164" in result.stderr
    assert path.read_bytes() == before


# --- no message echoes a huge value in full ---------------------------------------------------

HUGE = "x" * 100_000


@pytest.mark.parametrize("args", [
    ["add", "--name", HUGE, "--art", "AK", "--stadtweit"],
    ["add", "--name", "Forum", "--art", HUGE, "--stadtweit"],
    ["add", "--name", "Forum", "--art", "AK", "--stadtteil", HUGE],
    ["add", "--name", "Forum", "--art", "AK", "--stadtweit", "--id", HUGE],
    ["add", "--name", "Forum", "--art", "AK", "--stadtweit", "--webseite", HUGE],
    ["add", "--name", "Forum", "--art", "AK", "--stadtweit", "--stand", HUGE],
    ["show", HUGE], ["verify", HUGE], ["remove", HUGE, "--yes"],
    ["edit", "forum-boele", "--stand", HUGE], ["edit", "forum-boele", "--remove-thema", HUGE],
    ["kontakt", "add", "--name", "Anna", "--art", HUGE],
    ["kontakt", "add", "--name", "Anna", "--art", "person", "--email", HUGE],
    ["kontakt", "show", HUGE], ["list", "--bezirk", HUGE], ["list", "--thema", HUGE],
    ["list", "--art", HUGE], ["search", HUGE], ["faellig", "--format", HUGE],
    ["export", "verteiler", "--format", HUGE], ["list", "--" + HUGE], [HUGE],
])
def test_no_message_echoes_a_huge_value_in_full(netz, fixture_file, tmp_path, args):
    path = tmp_path / "networks.toml"
    path.write_text(fixture_file("check-sauber.toml").read_text("utf-8"), "utf-8")
    result = netz(*args, "-r", str(path))
    assert result.exit_code != 0 or HUGE not in result.stdout
    assert len(result.stderr) < 1000, result.stderr[:300]
    assert len(result.stdout) < 1000


def test_the_length_limit_message_shows_the_start_of_the_value(fixture_file):
    registry = registry_from_text(fixture_file("check-sauber.toml").read_text("utf-8"), "t")
    netzwerk = Netzwerk(name="Forum " + HUGE, art="netzwerk", stadtweit=True)
    with pytest.raises(InputError) as error:
        changes.add_netzwerk(registry, "forum-neu", netzwerk, TODAY)
    message = str(error.value)
    assert "Feld „name“: „Forum xxx" in message
    assert "ist 100006 Zeichen lang, erlaubt sind höchstens 200 Zeichen" in message
    assert len(message) < 300


def test_shortened_keeps_short_values_and_cuts_long_ones():
    assert netz_text.shortened("Haspe") == "Haspe"
    cut = netz_text.shortened(HUGE, 20)
    assert cut.startswith("x" * 20 + "…") and "100000 Zeichen" in cut


def test_messages_shorten_quoted_values_and_long_runs_only():
    message = f"Unbekannte Art „{HUGE}“. Gültig: Netzwerk, AK."
    assert netz_text.message_text(message) == (
        f"Unbekannte Art „{'x' * 60}… (100000 Zeichen)“. Gültig: Netzwerk, AK.")
    assert netz_text.message_text(f"Unbekannte Option: --{HUGE}").endswith("… (100002 Zeichen)")
    ordinary = "Das Register /home/anna/netz/networks.toml: Stadtteil „Wehringhausen-West“."
    assert netz_text.message_text(ordinary) == ordinary


def test_installed_netz_does_not_echo_a_huge_argument(fixture_file, tmp_path):
    path = tmp_path / "networks.toml"
    path.write_text(fixture_file("check-sauber.toml").read_text("utf-8"), "utf-8")
    env = {k: v for k, v in os.environ.items() if k != "NETZ_REGISTRY"}
    result = subprocess.run([str(NETZ), "list", "--bezirk", HUGE, "-r", str(path)],
                            capture_output=True, text=True, env=env, timeout=60, check=False)
    assert result.returncode == 2
    assert "Unbekannter Stadtbezirk" in result.stderr
    assert len(result.stderr) < 1000
