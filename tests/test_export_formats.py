"""The export format table itself, without the CLI: every writer on a small hand-built list.

tests/test_export.py runs the formats through ``netz export`` and parses them back with
independent readers; here each writer's own rules are checked directly: encodings, byte order
mark, delimiters and line ends, quoting and escaping, the format lookup and file writing.
"""

from __future__ import annotations

import base64
import codecs
import datetime as dt
import json

import pytest

from netzwerk_cli.errors import InputError, NetzError
from netzwerk_cli.export.formats import (
    KONTAKT_FORMATS,
    PAGE_FORMATS,
    VERTEILER_FORMATS,
    Options,
    check_vcard_version,
    choose,
    write_new_file,
)
from netzwerk_cli.export.html import page_data
from netzwerk_cli.export.selection import ExportKontakt, Recipient
from netzwerk_cli.export.table import defuse_cell
from netzwerk_cli.model import Kontakt, Netzwerk, Registry

ANNA = Kontakt(art="person", name="Anna Groß-Özdemir", funktion="Koordinatorin",
               organisation="Familienzentrum Boele", telefon="02331 207-3608",
               email="anna@example.org", oeffentlich=True)
TREFF = Kontakt(art="organisation", organisation="Treff, Süd; e. V.", strasse="Weg 1",
                plz="58135", ort="Hagen", email="treff@example.org", webseite="treff.example.org",
                oeffentlich=True)
FORMULA = Kontakt(art="person", name='=HYPERLINK("http://evil.example","klick")',
                  email="formel@example.org")

KONTAKTE = [
    ExportKontakt("anna", ANNA, ("Stadtteilforum Boele", "Hasper Runde")),
    ExportKontakt("treff", TREFF, ("AG Kita",)),
    ExportKontakt("formel", FORMULA, ()),
]
RECIPIENTS = [
    Recipient("anna+netz@example.org", "Anna Groß-Özdemir", "Familienzentrum Boele",
              ("Stadtteilforum Boele", "Hasper Runde")),
    Recipient("treff@example.org", "Treff, Sued", "", ("AG Kita",)),
    Recipient("verein@example.org", 'Verein "Zukunft"', "", ()),
    Recipient("ohne.name@example.org", "", "", ()),
]
TODAY = dt.date(2026, 11, 25)


def page() -> dict:
    registry = Registry(kontakte={"anna": ANNA}, netzwerke={"forum-boele": Netzwerk(
        name="Forum Boele", art="netzwerk", stadtteile=["Boele"], kontakte=["anna"],
        stand="2025-01")})
    return page_data(registry, sorted(registry.netzwerke.items()), [], "Netzwerke in Boele",
                     TODAY)


def text(formats: dict, name: str, data, **options: str) -> str:
    fmt = formats[name]
    return fmt.render(data, Options(**options)).decode(fmt.encoding)


# --- every format ----------------------------------------------------------------------------


@pytest.mark.parametrize(("formats", "name", "data"), [
    *(pytest.param(VERTEILER_FORMATS, n, RECIPIENTS, id=f"verteiler-{n}")
      for n in VERTEILER_FORMATS),
    *(pytest.param(KONTAKT_FORMATS, n, KONTAKTE, id=f"kontakte-{n}") for n in KONTAKT_FORMATS),
    *(pytest.param(PAGE_FORMATS, n, page(), id=f"page-{n}") for n in PAGE_FORMATS),
])
def test_every_format_renders_bytes_in_its_declared_encoding(formats, name, data):
    fmt = formats[name]
    content = fmt.render(data)
    assert isinstance(content, bytes) and content
    assert fmt.suffix.startswith(".") and fmt.description
    if fmt.binary:  # a workbook: a zip archive, written as it is
        assert fmt.encoding is None and content.startswith(b"PK\x03\x04")
        return
    assert content.startswith(codecs.BOM_UTF8) == (fmt.encoding == "utf-8-sig")
    assert content.decode(fmt.encoding) == fmt.write(data, Options())


# --- CSV -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("formats", "data", "header"), [
    (VERTEILER_FORMATS, RECIPIENTS, "E-Mail;Name;Organisation;Netzwerke"),
    (KONTAKT_FORMATS, KONTAKTE, "ID;Name;Art;Funktion;Organisation;Abteilung;Straße;PLZ;Ort;"
                                "Telefon;E-Mail;Webseite;Veröffentlichen;Netzwerke"),
], ids=["verteiler", "kontakte"])
def test_excel_csv_has_a_bom_semicolons_and_crlf_and_no_sep_line(formats, data, header):
    content = formats["excel"].render(data)
    assert content.startswith(codecs.BOM_UTF8 + header.encode("utf-8") + b"\r\n")
    rows = content.decode("utf-8-sig").split("\r\n")
    assert rows[-1] == "" and "\n" not in "".join(rows)  # every line, the last too, ends in CRLF
    assert len(rows) == 1 + len(data) + 1
    assert not rows[0].startswith("sep=")


