"""Reverse indexes (``index.py``) and read commands whose work grows linearly with the registry.

Linearity is proven without timing: the registry's tables count how often they are walked
through, and a command on a registry twice the size must walk them as often as on the small one
(a scan per contact, per member or per meeting would walk them once more for each).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from netzwerk_cli import contacts, meetings, members
from netzwerk_cli.index import Index
from netzwerk_cli.model import Kontakt, Mitglied, Netzwerk, Registry, Treffen
from netzwerk_cli.registry import registry_to_toml
from tests.conftest import FIXTURES, TODAY, loaded

DAY = dt.date.fromisoformat(TODAY)


def scaled(size: int) -> Registry:
    """A valid registry of ``size`` networks: each with a person and its organisation as
    contacts and members (the organisation the venue), four past meetings with attendance and
    one planned; every tenth contact used by nobody."""
    registry = Registry(titel="Skaliert")
    for number in range(size):
        org, person, netz = f"org-{number}", f"person-{number}", f"netz-{number}"
        registry.kontakte[org] = Kontakt(art="organisation", organisation=f"Träger {number}",
                                         strasse=f"Hauptstraße {number + 1}", plz="58095",
                                         ort="Hagen", email=f"info{number}@example.org",
                                         oeffentlich=True)
        registry.kontakte[person] = Kontakt(art="person", name=f"Person {number}",
                                            gehoert_zu=org, telefon="02331 207-3608",
                                            email=f"p{number}@example.org")
        if number % 10 == 0:
            registry.kontakte[f"frei-{number}"] = Kontakt(art="rolle", name=f"Rolle {number}",
                                                          email=f"r{number}@example.org")
        registry.netzwerke[netz] = Netzwerk(name=f"Netzwerk {number}", art="netzwerk",
                                            stadtteile=["Boele"], themen=["Jugendarbeit"],
                                            kontakte=[person, org], stand="2026-01")
        registry.mitglieder[netz] = {org: Mitglied(rolle="koordination", seit="2024-01"),
                                     person: Mitglied(seit="2024-01")}
        for month in (2, 4, 6, 8, 12):
            datum = f"2026-{month:02d}-10"
            registry.treffen[f"{netz}-{datum}"] = Treffen(
                netzwerk=netz, datum=datum, beginn="16:00", ende="18:00", ort_kontakt=org,
                gastgeber=person, anwesend=[org] if month < 12 else [])
    return registry


class Walks:
    """How often the tables of instrumented registries were walked through."""

    def __init__(self) -> None:
        self.count = 0


def counting(table: dict[str, Any], walks: Walks) -> dict[str, Any]:
    """A copy of ``table`` that counts every walk through it (iteration, keys, values, items)."""

    class Counting(dict):  # type: ignore[type-arg]
        def __iter__(self):  # type: ignore[no-untyped-def]
            walks.count += 1
            return super().__iter__()

        def keys(self):  # type: ignore[no-untyped-def]
            walks.count += 1
            return super().keys()

        def values(self):  # type: ignore[no-untyped-def]
            walks.count += 1
            return super().values()

        def items(self):  # type: ignore[no-untyped-def]
            walks.count += 1
            return super().items()

    return Counting(table)


def instrumented(registry: Registry, walks: Walks) -> Registry:
    for name in ("netzwerke", "kontakte", "angebote", "mitglieder", "treffen"):
        setattr(registry, name, counting(getattr(registry, name), walks))
    return registry


@pytest.fixture
def walks_of(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, netz):
    """Run a command on registries of two sizes; return how often each walked the tables."""
    import netzwerk_cli.registry as registry_module

    def run(*args: str, sizes: tuple[int, int] = (20, 40)) -> list[int]:
        counts = []
        real_load = registry_module.load_registry
        for size in sizes:
            path = tmp_path / f"{size}.toml"
            path.write_text(registry_to_toml(scaled(size)), encoding="utf-8")
            walks = Walks()
            monkeypatch.setattr(registry_module, "load_registry",
                                lambda location, w=walks: instrumented(real_load(location), w))
            result = netz(*[a.replace("SIZE", str(size)) for a in args], "--registry", str(path))
            assert result.exit_code in (0, 1), result.output
            assert result.exception is None or isinstance(result.exception, SystemExit)
            counts.append(walks.count)
        monkeypatch.setattr(registry_module, "load_registry", real_load)
        return counts

    return run


# --- the index agrees with the single lookups -------------------------------------------------


@pytest.mark.parametrize("registry", [scaled(12), loaded(FIXTURES / "treffen.toml"),
                                      loaded(FIXTURES / "mitglieder.toml")],
                         ids=["skaliert", "treffen", "mitglieder"])
def test_index_answers_as_the_single_lookups_do(registry):
    index = Index(registry)
    for kontakt_id in registry.kontakte:
        assert index.users_of(kontakt_id) == contacts.kontakt_users(registry, kontakt_id)
        assert index.memberships_of(kontakt_id) == members.memberships_of(registry, kontakt_id)
        assert index.people_of(kontakt_id) == members.people_of(registry, kontakt_id)
        assert index.meeting_uses_of(kontakt_id) == meetings.kontakt_uses(registry, kontakt_id)
    for netzwerk_id in registry.netzwerke:
        assert index.meetings_of(netzwerk_id) == meetings.meetings_of(registry, netzwerk_id)


def test_building_the_index_walks_each_table_once():
    walks = Walks()
    index = Index(instrumented(scaled(30), walks))
    index.users_of("person-1")
    assert walks.count == 2  # the networks and the offers, once each
    for kontakt_id in list(dict.keys(index.registry.kontakte)):
        index.users_of(kontakt_id)
    assert walks.count == 2


def test_an_index_lists_an_entry_once_even_when_it_names_a_contact_twice():
    registry = scaled(1)
    registry.netzwerke["netz-0"].kontakte.append("person-0")
    assert Index(registry).users_of("person-0") == ["netz-0"]


# --- read commands walk the registry a fixed number of times ----------------------------------


@pytest.mark.parametrize("command", [
    ("kontakt", "list"), ("kontakt", "list", "--json"), ("kontakt", "show", "org-3"),
    ("kontakt", "remove", "org-3", "--force", "--dry-run", "--yes"),
    ("mitglied", "list", "netz-3"), ("treffen", "list"), ("treffen", "list", "--json"),
    ("check",), ("check", "--json"), ("export", "html"),
    ("export", "kontakte", "--format", "vcard"), ("show", "netz-3", "--json"),
], ids=" ".join)
def test_read_commands_walk_the_tables_as_often_at_twice_the_size(walks_of, command):
    small, large = walks_of(*command)
    assert small == large, f"{' '.join(command)} walks the tables more often as they grow"


# --- netz check --------------------------------------------------------------------------------


def test_check_looks_up_each_networks_meetings_in_one_pass(monkeypatch):
    from netzwerk_cli.check import check_registry

    calls = []
    real = meetings.meetings_of
    monkeypatch.setattr(meetings, "meetings_of",
                        lambda registry, netzwerk_id: calls.append(netzwerk_id)
                        or real(registry, netzwerk_id))
    for size in (5, 10):
        check_registry(registry_to_toml(scaled(size)), "t.toml", DAY)
    assert calls == []


def test_check_parses_a_phone_number_once_however_many_contacts_share_it(monkeypatch):
    import phonenumbers

    from netzwerk_cli.check import HINT, check_loaded

    registry = scaled(30)
    for kontakt in registry.kontakte.values():
        kontakt.telefon = "0 23 31 / 9 87 65"  # shared by all, and not in the stored form
    parsed = []
    real = phonenumbers.parse
    monkeypatch.setattr(phonenumbers, "parse", lambda *a, **k: parsed.append(a) or real(*a, **k))
    findings = check_loaded(registry, DAY)
    assert len(parsed) <= 2  # the whole number and the number before an extension
    hints = [f for f in findings if f.field == "telefon"]
    assert len(hints) == len(registry.kontakte) and {f.level for f in hints} == {HINT}


def test_a_remembered_check_refuses_again_and_takes_keywords():
    from netzwerk_cli.errors import InputError
    from netzwerk_cli.validate import check_email, check_plz

    for _ in range(2):
        with pytest.raises(InputError, match="keine gültige E-Mail-Adresse"):
            check_email("kein at zeichen")
    assert check_plz("12345", ort="(anderswo)") == "12345"
    with pytest.raises(InputError, match="keine Hagener Postleitzahl"):
        check_plz("12345", ort="Hagen")


def test_check_reads_the_load_cache_like_every_command(netz, tmp_path, parse_calls):
    import netzwerk_cli.registry as registry_module

    path = tmp_path / "gross.toml"
    path.write_text(registry_to_toml(scaled(300)), encoding="utf-8")
    assert path.stat().st_size >= registry_module.CACHE_MIN_BYTES
    assert netz("info", "--registry", str(path)).exit_code == 0  # fills the cache
    parse_calls.clear()
    result = netz("check", "--registry", str(path), "--json")
    assert result.exit_code == 0, result.output
    assert parse_calls == []
    path.write_text(path.read_text("utf-8") + "\n# von Hand\n", encoding="utf-8")
    assert netz("check", "--registry", str(path), "--json").exit_code == 0
    assert sum(parse_calls) == len(path.read_text("utf-8"))  # an edit by hand is seen


def test_check_still_reports_a_syntax_error_with_line_and_column(netz, tmp_path):
    path = tmp_path / "kaputt.toml"
    path.write_text(registry_to_toml(scaled(300)) + "\n[netzwerke.x\n", encoding="utf-8")
    result = netz("check", "--registry", str(path))
    assert result.exit_code == 1
    assert "Zeile" in result.stdout and "Spalte" in result.stdout
    assert netz("check", "--registry", str(tmp_path / "fehlt.toml")).exit_code == 1


def test_installed_netz_lists_contacts_with_their_users_and_checks_from_the_cache(tmp_path):
    import json
    import os
    import subprocess
    import sys

    path = tmp_path / "gross.toml"
    path.write_text(registry_to_toml(scaled(300)), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in {"FORCE_COLOR", "PY_COLORS"}} | {
        "NETZ_REGISTRY": str(path), "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "HOME": str(tmp_path / "home"), "NETZ_HEUTE": TODAY}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(Path(sys.executable).with_name("netz")), *args],
                              capture_output=True, text=True, env=env, check=False)

    listed = run("kontakt", "list")
    assert listed.returncode == 0, listed.stderr
    rows = {line.split("\t")[0]: line.split("\t")[-1] for line in listed.stdout.splitlines()}
    assert rows["org-7"] == "1" and rows["person-7"] == "1" and rows["frei-10"] == "0"
    assert list((tmp_path / "cache").rglob("*.marshal"))  # the load cache is filled
    checked = run("check", "--json")
    assert checked.returncode in (0, 1), checked.stderr
    unused = [b for b in json.loads(checked.stdout)["befunde"]
              if b["eintrag"] == "kontakte.frei-10"]
    assert [b["stufe"] for b in unused] == ["Warnung"]
