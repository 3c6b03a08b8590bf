"""Matching rows to the registry, filling, conflicts, all-or-nothing, and the column mapping."""

from __future__ import annotations

from pathlib import Path

import pytest

from netzwerk_cli.errors import InputError
from netzwerk_cli.imports import read_file
from netzwerk_cli.imports.plan import (
    ERGAENZT,
    FEHLERHAFT,
    KONFLIKT,
    NEU,
    UNVERAENDERT,
    Conflict,
    ImportOptions,
    ImportRefused,
    apply_import,
    prepare,
)
from netzwerk_cli.model import Kontakt, Registry
from netzwerk_cli.registry import registry_to_toml


@pytest.fixture
def csv_file(tmp_path: Path):
    """Write a CSV (UTF-8, ";") and return its path."""
    def write(text: str, name: str = "liste.csv") -> Path:
        path = tmp_path / name
        path.write_text(text, "utf-8")
        return path
    return write


def run(registry: Registry, path: Path, **options):
    return apply_import(registry, prepare(read_file(path), options.pop("spalten", ())),
                        ImportOptions(**options))


def with_anna(**fields) -> Registry:
    values = {"art": "person", "name": "Anna Beispiel", "organisation": "Jugendzentrum",
              "email": "Anna@Example.org"} | fields
    return Registry(kontakte={"anna-beispiel": Kontakt(**values)})


def test_a_row_with_the_email_of_a_contact_fills_its_empty_fields(csv_file):
    registry = with_anna()
    plan = run(registry, csv_file("Name;E-Mail;Telefon\nA. Beispiel;anna@example.ORG;"
                                  "02331 123-456\n"))
    assert [(r.status, r.kontakt_id, r.filled) for r in plan.rows] == [
        (KONFLIKT, "anna-beispiel", ("Telefon",))]  # the name differs: a conflict
    assert list(registry.kontakte) == ["anna-beispiel"]
    assert registry.kontakte["anna-beispiel"].telefon == "02331 123-456"
    assert registry.kontakte["anna-beispiel"].name == "Anna Beispiel"


def test_a_row_matches_by_folded_name_and_organisation(csv_file):
    registry = with_anna(email="")
    plan = run(registry, csv_file("Vorname;Nachname;Einrichtung;Mail\n"
                                  "ANNA;beispiel;JUGENDZENTRUM;anna@example.org\n"))
    assert [(r.status, r.kontakt_id, r.filled) for r in plan.rows] == [
        (ERGAENZT, "anna-beispiel", ("E-Mail",))]
    assert registry.kontakte["anna-beispiel"].email == "anna@example.org"


def test_same_name_in_another_organisation_is_another_contact(csv_file):
    registry = with_anna(email="")
    plan = run(registry, csv_file("Name;Einrichtung\nAnna Beispiel;Kita Sonnenschein\n"))
    assert [(r.status, r.kontakt_id) for r in plan.rows] == [(NEU, "anna-beispiel-2")]


def test_a_different_value_is_a_conflict_shown_and_kept(csv_file):
    registry = with_anna(telefon="02331 123-456")
    path = csv_file("Name;E-Mail;Telefon\nAnna Beispiel;anna@example.org;0171 2345678\n")
    plan = run(registry, path)
    assert plan.rows[0].status == KONFLIKT
    assert plan.rows[0].conflicts == (
        Conflict("Telefon", "02331 123-456", "0171 2345678", taken=False),)
    assert registry.kontakte["anna-beispiel"].telefon == "02331 123-456"


def test_ueberschreiben_takes_the_file_value_of_a_conflict(csv_file):
    registry = with_anna(telefon="02331 123-456")
    path = csv_file("Name;E-Mail;Telefon\nAnna Beispiel;anna@example.org;0171 2345678\n")
    plan = run(registry, path, ueberschreiben=True)
    assert plan.rows[0].conflicts[0].taken
    assert registry.kontakte["anna-beispiel"].telefon == "0171 2345678"
    again = run(registry, path, ueberschreiben=True)
    assert [r.status for r in again.rows] == [UNVERAENDERT]


def test_values_that_say_the_same_are_no_conflict(csv_file):
    registry = with_anna(telefon="0 23 31 / 12 34 56", webseite="https://jz.example.org/",
                         funktion="Leitung", ort="Hagen")
    path = csv_file("Name;E-Mail;Telefon;Webseite;Funktion;Ort\n"
                    "anna  beispiel;ANNA@example.org;+49 2331 123456;jz.example.org;LEITUNG;"
                    "hagen\n")
    plan = run(registry, path)
    assert [(r.status, r.conflicts, r.filled) for r in plan.rows] == [(UNVERAENDERT, (), ())]
    assert registry.kontakte["anna-beispiel"].telefon == "0 23 31 / 12 34 56"  # untouched


