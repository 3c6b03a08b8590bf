"""The exports in a real Thunderbird: its own address-book importer, headless (issue 12).

What no parser notices – a list Thunderbird drops, a member it cannot find, a "\\;" it shows
literally – shows here. Needs Thunderbird (Debian: ``apt install thunderbird``); without it the
tests are skipped with that reason. One Thunderbird serves the whole module (a few seconds);
the driver is ``tests/drivers/thunderbird.py``.
"""

from __future__ import annotations

import pytest
from drivers.thunderbird import Thunderbird, ThunderbirdError, find_thunderbird

from netzwerk_cli.export.mailto import mailto_links
from netzwerk_cli.export.selection import Recipient
from netzwerk_cli.registry import registry_from_text

# Every address of tests/fixtures/sonderzeichen.toml with the name Thunderbird should show.
MEMBERS = sorted([
    ["Bezirksjugendpflege Haspe", "bjp-haspe@example.org"],
    ["Gerd Gleich", "gerd=netz&mehr@example.org"],
    ["Jörg Größe-Ärmel", "joerg@example.org"],
    ["Komma, Org", "komma@example.org"],
    ["Kontakt mail=x\\ Ende", "strich@example.org"],
    ["Jugendtreff Haspe", "treff@example.org"],
    ["Łukasz Ćwikła", "lukasz@example.org"],
    ["Petra Plus", "petra+netz@example.org"],
    ["Ulla Umbruch", "ulla@example.org"],
    ['Verein "Zukunft"', "zukunft@example.org"],
])
NOTE = "Netzwerke: AG 2: Jugendsozialarbeit, Jugendberufshilfe; Netzwerk Mitte; Runder Tisch"
CATEGORIES = ["AG 2: Jugendsozialarbeit, Jugendberufshilfe", "Netzwerk Mitte; Runder Tisch"]


@pytest.fixture(scope="module")
def thunderbird(tmp_path_factory):
    binary = find_thunderbird()
    if binary is None:
        pytest.skip("Thunderbird-Tests übersprungen: thunderbird ist nicht installiert "
                    "(Debian: apt install thunderbird)")
    with Thunderbird(binary, tmp_path_factory.mktemp("thunderbird")) as instance:
        yield instance


@pytest.fixture
def sonderzeichen(fixture_file, monkeypatch):
    path = fixture_file("sonderzeichen.toml")
    monkeypatch.setenv("NETZ_REGISTRY", str(path))
    return path


def export(netz, tmp_path, name: str, *args: str):
    file = tmp_path / name
    result = netz("export", *args, "-o", str(file))
    assert result.exit_code == 0, result.output
    return file


def by_mail(book: dict) -> dict[str, dict]:
    return {card["PrimaryEmail"]: card for card in book["cards"]}


def test_ldif_list_arrives_with_every_member(thunderbird, netz, sonderzeichen, tmp_path):
    file = export(netz, tmp_path, "verteiler.ldif", "verteiler", "--format", "ldif",
                  "--listenname", "Netzwerke Mitte & Süd")
    book = thunderbird.import_file(file, "ldif")
    assert sorted([c["DisplayName"], c["PrimaryEmail"]] for c in book["cards"]) == MEMBERS
    (mailing_list,) = book["lists"]
    assert mailing_list["name"] == "Netzwerke Mitte & Süd"
    assert sorted(mailing_list["members"]) == MEMBERS
    assert by_mail(book)["komma@example.org"]["Company"] == "Komma, Org"


