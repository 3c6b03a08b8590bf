"""The export format table itself, without the CLI: every writer on a small hand-built list.

tests/test_export.py runs the formats through ``netz export`` and parses them back with
independent readers; here each writer's own rules are checked directly: encodings, byte order
mark, delimiters and line ends, quoting and escaping, the format lookup and file writing.
"""

from __future__ import annotations

import base64
import codecs
import csv
import datetime as dt
import io
import json
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import vobject

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
from netzwerk_cli.export.mailto import MAX_LENGTH, mailto_links
from netzwerk_cli.export.selection import ExportKontakt, Recipient, exportable
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
    written = fmt.write(data, Options())  # a text, or a page in pieces
    assert content.decode(fmt.encoding) == (written if isinstance(written, str)
                                             else "".join(written))


# --- one rule for every format: values as the export sees them ---------------------------------

LINE_BREAKS = {"lf": "Anna\nBeispiel", "crlf": "Anna\r\nBeispiel", "cr": "Anna\rBeispiel",
               "nel": "Anna\x85Beispiel", "line-separator": "Anna\u2028Beispiel",
               "paragraph-separator": "Anna\u2029Beispiel", "vt": "Anna\x0bBeispiel",
               "spaces-around": "Anna \r\n  Beispiel", "blank-lines": "\nAnna\n\nBeispiel\n"}


@pytest.mark.parametrize("name", LINE_BREAKS.values(), ids=LINE_BREAKS)
def test_exportable_makes_a_name_with_line_breaks_one_line_for_every_format(name):
    registry = Registry(kontakte={"anna": Kontakt(art="person", name=name,
                                                  email="anna@example.org")})
    assert exportable(registry).kontakte["anna"].name == "Anna Beispiel"


def test_exportable_still_shows_other_control_characters_visibly():
    registry = Registry(kontakte={"anna": Kontakt(name="Anna\x1b[2J\nB", notiz="1\r\n2\x07")})
    kontakt = exportable(registry).kontakte["anna"]
    assert kontakt.name == "Anna\ufffd[2J B"
    assert kontakt.notiz == "1\n2\ufffd"  # a multi-line value keeps its line breaks, as LF


def test_exportable_copies_only_the_entries_holding_an_unprintable_value():
    clean = {f"k{i}": Kontakt(art="person", name=f"Person {i}", notiz="a\nb") for i in range(5)}
    netzwerk = Netzwerk(name="Runde", themen=["Jugend\x1b[2J"])
    registry = Registry(kontakte=clean, netzwerke={"runde": netzwerk})
    seen = exportable(registry)
    assert seen.kontakte is registry.kontakte  # a table without any such value stays as it is
    assert seen.netzwerke["runde"].themen == ["Jugend\ufffd[2J"]  # a list value counts too
    dirty = exportable(Registry(kontakte={**clean, "x": Kontakt(name="X", notiz="1\x07")}))
    assert dirty.kontakte["x"].notiz == "1\ufffd"
    assert all(dirty.kontakte[i] is clean[i] for i in clean)


@pytest.mark.parametrize("name", [name for name, fmt in VERTEILER_FORMATS.items()
                                  if name != "json" and not fmt.binary])
def test_every_list_format_keeps_a_recipient_on_its_line(name):
    registry = exportable(Registry(kontakte={
        "anna": Kontakt(art="person", name="Anna\r\nBeispiel", email="anna@example.org"),
        "bert": Kontakt(art="person", name="Bert\u2028Zwei", email="bert@example.org")}))
    recipients = [Recipient(k.email, k.name, "", ()) for k in registry.kontakte.values()]
    content = text(VERTEILER_FORMATS, name, recipients)
    assert "Anna Beispiel" in content or name in {"txt", "mailto"}
    if name == "outlook":
        assert content.splitlines() == [
            "Anna Beispiel <anna@example.org>; Bert Zwei <bert@example.org>"]


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


# --- Outlook contacts (CSV) -------------------------------------------------------------------

