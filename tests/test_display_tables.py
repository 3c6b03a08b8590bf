"""Tables on a terminal: at 80 columns ids, names, e-mails and phones stay whole; at 200 all fits.

The commands run through the CliRunner with ``render.is_terminal`` forced true, so Rich draws its
tables; Rich takes the width from COLUMNS (plain text: the runner's stdout is no real terminal).
"""

from __future__ import annotations

import re

import pytest

from netzwerk_cli.cli import render
from netzwerk_cli.registry import registry_from_text


@pytest.fixture
def hagen(hagen_file, monkeypatch):
    monkeypatch.setenv("NETZ_REGISTRY", str(hagen_file))
    return registry_from_text(hagen_file.read_text("utf-8"), str(hagen_file))


def on_terminal(monkeypatch, columns: int) -> None:
    monkeypatch.setattr(render, "is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", str(columns))
    monkeypatch.setenv("NO_COLOR", "1")


def whole(text: str, output: str) -> bool:
    """Whether ``text`` stands unbroken on one line of the output (not as part of a longer id)."""
    pattern = rf"(?<![\w@.-]){re.escape(text)}(?![\w@.-])"
    return any(re.search(pattern, line) for line in output.splitlines())


def tokens(output: str) -> set[str]:
    return set(re.split(r"[\s│┃]+", output))


def words_whole(text: str, output: str) -> bool:
    """Whether every word of ``text`` appears as a word of the output (wrapped only at spaces)."""
    return set(text.split()) <= tokens(output)


def fits(output: str, columns: int) -> bool:
    return all(len(line) <= columns for line in output.splitlines())


# --- 80 columns ------------------------------------------------------------------------------


def test_list_at_80_columns_keeps_ids_names_and_contacts_whole(netz, hagen, monkeypatch):
    on_terminal(monkeypatch, 80)
    result = netz("list")
    assert result.exit_code == 0, result.output
    assert fits(result.stdout, 80)
    for entry_id, netzwerk in hagen.netzwerke.items():
        assert whole(entry_id, result.stdout), entry_id
        assert words_whole(netzwerk.name, result.stdout), netzwerk.name
    assert words_whole("CORBACHER 20, Beratung und Begegnung", result.stdout)
    assert "Kontakt" in result.stdout and "Gebiet" in result.stdout


@pytest.mark.parametrize("columns", [80, 100, 200])
def test_list_by_area_draws_both_tables_with_the_same_columns(netz, hagen, monkeypatch, columns):
    on_terminal(monkeypatch, columns)
    lines = netz("list", "--bezirk", "Haspe").stdout.splitlines()
    headers = [line for line in lines if line.startswith("┃")]
    assert len(headers) == 2 and headers[0] == headers[1]


def test_search_at_80_columns_keeps_ids_whole(netz, hagen, monkeypatch):
    on_terminal(monkeypatch, 80)
    result = netz("search", "jugend")
    assert result.exit_code == 0, result.output
    assert fits(result.stdout, 80)
    assert whole("moderatorengruppe", result.stdout)
    assert whole("stadtbezirkskonferenz-hohenlimburg", result.stdout)


def test_faellig_at_80_columns_keeps_whom_to_ask_with_address_and_phone_whole(netz, hagen,
                                                                              monkeypatch):
    on_terminal(monkeypatch, 80)
    result = netz("faellig")
    assert result.exit_code == 0, result.output
    assert fits(result.stdout, 80)
    for entry_id in [*hagen.netzwerke, *hagen.angebote]:
        assert whole(entry_id, result.stdout), entry_id
    assert whole("Keller@stadt-hagen.de", result.stdout)
    assert whole("corbacher20@gmx.de", result.stdout)
    assert whole("02331 207-3608", result.stdout)
    assert words_whole("Natalia Keller", result.stdout)
    assert "Ansprechpartner" in result.stdout


def test_kontakt_list_at_80_columns_keeps_names_phones_and_emails_whole(netz, hagen,
                                                                        monkeypatch):
    on_terminal(monkeypatch, 80)
    result = netz("kontakt", "list")
    assert result.exit_code == 0, result.output
    assert fits(result.stdout, 80)
    for kontakt_id, kontakt in hagen.kontakte.items():
        assert whole(kontakt_id, result.stdout), kontakt_id
        assert words_whole(kontakt.display_name, result.stdout), kontakt.display_name
        for value in (kontakt.email, kontakt.telefon):
            assert not value or whole(value, result.stdout), value
    assert "Telefon" in result.stdout and "E-Mail" in result.stdout


