"""The changes themselves and the checks on every written value."""

from __future__ import annotations

import datetime as dt

import pytest

from netzwerk_cli import changes, contacts
from netzwerk_cli.errors import InputError
from netzwerk_cli.model import Kontakt, Netzwerk
from netzwerk_cli.registry import embedded_registry, registry_from_text
from netzwerk_cli.validate import (
    check_email,
    check_plz,
    check_webseite,
    normalize_telefon,
)

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def hagen():
    return registry_from_text(embedded_registry().read_text("utf-8"), "networks.toml")


@pytest.mark.parametrize(("name", "expected"), [
    ("Runder Tisch Wehringhausen", "runder-tisch-wehringhausen"),
    ("Straßenfest Haßley", "strassenfest-hassley"),
    ("Jugendhilfe & Schule – Öffnung", "jugendhilfe-schule-oeffnung"),
])
def test_ids_are_derived_german_aware(name, expected):
    assert changes.new_id(name, set()) == expected


def test_id_clash_is_an_error_not_an_overwrite(hagen):
    netzwerk = Netzwerk(name="AK 90", art="netzwerk", stadtweit=True)
    with pytest.raises(InputError, match="schon vergeben"):
        changes.add_netzwerk(hagen, "ak-90", netzwerk, TODAY)
    assert hagen.netzwerke["ak-90"].name.startswith("AK 90 (")


def test_new_network_gets_todays_stand_and_topic_hints(hagen):
    netzwerk = Netzwerk(name="Forum", art="netzwerk", stadtteile=["Boele"],
                        themen=["Jugendhilfe & Schule"])
    hints = changes.add_netzwerk(hagen, "forum", netzwerk, TODAY)
    assert hagen.netzwerke["forum"].stand == "2026-11-25"
    assert hints == ["Neues Thema „Jugendhilfe & Schule“ – meinten Sie "
                     "„Jugendhilfe und Schule“?"]


@pytest.mark.parametrize(("netzwerk", "message"), [
    (Netzwerk(name="F", art="netzwerk"), "Kein Gebiet angegeben"),
    (Netzwerk(name="F", art="netzwerk", stadtteile=["Atlantis"]), "Unbekannter Ort „Atlantis“"),
    (Netzwerk(name="F", art="Verein", stadtweit=True), "Unbekannte Art „Verein“"),
    (Netzwerk(name="F", art="netzwerk", stadtweit=True, kontakte=["keller"]),
     "unbekannten Kontakt „keller“"),
    (Netzwerk(name="F", art="netzwerk", stadtweit=True, webseite="nix"),
     "keine gültige Webadresse"),
])
def test_invalid_new_network_is_rejected_and_registry_unchanged(hagen, netzwerk, message):
    with pytest.raises(InputError, match=message):
        changes.add_netzwerk(hagen, "f", netzwerk, TODAY)
    assert "f" not in hagen.netzwerke


def test_edit_sets_adds_and_removes(hagen):
    changes.edit_netzwerk(hagen, "ag-5", {"turnus": 4},
                          add={"themen": ["Kinderschutz"]}, remove={"themen": ["OGS"]})
    ag5 = hagen.netzwerke["ag-5"]
    assert (ag5.turnus, ag5.themen) == (
        4, ["Jugendhilfe und Schule", "Schulsozialarbeit", "Kinderschutz"])


def test_edit_new_area_replaces_city_wide(hagen):
    changes.edit_netzwerk(hagen, "ag-1", {"bezirke": ["Haspe"], "stadtteile": []})
    assert (hagen.netzwerke["ag-1"].stadtweit, hagen.netzwerke["ag-1"].bezirke) == (
        False, ["Haspe"])


def test_failed_edit_changes_nothing(hagen):
    with pytest.raises(InputError, match="enthält „Sport“ nicht"):
        changes.edit_netzwerk(hagen, "ak-90", {"name": "Neu"}, remove={"themen": ["Sport"]})
    assert hagen.netzwerke["ak-90"].name.startswith("AK 90")


