"""netz check, netz faellig and netz luecken: each finding triggered by a registry built for it."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from netzwerk_cli.check import ERROR, HINT, WARNING, check_registry, due_entries
from netzwerk_cli.coverage import coverage
from netzwerk_cli.registry import embedded_registry, registry_from_text

HEUTE = dt.date(2026, 11, 25)


@pytest.fixture
def sauber(fixture_datei) -> str:
    return fixture_datei("check-sauber.toml").read_text("utf-8")


def befunde(text: str, **kwargs):
    return check_registry(text, "t.toml", HEUTE, **kwargs)


def mit(sauber: str, alt: str, neu: str) -> str:
    assert alt in sauber
    return sauber.replace(alt, neu)


def test_clean_registry_has_no_findings(sauber):
    assert befunde(sauber) == []


@pytest.mark.parametrize(("alt", "neu", "stufe", "eintrag", "feld", "meldung"), [
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
def test_each_finding_names_entry_field_and_what_to_do(sauber, alt, neu, stufe, eintrag, feld,
                                                       meldung):
    (befund,) = befunde(mit(sauber, alt, neu))
    assert (befund.level, befund.entry, befund.field) == (stufe, eintrag, feld)
    assert meldung in befund.message


def test_unused_contact_is_a_warning(sauber):
    text = sauber + '\n[kontakte.alt]\nart = "organisation"\norganisation = "Alt"\n'
    (befund,) = befunde(text + "oeffentlich = true\n")
    assert (befund.level, befund.entry) == (WARNING, "kontakte.alt")
    assert "gehört zu keinem Netzwerk" in befund.message


def test_same_address_twice_is_a_warning(sauber):
    text = mit(sauber, 'kontakte = ["treff"]', 'kontakte = ["treff", "treff2"]') + (
        '\n[kontakte.treff2]\nart = "organisation"\norganisation = "Treff"\n'
        'email = "TREFF@example.org"\noeffentlich = true\n')
    (befund,) = befunde(text)
    assert (befund.level, befund.entry, befund.field) == (WARNING, "kontakte.treff2", "email")
    assert "dieselbe E-Mail-Adresse wie „treff“" in befund.message


def test_same_person_twice_is_a_warning_and_private_persons_get_a_hint(sauber):
    personen = ('\n[kontakte.anna]\nart = "person"\nname = "Anna Groß"\ntelefon = "0171 1234567"'
                '\noeffentlich = true\n[kontakte.anna-gross]\nart = "person"\nname = "anna gross"'
                '\noeffentlich = false\n')
    text = mit(sauber, 'kontakte = ["treff"]', 'kontakte = ["treff", "anna", "anna-gross"]')
    gefunden = {(b.level, b.entry, b.field) for b in befunde(text + personen)}
    assert gefunden == {(WARNING, "kontakte.anna-gross", "name"),
                        (HINT, "kontakte.anna-gross", "oeffentlich")}


def test_loader_problems_are_errors(sauber):
    (befund,) = befunde(mit(sauber, 'art = "netzwerk"', 'art = "verein"'))
    assert befund.level == ERROR
    assert "Unbekannte Art „verein“" in befund.message


def test_max_alter_is_configurable(sauber):
    assert befunde(sauber, max_age_months=3)[0].field == "stand"


def test_hagen_data_has_no_errors_but_real_warnings():
    text = embedded_registry().read_text("utf-8")
    gefunden = befunde(text)
    assert not [b for b in gefunden if b.level == ERROR]
    veraltet = [b for b in gefunden if b.level == WARNING and b.field == "stand"]
    assert len(veraltet) == 25  # 22 networks and 3 offers, all from April 2017
    assert "Stand 2017-04 ist 115 Monate alt" in veraltet[0].message


# --- faellig ---------------------------------------------------------------------------------


def test_due_entries_oldest_first_with_the_contact_to_ask(fixture_datei):
    register = registry_from_text(fixture_datei("klein.toml").read_text("utf-8"), "klein")
    liste = due_entries(register, HEUTE)
    assert [(f.id, f.months) for f in liste] == [("ag-kita", 48), ("hasper-runde", 44),
                                                 ("musikschule", 34), ("ak-kabel", 29),
                                                 ("forum-boele", 22), ("grenzgaenger", 21)]
    assert dict((f.id, f.kontakt_id) for f in liste)["ag-kita"] == "anna"
    assert dict((f.id, f.kontakt_id) for f in liste)["ak-kabel"] == ""


# --- luecken --------------------------------------------------------------------------------


def test_coverage_per_bezirk_matches_hand_count(fixture_datei):
    register = registry_from_text(fixture_datei("klein.toml").read_text("utf-8"), "klein")
    zaehlung = {a.place.name: (len(a.vor_ort), len(a.wider), a.gap)
                for a in coverage(register)}
    assert zaehlung == {"Hagen-Mitte": (1, 0, False), "Hagen-Nord": (2, 0, False),
                        "Hohenlimburg": (0, 0, True), "Eilpe/Dahl": (0, 0, True),
                        "Haspe": (2, 0, False)}


def test_coverage_per_stadtteil_separates_own_networks_from_larger_areas(fixture_datei):
    register = registry_from_text(fixture_datei("klein.toml").read_text("utf-8"), "klein")
    zaehlung = {a.place.name: (a.vor_ort, a.wider)
                for a in coverage(register, stadtteile=True)}
    assert zaehlung["Boele"] == (["forum-boele", "ak-kabel"], [])
    assert zaehlung["Westerbauer"] == (["grenzgaenger"], ["hasper-runde"])
    assert zaehlung["Hestert"] == ([], ["hasper-runde"])
    assert zaehlung["Wehringhausen"] == (["grenzgaenger"], [])
    assert zaehlung["Emst"] == ([], [])


def test_coverage_by_topic(fixture_datei):
    register = registry_from_text(fixture_datei("klein.toml").read_text("utf-8"), "klein")
    vor_ort = {a.place.name: a.vor_ort for a in coverage(register, thema="Jugendarbeit")}
    assert vor_ort["Hagen-Nord"] == ["ak-kabel"]
    assert vor_ort["Haspe"] == []


# --- the commands ---------------------------------------------------------------------------


@pytest.fixture
def register_datei(tmp_path, sauber, monkeypatch):
    pfad = tmp_path / "networks.toml"
    pfad.write_text(sauber, encoding="utf-8")
    monkeypatch.setenv("NETZ_REGISTRY", str(pfad))
    return pfad


def test_check_exit_codes(netz, register_datei, sauber):
    ergebnis = netz("check")
    assert ergebnis.exit_code == 0
    assert "Ergebnis: 0 Fehler, 0 Warnungen, 0 Hinweise." in ergebnis.stdout
    register_datei.write_text(mit(sauber, 'stand = "2026-06"', 'stand = "2020-01"'), "utf-8")
    assert netz("check").exit_code == 0
    assert netz("check", "--strict").exit_code == 1
    register_datei.write_text(mit(sauber, 'telefon = "02331 44234"', 'telefon = "x1"'), "utf-8")
    assert netz("check").exit_code == 1


def test_check_report_is_grouped_by_severity(netz, register_datei, sauber):
    register_datei.write_text(mit(sauber, 'stand = "2026-06"', 'stand = "2020-01"'), "utf-8")
    zeilen = netz("check").stdout.splitlines()
    assert zeilen[2:5] == ["Fehler (0)", "  keine", ""]
    assert zeilen[5] == "Warnungen (1)"
    assert zeilen[6] == "  netzwerke.forum-boele · stand"


def test_check_json_structure(netz, register_datei):
    daten = json.loads(netz("check", "--json").stdout)
    assert set(daten) == {"datei", "max_alter_monate", "anzahl", "befunde"}
    assert daten["anzahl"] == {"fehler": 0, "warnung": 0, "hinweis": 0}


def test_check_on_hagen_data_is_clean_of_errors(netz, hagen_datei, monkeypatch):
    monkeypatch.setenv("NETZ_REGISTRY", str(hagen_datei))
    daten = json.loads(netz("check", "--json").stdout)
    assert daten["anzahl"]["fehler"] == 0
    assert {b["stufe"] for b in daten["befunde"]} == {"Warnung", "Hinweis"}


def test_faellig_as_verteiler_reuses_the_exporter(netz, fixture_datei, monkeypatch):
    monkeypatch.setenv("NETZ_REGISTRY", str(fixture_datei("klein.toml")))
    ergebnis = netz("faellig", "--format", "verteiler")
    assert ergebnis.exit_code == 0
    assert ergebnis.stdout.splitlines() == ["anna@example.org", "treff@example.org"]
    assert "Ohne E-Mail-Ansprechpartner: ak-kabel, grenzgaenger" in ergebnis.stderr


def test_luecken_in_a_pipe_and_as_json(netz, fixture_datei, monkeypatch):
    monkeypatch.setenv("NETZ_REGISTRY", str(fixture_datei("klein.toml")))
    ergebnis = netz("luecken")
    zeilen = [z.split("\t") for z in ergebnis.stdout.splitlines()]
    assert zeilen[2] == ["Stadtbezirk", "Hohenlimburg", "Hohenlimburg", "0", "0", "", "nein", "ja"]
    assert "2 von 5 Orten ohne eigenes Netzwerk: Hohenlimburg, Eilpe/Dahl." in ergebnis.stderr
    ergebnis = netz("luecken", "--stadtteile", "--json")
    daten = json.loads(ergebnis.stdout)
    westerbauer = next(o for o in daten if o["ort"] == "Westerbauer")
    assert westerbauer["vor_ort"] == ["grenzgaenger"]
    assert westerbauer["umfassend"] == ["hasper-runde"]


def test_luecken_on_a_terminal_draws_bars_that_read_without_colour(netz, fixture_datei,
                                                                   monkeypatch):
    from netzwerk_cli.cli import render

    monkeypatch.setenv("NETZ_REGISTRY", str(fixture_datei("klein.toml")))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr(render, "is_terminal", lambda: True)
    ausgabe = netz("luecken").stdout
    assert "██ 2" in ausgabe
    assert "– keins –" in ausgabe
    assert all(len(zeile) <= 80 for zeile in ausgabe.splitlines())


def test_luecken_unknown_topic_is_a_usage_error(netz, fixture_datei, monkeypatch):
    monkeypatch.setenv("NETZ_REGISTRY", str(fixture_datei("klein.toml")))
    ergebnis = netz("luecken", "--thema", "Raumfahrt")
    assert ergebnis.exit_code == 2