OUTLOOK_HEADER = ("Vorname,Nachname,Firma,Abteilung,Position,Straße geschäftlich,"
                  "Postleitzahl geschäftlich,Ort geschäftlich,Telefon geschäftlich,"
                  "E-Mail-Adresse,Webseite,Notizen,Kategorien")


def outlook_rows(kontakte: list[ExportKontakt]) -> list[dict[str, str]]:
    content = KONTAKT_FORMATS["outlook-csv"].render(kontakte)
    return list(csv.DictReader(io.StringIO(content.decode("cp1252"), newline="")))


def test_outlook_csv_has_the_german_outlook_columns_in_cp1252_with_commas_and_crlf():
    fmt = KONTAKT_FORMATS["outlook-csv"]
    assert (fmt.encoding, fmt.suffix) == ("cp1252", ".csv")
    content = fmt.render(KONTAKTE)
    assert content.startswith(OUTLOOK_HEADER.encode("cp1252") + b"\r\n")  # no BOM
    assert "Groß-Özdemir".encode("cp1252") in content
    lines = content.split(b"\r\n")
    assert lines[-1] == b"" and len(lines) == len(KONTAKTE) + 2
    assert b"\n" not in b"".join(lines)


def test_outlook_csv_splits_a_person_and_files_an_organisation_under_firma():
    anna, treff, formula = outlook_rows(KONTAKTE)
    assert anna == {
        "Vorname": "Anna", "Nachname": "Groß-Özdemir", "Firma": "Familienzentrum Boele",
        "Abteilung": "", "Position": "Koordinatorin", "Straße geschäftlich": "",
        "Postleitzahl geschäftlich": "", "Ort geschäftlich": "",
        "Telefon geschäftlich": "+49 2331 207-3608", "E-Mail-Adresse": "anna@example.org",
        "Webseite": "", "Notizen": "Netzwerke: Stadtteilforum Boele; Hasper Runde",
        "Kategorien": "Stadtteilforum Boele;Hasper Runde"}
    assert (treff["Vorname"], treff["Nachname"], treff["Firma"]) == ("", "", "Treff, Süd; e. V.")
    assert (treff["Straße geschäftlich"], treff["Postleitzahl geschäftlich"],
            treff["Ort geschäftlich"]) == ("Weg 1", "58135", "Hagen")
    assert treff["Webseite"] == "https://treff.example.org"
    assert formula["Nachname"] == "'=HYPERLINK(\"http://evil.example\",\"klick\")"


def test_outlook_csv_names_a_role_and_keeps_its_organisation():
    rolle = ExportKontakt("rolle", Kontakt(art="rolle", name="Bezirksjugendpflege Haspe",
                                           funktion="Bezirksjugendpfleger/in",
                                           organisation="Stadt Hagen"),
                          ("Netzwerk Mitte; Runder Tisch", "AG Kita"))
    (row,) = outlook_rows([rolle])
    assert (row["Vorname"], row["Nachname"], row["Firma"], row["Position"]) == (
        "", "Bezirksjugendpflege Haspe", "Stadt Hagen", "Bezirksjugendpfleger/in")
    # Outlook splits categories at ";" (the German list separator).
    assert row["Kategorien"] == "Netzwerk Mitte, Runder Tisch;AG Kita"


def test_outlook_csv_replaces_what_cp1252_cannot_hold_and_says_where():
    fremd = ExportKontakt("lukasz", Kontakt(art="person", name="Łukasz Ćwikłiński",
                                            organisation="Верба e. V.",
                                            funktion="Leitung – „Süd“ €"), ("Netz ☀",))
    fmt = KONTAKT_FORMATS["outlook-csv"]
    (row,) = outlook_rows([fremd])
    assert (row["Vorname"], row["Nachname"]) == ("Lukasz", "Cwiklinski")
    assert row["Firma"] == "????? e. V."
    assert row["Position"] == "Leitung – „Süd“ €"  # all in cp1252
    assert row["Kategorien"] == "Netz ?"
    assert fmt.notes is not None
    assert fmt.notes([fremd], Options()) == [
        "outlook-csv: 5 Werte enthalten Zeichen, die es in Windows-1252 (der Kodierung für "
        "Outlook) nicht gibt; sie wurden ersetzt – ähnliche Buchstaben, sonst „?“:",
        "  lukasz, Vorname: „Łukasz“ → „Lukasz“",
        "  lukasz, Nachname: „Ćwikłiński“ → „Cwiklinski“",
        "  lukasz, Firma: „Верба e. V.“ → „????? e. V.“",
        "  lukasz, Notizen: „Netzwerke: Netz ☀“ → „Netzwerke: Netz ?“",
        "  lukasz, Kategorien: „Netz ☀“ → „Netz ?“",
    ]
    assert fmt.notes(KONTAKTE, Options()) == []


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