def test_importing_the_same_file_twice_changes_nothing_the_second_time(csv_file):
    path = csv_file("Name;Einrichtung;E-Mail;Telefon\n"
                    "Anna Beispiel;Jugendzentrum;anna@example.org;02331 123-456\n"
                    "Jugendamt Hagen;;;02331 207-0\n"
                    "Anna Beispiel;Jugendzentrum;anna@example.org;0171 2345678\n")
    registry = Registry()
    first = run(registry, path)
    text = registry_to_toml(registry)
    second = run(registry, path)
    assert [r.status for r in first.rows] == [NEU, NEU, KONFLIKT]
    assert first.rows[2].same_as == "Zeile 2"
    assert [r.status for r in second.rows] == [UNVERAENDERT, UNVERAENDERT, KONFLIKT]
    assert registry_to_toml(registry) == text


def test_one_faulty_row_refuses_the_whole_import(csv_file):
    registry = Registry()
    path = csv_file("Name;E-Mail\nAnna;anna@example.org\nBen;kein-at\n")
    with pytest.raises(ImportRefused, match="Nichts importiert: 1 Zeile ist fehlerhaft"):
        run(registry, path)


def test_ueberspringen_imports_the_good_rows_and_lists_the_rest(csv_file):
    registry = Registry()
    path = csv_file("Name;E-Mail\nAnna;anna@example.org\nBen;kein-at\n")
    plan = run(registry, path, ueberspringen=True)
    assert [r.status for r in plan.rows] == [NEU, FEHLERHAFT]
    assert plan.rows[1].problems == ("Zeile 3, Spalte „E-Mail“: „kein-at“ ist keine gültige "
                                     "E-Mail-Adresse. Beispiel: name@stadt-hagen.de",)
    assert list(registry.kontakte) == ["anna"]


def test_a_row_without_name_or_organisation_is_faulty(csv_file):
    path = csv_file("Name;E-Mail;Telefon\n;anna@example.org;02331 123-456\n")
    with pytest.raises(ImportRefused) as refused:
        run(Registry(), path)
    assert refused.value.plan.rows[0].problems == (
        "Zeile 2: kein Name und keine Organisation – ein Kontakt braucht eins davon.",)


def test_a_phone_number_without_area_code_needs_vorwahl(csv_file):
    path = csv_file("Name;Telefon\nAnna;207-3608\n")
    with pytest.raises(ImportRefused) as refused:
        run(Registry(), path)
    assert "hat keine Vorwahl" in refused.value.plan.rows[0].problems[0]
    registry = Registry()
    run(registry, path, vorwahl="02331")
    assert registry.kontakte["anna"].telefon == "02331 207-3608"


def test_imported_persons_are_private_unless_oeffentlich(csv_file):
    path = csv_file("Name;Einrichtung\nAnna Beispiel;\n;Jugendamt\n")
    registry = Registry()
    run(registry, path)
    assert [k.oeffentlich for k in registry.kontakte.values()] == [False, False]
    public = Registry()
    run(public, path, oeffentlich=True)
    assert [k.oeffentlich for k in public.kontakte.values()] == [True, True]


def test_a_column_veroeffentlichen_decides_per_row(csv_file):
    path = csv_file("Name;Veröffentlichen\nAnna;ja\nBen;nein\nCem;vielleicht\n")
    with pytest.raises(ImportRefused) as refused:
        run(Registry(), path, oeffentlich=True)
    assert refused.value.plan.rows[2].problems == (
        "Zeile 4, Spalte „Veröffentlichen“: „vielleicht“ – erwartet „ja“ oder „nein“.",)
    registry = Registry()
    run(registry, path, oeffentlich=True, ueberspringen=True)
    assert {i: k.oeffentlich for i, k in registry.kontakte.items()} == {"anna": True,
                                                                         "ben": False}


def test_making_an_existing_contact_public_is_a_conflict(csv_file):
    registry = with_anna()
    plan = run(registry, csv_file("E-Mail;Name;Öffentlich\nanna@example.org;Anna Beispiel;ja\n"))
    assert plan.rows[0].conflicts == (Conflict("Veröffentlichen", "nein", "ja", False),)
    assert not registry.kontakte["anna-beispiel"].oeffentlich


