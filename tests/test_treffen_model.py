"""Meetings as data: the ``[treffen.ID]`` tables and a network's rhythm in schema 2."""

from __future__ import annotations

import pytest

from netzwerk_cli.errors import RegistryError
from netzwerk_cli.model import SCHEMA_VERSION, Treffen
from netzwerk_cli.registry import registry_from_text, registry_to_toml
from tests.conftest import FIXTURES

TEXT = (FIXTURES / "treffen.toml").read_text("utf-8")


def load(text: str = TEXT):
    return registry_from_text(text, "treffen.toml")


def problems_of(text: str) -> list[str]:
    with pytest.raises(RegistryError) as caught:
        load(text)
    return caught.value.problems


def with_meeting(lines: str, meeting_id: str = "forum-boele-2027-03-16") -> str:
    return TEXT + f"\n[treffen.{meeting_id}]\nnetzwerk = \"forum-boele\"\n" \
                  f"datum = \"2027-03-16\"\n{lines}"


def test_schema_is_2():
    assert SCHEMA_VERSION == 2


def test_meetings_load_with_every_field():
    registry = load()
    march = registry.treffen["forum-boele-2026-03-10"]
    assert march == Treffen(netzwerk="forum-boele", datum="2026-03-10", beginn="16:00",
                            ende="18:00", ort_kontakt="fz-boele", gastgeber="anna",
                            themen=["Rückblick", "Sommerfest"], anwesend=["anna", "ben", "carla"],
                            protokoll="Sommerfest am 20.06. beschlossen.")
    assert registry.treffen["forum-boele-2026-06-16"].gaeste == ["museum-theater"]
    assert registry.treffen["forum-boele-2026-09-15"].ort == "Bürgerhaus Boele, Saal 1"
    assert march.date.isoformat() == "2026-03-10"


def test_a_network_records_its_rhythm():
    forum = load().netzwerke["forum-boele"]
    assert (forum.turnus, forum.wochentag, forum.beginn, forum.ende, forum.orte) == (
        4, "di", "16:00", "18:00", "reihum")


def test_the_file_is_canonical_and_written_in_schema_2():
    registry = load()
    written = registry_to_toml(registry)
    assert "\nschema = 2\n" in written and load(written) == registry
    assert registry_to_toml(load(registry_to_toml(registry))) == registry_to_toml(registry)


def test_meetings_come_after_the_offers_and_before_the_members():
    text = registry_to_toml(load())
    assert text.index("[angebote.") < text.index("[treffen.") < text.index("[mitglieder.")


@pytest.mark.parametrize(("lines", "message"), [
    ('ort_kontakt = "kita-kabel"\n', "„kita-kabel“ hat keine Anschrift"),
    ('ort_kontakt = "anna"\n', "„anna“ ist keine Organisation"),
    ('ort_kontakt = "fz-bole"\n', "unbekannten Kontakt „fz-bole“. Meinten Sie „fz-boele“?"),
    ('ort_kontakt = "fz-boele"\nort = "Rathaus"\n', "„ort_kontakt“ und „ort“ schließen sich aus"),
    ('gastgeber = "ana"\n', "Feld „gastgeber“ verweist auf den unbekannten Kontakt „ana“. "
                            "Meinten Sie „anna“?"),
    ('anwesend = ["anna", "bne"]\n', "Feld „anwesend“ verweist auf den unbekannten Kontakt "
                                     "„bne“. Meinten Sie „ben“?"),
    ('gaeste = ["rat-am-rin"]\n', "unbekannte Angebot „rat-am-rin“. Meinten Sie „rat-am-ring“?"),
    ('gaeste = ["ak-kabel"]\n', "„ak-kabel“ ist ein Netzwerk; Gäste sind Angebote"),
    ('beginn = "16:00"\n', "Feld „beginn“ ohne „ende“"),
    ('beginn = "18:00"\nende = "16:00"\n', "Feld „beginn“ (18:00) liegt nicht vor „ende“ (16:00)"),
    ('beginn = "25:00"\nende = "26:00"\n', "„25:00“ ist keine Uhrzeit; erwartet SS:MM"),
    ('sequenz = -1\n', "-1 ist keine Änderungszahl"),
    ('sequenz = "1"\n', "erwartet eine ganze Zahl"),
])
def test_a_meeting_that_refers_to_nothing_is_explained(lines, message):
    found = problems_of(with_meeting(lines))
    assert any(message in problem for problem in found), found
    assert all(problem.startswith("Zeile ") for problem in found)


