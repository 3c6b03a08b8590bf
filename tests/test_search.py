"""The free-text search beyond literal words: the field's vocabulary, umlauts typed as plain
vowels, typos at the start of compounds, addresses – and the false hits it must not produce."""

from __future__ import annotations

import importlib.resources
import re
import subprocess
import sys
from pathlib import Path

import pytest

from netzwerk_cli import query
from netzwerk_cli.errors import NetzError
from netzwerk_cli.query import search
from netzwerk_cli.registry import embedded_registry, registry_from_text

FIXTURES = Path(__file__).parent / "fixtures"
NETZ = Path(sys.executable).with_name("netz")
SOZIALRAUMTEAMS = ["sozialraumteam-altenhagen", "sozialraumteam-eilpe", "sozialraumteam-haspe",
                   "sozialraumteam-vorhalle", "sozialraumteam-wehringhausen"]
AGS_78 = ["ag-1", "ag-2", "ag-3", "ag-4", "ag-5"]


@pytest.fixture(scope="module")
def hagen():
    return registry_from_text(embedded_registry().read_text("utf-8"), "networks.toml")


@pytest.fixture(scope="module")
def vokabular_fixture():
    name = "suche_vokabular.toml"
    return registry_from_text((FIXTURES / name).read_text("utf-8"), name)


def hits(registry, text: str) -> list[str]:
    return [hit.id for hit in search(registry, text)]


# --- the vocabulary --------------------------------------------------------------------------


def test_kita_finds_the_ag_for_kindertagesbetreuung(hagen):
    assert hits(hagen, "Kita") == ["ag-3"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Kitas", ["ag-3"]),
    ("KiTa", ["ag-3"]),
    ("ASD", SOZIALRAUMTEAMS),
    ("SRT", SOZIALRAUMTEAMS),
    ("OKJA", ["moderatorengruppe", *SOZIALRAUMTEAMS]),
    ("HzE", ["ag-4"]),
    ("SSA", ["ag-5"]),
    ("JSA", ["ag-2"]),
    ("AG78", AGS_78),
    ("KJHG", AGS_78),
    ("SGB8", AGS_78),
])
def test_abbreviations_of_the_field_find_what_they_stand_for(hagen, text, expected):
    assert sorted(hits(hagen, text)) == sorted(expected)


def test_jugendamt_finds_the_networks_of_the_fachbereich_jugend_und_soziales(hagen):
    found = hits(hagen, "Jugendamt")
    assert "sozialraumteam-haspe" in found and "netzwerk-mitte" in found
    assert "ak-90" not in found and "eilper-forum" not in found
    assert all(any("Fachbereich Jugend" in k.organisation for _, k in
                   hagen.kontakte_of(hagen.entry(i))) for i in found)


def test_inflected_long_forms_are_found(vokabular_fixture):
    # "Allgemeiner Sozialdienst" in the vocabulary, "dem Allgemeinen Sozialdienst" in the text.
    assert hits(vokabular_fixture, "ASD") == ["sozialraumteam-boele"]


def test_a_direct_hit_ranks_above_a_hit_through_the_vocabulary(vokabular_fixture):
    assert hits(vokabular_fixture, "Kita") == ["ag-kitas-boele", "ag-3"]
    direct, expanded = search(vokabular_fixture, "Kita")
    assert expanded.score < direct.score


def test_a_one_word_long_form_also_finds_its_abbreviation(vokabular_fixture):
    assert hits(vokabular_fixture, "Jugendzentrum") == ["juz-runde"]


def test_a_short_abbreviation_is_found_only_as_a_word(hagen):
    # "Arbeitskreis" also looks for "AK", but not for the "ak" in "Stadtweit aktiv".
    assert hits(hagen, "Arbeitskreis") == ["ak-90", "moderatorengruppe"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Kindertagesstätte", ["ag-3"]),  # through Kita: "Kindertagesbetreuung"
    ("Erziehungshilfe", ["ag-4"]),  # through HzE: "Erzieherische Hilfen"
])
def test_a_one_word_long_form_finds_the_other_long_forms_of_its_term(hagen, text, expected):
    assert hits(hagen, text) == expected


