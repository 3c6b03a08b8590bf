"""netz reads its own exports: export → import into an empty registry → export again gives the
same contacts, in every format of ``netz export kontakte``."""

from __future__ import annotations

from pathlib import Path

import pytest

from netzwerk_cli.registry import registry_from_text, registry_to_toml
from tests.conftest import loaded

REGISTRY = '''schema = 2

[netzwerke.testnetz]
name = "Testnetz"
art = "netzwerk"
stadtweit = true
kontakte = ["anna-maria-beispiel", "jugendamt-hagen", "koordination", "joerg-mueller-luedenscheidt"]

[kontakte.anna-maria-beispiel]
art = "person"
name = "Anna Maria Beispiel"
funktion = "Leitung, Koordination"
organisation = "Jugendzentrum Beispielstraße"
abteilung = "Offene Arbeit"
strasse = "Beispielstraße 12"
plz = "58095"
ort = "Hagen"
telefon = "02331 123-456"
email = "anna@example.org"
webseite = "https://jz.example.org"
notiz = "Zeile 1\\nZeile 2"
oeffentlich = true
x_kuerzel = "AB"

[kontakte.jugendamt-hagen]
art = "organisation"
organisation = "Jugendamt Hagen"
abteilung = "Jugendförderung"
telefon = "02331 207-3608"
webseite = "https://www.hagen.de"
oeffentlich = true

[kontakte.joerg-mueller-luedenscheidt]
art = "person"
name = "Jörg Müller-Lüdenscheidt"
funktion = "=Leitung; \\"Kita\\""
telefon = "+31 20 123 4567"
email = "Joerg@Example.NET"
oeffentlich = false
gehoert_zu = "jugendamt-hagen"

[kontakte.koordination]
art = "rolle"
name = "Koordination"
organisation = "Stadtteilforum Eppenhausen"
email = "forum@example.org"
oeffentlich = false
'''
# The one network of the empty registry; its contacts are attached after the import.
EMPTY = '''schema = 2

[netzwerke.testnetz]
name = "Testnetz"
art = "netzwerk"
stadtweit = true
'''
# As netz writes it, so that a change shows as one.
REGISTRY = registry_to_toml(registry_from_text(REGISTRY, "test"))
IDS = ["anna-maria-beispiel", "jugendamt-hagen", "koordination", "joerg-mueller-luedenscheidt"]
# What each format carries: the vCard has no notes, own fields, publish flag, and no "rolle".
FORMATS = [("csv", []), ("excel", []), ("json", []), ("vcard", []),
           ("vcard", ["--vcard-version", "3.0"])]


def export(netz, registry: Path, target: Path, format_name: str, more: list[str]) -> bytes:
    result = netz("export", "kontakte", "--format", format_name, *more, "-o", str(target),
                  "-r", str(registry))
    assert result.exit_code == 0, result.output
    return target.read_bytes()


@pytest.mark.parametrize(("format_name", "more"), FORMATS,
                         ids=["csv", "excel", "json", "vcard-4.0", "vcard-3.0"])
def test_export_import_export_gives_the_same_contacts(netz, tmp_path, format_name, more):
    original, copy = tmp_path / "original.toml", tmp_path / "kopie.toml"
    original.write_text(REGISTRY, "utf-8")
    copy.write_text(EMPTY, "utf-8")
    first = export(netz, original, tmp_path / "eins", format_name, more)
    result = netz("import", str(tmp_path / "eins"), "-r", str(copy))
    assert result.exit_code == 0, result.output
    assert "neu\t4\n" in result.stdout
    assert sorted(loaded(copy).kontakte) == sorted(IDS)
    attach = [arg for i in IDS for arg in ("--add-kontakt", i)]
    assert netz("edit", "testnetz", *attach, "-r", str(copy)).exit_code == 0
    second = export(netz, copy, tmp_path / "zwei", format_name, more)
    assert second == first


def test_the_json_export_carries_every_field_back(netz, tmp_path):
    original, copy = tmp_path / "original.toml", tmp_path / "kopie.toml"
    original.write_text(REGISTRY, "utf-8")
    copy.write_text(EMPTY, "utf-8")
    export(netz, original, tmp_path / "k.json", "json", [])
    assert netz("import", str(tmp_path / "k.json"), "-r", str(copy)).exit_code == 0
    assert loaded(copy).kontakte == loaded(original).kontakte


@pytest.mark.parametrize(("format_name", "more"), FORMATS,
                         ids=["csv", "excel", "json", "vcard-4.0", "vcard-3.0"])
def test_an_own_export_imported_into_its_registry_changes_nothing(netz, tmp_path, format_name,
                                                                   more):
    original = tmp_path / "original.toml"
    original.write_text(REGISTRY, "utf-8")
    export(netz, original, tmp_path / "eins", format_name, more)
    result = netz("import", str(tmp_path / "eins"), "-r", str(original))
    assert result.exit_code == 0, result.output
    assert "unverändert\t4\nKonflikt\t0\n" in result.stdout
    assert original.read_text("utf-8") == REGISTRY