def test_mailto_percent_encodes_plus_ampersand_equals_and_comma_in_addresses():
    # Unencoded, "+" reads as a space and "&"/"=" start a new header field (RFC 6068).
    recipients = [Recipient("a+b@example.org", "", "", ()),
                  Recipient("c&d=e@example.org", "", "", ()),
                  Recipient('"f,g"%h?@example.org', "", "", ())]
    (link,) = mailto_links(recipients)
    assert link == ("mailto:?bcc=a%2Bb@example.org,c%26d%3De@example.org,"
                    "%22f%2Cg%22%25h%3F@example.org")
    query = parse_qs(urlsplit(link).query, strict_parsing=True)
    assert query == {"bcc": ["a+b@example.org,c&d=e@example.org,\"f,g\"%h?@example.org"]}
    assert [unquote(a) for a in urlsplit(link).query.removeprefix("bcc=").split(",")] == [
        r.email for r in recipients]


def test_mailto_split_counts_the_encoded_length():
    recipients = [Recipient(f"person+{n:03}&netz@stadt-hagen.example.org", "", "", ())
                  for n in range(200)]
    links = mailto_links(recipients)
    assert len(links) > 1
    assert all(len(link) <= MAX_LENGTH for link in links)
    assert all(len(link) > MAX_LENGTH - 60 for link in links[:-1])  # each link filled up
    addresses = [unquote(a) for link in links
                 for a in link.removeprefix("mailto:?bcc=").split(",")]
    assert addresses == [r.email for r in recipients]


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
        "\n\n")[:-1]
    assert len(blocks) == len(RECIPIENTS) + 1
    anna = blocks[0].splitlines()
    encoded = base64.b64encode("Anna Groß-Özdemir".encode()).decode("ascii")
    assert f"cn:: {encoded}" in anna
    assert "mail: anna+netz@example.org" in anna
    assert blocks[0].startswith("dn:: ")  # the umlauts make the whole DN base64
    assert "objectclass: mozillaAbPersonAlpha" in anna
    assert blocks[1].startswith("dn: cn=Treff\\, Sued,mail=treff@example.org\n")
    assert blocks[3].startswith("dn: cn=ohne.name@example.org,mail=ohne.name@example.org\n")
    group = blocks[-1].splitlines()
    assert group[:4] == ["dn: cn=Netzwerke Haspe", "objectclass: top",
                         "objectclass: groupOfNames", "cn: Netzwerke Haspe"]
    assert [line for line in group if line.startswith("member")][1:] == [  # Thunderbird's form
        "member: cn=Treff\\, Sued,mail=treff@example.org",
        'member: cn=Verein \\"Zukunft\\",mail=verein@example.org',
        "member: cn=ohne.name@example.org,mail=ohne.name@example.org"]


def ldif_records(content: str) -> list[str]:
    """The records as Thunderbird's importer cuts them: each closed by an empty line; a last
    record without one is read as a card but never as a list."""
    *closed, rest = content.split("\n\n")
    assert rest == "", f"last record not closed by an empty line: {rest!r}"
    return closed


def thunderbird_values(record: str, attribute: str) -> list[str]:
    """The values of ``attribute`` in a record, base64 decoded (RFC 2849)."""
    values = []
    for line in record.splitlines():
        name, _, value = line.partition(":")
        if name == attribute:
            values.append(base64.b64decode(value[2:]).decode() if value.startswith(": ")
                          else value.removeprefix(" "))
    return values