def test_words_outside_the_vocabulary_search_as_before(hagen):
    assert hits(hagen, "Kindertagesbetreuung") == ["ag-3"]


# --- umlauts typed as plain vowels ----------------------------------------------------------


@pytest.mark.parametrize("text", ["Burger", "Buerger", "Bürger", "BÜRGERFORUM", "burgerforum"])
def test_umlauts_match_as_plain_vowel_and_spelled_out(vokabular_fixture, text):
    assert hits(vokabular_fixture, text) == ["buergerforum"]


@pytest.mark.parametrize("text", ["Kuckelhausen", "Kueckelhausen", "Kückelhausen"])
def test_place_names_with_umlauts_match_without_them(vokabular_fixture, text):
    assert hits(vokabular_fixture, text) == ["buergerforum"]


def test_bare_word_chain_writes_umlauts_as_their_vowel_and_folds_the_rest():
    from netzwerk_cli.text import bare_word_chain, word_chain

    assert bare_word_chain("Bürgerforum KÜCKELHAUSEN, Straße – Café") == (
        " burgerforum kuckelhausen strasse cafe ")
    assert word_chain("Bürgerforum") == " buergerforum "  # the usual folding is unchanged


def test_plain_vowels_find_umlauts_in_topics(vokabular_fixture):
    assert hits(vokabular_fixture, "Sprachforderung") == ["sprachrunde-emst"]


# --- typos ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["jugnd", "jugedn", "juggend"])
def test_a_typo_in_the_first_part_of_a_compound_is_forgiven(hagen, text):
    found = hits(hagen, text)
    assert "ag-1" in found  # AG 1: Jugendarbeit
    assert "ag-2" in found  # Jugendsozialarbeit/Jugendberufshilfe


def test_a_typo_at_the_start_of_a_compound_ranks_below_a_whole_word_typo(hagen):
    scores = {hit.id: hit.score for hit in search(hagen, "jugnd")}
    # "Jugend" as a whole word (the AK 90 "für Kinder und Jugend") beats "Jugendarbeit".
    assert scores["ak-90"] > scores["ag-1"]


def test_a_typo_of_a_three_letter_abbreviation_is_forgiven_if_it_is_a_swap(vokabular_fixture):
    assert hits(vokabular_fixture, "jzu") == ["juz-runde"]


@pytest.mark.parametrize(("text", "not_expected"), [
    ("sprt", "sprachrunde-emst"),  # four letters: whole words only, no compound starts
    ("sprachx", "sprachrunde-emst"),  # the typo must not be the last letter dropped
    ("sprt", "sozialraumteam-boele"),  # four letters are no typo of the three of SRT
])
def test_typos_do_not_reach_unrelated_words(vokabular_fixture, text, not_expected):
    assert not_expected not in hits(vokabular_fixture, text)


def test_four_letter_typos_still_match_whole_words(vokabular_fixture):
    assert hits(vokabular_fixture, "Sprot") == ["sportforum-vorhalle"]


@pytest.mark.parametrize("text", ["haspe", "hapse", "Hasep"])
def test_haspe_and_its_typos_find_exactly_the_haspe_entries(hagen, text):
    assert hits(hagen, text) == ["ak-90", "sozialraumteam-haspe", "stadtbezirkskonferenz-haspe"]


# --- addresses -----------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["Corbacher Straße", "corbacher strasse", "Corbacher Str",
                                  "58135", "Corbacher Straße 20"])
def test_addresses_of_contacts_are_searched(hagen, text):
    assert hits(hagen, text) == ["ak-90"]


def test_street_of_a_contact_is_searched(vokabular_fixture):
    assert hits(vokabular_fixture, "Voerder") == ["buergerforum"]


def test_an_address_hit_counts_like_a_contact_hit(vokabular_fixture):
    # Weight 1 of a contact: below a hit in the name (3) of the same network.
    (by_street,) = search(vokabular_fixture, "Voerder")
    (by_name,) = search(vokabular_fixture, "Kückelhausen")
    assert by_street.score == pytest.approx(1.0)
    assert by_name.score == pytest.approx(3.0)


