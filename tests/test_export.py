"""Every export format, parsed back by an independent reader and compared with the registry."""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import unquote

import ldif
import pytest
import vobject

from netzwerk_cli.export.mailto import mailto_links
from netzwerk_cli.export.selection import Recipient
from netzwerk_cli.export.vcard import fold_line

PRIVATE_ADRESSE = "paula@example.org"


@pytest.fixture
def register(fixture_datei, monkeypatch):
    pfad = fixture_datei("export.toml")
    monkeypatch.setenv("NETZ_REGISTRY", str(pfad))
    return pfad


def export(netz, *args: str):
    ergebnis = netz("export", *args)
    assert ergebnis.exit_code == 0, ergebnis.output
    return ergebnis


# --- verteiler -------------------------------------------------------------------------------


def test_verteiler_txt_has_every_address_once_case_insensitively_sorted(netz, register):
    zeilen = export(netz, "verteiler").stdout.splitlines()
    assert zeilen == ["anna@example.org", "formel@example.org", PRIVATE_ADRESSE,
                      "treff@example.org"]


def test_verteiler_reports_contacts_without_address_with_their_network(netz, register):
    ergebnis = export(netz, "verteiler")
    assert ("Ohne E-Mail-Adresse: Bezirksjugendpflege Hagen-Nord (ohne-mail) – "
            "Stadtteilforum Boele") in ergebnis.stderr
    assert "4 Adressen aus 4 Netzwerken exportiert." in ergebnis.stderr
    assert "Ohne Kontakt: Netzwerk ohne Kontakt." in ergebnis.stderr


def test_verteiler_follows_the_list_filters(netz, register):
    # The first spelling of an address in the selection is kept.
    assert export(netz, "verteiler", "--bezirk", "Haspe", "--ohne-stadtweit").stdout.split() == [
        "ANNA@example.org", "formel@example.org", PRIVATE_ADRESSE]
    assert export(netz, "verteiler", "ag-kita").stdout.split() == ["treff@example.org"]


def test_nur_oeffentlich_leaves_private_contacts_out_and_says_so(netz, register):
    ergebnis = export(netz, "verteiler", "--nur-oeffentlich")
    assert PRIVATE_ADRESSE not in ergebnis.stdout
    assert "1 Kontakt ausgelassen, weil nicht zur Veröffentlichung freigegeben" in (
        ergebnis.stderr)


def test_verteiler_outlook_is_one_pasteable_line_with_quoted_names(netz, register):
    zeile = export(netz, "verteiler", "--format", "outlook").stdout
    assert zeile.count("\n") == 1
    teile = zeile.strip().split("; ")
    assert teile[0] == "Anna Groß-Özdemir <anna@example.org>"
    assert '"Jugendtreff Haspe, Träger: Verein; Süd" <treff@example.org>' in zeile


@pytest.mark.parametrize(("format_", "trenner", "kodierung", "zeilenende"), [
    ("csv", ",", "utf-8", "\r\n"), ("excel", ";", "utf-8-sig", "\r\n")])
def test_verteiler_csv_and_excel_parse_back(netz, register, tmp_path, format_, trenner,
                                            kodierung, zeilenende):
    datei = tmp_path / "verteiler.csv"
    export(netz, "verteiler", "--format", format_, "-o", str(datei))
    roh = datei.read_bytes()
    assert roh.startswith(b"\xef\xbb\xbf") == (format_ == "excel")
    assert zeilenende.encode() in roh
    with datei.open(encoding=kodierung, newline="") as f:
        zeilen = list(csv.DictReader(f, delimiter=trenner))
    anna = zeilen[0]
    assert anna == {"E-Mail": "anna@example.org", "Name": "Anna Groß-Özdemir",
                    "Organisation": "Familienzentrum Boele",
                    "Netzwerke": "Stadtteilforum Boele; Hasper Runde"}
    formel = next(z for z in zeilen if z["E-Mail"] == "formel@example.org")
    assert formel["Name"] == "'=HYPERLINK(\"http://evil.example\",\"klick\")"


def test_verteiler_mailto_links(netz, register):
    (link,) = export(netz, "verteiler", "--format", "mailto").stdout.splitlines()
    assert link.startswith("mailto:?bcc=")
    assert unquote(link.removeprefix("mailto:?bcc=")).split(",") == [
        "anna@example.org", "formel@example.org", PRIVATE_ADRESSE, "treff@example.org"]


def test_long_mailto_lists_are_split_below_the_outlook_limit():
    empfaenger = [Recipient(f"person{n:03}@stadt-hagen.example.org", "", "", ())
                  for n in range(300)]
    links = mailto_links(empfaenger)
    assert len(links) > 1
    assert all(len(link) <= 1900 for link in links)
    adressen = [a for link in links for a in link.removeprefix("mailto:?bcc=").split(",")]
    assert adressen == [e.email for e in empfaenger]


def test_verteiler_ldif_is_a_thunderbird_list_with_persons_first(netz, register):
    text = export(netz, "verteiler", "--format", "ldif", "--listenname", "Netzwerke Süd").stdout
    eintraege = list(ldif.LDIFParser(io.BytesIO(text.encode())).parse())
    personen, (_, liste) = eintraege[:-1], eintraege[-1]
    assert [p["mail"][0] for _, p in personen] == ["anna@example.org", "formel@example.org",
                                                  PRIVATE_ADRESSE, "treff@example.org"]
    assert all("mozillaAbPersonAlpha" in p["objectclass"] for _, p in personen)
    treff = personen[3][1]
    assert treff["cn"] == ["Jugendtreff Haspe, Träger: Verein; Süd"]
    assert "groupOfNames" in liste["objectclass"]
    assert liste["cn"] == ["Netzwerke Süd"]
    assert [m.rsplit("mail=", 1)[1] for m in liste["member"]] == [
        p["mail"][0] for _, p in personen]
    assert liste["member"] == [dn for dn, _ in personen]


