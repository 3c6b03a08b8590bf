"""Every export format, parsed back by an independent reader and compared with the registry."""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import unquote

import ldif
import pytest
import vobject

from netzwerk_cli.export.content_line import fold_line
from netzwerk_cli.export.mailto import mailto_links
from netzwerk_cli.export.selection import Recipient

PRIVATE_ADDRESS = "paula@example.org"


@pytest.fixture
def export_registry(fixture_file, monkeypatch):
    path = fixture_file("export.toml")
    monkeypatch.setenv("NETZ_REGISTRY", str(path))
    return path


def export(netz, *args: str):
    result = netz("export", *args)
    assert result.exit_code == 0, result.output
    return result


# --- verteiler -------------------------------------------------------------------------------


def test_verteiler_txt_has_every_address_once_case_insensitively_sorted(netz, export_registry):
    lines = export(netz, "verteiler").stdout.splitlines()
    assert lines == ["anna@example.org", "formel@example.org", PRIVATE_ADDRESS,
                     "treff@example.org"]


def test_verteiler_reports_contacts_without_address_with_their_network(netz, export_registry):
    result = export(netz, "verteiler")
    assert ("Ohne E-Mail-Adresse: Bezirksjugendpflege Hagen-Nord (ohne-mail) – "
            "Stadtteilforum Boele") in result.stderr
    assert "4 Adressen aus 4 Netzwerken exportiert." in result.stderr
    assert "Ohne Kontakt: Netzwerk ohne Kontakt." in result.stderr


def test_verteiler_follows_the_list_filters(netz, export_registry):
    # The first spelling of an address in the selection is kept.
    assert export(netz, "verteiler", "--bezirk", "Haspe", "--ohne-stadtweit").stdout.split() == [
        "ANNA@example.org", "formel@example.org", PRIVATE_ADDRESS]
    assert export(netz, "verteiler", "ag-kita").stdout.split() == ["treff@example.org"]


def test_nur_oeffentlich_leaves_private_contacts_out_and_says_so(netz, export_registry):
    result = export(netz, "verteiler", "--nur-oeffentlich")
    assert PRIVATE_ADDRESS not in result.stdout
    assert "1 Kontakt ausgelassen, weil nicht zur Veröffentlichung freigegeben" in (
        result.stderr)


def test_verteiler_outlook_is_one_pasteable_line_with_quoted_names(netz, export_registry):
    line = export(netz, "verteiler", "--format", "outlook").stdout
    assert line.count("\n") == 1
    parts = line.strip().split("; ")
    assert parts[0] == "Anna Groß-Özdemir <anna@example.org>"
    assert '"Jugendtreff Haspe, Träger: Verein; Süd" <treff@example.org>' in line


@pytest.mark.parametrize(("format_", "delimiter", "encoding", "line_end"), [
    ("csv", ",", "utf-8", "\r\n"), ("excel", ";", "utf-8-sig", "\r\n")])
def test_verteiler_csv_and_excel_parse_back(netz, export_registry, tmp_path, format_, delimiter,
                                            encoding, line_end):
    file = tmp_path / "verteiler.csv"
    export(netz, "verteiler", "--format", format_, "-o", str(file))
    raw = file.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") == (format_ == "excel")
    assert line_end.encode() in raw
    with file.open(encoding=encoding, newline="") as f:
        rows = list(csv.DictReader(f, delimiter=delimiter))
    anna = rows[0]
    assert anna == {"E-Mail": "anna@example.org", "Name": "Anna Groß-Özdemir",
                    "Organisation": "Familienzentrum Boele",
                    "Netzwerke": "Stadtteilforum Boele; Hasper Runde"}
    formula = next(row for row in rows if row["E-Mail"] == "formel@example.org")
    assert formula["Name"] == "'=HYPERLINK(\"http://evil.example\",\"klick\")"


def test_verteiler_mailto_links(netz, export_registry):
    (link,) = export(netz, "verteiler", "--format", "mailto").stdout.splitlines()
    assert link.startswith("mailto:?bcc=")
    assert unquote(link.removeprefix("mailto:?bcc=")).split(",") == [
        "anna@example.org", "formel@example.org", PRIVATE_ADDRESS, "treff@example.org"]