def test_angebote_at_80_columns_keeps_ids_whole(netz, hagen, monkeypatch):
    on_terminal(monkeypatch, 80)
    result = netz("angebote")
    assert fits(result.stdout, 80)
    for entry_id in hagen.angebote:
        assert whole(entry_id, result.stdout), entry_id


def test_check_at_80_columns_wraps_at_spaces_and_never_inside_a_word(netz, hagen, monkeypatch):
    piped = netz("check").stdout
    on_terminal(monkeypatch, 80)
    result = netz("check")
    assert fits(result.stdout, 80)
    assert tokens(result.stdout) == tokens(piped)
    assert whole("`netz verify runder-tisch-wehringhausen`", " ".join(result.stdout.split()))
    assert whole("`netz verify ag-1`", result.stdout)  # a command stays on one line


def test_check_in_a_pipe_keeps_one_line_per_message(netz, hagen):
    lines = netz("check").stdout.splitlines()
    assert ("    Stand 2017-04 ist 115 Monate alt (Grenze: 12). Prüfen und mit "
            "`netz verify runder-tisch-wehringhausen` bestätigen.") in lines


# --- 200 columns -----------------------------------------------------------------------------


def test_list_at_200_columns_shows_every_column(netz, hagen, monkeypatch):
    on_terminal(monkeypatch, 200)
    result = netz("list")
    assert fits(result.stdout, 200)
    for heading in ("Name / ID", "Art", "Gebiet", "Themen", "Kontakt"):
        assert heading in result.stdout
    for entry_id, netzwerk in hagen.netzwerke.items():
        assert whole(entry_id, result.stdout), entry_id
        assert words_whole(netzwerk.name, result.stdout), netzwerk.name
    assert whole("AG 5: Jugendhilfe und Schule (OGS, Schulsozialarbeit)", result.stdout)


def test_faellig_at_200_columns_shows_stand_and_months(netz, hagen, monkeypatch):
    on_terminal(monkeypatch, 200)
    result = netz("faellig")
    assert "Stand" in result.stdout and "Monate" in result.stdout
    assert whole("2017-04", result.stdout)
    assert whole("Keller@stadt-hagen.de", result.stdout)


def test_kontakt_list_at_200_columns_shows_every_column(netz, hagen, monkeypatch):
    on_terminal(monkeypatch, 200)
    result = netz("kontakt", "list")
    for heading in ("Telefon", "E-Mail", "Öffentlich", "Netzwerke"):
        assert heading in result.stdout
    assert whole("Stadt Hagen, Fachbereich Jugend & Soziales", result.stdout)


# --- what drops is documented ----------------------------------------------------------------


@pytest.mark.parametrize(("command", "dropped"), [
    (["list"], "Themen, dann Art"),
    (["search"], "Themen, dann Art"),
    (["faellig"], "Stand"),
    (["kontakt", "list"], "Öffentlich, dann Netzwerke"),
    (["angebote"], "Themen"),
])
def test_help_says_which_columns_drop_on_a_narrow_terminal(netz, command, dropped):
    text = " ".join(netz(*command, "--help").stdout.replace("│", " ").split())
    assert "schmalen Terminal" in text
    assert dropped in text


# --- the layout itself -----------------------------------------------------------------------


def test_layout_drops_optional_columns_in_order_until_the_rest_fits():
    columns = [render.Column("Name / ID", whole=True), render.Column("Art", drop=2),
               render.Column("Themen", drop=1), render.Column("Kontakt")]
    rows = [["x" * 30, "Arbeitsgemeinschaft", "Kindertagesbetreuung, Jugendhilfe und Schule",
             "Natalia Keller"]]
    assert render.layout(columns, rows, 200).shown == [0, 1, 2, 3]
    assert render.layout(columns, rows, 80).shown == [0, 1, 3]
    assert render.layout(columns, rows, 60).shown == [0, 3]


def test_layout_gives_each_kept_column_at_least_its_longest_unbreakable_part():
    columns = [render.Column("ID", whole=True), render.Column("Name"),
               render.Column("E-Mail", whole=True)]
    rows = [["stadtbezirkskonferenz-haspe", "Stadtbezirkskonferenz Haspe " * 4,
             "keller@stadt-hagen.de"]]
    plan = render.layout(columns, rows, 80)
    assert plan.widths is not None
    assert plan.widths[0] >= len("stadtbezirkskonferenz-haspe")
    assert plan.widths[1] >= len("Stadtbezirkskonferenz")
    assert plan.widths[2] >= len("keller@stadt-hagen.de")
    assert sum(plan.widths) + 3 * 3 + 1 <= 80
