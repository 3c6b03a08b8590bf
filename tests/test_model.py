"""The registry format: the Hagen data as transcribed, and every kind of bad entry explained."""

from __future__ import annotations

import pytest

from netzwerk_cli.errors import RegistryError
from netzwerk_cli.registry import embedded_registry, registry_from_text, registry_to_toml


@pytest.fixture(scope="module")
def hagen():
    return registry_from_text(embedded_registry().read_text("utf-8"), "networks.toml")


def netzwerk_x(**fields: str | None) -> str:
    """A registry text: ``schema = 2`` on line 1, network ``x`` from line 2, city-wide.

    Keyword arguments are TOML values that replace or add fields; None leaves a field out.
    """
    defaults: dict[str, str | None] = {"name": '"X"', "art": '"netzwerk"', "stadtweit": "true"}
    lines = [f"{field} = {value}" for field, value in (defaults | fields).items()
             if value is not None]
    return "schema = 2\n[netzwerke.x]\n" + "\n".join(lines) + "\n"


def problems(text: str) -> list[str]:
    """The German problems reported for a broken registry text."""
    with pytest.raises(RegistryError) as error:
        registry_from_text(text, "test.toml")
    assert error.value.path == "test.toml"
    return error.value.problems


def problem(text: str) -> str:
    """The single problem reported for a registry text with exactly one fault."""
    (only,) = problems(text)
    return only


# --- the embedded Hagen data ------------------------------------------------------------------

SOZIALRAUM_NETZWERKE = {
    "stadtteilforum-altenhagen": ("Stadtteilforum Altenhagen", ["Altenhagen"]),
    "eilper-forum": ("Eilper Forum", ["Eilpe"]),
    "stadtteilforum-eppenhausen": ("Stadtteilforum Eppenhausen", ["Eppenhausen"]),
    "ak-90": ("AK 90 (Arbeitskreis für Kinder und Jugend in Haspe)", ["Haspe"]),
    "netzwerk-mitte": ("Netzwerk Mitte", ["Hagen-Mitte"]),
    "runder-tisch-wehringhausen": ("Runder Tisch Wehringhausen", ["Wehringhausen"]),
}
ARBEITSGEMEINSCHAFTEN = {
    "ag-1": ("AG 1: Jugendarbeit", ["Jugendarbeit"]),
    "ag-2": ("AG 2: Jugendsozialarbeit/Jugendberufshilfe",
             ["Jugendsozialarbeit", "Jugendberufshilfe"]),
    "ag-3": ("AG 3: Kindertagesbetreuung", ["Kindertagesbetreuung"]),
    "ag-4": ("AG 4: Erzieherische Hilfen", ["Erzieherische Hilfen"]),
    "ag-5": ("AG 5: Jugendhilfe und Schule (OGS, Schulsozialarbeit)",
             ["Jugendhilfe und Schule", "OGS", "Schulsozialarbeit"]),
}
BEZIRKE = ["Hagen-Mitte", "Hagen-Nord", "Hohenlimburg", "Eilpe/Dahl", "Haspe"]
SOZIALRAUMTEAMS = ["Altenhagen", "Eilpe", "Haspe", "Vorhalle", "Wehringhausen"]
ANGEBOTE = {"rat-am-ring": "Beratungsstelle Rat am Ring", "stadtsportbund": "Stadtsportbund",
            "museum-theater": "Museum & Theater"}


def test_hagen_data_holds_exactly_the_entries_of_the_source(hagen):
    assert (len(hagen.netzwerke), len(hagen.kontakte), len(hagen.angebote)) == (22, 9, 3)
    konferenz_ids = {f"stadtbezirkskonferenz-{b.lower().replace('/', '-')}" for b in BEZIRKE}
    teams = {f"sozialraumteam-{t.lower()}" for t in SOZIALRAUMTEAMS}
    assert set(hagen.netzwerke) == (set(SOZIALRAUM_NETZWERKE) | set(ARBEITSGEMEINSCHAFTEN)
                                    | {"moderatorengruppe"} | konferenz_ids | teams)
    assert {i: a.name for i, a in hagen.angebote.items()} == ANGEBOTE