def test_long_mailto_lists_are_split_below_the_outlook_limit():
    recipients = [Recipient(f"person{n:03}@stadt-hagen.example.org", "", "", ())
                  for n in range(300)]
    links = mailto_links(recipients)
    assert len(links) > 1
    assert all(len(link) <= 1900 for link in links)
    addresses = [a for link in links for a in link.removeprefix("mailto:?bcc=").split(",")]
    assert addresses == [e.email for e in recipients]


def test_verteiler_ldif_is_a_thunderbird_list_with_persons_first(netz, export_registry):
    text = export(netz, "verteiler", "--format", "ldif", "--listenname", "Netzwerke Süd").stdout
    entries = list(ldif.LDIFParser(io.BytesIO(text.encode())).parse())
    persons, (_, mailing_list) = entries[:-1], entries[-1]
    assert [p["mail"][0] for _, p in persons] == ["anna@example.org", "formel@example.org",
                                                  PRIVATE_ADDRESS, "treff@example.org"]
    assert all("mozillaAbPersonAlpha" in p["objectclass"] for _, p in persons)
    treff = persons[3][1]
    assert treff["cn"] == ["Jugendtreff Haspe, Träger: Verein; Süd"]
    assert "groupOfNames" in mailing_list["objectclass"]
    assert mailing_list["cn"] == ["Netzwerke Süd"]
    assert [m.rsplit("mail=", 1)[1] for m in mailing_list["member"]] == [
        p["mail"][0] for _, p in persons]
    assert mailing_list["member"] == [dn for dn, _ in persons]


def test_verteiler_json(netz, export_registry):
    data = json.loads(export(netz, "verteiler", "--format", "json").stdout)
    assert data[0] == {"email": "anna@example.org", "name": "Anna Groß-Özdemir",
                       "organisation": "Familienzentrum Boele",
                       "netzwerke": ["Stadtteilforum Boele", "Hasper Runde"]}


# --- kontakte --------------------------------------------------------------------------------


def test_kontakte_csv_has_one_row_per_contact_with_every_field(netz, export_registry):
    raw = export(netz, "kontakte").stdout_bytes.decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(raw, newline="")))
    treff = next(row for row in rows if row["ID"] == "jugendtreff")
    assert treff == {
        "ID": "jugendtreff", "Name": "", "Art": "Organisation", "Funktion": "",
        "Organisation": "Jugendtreff Haspe, Träger: Verein; Süd", "Abteilung": "",
        "Straße": "Weg 1", "PLZ": "58135", "Ort": "Hagen", "Telefon": "",
        "E-Mail": "treff@example.org", "Webseite": "treff.example.org", "Veröffentlichen": "ja",
        "Netzwerke": "AG Kita; Stadtteilforum Boele"}
    assert len(rows) == 6
    assert "=" not in "".join(row["Name"][:1] for row in rows)  # the formula is neutralised


def test_kontakte_excel_neutralises_formulas_and_keeps_umlauts(netz, export_registry, tmp_path):
    file = tmp_path / "kontakte.csv"
    export(netz, "kontakte", "--format", "excel", "-o", str(file))
    with file.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    names = [row["Name"] for row in rows]
    assert "Anna Groß-Özdemir" in names
    assert "'=HYPERLINK(\"http://evil.example\",\"klick\")" in names


def test_kontakte_nur_oeffentlich_drops_the_private_person_entirely(netz, export_registry):
    result = export(netz, "kontakte", "--format", "json", "--nur-oeffentlich")
    data = json.loads(result.stdout)
    assert "privat" not in [k["id"] for k in data]
    assert PRIVATE_ADDRESS not in result.stdout and "0171" not in result.stdout


@pytest.mark.parametrize("version", ["4.0", "3.0"])
def test_kontakte_vcard_parses_back_field_by_field(netz, export_registry, version):
    text = export(netz, "kontakte", "--format", "vcard", "--vcard-version",
                  version).stdout_bytes.decode("utf-8")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    cards = list(vobject.readComponents(text))
    assert len(cards) == 6
    anna = cards[0]  # sorted by name; the first Anna is the one with a title and phone
    assert anna.version.value == version
    assert anna.n.value.family == "Groß-Özdemir" and anna.n.value.given == "Anna"
    assert anna.email.value == "anna@example.org"
    assert anna.tel.value == "+49 2331 207-3608"
    assert anna.title.value == "Koordinatorin"
    treff = next(k for k in cards if k.fn.value == "Jugendtreff Haspe, Träger: Verein; Süd")
    assert treff.org.value == ["Jugendtreff Haspe, Träger: Verein; Süd"]
    assert treff.adr.value.street == "Weg 1" and treff.adr.value.code == "58135"
    assert treff.url.value == "https://treff.example.org"
    assert treff.categories.value == ["AG Kita", "Stadtteilforum Boele"]


