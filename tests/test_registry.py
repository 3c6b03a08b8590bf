"""Which registry file is used, and what happens when it cannot be read."""

from __future__ import annotations

from pathlib import Path

import pytest

from netzwerk_cli.errors import NetzError, RegisterFehler
from netzwerk_cli.registry import (
    Fundort,
    config_datei,
    eingebettetes_register,
    register_finden,
    register_laden,
    standard_register,
)


def test_option_beats_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("NETZ_REGISTRY", str(tmp_path / "env.toml"))
    assert register_finden(tmp_path / "opt.toml") == Fundort(tmp_path / "opt.toml",
                                                             "Option --registry")


def test_environment_beats_config(monkeypatch, tmp_path):
    config_datei().parent.mkdir(parents=True)
    config_datei().write_text('register = "/irgendwo.toml"\n', encoding="utf-8")
    monkeypatch.setenv("NETZ_REGISTRY", str(tmp_path / "env.toml"))
    assert register_finden().grund == "Umgebungsvariable NETZ_REGISTRY"


def test_config_path_is_relative_to_the_config_file():
    config_datei().parent.mkdir(parents=True)
    config_datei().write_text('register = "team/networks.toml"\n', encoding="utf-8")
    fundort = register_finden()
    assert fundort.pfad == config_datei().parent / "team" / "networks.toml"
    assert fundort.grund.startswith("Konfigurationsdatei ")


def test_broken_config_is_reported_with_its_path():
    config_datei().parent.mkdir(parents=True)
    config_datei().write_text("register = \n", encoding="utf-8")
    with pytest.raises(NetzError, match=r"Konfigurationsdatei .*config\.toml ist nicht lesbar"):
        register_finden()


def test_default_registry_is_created_from_embedded_data_once():
    erster = register_finden()
    assert erster.neu_angelegt
    assert erster.pfad == standard_register()
    assert standard_register().read_bytes() == eingebettetes_register().read_bytes()
    assert not register_finden().neu_angelegt


@pytest.mark.parametrize(("vorbereiten", "meldung"), [
    (lambda p: None, "Die Datei gibt es nicht (gewählt durch Test)"),
    (lambda p: p.mkdir(), "Das ist ein Ordner"),
    (lambda p: p.write_bytes(b"schema = 1\n# K\xf6ln\n"), "Zeile 2: Die Datei ist nicht in UTF-8"),
    (lambda p: p.write_text("schema = 1\n[netzwerke\n", "utf-8"), "Zeile 2, Spalte 11"),
])
def test_unreadable_registries_name_file_and_place(tmp_path: Path, vorbereiten, meldung):
    pfad = tmp_path / "r.toml"
    vorbereiten(pfad)
    with pytest.raises(RegisterFehler) as fehler:
        register_laden(Fundort(pfad, "Test"))
    assert str(pfad) in str(fehler.value)
    assert meldung in str(fehler.value)