def test_verteiler_json(netz, register):
    daten = json.loads(export(netz, "verteiler", "--format", "json").stdout)
    assert daten[0] == {"email": "anna@example.org", "name": "Anna Groß-Özdemir",
                        "organisation": "Familienzentrum Boele",
                        "netzwerke": ["Stadtteilforum Boele", "Hasper Runde"]}


# --- kontakte --------------------------------------------------------------------------------


def test_kontakte_csv_has_one_row_per_contact_with_every_field(netz, register):
    roh = export(netz, "kontakte").stdout_bytes.decode("utf-8")
    zeilen = list(csv.DictReader(io.StringIO(roh, newline="")))
    treff = next(z for z in zeilen if z["ID"] == "jugendtreff")
    assert treff == {
        "ID": "jugendtreff", "Name": "", "Art": "Organisation", "Funktion": "",
        "Organisation": "Jugendtreff Haspe, Träger: Verein; Süd", "Abteilung": "",
        "Straße": "Weg 1", "PLZ": "58135", "Ort": "Hagen", "Telefon": "",
        "E-Mail": "treff@example.org", "Webseite": "treff.example.org", "Veröffentlichen": "ja",
        "Netzwerke": "AG Kita; Stadtteilforum Boele"}
    assert len(zeilen) == 6
    assert "=" not in "".join(z["Name"][:1] for z in zeilen)  # the formula is neutralised


def test_kontakte_excel_neutralises_formulas_and_keeps_umlauts(netz, register, tmp_path):
    datei = tmp_path / "kontakte.csv"
    export(netz, "kontakte", "--format", "excel", "-o", str(datei))
    with datei.open(encoding="utf-8-sig", newline="") as f:
        zeilen = list(csv.DictReader(f, delimiter=";"))
    namen = [z["Name"] for z in zeilen]
    assert "Anna Groß-Özdemir" in namen
    assert "'=HYPERLINK(\"http://evil.example\",\"klick\")" in namen


def test_kontakte_nur_oeffentlich_drops_the_private_person_entirely(netz, register):
    ergebnis = export(netz, "kontakte", "--format", "json", "--nur-oeffentlich")
    daten = json.loads(ergebnis.stdout)
    assert "privat" not in [k["id"] for k in daten]
    assert PRIVATE_ADRESSE not in ergebnis.stdout and "0171" not in ergebnis.stdout


@pytest.mark.parametrize("version", ["4.0", "3.0"])
def test_kontakte_vcard_parses_back_field_by_field(netz, register, version):
    text = export(netz, "kontakte", "--format", "vcard", "--vcard-version",
                  version).stdout_bytes.decode("utf-8")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    assert all(len(zeile.encode()) <= 75 for zeile in text.split("\r\n"))
    karten = list(vobject.readComponents(text))
    assert len(karten) == 6
    anna = karten[0]  # sorted by name; the first Anna is the one with a title and phone
    assert anna.version.value == version
    assert anna.n.value.family == "Groß-Özdemir" and anna.n.value.given == "Anna"
    assert anna.email.value == "anna@example.org"
    assert anna.tel.value == "+49 2331 207-3608"
    assert anna.title.value == "Koordinatorin"
    treff = next(k for k in karten if k.fn.value == "Jugendtreff Haspe, Träger: Verein; Süd")
    assert treff.org.value == ["Jugendtreff Haspe, Träger: Verein; Süd"]
    assert treff.adr.value.street == "Weg 1" and treff.adr.value.code == "58135"
    assert treff.url.value == "https://treff.example.org"
    assert treff.categories.value == ["AG Kita", "Stadtteilforum Boele"]


def test_vcard_folding_never_splits_a_utf8_character():
    zeile = "NOTE:" + "ä" * 100
    gefaltet = fold_line(zeile)
    teile = gefaltet.split("\r\n ")
    assert "".join(teile) == zeile
    assert all(len(t.encode()) <= 75 for t in teile)


# --- files and empty selections --------------------------------------------------------------


def test_existing_file_is_not_overwritten_without_force(netz, register, tmp_path):
    datei = tmp_path / "liste.txt"
    datei.write_text("wichtig", encoding="utf-8")
    ergebnis = netz("export", "verteiler", "-o", str(datei))
    assert ergebnis.exit_code == 2
    assert "gibt es schon. Mit --force überschreiben." in ergebnis.stderr
    assert datei.read_text(encoding="utf-8") == "wichtig"
    assert netz("export", "verteiler", "-o", str(datei), "--force").exit_code == 0
    assert datei.read_text(encoding="utf-8").startswith("anna@example.org")


@pytest.mark.parametrize("befehl", ["verteiler", "kontakte"])
def test_empty_selection_says_so_exits_0_and_writes_no_file(netz, register, tmp_path, befehl):
    datei = tmp_path / "leer.txt"
    ergebnis = netz("export", befehl, "leer", "-o", str(datei))
    assert ergebnis.exit_code == 0
    assert "nichts geschrieben" in ergebnis.stderr
    assert not datei.exists()


def test_unknown_format_is_a_usage_error(netz, register):
    ergebnis = netz("export", "kontakte", "--format", "xlsx")
    assert ergebnis.exit_code == 2
    assert "Unbekanntes Format „xlsx“. Gültig: csv, excel, vcard, json." in ergebnis.stderr