def test_kind_is_taken_from_a_column_or_from_the_name(csv_file):
    registry = Registry()
    run(registry, csv_file("Art;Name;Organisation\nRolle;Koordination;Jugendamt\n"
                           ";;Kita Sonnenschein\n;Anna;Kita Sonnenschein\n"))
    assert {i: k.art for i, k in registry.kontakte.items()} == {
        "koordination": "rolle", "kita-sonnenschein": "organisation", "anna": "person"}


def test_an_id_column_is_used_when_free(csv_file):
    registry = with_anna(email="")
    run(registry, csv_file("ID;Name\neigene-id;Ben\nanna-beispiel;Cem\nKein Id!;Dora\n"))
    assert list(registry.kontakte) == ["anna-beispiel", "eigene-id", "cem", "dora"]


def test_ids_spell_out_letters_without_accents_as_people_type_them(csv_file):
    registry = Registry()
    run(registry, csv_file("Name\nÖmer Yılmaz\nMałgorzata Nowak\n"))
    assert list(registry.kontakte) == ["oemer-yilmaz", "malgorzata-nowak"]


def test_derived_ids_are_numbered_when_taken(csv_file):
    registry = with_anna(email="")
    run(registry, csv_file("Name;Einrichtung\nAnna Beispiel;A\nAnna Beispiel;B\n"))
    assert list(registry.kontakte) == ["anna-beispiel", "anna-beispiel-2", "anna-beispiel-3"]


# --- columns -------------------------------------------------------------------------------


def test_headers_ignore_case_umlauts_and_punctuation(csv_file):
    registry = Registry()
    plan = run(registry, csv_file("NAME;e.mail;TELEFON-NR.;strasse;Plz;ORT\n"
                                  "Anna;anna@example.org;02331 123-456;Weg 1;58095;Hagen\n"))
    assert plan.unmapped == []
    assert registry.kontakte["anna"].to_toml() == {
        "art": "person", "name": "Anna", "strasse": "Weg 1", "plz": "58095", "ort": "Hagen",
        "telefon": "02331 123-456", "email": "anna@example.org", "oeffentlich": False}


@pytest.mark.parametrize(("header", "field"), [
    ("Name der Einrichtung", "organisation"), ("Träger", "organisation"),
    ("Telefon (dienstlich)", "telefon"), ("Diensttelefon", "telefon"), ("Handy", "telefon"),
    ("Mail-Adresse", "email"), ("E-Mail dienstlich", "email"), ("Homepage", "webseite"),
    ("Bemerkungen", "notiz"), ("Straße und Hausnummer", "strasse"), ("Postleitzahl", "plz"),
])
def test_hand_made_headers(csv_file, header, field):
    values = {"organisation": "Jugendamt", "telefon": "02331 207-3608",
              "email": "a@example.org", "webseite": "https://hagen.de", "notiz": "x",
              "strasse": "Weg 1", "plz": "58095"}
    registry = Registry()
    run(registry, csv_file(f"Name;{header}\nAnna;{values[field]}\n"))
    assert getattr(registry.kontakte["anna"], field) == values[field]


def test_unknown_columns_are_reported_and_kept_nowhere(csv_file):
    registry = Registry()
    plan = run(registry, csv_file("Name;Lieblingsfarbe;Leer;Netzwerke\nAnna;blau;;AK 90\n"))
    assert plan.unmapped == [
        ("Lieblingsfarbe", 1, ""),
        ("Netzwerke", 1, "Zugehörigkeit zu einem Netzwerk: beim Import mit --netzwerk ID "
                         "angeben")]
    assert plan.empty_columns == 1
    assert registry.kontakte["anna"].extra == {}
    assert "blau" not in registry_to_toml(registry)


def test_spalte_maps_a_column_by_hand(csv_file):
    registry = Registry()
    path = csv_file("Name;Mail dienstlich;Mail privat\nAnna;;anna@example.org\n")
    plan = run(registry, path, spalten=["email=mail privat"])
    assert registry.kontakte["anna"].email == "anna@example.org"
    assert ("E-Mail", "„Mail privat“") in plan.mapping


def test_spalte_with_an_empty_column_switches_a_field_off(csv_file):
    registry = Registry()
    plan = run(registry, csv_file("Name;Telefon\nAnna;02331 123-456\n"), spalten=["telefon="])
    assert registry.kontakte["anna"].telefon == ""
    assert plan.unmapped == [("Telefon", 1, "abgeschaltet mit --spalte telefon=")]


