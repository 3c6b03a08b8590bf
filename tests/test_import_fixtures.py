"""Every test file under tests/fixtures/import/ imported into an empty registry, contact for
contact: the lists coordinators keep, as Excel, Outlook, Google, Thunderbird and phones write
them (invented data, see the README there)."""

from __future__ import annotations

from pathlib import Path

import pytest

from netzwerk_cli.imports import read_file
from netzwerk_cli.imports.plan import (
    FEHLERHAFT,
    NEU,
    ImportOptions,
    ImportRefused,
    apply_import,
    prepare,
)
from netzwerk_cli.model import Registry

IMPORT = Path(__file__).parent / "fixtures" / "import"


def imported(name: str, **options):
    """The registry after importing a test file into an empty one, and the plan."""
    registry = Registry()
    plan = apply_import(registry, prepare(read_file(IMPORT / name)), ImportOptions(**options))
    return {i: k.to_toml() for i, k in registry.kontakte.items()}, plan


def person(name: str, **fields) -> dict:
    return {"art": "person", "name": name, **fields, "oeffentlich": False}


def skipped(plan) -> list[tuple[str, str, str]]:
    return [(s.where, s.column, s.value) for s in plan.skipped]


def test_german_excel_csv_in_windows_1252_with_semicolons():
    kontakte, plan = imported("excel-de-cp1252-semikolon.csv")
    assert plan.source == "CSV, Trennzeichen Semikolon, Windows-1252"
    assert ("Name", "„Vorname“ + „Name“") in plan.mapping  # "Name" beside "Vorname": family name
    assert kontakte == {
        "anna-beispiel": person(
            "Anna Beispiel", funktion="Leitung", organisation="Jugendzentrum Beispielstraße",
            strasse="Beispielstraße 12", plz="58095", ort="Hagen", telefon="02331 123-456",
            email="anna@example.org", notiz="Beispieldaten – alle Angaben erfunden"),
        "joerg-mueller-luedenscheidt": person(
            "Jörg Müller-Lüdenscheidt", funktion="Leitung; Koordination Netzwerk Mitte",
            organisation="Kita Sonnenschein (Beispiel)", strasse="Am Beispielhang 7",
            plz="58099", ort="Hagen", telefon="02331 98765", email="joerg.mueller@example.net",
            notiz="Beispieldaten"),
        "svenja-gross": person(  # a line break in a one-line cell becomes ", "
            "Svenja Groß", funktion="Sozialpädagogin",
            organisation="Familienzentrum Musterhof (Beispiel)",
            strasse="Musterweg 3a, Hinterhaus, 2. OG", plz="58089", ort="Hagen",
            telefon="0171 2345678", email="svenja.gross@example.com", notiz="Beispieldaten"),
        "hans-peter-weiss": person(
            "Hans-Peter Weiß", funktion="Berater",
            organisation="Beratungsstelle Lindenblatt (Beispiel)", strasse="Lindenweg 998",
            plz="58119", ort="Hagen-Hohenlimburg", telefon="02331 987-654",
            notiz="Beispieldaten, E-Mail fehlt"),
        "lena-exempel": person(
            "Lena Exempel", funktion="Referentin Jugendarbeit",
            organisation="Landesverband Beispiel e.V.", strasse="Beispielallee 5", plz="01067",
            ort="Dresden", telefon="0351 1234567", email="lena.exempel@example.org",
            notiz="Beispieldaten – überregional"),
        "zoe-krueger": person(
            "Zoë Krüger", funktion="Schulsozialarbeit",
            organisation="Offene Ganztagsschule Am Beispielhang", strasse="Am Beispielhang 9",
            plz="58097", ort="Hagen", telefon="02331 445566", email="zoe.krueger@example.net",
            notiz="Beispieldaten"),
        "karl-heinz-uebelacker": person(
            "Karl-Heinz Übelacker", funktion="Jugendpfleger",
            organisation='Jugendtreff "Die Insel" (Beispiel)', strasse="Inselweg 4",
            plz="58135", ort="Hagen-Haspe", telefon="02331 112233",
            email="k.uebelacker@example.com", notiz="Beispieldaten, Beitrag 5 € im Jahr"),
        "bjoern-aebersold": person(
            "Björn Äbersold", funktion="Jugendwart",
            organisation="Sportverein Blau-Weiß Beispiel e.V.", strasse="Sportplatzweg 1",
            plz="58091", ort="Hagen", telefon="01522 8817386", email="bjoern@example.org",
            notiz="Beispieldaten (Spitzname „Büffel“)"),
    }
    assert plan.skipped == [] and plan.unmapped == []