def test_a_meeting_names_a_network():
    text = TEXT.replace('[treffen.forum-boele-2026-12-08]\nnetzwerk = "forum-boele"',
                        '[treffen.forum-boele-2026-12-08]\nnetzwerk = "forum-bole"')
    assert any("Unbekanntes Netzwerk „forum-bole“. Meinten Sie „forum-boele“?" in p
               for p in problems_of(text))
    offer = TEXT.replace('[treffen.forum-boele-2026-12-08]\nnetzwerk = "forum-boele"',
                         '[treffen.forum-boele-2026-12-08]\nnetzwerk = "stadtsportbund"')
    assert any("„stadtsportbund“ ist ein Angebot" in p for p in problems_of(offer))


@pytest.mark.parametrize(("datum", "message"), [
    ("2027-02-30", "„2027-02-30“ ist kein gültiges Datum"),
    ("16.03.2027", "„16.03.2027“ ist kein Datum; erwartet JJJJ-MM-TT"),
    ("2027-03", "erwartet JJJJ-MM-TT"),
])
def test_a_meeting_has_a_valid_day(datum, message):
    text = TEXT.replace('datum = "2026-12-08"', f'datum = "{datum}"')
    assert any(message in p for p in problems_of(text))


def test_a_toml_date_is_welcome_and_written_as_text():
    registry = load(TEXT.replace('datum = "2026-12-08"', "datum = 2026-12-08"))
    assert registry.treffen["forum-boele-2026-12-08"].datum == "2026-12-08"


@pytest.mark.parametrize(("field", "value", "stored"), [
    ("wochentag", '"Dienstag"', "di"), ("wochentag", '"dienstags"', "di"),
    ("wochentag", '"Di."', "di"), ("beginn", '"9:30"', "09:30"), ("beginn", '"16"', "16:00"),
    ("orte", '"wechselnde Orte"', "reihum"), ("orte", '"fest"', ""),
])
def test_rhythm_values_are_understood_and_normalised(field, value, stored):
    text = TEXT.replace(f'{field} = "{getattr(load().netzwerke["forum-boele"], field)}"',
                        f"{field} = {value}", 1)
    if field == "beginn":
        text = text.replace('ende = "18:00"\norte', 'ende = "18:00"\norte', 1)
    assert getattr(load(text).netzwerke["forum-boele"], field) == stored


@pytest.mark.parametrize(("line", "message"), [
    ("turnus = 53", "53 ist keine Zahl von Treffen im Jahr; erwartet 0 (unbekannt) bis 52"),
    ('turnus = "4"', "Feld „turnus“: erwartet eine ganze Zahl"),
    ('wochentag = "Dientag"', "„Dientag“ ist kein Wochentag"),
    ('orte = "überall"', "„überall“ ist keine Angabe der Orte"),
    ('ende = "15:00"', "Feld „beginn“ (16:00) liegt nicht vor „ende“ (15:00)"),
])
def test_a_wrong_rhythm_is_explained(line, message):
    field = line.split(" = ")[0]
    old = f'{field} = {load().netzwerke["forum-boele"].to_toml()[field]!r}'.replace("'", '"')
    text = TEXT.replace(old, line, 1)
    assert text != TEXT
    assert any(message in p and "netzwerke.forum-boele" in p for p in problems_of(text))


