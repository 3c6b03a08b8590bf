"""The registry format: the Hagen data as transcribed, and every kind of bad entry explained."""

from __future__ import annotations

import pytest

from netzwerk_cli.errors import RegisterFehler
from netzwerk_cli.registry import eingebettetes_register, register_als_toml, register_aus_text


@pytest.fixture(scope="module")
def hagen():
    return register_aus_text(eingebettetes_register().read_text("utf-8"), "networks.toml")


def fehler_bei(text: str) -> str:
    """The German message for a broken registry text."""
    with pytest.raises(RegisterFehler) as fehler:
        register_aus_text("schema = 1\n" + text, "test.toml")
    return str(fehler.value)


NETZ = '[netzwerke.x]\nname = "X"\nart = "netzwerk"\nstadtweit = true\n'


# --- the embedded Hagen data ------------------------------------------------------------------


def test_hagen_data_holds_every_entry_of_the_source(hagen):
    assert (len(hagen.netzwerke), len(hagen.kontakte), len(hagen.angebote)) == (22, 9, 3)
    sozialraum = ["stadtteilforum-altenhagen", "eilper-forum", "stadtteilforum-eppenhausen",
                  "ak-90", "netzwerk-mitte", "runder-tisch-wehringhausen"]
    assert set(sozialraum) <= set(hagen.netzwerke)
    assert [hagen.netzwerke[f"ag-{n}"].art for n in range(1, 6)] == ["arbeitsgemeinschaft"] * 5
    assert hagen.netzwerke["ag-5"].themen == ["Jugendhilfe und Schule", "OGS", "Schulsozialarbeit"]
    assert "moderatorengruppe" in hagen.netzwerke
    assert {n.name for n in hagen.angebote.values()} == {
        "Beratungsstelle Rat am Ring", "Stadtsportbund", "Museum & Theater"}
    assert {n.stand for n in [*hagen.netzwerke.values(), *hagen.angebote.values()]} == {"2017-04"}


def test_hagen_data_has_one_konferenz_per_bezirk_reached_through_its_bezirksjugendpflege(hagen):
    konferenzen = {i: n for i, n in hagen.netzwerke.items() if n.art == "konferenz"}
    assert sorted(n.bezirke[0] for n in konferenzen.values()) == sorted(
        ["Hagen-Mitte", "Hagen-Nord", "Hohenlimburg", "Eilpe/Dahl", "Haspe"])
    for netzwerk in konferenzen.values():
        (kontakt_id,) = netzwerk.kontakte
        kontakt = hagen.kontakte[kontakt_id]
        assert kontakt.art == "rolle"
        assert kontakt.name == f"Bezirksjugendpflege {netzwerk.bezirke[0]}"


def test_hagen_data_kontakt_so_means_one_shared_contact(hagen):
    nutzer = [i for i, n in hagen.netzwerke.items() if "natalia-keller" in n.kontakte]
    assert sorted(nutzer) == ["netzwerk-mitte", "runder-tisch-wehringhausen",
                              "stadtteilforum-altenhagen"]
    keller = hagen.kontakte["natalia-keller"]
    assert (keller.telefon, keller.email) == ("02331 207-3608", "Keller@stadt-hagen.de")
    assert all(k.oeffentlich for k in hagen.kontakte.values())


def test_hagen_data_sozialraumteams(hagen):
    teams = sorted(n.name for n in hagen.netzwerke.values() if n.art == "sozialraumteam")
    assert teams == [f"Sozialraumteam {o}" for o in
                     ["Altenhagen", "Eilpe", "Haspe", "Vorhalle", "Wehringhausen"]]


def test_embedded_file_is_in_canonical_form():
    text = eingebettetes_register().read_text("utf-8")
    assert register_als_toml(register_aus_text(text, "networks.toml")) == text


# --- bad entries --------------------------------------------------------------------------------


def test_unknown_field_names_entry_line_field_and_suggestion():
    meldung = fehler_bei(NETZ + 'thema = ["Familie"]\n')
    assert "Zeile 2, netzwerke.x: Unbekanntes Feld „thema“. Meinten Sie „themen“?" in meldung


