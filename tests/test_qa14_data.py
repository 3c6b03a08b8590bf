"""QA findings of issue 14 on provenance and data: an edit takes a value out of
``herkunft.abgeleitet``; a derived field the entry does not have is an error; the Stand says
what it vouches for (the source's date, or a later check); the page names its source; the
shipped data marks every value that is not the source's words."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from netzwerk_cli import changes, contacts
from netzwerk_cli.check import check_round, due_entries
from netzwerk_cli.errors import RegistryError
from netzwerk_cli.export import pruefrunde
from netzwerk_cli.export.selection import exportable
from netzwerk_cli.registry import embedded_registry, registry_from_text
from tests.conftest import FIXTURES, loaded

NETZ = Path(sys.executable).with_name("netz")
TODAY = dt.date(2026, 11, 25)
DROPPED_NAME = "Herkunft: „Name“ gilt nicht mehr als abgeleitet."


@pytest.fixture
def hagen(hagen_file, monkeypatch):
    monkeypatch.setenv("NETZ_REGISTRY", str(hagen_file))
    return hagen_file


# --- Item 2: an edited value is the coordinator's, no longer derived ----------------------


def test_editing_a_derived_name_drops_its_mark_and_says_so(hagen):
    registry = loaded(hagen)
    hints = changes.edit_netzwerk(registry, "stadtbezirkskonferenz-haspe",
                                  {"name": "Jugendkonferenz Haspe"})
    assert DROPPED_NAME in hints
    derived = registry.netzwerke["stadtbezirkskonferenz-haspe"].herkunft["abgeleitet"]
    assert set(derived) == {"gebiet", "kontakte"}


def test_editing_the_area_drops_gebiet_and_an_unchanged_value_keeps_its_mark(hagen):
    registry = loaded(hagen)
    hints = changes.edit_netzwerk(registry, "ak-90", {"name": registry.netzwerke["ak-90"].name,
                                                      "bezirke": [], "sozialraeume": [],
                                                      "stadtteile": ["Haspe-West"]})
    assert hints == ["Herkunft: „Gebiet“ gilt nicht mehr als abgeleitet."]
    assert "gebiet" not in registry.netzwerke["ak-90"].herkunft.get("abgeleitet", {})
    same = loaded(hagen)
    assert changes.edit_netzwerk(same, "ak-90", {"notiz": "neu"}) == []
    assert "gebiet" in same.netzwerke["ak-90"].herkunft["abgeleitet"]


def test_adding_a_contact_drops_the_derived_kontakte(hagen):
    registry = loaded(hagen)
    hints = changes.edit_netzwerk(registry, "stadtbezirkskonferenz-haspe", {},
                                  add={"kontakte": ["corbacher-20"]})
    assert "Herkunft: „Kontakt“ gilt nicht mehr als abgeleitet." in hints


def test_editing_a_contacts_derived_name_drops_its_mark(hagen):
    registry = loaded(hagen)
    notes = contacts.edit_kontakt(registry, "bezirksjugendpflege-haspe",
                                  {"name": "Jugendpflege Haspe"})
    assert notes == [DROPPED_NAME]
    assert "name" not in registry.kontakte["bezirksjugendpflege-haspe"].herkunft.get(
        "abgeleitet", {})


def test_netz_edit_says_the_value_is_no_longer_derived_and_show_drops_the_mark(netz, hagen):
    result = netz("edit", "stadtbezirkskonferenz-haspe", "--name", "Jugendkonferenz Haspe")
    assert result.exit_code == 0
    assert DROPPED_NAME in result.stderr
    shown = netz("show", "stadtbezirkskonferenz-haspe").stdout.splitlines()
    assert "  Name: Jugendkonferenz Haspe" in shown
    herkunft = shown[shown.index("Herkunft"):]
    herkunft = herkunft[:next(i for i, line in enumerate(herkunft) if line.startswith("Kontakt"))]
    assert not any(line.startswith("  Abgeleitet (Name)") for line in herkunft)
    assert any(line.startswith("  Abgeleitet (Gebiet)") for line in herkunft)


def test_netz_edit_dry_run_shows_the_dropped_mark_in_the_diff(netz, hagen):
    result = netz("edit", "stadtbezirkskonferenz-haspe", "--name", "X Y", "--dry-run")
    assert result.exit_code == 0
    assert DROPPED_NAME in result.stderr
    assert "-name = \"Die Quelle nennt nur" in result.output
    assert "Abgeleitet (Name)" in netz("show", "stadtbezirkskonferenz-haspe").stdout


def test_netz_kontakt_edit_says_the_value_is_no_longer_derived(netz, hagen):
    result = netz("kontakt", "edit", "bezirksjugendpflege-haspe", "--name", "Jugendpflege")
    assert result.exit_code == 0
    assert DROPPED_NAME in result.stderr


# --- Item 12: a derived field must be there ---------------------------------------------------


ENTRY = 'schema = 2\n\n[netzwerke.x]\nname = "X"\nart = "netzwerk"\nstadtweit = true\n'


@pytest.mark.parametrize("name", ["webseite", "themen", "stand", "turnus"])
def test_a_derived_field_the_entry_does_not_have_is_an_error(name):
    with pytest.raises(RegistryError) as error:
        registry_from_text(ENTRY + f'herkunft = {{ abgeleitet = {{ {name} = "x" }} }}\n', "t")
    assert error.value.problems == [
        f"Zeile 3, netzwerke.x: Feld „herkunft“: „abgeleitet.{name}“: der Eintrag hat keinen "
        f"Wert in „{name}“; abgeleitet sein kann nur ein Wert, der eingetragen ist (die Zeile "
        f"unter [….herkunft.abgeleitet] streichen oder „{name}“ eintragen)."]


def test_a_contacts_empty_derived_field_is_an_error_too():
    text = 'schema = 2\n\n[kontakte.k]\nname = "K"\nherkunft = { abgeleitet = { email = "x" } }\n'
    with pytest.raises(RegistryError) as error:
        registry_from_text(text, "t")
    assert "„abgeleitet.email“: der Eintrag hat keinen Wert in „email“" in error.value.problems[0]


def test_gebiet_is_valid_for_any_area_also_stadtweit():
    for area in ("stadtweit = true", 'bezirke = ["Haspe"]', 'sozialraeume = ["Vorhalle"]'):
        text = ('schema = 2\n\n[netzwerke.x]\nname = "X"\nart = "netzwerk"\n'
                f'{area}\nherkunft = {{ abgeleitet = {{ gebiet = "x", name = "y" }} }}\n')
        assert set(registry_from_text(text, "t").netzwerke["x"].herkunft["abgeleitet"]) == {
            "name", "gebiet"}


def test_netz_check_reports_a_derived_field_the_entry_lacks(netz, tmp_path):
    path = tmp_path / "r.toml"
    path.write_text(ENTRY + 'herkunft = { abgeleitet = { webseite = "x" } }\n', "utf-8")
    result = netz("check", "--registry", str(path))
    assert result.exit_code != 0
    assert "„abgeleitet.webseite“: der Eintrag hat keinen Wert in „webseite“" in result.output
    assert "Traceback" not in result.output


# --- Item 9: what the Stand vouches for ------------------------------------------------------


QUELLE = "Bildungskonferenz Hagen 2017, Dokumentation „…“ (Stand: April 2017)"


def test_the_source_month_is_read_from_the_registrys_quelle():
    from netzwerk_cli.model import source_month

    assert source_month(QUELLE) == "2017-04"
    assert source_month("Vorlage 0490/2024, Stand 2024-09-12") == "2024-09"
    assert source_month("eine Quelle ohne Datum") == ""


@pytest.mark.parametrize(("stand", "expected"), [
    ("2017-04", "2017-04 (für die Angaben der Quelle; abgeleitete Werte sind markiert)"),
    ("2026-11-26", "2026-11-26 (geprüft; abgeleitete Werte sind markiert)"),
    ("2016-01", "2016-01 (abgeleitete Werte sind markiert)"),
])
def test_the_stand_says_whether_it_is_the_sources_or_a_later_check(stand, expected):
    from netzwerk_cli.model import stand_text

    assert stand_text(stand, True, QUELLE) == expected
    assert stand_text(stand, False, QUELLE) == stand


def test_without_a_dated_source_the_stand_says_only_what_is_true_either_way():
    from netzwerk_cli.model import stand_text

    assert stand_text("2017-04", True, "") == "2017-04 (abgeleitete Werte sind markiert)"


def test_after_verify_show_page_and_letter_say_checked(netz, hagen, tmp_path):
    before = netz("show", "stadtbezirkskonferenz-haspe").stdout
    assert "  Stand: 2017-04 (für die Angaben der Quelle; abgeleitete" in before
    assert netz("verify", "stadtbezirkskonferenz-haspe").exit_code == 0
    shown = netz("show", "stadtbezirkskonferenz-haspe").stdout.splitlines()
    assert "  Stand: 2026-11-25 (geprüft; abgeleitete Werte sind markiert)" in shown
    page = tmp_path / "seite.html"
    assert netz("export", "html", "-o", str(page)).exit_code == 0
    html = page.read_text("utf-8")
    assert "<dd>2026-11-25 (geprüft; abgeleitete Werte sind markiert)</dd>" in html
    assert "<dd>2017-04 (für die Angaben der Quelle; abgeleitete Werte sind markiert)</dd>" in html
    markdown = netz("export", "html", "--format", "markdown").stdout
    assert "- **Stand:** 2026-11-25 (geprüft; abgeleitete Werte sind markiert)" in markdown
    letters = netz("faellig", "--anschreiben", "--format", "text", "--max-alter", "0").stdout
    assert "Stand: 2017-04 (für die Angaben der Quelle; abgeleitete Werte sind markiert)" in letters


# --- Item 8: the page names its source ---------------------------------------------------


def test_page_and_markdown_name_the_registrys_source(netz, hagen, tmp_path):
    registry = loaded(hagen)
    page = tmp_path / "seite.html"
    assert netz("export", "html", "-o", str(page)).exit_code == 0
    html = page.read_text("utf-8")
    quelle = registry.quelle
    assert f'<p class="anmerkung" id="quelle">Quelle: {quelle}</p>' in html
    markdown = netz("export", "html", "--format", "markdown").stdout
    assert f"Quelle: {quelle}" in markdown


def test_page_without_a_registry_source_names_none(netz, tmp_path, monkeypatch):
    path = tmp_path / "r.toml"
    path.write_text(ENTRY, "utf-8")
    page = tmp_path / "seite.html"
    assert netz("export", "html", "-o", str(page), "--registry", str(path)).exit_code == 0
    assert 'id="quelle"' not in page.read_text("utf-8")


# --- Item 13: the shipped data ----------------------------------------------------------------


def test_every_value_not_in_the_source_is_marked_derived(hagen):
    registry = loaded(hagen)
    derived = {i: set(n.herkunft.get("abgeleitet", {})) for i, n in registry.netzwerke.items()}
    assert "themen" in derived["moderatorengruppe"]
    assert all("themen" in derived[f"ag-{n}"] for n in range(1, 6))
    assert "zielgruppen" in derived["ak-90"]
    assert all("oeffentlich" in k.herkunft.get("abgeleitet", {}) and k.oeffentlich
               for k in registry.kontakte.values())


def test_the_derived_permission_is_asked_in_the_round_not_marked_on_the_page(netz, hagen,
                                                                             tmp_path):
    page = tmp_path / "seite.html"
    assert netz("export", "html", "-o", str(page)).exit_code == 0
    assert "Freigabe abgeleitet" not in page.read_text("utf-8")
    letters = netz("faellig", "--anschreiben", "--format", "text").stdout
    flat = " ".join(line.strip() for line in letters.splitlines())
    assert "Natalia Keller: Die Quelle hat diese Kontaktdaten 2017 veröffentlicht" in flat


def test_the_source_words_are_restored(hagen):
    registry = loaded(hagen)
    assert registry.netzwerke["moderatorengruppe"].name == (
        "Arbeitskreis der Einrichtungsleitungen der offenen Jugendeinrichtungen "
        "(“Moderatorengruppe”)")
    assert registry.netzwerke["netzwerk-mitte"].arbeitsweise[-1].endswith(
        "für viele Teilnehmer*innen gewinnbringend sind 🙂")
    assert registry.quelle == ("Bildungskonferenz Hagen 2017, Workshop „Vernetzung im "
                               "Sozialraum“; Dokumentation „Vernetzung im Sozialraum – "
                               "hilfreiche Beispiele“ (Stand: April 2017)")


def test_shipped_data_passes_netz_check(netz, hagen):
    result = netz("check")
    assert result.exit_code == 0, result.output


def test_stadtbezirk_computed_from_a_derived_area_is_marked(netz, hagen):
    shown = netz("show", "sozialraumteam-haspe").stdout.splitlines()
    assert "  Stadtbezirk: Haspe (abgeleitet)" in shown


def test_installed_netz_marks_the_stand_after_verify(hagen, tmp_path):
    env = {"NETZ_REGISTRY": str(hagen), "NETZ_HEUTE": "2026-11-25", "PATH": str(NETZ.parent),
           "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "c"),
           "XDG_DATA_HOME": str(tmp_path / "d"), "XDG_CACHE_HOME": str(tmp_path / "ca")}
    run = [str(NETZ), "edit", "stadtbezirkskonferenz-haspe", "--name", "Jugendkonferenz Haspe"]
    edited = subprocess.run(run, env=env, capture_output=True, text=True, check=False)
    assert edited.returncode == 0, edited.stderr
    assert DROPPED_NAME in edited.stderr
    subprocess.run([str(NETZ), "verify", "stadtbezirkskonferenz-haspe"], env=env, check=True,
                   capture_output=True)
    shown = subprocess.run([str(NETZ), "show", "stadtbezirkskonferenz-haspe", "--json"],
                           env=env, capture_output=True, text=True, check=True)
    data = json.loads(shown.stdout)
    assert "name" not in data["herkunft"]["abgeleitet"]
    assert data["stand"] == "2026-11-25"


# --- Item 14: the check round's letters ----------------------------------------------------


ROUND = FIXTURES / "pruefrunde.toml"
LONG_TITLE = ("Sozialraum-Netzwerke, Arbeitsgemeinschaften und Gremien für die Arbeit mit "
              "Kindern und Jugendlichen in der Stadt Hagen")


def test_no_line_of_a_letter_is_longer_than_76_characters_with_a_long_title(tmp_path):
    text = ROUND.read_text("utf-8").replace('titel = "Sozialraum-Netzwerke in Hagen"',
                                            f'titel = "{LONG_TITLE}"')
    registry = exportable(registry_from_text(text, "t"))
    plan = check_round(registry, due_entries(registry, TODAY))
    for request in plan.requests:
        letter = pruefrunde.letter(registry, request)
        for line in [*letter.text.splitlines(), *pruefrunde.to_text(letter).splitlines()]:
            assert len(line) <= 76, line
        assert "Verzeichnis „Sozialraum-Netzwerke, Arbeitsgemeinschaften" in letter.text
    # The shipped data: long reasons and contacts wrap under their label.
    hagen = exportable(loaded(embedded_registry()))
    for request in check_round(hagen, due_entries(hagen, TODAY)).requests:
        assert max(map(len, pruefrunde.letter(hagen, request).text.splitlines())) <= 76


SHARED = """schema = 2
titel = "T"

