"""Which registry file is used, what happens when it cannot be read, and how it is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from netzwerk_cli.errors import NetzError, RegistryError
from netzwerk_cli.registry import (
    Location,
    config_file,
    default_registry_path,
    embedded_registry,
    find_registry,
    load_registry,
    registry_from_text,
    registry_to_toml,
)

FIXTURES = Path(__file__).parent / "fixtures"


def configure(content: str) -> Path:
    """Write the user's config file (in the isolated config dir set up by conftest)."""
    config = config_file()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(content, encoding="utf-8")
    return config


# --- which file ---------------------------------------------------------------------------------


def test_option_beats_environment_and_config(monkeypatch, tmp_path):
    configure('register = "/aus/der/config.toml"\n')
    monkeypatch.setenv("NETZ_REGISTRY", str(tmp_path / "env.toml"))
    assert find_registry(tmp_path / "opt.toml") == Location(tmp_path / "opt.toml",
                                                            "Option --registry")


def test_environment_beats_config(monkeypatch, tmp_path):
    configure('register = "/aus/der/config.toml"\n')
    monkeypatch.setenv("NETZ_REGISTRY", str(tmp_path / "env.toml"))
    assert find_registry() == Location(tmp_path / "env.toml", "Umgebungsvariable NETZ_REGISTRY")


def test_environment_path_may_start_with_home(monkeypatch):
    monkeypatch.setenv("NETZ_REGISTRY", "~/netz/networks.toml")
    assert find_registry().path == Path.home() / "netz" / "networks.toml"


def test_empty_environment_variable_is_ignored(monkeypatch):
    monkeypatch.setenv("NETZ_REGISTRY", "")
    assert find_registry().path == default_registry_path()


def test_config_beats_the_default_registry():
    config = configure('register = "/team/networks.toml"\n')
    assert find_registry() == Location(Path("/team/networks.toml"),
                                       f"Konfigurationsdatei {config}")
    assert not default_registry_path().exists()


def test_config_path_is_relative_to_the_config_file():
    config = configure('register = "team/networks.toml"\n')
    assert find_registry().path == config.parent / "team" / "networks.toml"


def test_config_without_register_falls_back_to_the_default():
    configure("# noch nichts eingestellt\n")
    assert find_registry().path == default_registry_path()


def test_default_registry_is_created_from_the_embedded_data_only_the_first_time():
    first = find_registry()
    assert first == Location(default_registry_path(), "Standard-Register im Benutzerverzeichnis",
                             created=True)
    assert default_registry_path().read_bytes() == embedded_registry().read_bytes()
    default_registry_path().write_text("schema = 2\n", encoding="utf-8")  # the user's own edits
    second = find_registry()
    assert (second.path, second.created) == (default_registry_path(), False)
    assert default_registry_path().read_text("utf-8") == "schema = 2\n"


@pytest.mark.parametrize(("content", "message"), [
    ("register = \n", r"Die Konfigurationsdatei .*config\.toml ist fehlerhaft: Zeile 1, Spalte 12"),
    ("register = 5\n", r"config\.toml: „register“ muss ein Dateipfad in Anführungszeichen sein"),
    ('register = " "\n', r"„register“ muss ein Dateipfad"),
])
def test_broken_config_is_reported_with_its_path(content, message):
    configure(content)
    with pytest.raises(NetzError, match=message):
        find_registry()


# --- reading ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("prepare", "message"), [
    (lambda p: None, ": Die Datei gibt es nicht (gewählt durch Test)."),
    (lambda p: p.mkdir(), ": Das ist ein Ordner, keine Registerdatei."),
    (lambda p: p.write_bytes(b"schema = 2\n# K\xf6ln\n"),
     ": Zeile 2: Die Datei ist nicht in UTF-8 gespeichert."),
    (lambda p: p.write_text("schema = 2\n[netzwerke\n", "utf-8"),
     ": Zeile 2, Spalte 11: kein gültiges TOML – die Tabellenüberschrift endet nicht mit „]“."),
])
def test_unreadable_registries_name_file_and_place_in_german(tmp_path: Path, prepare, message):
    path = tmp_path / "r.toml"
    prepare(path)
    with pytest.raises(RegistryError) as error:
        load_registry(Location(path, "Test"))
    assert str(error.value).startswith(str(path) + message)


def test_a_key_given_twice_is_reported_with_line_and_common_causes():
    with pytest.raises(RegistryError) as error:
        registry_from_text('schema = 2\ntitel = "A"\ntitel = "B"\n', "test.toml")
    assert str(error.value).startswith("test.toml: Zeile 3, Spalte ")
    assert "Häufige Ursachen: Text ohne Anführungszeichen, ein Schlüssel doppelt" in str(
        error.value)


def test_a_valid_file_is_loaded(hagen_file):
    registry = load_registry(Location(hagen_file, "Test"))
    assert registry.titel == "Sozialraum-Netzwerke in Hagen"
    assert "ak-90" in registry.netzwerke


# --- writing: the canonical form --------------------------------------------------------------


def test_embedded_file_is_in_canonical_form():
    text = embedded_registry().read_text("utf-8")
    assert registry_to_toml(registry_from_text(text, "networks.toml")) == text


def test_saving_is_stable_and_loses_nothing():
    registry = registry_from_text((FIXTURES / "klein.toml").read_text("utf-8"), "klein.toml")
    written = registry_to_toml(registry)
    reloaded = registry_from_text(written, "klein.toml")
    assert reloaded == registry
    assert registry_to_toml(reloaded) == written


def test_entries_are_written_sorted_by_id_with_fields_in_fixed_order():
    text = ('schema = 2\n'
            '[angebote.b]\nname = "B"\n[angebote.a]\nname = "A"\n'
            '[netzwerke.zeta]\nstadtweit = true\nart = "AK"\nname = "Z"\n'
            '[netzwerke.alpha]\nname = "A"\nart = "netzwerk"\nbezirke = ["Haspe"]\n')
    written_text = registry_to_toml(registry_from_text(text, "test.toml"))
    headers = [line for line in written_text.splitlines() if line.startswith("[")]
    assert headers == ["[netzwerke.alpha]", "[netzwerke.zeta]", "[angebote.a]", "[angebote.b]"]
    assert '[netzwerke.zeta]\nname = "Z"\nart = "arbeitskreis"\nstadtweit = true\n' in written_text


def test_registry_saved_with_a_byte_order_mark_loads(tmp_path):
    path = tmp_path / "windows.toml"
    text = embedded_registry().read_text("utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert len(load_registry(Location(path, "Test")).netzwerke) == 22