def test_plain_csv_has_commas_crlf_and_no_bom():
    content = VERTEILER_FORMATS["csv"].render(RECIPIENTS)
    assert content.startswith(b"E-Mail,Name,Organisation,Netzwerke\r\n")
    assert content.decode("utf-8").splitlines()[1] == (
        "anna+netz@example.org,Anna Groß-Özdemir,Familienzentrum Boele,"
        "Stadtteilforum Boele; Hasper Runde")


def test_kontakte_csv_rows_neutralise_formulas_and_quote_delimiters():
    rows = text(KONTAKT_FORMATS, "excel", KONTAKTE).split("\r\n")
    assert rows[1] == ("anna;Anna Groß-Özdemir;Person;Koordinatorin;Familienzentrum Boele;;;;;"
                       '02331 207-3608;anna@example.org;;ja;"Stadtteilforum Boele; Hasper Runde"')
    assert rows[2].startswith('treff;;Organisation;;"Treff, Süd; e. V.";;Weg 1;58135;Hagen;')
    assert rows[3].startswith("formel;\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"klick\"\")\";")
    assert rows[3].endswith(";nein;")


@pytest.mark.parametrize(("value", "written"), [
    ("=HYPERLINK(1)", "'=HYPERLINK(1)"), ("@Treff", "'@Treff"), ("+49 2331 207-3608",
                                                                 "'+49 2331 207-3608"),
    ("-2+3", "'-2+3"), ("-", "'-"), ("-A1", "'-A1"), ("\tx", "'\tx"),
    # A number is never a formula: a real "-2" is written as it is, not as "'-2".
    ("-2", "-2"), ("-1,5", "-1,5"), ("-1.000,50", "-1.000,50"),
    ("01067", "01067"), ("Anna", "Anna"),
])
def test_defuse_cell_neutralises_formula_starts_but_not_plain_numbers(value, written):
    assert defuse_cell(value) == written


# --- address lines, mailto, JSON ----------------------------------------------------------------


def test_txt_is_one_address_per_line():
    assert text(VERTEILER_FORMATS, "txt", RECIPIENTS) == (
        "anna+netz@example.org\ntreff@example.org\nverein@example.org\nohne.name@example.org\n")


def test_outlook_quotes_names_with_specials_and_leaves_nameless_addresses_bare():
    assert text(VERTEILER_FORMATS, "outlook", RECIPIENTS) == (
        "Anna Groß-Özdemir <anna+netz@example.org>; "
        '"Treff, Sued" <treff@example.org>; '
        '"Verein \\"Zukunft\\"" <verein@example.org>; '
        "ohne.name@example.org\n")


def test_mailto_puts_every_address_in_bcc_percent_encoded():
    assert text(VERTEILER_FORMATS, "mailto", RECIPIENTS) == (
        "mailto:?bcc=anna%2Bnetz@example.org,treff@example.org,verein@example.org,"
        "ohne.name@example.org\n")


def test_json_shapes_of_both_lists():
    verteiler = json.loads(text(VERTEILER_FORMATS, "json", RECIPIENTS[:1]))
    assert verteiler == [{"email": "anna+netz@example.org", "name": "Anna Groß-Özdemir",
                          "organisation": "Familienzentrum Boele",
                          "netzwerke": ["Stadtteilforum Boele", "Hasper Runde"]}]
    (treff,) = json.loads(text(KONTAKT_FORMATS, "json", KONTAKTE[1:2]))
    assert treff["id"] == "treff"
    assert (treff["organisation"], treff["plz"], treff["oeffentlich"]) == (
        "Treff, Süd; e. V.", "58135", True)
    assert treff["netzwerke"] == ["AG Kita"]
    assert "Ö" in text(KONTAKT_FORMATS, "json", KONTAKTE[:1])  # UTF-8 kept, not \u00d6


# --- LDIF ------------------------------------------------------------------------------------


def test_ldif_person_records_then_the_list_with_escaped_dns_and_base64_for_non_ascii():
    blocks = text(VERTEILER_FORMATS, "ldif", RECIPIENTS, listenname="Netzwerke Haspe").split(
        "\n\n")
    assert len(blocks) == len(RECIPIENTS) + 1
    anna = blocks[0].splitlines()
    encoded = base64.b64encode("Anna Groß-Özdemir".encode()).decode("ascii")
    assert f"cn:: {encoded}" in anna
    assert "mail: anna+netz@example.org" in anna
    assert "objectclass: mozillaAbPersonAlpha" in anna
    assert blocks[1].startswith("dn: cn=Treff\\, Sued,mail=treff@example.org\n")
    assert blocks[3].startswith("dn: cn=ohne.name@example.org,mail=ohne.name@example.org\n")
    group = blocks[-1].splitlines()
    assert group[:4] == ["dn: cn=Netzwerke Haspe", "objectclass: top",
                         "objectclass: groupOfNames", "cn: Netzwerke Haspe"]
    assert [line for line in group if line.startswith("member")][1:] == [
        "member: cn=Treff\\, Sued,mail=treff@example.org",
        'member: cn=Verein \\"Zukunft\\",mail=verein@example.org',
        "member: cn=ohne.name@example.org,mail=ohne.name@example.org"]