# --- the vocabulary file -------------------------------------------------------------------


def test_the_vocabulary_file_is_part_of_the_package():
    packaged = importlib.resources.files("netzwerk_cli").joinpath("vokabular.toml")
    assert packaged.is_file()
    assert Path(str(packaged)).resolve() == query.VOCABULARY_FILE.resolve()


def test_every_vocabulary_entry_has_a_german_comment_above_it():
    lines = query.VOCABULARY_FILE.read_text("utf-8").splitlines()
    entry = re.compile(r'^("?[\w§]+"?)\s*=\s*\[')
    entries = [i for i, line in enumerate(lines) if entry.match(line)]
    assert len(entries) >= 15
    for i in entries:
        assert lines[i - 1].startswith("#"), f"Zeile {i + 1}: {lines[i]} ohne Erklärung"


# Every term the README and `netz search --help` name.
@pytest.mark.parametrize("term", [
    "kita", "ogs", "ssa", "asd", "srt", "okja", "juz", "streetwork", "jugendamt", "jha", "hze",
    "jsa", "bfd", "bfdler", "bufdi", "fsj", "kjhg", "sgb8", "ag78", "ag", "ak"])
def test_the_vocabulary_knows_the_terms_of_the_field(term):
    assert query.vocabulary().expansions[term]


@pytest.mark.parametrize(("text", "message"), [
    ("[begriffe]\nKita = [", "vokabular.toml, Zeile 2"),
    ("[begriffe]\nKita = Kindertagesstätte\nOGS = []\n", "vokabular.toml, Zeile 2, Spalte 8"),
    ("[begriffe]\nKita = \"Kindertagesstätte\"\n", "„Kita“ braucht eine Liste"),
    ("[begriffe]\n\"Offene Ganztagsschule\" = [\"OGS\"]\n", "ein Wort"),
    ("[begriffe]\nKita = []\n", "„Kita“ braucht eine Liste"),
    ("[begriffe]\nKita = [\"Kindertagesstätte\"]\nKITA = [\"Krippe\"]\n", "zweimal"),
    ("[woerter]\nKita = [\"Kindertagesstätte\"]\n", "[begriffe]"),
])
def test_a_broken_vocabulary_gets_a_german_message(text, message):
    with pytest.raises(NetzError) as error:
        query.vocabulary_from_text(text, "vokabular.toml")
    assert message in str(error.value)


# --- through the command line --------------------------------------------------------------


def test_cli_search_kita(netz, hagen_file, monkeypatch):
    monkeypatch.setenv("NETZ_REGISTRY", str(hagen_file))
    result = netz("search", "Kita")
    assert result.exit_code == 0
    assert result.stdout.startswith("ag-3\tAG 3: Kindertagesbetreuung\t")


def test_cli_search_address(netz, hagen_file, monkeypatch):
    monkeypatch.setenv("NETZ_REGISTRY", str(hagen_file))
    result = netz("search", "Corbacher", "Straße")
    assert result.exit_code == 0
    assert [line.split("\t")[0] for line in result.stdout.splitlines()] == ["ak-90"]


def test_search_help_says_what_the_search_understands(netz):
    result = netz("search", "--help")
    text = " ".join(result.stdout.split())
    for said in ("Abkürzungen", "Kita", "vokabular.toml", "ü = u", "Tippfehler", "Anschriften"):
        assert said in text, said


def test_installed_netz_finds_kita_jugnd_and_burger(hagen_file, tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "d"),
           "XDG_CONFIG_HOME": str(tmp_path / "c"), "XDG_CACHE_HOME": str(tmp_path / "k"),
           "NETZ_HEUTE": "2026-11-25", "NETZ_REGISTRY": str(hagen_file)}
    for text, expected in (("Kita", "ag-3"), ("jugnd", "ag-1"), ("Corbacher Straße", "ak-90")):
        result = subprocess.run([str(NETZ), "search", *text.split()], capture_output=True,
                                text=True, env=env, timeout=60, check=False)
        assert result.returncode == 0, result.stderr
        assert expected in [line.split("\t")[0] for line in result.stdout.splitlines()]
