"""``--felder``: the columns of csv, excel and xlsx, in the order given, with German headings."""

from __future__ import annotations

import csv
import io

import pytest

from netzwerk_cli.errors import InputError
from netzwerk_cli.export import table
from netzwerk_cli.export.formats import KONTAKT_FORMATS, VERTEILER_FORMATS, Options
from netzwerk_cli.export.selection import ExportKontakt
from netzwerk_cli.model import Kontakt

ANNA = ExportKontakt("anna", Kontakt(art="person", name="Anna Beispiel", plz="01067",
                                     telefon="0351 4711-0", email="anna@example.org"),
                     ("Netz Süd",))

KONTAKT_FIELD_NAMES = ("id, name, art, funktion, organisation, abteilung, strasse, plz, ort, "
                       "telefon, email, webseite, oeffentlich, netzwerke, rolle")


# --- choosing the fields ---------------------------------------------------------------------


def test_fields_are_taken_in_the_order_given():
    assert table.choose_fields("email,name,telefon", table.KONTAKT_FIELDS) == (
        "email", "name", "telefon")


def test_field_names_are_read_like_the_headings_too():
    assert table.choose_fields(" E-Mail , Straße,PLZ,Name,name", table.KONTAKT_FIELDS) == (
        "email", "strasse", "plz", "name")


def test_an_unknown_field_is_a_usage_error_listing_the_valid_ones():
    with pytest.raises(InputError) as error:
        table.choose_fields("name,telefn", table.KONTAKT_FIELDS)
    assert str(error.value) == ("--felder: unbekanntes Feld „telefn“. Meinten Sie „telefon“? "
                                f"Gültig: {KONTAKT_FIELD_NAMES}.")


def test_a_verteiler_has_its_own_fields():
    with pytest.raises(InputError) as error:
        table.choose_fields("telefon", table.VERTEILER_FIELDS)
    assert str(error.value).endswith("Gültig: email, name, organisation, netzwerke.")


@pytest.mark.parametrize("spec", ["", " , "])
def test_no_field_at_all_is_a_usage_error(spec):
    with pytest.raises(InputError) as error:
        table.choose_fields(spec, table.KONTAKT_FIELDS)
    assert "--felder: keine Felder angegeben" in str(error.value)


def test_the_default_columns_stay_as_they_were():
    assert table.table_of([ANNA], table.KONTAKT_FIELDS, ()).header == [
        "ID", "Name", "Art", "Funktion", "Organisation", "Abteilung", "Straße", "PLZ", "Ort",
        "Telefon", "E-Mail", "Webseite", "Veröffentlichen", "Netzwerke"]


# --- the writers -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["csv", "excel"])
def test_csv_writers_take_the_chosen_columns(name):
    fmt = KONTAKT_FORMATS[name]
    text = fmt.render([ANNA], Options(felder=("plz", "name", "telefon"))).decode(fmt.encoding)
    delimiter = ";" if name == "excel" else ","
    assert text == (f"PLZ{delimiter}Name{delimiter}Telefon\r\n"
                    f"01067{delimiter}Anna Beispiel{delimiter}0351 4711-0\r\n")


def test_xlsx_takes_the_chosen_columns():
    openpyxl = pytest.importorskip("openpyxl")
    content = KONTAKT_FORMATS["xlsx"].render([ANNA], Options(felder=("email", "plz")))
    sheet = openpyxl.load_workbook(io.BytesIO(content))["Kontakte"]
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["E-Mail", "PLZ"], ["anna@example.org", "01067"]]
    assert sheet.auto_filter.ref == "A1:B2"


def test_which_formats_take_field_choice():
    assert [n for n, f in KONTAKT_FORMATS.items() if f.takes_felder] == ["csv", "excel", "xlsx"]
    assert [n for n, f in VERTEILER_FORMATS.items() if f.takes_felder] == [
        "csv", "excel", "xlsx"]


# --- through the command ---------------------------------------------------------------------


@pytest.fixture
def export_registry(fixture_file, monkeypatch):
    monkeypatch.setenv("NETZ_REGISTRY", str(fixture_file("export.toml")))


def test_export_kontakte_csv_with_felder(netz, export_registry):
    result = netz("export", "kontakte", "--felder", "name,email,telefon")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Name,E-Mail,Telefon"
    assert "Anna Groß-Özdemir,anna@example.org,02331 207-3608" in lines


def test_export_verteiler_excel_with_felder(netz, export_registry):
    result = netz("export", "verteiler", "--format", "excel", "--felder", "name,email")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout_bytes.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Name", "E-Mail"]
    assert ["Anna Groß-Özdemir", "anna@example.org"] in rows


def test_unknown_field_through_the_command_exits_2_and_lists_the_valid_ones(netz,
                                                                            export_registry):
    result = netz("export", "kontakte", "--felder", "name,handy")
    assert result.exit_code == 2
    assert "--felder: unbekanntes Feld „handy“." in result.stderr
    assert f"Gültig: {KONTAKT_FIELD_NAMES}." in " ".join(result.stderr.split())
    assert result.stdout == ""


@pytest.mark.parametrize("args", [["kontakte", "--format", "vcard"],
                                  ["verteiler", "--format", "ldif"],
                                  ["verteiler"]])
def test_felder_with_a_format_without_columns_is_a_usage_error(netz, export_registry, args):
    result = netz("export", *args, "--felder", "name")
    assert result.exit_code == 2
    assert "--felder gilt nur für die Formate csv, excel, xlsx." in result.stderr


def test_rolle_column_names_each_role_with_its_network(netz, fixture_file, monkeypatch):
    monkeypatch.setenv("NETZ_REGISTRY", str(fixture_file("mitglieder.toml")))
    result = netz("export", "kontakte", "forum-boele", "--felder", "id,rolle")
    assert result.exit_code == 0, result.output
    rows = dict(csv.reader(io.StringIO(result.stdout)))
    assert rows["ID"] == "Rolle"
    assert rows["anna"] == "Koordination (Stadtteilforum Boele)"
    assert rows["ben"] == "Vorbereitungskreis (Stadtteilforum Boele)"
    assert rows["treff"] == ""
