"""``netz mitglied add/remove/list`` and what members change in show, kontakt show, export,
remove and check – through the CliRunner, and the main path through the installed ``netz``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from netzwerk_cli.cli import render
from netzwerk_cli.registry import registry_to_toml
from tests.conftest import FIXTURES, loaded

NETZ = Path(sys.executable).with_name("netz")


@pytest.fixture
def members_file(tmp_path, monkeypatch) -> Path:
    """A writable copy of the members fixture as netz writes it, in use through NETZ_REGISTRY."""
    target = tmp_path / "networks.toml"
    target.write_text(registry_to_toml(loaded(FIXTURES / "mitglieder.toml")), encoding="utf-8")
    monkeypatch.setenv("NETZ_REGISTRY", str(target))
    return target


def tsv(output: str) -> list[list[str]]:
    return [line.split("\t") for line in output.splitlines()]


# --- mitglied add -------------------------------------------------------------------------------


def test_add_writes_one_undoable_change_and_says_what_happened(netz, members_file):
    result = netz("mitglied", "add", "ak-kabel", "anna", "ben", "--rolle", "koordination",
                  "--seit", "2026-02")
    assert result.exit_code == 0, result.output
    assert "Neu in „Arbeitskreis Kabel“ (ak-kabel): Anna Beispiel (anna), Ben Muster (ben) – " \
           "Koordination, seit 2026-02" in result.stderr
    added = loaded(members_file).mitglieder["ak-kabel"]
    assert {k: (m.rolle, m.seit) for k, m in added.items()} == {
        "anna": ("koordination", "2026-02"), "ben": ("koordination", "2026-02")}
    assert netz("undo").exit_code == 0
    assert "ak-kabel" not in loaded(members_file).mitglieder


def test_add_again_changes_nothing_and_says_so(netz, members_file):
    before = members_file.read_bytes()
    result = netz("mitglied", "add", "forum-boele", "anna")
    assert result.exit_code == 0
    assert "Schon Mitglied, unverändert: Anna Beispiel (anna)" in result.stderr
    assert members_file.read_bytes() == before


def test_add_dry_run_shows_the_diff_and_writes_nothing(netz, members_file):
    before = members_file.read_bytes()
    result = netz("mitglied", "add", "ak-kabel", "ben", "--rolle", "vorbereitungskreis",
                  "--dry-run")
    assert result.exit_code == 0
    assert ('+[mitglieder.ak-kabel.ben]\n+rolle = "vorbereitungskreis"\n+seit = "2026-11-25"\n'
            '+bis = "2028-11-25"\n') in result.stdout
    assert members_file.read_bytes() == before


@pytest.mark.parametrize(("args", "message"), [
    (["ak-kabl", "anna"], "Meinten Sie „ak-kabel“?"),
    (["ak-kabel", "Anna Beispiel"], "Ähnliche Kontakte: anna (Anna Beispiel, anna@example.org)"),
    (["ak-kabel", "anna", "--rolle", "chefin"], "Unbekannte Rolle „chefin“"),
    (["ak-kabel", "anna", "--bis", "2027-01"], "„bis“ gilt nur für den Vorbereitungskreis"),
    (["ak-kabel", "anna", "--seit", "letzte Woche"], "„seit“: „letzte Woche“ ist kein Datum"),
])
def test_add_refuses_bad_input_with_exit_2_and_writes_nothing(netz, members_file, args,
                                                               message):
    before = members_file.read_bytes()
    result = netz("mitglied", "add", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert members_file.read_bytes() == before


def test_add_on_a_terminal_offers_similar_contacts_first(netz, members_file, terminal):
    result = netz("mitglied", "add", "ak-kabel", "ANNA beispiel", input="1\n")
    assert result.exit_code == 0, result.output
    assert "1) anna – Anna Beispiel, Familienzentrum Boele, anna@example.org" in result.output
    assert "neu anlegen" in result.output
    assert "anna" in loaded(members_file).mitglieder["ak-kabel"]


def test_add_on_a_terminal_creates_a_new_private_contact_in_the_same_change(
        netz, members_file, terminal):
    answers = "\n".join([
        "j",                                   # create „Dora Neu“?
        "1",                                   # kind: person
        "", "Kita Kabel", "",                  # function, organisation, department
        "", "", "", "",                        # street, postcode, place, phone
        "dora@example.org", "", "",            # e-mail, website, note
        "",                                    # publish? default: no
    ]) + "\n"
    result = netz("mitglied", "add", "ak-kabel", "Dora Neu", input=answers)
    assert result.exit_code == 0, result.output
    saved = loaded(members_file)
    dora = saved.kontakte["dora-neu"]
    assert (dora.art, dora.name, dora.email, dora.oeffentlich) == (
        "person", "Dora Neu", "dora@example.org", False)
    assert "dora-neu" in saved.mitglieder["ak-kabel"]
    assert netz("undo").exit_code == 0  # one change: contact and membership go together
    assert "dora-neu" not in loaded(members_file).kontakte


def test_add_on_a_terminal_answering_no_changes_nothing(netz, members_file, terminal):
    before = members_file.read_bytes()
    result = netz("mitglied", "add", "ak-kabel", "Dora Neu", input="n\n")
    assert result.exit_code == 1
    assert "Nichts geändert." in result.output
    assert members_file.read_bytes() == before


# --- mitglied remove ------------------------------------------------------------------------------


def test_remove_members(netz, members_file):
    result = netz("mitglied", "remove", "forum-boele", "carla", "ben")
    assert result.exit_code == 0, result.output
    assert "Entfernt aus „Stadtteilforum Boele“ (forum-boele): Ben Muster (ben), Carla Probe " \
           "(carla)" in result.stderr
    left = loaded(members_file)
    assert sorted(left.mitglieder["forum-boele"]) == ["anna", "jz-boele", "kita-kabel", "treff"]
    assert "carla" in left.kontakte  # the contact stays


def test_remove_a_non_member_is_refused_and_nothing_is_removed(netz, members_file):
    before = members_file.read_bytes()
    result = netz("mitglied", "remove", "forum-boele", "carla", "ak-kabel")
    assert result.exit_code == 2
    assert "„ak-kabel“ ist kein Mitglied von „forum-boele“" in result.stderr
    assert members_file.read_bytes() == before


# --- mitglied list ------------------------------------------------------------------------------


def test_list_in_a_pipe_is_one_tab_separated_line_per_member(netz, members_file):
    result = netz("mitglied", "list", "forum-boele")
    assert result.exit_code == 0
    rows = tsv(result.stdout)
    assert [r[0] for r in rows] == ["anna", "ben", "carla", "treff", "jz-boele", "kita-kabel"]
    assert rows[0] == ["anna", "Anna Beispiel", "Familienzentrum Boele", "Koordination",
                       "anna@example.org", "02331 123-45", "2024-01-15", ""]
    assert rows[1][3:] == ["Vorbereitungskreis", "Ben.Muster@example.org", "", "2023-12",
                           "2025-12"]
    assert rows[2][:3] == ["carla", "Carla Probe", "Jugendzentrum Boele"]  # from gehoert_zu


def test_list_by_role_and_as_json(netz, members_file):
    rows = tsv(netz("mitglied", "list", "forum-boele", "--rolle", "koordination").stdout)
    assert [r[0] for r in rows] == ["anna"]
    data = json.loads(netz("mitglied", "list", "forum-boele", "--json").stdout)
    assert data[0] == {"netzwerk": "forum-boele", "rolle": "koordination", "seit": "2024-01-15",
                       "bis": "", "notiz": "", "kontakt": data[0]["kontakt"]}
    assert data[0]["kontakt"]["id"] == "anna" and data[0]["kontakt"]["email"] == \
        "anna@example.org"
    plain = tsv(netz("mitglied", "list", "forum-boele", "--rolle", "mitglied").stdout)
    assert [r[0] for r in plain] == ["carla", "treff", "jz-boele", "kita-kabel"]


def test_list_of_a_network_without_members_exits_1(netz, members_file):
    result = netz("mitglied", "list", "ak-kabel")
    assert result.exit_code == 1
    assert "„ak-kabel“ hat noch keine Mitglieder" in result.stderr
    assert netz("mitglied", "list", "ak-kabel", "--json").stdout == "[]\n"


def test_list_at_80_columns_keeps_ids_and_e_mails_whole(netz, members_file, monkeypatch):
    monkeypatch.setattr(render, "is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("NO_COLOR", "1")
    result = netz("mitglied", "list", "forum-boele")
    assert result.exit_code == 0
    assert all(len(line) <= 80 for line in result.stdout.splitlines())
    for whole in ("anna@example.org", "Ben.Muster@example.org", "kita-kabel@example.org",
                  "jz-boele", "02331 123-45", "Vorbereitungskreis"):
        assert any(whole in line for line in result.stdout.splitlines()), whole
    assert "Mitglieder von „Stadtteilforum Boele“ (6)" in result.stdout


# --- show, kontakt show ---------------------------------------------------------------------------


def test_show_names_coordinators_the_vorbereitungskreis_and_the_count(netz, members_file):
    result = netz("show", "forum-boele")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "  Koordination: Anna Beispiel (anna)" in lines
    assert "  Vorbereitungskreis: Ben Muster (ben) bis 2025-12 – abgelaufen" in lines
    assert "  Mitglieder: 6 (`netz mitglied list forum-boele`)" in lines
    assert "Koordination" not in netz("show", "ak-kabel").stdout


def test_show_json_has_the_members(netz, members_file):
    data = json.loads(netz("show", "forum-boele", "--json").stdout)
    assert [m["kontakt"]["id"] for m in data["mitglieder"]][:2] == ["anna", "ben"]
    assert data["mitglieder"][0]["rolle"] == "koordination"


def test_kontakt_show_lists_memberships_and_organisation(netz, members_file):
    netz("mitglied", "add", "ak-kabel", "anna")
    anna = netz("kontakt", "show", "anna").stdout.splitlines()
    assert ("  Mitglied in: Arbeitskreis Kabel (ak-kabel); Stadtteilforum Boele (forum-boele) – "
            "Koordination") in anna
    assert "  Gehört zu: Jugendzentrum Boele (jz-boele)" in netz("kontakt", "show",
                                                                 "carla").stdout.splitlines()
    assert "  Dazu gehören: Carla Probe (carla)" in netz("kontakt", "show",
                                                         "jz-boele").stdout.splitlines()
    data = json.loads(netz("kontakt", "show", "anna", "--json").stdout)
    assert data["mitglied_in"] == [
        {"netzwerk": "ak-kabel", "rolle": "", "seit": "2026-11-25", "bis": "", "notiz": ""},
        {"netzwerk": "forum-boele", "rolle": "koordination", "seit": "2024-01-15", "bis": "",
         "notiz": ""}]


def test_kontakt_add_and_edit_set_gehoert_zu(netz, members_file):
    result = netz("kontakt", "add", "--name", "Ede Neu", "--gehoert-zu", "jz-boele")
    assert result.exit_code == 0, result.output
    assert loaded(members_file).kontakte["ede-neu"].gehoert_zu == "jz-boele"
    result = netz("kontakt", "edit", "ede-neu", "--gehoert-zu", "anna")
    assert result.exit_code == 2
    assert "„anna“ ist keine Organisation" in result.stderr
    assert netz("kontakt", "edit", "ede-neu", "--gehoert-zu", "").exit_code == 0
    assert loaded(members_file).kontakte["ede-neu"].gehoert_zu == ""


# --- remove network / contact -------------------------------------------------------------------


def test_removing_a_network_says_its_memberships_go_too(netz, members_file):
    result = netz("remove", "forum-boele", "--yes")
    assert result.exit_code == 0, result.output
    assert "Mit dem Netzwerk entfernt: 6 Mitgliedschaften" in result.stderr
    assert loaded(members_file).mitglieder == {}


def test_removing_a_member_contact_needs_force(netz, members_file):
    result = netz("kontakt", "remove", "anna", "--yes")
    assert result.exit_code == 2
    assert "wird noch genutzt als Mitglied in: forum-boele" in result.stderr
    result = netz("kontakt", "remove", "anna", "--yes", "--force")
    assert result.exit_code == 0
    assert "Gelöst von: forum-boele (Mitglied)" in result.stderr
    assert "anna" not in loaded(members_file).mitglieder["forum-boele"]


# --- export ---------------------------------------------------------------------------------------


def test_export_verteiler_by_network_has_members_and_ansprechpartner(netz, members_file):
    result = netz("export", "verteiler", "--netzwerk", "forum-boele")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "anna@example.org", "Ben.Muster@example.org", "jz-boele@example.org",
        "kita-kabel@example.org", "treff@example.org"]
    assert "Ohne E-Mail-Adresse: Carla Probe (carla) – Stadtteilforum Boele" in result.stderr


def test_export_verteiler_by_role_and_public_only(netz, members_file):
    coordinators = netz("export", "verteiler", "--netzwerk", "forum-boele", "--rolle",
                        "koordination", "--format", "outlook")
    assert coordinators.stdout == "Anna Beispiel <anna@example.org>\n"
    public = netz("export", "verteiler", "--netzwerk", "forum-boele", "--netzwerk", "ak-kabel",
                  "--nur-oeffentlich")
    assert public.stdout.splitlines() == ["Ben.Muster@example.org", "jz-boele@example.org",
                                          "treff@example.org"]
    assert "3 Kontakte ausgelassen" in public.stderr


def test_export_kontakte_has_the_members_in_every_format(netz, members_file):
    data = json.loads(netz("export", "kontakte", "--netzwerk", "forum-boele", "--format",
                           "json").stdout)
    assert sorted(k["id"] for k in data) == ["anna", "ben", "carla", "jz-boele", "kita-kabel",
                                            "treff"]
    csv_rows = netz("export", "kontakte", "--netzwerk", "forum-boele").stdout.splitlines()
    assert len(csv_rows) == 7
    vcard = netz("export", "kontakte", "--netzwerk", "forum-boele", "--format", "vcard").stdout
    assert vcard.count("BEGIN:VCARD") == 6


def test_export_unknown_network_or_role_is_a_usage_error(netz, members_file):
    result = netz("export", "verteiler", "--netzwerk", "forum-bole")
    assert result.exit_code == 2 and "Meinten Sie „forum-boele“?" in result.stderr
    result = netz("export", "verteiler", "--rolle", "chefin")
    assert result.exit_code == 2 and "Unbekannte Rolle „chefin“" in result.stderr


def test_export_html_shows_counts_and_public_organisations_only(netz, members_file):
    page = netz("export", "html").stdout
    assert "6 Mitglieder" in page and "Jugendzentrum Boele" in page
    for private in ("Kita Kabel", "Anna Beispiel", "Carla Probe", "Ben Muster"):
        assert private not in page


def test_info_counts_the_memberships(netz, members_file):
    assert json.loads(netz("info", "--json").stdout)["mitgliedschaften"] == 6
    assert "Mitgliedschaften\t6" in netz("info").stdout


# --- check ----------------------------------------------------------------------------------------


def test_check_reports_members(netz, members_file):
    result = netz("check")
    assert result.exit_code == 0
    assert "mitglieder.forum-boele.ben · bis" in result.stdout
    assert "seit 2025-12 abgelaufen – wechseln" in result.stdout
    assert "1 Mitglied ohne E-Mail-Adresse: Carla Probe (carla)" in result.stdout


# --- the installed netz -------------------------------------------------------------------------


def test_members_through_the_installed_netz(members_file, tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in {"FORCE_COLOR", "PY_COLORS", "GITHUB_ACTIONS"}}
    env |= {"NETZ_REGISTRY": str(members_file), "NETZ_HEUTE": "2026-11-25",
            "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CACHE_HOME": str(tmp_path / "cache"),
            "XDG_CONFIG_HOME": str(tmp_path / "config"), "HOME": str(tmp_path / "home")}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(NETZ), *args], capture_output=True, text=True, env=env,
                              timeout=60, check=False)

    added = run("mitglied", "add", "ak-kabel", "ben", "--rolle", "koordination")
    assert added.returncode == 0, added.stderr
    listed = run("mitglied", "list", "ak-kabel")
    assert tsv(listed.stdout)[0][:4] == ["ben", "Ben Muster", "", "Koordination"]
    exported = run("export", "verteiler", "--netzwerk", "ak-kabel")
    assert exported.stdout.splitlines() == ["Ben.Muster@example.org", "treff@example.org"]
    unknown = run("mitglied", "add", "ak-kabel", "niemand")
    assert unknown.returncode == 2 and "Traceback" not in unknown.stderr
