"""Large registries are parsed once; the cache never hides a change and never breaks loading."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import platformdirs
import pytest

from netzwerk_cli import registry
from netzwerk_cli.model import Netzwerk, Registry
from netzwerk_cli.registry import CACHE_MIN_BYTES, Location, load_registry, registry_to_toml

HEUTE = dt.date(2026, 11, 25)



@pytest.fixture
def grosses_register(tmp_path: Path) -> Path:
    """A registry file above the cache threshold."""
    register = Registry()
    for nummer in range(1500):
        register.netzwerke[f"netz-{nummer}"] = Netzwerk(
            name=f"Forum {nummer}", art="netzwerk", stadtteile=["Boele"],
            themen=["Familie", "Schule"], notiz="Trifft sich viermal im Jahr.", stand="2024-01")
    datei = tmp_path / "gross.toml"
    datei.write_text(registry_to_toml(register), encoding="utf-8")
    assert datei.stat().st_size > CACHE_MIN_BYTES
    return datei


@pytest.fixture
def parse_zaehler(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count how often the TOML parser really runs on a large registry."""
    aufrufe: list[int] = []
    original = tomllib.loads

    def zaehlend(text: str):
        if len(text) >= CACHE_MIN_BYTES:  # not the gazetteer, which is parsed once per process
            aufrufe.append(len(text))
        return original(text)

    monkeypatch.setattr(registry.tomllib, "loads", zaehlend)
    return aufrufe


def test_large_registry_is_parsed_once_then_read_from_cache(grosses_register, parse_zaehler):
    erstes = load_registry(Location(grosses_register, "Test"))
    zweites = load_registry(Location(grosses_register, "Test"))
    assert len(parse_zaehler) == 1
    assert zweites.netzwerke == erstes.netzwerke


def test_cache_sees_a_change_to_the_file(grosses_register, parse_zaehler):
    load_registry(Location(grosses_register, "Test"))
    text = grosses_register.read_text(encoding="utf-8")
    grosses_register.write_text(text.replace('"Forum 7"', '"Forum Sieben"'), encoding="utf-8")
    register = load_registry(Location(grosses_register, "Test"))
    assert register.netzwerke["netz-7"].name == "Forum Sieben"
    assert len(parse_zaehler) == 2


def test_broken_cache_falls_back_to_parsing(grosses_register, parse_zaehler):
    load_registry(Location(grosses_register, "Test"))
    for cache in platformdirs.user_cache_path("netz").iterdir():
        cache.write_bytes(b"kaputt")
    register = load_registry(Location(grosses_register, "Test"))
    assert len(register.netzwerke) == 1500
    assert len(parse_zaehler) == 2


def test_small_registry_writes_no_cache(hagen_datei):
    load_registry(Location(hagen_datei, "Test"))
    assert not platformdirs.user_cache_path("netz").exists()


def test_a_write_by_netz_leaves_the_new_content_cached(grosses_register, parse_zaehler):
    from netzwerk_cli import changes
    from netzwerk_cli.storage import apply_change

    apply_change(grosses_register, lambda r: changes.verify_entry(r, "netz-7", HEUTE))
    geparst = len(parse_zaehler)
    register = load_registry(Location(grosses_register, "Test"))
    assert len(parse_zaehler) == geparst  # read from the cache written by the save
    assert register.netzwerke["netz-7"].stand != "2024-01"


def test_registry_from_cache_equals_a_fresh_load_with_own_fields(tmp_path, parse_zaehler):
    from netzwerk_cli.model import Kontakt
    from netzwerk_cli.registry import registry_from_text

    register = Registry(titel="Groß", quelle="Test")
    register.kontakte["anna"] = Kontakt(art="person", name="Anna", oeffentlich=True,
                                        extra={"x_raum": "Bürgerhaus"})
    for nummer in range(1500):
        register.netzwerke[f"netz-{nummer}"] = Netzwerk(
            name=f"Forum {nummer}", art="arbeitskreis", stadtteile=["Boele"], kontakte=["anna"],
            notiz="Trifft sich viermal im Jahr.", extra={"x_nummer": str(nummer)})
    datei = tmp_path / "gross.toml"
    datei.write_text(registry_to_toml(register), encoding="utf-8")
    frisch = registry_from_text(datei.read_text("utf-8"), "t")  # no cache involved
    load_registry(Location(datei, "Test"))  # parses and fills the cache
    geparst = len(parse_zaehler)
    aus_cache = load_registry(Location(datei, "Test"))
    assert len(parse_zaehler) == geparst
    assert aus_cache == frisch
    assert registry_to_toml(aus_cache) == datei.read_text("utf-8")