@pytest.mark.parametrize("version", ["4.0", "3.0"])
def test_vcard_fields_arrive_without_stray_escapes(thunderbird, netz, sonderzeichen, tmp_path,
                                                   version):
    file = export(netz, tmp_path, "kontakte.vcf", "kontakte", "--format", "vcard",
                  "--vcard-version", version)
    book = thunderbird.import_file(file, "vcard")
    assert sorted([c["DisplayName"], c["PrimaryEmail"]] for c in book["cards"]) == MEMBERS
    cards = by_mail(book)
    petra = {k: v for k, v in cards["petra+netz@example.org"].items() if v and k != "vCard"}
    assert petra == {
        "DisplayName": "Petra Plus", "FirstName": "Petra", "LastName": "Plus",
        "PrimaryEmail": "petra+netz@example.org", "Company": "Familienzentrum Boele",
        "Department": "Kita; Hort", "JobTitle": "Leitung; Koordination, Planung",
        "WorkPhone": "+49 2331 207-3608", "WorkAddress": "Weg 1; Hinterhaus",
        "WorkCity": "Hagen", "WorkZipCode": "58135", "WorkCountry": "Deutschland",
        "WebPage1": "https://familienzentrum.example.org", "Notes": NOTE,
        "Categories": CATEGORIES}
    treff = cards["treff@example.org"]
    assert (treff["Company"], treff["Department"], treff["FirstName"]) == (
        "Jugendtreff Haspe", "Offene Tür", "")
    assert cards["komma@example.org"]["Company"] == "Komma, Org"
    assert cards["zukunft@example.org"]["Company"] == 'Verein "Zukunft"'
    strich = cards["strich@example.org"]
    assert (strich["FirstName"], strich["LastName"]) == ("Kontakt mail=x", "Ende")
    registry = registry_from_text(sonderzeichen.read_text("utf-8"), "t")
    with_backslash = {k.email for k in registry.kontakte.values() if "\\" in k.name}
    for address, card in cards.items():
        values = [v for k, v in card.items() if k not in {"vCard", "Categories"}]
        if address not in with_backslash:
            assert not any("\\" in v for v in values), card


def test_outlook_csv_reads_back_with_its_columns_mapped(thunderbird, netz, sonderzeichen,
                                                         tmp_path):
    # Thunderbird maps CSV columns only in its own UI language; here as a user would map them.
    file = export(netz, tmp_path, "outlook.csv", "kontakte", "--format", "outlook-csv")
    columns = {"Vorname": "FirstName", "Nachname": "LastName", "Firma": "Company",
               "Abteilung": "Department", "Position": "JobTitle",
               "Straße geschäftlich": "WorkAddress", "Postleitzahl geschäftlich": "WorkZipCode",
               "Ort geschäftlich": "WorkCity", "Telefon geschäftlich": "WorkPhone",
               "E-Mail-Adresse": "PrimaryEmail", "Webseite": "WebPage1", "Notizen": "Notes",
               "Kategorien": ""}
    cards = by_mail(thunderbird.import_file(file, "csv", csv_fields=columns))
    assert sorted(cards) == sorted(address for _, address in MEMBERS)
    petra = cards["petra+netz@example.org"]
    assert (petra["FirstName"], petra["LastName"], petra["Company"], petra["JobTitle"],
            petra["WorkAddress"], petra["WorkPhone"], petra["Notes"]) == (
        "Petra", "Plus", "Familienzentrum Boele", "Leitung; Koordination, Planung",
        "Weg 1; Hinterhaus", "+49 2331 207-3608", NOTE)
    assert cards["joerg@example.org"]["LastName"] == "Größe-Ärmel"  # Windows-1252 read right
    assert cards["lukasz@example.org"]["FirstName"] == "Lukasz"
    assert cards["komma@example.org"]["Company"] == "Komma, Org"
    assert (cards["bjp-haspe@example.org"]["LastName"], cards["bjp-haspe@example.org"]["Company"]
            ) == ("Bezirksjugendpflege Haspe", "Stadt Hagen, Fachbereich Jugend & Soziales")


def test_mailto_links_open_with_every_address_in_bcc(thunderbird, netz, sonderzeichen):
    result = netz("export", "verteiler", "--format", "mailto")
    assert result.exit_code == 0, result.output
    (message,) = thunderbird.mailto(result.stdout.splitlines())
    assert (message["to"], message["cc"]) == ("", "")
    assert message["bcc"].split(", ") == sorted(address for _, address in MEMBERS)


def test_long_mailto_lists_split_into_links_that_together_hold_every_address(thunderbird):
    recipients = [Recipient(f"person+{n:03}&netz=hagen@example.org", "", "", ())
                  for n in range(120)]
    links = mailto_links(recipients)
    assert len(links) > 1 and all(len(link) <= 1900 for link in links)
    messages = thunderbird.mailto(links)
    assert [a for m in messages for a in m["bcc"].split(", ")] == [r.email for r in recipients]


def test_the_driver_says_what_thunderbird_refused(thunderbird, tmp_path):
    file = tmp_path / "kaputt.csv"
    file.write_text("Spalte A,Spalte B\r\n1,2\r\n", encoding="utf-8")
    with pytest.raises(ThunderbirdError, match="CSV columns without a field: Spalte A"):
        thunderbird.import_file(file, "csv")