@pytest.mark.parametrize("netzwerk_id", SOZIALRAUM_NETZWERKE)
def test_hagen_sozialraum_networks_keep_name_and_area(hagen, netzwerk_id):
    netzwerk = hagen.netzwerke[netzwerk_id]
    assert (netzwerk.name, [o.name for o in netzwerk.places()]) == SOZIALRAUM_NETZWERKE[netzwerk_id]
    assert not netzwerk.stadtweit


@pytest.mark.parametrize("netzwerk_id", ARBEITSGEMEINSCHAFTEN)
def test_hagen_arbeitsgemeinschaften_are_citywide_with_their_topics(hagen, netzwerk_id):
    netzwerk = hagen.netzwerke[netzwerk_id]
    assert (netzwerk.name, netzwerk.themen) == ARBEITSGEMEINSCHAFTEN[netzwerk_id]
    assert (netzwerk.art, netzwerk.stadtweit) == ("arbeitsgemeinschaft", True)


def test_hagen_moderatorengruppe_is_a_citywide_arbeitskreis(hagen):
    group = hagen.netzwerke["moderatorengruppe"]
    assert "(“Moderatorengruppe”)" in group.name  # the source's quotation marks
    assert (group.art, group.stadtweit) == ("arbeitskreis", True)


@pytest.mark.parametrize("bezirk", BEZIRKE)
def test_hagen_has_one_konferenz_per_bezirk_reached_through_its_bezirksjugendpflege(hagen, bezirk):
    (netzwerk,) = [n for n in hagen.netzwerke.values()
                   if n.art == "konferenz" and n.bezirke == [bezirk]]
    assert netzwerk.name == f"Stadtbezirkskonferenz {bezirk}"
    ((_, kontakt),) = hagen.kontakte_of(netzwerk)
    assert (kontakt.art, kontakt.name) == ("rolle", f"Bezirksjugendpflege {bezirk}")


def test_hagen_sozialraumteams(hagen):
    teams = {i: n.name for i, n in hagen.netzwerke.items() if n.art == "sozialraumteam"}
    assert teams == {f"sozialraumteam-{t.lower()}": f"Sozialraumteam {t}" for t in SOZIALRAUMTEAMS}


def test_hagen_kontakt_so_networks_share_natalia_kellers_contact(hagen):
    users = sorted(i for i, n in hagen.netzwerke.items() if "natalia-keller" in n.kontakte)
    assert users == ["netzwerk-mitte", "runder-tisch-wehringhausen", "stadtteilforum-altenhagen"]
    keller = hagen.kontakte["natalia-keller"]
    assert (keller.art, keller.name) == ("person", "Natalia Keller")
    assert (keller.telefon, keller.email) == ("02331 207-3608", "Keller@stadt-hagen.de")


def test_hagen_data_is_as_of_april_2017_everywhere(hagen):
    assert {e.stand for e in [*hagen.netzwerke.values(), *hagen.angebote.values()]} == {"2017-04"}


# --- own fields and accepted spellings ----------------------------------------------------------


def test_own_fields_with_x_prefix_are_accepted_and_kept_after_the_known_fields():
    registry = registry_from_text(netzwerk_x(x_raum='"Bürgerhaus"', x_anzahl="12"), "test.toml")
    entry = registry.netzwerke["x"]
    assert entry.extra == {"x_raum": "Bürgerhaus", "x_anzahl": 12}
    assert list(entry.to_toml()) == ["name", "art", "stadtweit", "x_anzahl", "x_raum"]
    assert entry.to_dict()["x_raum"] == "Bürgerhaus"
    reloaded = registry_from_text(registry_to_toml(registry), "test.toml")
    assert reloaded.netzwerke["x"].extra == entry.extra


