"""Large registries are parsed once; the cache never hides a change and never breaks loading."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import platformdirs
import pytest

from netzwerk_cli.model import Netzwerk, Registry
from netzwerk_cli.registry import CACHE_MIN_BYTES, Location, load_registry, registry_to_toml

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def large_registry(tmp_path: Path) -> Path:
    """A registry file above the cache threshold."""
    registry = Registry()
    for number in range(1500):
        registry.netzwerke[f"netz-{number}"] = Netzwerk(
            name=f"Forum {number}", art="netzwerk", stadtteile=["Boele"],
            themen=["Familie", "Schule"], notiz="Trifft sich viermal im Jahr.", stand="2024-01")
    file = tmp_path / "gross.toml"
    file.write_text(registry_to_toml(registry), encoding="utf-8")
    assert file.stat().st_size > CACHE_MIN_BYTES
    return file


def test_large_registry_is_parsed_once_then_read_from_cache(large_registry, parse_calls):
    first = load_registry(Location(large_registry, "Test"))
    second = load_registry(Location(large_registry, "Test"))
    assert sum(parse_calls) == len(large_registry.read_text("utf-8"))  # read once
    assert second.netzwerke == first.netzwerke


def test_cache_sees_a_change_to_the_file(large_registry, parse_calls):
    load_registry(Location(large_registry, "Test"))
    text = large_registry.read_text(encoding="utf-8")
    large_registry.write_text(text.replace('"Forum 7"', '"Forum Sieben"'), encoding="utf-8")
    registry = load_registry(Location(large_registry, "Test"))
    assert registry.netzwerke["netz-7"].name == "Forum Sieben"
    assert sum(parse_calls) == len(text) + len(large_registry.read_text(encoding="utf-8"))


def test_broken_cache_falls_back_to_parsing(large_registry, parse_calls):
    load_registry(Location(large_registry, "Test"))
    for cache in platformdirs.user_cache_path("netz").iterdir():
        cache.write_bytes(b"kaputt")
    registry = load_registry(Location(large_registry, "Test"))
    assert len(registry.netzwerke) == 1500
    assert sum(parse_calls) == 2 * len(large_registry.read_text("utf-8"))


def test_small_registry_writes_no_cache(hagen_file):
    load_registry(Location(hagen_file, "Test"))
    assert not platformdirs.user_cache_path("netz").exists()


def test_a_write_by_netz_leaves_the_new_content_cached(large_registry, parse_calls):
    from netzwerk_cli import changes
    from netzwerk_cli.storage import apply_change

    apply_change(large_registry, lambda r: changes.verify_entry(r, "netz-7", TODAY))
    parsed = len(parse_calls)
    registry = load_registry(Location(large_registry, "Test"))
    assert len(parse_calls) == parsed  # read from the cache written by the save
    assert registry.netzwerke["netz-7"].stand == "2026-11-25"


def test_registry_from_cache_equals_a_fresh_load_with_own_fields(tmp_path, parse_calls):
    from netzwerk_cli.model import Kontakt
    from netzwerk_cli.registry import registry_from_text

    registry = Registry(titel="Groß", quelle="Test")
    registry.kontakte["anna"] = Kontakt(art="person", name="Anna", oeffentlich=True,
                                        extra={"x_raum": "Bürgerhaus"})
    for number in range(1500):
        registry.netzwerke[f"netz-{number}"] = Netzwerk(
            name=f"Forum {number}", art="arbeitskreis", stadtteile=["Boele"], kontakte=["anna"],
            notiz="Trifft sich viermal im Jahr.", extra={"x_nummer": str(number)})
    file = tmp_path / "gross.toml"
    file.write_text(registry_to_toml(registry), encoding="utf-8")
    fresh = registry_from_text(file.read_text("utf-8"), "t")  # no cache involved
    load_registry(Location(file, "Test"))  # parses and fills the cache
    parsed = len(parse_calls)
    from_cache = load_registry(Location(file, "Test"))
    assert len(parse_calls) == parsed
    assert from_cache == fresh
    assert registry_to_toml(from_cache) == file.read_text("utf-8")


# --- After a hand edit or a git pull: the cache never hides a change --------------------------

# Hand edits of a large registry (the entries of tests.test_index.scaled): kept valid, or
# broken in a way only the edited entry, or only a reference across entries, shows.
HAND_EDITS = {
    "name": ('name = "Netzwerk 7"', 'name = "Netzwerk Sieben"'),
    "false written as 0": ("oeffentlich = false", "oeffentlich = 0"),
    "art unknown": ('art = "netzwerk"', 'art = "verein"'),
    "contact removed": ("[kontakte.frei-10]\n", "[kontakte.frei-10-alt]\n"),
    "contact still used, removed": ("[kontakte.org-3]\n", "[kontakte.org-3-alt]\n"),
    "member of nobody": ("[mitglieder.netz-0.org-0]\n", "[mitglieder.netz-0.niemand]\n"),
    "meeting moved": ('datum = "2026-02-10"', 'datum = "2026-02-11"'),
    "meeting of no network": ('netzwerk = "netz-0"', 'netzwerk = "netz-unbekannt"'),
    "title": ("[netzwerke.", 'titel = "Neu"\n\n[netzwerke.'),
    "comment only": ("[netzwerke.netz-5]\n", "# von Hand\n[netzwerke.netz-5]\n"),
    "new network": ("[kontakte.", '[netzwerke.zz-neu]\nname = "Neu"\nart = "netzwerk"\n'
                                  'stadtweit = true\nkontakte = ["org-1"]\n\n[kontakte.'),
    "new network, unknown contact": (
        "[kontakte.", '[netzwerke.zz-neu]\nname = "Neu"\nart = "netzwerk"\nstadtweit = true\n'
                      'kontakte = ["niemand"]\n\n[kontakte.'),
}


@pytest.fixture(scope="module")
def scaled_text() -> str:
    from tests.test_index import scaled

    text = registry_to_toml(scaled(300))
    assert len(text) > CACHE_MIN_BYTES
    return text


def full_load(text: str, path: Path) -> Registry | list[str]:
    """What loading the text without any cache gives: the registry, or the problems."""
    from netzwerk_cli.errors import RegistryError
    from netzwerk_cli.registry import registry_from_text

    try:
        return registry_from_text(text, str(path))
    except RegistryError as err:
        return err.problems


@pytest.mark.parametrize("by_parts", [False, True], ids=["read whole", "read by parts"])
@pytest.mark.parametrize("edit", HAND_EDITS)
def test_a_hand_edit_loads_as_a_full_load_would(edit, by_parts, scaled_text, tmp_path,
                                                 monkeypatch):
    from netzwerk_cli.errors import RegistryError

    if by_parts:  # as a registry of 100,000 networks is read
        monkeypatch.setattr("netzwerk_cli.registry.READ_BY_PARTS_BYTES", 0)

    old, new = HAND_EDITS[edit]
    path = tmp_path / "gross.toml"
    path.write_text(scaled_text, encoding="utf-8")
    load_registry(Location(path, "Test"))  # the cache of the content before the edit
    edited = scaled_text.replace(old, new, 1)
    assert edited != scaled_text
    path.write_text(edited, encoding="utf-8")
    try:
        loaded: Registry | list[str] = load_registry(Location(path, "Test"))
    except RegistryError as err:
        loaded = err.problems
    full = full_load(edited, path)
    assert loaded == full
    if isinstance(loaded, Registry) and isinstance(full, Registry):
        assert in_order(loaded) == in_order(full)  # every table in the file's order
        assert load_registry(Location(path, "Test")) == loaded  # and the next, warm load


def in_order(registry: Registry) -> list[list[str]]:
    tables = [registry.netzwerke, registry.kontakte, registry.angebote, registry.treffen,
              registry.sozialraeume, registry.mitglieder, *registry.mitglieder.values()]
    return [list(table) for table in tables]