def test_ldif_list_name_defaults_to_netz_verteiler():
    assert "cn: netz-Verteiler\n" in text(VERTEILER_FORMATS, "ldif", RECIPIENTS)


# --- vCard -----------------------------------------------------------------------------------


def test_vcard_4_escapes_text_and_marks_persons_and_organisations():
    cards = text(KONTAKT_FORMATS, "vcard", KONTAKTE)
    assert "\n" not in cards.replace("\r\n", "")
    assert cards.count("BEGIN:VCARD\r\nVERSION:4.0\r\n") == cards.count("END:VCARD\r\n") == 3
    anna, treff, _ = cards.split("END:VCARD\r\n")[:3]
    assert "KIND:individual\r\n" in anna and "KIND:org\r\n" in treff
    assert "N:Groß-Özdemir;Anna;;;\r\n" in anna
    assert "TEL;TYPE=work,voice:+49 2331 207-3608\r\n" in anna
    assert "CATEGORIES:Stadtteilforum Boele,Hasper Runde\r\n" in anna
    assert "FN:Treff\\, Süd\\; e. V.\r\n" in treff
    assert "ADR;TYPE=work:;;Weg 1;Hagen;;58135;Deutschland\r\n" in treff
    assert "URL:https://treff.example.org\r\n" in treff


def test_vcard_3_for_older_address_books():
    cards = text(KONTAKT_FORMATS, "vcard", KONTAKTE, vcard_version="3.0")
    assert cards.count("VERSION:3.0\r\n") == 3
    assert "KIND:" not in cards
    assert "TEL;TYPE=WORK,VOICE:+49 2331 207-3608\r\n" in cards
    assert "UID:urn:uuid:" not in cards and "\r\nUID:" in cards


def test_vcard_uid_stays_the_same_for_the_same_contact_id():
    def uids(kontakte: list[ExportKontakt]) -> list[str]:
        cards = text(KONTAKT_FORMATS, "vcard", kontakte)
        return [line for line in cards.split("\r\n") if line.startswith("UID:urn:uuid:")]

    first = uids(KONTAKTE)
    assert len(set(first)) == 3
    assert uids(KONTAKTE[1:]) == first[1:]
    renamed = [KONTAKTE[0]._replace(kontakt=Kontakt(art="person", name="Anna Neu"))]
    assert uids(renamed) == first[:1]


def test_unknown_vcard_version_is_refused():
    assert check_vcard_version("3.0") == "3.0"
    with pytest.raises(InputError) as error:
        check_vcard_version("2.1")
    assert str(error.value) == "--vcard-version: „2.1“; gültig: 4.0 oder 3.0."


# --- the page --------------------------------------------------------------------------------


def test_page_formats_carry_the_title_and_the_day_they_were_made():
    html = text(PAGE_FORMATS, "html", page())
    assert html.startswith("<!DOCTYPE html>")
    assert "erstellt am 25.11.2026" in html
    markdown = text(PAGE_FORMATS, "markdown", page())
    assert markdown.startswith("# Netzwerke in Boele\n")
    assert "### Forum Boele" in markdown


# --- choosing a format and writing the file ---------------------------------------------------


def test_choose_returns_the_format_of_that_name():
    assert choose("ldif", VERTEILER_FORMATS) is VERTEILER_FORMATS["ldif"]


@pytest.mark.parametrize(("formats", "valid"), [
    (VERTEILER_FORMATS, "txt, outlook, csv, excel, xlsx, mailto, ldif, json"),
    (KONTAKT_FORMATS, "csv, excel, xlsx, vcard, json"),
    (PAGE_FORMATS, "html, markdown"),
], ids=["verteiler", "kontakte", "page"])
def test_choose_an_unknown_format_lists_the_valid_ones(formats, valid):
    with pytest.raises(InputError) as error:
        choose("xls", formats)
    assert str(error.value) == f"Unbekanntes Format „xls“. Gültig: {valid}."


def test_write_new_file_writes_the_bytes_as_they_are(tmp_path):
    target = tmp_path / "kontakte.csv"
    content = KONTAKT_FORMATS["excel"].render(KONTAKTE)
    write_new_file(target, content)
    assert target.read_bytes() == content


def test_write_new_file_refuses_an_existing_file_unless_told_to_overwrite(tmp_path):
    target = tmp_path / "liste.txt"
    target.write_bytes(b"wichtig")
    with pytest.raises(InputError) as error:
        write_new_file(target, b"neu")
    assert str(error.value) == f"Die Datei {target} gibt es schon. Mit --force überschreiben."
    assert target.read_bytes() == b"wichtig"
    write_new_file(target, b"neu", overwrite=True)
    assert target.read_bytes() == b"neu"


def test_write_new_file_names_a_missing_folder_in_german(tmp_path):
    target = tmp_path / "fehlt" / "liste.txt"
    with pytest.raises(NetzError) as error:
        write_new_file(target, b"x")
    assert str(error.value) == (f"{target} kann nicht geschrieben werden: den Ordner "
                                f"{tmp_path / 'fehlt'} gibt es nicht.")
    assert not (tmp_path / "fehlt").exists()
