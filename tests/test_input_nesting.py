"""Deeply nested values in a hand-edited file: a German message naming entry and field, for every
command, instead of a RecursionError in the TOML reader or writer."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from netzwerk_cli.check import ERROR, check_registry
from netzwerk_cli.errors import RegistryError
from netzwerk_cli.model import MAX_NESTING
from netzwerk_cli.registry import registry_from_text, registry_to_toml

NETZ = Path(sys.executable).with_name("netz")


@pytest.fixture
def clean(fixture_file) -> str:
    return fixture_file("check-sauber.toml").read_text("utf-8")


def with_own_field(clean: str, value: str) -> str:
    """The clean registry with ``x_tief = value`` in the network forum-boele."""
    return clean.replace('stand = "2026-06"', f'stand = "2026-06"\nx_tief = {value}')


def nested(levels: int) -> str:
    return "[" * levels + "1" + "]" * levels


def test_twenty_levels_load_and_write_back(clean):
    text = with_own_field(clean, nested(MAX_NESTING))
    assert MAX_NESTING == 20
    registry = registry_from_text(text, "t.toml")
    assert registry_from_text(registry_to_toml(registry), "t.toml") == registry


@pytest.mark.parametrize("levels", [MAX_NESTING + 1, 250, 500, 5000])
def test_deeper_nesting_is_a_registry_error_naming_entry_and_field(clean, levels):
    with pytest.raises(RegistryError) as error:
        registry_from_text(with_own_field(clean, nested(levels)), "t.toml")
    (problem,) = error.value.problems
    assert "netzwerke.forum-boele" in problem
    assert "„x_tief“" in problem
    assert f"zu tief verschachtelt (mehr als {MAX_NESTING} Ebenen" in problem


@pytest.mark.parametrize("value", [
    "{ a = " * 600 + "1" + " }" * 600,  # inline tables
    '[{ a = [{ b = ' * 150 + '"x"' + ' }]}]' * 150,  # lists and tables mixed
])
def test_nested_inline_tables_are_refused_too(clean, value):
    with pytest.raises(RegistryError, match="„x_tief“ ist zu tief verschachtelt"):
        registry_from_text(with_own_field(clean, value), "t.toml")


def test_nesting_by_dotted_keys_is_refused(clean):
    keys = ".".join(["a"] * 3000)
    with pytest.raises(RegistryError, match="„x_tief“ ist zu tief verschachtelt"):
        registry_from_text(with_own_field(clean, "1").replace("x_tief = 1",
                                                              f"x_tief.{keys} = 1"), "t.toml")


def test_a_deep_value_in_a_known_field_is_named_without_recursing(clean):
    keys = ".".join(["a"] * 3000)
    text = clean.replace('name = "Stadtteilforum Boele"', f"name.{keys} = 1")
    with pytest.raises(RegistryError, match="Feld „name“: erwartet Text"):
        registry_from_text(text, "t.toml")


def test_brackets_in_strings_and_comments_do_not_count(clean):
    own_fields = "\n".join([
        'notiz = "' + "[" * 600 + '"  # ' + "[" * 600,
        "x_text = '''" + "[{" * 300 + "'''",
        'x_liste = [ "]]", "\\"[[", # ]]]\n  1 ]',
        f"x_tief = {nested(600)}",
    ])
    text = clean.replace('stand = "2026-06"', f'stand = "2026-06"\n{own_fields}')
    with pytest.raises(RegistryError) as error:
        registry_from_text(text, "t.toml")
    assert error.value.problems == [
        "Zeile 4, netzwerke.forum-boele: Feld „x_tief“ ist zu tief verschachtelt (mehr als "
        f"{MAX_NESTING} Ebenen aus Listen und Tabellen)."]


def test_check_reports_it_as_an_error(clean):
    (finding,) = check_registry(with_own_field(clean, nested(500)), "t.toml",
                                __import__("datetime").date(2026, 11, 25))
    assert finding.level == ERROR
    assert "zu tief verschachtelt" in finding.message


@pytest.fixture
def deep_file(tmp_path, clean) -> Path:
    path = tmp_path / "networks.toml"
    path.write_text(with_own_field(clean, nested(500)), "utf-8")
    return path


@pytest.mark.parametrize("args", [
    ["list"], ["show", "forum-boele"], ["search", "Boele"], ["check"], ["faellig"], ["info"],
    ["kontakt", "list"], ["export", "html"], ["verify", "forum-boele"],
    ["add", "--name", "Neu", "--art", "AK", "--stadtweit"],
    ["edit", "forum-boele", "--stand", "heute"],
])
def test_every_command_says_so_in_german(netz, deep_file, args):
    before = deep_file.read_bytes()
    result = netz(*args, "-r", str(deep_file))
    assert result.exit_code == 1, result.output
    assert "zu tief verschachtelt" in result.output
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, RecursionError)
    assert deep_file.read_bytes() == before


@pytest.mark.parametrize("levels", [250, 500])
def test_installed_netz_reads_and_writes_without_traceback(tmp_path, clean, levels):
    path = tmp_path / "networks.toml"
    path.write_text(with_own_field(clean, nested(levels)), "utf-8")
    env = {k: v for k, v in os.environ.items() if k != "NETZ_REGISTRY"} | {
        "XDG_CACHE_HOME": str(tmp_path / "cache"), "NETZ_HEUTE": "2026-11-25"}
    for args in (["list"], ["verify", "forum-boele"]):
        result = subprocess.run([str(NETZ), *args, "-r", str(path)], capture_output=True,
                                text=True, env=env, timeout=60, check=False)
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr
        assert "Zeile 4, netzwerke.forum-boele: Feld „x_tief“ ist zu tief verschachtelt" in (
            result.stderr)
