"""The registry in a shared git repository: ``netz merge`` (git's merge driver), the message for
a file with conflict markers, and ``netz check`` as a pre-commit hook.

The core merge takes three texts (base, ours, theirs) and merges entry by entry and field by
field; the end-to-end tests run real git in a temporary repository with the installed ``netz``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from netzwerk_cli.errors import NetzError, RegistryError
from netzwerk_cli.model import (
    TABLES,
    Angebot,
    Kontakt,
    Netzwerk,
    Registry,
    SozialraumEintrag,
    Treffen,
)
from netzwerk_cli.registry import (
    embedded_registry,
    parse_toml,
    registry_from_text,
    registry_to_toml,
)

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parents[1]
NETZ = Path(sys.executable).with_name("netz")


def merge(base: str, ours: str, theirs: str):  # -> the core's MergeResult
    from netzwerk_cli.merge import merge_registry

    return merge_registry(base, ours, theirs)


@pytest.fixture
def base() -> str:
    """The small test registry in canonical form: the common ancestor of both sides."""
    text = (FIXTURES / "klein.toml").read_text("utf-8")
    return registry_to_toml(registry_from_text(text, "klein"))


def changed(text: str, *changes: Callable[[Registry], object]) -> str:
    """The registry text after applying ``changes`` to it, written as netz writes it."""
    registry = registry_from_text(text, "test")
    for change in changes:
        change(registry)
    return registry_to_toml(registry)


def set_field(table: str, entry_id: str, name: str, value: object):
    return lambda r: setattr(getattr(r, table)[entry_id], name, value)


def add_netzwerk(entry_id: str, stadtteil: str, **fields: object):
    netzwerk = Netzwerk(name=f"Forum {stadtteil}", art="netzwerk", stadtteile=[stadtteil],
                        **fields)
    return lambda r: r.netzwerke.__setitem__(entry_id, netzwerk)


def remove(table: str, entry_id: str):
    return lambda r: getattr(r, table).pop(entry_id)


def keep(text: str, side: str) -> str:
    """Resolve every conflict in ``text`` by keeping one side, as a person would by hand."""
    kept, state = [], "both"
    for line in text.splitlines(keepends=True):
        if line.startswith("<<<<<<< "):
            state = "ours"
        elif line.startswith("=======") and state == "ours":
            state = "theirs"
        elif line.startswith(">>>>>>> "):
            state = "both"
        elif state in ("both", side):
            kept.append(line)
    return "".join(kept)


# --- the core merge: entry by entry ---------------------------------------------------------------


def test_nothing_changed_gives_the_base(base):
    result = merge(base, base, base)
    assert result.clean
    assert result.text == base


@pytest.mark.parametrize("side", ["ours", "theirs"])
def test_a_change_on_one_side_only_takes_that_side(base, side):
    edited = changed(base, set_field("netzwerke", "forum-boele", "wochentag", "mo"))
    ours, theirs = (edited, base) if side == "ours" else (base, edited)
    result = merge(base, ours, theirs)
    assert result.clean
    assert result.text == edited


def test_new_entries_that_sort_next_to_each_other_are_both_added(base):
    # forum-bathey and forum-boelerheide both go between forum-boele and grenzgaenger: the
    # same spot in the file, where a line merge conflicts.
    ours = changed(base, add_netzwerk("forum-bathey", "Bathey"))
    theirs = changed(base, add_netzwerk("forum-boelerheide", "Boelerheide"))
    result = merge(base, ours, theirs)
    assert result.clean, result.conflicts
    assert result.text == changed(base, add_netzwerk("forum-bathey", "Bathey"),
                                  add_netzwerk("forum-boelerheide", "Boelerheide"))


@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_table_merges_entries_added_on_both_sides(base, table):
    new = {"netzwerke": lambda n: Netzwerk(name=n, art="netzwerk", stadtweit=True),
           "kontakte": lambda n: Kontakt(name=n, art="rolle"),
           "angebote": lambda n: Angebot(name=n),
           "treffen": lambda n: Treffen(netzwerk="forum-boele", datum="2027-03-16",
                                        themen=[n]),
           "sozialraeume": lambda n: SozialraumEintrag(name=n, orte=["Boele"])}[table]

    def add(entry_id: str):
        return lambda r: getattr(r, table).__setitem__(entry_id, new(entry_id.upper()))

    result = merge(base, changed(base, add("neu-a")), changed(base, add("neu-b")))
    assert result.clean, (result.conflicts, result.problems)
    assert result.text == changed(base, add("neu-a"), add("neu-b"))


def test_an_entry_added_identically_on_both_sides_is_added_once(base):
    both = changed(base, add_netzwerk("forum-helfe", "Helfe"))
    result = merge(base, both, both)
    assert result.clean
    assert result.text == both


@pytest.mark.parametrize("side", ["ours", "theirs"])
def test_deleted_on_one_side_and_unchanged_on_the_other_is_deleted(base, side):
    without = changed(base, remove("netzwerke", "hasper-runde"))
    ours, theirs = (without, base) if side == "ours" else (base, without)
    result = merge(base, ours, theirs)
    assert result.clean
    assert result.text == without


def test_delete_on_one_side_and_add_on_the_other_both_happen(base):
    ours = changed(base, remove("netzwerke", "hasper-runde"))
    theirs = changed(base, add_netzwerk("forum-helfe", "Helfe"))
    result = merge(base, ours, theirs)
    assert result.clean
    assert result.text == changed(base, remove("netzwerke", "hasper-runde"),
                                  add_netzwerk("forum-helfe", "Helfe"))


# --- field by field -------------------------------------------------------------------------------


def test_both_sides_edit_different_fields_of_one_entry(base):
    ours = changed(base, set_field("netzwerke", "forum-boele", "wochentag", "mo"))
    theirs = changed(base, set_field("netzwerke", "forum-boele", "webseite",
                                     "https://forum-boele.example.org"))
    result = merge(base, ours, theirs)
    assert result.clean
    assert result.text == changed(
        base, set_field("netzwerke", "forum-boele", "wochentag", "mo"),
        set_field("netzwerke", "forum-boele", "webseite", "https://forum-boele.example.org"))


def test_a_field_changed_identically_on_both_sides_is_taken(base):
    both = changed(base, set_field("netzwerke", "forum-boele", "stand", "2026-11-25"))
    result = merge(base, both, both)
    assert result.clean
    assert result.text == both


def test_a_field_removed_on_one_side_and_unchanged_on_the_other_is_removed(base):
    ours = changed(base, set_field("netzwerke", "forum-boele", "kontakte", []))
    result = merge(base, ours, base)
    assert result.clean
    assert result.text == ours


def test_same_field_changed_differently_gets_markers_around_that_field_only(base):
    # Besides the conflict, each side removes one of the two topics of forum-boele: the merged
    # entry has none left, and netz does not write an empty list.
    ours = changed(base, set_field("netzwerke", "forum-boele", "wochentag", "mo"),
                   set_field("netzwerke", "forum-boele", "themen", ["Familie"]),
                   set_field("netzwerke", "ak-kabel", "notiz", "von uns"))
    theirs = changed(base, set_field("netzwerke", "forum-boele", "wochentag", "di"),
                     set_field("netzwerke", "forum-boele", "themen", ["Kinderschutz"]),
                     set_field("netzwerke", "hasper-runde", "notiz", "von denen"))
    result = merge(base, ours, theirs)
    assert not result.clean
    assert [(c.entry, c.field) for c in result.conflicts] == [("netzwerke.forum-boele",
                                                               "wochentag")]
    assert ('<<<<<<< ours\nwochentag = "mo"\n=======\nwochentag = "di"\n'
            ">>>>>>> theirs\n") in result.text
    assert result.text.count("<<<<<<<") == 1
    # Everything outside the markers is the canonical merge; either side resolves to it.
    for side, value in (("ours", "mo"), ("theirs", "di")):
        assert keep(result.text, side) == changed(
            base, set_field("netzwerke", "forum-boele", "wochentag", value),
            set_field("netzwerke", "forum-boele", "themen", []),
            set_field("netzwerke", "ak-kabel", "notiz", "von uns"),
            set_field("netzwerke", "hasper-runde", "notiz", "von denen"))


def test_a_field_removed_on_one_side_and_changed_on_the_other_is_a_conflict(base):
    ours = changed(base, set_field("netzwerke", "forum-boele", "stand", ""))
    theirs = changed(base, set_field("netzwerke", "forum-boele", "stand", "2026-11"))
    result = merge(base, ours, theirs)
    assert [(c.entry, c.field) for c in result.conflicts] == [("netzwerke.forum-boele", "stand")]
    assert '<<<<<<< ours\n=======\nstand = "2026-11"\n>>>>>>> theirs\n' in result.text
    assert keep(result.text, "ours") == ours
    assert keep(result.text, "theirs") == theirs


@pytest.mark.parametrize("deleted_on", ["ours", "theirs"])
@pytest.mark.parametrize(("table", "entry_id"), [("netzwerke", "hasper-runde"),
                                                 ("angebote", "musikschule")])  # the last one
def test_delete_versus_change_is_a_conflict_around_the_whole_entry(base, deleted_on, table,
                                                                     entry_id):
    deleted = changed(base, remove(table, entry_id))
    edited = changed(base, set_field(table, entry_id, "notiz", "geändert"))
    ours, theirs = (deleted, edited) if deleted_on == "ours" else (edited, deleted)
    result = merge(base, ours, theirs)
    assert [(c.entry, c.field) for c in result.conflicts] == [(f"{table}.{entry_id}", "")]
    entry_block = re.search(r"<<<<<<< ours\n(.*?)=======\n(.*?)>>>>>>> theirs\n", result.text,
                            re.DOTALL)
    assert entry_block is not None
    kept = (entry_block[2] if deleted_on == "ours" else entry_block[1]).strip("\n")
    assert kept.startswith(f"[{table}.{entry_id}]\n") and 'notiz = "geändert"' in kept
    assert keep(result.text, "ours") == ours
    assert keep(result.text, "theirs") == theirs


def test_topics_added_on_both_sides_are_merged_as_a_set_ours_first(base):
    ours = changed(base, lambda r: r.netzwerke["forum-boele"].themen.append("Sport"))
    theirs = changed(base, lambda r: r.netzwerke["forum-boele"].themen.append("Musik"),
                     lambda r: r.netzwerke["forum-boele"].themen.remove("Familie"))
    result = merge(base, ours, theirs)
    assert result.clean
    merged = registry_from_text(result.text, "merged").netzwerke["forum-boele"]
    assert merged.themen == ["Kinderschutz", "Sport", "Musik"]


def test_contacts_added_on_both_sides_are_merged(base):
    ours = changed(base, lambda r: r.netzwerke["ak-kabel"].kontakte.append("anna"))
    theirs = changed(base, lambda r: r.netzwerke["ak-kabel"].kontakte.append("treff"))
    result = merge(base, ours, theirs)
    assert result.clean
    assert registry_from_text(result.text, "m").netzwerke["ak-kabel"].kontakte == ["anna", "treff"]


def test_a_reordered_list_against_an_addition_is_a_conflict(base):
    # The first contact is the one to ask: a new order is a decision, not a set change.
    ours = changed(base, set_field("netzwerke", "ag-kita", "kontakte", ["treff", "anna"]))
    theirs = changed(base, lambda r: r.netzwerke["ag-kita"].kontakte.append("unbenutzt"))
    result = merge(base, ours, theirs)
    assert [(c.entry, c.field) for c in result.conflicts] == [("netzwerke.ag-kita", "kontakte")]


def test_titel_and_quelle_merge_like_fields(base):
    ours = changed(base, lambda r: setattr(r, "quelle", "Eigene Erhebung"))
    theirs = changed(base, lambda r: setattr(r, "titel", "Neuer Titel"))
    result = merge(base, ours, theirs)
    assert result.clean
    merged = registry_from_text(result.text, "m")
    assert (merged.titel, merged.quelle) == ("Neuer Titel", "Eigene Erhebung")


def test_titel_changed_differently_is_a_conflict_at_the_top(base):
    ours = changed(base, lambda r: setattr(r, "titel", "Unser Titel"))
    theirs = changed(base, lambda r: setattr(r, "titel", "Ihr Titel"))
    result = merge(base, ours, theirs)
    assert [(c.entry, c.field) for c in result.conflicts] == [("", "titel")]
    assert ('<<<<<<< ours\ntitel = "Unser Titel"\n=======\ntitel = "Ihr Titel"\n'
            ">>>>>>> theirs\n") in result.text
    assert keep(result.text, "theirs") == theirs


def test_hand_edited_sides_are_merged_in_canonical_form(base):
    # A colleague edited the file by hand: other spelling of the kind, padded values, a date.
    ours = base.replace('art = "arbeitskreis"', 'art = "AK"').replace(
        'stand = "2024-06-15"', "stand = 2024-06-15")
    theirs = changed(base, set_field("netzwerke", "ak-kabel", "wochentag", "mi"))
    result = merge(base, ours, theirs)
    assert result.clean
    assert result.text == theirs


def test_an_empty_base_is_an_add_on_both_sides(base):
    # git passes an empty base when both branches added the file independently.
    result = merge("", base, base)
    assert result.clean
    assert result.text == base


def test_a_merge_that_would_not_load_is_not_clean_and_says_why(base):
    # Ours removes the contact "treff" everywhere; theirs gives a new network that contact.
    def drop_treff(r: Registry) -> None:
        for entry in [*r.netzwerke.values(), *r.angebote.values()]:
            if "treff" in entry.kontakte:
                entry.kontakte.remove("treff")
        del r.kontakte["treff"]

    ours = changed(base, drop_treff)
    theirs = changed(base, add_netzwerk("forum-helfe", "Helfe", kontakte=["treff"]))
    result = merge(base, ours, theirs)
    assert not result.clean and not result.conflicts
    assert any("forum-helfe" in p and "treff" in p for p in result.problems)
    assert "<<<<<<<" not in result.text
    assert "[netzwerke.forum-helfe]" in result.text


@pytest.mark.parametrize(("broken", "named"), [(0, "Ausgangsfassung"), (1, "eigene Fassung"),
                                               (2, "andere Fassung")])
def test_a_side_that_is_not_toml_is_refused_with_a_german_message(base, broken, named):
    texts = [base, base, base]
    texts[broken] = base.replace('name = "Arbeitskreis Kabel"', "name = Arbeitskreis Kabel")
    with pytest.raises(NetzError) as caught:
        merge(*texts)
    message = str(caught.value)
    assert named in message and "kein gültiges TOML" in message


# --- members: one level deeper, merged per (netzwerk, kontakt) and field by field ----------------


def add_member(netzwerk_id: str, kontakt_id: str, **fields: str):
    from netzwerk_cli.members import add_member as add

    return lambda r: add(r, netzwerk_id, kontakt_id, today=dt.date(2026, 11, 25), **fields)


def remove_member(netzwerk_id: str, kontakt_id: str):
    from netzwerk_cli.members import remove_member as remove_one

    return lambda r: remove_one(r, netzwerk_id, kontakt_id)


def set_member(netzwerk_id: str, kontakt_id: str, name: str, value: object):
    return lambda r: setattr(r.mitglieder[netzwerk_id][kontakt_id], name, value)


@pytest.fixture
def with_members(base) -> str:
    """The base with two members of forum-boele."""
    return changed(base, add_member("forum-boele", "anna", rolle="koordination", seit="2025-01"),
                   add_member("forum-boele", "treff", seit="2025-02"))


def test_different_members_added_to_one_network_on_both_sides_merge_cleanly(with_members):
    ours = changed(with_members, add_member("forum-boele", "unbenutzt"))
    theirs = changed(with_members, add_member("ag-kita", "anna"),
                     add_member("forum-boele", "treff", rolle="vorbereitungskreis"))
    result = merge(with_members, ours, theirs)
    assert result.clean, (result.conflicts, result.problems)
    assert result.text == changed(with_members, add_member("forum-boele", "unbenutzt"),
                                  add_member("ag-kita", "anna"),
                                  add_member("forum-boele", "treff", rolle="vorbereitungskreis"))


def test_the_first_members_of_a_network_added_on_both_sides_merge_cleanly(base):
    ours = changed(base, add_member("ak-kabel", "anna"))
    theirs = changed(base, add_member("ak-kabel", "treff"))
    result = merge(base, ours, theirs)
    assert result.clean, (result.conflicts, result.problems)
    assert result.text == changed(base, add_member("ak-kabel", "anna"),
                                  add_member("ak-kabel", "treff"))


def test_both_sides_change_different_fields_of_one_membership(with_members):
    ours = changed(with_members, set_member("forum-boele", "treff", "notiz", "kommt selten"))
    theirs = changed(with_members, add_member("forum-boele", "treff", rolle="koordination"))
    result = merge(with_members, ours, theirs)
    assert result.clean, result.conflicts
    merged = registry_from_text(result.text, "m").mitglieder["forum-boele"]["treff"]
    assert (merged.rolle, merged.notiz, merged.seit) == ("koordination", "kommt selten",
                                                          "2025-02")


def test_one_removes_a_member_the_other_adds_one(with_members):
    ours = changed(with_members, remove_member("forum-boele", "anna"))
    theirs = changed(with_members, add_member("forum-boele", "unbenutzt"))
    result = merge(with_members, ours, theirs)
    assert result.clean
    assert result.text == changed(with_members, remove_member("forum-boele", "anna"),
                                  add_member("forum-boele", "unbenutzt"))


def test_the_same_field_of_a_membership_changed_differently_is_a_conflict(with_members):
    ours = changed(with_members, set_member("forum-boele", "anna", "seit", "2024-12"),
                   add_member("forum-boele", "unbenutzt"))
    theirs = changed(with_members, set_member("forum-boele", "anna", "seit", "2025-03"))
    result = merge(with_members, ours, theirs)
    assert [(c.entry, c.field) for c in result.conflicts] == [("mitglieder.forum-boele.anna",
                                                               "seit")]
    assert ('[mitglieder.forum-boele.anna]\nrolle = "koordination"\n<<<<<<< ours\n'
            'seit = "2024-12"\n=======\nseit = "2025-03"\n>>>>>>> theirs\n') in result.text
    assert keep(result.text, "ours") == ours
    assert keep(result.text, "theirs") == changed(theirs, add_member("forum-boele", "unbenutzt"))
    with pytest.raises(RegistryError, match=r"mitglieder\.forum-boele\.anna \(Feld „seit“\)"):
        parse_toml(result.text, "networks.toml")


@pytest.mark.parametrize("removed_on", ["ours", "theirs"])
def test_a_membership_removed_on_one_side_and_changed_on_the_other_is_a_conflict(with_members,
                                                                                 removed_on):
    removed = changed(with_members, remove_member("forum-boele", "treff"))
    edited = changed(with_members, set_member("forum-boele", "treff", "notiz", "neu"))
    ours, theirs = (removed, edited) if removed_on == "ours" else (edited, removed)
    result = merge(with_members, ours, theirs)
    assert [(c.entry, c.field) for c in result.conflicts] == [("mitglieder.forum-boele.treff",
                                                               "")]
    assert keep(result.text, "ours") == ours
    assert keep(result.text, "theirs") == theirs


def test_a_member_added_to_a_network_the_other_side_removed_does_not_load(with_members):
    ours = changed(with_members, remove("netzwerke", "ak-kabel"))
    theirs = changed(with_members, add_member("ak-kabel", "anna"))
    result = merge(with_members, ours, theirs)
    assert not result.clean and not result.conflicts
    assert any("mitglieder.ak-kabel" in p and "Unbekanntes Netzwerk" in p
               for p in result.problems)


# --- a file with conflict markers, in the one read path -------------------------------------------

LINE_MERGE_CONFLICT = """\
schema = 2