def test_own_fields_with_x_prefix_are_kept_in_order():
    register = register_aus_text("schema = 1\n" + NETZ + 'x_raum = "Bürgerhaus"\n', "t")
    assert register.netzwerke["x"].eigene == {"x_raum": "Bürgerhaus"}
    assert register_als_toml(register).endswith('stadtweit = true\nx_raum = "Bürgerhaus"\n')


@pytest.mark.parametrize(("zeile", "erwartet"), [
    ("name = 5", "Feld „name“: erwartet Text"),
    ('stadtweit = "ja"', "Feld „stadtweit“: erwartet true oder false, gefunden 'ja'"),
    ('themen = "Familie"', "Feld „themen“: erwartet eine Liste"),
    ('art = "Verein"', "Unbekannte Art „Verein“"),
    ('stand = "April 2017"', "„April 2017“ ist kein Datum; erwartet JJJJ-MM oder JJJJ-MM-TT"),
    ('stand = "2017-13"', "„2017-13“ ist kein gültiges Datum"),
    ('name = ""', "Pflichtfeld „name“ ist leer"),
])
def test_wrong_values_name_field_and_what_is_valid(zeile, erwartet):
    feld = zeile.split(" =")[0]
    text = "".join(z + "\n" for z in NETZ.splitlines() if not z.startswith(feld + " "))
    assert erwartet in fehler_bei(text + zeile + "\n")


def test_missing_required_fields():
    meldung = fehler_bei('[netzwerke.x]\nstadtweit = true\n')
    assert "Pflichtfeld „name“ fehlt" in meldung
    assert "Pflichtfeld „art“ fehlt" in meldung


def test_kind_aliases_and_toml_dates_are_accepted():
    text = '[netzwerke.x]\nname = "X"\nart = "AK"\nstadtweit = true\nstand = 2024-05-01\n'
    netzwerk = register_aus_text("schema = 1\n" + text, "t").netzwerke["x"]
    assert (netzwerk.art, netzwerk.stand) == ("arbeitskreis", "2024-05-01")


def test_bad_id():
    assert "Die ID „AK 90“ ist ungültig" in fehler_bei(NETZ.replace("x]", '"AK 90"]'))


def test_dangling_contact_reference_suggests_the_closest():
    text = NETZ + 'kontakte = ["ana"]\n[kontakte.anna]\nname = "Anna"\n'
    assert "unbekannten Kontakt „ana“. Meinten Sie „anna“?" in fehler_bei(text)


@pytest.mark.parametrize(("gebiet", "erwartet"), [
    ('stadtweit = true\nbezirke = ["Haspe"]', "schließt „bezirke“ und „stadtteile“ aus"),
    ("", "Kein Gebiet angegeben"),
    ('bezirke = ["Eppenhausen"]', "„Eppenhausen“ ist ein Wohnbezirk im Stadtbezirk Hagen-Mitte"),
    ('stadtteile = ["Haspe"]', "„Haspe“ ist ein Stadtbezirk; bitte unter „bezirke“"),
    ('stadtteile = ["Atlantis"]', "Unbekannter Ort „Atlantis“"),
])
def test_area_problems(gebiet, erwartet):
    assert erwartet in fehler_bei(f'[netzwerke.x]\nname = "X"\nart = "netzwerk"\n{gebiet}\n')


@pytest.mark.parametrize(("kopf", "erwartet"), [
    ("", "Die Angabe „schema = 1“ am Dateianfang fehlt"),
    ("schema = 2\n", "Bitte netz aktualisieren"),
    ("schema = 1\nnetzwerk = 1\n", "Unbekannter Schlüssel „netzwerk“ auf oberster Ebene"),
])
def test_top_level_problems(kopf, erwartet):
    with pytest.raises(RegisterFehler) as fehler:
        register_aus_text(kopf, "test.toml")
    assert erwartet in str(fehler.value)


def test_same_id_for_network_and_offer():
    assert "zugleich Netzwerk und Angebot" in fehler_bei(NETZ + '[angebote.x]\nname = "Y"\n')


def test_several_problems_are_reported_together():
    meldung = fehler_bei(NETZ + "thema = 5\n" + '[netzwerke.y]\nart = "x"\n')
    assert meldung.startswith("Das Register test.toml ist ungültig:")
    assert meldung.count("\n  - ") >= 3