def thunderbird_member_address(member: str) -> str:
    """What Thunderbird looks up for a ``member`` DN: everything after the first "mail="."""
    return member[member.find("mail=") + len("mail="):]


TRICKY = [
    Recipient("name+netz@example.org", "Plus Zeichen", "", ()),
    Recipient("a=b@example.org", "Gleich Zeichen", "", ()),
    Recipient("komma@example.org", "Komma, Org", "", ()),
    Recipient("quote@example.org", 'Verein "Zukunft"', "", ()),
    Recipient("joerg@example.org", "Jörg Größe-Ärmel", "", ()),
    Recipient("mail@example.org", "Kontakt mail=x,mail=y \\ Ende ", "", ()),
    Recipient("gruppe@example.org", "groupOfNames", "", ()),
    Recipient("groupOfNames@example.org", "", "", ()),
    Recipient("jürgen+ä@example.org", "Jürgen", "", ()),
]


def test_ldif_every_record_the_last_one_included_ends_with_an_empty_line():
    content = text(VERTEILER_FORMATS, "ldif", RECIPIENTS)
    assert content.endswith("member: cn=ohne.name@example.org,mail=ohne.name@example.org\n\n")
    assert len(ldif_records(content)) == len(RECIPIENTS) + 1
    assert "\n\n\n" not in content


def test_ldif_every_member_reaches_the_list_whatever_its_address_or_name():
    records = ldif_records(text(VERTEILER_FORMATS, "ldif", TRICKY, listenname="Liste"))
    # Thunderbird makes a list of every record holding "groupOfNames" anywhere in its text.
    lists = [r for r in records if "groupOfNames" in r]
    assert len(lists) == 1 and thunderbird_values(lists[0], "cn") == ["Liste"]
    cards = [r for r in records if r not in lists]
    addresses = [thunderbird_values(card, "mail") for card in cards]
    assert addresses == [[r.email] for r in TRICKY]
    members = thunderbird_values(lists[0], "member")
    assert [thunderbird_member_address(m) for m in members] == [r.email for r in TRICKY]
    # The member names the person record it means, and the name part stays a valid DN value.
    assert members == [thunderbird_values(card, "dn")[0] for card in cards]
    assert members[2] == "cn=Komma\\, Org,mail=komma@example.org"
    assert members[3] == 'cn=Verein \\"Zukunft\\",mail=quote@example.org'
    assert members[5] == ("cn=Kontakt mail\\=x\\,mail\\=y \\\\ Ende\\ ,"
                          "mail=mail@example.org")
    assert thunderbird_values(cards[4], "cn") == ["Jörg Größe-Ärmel"]


@pytest.mark.parametrize("listenname", ["Netzwerke, Haspe", "AG; Kita", 'Die "Runde"', "a < b",
                                       "a > b", "Zwei  Leerzeichen", " ", "Zeile\n2"])
def test_ldif_refuses_a_list_name_thunderbird_would_drop_the_list_for(listenname):
    # Thunderbird's addMailList throws for , ; " < > and two spaces: the list would be lost.
    with pytest.raises(InputError) as error:
        text(VERTEILER_FORMATS, "ldif", RECIPIENTS, listenname=listenname)
    assert str(error.value).startswith("--listenname: „")
    assert "Thunderbird" in str(error.value)


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
    assert "FN:Treff\\, Süd; e. V.\r\n" in treff
    assert "ORG:Treff\\, Süd\\; e. V.\r\n" in treff
    assert "ADR;TYPE=work:;;Weg 1;Hagen;;58135;Deutschland\r\n" in treff
    assert "URL:https://treff.example.org\r\n" in treff


def test_vcard_3_for_older_address_books():
    cards = text(KONTAKT_FORMATS, "vcard", KONTAKTE, vcard_version="3.0")
    assert cards.count("VERSION:3.0\r\n") == 3
    assert "\r\nKIND:" not in cards  # 4.0 only; X-KIND is what khard reads in 3.0
    assert "TEL;TYPE=WORK,VOICE:+49 2331 207-3608\r\n" in cards
    assert "UID:urn:uuid:" not in cards and "\r\nUID:" in cards


