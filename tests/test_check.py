"""netz check, netz faellig and netz luecken: each finding triggered by a registry built for it."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from netzwerk_cli.check import ERROR, HINT, WARNING, check_registry, due_entries
from netzwerk_cli.coverage import coverage, coverage_of_places
from netzwerk_cli.registry import embedded_registry, registry_from_text

TODAY = dt.date(2026, 11, 25)  # the same day conftest sets as NETZ_HEUTE for the commands


@pytest.fixture
def clean(fixture_file) -> str:
    return fixture_file("check-sauber.toml").read_text("utf-8")


def findings(text: str, **kwargs):
    return check_registry(text, "t.toml", TODAY, **kwargs)


def replaced(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new)


def test_clean_registry_has_no_findings(clean):
    assert findings(clean) == []


@pytest.mark.parametrize(("old", "new", "level", "entry", "field", "message"), [
    ('email = "treff@example.org"', 'email = "treff(at)example.org"', ERROR, "kontakte.treff",
     "email", "keine gültige E-Mail-Adresse"),
    ('telefon = "02331 44234"', 'telefon = "44234"', ERROR, "kontakte.treff", "telefon",
     "hat keine Vorwahl"),
    ('oeffentlich = true', 'plz = "44135"\nort = "Hagen"\noeffentlich = true', ERROR,
     "kontakte.treff", "plz", "keine Hagener Postleitzahl"),
    ('webseite = "https://forum-boele.example.org"', 'webseite = "forum boele"', ERROR,
     "netzwerke.forum-boele", "webseite", "keine gültige Webadresse"),
    ('stand = "2026-06"', 'stand = "2024-01"', WARNING, "netzwerke.forum-boele", "stand",
     "Stand 2024-01 ist 34 Monate alt (Grenze: 12). Prüfen und mit `netz verify forum-boele`"),
    ('stand = "2026-06"\n', '', WARNING, "netzwerke.forum-boele", "stand", "Kein Stand"),
    ('telefon = "02331 44234"\nemail = "treff@example.org"\n', '', WARNING,
     "netzwerke.forum-boele", "kontakte", "keinen Kontakt mit E-Mail oder Telefon"),
    ('themen = ["Familie"]\n', '', HINT, "netzwerke.forum-boele", "themen", "Keine Themen"),
    ('webseite = "https://forum-boele.example.org"\n', '', HINT, "netzwerke.forum-boele",
     "webseite", "Keine Webseite"),
    ('telefon = "02331 44234"', 'telefon = "0 23 31 / 4 42 34"', HINT, "kontakte.treff",
     "telefon", "einheitlichen Form „02331 44234“"),
])
def test_each_finding_names_entry_field_and_what_to_do(clean, old, new, level, entry, field,
                                                       message):
    (finding,) = findings(replaced(clean, old, new))
    assert (finding.level, finding.entry, finding.field) == (level, entry, field)
    assert message in finding.message


def test_unused_contact_is_a_warning(clean):
    text = clean + '\n[kontakte.alt]\nart = "organisation"\norganisation = "Alt"\n'
    (finding,) = findings(text + "oeffentlich = true\n")
    assert (finding.level, finding.entry) == (WARNING, "kontakte.alt")
    assert "gehört zu keinem Netzwerk" in finding.message


def test_same_address_twice_is_a_warning(clean):
    text = replaced(clean, 'kontakte = ["treff"]', 'kontakte = ["treff", "treff2"]') + (
        '\n[kontakte.treff2]\nart = "organisation"\norganisation = "Treff"\n'
        'email = "TREFF@example.org"\noeffentlich = true\n')
    (finding,) = findings(text)
    assert (finding.level, finding.entry, finding.field) == (WARNING, "kontakte.treff2", "email")
    assert "dieselbe E-Mail-Adresse wie „treff“" in finding.message


def test_same_person_twice_is_a_warning_and_private_persons_get_a_hint(clean):
    persons = ('\n[kontakte.anna]\nart = "person"\nname = "Anna Groß"\ntelefon = "0171 1234567"'
               '\noeffentlich = true\n[kontakte.anna-gross]\nart = "person"\nname = "anna gross"'
               '\noeffentlich = false\n')
    text = replaced(clean, 'kontakte = ["treff"]', 'kontakte = ["treff", "anna", "anna-gross"]')
    found = {(f.level, f.entry, f.field) for f in findings(text + persons)}
    assert found == {(WARNING, "kontakte.anna-gross", "name"),
                     (HINT, "kontakte.anna-gross", "oeffentlich")}


def test_loader_problems_are_errors(clean):
    (finding,) = findings(replaced(clean, 'art = "netzwerk"', 'art = "verein"'))
    assert finding.level == ERROR
    assert "Unbekannte Art „verein“" in finding.message


def test_max_alter_is_configurable(clean):
    assert findings(clean, max_age_months=3)[0].field == "stand"


def test_hagen_data_has_no_errors_but_real_warnings():
    text = embedded_registry().read_text("utf-8")
    found = findings(text)
    assert not [f for f in found if f.level == ERROR]
    outdated = [f for f in found if f.level == WARNING and f.field == "stand"]
    assert len(outdated) == 25  # 22 networks and 3 offers, all from April 2017
    assert "Stand 2017-04 ist 115 Monate alt" in outdated[0].message


# --- faellig ---------------------------------------------------------------------------------


def test_due_entries_oldest_first_with_the_contact_to_ask(fixture_file):
    registry = registry_from_text(fixture_file("klein.toml").read_text("utf-8"), "klein")
    due = due_entries(registry, TODAY)
    assert [(d.id, d.months) for d in due] == [("ag-kita", 48), ("hasper-runde", 44),
                                               ("musikschule", 34), ("ak-kabel", 29),
                                               ("forum-boele", 22), ("grenzgaenger", 21)]
    assert dict((d.id, d.kontakt_id) for d in due)["ag-kita"] == "anna"
    assert dict((d.id, d.kontakt_id) for d in due)["ak-kabel"] == ""


# --- luecken --------------------------------------------------------------------------------


def test_coverage_per_bezirk_matches_hand_count(fixture_file):
    registry = registry_from_text(fixture_file("klein.toml").read_text("utf-8"), "klein")
    counts = {a.place.name: (len(a.vor_ort), len(a.wider), a.gap)
              for a in coverage(registry)}
    assert counts == {"Hagen-Mitte": (1, 0, False), "Hagen-Nord": (2, 0, False),
                      "Hohenlimburg": (0, 0, True), "Eilpe/Dahl": (0, 0, True),
                      "Haspe": (2, 0, False)}


def test_coverage_per_stadtteil_separates_own_networks_from_larger_areas(fixture_file):
    registry = registry_from_text(fixture_file("klein.toml").read_text("utf-8"), "klein")
    networks = {a.place.name: (a.vor_ort, a.wider)
                for a in coverage(registry, stadtteile=True)}
    assert networks["Boele"] == (["forum-boele", "ak-kabel"], [])
    assert networks["Haspe-West"] == ([], ["hasper-runde"])
    assert networks["Wehringhausen"] == (["grenzgaenger"], [])
    assert networks["Emst"] == ([], [])
    # Westerbauer is a Wohnbezirk directly under the Bezirk Haspe (no source for Ost or West).
    places = {a.place.name: (a.vor_ort, a.wider) for a in coverage_of_places(registry)}
    assert places["Westerbauer"] == (["grenzgaenger"], ["hasper-runde"])
    assert places["Hestert"] == ([], ["hasper-runde"])


def test_coverage_by_topic(fixture_file):
    registry = registry_from_text(fixture_file("klein.toml").read_text("utf-8"), "klein")
    local = {a.place.name: a.vor_ort for a in coverage(registry, thema="Jugendarbeit")}
    assert local["Hagen-Nord"] == ["ak-kabel"]
    assert local["Haspe"] == []


# --- the commands (NETZ_HEUTE=2026-11-25, set in conftest) ----------------------------------


@pytest.fixture
def registry_file(tmp_path, clean, monkeypatch):
    path = tmp_path / "networks.toml"
    path.write_text(clean, encoding="utf-8")
    monkeypatch.setenv("NETZ_REGISTRY", str(path))
    return path


def test_check_exit_codes(netz, registry_file, clean):
    result = netz("check")
    assert result.exit_code == 0
    assert "Ergebnis: 0 Fehler, 0 Warnungen, 0 Hinweise." in result.stdout
    registry_file.write_text(replaced(clean, 'stand = "2026-06"', 'stand = "2020-01"'), "utf-8")
    assert netz("check").exit_code == 0
    assert netz("check", "--strict").exit_code == 1
    registry_file.write_text(replaced(clean, 'telefon = "02331 44234"', 'telefon = "x1"'),
                             "utf-8")
    assert netz("check").exit_code == 1


def test_check_report_is_grouped_by_severity(netz, registry_file, clean):
    registry_file.write_text(replaced(clean, 'stand = "2026-06"', 'stand = "2020-01"'), "utf-8")
    lines = netz("check").stdout.splitlines()
    assert lines[2:5] == ["Fehler (0)", "  keine", ""]
    assert lines[5] == "Warnungen (1)"
    assert lines[6] == "  netzwerke.forum-boele · stand"


def test_check_json_structure(netz, registry_file):
    data = json.loads(netz("check", "--json").stdout)
    assert set(data) == {"datei", "max_alter_monate", "anzahl", "befunde"}
    assert data["anzahl"] == {"fehler": 0, "warnung": 0, "hinweis": 0}


def test_check_on_hagen_data_counts_every_finding(netz, hagen_file, monkeypatch):
    monkeypatch.setenv("NETZ_REGISTRY", str(hagen_file))
    data = json.loads(netz("check", "--json").stdout)
    # 27 hints, one per network without a topic (the source names none for 11), and one per
    # network: no coordinator (the source names none)
    assert data["anzahl"] == {"fehler": 0, "warnung": 43, "hinweis": 27 + 11 + 22}
    assert {f["stufe"] for f in data["befunde"]} == {"Warnung", "Hinweis"}
    assert data["befunde"][0]["meldung"] == (
        "Stand 2017-04 ist 115 Monate alt (Grenze: 12). Prüfen und mit `netz verify ag-1` "
        "bestätigen.")


def test_faellig_as_verteiler_reuses_the_exporter(netz, fixture_file, monkeypatch):
    monkeypatch.setenv("NETZ_REGISTRY", str(fixture_file("klein.toml")))
    result = netz("faellig", "--format", "verteiler")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["anna@example.org", "treff@example.org"]
    assert "Ohne E-Mail-Ansprechpartner: ak-kabel, grenzgaenger" in result.stderr


def test_luecken_in_a_pipe_and_as_json(netz, fixture_file, monkeypatch):
    monkeypatch.setenv("NETZ_REGISTRY", str(fixture_file("klein.toml")))
    result = netz("luecken")
    lines = [line.split("\t") for line in result.stdout.splitlines()]
    assert lines[2] == ["Stadtbezirk", "Hohenlimburg", "Hohenlimburg", "0", "0", "", "nein", "ja",
                        "0", "0", "1"]
    assert "2 von 5 Orten ohne eigenes Netzwerk: Hohenlimburg, Eilpe/Dahl." in result.stderr
    result = netz("luecken", "--stadtteile", "--json")
    data = json.loads(result.stdout)
    wehringhausen = next(o for o in data if o["ort"] == "Wehringhausen")
    assert wehringhausen["vor_ort"] == ["grenzgaenger"]
    assert next(o for o in data if o["ort"] == "Haspe-Ost")["umfassend"] == ["hasper-runde"]


def test_luecken_on_a_terminal_draws_bars_that_read_without_colour(netz, fixture_file,
                                                                   monkeypatch):
    from netzwerk_cli.cli import render

    monkeypatch.setenv("NETZ_REGISTRY", str(fixture_file("klein.toml")))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr(render, "is_terminal", lambda: True)
    output = netz("luecken").stdout
    assert "██ 2" in output
    assert "– keins –" in output
    assert all(len(line) <= 80 for line in output.splitlines())


def test_luecken_unknown_topic_shows_all_gaps_and_says_why(netz, fixture_file, monkeypatch):
    monkeypatch.setenv("NETZ_REGISTRY", str(fixture_file("klein.toml")))
    result = netz("luecken", "--thema", "Raumfahrt")
    assert result.exit_code == 0
    assert "Kein Netzwerk hat ein Thema „Raumfahrt“" in result.stderr
