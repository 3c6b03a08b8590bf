"""``--format xlsx``: a real Excel workbook, read back with openpyxl.

Every text is a text cell (postcodes and phone numbers keep their zeros, ``=SUM(1)`` in a name
stays text and runs nothing, without an apostrophe); the header row is bold and frozen and
carries an autofilter; a second sheet "Netzwerke" describes the selected networks; the same
data on the same day gives the same bytes.
"""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import pytest

from netzwerk_cli.cli import render
from netzwerk_cli.export.formats import KONTAKT_FORMATS, VERTEILER_FORMATS, Options
from netzwerk_cli.export.selection import ExportKontakt, NetzwerkInfo, Recipient
from netzwerk_cli.model import Kontakt

openpyxl = pytest.importorskip("openpyxl")

NETZ = Path(__import__("sys").executable).with_name("netz")

DRESDEN = Kontakt(art="person", name="Jörg Größe", funktion="=SUM(1)", organisation="-2",
                  abteilung="#N/A", strasse="Königsbrücker Str. 1", plz="01067", ort="Dresden",
                  telefon="0351 4711-0", email="joerg@example.org", oeffentlich=True)
HAGEN = Kontakt(art="organisation", organisation="Treff, Süd; e. V.", plz="58135", ort="Hagen",
                telefon="+49 2331 207-3608", webseite="treff.example.org")
KONTAKTE = [ExportKontakt("joerg", DRESDEN, ("Netz Süd", "AG Kita")),
            ExportKontakt("treff", HAGEN, ("AG Kita",))]
RECIPIENTS = [Recipient("anna+netz@example.org", "=HYPERLINK(\"http://evil\")", "Familienzentrum",
                        ("Netz Süd",))]
NETZWERKE = (
    NetzwerkInfo("netz-sued", "Netz Süd", "Netzwerk", "Haspe, Boele", ("Familie", "Schule"),
                 "monatlich", ("Jörg Größe",), 3, "https://netz.example.org", "2026-06"),
    NetzwerkInfo("ag-kita", "AG Kita", "Arbeitsgemeinschaft", "stadtweit", (), "", (), 0, "",
                 ""),
)
OPTIONS = Options(netzwerke=NETZWERKE)


def workbook(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content))


def rows(sheet) -> list[list]:
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


# --- the writer ------------------------------------------------------------------------------


def test_kontakte_workbook_has_the_contacts_and_the_networks_sheet():
    book = workbook(KONTAKT_FORMATS["xlsx"].render(KONTAKTE, OPTIONS))
    assert book.sheetnames == ["Kontakte", "Netzwerke"]
    sheet = book["Kontakte"]
    assert rows(sheet)[0] == ["ID", "Name", "Art", "Funktion", "Organisation", "Abteilung",
                              "Straße", "PLZ", "Ort", "Telefon", "E-Mail", "Webseite",
                              "Veröffentlichen", "Netzwerke"]
    assert rows(sheet)[1] == ["joerg", "Jörg Größe", "Person", "=SUM(1)", "-2", "#N/A",
                              "Königsbrücker Str. 1", "01067", "Dresden", "0351 4711-0",
                              "joerg@example.org", None, "ja", "Netz Süd; AG Kita"]
    assert rows(sheet)[2][7:10] == ["58135", "Hagen", "+49 2331 207-3608"]


def test_every_value_is_a_text_cell_never_a_formula_number_or_error():
    sheet = workbook(KONTAKT_FORMATS["xlsx"].render(KONTAKTE, OPTIONS))["Kontakte"]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert cells and {cell.data_type for cell in cells} == {"s"}
    assert not any(isinstance(cell.value, str) and cell.value.startswith("'") for cell in cells)


def test_header_row_is_bold_frozen_and_filtered_with_sensible_widths():
    sheet = workbook(KONTAKT_FORMATS["xlsx"].render(KONTAKTE, OPTIONS))["Kontakte"]
    assert all(cell.font.bold for cell in sheet[1])
    assert not any(cell.font.bold for cell in sheet[2])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:N3"
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCDEFGHIJKLMN"}
    assert all(8 <= width <= 50 for width in widths.values()), widths
    assert widths["G"] > widths["H"]  # "Königsbrücker Str. 1" needs more room than a PLZ


def test_networks_sheet_describes_the_selected_networks():
    sheet = workbook(KONTAKT_FORMATS["xlsx"].render(KONTAKTE, OPTIONS))["Netzwerke"]
    assert rows(sheet) == [
        ["ID", "Name", "Art", "Gebiet", "Themen", "Treffen", "Kontakt", "Mitglieder",
         "Webseite", "Stand"],
        ["netz-sued", "Netz Süd", "Netzwerk", "Haspe, Boele", "Familie, Schule", "monatlich",
         "Jörg Größe", 3, "https://netz.example.org", "2026-06"],
        ["ag-kita", "AG Kita", "Arbeitsgemeinschaft", "stadtweit", None, None, None, 0, None,
         None],
    ]
    assert sheet["H2"].data_type == "n" and sheet["J2"].data_type == "s"
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:J3"


