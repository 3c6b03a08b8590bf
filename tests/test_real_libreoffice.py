"""The spreadsheet exports opened by a real LibreOffice Calc (headless), not only by openpyxl.

The .xlsx must open without complaint with both sheets and every text cell intact (leading
zeros, "=SUM(1)" as text, umlauts). The ``excel`` CSV opened with German settings shows the
trade-off the README describes: a postcode with a leading zero becomes a number, the
apostrophe that neutralises a formula stays visible, a plain negative number is a number.

Needs ``soffice`` (Debian: libreoffice-calc-nogui); skipped with that reason where it is
missing. LibreOffice runs with its own profile in a temporary folder, so it neither touches nor
waits for a user's LibreOffice; the whole module takes a few seconds.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice-Test übersprungen: soffice ist nicht installiert "
                            "(Debian-Paket libreoffice-calc-nogui)")

REGISTRY = """
schema = 1

[netzwerke.netz-sued]
name = "Netz Süd"
art = "netzwerk"
bezirke = ["Haspe"]
themen = ["Übergang Schule–Beruf"]
kontakte = ["joerg", "formel"]

[kontakte.joerg]
art = "person"
name = "Jörg Größe"
strasse = "Königsbrücker Straße 1"
plz = "01067"
ort = "Dresden"
telefon = "0351 4711-0"
email = "joerg@example.org"

[kontakte.formel]
art = "person"
name = "=SUM(1)"
funktion = "-2"
abteilung = "@Treff"
email = "formel@example.org"
"""
# "Text - txt - csv (StarCalc)": ";" separator, '"' quotes, UTF-8 (76), from line 1; the
# tokens after the language: quote every text cell (true), cells as shown, and -1 for
# "every sheet into its own file" (LibreOffice ≥ 7.2 names them FILE-SHEET.csv).
CSV_EXPORT = 'csv:Text - txt - csv (StarCalc):59,34,76,1,,0,true,true,false,false,false,-1'
# Opening a CSV as a German user does: ";", UTF-8, German number format (1031).
CSV_IMPORT_GERMAN = "CSV:59,34,76,1,,1031"


@pytest.fixture(scope="module")
def profile(tmp_path_factory) -> str:
    return (tmp_path_factory.mktemp("libreoffice-profil")).as_uri()


def soffice(profile: str, *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(SOFFICE), f"-env:UserInstallation={profile}", "--headless",
                             "--norestore", *args], capture_output=True, text=True, timeout=120,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert "Error" not in result.stdout + result.stderr, result.stdout + result.stderr
    return result


@pytest.fixture
def registry(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "networks.toml"
    path.write_text(REGISTRY, encoding="utf-8")
    monkeypatch.setenv("NETZ_REGISTRY", str(path))
    return path


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.reader(file, delimiter=";"))


def test_libreoffice_opens_the_workbook_with_text_cells_intact(netz, registry, tmp_path,
                                                               profile):
    workbook = tmp_path / "kontakte.xlsx"
    assert netz("export", "kontakte", "--format", "xlsx", "-o", str(workbook)).exit_code == 0
    out = tmp_path / "aus-libreoffice"
    soffice(profile, "--convert-to", CSV_EXPORT, "--outdir", str(out), str(workbook))
    assert sorted(p.name for p in out.iterdir()) == ["kontakte-Kontakte.csv",
                                                      "kontakte-Netzwerke.csv"]
    kontakte = {row[0]: row for row in read_csv(out / "kontakte-Kontakte.csv")}
    header = kontakte["ID"]
    joerg = dict(zip(header, kontakte["joerg"], strict=True))
    assert (joerg["Name"], joerg["PLZ"], joerg["Telefon"], joerg["Straße"]) == (
        "Jörg Größe", "01067", "0351 4711-0", "Königsbrücker Straße 1")
    formel = dict(zip(header, kontakte["formel"], strict=True))
    assert (formel["Name"], formel["Funktion"], formel["Abteilung"]) == ("=SUM(1)", "-2",
                                                                         "@Treff")
    netzwerke = read_csv(out / "kontakte-Netzwerke.csv")
    assert netzwerke[1][:5] == ["netz-sued", "Netz Süd", "Netzwerk", "Haspe",
                                "Übergang Schule–Beruf"]


def test_libreoffice_reads_the_excel_csv_as_the_readme_says(netz, registry, tmp_path, profile):
    openpyxl = pytest.importorskip("openpyxl")
    csv_file = tmp_path / "kontakte.csv"
    assert netz("export", "kontakte", "--format", "excel", "-o", str(csv_file)).exit_code == 0
    out = tmp_path / "aus-libreoffice"
    soffice(profile, "--infilter=" + CSV_IMPORT_GERMAN, "--convert-to", "xlsx", "--outdir",
            str(out), str(csv_file))
    book = openpyxl.load_workbook(out / "kontakte.xlsx")
    rows = [[cell.value for cell in row] for row in book.active.iter_rows()]
    by_id = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert by_id["joerg"]["Name"] == "Jörg Größe"  # the byte order mark makes it UTF-8
    assert by_id["joerg"]["PLZ"] == 1067  # the leading zero is lost: a number
    assert by_id["joerg"]["Telefon"] == "0351 4711-0"  # with spaces it stays text
    assert by_id["formel"]["Name"] == "'=SUM(1)"  # neutralised, and the ' stays visible
    assert by_id["formel"]["Abteilung"] == "'@Treff"
    assert by_id["formel"]["Funktion"] == -2  # a plain number needs no apostrophe