def test_excel_utf8_csv_with_bom_and_a_column_that_is_no_name():
    kontakte, plan = imported("excel-utf8-bom.csv")
    assert plan.source == "CSV, Trennzeichen Semikolon, UTF-8 mit BOM"
    assert kontakte == {
        "oemer-yilmaz": person(
            "Ömer Yılmaz", organisation="Jugendhilfe Beispiel gGmbH", telefon="0171 2345678",
            email="oemer.yilmaz@example.org", notiz="Beispieldaten"),
        "ayse-demir": person(
            "Ayşe Demir", organisation="Stadtteilbüro Beispiel-Wehringhausen",
            telefon="02331 123-456", email="ayse.demir@example.com", notiz="Beispieldaten"),
        "anna-beispiel": person(
            "Anna Beispiel", organisation="Jugendzentrum Beispielstraße", telefon="02331 98765",
            email="anna+netz@example.org", notiz="Beispieldaten – Adresse mit Pluszeichen"),
        "malgorzata-nowak-beispiel": person(
            "Małgorzata Nowak-Beispiel", organisation="Kita Sonnenschein (Beispiel)",
            telefon="02331 987-654", email="m.nowak@example.net", notiz="Beispieldaten"),
        "hans-peter-weiss": person(
            "Hans-Peter Weiß", organisation="Beratungsstelle Lindenblatt (Beispiel)",
            telefon="02331 445566", email="HP.Weiss@Example.COM",
            notiz="Beispieldaten; Adresse in Großbuchstaben"),
        "zoe-krueger": person(
            "Zoë Krüger", organisation="Offene Ganztagsschule Am Beispielhang",
            telefon="01522 8817386", email="zoe.krueger@example.net",
            notiz="Beispieldaten 🙂"),
    }
    # "Ansprechpartner/in" holds ja/nein here: never taken as the name, and said so.
    assert skipped(plan) == [
        ("Zeile 2", "Ansprechpartner/in", "ja"), ("Zeile 3", "Ansprechpartner/in", "nein"),
        ("Zeile 4", "Ansprechpartner/in", "ja"),
        ("Zeile 5", "Ansprechpartner/in", "Vertretung: Anna Beispiel"),
        ("Zeile 6", "Ansprechpartner/in", "ja")]


def test_xlsx_with_numeric_phone_numbers_and_postcodes():
    kontakte, plan = imported("mitglieder.xlsx")
    assert plan.source == "Excel-Mappe, Blatt „Mitglieder“"
    assert kontakte == {
        "anna-beispiel": person(
            "Anna Beispiel", organisation="Jugendzentrum Beispielstraße", plz="58095",
            ort="Hagen", telefon="02331 123456", email="anna@example.org"),
        "joerg-mueller-luedenscheidt": person(
            "Jörg Müller-Lüdenscheidt", organisation="Kita Sonnenschein (Beispiel)",
            plz="58099", ort="Hagen", telefon="02331 987-654",
            email="joerg.mueller@example.net"),
        "oemer-yilmaz": person(
            "Ömer Yılmaz", organisation="Jugendhilfe Beispiel gGmbH", plz="58097",
            ort="Hagen", telefon="0171 2345678", email="oemer.yilmaz@example.org"),
        "lena-exempel": person(  # 1067 with the number format 00000
            "Lena Exempel", organisation="Landesverband Beispiel e.V.", plz="01067",
            ort="Dresden", telefon="0351 1234567", email="lena.exempel@example.org"),
        "svenja-gross": person(
            "Svenja Groß", organisation="Familienzentrum Musterhof (Beispiel)", plz="58089",
            ort="Hagen", telefon="02331 98765", email="svenja.gross@example.com"),
        "hans-peter-weiss": person(
            "Hans-Peter Weiß", organisation="Beratungsstelle Lindenblatt (Beispiel)",
            plz="58119", ort="Hagen-Hohenlimburg", telefon="02331 445566"),
    }
    assert plan.hints == [
        "Die Mappe hat weitere Blätter (Andere); gelesen wurde nur „Mitglieder“ (ein anderes "
        "mit --blatt NAME).",
        "Zeile 2, Spalte „Telefon“: die Zahl 2331123456 als 02331123456 gelesen (Excel hatte "
        "die führende 0 entfernt).",
        "Zeile 4, Spalte „Telefon“: die Zahl 1712345678 als 01712345678 gelesen (Excel hatte "
        "die führende 0 entfernt).",
        "Zeile 7, Spalte „Telefon“: die Zahl 2331445566 als 02331445566 gelesen (Excel hatte "
        "die führende 0 entfernt).",
    ]


