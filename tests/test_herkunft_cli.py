"""What comes from the source and what is derived, as `netz show`, `netz angebote` and the
published page show it (on the shipped Hagen data)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture
def hagen(hagen_file, monkeypatch):
    monkeypatch.setenv("NETZ_REGISTRY", str(hagen_file))
    return hagen_file


def test_show_marks_derived_values_and_lists_the_herkunft(netz, hagen):
    result = netz("show", "stadtbezirkskonferenz-haspe")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "  Name: Stadtbezirkskonferenz Haspe (abgeleitet)" in lines
    assert "  Gebiet: Haspe (abgeleitet)" in lines
    assert "  Zielgruppen: Kinder, Jugendliche" in lines
    assert ("  Stand: 2017-04 (für die Angaben der Quelle; abgeleitete Werte sind markiert)"
            in lines)
    herkunft = lines[lines.index("Herkunft"):]
    assert "  Zitat: „Stadtbezirkskonferenzen“" in herkunft
    assert any(line.startswith("  Abgeleitet (Name): Die Quelle nennt nur") for line in herkunft)
    assert any(line.startswith("  Abgeleitet (Kontakt): die Rolle") for line in herkunft)
    assert any(line.startswith("  Hinweis: Ob jeder der fünf Stadtbezirke") for line in herkunft)


def test_show_of_a_sozialraumteam_says_more_are_planned(netz, hagen):
    result = netz("show", "sozialraumteam-eilpe")
    assert ("  Anmerkung: Laut Quelle (Stand April 2017): „Weitere Sozialraumteams sind "
            "geplant.“") in result.stdout.splitlines()
    assert "Weitere Quelle: Jugendhilfeausschuss Hagen, Vorlage 0490/2024" in result.stdout


def test_show_lists_the_practices_of_netzwerk_mitte(netz, hagen):
    lines = netz("show", "netzwerk-mitte").stdout.splitlines()
    block = lines[lines.index("Arbeitsweise") + 1:]
    assert block[3] == "  • Treffen an wechselnden Orten, um alle Einrichtungen kennenzulernen"


def test_show_json_has_herkunft_arbeitsweise_and_anmerkung(netz, hagen):
    data = json.loads(netz("show", "museum-theater", "--json").stdout)
    assert data["herkunft"]["notiz"].startswith("Die Quelle schreibt „Museum & Theater“")
    assert data["anmerkung"].startswith("Die Quelle nennt diese Einrichtungen als Beispiele")
    mitte = json.loads(netz("show", "netzwerk-mitte", "--json").stdout)
    assert len(mitte["arbeitsweise"]) == 12
    assert set(mitte["herkunft"]["abgeleitet"]) == {"gebiet", "orte"}


def test_angebote_says_the_list_is_examples(netz, hagen):
    result = netz("angebote")
    assert result.exit_code == 0
    assert "Die Quelle nennt diese Einrichtungen als Beispiele" in result.stderr
    assert "Beispiele" not in result.stdout  # the data in a pipe stays data


def test_page_marks_derived_values_with_the_reason_and_explains_the_mark(netz, hagen, tmp_path):
    page = tmp_path / "seite.html"
    assert netz("export", "html", "-o", str(page)).exit_code == 0
    html = page.read_text("utf-8")
    assert 'class="anmerkung" id="abgeleitet"' in html
    assert ('<h3>Stadtbezirkskonferenz Haspe <span class="abgeleitet">abgeleitet</span></h3>'
            in html)
    assert '<p class="herkunft"><span class="abgeleitet">abgeleitet</span> Name: Die Quelle' in html
    assert "Laut Quelle (Stand April 2017): „Weitere Sozialraumteams sind geplant.“" in html
    assert "Die Quelle nennt diese Einrichtungen als Beispiele" in html
    assert "<li>Treffen an wechselnden Orten, um alle Einrichtungen kennenzulernen</li>" in html
    # Quotes stay in the registry; the public page shows what was derived and why.
    assert "Zitat" not in html


def test_installed_netz_shows_the_herkunft(hagen):
    netz_command = Path(sys.executable).with_name("netz")
    result = subprocess.run([str(netz_command), "show", "ak-90"], capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "  Gebiet: Haspe (abgeleitet)" in result.stdout
    assert "  Zitat: „AK 90 (Arbeitskreis für Kinder und Jugend in Haspe)“" in result.stdout