@pytest.mark.parametrize(("art", "art_id"), [
    ('"AK"', "arbeitskreis"), ('"Arbeitskreis"', "arbeitskreis"), ('"ag"', "arbeitsgemeinschaft"),
    ('"SRT"', "sozialraumteam"), ('"Runder Tisch"', "netzwerk"),
    ('"Stadtbezirkskonferenz"', "konferenz"),
])
def test_kind_aliases_are_accepted_and_stored_as_the_kind_id(art, art_id):
    registry = registry_from_text(netzwerk_x(art=art), "test.toml")
    assert registry.netzwerke["x"].art == art_id
    assert f'art = "{art_id}"' in registry_to_toml(registry)


def test_toml_date_is_accepted_for_stand():
    registry = registry_from_text(netzwerk_x(stand="2024-05-01"), "test.toml")
    assert registry.netzwerke["x"].stand == "2024-05-01"
    assert 'stand = "2024-05-01"' in registry_to_toml(registry)


# --- bad entries: each problem names line, entry, field, and what would be valid ----------------


def test_unknown_field_names_line_entry_and_suggests_the_right_field():
    assert problem(netzwerk_x(thema='["Familie"]')).startswith(
        "Zeile 2, netzwerke.x: Unbekanntes Feld „thema“. Meinten Sie „themen“? "
        "Erlaubt: name, art, ")


def test_line_number_is_that_of_the_faulty_entry():
    text = netzwerk_x() + '\n[netzwerke.y]\nname = "Y"\nart = "netzwerk"\nstadtweit = "nein"\n'
    assert problem(text).startswith("Zeile 7, netzwerke.y: Feld „stadtweit“")


@pytest.mark.parametrize(("fields", "expected"), [
    ({"name": "5"}, 'Feld „name“: erwartet Text in Anführungszeichen, z. B. "Haspe", gefunden 5.'),
    ({"stadtweit": '"ja"'}, "Feld „stadtweit“: erwartet true oder false, gefunden \"ja\"."),
    ({"themen": '"a"'}, 'Feld „themen“: erwartet eine Liste von Texten, z. B. ["Haspe"], '
                        'gefunden "a".'),
    ({"name": None}, "Pflichtfeld „name“ fehlt."),
    ({"art": None}, "Pflichtfeld „art“ fehlt."),
    ({"name": '"  "'}, "Pflichtfeld „name“ ist leer."),
    ({"art": '"Arbeitskries"'}, "Feld „art“: Unbekannte Art „Arbeitskries“. Meinten Sie "
                                "„Arbeitskreis“? Gültig: Netzwerk, Arbeitsgemeinschaft, "
                                "Arbeitskreis, Gremium, Sozialraumteam, Konferenz."),
    ({"stand": '"April 2017"'}, "Feld „stand“: „April 2017“ ist kein Datum; erwartet JJJJ-MM "
                                "oder JJJJ-MM-TT."),
    ({"stand": '"2017-13"'}, "Feld „stand“: „2017-13“ ist kein gültiges Datum."),
    ({"kontakte": '["natalia-kelle"]'}, "Feld „kontakte“ verweist auf den unbekannten Kontakt "
                                        "„natalia-kelle“. Meinten Sie „natalia-keller“? "
                                        "Kontakte stehen unter [kontakte.ID]."),
])
def test_wrong_values_name_line_entry_field_and_what_is_valid(fields, expected):
    text = netzwerk_x(**fields) + '[kontakte.natalia-keller]\nname = "Natalia Keller"\n'
    assert problem(text) == f"Zeile 2, netzwerke.x: {expected}"


def test_bad_id_is_explained_with_an_example():
    text = netzwerk_x().replace("[netzwerke.x]", '[netzwerke."AK 90"]')
    assert problem(text) == ("Zeile 2, netzwerke.AK 90: Die ID „AK 90“ ist ungültig: nur "
                             "Kleinbuchstaben, Ziffern und Bindestriche (z. B. „ak-90“).")