def test_xlsx_sheet_of_dates_is_no_member_list():
    from netzwerk_cli.errors import InputError

    with pytest.raises(InputError, match="keine Spalte für den Namen oder die Organisation"):
        prepare(read_file(IMPORT / "mitglieder.xlsx", blatt="Andere"))


def test_german_outlook_csv():
    kontakte, plan = imported("outlook-de.csv")
    assert plan.source == "CSV, Trennzeichen Komma, Windows-1252"
    assert kontakte == {
        "anna-beispiel": person(
            "Anna Beispiel", funktion="Leitung", organisation="Jugendzentrum Beispielstraße",
            abteilung="Offene Kinder- und Jugendarbeit", strasse="Beispielstraße 12",
            plz="58095", ort="Hagen", telefon="02331 123-456", email="anna@example.org",
            webseite="https://jugendzentrum.example.org/",
            notiz="Beispieldaten – alle Angaben erfunden.\nKoordiniert das Netzwerk Mitte."),
        "joerg-mueller-luedenscheidt": person(  # the SMTP address, not the Exchange one
            "Jörg Müller-Lüdenscheidt", funktion="Kita-Leitung",
            organisation="Kita Sonnenschein (Beispiel)", strasse="Am Beispielhang 7",
            plz="58099", ort="Hagen", telefon="02331 98765", email="joerg.mueller@example.net",
            notiz="Beispieldaten"),
        "svenja-gross": person(  # only a private address and phone numbers
            "Svenja Groß", funktion="Sozialpädagogin",
            organisation="Familienzentrum Musterhof (Beispiel)", strasse="Musterweg 3a",
            plz="58089", ort="Hagen", telefon="01522 8817386", email="svenja.gross@example.com",
            notiz='Beispieldaten. Sagt: "bitte nur per Mail"\nUrlaub bis Ende August.'),
        "lena-exempel": person(
            "Lena Exempel", funktion="Referentin Jugendarbeit",
            organisation="Landesverband Beispiel e.V.", strasse="Beispielallee 5", plz="01067",
            ort="Dresden", telefon="0351 1234567", email="lena.exempel@example.org",
            notiz="Beispieldaten (außerhalb Hagens)"),
        "stadtteilbuero-beispiel-wehringhausen": {
            "art": "organisation", "organisation": "Stadtteilbüro Beispiel-Wehringhausen",
            "strasse": "Beispielplatz 2", "plz": "58089", "ort": "Hagen",
            "telefon": "02331 123-000", "email": "info@stadtteilbuero.example.org",
            "notiz": "Beispieldaten – Kontakt ohne Personennamen", "oeffentlich": False},
    }
    assert skipped(plan)[:4] == [
        ("Zeile 2", "Mobiltelefon", "0171 2345678"),
        ("Zeile 2", "E-Mail 2: Adresse", "anna.privat@example.com"),
        ("Zeile 3", "Telefon (privat)", "02331 555-01"),
        ("Zeile 3", "E-Mail-Adresse", "/o=ExchangeLabs/ou=Exchange Administrative Group "
                                      "(FYDIBOHF23SPDLT)/cn=Recipients/cn=0a1b2c3d4e5f-joerg.muel")]
    unmapped = {name: n for name, n, _ in plan.unmapped}
    assert unmapped["Anrede"] == 2 and unmapped["Kategorien"] == 4
    assert "Ort" not in unmapped  # Outlook's "Ort" (location) is empty and no address column
    assert plan.empty_columns == 46