# --- merging, the load cache, netz check -------------------------------------------------------


def edited(text: str, change) -> str:
    registry = load(text)
    change(registry)
    return registry_to_toml(registry)


def test_a_meeting_merges_field_by_field():
    from netzwerk_cli.merge import merge_registry

    base = registry_to_toml(load())
    ours = edited(base, lambda r: setattr(r.treffen["forum-boele-2026-12-08"], "themen",
                                          ["Jahresplanung 2027", "Sommerfest 2027"]))
    theirs = edited(base, lambda r: setattr(r.treffen["forum-boele-2026-12-08"], "anwesend",
                                            ["anna"]))
    result = merge_registry(base, ours, theirs)
    assert result.clean, (result.conflicts, result.problems)
    merged = load(result.text).treffen["forum-boele-2026-12-08"]
    assert (merged.themen, merged.anwesend) == (["Jahresplanung 2027", "Sommerfest 2027"],
                                                ["anna"])


def test_two_new_attendees_on_both_sides_are_both_kept():
    from netzwerk_cli.merge import merge_registry

    base = registry_to_toml(load())
    ours = edited(base, lambda r: r.treffen["forum-boele-2026-09-15"].anwesend.append("carla"))
    theirs = edited(base, lambda r: r.treffen["forum-boele-2026-09-15"].anwesend.append("dora"))
    result = merge_registry(base, ours, theirs)
    assert result.clean
    assert load(result.text).treffen["forum-boele-2026-09-15"].anwesend == [
        "anna", "ben", "carla", "dora"]


def test_a_meeting_moved_differently_on_both_sides_is_a_conflict_on_that_field():
    from netzwerk_cli.merge import merge_registry

    base = registry_to_toml(load())
    ours = edited(base, lambda r: setattr(r.treffen["forum-boele-2026-12-08"], "datum",
                                          "2026-12-01"))
    theirs = edited(base, lambda r: setattr(r.treffen["forum-boele-2026-12-08"], "datum",
                                            "2026-12-15"))
    result = merge_registry(base, ours, theirs)
    assert [(c.entry, c.field) for c in result.conflicts] == [
        ("treffen.forum-boele-2026-12-08", "datum")]
    assert ('<<<<<<< ours\ndatum = "2026-12-01"\n=======\ndatum = "2026-12-15"\n'
            ">>>>>>> theirs\n") in result.text


def test_meetings_come_back_from_the_load_cache(tmp_path):
    from netzwerk_cli.registry import CACHE_MIN_BYTES, Location, load_registry

    registry = load()
    for number in range(2500):
        registry.treffen[f"forum-boele-x{number}"] = Treffen(
            netzwerk="forum-boele", datum="2027-03-16", beginn="16:00", ende="18:00",
            ort="Rathaus", themen=["Thema"] * 3, sequenz=number % 3)
    path = tmp_path / "gross.toml"
    path.write_text(registry_to_toml(registry), "utf-8")
    assert path.stat().st_size > CACHE_MIN_BYTES
    first, second = (load_registry(Location(path, "Test")) for _ in range(2))
    assert second.treffen == first.treffen == registry.treffen


def test_check_reports_a_control_character_in_a_meeting_and_how_to_fix_it():
    import datetime as dt

    from netzwerk_cli.check import check_registry

    text = TEXT.replace('protokoll = "Sommerfest am 20.06. beschlossen."',
                        'protokoll = "Sommerfest\\u001b[2J"')
    findings = check_registry(text, "t.toml", dt.date(2026, 11, 25))
    found = [f for f in findings if f.entry == "treffen.forum-boele-2026-03-10"]
    assert [(f.level, f.field) for f in found] == [("Fehler", "protokoll")]
    assert "U+001B" in found[0].message
    assert "`netz treffen edit forum-boele-2026-03-10 --protokoll …`" in found[0].message
