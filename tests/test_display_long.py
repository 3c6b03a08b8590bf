"""Long listings at a terminal: the first 50 rows, then what was left out and how to see it.

A person at a terminal never waits for a table of 10,000 rows: a listing longer than
``render.TERMINAL_ROWS`` shows its first rows and a note on stderr with the counts, how to see
all (``--alle``) and how to narrow it. ``--alle`` shows every row, through a pager (NETZ_PAGER,
PAGER, else less) when it is longer than the screen. In a pipe nothing changes: every row, as
before. The registry here is the shipped Hagen data plus 100 networks in Wehringhausen, 60
contacts who are all members of one of them, 60 meetings of it, 60 offers and 100 topics.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from drivers.terminal import NETZ, on_a_terminal

from netzwerk_cli.cli import render
from netzwerk_cli.model import Angebot, Kontakt, Mitglied, Netzwerk, Treffen
from netzwerk_cli.registry import embedded_registry, registry_from_text, registry_to_toml

LIMIT = 50
EXTRA = 100  # generated networks
PEOPLE = 60  # generated contacts, members, meetings and offers


@pytest.fixture
def many(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The Hagen registry with many entries of every kind, in use through NETZ_REGISTRY."""
    registry = registry_from_text(embedded_registry().read_text("utf-8"), "hagen")
    for number in range(PEOPLE):
        registry.kontakte[f"person-{number:03d}"] = Kontakt(
            art="person", name=f"Person {number:03d}", email=f"person{number}@example.org")
        registry.angebote[f"angebot-{number:03d}"] = Angebot(
            name=f"Angebot {number:03d}", themen=["Jugendarbeit"])
    for number in range(EXTRA):
        registry.netzwerke[f"forum-{number:03d}"] = Netzwerk(
            name=f"Forum {number:03d} Wehringhausen", art="netzwerk",
            stadtteile=["Wehringhausen"], themen=[f"Thema {number:03d}"],
            kontakte=[f"person-{number % PEOPLE:03d}"], stand="2019-01")
    registry.mitglieder["forum-000"] = {f"person-{n:03d}": Mitglied(seit="2024-01")
                                        for n in range(PEOPLE)}
    for number in range(PEOPLE):
        registry.treffen[f"forum-000-{number:03d}"] = Treffen(
            netzwerk="forum-000", datum=f"2027-{number % 12 + 1:02d}-{number % 28 + 1:02d}",
            ort="Stadtteilbüro")
    path = tmp_path / "viele.toml"
    path.write_text(registry_to_toml(registry), encoding="utf-8")
    monkeypatch.setenv("NETZ_REGISTRY", str(path))
    return path