@pytest.mark.parametrize("generation", ["Telefon (privat)", "Telefon privat"])
def test_both_generations_of_outlook_column_names(generation, tmp_path):
    path = tmp_path / "outlook.csv"
    path.write_bytes(f'"Vorname","Nachname","{generation}","Straße privat"\r\n'
                     '"Anna","Beispiel","02331 555-01","Weg 1"\r\n'.encode("cp1252"))
    registry = Registry()
    apply_import(registry, prepare(read_file(path)), ImportOptions())
    assert registry.kontakte["anna-beispiel"].telefon == "02331 555-01"
    assert registry.kontakte["anna-beispiel"].strasse == "Weg 1"


def test_google_contacts_csv_takes_the_first_of_several_values_and_reports_the_rest():
    kontakte, plan = imported("google-contacts.csv")
    assert kontakte == {
        "anna-beispiel": person(
            "Anna Beispiel", funktion="Leitung", organisation="Jugendzentrum Beispielstraße",
            strasse="Beispielstraße 12", plz="58095", ort="Hagen", telefon="02331 123-456",
            email="anna@example.org", webseite="https://jugendzentrum.example.org/",
            notiz="Beispieldaten – alle Angaben erfunden.\nZwei Adressen in einer Zelle."),
        "oemer-yilmaz": person(
            "Ömer Yılmaz", funktion="Streetwork", organisation="Jugendhilfe Beispiel gGmbH",
            telefon="01522 8817386", email="oemer.yilmaz@example.org", notiz="Beispieldaten"),
        "ayse-demir": person(
            "Ayşe Demir", organisation="Stadtteilbüro Beispiel-Wehringhausen",
            abteilung="Quartiersarbeit", strasse="Beispielplatz 2", plz="58089", ort="Hagen",
            telefon="02331 98765", email="ayse.demir@example.com",
            notiz="Beispieldaten, Geburtstag erfunden"),
        "malgorzata-nowak-beispiel": person(
            "Małgorzata Nowak-Beispiel", organisation="Kita Sonnenschein (Beispiel)",
            telefon="02331 987-654", email="m.nowak@example.net", notiz="Beispieldaten"),
        "kita-sonnenschein-beispiel": {
            "art": "organisation", "organisation": "Kita Sonnenschein (Beispiel)",
            "telefon": "02331 123-789", "email": "kita-sonnenschein@example.net",
            "webseite": "https://kita-sonnenschein.example.net",
            "notiz": "Beispieldaten – Eintrag ohne Personennamen", "oeffentlich": False},
    }
    assert skipped(plan) == [
        ("Zeile 2", "E-mail 1 - Value", "anna+netz@example.org"),
        ("Zeile 2", "E-mail 2 - Value", "anna.privat@example.com"),
        ("Zeile 2", "Phone 2 - Value", "+49 171 2345678")]
    assert ("Labels", 5, "Zugehörigkeit zu einem Netzwerk: beim Import mit --netzwerk ID "
                         "angeben") in plan.unmapped


def test_old_google_csv_in_utf16():
    kontakte, plan = imported("google-contacts-alt.csv")
    assert plan.source == "CSV, Trennzeichen Komma, UTF-16"
    assert kontakte == {
        "hans-peter-weiss": person(
            "Hans-Peter Weiß", funktion="Berater",
            organisation="Beratungsstelle Lindenblatt (Beispiel)", strasse="Lindenweg 998",
            plz="58119", ort="Hagen", telefon="02331 987-654", email="hp.weiss@example.com",
            notiz="Beispieldaten"),
        "zoe-krueger": person(
            "Zoë Krüger", funktion="Schulsozialarbeit",
            organisation="Offene Ganztagsschule Am Beispielhang", abteilung="OGS",
            telefon="02331 445566", email="zoe.krueger@example.net", notiz="Beispieldaten"),
        "karl-heinz-uebelacker": person(
            "Karl-Heinz Übelacker", funktion="Jugendpfleger",
            organisation='Jugendtreff "Die Insel" (Beispiel)', telefon="02331 112233",
            email="k.uebelacker@example.com", webseite="https://insel.example.com",
            notiz="Beispieldaten, Geburtstag erfunden"),
    }
    assert ("Zeile 3", "E-mail 1 - Value", "zoe@example.org") in skipped(plan)