def test_verteiler_workbook_keeps_a_formula_name_as_text():
    book = workbook(VERTEILER_FORMATS["xlsx"].render(RECIPIENTS, OPTIONS))
    assert book.sheetnames == ["Verteiler", "Netzwerke"]
    sheet = book["Verteiler"]
    assert rows(sheet) == [["E-Mail", "Name", "Organisation", "Netzwerke"],
                           ["anna+netz@example.org", '=HYPERLINK("http://evil")',
                            "Familienzentrum", "Netz Süd"]]
    assert sheet["B2"].data_type == "s"


def test_a_character_excel_forbids_becomes_a_placeholder_not_an_error():
    broken = ExportKontakt("x", Kontakt(art="person", name="Anna\x00\x1bBeispiel"), ())
    sheet = workbook(KONTAKT_FORMATS["xlsx"].render([broken], OPTIONS))["Kontakte"]
    assert sheet["B2"].value == "Anna\ufffd\ufffdBeispiel"


def test_same_data_on_the_same_day_gives_the_same_bytes():
    first = KONTAKT_FORMATS["xlsx"].render(KONTAKTE, OPTIONS)
    assert KONTAKT_FORMATS["xlsx"].render(KONTAKTE, OPTIONS) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2026, 11, 25, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert core.count("2026-11-25T00:00:00Z") == 2  # created and modified: the day, not the time
    properties = workbook(first).properties
    assert properties.creator == "netz"


def test_xlsx_is_a_binary_format_and_takes_field_choice():
    fmt = KONTAKT_FORMATS["xlsx"]
    assert fmt.binary and fmt.suffix == ".xlsx" and fmt.takes_felder
    assert not KONTAKT_FORMATS["csv"].binary


# --- through the command ---------------------------------------------------------------------


@pytest.fixture
def export_registry(fixture_file, monkeypatch):
    path = fixture_file("export.toml")
    monkeypatch.setenv("NETZ_REGISTRY", str(path))
    return path


def test_export_kontakte_xlsx_to_a_file(netz, export_registry, tmp_path):
    file = tmp_path / "kontakte.xlsx"
    result = netz("export", "kontakte", "--format", "xlsx", "-o", str(file))
    assert result.exit_code == 0, result.output
    assert "6 Kontakte aus 4 Netzwerken exportiert nach" in result.stderr
    book = workbook(file.read_bytes())
    contacts = rows(book["Kontakte"])
    assert len(contacts) == 1 + 6
    formula = next(row for row in contacts if row[0] == "formel")
    assert formula[1] == '=HYPERLINK("http://evil.example","klick")'
    netzwerke = {row[0]: row for row in rows(book["Netzwerke"])[1:]}
    assert [row[1] for row in netzwerke.values()] == [  # in the order of `netz list`
        "AG Kita", "Hasper Runde", "Netzwerk ohne Kontakt", "Stadtteilforum Boele"]
    assert netzwerke["hasper-runde"][2:4] == ["Netzwerk", "Haspe"]
    assert netzwerke["hasper-runde"][6] == (
        'Anna Groß-Özdemir; =HYPERLINK("http://evil.example","klick"); Paula Privat')


def test_networks_sheet_leaves_private_contacts_out_with_nur_oeffentlich(netz, export_registry,
                                                                          tmp_path):
    file = tmp_path / "kontakte.xlsx"
    result = netz("export", "kontakte", "hasper-runde", "--format", "xlsx", "--nur-oeffentlich",
                  "-o", str(file))
    assert result.exit_code == 0, result.output
    book = workbook(file.read_bytes())
    assert "Paula Privat" not in str(rows(book["Kontakte"]) + rows(book["Netzwerke"]))


def test_export_verteiler_xlsx_to_a_pipe(netz, export_registry):
    result = netz("export", "verteiler", "--format", "xlsx")
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(b"PK")
    assert rows(workbook(result.stdout_bytes)["Verteiler"])[1][0] == "anna@example.org"


@pytest.mark.parametrize("command", ["kontakte", "verteiler"])
def test_xlsx_is_never_written_to_a_terminal(netz, export_registry, monkeypatch, command):
    monkeypatch.setattr(render, "is_terminal", lambda: True)
    result = netz("export", command, "--format", "xlsx")
    assert result.exit_code == 2
    assert result.stdout_bytes == b""
    assert "xlsx ist eine Binärdatei" in result.stderr and "-o DATEI" in result.stderr


def test_installed_netz_writes_a_workbook_libreoffice_and_excel_can_open(tmp_path,
                                                                         export_registry):
    file = tmp_path / "verteiler.xlsx"
    result = subprocess.run([str(NETZ), "export", "verteiler", "--format", "xlsx", "-o",
                             str(file)], capture_output=True, text=True, timeout=60,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert zipfile.ZipFile(file).testzip() is None
    assert rows(workbook(file.read_bytes())["Verteiler"])[0] == [
        "E-Mail", "Name", "Organisation", "Netzwerke"]
