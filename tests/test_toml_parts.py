"""Reading a large registry a part at a time (``toml_read.loads_by_entry``) gives exactly what
reading it whole gives – or declines, and the whole file is read (issue 15: memory at scale)."""

from __future__ import annotations

import tomllib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netzwerk_cli.errors import RegistryError
from netzwerk_cli.registry import (
    CACHE_MIN_BYTES,
    embedded_registry,
    registry_from_bytes,
    registry_from_text,
    registry_to_toml,
)
from netzwerk_cli.splice import strictly_equal
from netzwerk_cli.toml_read import loads_by_entry
from tests.test_index import scaled


def read_whole(data: bytes) -> dict | None:
    try:
        return tomllib.loads(data.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None


def same_tables(parts: dict, whole: dict) -> bool:
    """Equal values, types and key order, at every level."""
    return strictly_equal(parts, whole, ordered=True)


@pytest.mark.parametrize("part_bytes", [1, 300, 1 << 20])
def test_a_canonical_registry_is_read_by_parts_exactly_as_whole(part_bytes):
    data = registry_to_toml(scaled(120)).encode("utf-8")
    parts = loads_by_entry(data, tomllib.loads, part_bytes)
    assert parts is not None
    assert same_tables(parts, tomllib.loads(data.decode("utf-8")))


def test_the_shipped_registry_is_read_by_parts_exactly_as_whole():
    data = embedded_registry().read_bytes()
    parts = loads_by_entry(data, tomllib.loads, 1)
    assert parts is not None
    assert same_tables(parts, tomllib.loads(data.decode("utf-8")))


# Lines a hand edit may leave: tables netz does not write, indented or quoted headers, a header
# inside a multi-line string or array, entries twice, dotted keys reaching into other tables.
LINES = [
    "[netzwerke.a]", "[netzwerke.b]", "[netzwerke.a.herkunft]", "[kontakte.k]",
    "[mitglieder.a.k]", "[mitglieder.b.k]", "[anmerkungen]", "[netzwerke]", "  [netzwerke]",
    '["netzwerke"]', "  [netzwerke.a]", '["netzwerke".b]', "[[netzwerke.e]]", "[mitglieder.a]",
    'name = "x"', "notiz = \"\"\"", "\"\"\"", "zitat = [", "  [1],", "]", "x_a.b = 1",
    'netzwerke.z.name = "q"', "# [netzwerke.f]", "",
]


@settings(max_examples=1500, deadline=None)
@given(lines=st.lists(st.sampled_from(LINES), max_size=10),
       part_bytes=st.sampled_from([1, 20, 1 << 20]), crlf=st.booleans())
def test_reading_by_parts_never_differs_from_reading_whole(lines, part_bytes, crlf):
    text = ("\r\n" if crlf else "\n").join(lines) + "\n"
    data = text.encode("utf-8")
    whole = read_whole(data)
    parts = loads_by_entry(data, tomllib.loads, part_bytes)
    if whole is None:
        assert parts is None  # a file TOML rejects is never taken by parts
    elif parts is not None:
        assert same_tables(parts, whole)


@pytest.fixture
def by_parts(monkeypatch):
    """Files of this test's size are read by parts, as files of 100,000 networks are."""
    monkeypatch.setattr("netzwerk_cli.registry.READ_BY_PARTS_BYTES", 0)


def large_text() -> str:
    text = registry_to_toml(scaled(300))
    assert len(text) >= CACHE_MIN_BYTES
    return text


def test_a_faulty_entry_in_a_large_registry_is_named_with_its_line(tmp_path, by_parts):
    text = large_text().replace('art = "netzwerk"', 'art = "verein"', 1)
    path = tmp_path / "gross.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RegistryError) as by_parts:
        registry_from_bytes(path.read_bytes(), path, cache_for=path)
    with pytest.raises(RegistryError) as whole:
        registry_from_text(text, str(path))
    assert by_parts.value.problems == whole.value.problems
    assert by_parts.value.problems[0].startswith("Zeile ")


def test_a_large_registry_that_is_no_utf8_is_named_with_its_line(tmp_path, by_parts):
    path = tmp_path / "gross.toml"
    path.write_bytes(large_text().encode("utf-8").replace(b"Netzwerk 7", b"Netzwerk \xff", 1))
    with pytest.raises(RegistryError) as err:
        registry_from_bytes(path.read_bytes(), path, cache_for=path)
    assert "nicht in UTF-8" in err.value.problems[0]
    assert err.value.problems[0].startswith("Zeile ")


def test_a_large_registry_with_a_byte_order_mark_loads_by_parts(tmp_path, by_parts):
    text = large_text()
    path = tmp_path / "gross.toml"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    loaded = registry_from_bytes(path.read_bytes(), path, cache_for=path)
    assert loaded == registry_from_text(text, str(path))


@pytest.mark.parametrize("parts", [False, True], ids=["read whole", "read by parts"])
def test_equal_values_of_a_large_registry_are_held_once_loaded_cold_or_from_the_cache(
        tmp_path, parts, monkeypatch):
    """Memory and the warm load at 100,000 networks: their 1.6 million values are 130,000
    different texts."""
    if parts:
        monkeypatch.setattr("netzwerk_cli.registry.READ_BY_PARTS_BYTES", 0)
    path = tmp_path / "gross.toml"
    path.write_text(large_text(), encoding="utf-8")
    for _ in ("cold", "from the cache"):
        loaded = registry_from_bytes(path.read_bytes(), path, cache_for=path)
        first, second = loaded.netzwerke["netz-1"], loaded.netzwerke["netz-2"]
        assert first.stadtteile == second.stadtteile
        assert first.stadtteile[0] is second.stadtteile[0]
        assert first.art is second.art