SEMIKOLON = ExportKontakt("semikolon", Kontakt(
    art="person", name="Ute Semi", funktion="Leitung; Planung, Ort",
    organisation="Träger; Süd", abteilung="Kita, Hort", strasse="Weg 1; Hinterhaus",
    plz="58135", ort="Hagen", email="ute@example.org"),
    ("Netzwerk Mitte; Runder Tisch", "AG 2, Jugend"))


@pytest.mark.parametrize("version", ["4.0", "3.0"])
def test_vcard_escapes_semicolons_only_in_compound_values(version):
    # Thunderbird (ical.js) shows "\;" in a text value literally: only N, ADR and ORG get it.
    card = text(KONTAKT_FORMATS, "vcard", [SEMIKOLON], vcard_version=version)
    lines = card.replace("\r\n ", "").split("\r\n")
    assert "TITLE:Leitung; Planung\\, Ort" in lines
    assert "NOTE:Netzwerke: Netzwerk Mitte; Runder Tisch; AG 2\\, Jugend" in lines
    assert "CATEGORIES:Netzwerk Mitte; Runder Tisch,AG 2\\, Jugend" in lines
    assert "ORG:Träger\\; Süd;Kita\\, Hort" in lines
    kind = "WORK" if version == "3.0" else "work"
    assert f"ADR;TYPE={kind}:;;Weg 1\\; Hinterhaus;Hagen;;58135;Deutschland" in lines
    parsed = vobject.readOne(card)
    assert parsed.title.value == "Leitung; Planung, Ort"
    assert parsed.note.value == "Netzwerke: Netzwerk Mitte; Runder Tisch; AG 2, Jugend"
    assert parsed.org.value == ["Träger; Süd", "Kita, Hort"]


def test_vcard_components_never_end_in_a_backslash():
    # ical.js splits N, ORG, ADR and CATEGORIES at any ";" or "," after a backslash, so an
    # escaped backslash at the end of a component would swallow the separator.
    kontakt = ExportKontakt("strich", Kontakt(art="person", name="Back\\ Slash\\ x",
                                              organisation="Org\\", abteilung="Abt"), ("Netz\\",))
    lines = text(KONTAKT_FORMATS, "vcard", [kontakt]).split("\r\n")
    assert "FN:Back\\\\ Slash\\\\ x" in lines  # a text value keeps it
    assert "N:x;Back\\\\ Slash;;;" in lines
    assert "ORG:Org;Abt" in lines
    assert "CATEGORIES:Netz" in lines


def test_vcard_3_shows_organisations_and_roles_as_companies():
    rolle = ExportKontakt("rolle", Kontakt(art="rolle", name="Bezirksjugendpflege Haspe",
                                           organisation="Stadt Hagen"), ())
    nur_name = ExportKontakt("nur-name", Kontakt(art="organisation", name="Jugendtreff"), ())
    cards = text(KONTAKT_FORMATS, "vcard", [*KONTAKTE[:2], rolle, nur_name],
                 vcard_version="3.0").split("END:VCARD\r\n")
    anna, treff, role, name_only = (card.split("\r\n") for card in cards[:4])
    assert "X-ABShowAs:COMPANY" not in anna and "X-KIND:org" not in anna
    for card in (treff, role, name_only):
        assert "X-ABShowAs:COMPANY" in card  # Apple Contacts
        assert "X-KIND:org" in card  # khard's name for KIND in vCard 3.0
        assert "N:;;;;" in card
    assert "ORG:Stadt Hagen" in role
    assert "ORG:Jugendtreff" in name_only  # a company card needs its company name
    four = text(KONTAKT_FORMATS, "vcard", [nur_name])
    assert "X-ABShowAs" not in four and "KIND:org\r\n" in four and "ORG:Jugendtreff\r\n" in four


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
    (KONTAKT_FORMATS, "csv, excel, xlsx, vcard, outlook-csv, json"),
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