def test_spalte_name_replaces_first_and_last_name(csv_file):
    registry = Registry()
    path = csv_file("Vorname;Nachname;Ansprechpartner/in\nAnna;Beispiel;Frau Dr. Beispiel\n")
    run(registry, path, spalten=["name=Ansprechpartner/in"])
    assert [k.name for k in registry.kontakte.values()] == ["Frau Dr. Beispiel"]


@pytest.mark.parametrize(("option", "message"), [
    ("email", "--spalte „email“: erwartet FELD=SPALTE"),
    ("emial=Mail", "unbekanntes Feld „emial“. Meinten Sie „email“?"),
    ("email=Mial", "die Datei hat keine Spalte „Mial“. Meinten Sie „Mail“?"),
])
def test_spalte_mistakes_are_usage_errors_with_suggestions(csv_file, option, message):
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace("?", r"\?")):
        prepare(read_file(csv_file("Name;Mail\nAnna;a@b.de\n")), [option])


def test_title_rows_above_the_header_are_skipped(csv_file):
    registry = Registry()
    path = csv_file("Mitgliederliste AK 90;;\nStand: Mai;;\n\nName;E-Mail;Telefon\n"
                    "Anna;anna@example.org;02331 123-456\n")
    plan = run(registry, path)
    assert plan.hints == ["Die Kopfzeile ist Zeile 4; Zeilen 1–3 darüber übergangen."]
    assert [r.where for r in plan.rows] == ["Zeile 5"]


def test_a_file_without_a_name_column_is_a_usage_error(csv_file):
    with pytest.raises(InputError, match="keine Spalte für den Namen oder die Organisation "
                                         r"\(Spalten: Datum, Thema\)"):
        prepare(read_file(csv_file("Datum;Thema\n2027-03-16;Treffen\n")))


def test_a_file_with_only_a_header_is_a_usage_error(csv_file):
    with pytest.raises(InputError, match="enthält unter der Kopfzeile keine Kontakte"):
        prepare(read_file(csv_file("Name;E-Mail\n;\n")))


def test_several_values_in_one_cell_take_the_first(csv_file):
    registry = Registry()
    plan = run(registry, csv_file("Name;E-Mail\nAnna;a@example.org ::: b@example.org ::: c@x.de\n"))
    assert registry.kontakte["anna"].email == "a@example.org"
    assert [(s.value, s.reason) for s in plan.skipped] == [
        ("b@example.org ::: c@x.de", "mehrere Werte in einer Zelle; übernommen: „a@example.org“")]


def test_an_apostrophe_that_defused_a_formula_is_removed(csv_file):
    registry = Registry()
    run(registry, csv_file("Name;Telefon;Funktion\nAnna;'+49 2331 123-456;'=Leitung\n"))
    assert registry.kontakte["anna"].telefon == "02331 123-456"
    assert registry.kontakte["anna"].funktion == "=Leitung"


def test_progress_is_reported_in_steps_and_at_the_end(csv_file):
    rows = "".join(f"Person {i}\n" for i in range(120))
    calls = []
    apply_import(Registry(), prepare(read_file(csv_file("Name\n" + rows))), ImportOptions(),
                 lambda done, total: calls.append((done, total)))
    assert calls == [(50, 120), (100, 120), (120, 120)]


def test_gehoert_zu_names_an_organisation_of_the_registry_or_of_the_file(csv_file):
    registry = with_anna(email="")
    plan = run(registry, csv_file("ID;Name;Organisation;Art;Gehört zu\n"
                                  "ben;Ben;;Person;kita\n"
                                  "cem;Cem;;Person;anna-beispiel\n"
                                  "dora;Dora;;Person;gibt-es-nicht\n"
                                  "kita;;Kita Sonnenschein;Organisation;\n"))
    assert {i: k.gehoert_zu for i, k in registry.kontakte.items()} == {
        "anna-beispiel": "", "ben": "kita", "cem": "", "dora": "", "kita": ""}
    assert plan.warnings == [
        "Zeile 3: Feld „gehoert_zu“: „anna-beispiel“ ist keine Organisation (art = \"person\"); "
        "es nennt die Organisation, zu der der Kontakt gehört. Nicht übernommen.",
        "Zeile 4: Feld „gehoert_zu“ verweist auf den unbekannten Kontakt „gibt-es-nicht“. Es "
        "nennt die ID der Organisation (aus [kontakte.ID]), zu der der Kontakt gehört. Nicht "
        "übernommen."]