def on_terminal(monkeypatch: pytest.MonkeyPatch, lines: int = 40) -> None:
    monkeypatch.setattr(render, "is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("LINES", str(lines))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("NETZ_PAGER", "")  # no pager unless a test asks for one


def first_column(tsv: str) -> list[str]:
    return [line.split("\t")[0] for line in tsv.splitlines()]


def shown(ids: list[str], output: str) -> list[str]:
    """The ids that stand whole in the output, in the order of ``ids``."""
    return [i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", output)]


def thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


# --- netz list -------------------------------------------------------------------------------


def test_a_long_list_at_a_terminal_shows_its_first_rows_and_what_was_left_out(
        netz, many, monkeypatch):
    ids = first_column(netz("list").stdout)
    total = len(ids)
    on_terminal(monkeypatch)
    result = netz("list")
    assert result.exit_code == 0, result.output
    assert shown(ids, result.stdout) == ids[:LIMIT]
    assert f"Netzwerke ({total})" in result.stdout  # the title counts all
    note = " ".join(result.stderr.split())
    assert (f"… {total - LIMIT} nicht gezeigt: die ersten {LIMIT} von {total} Netzwerken "
            "stehen oben.") in note
    assert "Alle zeigen: --alle" in note
    assert "eingrenzen: --bezirk, --stadtteil, --thema, --art oder `netz search TEXT`" in note


def test_alle_shows_every_row_at_a_terminal(netz, many, monkeypatch):
    ids = first_column(netz("list").stdout)
    on_terminal(monkeypatch)
    result = netz("list", "--alle")
    assert result.exit_code == 0, result.output
    assert shown(ids, result.stdout) == ids
    assert "nicht gezeigt" not in result.stderr


def test_piped_output_stays_complete_and_alle_changes_nothing_there(netz, many):
    piped = netz("list")
    assert piped.stderr == ""
    assert len(piped.stdout.splitlines()) == len(registry_from_text(
        many.read_text("utf-8"), str(many)).netzwerke)
    assert netz("list", "--alle").stdout == piped.stdout
    assert netz("list", "--json", "--alle").stdout == netz("list", "--json").stdout


def test_a_short_list_is_shown_whole_without_a_note(netz, hagen_in_use, monkeypatch):
    on_terminal(monkeypatch)
    result = netz("list")
    assert "Netzwerke (22)" in result.stdout
    assert "nicht gezeigt" not in result.stderr


def test_list_by_area_cuts_each_table_and_keeps_their_columns_aligned(netz, many, monkeypatch):
    ids = first_column(netz("list", "--bezirk", "Mitte").stdout)
    local = [i for i in ids if i.startswith("forum-")]
    on_terminal(monkeypatch)
    result = netz("list", "--bezirk", "Mitte")
    assert result.exit_code == 0, result.output
    assert shown(local, result.stdout) == local[:LIMIT]
    headers = [line for line in result.stdout.splitlines() if line.startswith("┃")]
    assert len(headers) == 2 and headers[0] == headers[1]
    assert "Stadtweit, überall zuständig (6)" in result.stdout
    note = " ".join(result.stderr.split())
    assert f"die ersten {LIMIT} von {len(ids) - 6} Netzwerken vor Ort" in note


# --- every listing command ---------------------------------------------------------------------

LISTINGS = [
    (["list"], "Netzwerken"),
    (["search", "forum"], "Treffern"),
    (["kontakt", "list"], "Kontakten"),
    (["mitglied", "list", "forum-000"], "Mitgliedern"),
    (["treffen", "list"], "Treffen"),
    (["angebote"], "Angeboten"),
    (["angebote", "vorschlagen", "forum-000"], "Angeboten"),
    (["faellig"], "Einträgen"),
    (["themen"], "Themen"),
]


@pytest.mark.parametrize(("args", "what"), LISTINGS, ids=lambda v: " ".join(v)
                         if isinstance(v, list) else "")
def test_every_long_listing_is_cut_at_a_terminal_and_whole_with_alle(
        netz, many, monkeypatch, args, what):
    piped = netz(*args).stdout.splitlines()
    assert len(piped) > LIMIT, args
    on_terminal(monkeypatch)
    cut = netz(*args)
    assert cut.exit_code == 0, cut.output
    note = " ".join(cut.stderr.split())
    assert f"die ersten {LIMIT} von {thousands(len(piped))} {what} stehen oben." in note
    assert "Alle zeigen: --alle" in note
    whole = netz(*args, "--alle")
    assert whole.exit_code == 0, whole.output
    assert "nicht gezeigt" not in whole.stderr
    assert len(whole.stdout.splitlines()) > len(cut.stdout.splitlines())


def test_every_listing_command_says_in_its_help_what_alle_does(netz):
    for args, _ in LISTINGS:
        command = [a for a in args if not a.startswith("forum") and a != "vorschlagen"]
        if args[:1] == ["search"]:
            command = ["search"]
        result = netz(*command, "--help")
        assert "--alle" in result.stdout, command
        assert f"nicht nur die ersten {render.TERMINAL_ROWS}" in " ".join(
            re.sub(r"[│]", " ", result.stdout).split()), command


# --- only the rows shown are rendered ----------------------------------------------------------


def test_only_the_shown_rows_are_laid_out_and_formatted(monkeypatch, capsys):
    """Counted, not timed: 10,000 rows, yet Rich cells and layout measures only for 50."""
    on_terminal(monkeypatch)
    calls = {"cell": 0, "extent": 0}
    rich_cell, extent = render._rich_cell, render._extent

    def counting_cell(cell):
        calls["cell"] += 1
        return rich_cell(cell)

    def counting_extent(cell, whole):
        calls["extent"] += 1
        return extent(cell, whole)

    monkeypatch.setattr(render, "_rich_cell", counting_cell)
    monkeypatch.setattr(render, "_extent", counting_extent)
    rows = [[f"id-{n}", f"Name {n}", "Arbeitskreis"] for n in range(10_000)]
    render.print_rows("Viele (10000)", ["ID", "Name", "Art"], rows,
                      listing=render.Listing(False, "Zeilen"))
    out, err = capsys.readouterr()
    assert calls["cell"] == LIMIT * 3
    assert calls["extent"] <= (LIMIT + 1) * 3
    assert "id-49" in out and "id-50" not in out
    assert f"die ersten {LIMIT} von 10.000 Zeilen" in " ".join(err.split())


def test_without_a_listing_a_table_is_shown_whole(monkeypatch, capsys):
    """Tables of commands without --alle (netz bezirke, netz info) are never cut."""
    on_terminal(monkeypatch)
    rows = [[f"id-{n}", f"Name {n}"] for n in range(LIMIT + 10)]
    render.print_rows("Orte", ["ID", "Name"], rows)
    out, err = capsys.readouterr()
    assert f"id-{LIMIT + 9}" in out and err == ""


# --- the pager for --alle ----------------------------------------------------------------------


@pytest.fixture
def pager(tmp_path: Path) -> tuple[str, Path]:
    """A pager command that writes what it gets into a file."""
    received = tmp_path / "pager.txt"
    script = tmp_path / "pager.py"
    script.write_text("import sys, pathlib\n"
                      "pathlib.Path(sys.argv[1]).write_bytes(sys.stdin.buffer.read())\n")
    return shlex.join([sys.executable, str(script), str(received)]), received


def test_alle_pages_a_list_longer_than_the_screen_through_netz_pager(netz, many, monkeypatch,
                                                                    pager):
    ids = first_column(netz("list").stdout)
    on_terminal(monkeypatch, lines=30)
    monkeypatch.setenv("NETZ_PAGER", pager[0])
    monkeypatch.setenv("PAGER", "kein-solcher-pager")  # NETZ_PAGER wins
    result = netz("list", "--alle")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert shown(ids, pager[1].read_text("utf-8")) == ids


def test_alle_honours_pager_when_netz_pager_is_not_set(netz, many, monkeypatch, pager):
    on_terminal(monkeypatch, lines=30)
    monkeypatch.delenv("NETZ_PAGER")
    monkeypatch.setenv("PAGER", pager[0])
    result = netz("mitglied", "list", "forum-000", "--alle")
    assert result.exit_code == 0, result.output
    assert "person-059" in pager[1].read_text("utf-8")


def test_alle_prints_what_fits_on_the_screen_without_a_pager(netz, hagen_in_use, monkeypatch,
                                                             pager):
    on_terminal(monkeypatch, lines=500)
    monkeypatch.setenv("NETZ_PAGER", pager[0])
    result = netz("list", "--alle")
    assert "ak-90" in result.stdout
    assert not pager[1].exists()


def test_a_pager_that_quits_before_reading_everything_is_no_error(netz, many, monkeypatch):
    on_terminal(monkeypatch, lines=30)
    monkeypatch.setenv("NETZ_PAGER", shlex.join([sys.executable, "-c", "pass"]))
    result = netz("list", "--alle")
    assert (result.exit_code, result.stdout, result.exception) == (0, "", None)
    render._page("Zeile\n" * 200_000, [sys.executable, "-c", "pass"], "NETZ_PAGER")  # > a pipe


def test_a_missing_pager_prints_everything_directly(netz, many, monkeypatch):
    ids = first_column(netz("list").stdout)
    on_terminal(monkeypatch, lines=30)
    monkeypatch.setenv("NETZ_PAGER", "kein-solcher-pager --mit-option")
    result = netz("list", "--alle")
    assert result.exit_code == 0, result.output
    assert shown(ids, result.stdout) == ids
    assert "Der Pager „kein-solcher-pager --mit-option“ (NETZ_PAGER) lässt sich nicht starten" \
        in " ".join(result.stderr.split())


# --- end to end: the installed netz on a real pseudo-terminal ---------------------------------

@pytest.mark.skipif(not hasattr(os, "openpty") or sys.platform == "win32",
                    reason="braucht Pseudo-Terminals (POSIX)")
def test_installed_netz_at_a_terminal_cuts_a_long_list_and_pipes_it_whole(many, tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in {"FORCE_COLOR", "PY_COLORS", "COLUMNS", "LINES", "PAGER"}}
    env |= {"NETZ_REGISTRY": str(many), "TERM": "xterm", "NETZ_PAGER": ""}
    piped = subprocess.run([str(NETZ), "list"], env=env, capture_output=True, text=True,
                           check=True).stdout
    ids = first_column(piped)
    out, err = on_a_terminal(["list"], env)
    assert shown(ids, out) == ids[:LIMIT]
    assert f"die ersten {LIMIT} von {len(ids)} Netzwerken" in " ".join(err.split())
    out, err = on_a_terminal(["list", "--alle"], env)
    assert shown(ids, out) == ids and "nicht gezeigt" not in err