@pytest.mark.parametrize(("area", "expected"), [
    ({"bezirke": '["Haspe"]'},
     "„stadtweit = true“ schließt „bezirke“, „stadtteile“ und „sozialraeume“ aus; "
     "bitte eins davon."),
    ({"stadtweit": None},
     "Kein Gebiet angegeben: „bezirke“, „stadtteile“, „sozialraeume“ oder "
     "„stadtweit = true“ fehlt."),
    ({"stadtweit": None, "bezirke": '["Emst"]'},
     "Feld „bezirke“: „Emst“ ist ein Stadtteil im Stadtbezirk Hagen-Mitte; bitte unter "
     "„stadtteile“ eintragen."),
    ({"stadtweit": None, "stadtteile": '["Hagen-Nord"]'},
     "Feld „stadtteile“: „Hagen-Nord“ ist ein Stadtbezirk; bitte unter „bezirke“ eintragen."),
    ({"stadtweit": None, "stadtteile": '["Wehringhausn"]'},
     "Feld „stadtteile“: Unbekannter Ort „Wehringhausn“. Meinten Sie „Wehringhausen“?"),
    # An ambiguous stored name ("Zentrum") loads as all its places: test_areas_qa14.py.
])
def test_area_problems_are_named_with_the_field_and_the_fix(area, expected):
    assert problem(netzwerk_x(**area)).startswith(f"Zeile 2, netzwerke.x: {expected}")


@pytest.mark.parametrize("art", ['"persn"', '""'])
def test_contact_kind_must_be_person_organisation_or_rolle(art):
    text = f'schema = 2\n[kontakte.anna]\nart = {art}\nname = "Anna"\n'
    assert problem(text).startswith("Zeile 2, kontakte.anna: Feld „art“: ")
    assert "gültig: person, organisation, rolle" in problem(text)


def test_offer_needs_a_name():
    assert problem('schema = 2\n[angebote.y]\nnotiz = "Y"\n') == (
        "Zeile 2, angebote.y: Pflichtfeld „name“ fehlt.")


def test_same_id_for_a_network_and_an_offer_is_refused():
    assert problem(netzwerk_x() + '[angebote.x]\nname = "Y"\n') == (
        "Die ID „x“ ist zugleich Netzwerk und Angebot; IDs müssen eindeutig sein.")


@pytest.mark.parametrize(("header", "expected"), [
    ("", "Die Angabe „schema = 2“ am Dateianfang fehlt."),
    ("schema = 3\n", "Die Datei hat das Format schema = 3; diese netz-Version kennt nur bis 2. "
                     "Bitte netz aktualisieren."),
    ('schema = "1"\n', "„schema“ muss eine ganze Zahl sein, z. B. schema = 2."),
    ("schema = 2\nnetzwerk = 1\n",
     "Unbekannter Schlüssel „netzwerk“ auf oberster Ebene. Meinten Sie „netzwerke“? Erlaubt: "
      "angebote, anmerkungen, kontakte, mitglieder, netzwerke, quelle, schema, sozialraeume, "
      "titel, treffen."),
])
def test_top_level_problems(header, expected):
    assert problem(header) == expected


def test_several_problems_are_reported_together_each_with_its_entry():
    text = (netzwerk_x(thema='"Familie"') + '\n[netzwerke.y]\nart = "Verein"\nstadtweit = true\n'
            '\n[angebote.z]\nname = "Z"\nkontakte = ["niemand"]\n')
    with pytest.raises(RegistryError) as error:
        registry_from_text(text, "test.toml")
    message = str(error.value)
    assert message.startswith("Das Register test.toml ist ungültig:\n  - ")
    assert [p.split(": ")[0] for p in error.value.problems] == [
        "Zeile 2, netzwerke.x", "Zeile 8, netzwerke.y", "Zeile 8, netzwerke.y",
        "Zeile 12, angebote.z"]
    assert all(f"  - {p}" in message for p in error.value.problems)
