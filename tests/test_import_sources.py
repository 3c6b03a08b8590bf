"""The source formats on their own: decoding, delimiters, Excel cells, vCard lines, JSON."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from netzwerk_cli.errors import InputError
from netzwerk_cli.imports import read_file
from netzwerk_cli.imports.csv_source import decode, detect_delimiter
from netzwerk_cli.imports.plan import ImportOptions, apply_import, prepare
from netzwerk_cli.imports.vcard_source import components, unescape
from netzwerk_cli.imports.xlsx_source import cell_text, restore_phone
from netzwerk_cli.model import Registry

HERE = Path("liste.csv")


@pytest.mark.parametrize(("data", "text", "label"), [
    ("Jörg".encode(), "Jörg", "UTF-8"),
    (b"\xef\xbb\xbf" + "Jörg".encode(), "Jörg", "UTF-8 mit BOM"),
    ("Jörg – 5 €".encode("cp1252"), "Jörg – 5 €", "Windows-1252"),
    ("\ufeffJörg".encode("utf-16-le"), "\ufeffJörg", "UTF-16"),  # the BOM: read_csv drops it
    ("Jörg;Anna".encode("utf-16-le"), "Jörg;Anna", "UTF-16"),
    ("Jörg;Anna".encode("utf-16-be"), "Jörg;Anna", "UTF-16"),
])
def test_decoding_tries_bom_then_utf8_then_windows_1252(data, text, label):
    decoded, found = decode(data, HERE)
    assert (decoded.lstrip("\ufeff"), found) == (text.lstrip("\ufeff"), label)


def test_utf8_is_never_read_as_windows_1252_mojibake():
    assert decode("Jörg".encode(), HERE)[0] != "JÃ¶rg"


def test_bytes_neither_utf8_nor_windows_1252_name_the_line():
    with pytest.raises(InputError, match=r"liste.csv, Zeile 2: die Datei ist weder UTF-8 noch "
                                         r"Windows-1252 \(Byte 0x81\)"):
        decode(b"Name\nJ\x81rg\n", HERE)


@pytest.mark.parametrize(("text", "delimiter"), [
    ("Name;E-Mail\nAnna;a@b.de\n", ";"),
    ("Name,E-Mail\nAnna,a@b.de\n", ","),
    ("Name\tE-Mail\nAnna\ta@b.de\n", "\t"),
    ("Name\nAnna\n", ","),  # one column: the sniffer gives up, nothing to split
    ("Name;Funktion\nAnna;Leitung, Koordination\nBen;Rat, Tat, Hilfe\n", ";"),
    ('"Name","Notiz"\n"Anna","a;b;c;d;e;f"\n', ","),
])
def test_delimiter_is_sniffed_and_checked_against_the_header(text, delimiter):
    assert detect_delimiter(text) == delimiter


def test_quoted_fields_with_line_breaks_and_quotes(tmp_path):
    path = tmp_path / "liste.csv"
    path.write_bytes(b'Name;Notiz\r\n"Anna ""Anni"" B.";"Zeile 1\r\nZeile 2"\r\nBen;x\r\n')
    sheet = read_file(path)
    assert [row.cells for row in sheet.rows] == [
        ["Name", "Notiz"], ['Anna "Anni" B.', "Zeile 1\r\nZeile 2"], ["Ben", "x"]]
    assert [row.number for row in sheet.rows] == [1, 2, 3]  # rows as Excel counts them


# --- Excel ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "number_format", "text"), [
    (1067, "00000", "01067"),
    (58095, "00000", "58095"),
    (2331123456, "General", "2331123456"),
    (2331123456.0, "General", "2331123456"),
    (1.5, "General", "1.5"),
    (True, "General", "ja"),
    (dt.datetime(2027, 3, 16), "DD.MM.YYYY", "2027-03-16"),
    (dt.date(2027, 3, 16), "General", "2027-03-16"),
    (None, "General", ""),
    ("=HYPERLINK(\"x\")", "General", "=HYPERLINK(\"x\")"),
])
def test_excel_cells_as_the_text_excel_shows(value, number_format, text):
    assert cell_text(value, number_format) == text


@pytest.mark.parametrize(("digits", "restored"), [
    ("2331123456", "02331123456"),  # Hagen, 10 digits
    ("23312073608", "023312073608"),
    ("1712345678", "01712345678"),  # mobile
    ("15228817386", "015228817386"),
    ("3512345678", "03512345678"),  # Dresden
    ("4923311234", None),  # "+4923311234" typed without spaces? not certain
    ("2073608", None),  # a local number without area code: no lost zero
    ("8001234567", None),  # a service number
    ("9999999999", None),  # no valid number
    ("123", None),
])
def test_a_lost_leading_zero_is_restored_only_when_certain(digits, restored):
    assert restore_phone(digits) == restored


def _workbook(tmp_path: Path, rows: list[list[object]], formats: dict[str, str] | None = None
              ) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for cell, number_format in (formats or {}).items():
        sheet[cell].number_format = number_format
    path = tmp_path / "liste.xlsx"
    workbook.save(path)
    return path


def test_a_phone_number_excel_mangled_beyond_repair_is_left_out_with_a_warning(tmp_path):
    path = _workbook(tmp_path, [["Name", "Telefon", "PLZ", "Ort"],
                                ["Anna", 4923311234, 58095, "Hagen"]])
    registry = Registry()
    plan = apply_import(registry, prepare(read_file(path)), ImportOptions())
    assert registry.kontakte["anna"].telefon == ""
    assert plan.warnings == [
        "Zeile 2, Spalte „Telefon“: die Zahl 4923311234 ist als Zahl gespeichert; Excel hat "
        "dabei eine führende 0 (oder ein „+“) entfernt, die sich nicht sicher ergänzen lässt. "
        "Telefon nicht übernommen – bitte die Zelle als Text formatieren und die Nummer mit "
        "Vorwahl eintragen."]


def test_a_postcode_number_without_format_says_what_excel_did(tmp_path):
    path = _workbook(tmp_path, [["Name", "PLZ", "Ort"], ["Lena", 1067, "Dresden"]])
    plan = apply_import(Registry(), prepare(read_file(path)),
                        ImportOptions(ueberspringen=True))
    assert plan.rows[0].problems == (
        "Zeile 2, Spalte „PLZ“: „1067“ ist keine Postleitzahl (fünf Ziffern). Excel hat wohl "
        "die führende 0 entfernt: die Zelle als Text oder mit dem Zahlenformat 00000 "
        "formatieren.",)


def test_blatt_chooses_a_sheet_and_an_unknown_one_is_named(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.title = "Termine"
    workbook.active.append(["Datum"])
    members = workbook.create_sheet("Mitglieder")
    members.append(["Name", "E-Mail"])
    members.append(["Anna", "anna@example.org"])
    path = tmp_path / "mappe.xlsx"
    workbook.save(path)
    sheet = read_file(path, "Mitglieder")
    assert sheet.description == "Excel-Mappe, Blatt „Mitglieder“"
    assert sheet.rows[1].cells == ["Anna", "anna@example.org"]
    with pytest.raises(InputError, match=r"kein Blatt „Mitglider“\. Meinten Sie „Mitglieder“"):
        read_file(path, "Mitglider")


def test_blatt_is_only_for_excel(tmp_path):
    path = tmp_path / "liste.csv"
    path.write_text("Name\nAnna\n")
    with pytest.raises(InputError, match="--blatt gilt nur für Excel-Dateien"):
        read_file(path, "Mitglieder")


# --- vCard ---------------------------------------------------------------------------------


def test_vcard_text_escapes_and_compound_values():
    assert unescape(r"a\, b\; c\\d\ne") == "a, b; c\\d\ne"
    assert components(r"Müller\;Meier;Anna;;Dr.") == ["Müller;Meier", "Anna", "", "Dr."]
    assert components(r"a\\;b") == ["a\\", "b"]


def _vcard(tmp_path: Path, text: str, encoding: str = "utf-8") -> dict:
    path = tmp_path / "karten.vcf"
    path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    registry = Registry()
    apply_import(registry, prepare(read_file(path)), ImportOptions(ueberspringen=True))
    return {i: k.to_toml() for i, k in registry.kontakte.items()}


def test_vcard_organisation_cards_and_netz_own_role_cards(tmp_path):
    kontakte = _vcard(tmp_path, "BEGIN:VCARD\nVERSION:3.0\nFN:Jugendamt Hagen\nN:;;;;\n"
                                "ORG:Jugendamt Hagen;Jugendförderung\nEND:VCARD\n"
                                "BEGIN:VCARD\nVERSION:4.0\nKIND:org\nFN:Koordination\n"
                                "ORG:Stadtteilforum\nEND:VCARD\n"
                                "BEGIN:VCARD\nVERSION:4.0\nKIND:group\nFN:Verteiler\n"
                                "MEMBER:urn:uuid:1\nEND:VCARD\n")
    assert kontakte == {
        "jugendamt-hagen": {"art": "organisation", "organisation": "Jugendamt Hagen",
                            "abteilung": "Jugendförderung", "oeffentlich": False},
        "koordination": {"art": "organisation", "name": "Koordination",
                         "organisation": "Stadtteilforum", "oeffentlich": False},
    }


def test_vcard_in_utf16_and_with_lf_line_ends_and_apple_escapes(tmp_path):
    kontakte = _vcard(tmp_path, "BEGIN:VCARD\nVERSION:3.0\nN:Beispiel;Anna;;;\n"
                                "FN:Anna Beispiel\nitem1.URL:https\\://jz.example.org\n"
                                "TEL;VALUE=uri:tel:+49-2331-123456\nEND:VCARD\n", "utf-16")
    assert kontakte["anna-beispiel"]["webseite"] == "https://jz.example.org"
    assert kontakte["anna-beispiel"]["telefon"] == "02331 123456"


def test_vcard_card_with_control_characters_is_faulty(tmp_path):
    path = tmp_path / "karten.vcf"
    path.write_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anna\x1b[31m Rot\r\nEND:VCARD\r\n")
    with pytest.raises(InputError) as refused:
        apply_import(Registry(), prepare(read_file(path)), ImportOptions())
    assert refused.value.plan.rows[0].problems == (  # type: ignore[attr-defined]
        "Karte 1 (Zeile 1), Eigenschaft FN: enthält das Steuerzeichen U+001B (Escape) an "
        "Stelle 5; erlaubt ist sichtbarer Text in einer Zeile.",)


# --- JSON ----------------------------------------------------------------------------------


def test_json_list_of_contacts(tmp_path):
    path = tmp_path / "kontakte.json"
    path.write_text('[{"id": "anna", "name": "Anna", "art": "person", "oeffentlich": true, '
                    '"plz": 58095, "netzwerke": ["AK 90"], "x_kuerzel": ["a", "b"]}]')
    registry = Registry()
    plan = apply_import(registry, prepare(read_file(path)), ImportOptions())
    assert registry.kontakte["anna"].to_toml() == {
        "art": "person", "name": "Anna", "plz": "58095", "oeffentlich": True,
        "x_kuerzel": ["a", "b"]}
    assert [name for name, _, _ in plan.unmapped] == ["netzwerke"]


@pytest.mark.parametrize(("text", "message"), [
    ('{"name": ', "Zeile 1: kein gültiges JSON"),
    ('[1, 2]', "erwartet wird eine Liste von Kontakten"),
    ("[" * 100_000 + "]" * 100_000, "zu tief verschachtelt"),
])
def test_broken_json_is_a_usage_error(tmp_path, text, message):
    path = tmp_path / "kontakte.json"
    path.write_text(text)
    with pytest.raises(InputError, match=message):
        read_file(path)