def test_verify_stamps_today(hagen):
    assert changes.verify_entry(hagen, "rat-am-ring", TODAY) == "2026-11-25"
    assert hagen.angebote["rat-am-ring"].stand == "2026-11-25"


def test_removing_a_used_contact_is_refused_with_the_networks(hagen):
    with pytest.raises(InputError, match="netzwerk-mitte, runder-tisch-wehringhausen"):
        contacts.remove_kontakt(hagen, "natalia-keller")
    assert "natalia-keller" in hagen.kontakte


def test_removing_a_used_contact_with_force_detaches_it(hagen):
    detached = contacts.remove_kontakt(hagen, "natalia-keller", detach=True)
    assert detached == ["netzwerk-mitte", "runder-tisch-wehringhausen", "stadtteilforum-altenhagen"]
    assert "natalia-keller" not in hagen.kontakte
    assert hagen.netzwerke["netzwerk-mitte"].kontakte == []


def test_new_contact_is_normalised(hagen):
    kontakt = Kontakt(art="organisation", organisation="Treff", telefon="0 23 31 / 4 42 34",
                      plz="58135", ort="Hagen")
    contacts.add_kontakt(hagen, "treff", kontakt)
    assert hagen.kontakte["treff"].telefon == "02331 44234"
    assert hagen.kontakte["treff"].oeffentlich is False


def test_contact_edit_checks_the_result(hagen):
    with pytest.raises(InputError, match="keine gültige E-Mail-Adresse"):
        contacts.edit_kontakt(hagen, "corbacher-20", {"email": "corbacher20(at)gmx.de"})
    assert hagen.kontakte["corbacher-20"].email == "corbacher20@gmx.de"


# --- value checks ---------------------------------------------------------------------------


@pytest.mark.parametrize(("entered", "stored"), [
    ("0 23 31 / 4 42 34", "02331 44234"),
    ("02331 207-3608", "02331 207-3608"),
    ("+49 2331 207-3608", "02331 207-3608"),
    ("0171 1234567", "0171 1234567"),
    ("+31 20 1234567", "+31 20 123 4567"),
])
def test_phone_numbers_are_stored_in_one_din_5008_form(entered, stored):
    assert normalize_telefon(entered) == stored


@pytest.mark.parametrize(("entered", "message"), [
    ("207-3608", "hat keine Vorwahl"), ("abc", "ist keine Telefonnummer"),
    ("0123", "keine gültige Telefonnummer"),
])
def test_bad_phone_numbers_are_refused(entered, message):
    with pytest.raises(InputError, match=message):
        normalize_telefon(entered)


def test_area_code_is_added_only_when_asked():
    assert normalize_telefon("207-3608", vorwahl="02331") == "02331 207-3608"


@pytest.mark.parametrize("email", ["a@b", "x y@z.de", "name@", "@stadt-hagen.de"])
def test_bad_email_addresses_are_refused(email):
    with pytest.raises(InputError, match=f"„{email}“ ist keine gültige E-Mail-Adresse"):
        check_email(email)


@pytest.mark.parametrize("url", ["hagen-eppenhausen.de", "https://www.hagen.de/x?y=1",
                                 "http://bürgerhaus-hagen.de"])
def test_web_addresses_with_or_without_scheme_are_accepted(url):
    assert check_webseite(url) == url


@pytest.mark.parametrize("url", ["nix", "http://a b.de", "www.x.de."])
def test_bad_web_addresses_are_refused(url):
    with pytest.raises(InputError, match="keine gültige Webadresse"):
        check_webseite(url)


@pytest.mark.parametrize(("plz", "ort", "message"), [
    ("5813", "Hagen", "fünf Ziffern"), ("44135", "Hagen", "keine Hagener Postleitzahl"),
])
def test_bad_postcodes_are_refused(plz, ort, message):
    with pytest.raises(InputError, match=message):
        check_plz(plz, ort)


def test_postcodes_outside_hagen_are_fine():
    assert check_plz("44135", "Dortmund") == "44135"