[netzwerke.a-forum]
name = "A-Forum"
art = "netzwerk"
stadtteile = ["Boele"]
kontakte = ["n-keller"]
stand = "2020-01"

[netzwerke.b-forum]
name = "B-Forum"
art = "netzwerk"
stadtteile = ["Vorhalle"]
kontakte = ["natalia-keller"]
stand = "2021-01"

[kontakte.natalia-keller]
art = "person"
name = "Natalia Keller"
email = "keller@example.org"

[kontakte.n-keller]
art = "person"
name = "N. Keller"
email = "Keller@example.org"
"""


def test_a_shared_address_is_named_after_its_first_contact_in_the_registry():
    registry = exportable(registry_from_text(SHARED, "t"))
    (request,) = check_round(registry, due_entries(registry, TODAY)).requests
    assert request.kontakt_ids == ("natalia-keller", "n-keller")
    assert request.entry_ids == ("a-forum", "b-forum")
    assert pruefrunde.letter(registry, request).text.startswith("Guten Tag Natalia Keller,")


def test_netz_names_the_shared_letters_file_after_the_first_contact(netz, tmp_path):
    path = tmp_path / "r.toml"
    path.write_text(SHARED, "utf-8")
    folder = tmp_path / "runde"
    result = netz("faellig", "--anschreiben", "-o", str(folder), "--registry", str(path))
    assert result.exit_code == 0, result.stderr
    assert [p.name for p in folder.iterdir()] == ["natalia-keller.eml"]


def test_anschreiben_json_alone_prints_the_plan_and_writes_nothing(netz, tmp_path,
                                                                  monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NETZ_REGISTRY", str(ROUND))
    for extra in ([], ["--format", "text"]):
        result = netz("faellig", "--anschreiben", "--json", *extra)
        assert result.exit_code == 0, result.stderr
        data = json.loads(result.stdout)
        assert data["probelauf"] is True and data["ordner"] is None
        assert "Probelauf: nichts geschrieben." not in result.stdout
    assert list(tmp_path.iterdir()) == []


def test_anschreiben_json_ohne_email_has_what_the_summary_shows(netz, monkeypatch):
    monkeypatch.setenv("NETZ_REGISTRY", str(embedded_registry()))
    data = json.loads(netz("faellig", "--anschreiben", "--json").stdout)
    eilpe = next(o for o in data["ohne_email"] if o["kontakte"] == ["familienzentrum-eilpe"])
    assert eilpe["webseite"] == "familienzentrum-hagen-eilpe.de"
    assert "anschrift" in eilpe
    summary = netz("faellig", "--anschreiben", "--dry-run").stderr
    assert "familienzentrum-hagen-eilpe.de" in summary