THUNDERBIRD = {
    "anna-beispiel": person(
        "Anna Beispiel", funktion="Leitung", organisation="Jugendzentrum Beispielstraße",
        abteilung="Offene Kinder- und Jugendarbeit", strasse="Beispielstraße 12", plz="58095",
        ort="Hagen", telefon="02331 123-456", email="anna@example.org",
        webseite="https://jugendzentrum.example.org/",
        notiz="Beispieldaten – alle Angaben erfunden.\nKoordination Netzwerk Mitte, "
              "Vorbereitungskreis"),
    "oemer-yilmaz": person(
        "Ömer Yılmaz", funktion="Streetwork", organisation="Jugendhilfe Beispiel gGmbH",
        telefon="01522 8817386", email="oemer.yilmaz@example.org", notiz="Beispieldaten"),
    "svenja-gross": person(
        "Svenja Groß", funktion="Sozialpädagogin",
        organisation='Jugendtreff "Die Insel" (Beispiel)', strasse="Musterweg 3a",
        plz="58089", ort="Hagen", telefon="02331 987-654", email="svenja.gross@example.net",
        notiz="Beispieldaten"),
    "lena-exempel": person(
        "Lena Exempel", funktion="Referentin Jugendarbeit",
        organisation="Landesverband Beispiel e.V.", strasse="Beispielallee 5", plz="01067",
        ort="Dresden", telefon="0351 1234567", email="lena.exempel@example.org",
        notiz="Beispieldaten (außerhalb Hagens)"),
}


@pytest.mark.parametrize(("name", "second_mail"), [
    ("thunderbird-de.csv", "Sekundäre E-Mail-Adresse"), ("thunderbird-en.csv", "Secondary Email")])
def test_thunderbird_csv_german_and_english(name, second_mail):
    kontakte, plan = imported(name)
    assert kontakte == THUNDERBIRD
    assert ("Zeile 2", second_mail, "anna.privat@example.com") in skipped(plan)


def test_vcard_21_from_old_outlook_with_quoted_printable_and_windows_1252():
    kontakte, plan = imported("outlook-alt.vcf")
    assert kontakte == {
        "joerg-mueller-luedenscheidt": person(  # soft line breaks; the comma in ADR kept
            "Jörg Müller-Lüdenscheidt", funktion="Kita-Leitung",
            organisation="Kita Sonnenschein (Beispiel)",
            strasse="Am Beispielhang 7, Eingang Kita-Gebäude, Hinterhaus", plz="58099",
            ort="Hagen", telefon="02331 123-456", email="joerg.mueller@example.net",
            webseite="https://kita-sonnenschein.example.net/",
            notiz="Beispieldaten – alle Angaben erfunden.\nAnsprechpartner für die AG 3 "
                  "Kindertagesbetreuung und das Netzwerk Mitte."),
        "anna-beispiel": person(
            "Anna Beispiel", funktion="Leitung", organisation="Jugendzentrum Beispielstraße",
            abteilung="Offene Kinder- und Jugendarbeit", strasse="Beispielstraße 12",
            plz="58095", ort="Hagen", telefon="02331 98765", email="anna@example.org",
            notiz="Beispieldaten, alle Angaben erfunden.\nTreffen des Netzwerks jeden zweiten "
                  "Dienstag, 16-18 Uhr."),
        "svenja-gross": person(
            "Svenja Groß", funktion="Sozialpädagogin",
            organisation="Familienzentrum Musterhof (Beispiel)", strasse="Brückenweg 999",
            plz="58089", ort="Hagen", telefon="02331 987-654", email="svenja.gross@example.com",
            notiz="Beispieldaten"),
    }
    assert skipped(plan)[:2] == [
        ("Karte 1 (Zeile 1)", "FN", "Dr. Jörg Müller-Lüdenscheidt"),
        ("Karte 1 (Zeile 1)", "TEL", "02331 555-01")]
    assert ("TEL (Fax, Pager)", 1, "") in plan.unmapped