def test_vcard_folding_never_splits_a_utf8_character():
    line = "NOTE:" + "ä" * 100
    folded = fold_line(line)
    parts = folded.split("\r\n ")
    assert "".join(parts) == line
    assert all(len(t.encode()) <= 75 for t in parts)


# --- files and empty selections --------------------------------------------------------------


def test_existing_file_is_not_overwritten_without_force(netz, export_registry, tmp_path):
    file = tmp_path / "liste.txt"
    file.write_text("wichtig", encoding="utf-8")
    result = netz("export", "verteiler", "-o", str(file))
    assert result.exit_code == 2
    assert "gibt es schon. Mit --force überschreiben." in result.stderr
    assert file.read_text(encoding="utf-8") == "wichtig"
    assert netz("export", "verteiler", "-o", str(file), "--force").exit_code == 0
    assert file.read_text(encoding="utf-8").startswith("anna@example.org")


@pytest.mark.parametrize("command", ["verteiler", "kontakte"])
def test_empty_selection_says_so_exits_1_and_writes_no_file(netz, export_registry, tmp_path,
                                                            command):
    file = tmp_path / "leer.txt"
    result = netz("export", command, "leer", "-o", str(file))
    assert result.exit_code == 1  # nothing found, like grep (README: Rückgabewerte)
    assert "nichts geschrieben" in result.stderr
    assert not file.exists()


def test_unknown_format_is_a_usage_error(netz, export_registry):
    result = netz("export", "kontakte", "--format", "xls")
    assert result.exit_code == 2
    assert ("Unbekanntes Format „xls“. Gültig: csv, excel, xlsx, vcard, outlook-csv, json."
            in result.stderr)


# --- what the programs read (issue 12): contacts with every special character ------------------


@pytest.fixture
def sonderzeichen(fixture_file, monkeypatch):
    path = fixture_file("sonderzeichen.toml")
    monkeypatch.setenv("NETZ_REGISTRY", str(path))
    return path


SONDER_ADDRESSES = ["bjp-haspe@example.org", "gerd=netz&mehr@example.org", "joerg@example.org",
                    "treff@example.org", "komma@example.org", "strich@example.org",
                    "lukasz@example.org", "petra+netz@example.org", "ulla@example.org",
                    "zukunft@example.org"]


def test_verteiler_outlook_stays_one_line_when_a_name_held_a_line_break(netz, sonderzeichen):
    out = export(netz, "verteiler", "--format", "outlook").stdout
    assert len(out.splitlines()) == 1 and out.endswith("\n")
    assert "Ulla Umbruch <ulla@example.org>" in out
    assert '"Komma, Org" <komma@example.org>' in out


def test_verteiler_ldif_ends_every_record_and_lists_every_member(netz, sonderzeichen):
    text = export(netz, "verteiler", "--format", "ldif").stdout
    assert text.endswith("\n\n")
    entries = list(ldif.LDIFParser(io.BytesIO(text.encode())).parse())
    persons, (_, mailing_list) = entries[:-1], entries[-1]
    assert sorted(p["mail"][0] for _, p in persons) == sorted(SONDER_ADDRESSES)
    # Thunderbird looks up everything after "mail=" as it stands.
    assert sorted(m[m.find("mail=") + 5:] for m in mailing_list["member"]) == sorted(
        SONDER_ADDRESSES)
    assert "member: cn=Petra Plus,mail=petra+netz@example.org" in text


