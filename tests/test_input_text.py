"""Text people type: control characters, invisible characters, non-UTF-8 bytes, lengths, padding.

One-line fields take visible text only; ``notiz`` may also hold line breaks. Such characters are
refused on input, reported by ``netz check`` for a file edited by hand, and never reach a
terminal or a pipe raw. Values are stored trimmed from the first write on.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netzwerk_cli import changes, contacts
from netzwerk_cli import text as netz_text
from netzwerk_cli.check import ERROR, check_registry
from netzwerk_cli.cli import render
from netzwerk_cli.errors import InputError
from netzwerk_cli.gazetteer import Area
from netzwerk_cli.model import Kontakt, Netzwerk
from netzwerk_cli.registry import registry_from_text, registry_to_toml
from netzwerk_cli.storage import apply_change

TODAY = dt.date(2026, 11, 25)
NETZ = Path(sys.executable).with_name("netz")

# Every kind of character a one-line field refuses, with the code point the message names.
BAD_CHARACTERS = {
    "\x1b": "U+001B",  # ESC, starts terminal escape sequences (ESC ]0; sets the window title)
    "\x07": "U+0007",  # BEL
    "\r": "U+000D",
    "\t": "U+0009",
    "\n": "U+000A",
    "\x7f": "U+007F",
    "\x85": "U+0085",  # NEL
    "\x9b": "U+009B",  # the one-byte CSI
    "\u202a": "U+202A",
    "\u202e": "U+202E",  # right-to-left override
    "\u2066": "U+2066",
    "\u2069": "U+2069",
    "\u200b": "U+200B",  # zero-width space
    "\u200c": "U+200C",
    "\u200d": "U+200D",
    "\u2060": "U+2060",
    "\ufeff": "U+FEFF",
    "\u2028": "U+2028",  # line separator
    "\u2029": "U+2029",  # paragraph separator
}


@pytest.fixture
def registry(fixture_file):
    path = fixture_file("check-sauber.toml")
    return registry_from_text(path.read_text("utf-8"), str(path))


@pytest.fixture
def clean(fixture_file) -> str:
    return fixture_file("check-sauber.toml").read_text("utf-8")


def draft(**values) -> Netzwerk:
    return Netzwerk(**({"name": "Neues Forum", "art": "netzwerk"} | values), stadtweit=True)


# --- refused on input ---------------------------------------------------------------------


@pytest.mark.parametrize(("character", "code"), BAD_CHARACTERS.items())
def test_a_one_line_field_refuses_control_and_invisible_characters(registry, character, code):
    with pytest.raises(InputError) as error:
        changes.add_netzwerk(registry, "neu", draft(name=f"Neues{character}Forum"), TODAY)
    assert "Feld „name“" in str(error.value)
    assert code in str(error.value)
    assert "neu" not in registry.netzwerke


@pytest.mark.parametrize("field_name", ["name", "webseite"])
def test_every_one_line_field_of_a_network_is_checked(registry, field_name):
    with pytest.raises(InputError, match=f"Feld „{field_name}“.*U\\+001B"):
        changes.add_netzwerk(registry, "neu", draft(**{field_name: "a\x1b[31mb"}), TODAY)


def test_list_items_are_one_line_fields_too(registry):
    with pytest.raises(InputError, match=r"Feld „themen“.*U\+202E"):
        changes.add_netzwerk(registry, "neu", draft(themen=["Familie\u202e"]), TODAY)
    with pytest.raises(InputError, match=r"Feld „zielgruppen“.*U\+0009"):
        changes.edit_netzwerk(registry, "forum-boele", {}, add={"zielgruppen": ["Kin\tder"]})


def test_notiz_keeps_line_breaks_and_nothing_else(registry):
    changes.add_netzwerk(registry, "neu", draft(notiz="Erste Zeile\nZweite Zeile"), TODAY)
    assert registry.netzwerke["neu"].notiz == "Erste Zeile\nZweite Zeile"
    for character in ("\t", "\r", "\x1b", "\u2028"):
        with pytest.raises(InputError, match="Feld „notiz“"):
            changes.edit_netzwerk(registry, "neu", {"notiz": f"a{character}b"})


def test_contact_fields_are_checked_on_add_and_edit(registry):
    with pytest.raises(InputError, match=r"Feld „organisation“.*U\+001B"):
        contacts.add_kontakt(registry, "neu", Kontakt(organisation="\x1b]0;Titel\x07Treff"))
    with pytest.raises(InputError, match=r"Feld „funktion“.*U\+200B"):
        contacts.edit_kontakt(registry, "treff", {"funktion": "Leitung\u200b"})
    assert "neu" not in registry.kontakte
    assert registry.kontakte["treff"].funktion == ""


def test_non_utf8_text_is_refused_naming_the_field(registry):
    # What Python makes of the bytes b"Caf\xe9" in a command-line argument on a UTF-8 system.
    with pytest.raises(InputError, match="Feld „name“: enthält Zeichen, die kein gültiges "
                                         "UTF-8 sind"):
        changes.add_netzwerk(registry, "neu", draft(name="Caf\udce9"), TODAY)
    with pytest.raises(InputError, match="kein gültiges UTF-8"):
        contacts.add_kontakt(registry, "neu", Kontakt(name="Caf\udce9", art="person"))


@pytest.mark.parametrize(("field_name", "limit"), [("name", 200), ("notiz", 2000)])
def test_lengths_are_limited(registry, field_name, limit):
    changes.add_netzwerk(registry, "genau", draft(**{field_name: "x" * limit}), TODAY)
    with pytest.raises(InputError, match=f"Feld „{field_name}“.*höchstens {limit} Zeichen"):
        changes.add_netzwerk(registry, "zu-lang", draft(**{field_name: "x" * (limit + 1)}),
                             TODAY)


def test_list_items_and_contact_fields_are_limited_too(registry):
    with pytest.raises(InputError, match=r"Feld „themen“.*höchstens 200 Zeichen"):
        changes.add_netzwerk(registry, "neu", draft(themen=["x" * 201]), TODAY)
    with pytest.raises(InputError, match=r"Feld „strasse“.*höchstens 200 Zeichen"):
        contacts.edit_kontakt(registry, "treff", {"strasse": "x" * 201})


def test_ids_are_limited_to_64_characters(registry):
    assert changes.new_id("x", [], "a" * 64) == "a" * 64
    with pytest.raises(InputError, match="höchstens 64 Zeichen"):
        changes.new_id("x", [], "a" * 65)


def test_an_id_derived_from_a_long_name_is_cut_after_a_word():
    assert changes.new_id("Wort " * 20, []) == "-".join(["wort"] * 13)  # 64 characters
    assert changes.new_id("x" * 100, []) == "x" * 64


# --- trimmed before saving ----------------------------------------------------------------


def test_add_stores_trimmed_values(registry):
    netzwerk = changes.draft_netzwerk({"name": "  Forum  ", "art": " netzwerk ",
                                       "themen": ["  Familie ", " Schule"],
                                       "wochentag": " Montag ", "notiz": "\n Text \n"},
                                      Area([], [], True, []))
    changes.add_netzwerk(registry, "forum", netzwerk, TODAY)
    stored = registry.netzwerke["forum"]
    assert (stored.name, stored.themen, stored.wochentag, stored.notiz) == (
        "Forum", ["Familie", "Schule"], "mo", "Text")


def test_edit_trims_added_list_items_and_does_not_add_them_twice(registry):
    changes.edit_netzwerk(registry, "forum-boele", {}, add={"themen": ["  Familie ", " Schule "]})
    assert registry.netzwerke["forum-boele"].themen == ["Familie", "Schule"]


def test_the_first_write_is_already_canonical(tmp_path, clean):
    path = tmp_path / "networks.toml"
    path.write_text(clean, "utf-8")
    apply_change(path, lambda r: changes.add_netzwerk(r, "forum", changes.draft_netzwerk(
        {"name": "  Forum  ", "art": "netzwerk", "themen": [" Familie "]},
        Area([], [], True, [])), TODAY))
    after_add = path.read_text("utf-8")
    assert 'name = "Forum"' in after_add
    # An unrelated write must not change the new entry's lines.
    outcome = apply_change(path, lambda r: changes.verify_entry(r, "forum-boele", TODAY))
    after_verify = outcome.after.decode("utf-8")
    assert after_verify != after_add
    assert block(after_verify, "netzwerke.forum") == block(after_add, "netzwerke.forum")


def block(text: str, header: str) -> str:
    """The lines of one entry, from its header to the next header."""
    start = text.index(f"[{header}]")
    end = text.find("\n[", start + 1)
    return text[start:end if end >= 0 else None]


def test_cli_add_stores_trimmed_values(netz, tmp_path, clean):
    path = tmp_path / "networks.toml"
    path.write_text(clean, "utf-8")
    result = netz("add", "--name", "  Forum  ", "--art", "AK", "--stadtweit", "--thema",
                  " Familie ", "-r", str(path))
    assert result.exit_code == 0, result.output
    text = path.read_text("utf-8")
    assert 'name = "Forum"' in text
    assert registry_to_toml(registry_from_text(text, str(path))) == text


# --- reported by netz check ---------------------------------------------------------------


def test_check_reports_control_characters_of_a_hand_edited_file(clean):
    text = clean.replace('name = "Stadtteilforum Boele"',
                         'name = "Stadtteilforum \\u001b]0;Boele\\u0007"')
    text = text.replace('organisation = "Jugendtreff Boele"',
                        'organisation = "Jugendtreff\\u202eBoele"')
    text = text.replace('themen = ["Familie"]', 'themen = ["Fami\\tlie"]')
    errors = [f for f in check_registry(text, "t.toml", TODAY) if f.level == ERROR]
    where = {(f.entry, f.field): f.message for f in errors}
    assert set(where) == {("netzwerke.forum-boele", "name"), ("netzwerke.forum-boele", "themen"),
                          ("kontakte.treff", "organisation")}
    assert "U+001B" in where["netzwerke.forum-boele", "name"]
    assert "U+202E" in where["kontakte.treff", "organisation"]
    assert "U+0009" in where["netzwerke.forum-boele", "themen"]
    for message in where.values():
        assert netz_text.printable(message) == message  # the finding itself is safe to print


def test_check_reports_lengths_and_accepts_line_breaks_in_notiz(clean):
    text = clean.replace('name = "Stadtteilforum Boele"', f'name = "{"x" * 201}"')
    text = text.replace('stand = "2026-06"', 'stand = "2026-06"\nnotiz = "a\\nb"')
    errors = [f for f in check_registry(text, "t.toml", TODAY) if f.level == ERROR]
    assert [(f.entry, f.field) for f in errors] == [("netzwerke.forum-boele", "name")]
    assert "höchstens 200 Zeichen" in errors[0].message


def test_a_file_with_control_characters_still_loads(clean):
    text = clean.replace('name = "Stadtteilforum Boele"', 'name = "Forum\\u001b[2J"')
    assert registry_from_text(text, "t.toml").netzwerke["forum-boele"].name == "Forum\x1b[2J"


# --- never raw on a terminal or in a pipe -------------------------------------------------


def test_printable_replaces_what_a_terminal_would_obey():
    assert netz_text.printable("a\x1b]0;x\x07b") == "a�]0;x�b"
    assert netz_text.printable("Zeile 1\nZeile 2\tSpalte") == "Zeile 1\nZeile 2 Spalte"
    assert netz_text.printable("ab\u202ecd\u200b\x85\ud800") == "ab�cd���"
    assert netz_text.printable("Grenzgänger Haspe–Wehringhausen „AK“ 😀") == (
        "Grenzgänger Haspe–Wehringhausen „AK“ 😀")


@pytest.fixture
def hostile_file(tmp_path, clean):
    path = tmp_path / "networks.toml"
    path.write_text(clean.replace('name = "Stadtteilforum Boele"',
                                  'name = "Forum \\u001b]0;gehackt\\u0007\\u202eBoele"')
                    .replace('stand = "2026-06"', 'stand = "2026-06"\n'
                             'notiz = "Zeile 1\\nZeile\\u001b[2J 2"'), "utf-8")
    return path


@pytest.mark.parametrize("args", [["list"], ["show", "forum-boele"], ["search", "Forum"],
                                  ["faellig", "--max-alter", "0"], ["check"]])
@pytest.mark.parametrize("terminal", [False, True])
def test_commands_never_write_control_characters_raw(netz, hostile_file, monkeypatch, args,
                                                     terminal):
    monkeypatch.setattr(render, "is_terminal", lambda: terminal)
    result = netz(*args, "-r", str(hostile_file))
    assert result.exit_code in (0, 1), result.output
    for stream in (result.stdout, result.stderr):
        assert "\x1b" not in stream
        assert "\x07" not in stream
        assert "\u202e" not in stream
    if args == ["check"]:
        assert "enthält das Steuerzeichen U+001B (Escape)" in result.stdout
    elif terminal:  # a table: the name may be folded
        assert "�]0;" in result.stdout
    else:
        assert "Forum �]0;gehackt��Boele" in result.stdout


def test_show_keeps_the_line_breaks_of_notiz(netz, hostile_file):
    result = netz("show", "forum-boele", "-r", str(hostile_file))
    assert "  Notiz: Zeile 1\nZeile�[2J 2\n" in result.stdout


def test_error_messages_do_not_echo_control_characters(netz, hostile_file):
    result = netz("show", "\x1b]0;gehackt\x07", "-r", str(hostile_file))
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr
    assert "�]0;gehackt�" in result.stderr


def test_hints_and_notes_are_printable(capsys):
    render.note("Neues Thema „\x1b[31mrot“")
    assert capsys.readouterr().err == "Neues Thema „�[31mrot“\n"


# --- the command line ---------------------------------------------------------------------


@pytest.mark.parametrize(("args", "option"), [
    (["add", "--name", "Caf\udce9", "--art", "AK", "--stadtweit"], "--name"),
    (["add", "--name", "Café", "--art", "AK", "--stadtweit", "--thema", "\udce9"], "--thema"),
    (["kontakt", "add", "--name", "Caf\udce9", "--art", "person"], "--name"),
    (["edit", "forum-boele", "--treffen", "\udcff"], "--treffen"),
    (["search", "Caf\udce9"], "TEXT"),
    (["list", "--bezirk", "Has\udce9"], "--bezirk"),
])
def test_non_utf8_arguments_are_refused_naming_the_option(netz, tmp_path, clean, args, option):
    path = tmp_path / "networks.toml"
    path.write_text(clean, "utf-8")
    result = netz(*args, "-r", str(path))
    assert result.exit_code == 2, result.output
    assert "enthält Zeichen, die kein gültiges UTF-8 sind" in result.stderr
    assert option in result.stderr
    assert path.read_text("utf-8") == clean
    assert sorted(p.name for p in tmp_path.iterdir()) == ["networks.toml"]


@pytest.fixture
def clean_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in {"NETZ_REGISTRY", "FORCE_COLOR", "PY_COLORS", "GITHUB_ACTIONS"}}
    return env | {"XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME":
                  str(tmp_path / "config"), "XDG_CACHE_HOME": str(tmp_path / "cache"),
                  "HOME": str(tmp_path / "home"), "NETZ_HEUTE": "2026-11-25",
                  "LC_ALL": "C.UTF-8"}


@pytest.mark.parametrize("args", [
    [b"add", b"--name", b"Caf\xe9", b"--art", b"AK", b"--bezirk", b"Haspe"],
    [b"kontakt", b"add", b"--name", b"Caf\xe9", b"--art", b"person"],
])
def test_installed_netz_refuses_non_utf8_bytes_and_leaves_no_temp_file(tmp_path, clean,
                                                                       clean_env, args):
    folder = tmp_path / "register"
    folder.mkdir()
    path = folder / "networks.toml"
    path.write_text(clean, "utf-8")
    result = subprocess.run([os.fsencode(NETZ), *args, b"-r", os.fsencode(path)],
                            capture_output=True, env=clean_env, timeout=60, check=False)
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 2, stderr
    assert "Traceback" not in stderr
    assert "--name: enthält Zeichen, die kein gültiges UTF-8 sind" in stderr
    assert path.read_text("utf-8") == clean
    assert [p.name for p in folder.iterdir()] == ["networks.toml"]


def test_installed_netz_shows_a_hostile_name_without_escape_sequences(tmp_path, hostile_file,
                                                                       clean_env):
    result = subprocess.run([str(NETZ), "show", "forum-boele", "-r", str(hostile_file)],
                            capture_output=True, env=clean_env, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert b"\x1b" not in result.stdout
    assert "Forum �]0;gehackt��Boele".encode() in result.stdout


def test_a_dry_run_diff_is_printable_and_shows_windows_line_ends_plainly(capsys):
    render.print_diff(b'name = "a"\r\n', 'name = "b\u202e"\r\n'.encode(), "networks.toml")
    out = capsys.readouterr().out
    assert '+name = "b�"\n' in out
    assert '-name = "a"\n' in out
    assert "\r" not in out


@settings(max_examples=300, deadline=None)
@given(before=st.lists(st.sampled_from(["a\n", "b\n", "c\n", "\n", "[x]\n", "ä\r\n"]),
                       max_size=30),
       edits=st.lists(st.tuples(st.integers(0, 30), st.sampled_from(["", "b\n", "neu\n"])),
                      max_size=4),
       block=st.sampled_from([1, 3, 1 << 16]))
def test_a_dry_run_diff_turns_the_file_before_into_the_file_after(before, edits, block):
    """The diff compares only the changed middle of a large file (found ``block`` bytes at a
    time); applied at the line numbers it names, it still makes the new file of the old one,
    with three lines of context."""
    import contextlib
    import io
    from unittest import mock

    after = list(before)
    for position, line in edits:
        after[position:position + 1] = [line] if line else []
    out = io.StringIO()
    with contextlib.redirect_stdout(out), mock.patch.object(render, "_BLOCK", block):
        render.print_diff("".join(before).encode(), "".join(after).encode(), "f")
    before = [line.replace("\r\n", "\n") for line in before]  # shown with plain line ends
    after = [line.replace("\r\n", "\n") for line in after]
    assert apply_diff(before, out.getvalue()) == after
    assert (out.getvalue() == "") == (before == after)


def apply_diff(lines: list[str], diff: str) -> list[str]:
    """``lines`` changed by a unified diff, each hunk at the line it names."""
    result, taken = [], 0
    diff_lines = diff.splitlines(keepends=True)[2:]  # after the two file names
    for line in diff_lines:
        hunk = re.match(r"@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@", line)
        if hunk:
            start = int(hunk[1]) - (hunk[2] != "0")  # an empty range names the line before
            result += lines[taken:start]
            taken = start
        elif line.startswith((" ", "-")):
            assert lines[taken] == line[1:]  # context and removed lines are the file's own
            taken += 1
            if line.startswith(" "):
                result.append(line[1:])
        else:
            result.append(line[1:])
    return result + lines[taken:]


@pytest.mark.parametrize("before, after", [
    (["x\n"] * 9, ["x\n"] * 8),  # the common start and end would overlap
    (["x\n"] * 8, ["x\n"] * 9),
    (["a\n", "x\n", "x\n", "b\n"], ["a\n", "x\n", "b\n"]),
])
def test_a_dry_run_diff_of_repeated_lines(before, after, capsys):
    render.print_diff("".join(before).encode(), "".join(after).encode(), "f")
    assert apply_diff(before, capsys.readouterr().out) == after


@pytest.mark.parametrize("change", [
    lambda r: setattr(r, "titel", "Titel \udcff"),
    lambda r: r.anmerkungen.__setitem__("angebote", "Anmerkung \udcff"),
    lambda r: setattr(r.netzwerke["ak-90"], "name", "AK \udcff 90"),
], ids=["titel", "anmerkung", "entry"])
def test_a_value_no_file_can_hold_leaves_the_registry_untouched(tmp_path, change):
    """In the file as netz writes it (only the changed entries are replaced)."""
    from netzwerk_cli.errors import NetzError
    from netzwerk_cli.registry import embedded_registry

    path = tmp_path / "networks.toml"
    shipped = embedded_registry().read_bytes()
    path.write_bytes(shipped)
    with pytest.raises(NetzError) as err:
        apply_change(path, change)
    assert "bleibt unverändert" in str(err.value) and "UTF-8" in str(err.value)
    assert path.read_bytes() == shipped