def test_vcard_30_from_a_phone():
    kontakte, plan = imported("phone-export.vcf")
    assert kontakte == {
        "oemer-yilmaz": person(  # the preferred of two addresses, phone numbers and mails
            "Ömer Yılmaz", funktion="Streetwork", organisation="Jugendhilfe Beispiel gGmbH",
            strasse="Beispielstraße 12", plz="58095", ort="Hagen", telefon="01522 8817386",
            email="oemer.yilmaz@example.org", webseite="https://jugendhilfe.example.org",
            notiz="Beispieldaten – alle Angaben erfunden.\nKontakt über das Netzwerk Mitte, "
                  "Treffen 4x im Jahr."),
        "ayse-demir": person(
            "Ayşe Demir", organisation="Stadtteilbüro Beispiel-Wehringhausen",
            telefon="0171 2345678", email="ayse.demir@example.com", notiz="Beispieldaten"),
        "malgorzata-nowak-beispiel": person(
            "Małgorzata Nowak-Beispiel", organisation="Kita Sonnenschein (Beispiel)",
            strasse="Am Beispielhang 7", plz="58099", ort="Hagen", telefon="02331 987-654",
            email="m.nowak@example.net", notiz="Beispieldaten, Geburtstag erfunden"),
    }
    unmapped = {name for name, _, _ in plan.unmapped}
    assert unmapped == {"PHOTO", "N (weitere Namensteile)", "BDAY"}


def test_vcard_40_from_thunderbird():
    kontakte, plan = imported("thunderbird.vcf")
    assert kontakte == {
        "anna-beispiel": THUNDERBIRD["anna-beispiel"],  # folded inside "\,": unfolded first
        "joerg-mueller-luedenscheidt": person(
            "Jörg Müller-Lüdenscheidt", organisation="Kita Sonnenschein (Beispiel)",
            telefon="02331 98765", email="joerg.mueller@example.net", notiz="Beispieldaten"),
    }
    assert {name for name, _, _ in plan.unmapped} == {"ADR (Region, Land)", "NICKNAME",
                                                      "X-CUSTOM1"}


def test_file_with_bad_rows_names_row_and_column_of_every_problem():
    with pytest.raises(ImportRefused) as refused:
        imported("fehlerhaft.csv")
    plan = refused.value.plan
    problems = [p for row in plan.rows for p in row.problems]
    assert problems == [
        "Zeile 3, Spalte „E-Mail“: „joerg.mueller.example.net“ ist keine gültige "
        "E-Mail-Adresse. Beispiel: name@stadt-hagen.de",
        "Zeile 4, Spalte „Telefon“: „02331 CALL-ME“ enthält Buchstaben. Eine Telefonnummer "
        "besteht aus Ziffern, Leerzeichen und „+ / -“, z. B. „02331 207-3608“.",
        "Zeile 5, Spalte „PLZ“: „5809“ ist keine Postleitzahl (fünf Ziffern).",
        "Zeile 6, Spalte „Webseite“: „javascript:alert(1)“ ist keine gültige Webadresse (nur "
        "http:// oder https:// und ein Rechnername, ohne Benutzername mit „@“). Beispiele: "
        "„https://www.hagen.de“, „hagen-eppenhausen.de“.",
        "Zeile 6, Spalte „PLZ“: „01067“ ist keine Hagener Postleitzahl. Gültig: 58089, 58091, "
        "58093, 58095, 58097, 58099, 58119, 58135.",
        "Zeile 7, Spalte „Name“: enthält das Steuerzeichen U+001B (Escape) an Stelle 5; "
        "erlaubt ist sichtbarer Text in einer Zeile.",
        "Zeile 10: 7 Werte, aber nur 5 Spalten in der Kopfzeile – vermutlich steht ein "
        "Trennzeichen in einem Wert ohne Anführungszeichen. Überzählig: „Zusatzspalte“, "
        "„noch eine“.",
    ]
    assert plan.counts() == {"neu": 3, "ergänzt": 0, "unverändert": 0, "Konflikt": 0,
                             "fehlerhaft": 6}
    assert plan.empty_rows == 2


def test_bad_rows_skipped_on_request_the_formula_stays_text():
    kontakte, plan = imported("fehlerhaft.csv", ueberspringen=True)
    assert sorted(kontakte) == ["anna-beispiel", "hyperlink-https-example-com-klick",
                                "zoe-krueger"]
    assert kontakte["hyperlink-https-example-com-klick"]["name"] == \
        '=HYPERLINK("https://example.com";"Klick")'
    assert [r.status for r in plan.rows].count(FEHLERHAFT) == 6
    assert [r.status for r in plan.rows].count(NEU) == 3
    assert any("beginnt mit „=“ – als Text übernommen" in hint for hint in plan.hints)