def test_kontakte_vcard_text_values_carry_no_escaped_semicolon(netz, sonderzeichen):
    text = export(netz, "kontakte", "--format", "vcard").stdout_bytes.decode()
    unfolded = text.replace("\r\n ", "")
    assert "NOTE:Netzwerke: AG 2: Jugendsozialarbeit\\, Jugendberufshilfe; Netzwerk Mitte; " \
           "Runder Tisch\r\n" in unfolded
    assert "TITLE:Leitung; Koordination\\, Planung\r\n" in unfolded
    assert "ORG:Familienzentrum Boele;Kita\\; Hort\r\n" in unfolded
    petra = next(card for card in vobject.readComponents(text) if card.fn.value == "Petra Plus")
    assert petra.note.value == ("Netzwerke: AG 2: Jugendsozialarbeit, Jugendberufshilfe; "
                                "Netzwerk Mitte; Runder Tisch")


def test_kontakte_vcard_3_marks_organisations_as_companies(netz, sonderzeichen):
    text = export(netz, "kontakte", "--format", "vcard", "--vcard-version", "3.0").stdout
    cards = {card.fn.value: card for card in vobject.readComponents(text)}
    assert cards["Komma, Org"].x_abshowas.value == "COMPANY"
    assert cards["Bezirksjugendpflege Haspe"].x_abshowas.value == "COMPANY"
    assert cards["Jugendtreff Haspe"].org.value == ["Jugendtreff Haspe", "Offene Tür"]
    assert "x_abshowas" not in cards["Petra Plus"].contents


def test_kontakte_outlook_csv_in_cp1252_says_what_it_replaced(netz, sonderzeichen, tmp_path):
    file = tmp_path / "outlook.csv"
    result = export(netz, "kontakte", "--format", "outlook-csv", "-o", str(file))
    raw = file.read_bytes()
    assert raw.startswith("Vorname,Nachname,Firma,".encode("cp1252"))
    assert b"\r\n" in raw and not raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("cp1252"), newline="")))
    by_mail = {row["E-Mail-Adresse"]: row for row in rows}
    assert (by_mail["petra+netz@example.org"]["Vorname"],
            by_mail["petra+netz@example.org"]["Nachname"]) == ("Petra", "Plus")
    assert by_mail["komma@example.org"]["Firma"] == "Komma, Org"
    assert by_mail["joerg@example.org"]["Nachname"] == "Größe-Ärmel"
    assert by_mail["lukasz@example.org"]["Vorname"] == "Lukasz"
    assert "lukasz, Vorname: „Łukasz“ → „Lukasz“" in result.stderr
    assert "Windows-1252" in result.stderr


def test_kontakte_outlook_csv_on_stdout_is_cp1252_too(netz, sonderzeichen):
    raw = export(netz, "kontakte", "--format", "outlook-csv").stdout_bytes
    assert "Größe-Ärmel".encode("cp1252") in raw


def test_verteiler_ldif_refuses_a_list_name_thunderbird_cannot_take(netz, sonderzeichen, tmp_path):
    file = tmp_path / "liste.ldif"
    result = netz("export", "verteiler", "--format", "ldif", "--listenname", "Mitte, Haspe",
                  "-o", str(file))
    assert result.exit_code == 2
    assert result.stderr.startswith("Fehler: --listenname: „Mitte, Haspe“")
    assert "Traceback" not in result.output
    assert not file.exists()


def test_kontakte_outlook_csv_reads_back_through_netz_import(netz, sonderzeichen, tmp_path,
                                                              fixture_file):
    # netz import knows the German Outlook headers (../shared/FACTS.md): an independent check
    # that every column but the categories is one Outlook maps.
    file = tmp_path / "outlook.csv"
    export(netz, "kontakte", "--format", "outlook-csv", "-o", str(file))
    target = tmp_path / "ziel.toml"
    target.write_text(fixture_file("klein.toml").read_text("utf-8"), encoding="utf-8")
    result = netz("import", str(file), "-r", str(target), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "(CSV, Trennzeichen Komma, Windows-1252): 10 Zeilen." in result.stdout
    assert "Name: „Vorname“ + „Nachname“" in result.stdout
    assert ("Anschrift: „Straße geschäftlich“/„Postleitzahl geschäftlich“/„Ort geschäftlich“"
            in result.stdout)
    after = result.stdout.split("Nicht zugeordnete Spalten")[1].splitlines()[1:]
    unmapped = [line for line in after if line.startswith("  „")]
    assert len(unmapped) == 1 and unmapped[0].startswith("  „Kategorien“ (10)")