[netzwerke.ak-kabel]
name = "Arbeitskreis Kabel"
art = "arbeitskreis"
stadtteile = ["Kabel"]

<<<<<<< HEAD
[netzwerke.forum-bathey]
name = "Forum Bathey"
=======
[netzwerke.forum-boelerheide]
name = "Forum Boelerheide"
>>>>>>> kollegin
art = "netzwerk"

[netzwerke.hasper-runde]
name = "Hasper Runde"
art = "netzwerk"
<<<<<<< ours
wochentag = "mo"
=======
wochentag = "di"
>>>>>>> theirs
bezirke = ["Haspe"]
"""


def test_conflict_markers_name_the_entries_lines_and_how_to_resolve():
    with pytest.raises(RegistryError) as caught:
        parse_toml(LINE_MERGE_CONFLICT, "team/networks.toml")
    message = str(caught.value)
    assert "kein gültiges TOML" not in message
    assert "Konfliktmarken" in message
    assert "Zeile 8–14: netzwerke.forum-bathey, netzwerke.forum-boelerheide" in message
    assert "Zeile 20–24: netzwerke.hasper-runde (Feld „wochentag“)" in message
    for advice in ("`netz check`", "git checkout --ours networks.toml",
                   "git checkout --theirs networks.toml", "<<<<<<<", "======="):
        assert advice in message


def test_conflict_markers_at_the_top_level_and_without_an_end():
    text = 'schema = 2\n<<<<<<< HEAD\ntitel = "A"\n=======\ntitel = "B"\n'
    with pytest.raises(RegistryError) as caught:
        parse_toml(text, "networks.toml")
    assert "Zeile 2–5: oberste Ebene (Feld „titel“)" in str(caught.value)


def test_a_plain_syntax_error_still_gets_the_toml_message():
    with pytest.raises(RegistryError) as caught:
        parse_toml("schema = 2\nname = Haspe\n", "networks.toml")
    assert "kein gültiges TOML" in str(caught.value)


@pytest.mark.parametrize("command", [["list"], ["show", "ak-kabel"], ["info"],
                                     ["edit", "ak-kabel", "--wochentag", "fr"]])
def test_every_command_that_loads_the_file_explains_the_markers(netz, tmp_path, monkeypatch,
                                                                command):
    registry = tmp_path / "networks.toml"
    registry.write_text(LINE_MERGE_CONFLICT, encoding="utf-8")
    monkeypatch.setenv("NETZ_REGISTRY", str(registry))
    result = netz(*command)
    assert result.exit_code == 1
    assert "Konfliktmarken" in result.stderr
    assert "netzwerke.forum-bathey, netzwerke.forum-boelerheide" in result.stderr
    assert "Traceback" not in result.stderr and "kein gültiges TOML" not in result.stderr
    assert registry.read_text("utf-8") == LINE_MERGE_CONFLICT


def test_check_reports_conflict_markers_as_errors(netz, tmp_path):
    registry = tmp_path / "networks.toml"
    registry.write_text(LINE_MERGE_CONFLICT, encoding="utf-8")
    result = netz("check", "--registry", str(registry))
    assert result.exit_code == 1
    assert "Zeile 20–24: ungelöster git-Konflikt bei netzwerke.hasper-runde (Feld „wochentag“)" \
        in result.stdout
    assert "Ergebnis: 3 Fehler" in result.stdout  # two conflicts and how to resolve them
    assert "git checkout --ours networks.toml" in result.stdout


# --- netz merge, the command git calls ------------------------------------------------------------


@pytest.fixture
def three_files(tmp_path, base):
    def write(ours: str, theirs: str, base_text: str = base) -> tuple[Path, Path, Path]:
        paths = tuple(tmp_path / f"{name}.toml" for name in ("base", "ours", "theirs"))
        for path, text in zip(paths, (base_text, ours, theirs), strict=True):
            path.write_text(text, encoding="utf-8")
        return paths  # type: ignore[return-value]

    return write


def test_merge_command_writes_the_merge_into_ours_and_exits_0(netz, three_files, base):
    ours = changed(base, add_netzwerk("forum-bathey", "Bathey"))
    theirs = changed(base, add_netzwerk("forum-boelerheide", "Boelerheide"))
    paths = three_files(ours, theirs)
    result = netz("merge", *map(str, paths))
    assert result.exit_code == 0, result.output
    assert paths[1].read_text("utf-8") == merge(base, ours, theirs).text


def test_merge_command_on_a_conflict_writes_markers_and_exits_1(netz, three_files, base):
    ours = changed(base, set_field("netzwerke", "forum-boele", "wochentag", "mo"))
    theirs = changed(base, set_field("netzwerke", "forum-boele", "wochentag", "di"))
    paths = three_files(ours, theirs)
    result = netz("merge", *map(str, paths))
    assert result.exit_code == 1
    assert "netzwerke.forum-boele" in result.stderr and "wochentag" in result.stderr
    assert "<<<<<<< ours" in paths[1].read_text("utf-8")


def test_merge_command_on_a_merge_that_would_not_load_exits_1(netz, three_files, base):
    ours = changed(base, remove("kontakte", "unbenutzt"))
    theirs = changed(base, add_netzwerk("forum-helfe", "Helfe", kontakte=["unbenutzt"]))
    paths = three_files(ours, theirs)
    result = netz("merge", *map(str, paths))
    assert result.exit_code == 1
    assert "unbenutzt" in result.stderr and "forum-helfe" in result.stderr


def test_merge_command_leaves_ours_alone_when_a_side_is_not_toml(netz, three_files, base):
    broken = base + "\nname = ohne Anführungszeichen\n"
    paths = three_files(base, broken)
    result = netz("merge", *map(str, paths))
    assert result.exit_code == 1
    assert "andere Fassung" in result.stderr and "kein gültiges TOML" in result.stderr
    assert "Traceback" not in result.stderr
    assert paths[1].read_text("utf-8") == base


def test_merge_command_names_the_path_git_gives_in_its_advice(netz, three_files, base):
    paths = three_files(base, base + "\nkaputt\n")
    result = netz("merge", *map(str, paths), "team/networks.toml")
    assert result.exit_code == 1
    assert "`git show :3:team/networks.toml`" in result.stderr


def test_merge_command_keeps_crlf_line_endings(netz, three_files, base):
    ours = changed(base, add_netzwerk("forum-bathey", "Bathey")).replace("\n", "\r\n")
    paths = three_files(ours, base.replace("\n", "\r\n"), base.replace("\n", "\r\n"))
    result = netz("merge", *map(str, paths))
    assert result.exit_code == 0, result.output
    merged = paths[1].read_bytes()
    assert merged.count(b"\r\n") == merged.count(b"\n")
    assert b"[netzwerke.forum-bathey]" in merged


def test_merge_command_names_a_missing_file(netz, tmp_path, base):
    ours = tmp_path / "ours.toml"
    ours.write_text(base, encoding="utf-8")
    result = netz("merge", str(tmp_path / "fehlt.toml"), str(ours), str(ours))
    assert result.exit_code == 1
    assert "fehlt.toml" in result.stderr and "Traceback" not in result.stderr


def test_merge_help_explains_the_git_configuration(netz):
    result = netz("merge", "--help")
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "networks.toml merge=netz" in text
    assert 'git config merge.netz.driver "netz merge %O %A %B"' in text


# --- netz check as a pre-commit hook --------------------------------------------------------------


def test_pre_commit_hook_definition_is_valid():
    yaml = pytest.importorskip("yaml", reason="PyYAML fehlt (Extra „test“ installieren)")
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert isinstance(hooks, list)
    (hook,) = [h for h in hooks if h["id"] == "netz-check"]
    for required in ("id", "name", "entry", "language"):  # what pre-commit's manifest requires
        assert isinstance(hook[required], str) and hook[required]
    assert hook["entry"] == "netz check --registry"
    assert hook["language"] == "python"  # pre-commit installs this repository and runs `netz`
    assert hook["pass_filenames"] is True
    files = re.compile(hook["files"])
    assert files.search("networks.toml") and files.search("team/networks.toml")
    assert not files.search("pyproject.toml")


def test_check_accepts_the_file_names_pre_commit_passes(netz, tmp_path, fixture_file):
    clean = fixture_file("check-sauber.toml")
    broken = tmp_path / "networks.toml"
    broken.write_text(LINE_MERGE_CONFLICT, encoding="utf-8")
    # pre-commit runs `netz check --registry` followed by every staged file that matches.
    result = netz("check", "--registry", str(clean))
    assert result.exit_code == 0, result.output
    result = netz("check", "--registry", str(clean), str(broken))
    assert result.exit_code == 1
    assert f"Prüfung von {clean}" in result.stdout
    assert f"Prüfung von {broken}" in result.stdout
    assert "Konfliktmarken" in result.stdout


# --- end to end: real git, the installed netz -----------------------------------------------------

needs_git = pytest.mark.skipif(shutil.which("git") is None,
                               reason="git ist nicht installiert")


class Repo:
    """A temporary git repository with the Hagen registry, worked on with the installed netz."""

    def __init__(self, path: Path, env: dict[str, str]) -> None:
        self.path, self.env = path, env
        self.registry = path / "networks.toml"

    def git(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(["git", *args], cwd=self.path, env=self.env, capture_output=True,
                                text=True, timeout=60, check=False)
        assert not check or result.returncode == 0, result.stdout + result.stderr
        return result

    def netz(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(["netz", *args], cwd=self.path, env=self.env,
                                capture_output=True, text=True, timeout=60, check=False)
        assert not check or result.returncode == 0, result.stderr
        return result

    def unmerged(self) -> list[str]:
        """The files git holds as conflicted (independent of git's language)."""
        return self.git("diff", "--name-only", "--diff-filter=U").stdout.split()

    def on_branch(self, branch: str, *netz_commands: list[str]) -> None:
        """Start ``branch`` from main, run netz commands on it and commit the result."""
        self.git("checkout", "-q", "-b", branch, "main")
        for command in netz_commands:
            self.netz(*command)
        self.git("commit", "-q", "-am", f"Änderungen auf {branch}")


@pytest.fixture
def repo(tmp_path) -> Repo:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GIT_", "NETZ_")) and k not in {"FORCE_COLOR", "PY_COLORS"}}
    env |= {"PATH": f"{NETZ.parent}{os.pathsep}{env.get('PATH', '')}",
            "HOME": str(tmp_path / "home"), "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CACHE_HOME": str(tmp_path / "cache"),
            "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "Test", "GIT_COMMITTER_NAME": "Test",
            "GIT_AUTHOR_EMAIL": "test@example.org", "GIT_COMMITTER_EMAIL": "test@example.org",
            "NETZ_HEUTE": "2026-11-25"}
    path = tmp_path / "team-register"
    path.mkdir()
    repo = Repo(path, env | {"NETZ_REGISTRY": str(path / "networks.toml")})
    repo.git("init", "-q")
    repo.git("symbolic-ref", "HEAD", "refs/heads/main")  # also where `init -b` is too new
    shutil.copyfile(embedded_registry(), repo.registry)
    (path / ".gitignore").write_text("*.lock\n.netz-sicherungen/\n", encoding="utf-8")
    repo.git("add", ".")
    repo.git("commit", "-q", "-m", "Register der Bildungskonferenz")
    return repo


def use_the_driver(repo: Repo) -> None:
    """The two lines of the README that enable the driver."""
    (repo.path / ".gitattributes").write_text("networks.toml merge=netz\n", encoding="utf-8")
    repo.git("add", ".gitattributes")
    repo.git("commit", "-q", "-m", "netz merge als Merge-Treiber")
    repo.git("config", "merge.netz.driver", "netz merge %O %A %B")


# Two colleagues: two new networks whose ids sort next to each other (both between
# stadtteilforum-altenhagen and stadtteilforum-eppenhausen), and two new fields of ak-90 that
# stand next to each other in the file.
COLLEAGUE_A = [["add", "--name", "Stadtteilforum Boele", "--art", "Netzwerk", "--stadtteil",
                "Boele"],
               ["edit", "ak-90", "--webseite", "https://ak90.example.org"]]
COLLEAGUE_B = [["add", "--name", "Stadtteilforum Boelerheide", "--art", "Netzwerk",
                "--stadtteil", "Boelerheide"],
               ["edit", "ak-90", "--turnus", "4"]]


@needs_git
def test_without_the_driver_git_conflicts_on_entries_that_sort_next_to_each_other(repo):
    repo.on_branch("kollegin-a", *COLLEAGUE_A)
    repo.on_branch("kollegin-b", *COLLEAGUE_B)
    repo.git("checkout", "-q", "kollegin-a")
    merged = repo.git("merge", "--no-edit", "kollegin-b", check=False)
    assert merged.returncode != 0
    assert repo.unmerged() == ["networks.toml"]
    # What a colleague then sees from netz: the German explanation, not a TOML error.
    listed = repo.netz("list", check=False)
    assert listed.returncode == 1
    assert "Konfliktmarken" in listed.stderr
    assert "netzwerke.stadtteilforum-boele" in listed.stderr
    assert "git checkout --ours networks.toml" in listed.stderr
    assert "Traceback" not in listed.stderr


@needs_git
def test_with_the_driver_different_entries_merge_without_conflict(repo):
    use_the_driver(repo)
    repo.on_branch("kollegin-a", *COLLEAGUE_A)
    repo.on_branch("kollegin-b", *COLLEAGUE_B)
    repo.git("checkout", "-q", "kollegin-a")
    merged = repo.git("merge", "--no-edit", "kollegin-b", check=False)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert repo.unmerged() == []
    listed = repo.netz("list", "--stadtteil", "Boele", "--ohne-stadtweit")
    ids = [line.split("\t")[0] for line in listed.stdout.splitlines()]
    assert {"stadtteilforum-boele", "stadtteilforum-boelerheide"} <= set(ids)
    shown = repo.netz("show", "ak-90").stdout
    assert "https://ak90.example.org" in shown and "4 × im Jahr" in shown
    # The merged file is exactly what netz itself would write, and git's tree is clean.
    text = repo.registry.read_text("utf-8")
    assert text == registry_to_toml(registry_from_text(text, "merged"))
    assert repo.git("status", "--porcelain").stdout == ""
    assert repo.netz("check", "--registry", "networks.toml", check=False).returncode == 0


@needs_git
def test_with_the_driver_the_same_field_changed_twice_is_a_conflict_netz_explains(repo):
    use_the_driver(repo)
    repo.on_branch("kollegin-a", ["edit", "ak-90", "--wochentag", "mo"],
                   ["add", "--name", "Stadtteilforum Boele", "--art", "Netzwerk",
                    "--stadtteil", "Boele"])
    repo.on_branch("kollegin-b", ["edit", "ak-90", "--wochentag", "di"])
    repo.git("checkout", "-q", "kollegin-a")
    merged = repo.git("merge", "--no-edit", "kollegin-b", check=False)
    assert merged.returncode != 0
    assert repo.unmerged() == ["networks.toml"]
    text = repo.registry.read_text("utf-8")
    assert ('<<<<<<< ours\nwochentag = "mo"\n=======\nwochentag = "di"\n'
            ">>>>>>> theirs\n") in text
    listed = repo.netz("list", check=False)
    assert listed.returncode == 1
    assert "netzwerke.ak-90 (Feld „wochentag“)" in listed.stderr
    assert "kein gültiges TOML" not in listed.stderr
    # Resolved by hand (keep ours), the file loads and the other colleague's entry is there.
    repo.registry.write_text(keep(text, "ours"), encoding="utf-8")
    assert repo.netz("check", "--registry", "networks.toml", check=False).returncode == 0
    assert "stadtteilforum-boele" in repo.netz("list").stdout


def test_merge_command_keeps_a_byte_order_mark(netz, three_files, base):
    ours = changed(base, add_netzwerk("forum-bathey", "Bathey"))
    paths = three_files(ours, base)
    paths[1].write_bytes(b"\xef\xbb\xbf" + paths[1].read_bytes())
    result = netz("merge", *map(str, paths))
    assert result.exit_code == 0, result.output
    assert paths[1].read_bytes().startswith(b"\xef\xbb\xbf# netz-Register")


def test_merge_command_says_once_that_comments_are_not_kept(netz, three_files, base):
    ours = changed(base, add_netzwerk("forum-bathey", "Bathey")).replace(
        "[netzwerke.forum-boele]\n", "# Sprecherin wechselt im Mai\n[netzwerke.forum-boele]\n")
    theirs = base.replace("[kontakte.anna]\n", "# nur intern\n[kontakte.anna]\n")
    paths = three_files(ours, theirs)
    result = netz("merge", *map(str, paths), "team/networks.toml")
    assert result.exit_code == 0, result.output
    assert "wechselt im Mai" not in paths[1].read_text("utf-8")
    assert result.stderr.count("Die Kommentare der Datei wurden nicht übernommen") == 1
    assert "`git show ORIG_HEAD:team/networks.toml`" in result.stderr
    assert "`git show MERGE_HEAD:team/networks.toml`" in result.stderr


def test_merge_command_without_comments_says_nothing(netz, three_files, base):
    paths = three_files(changed(base, add_netzwerk("forum-bathey", "Bathey")), base)
    result = netz("merge", *map(str, paths))
    assert result.exit_code == 0
    assert result.stderr == ""


@needs_git
def test_with_the_driver_a_comment_is_reported_once_and_git_still_has_it(repo):
    use_the_driver(repo)
    repo.git("checkout", "-q", "-b", "kollegin-a", "main")
    text = repo.registry.read_text("utf-8")
    repo.registry.write_text(text.replace("[netzwerke.ak-90]\n",
                                          "# Sprecher wechselt im Mai\n[netzwerke.ak-90]\n"),
                             encoding="utf-8")
    repo.git("commit", "-q", "-am", "Kommentar")
    repo.on_branch("kollegin-b", ["edit", "ak-90", "--wochentag", "di"])
    repo.git("checkout", "-q", "kollegin-a")
    merged = repo.git("merge", "--no-edit", "kollegin-b", check=False)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    output = merged.stdout + merged.stderr
    assert output.count("Die Kommentare der Datei wurden nicht übernommen") == 1
    assert "wechselt im Mai" not in repo.registry.read_text("utf-8")
    assert "wechselt im Mai" in repo.git("show", "ORIG_HEAD:networks.toml").stdout


@needs_git
def test_with_the_driver_members_added_on_two_branches_merge(repo):
    use_the_driver(repo)
    repo.on_branch("kollegin-a", ["mitglied", "add", "ak-90", "corbacher-20",
                                  "--rolle", "koordination"])
    repo.on_branch("kollegin-b", ["mitglied", "add", "ak-90", "bezirksjugendpflege-haspe"])
    repo.git("checkout", "-q", "kollegin-a")
    merged = repo.git("merge", "--no-edit", "kollegin-b", check=False)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    listed = repo.netz("mitglied", "list", "ak-90").stdout
    assert [line.split("\t")[0] for line in listed.splitlines()] == [
        "bezirksjugendpflege-haspe", "corbacher-20"]
    text = repo.registry.read_text("utf-8")
    assert text == registry_to_toml(registry_from_text(text, "merged"))
