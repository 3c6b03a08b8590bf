"""``netz check`` keeps the verdicts of the e-mail and phone libraries on a large registry.

The libraries take a quarter of a second for the few thousand addresses and numbers of 10,000
networks, in every run. The next check of the same registry asks them only about values it has
not seen; what it says is exactly what it said without the kept verdicts. The file is private,
sealed with the user's key like the load cache, and keyed by the library and netz versions.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import platformdirs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netzwerk_cli import check, validate, verdicts
from netzwerk_cli.errors import InputError
from netzwerk_cli.model import Kontakt, Netzwerk, Registry
from netzwerk_cli.registry import CACHE_MIN_BYTES, Location, registry_to_toml

TODAY = dt.date(2026, 11, 25)
POSIX = pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")
NETZ = Path(sys.executable).with_name("netz")

# Values the libraries refuse or store in another form, among many plain ones.
ODD_EMAILS = ["kein-at-zeichen.de", "a@b", "x@beispiel.test", "name@hagen-.de", "ü@straße.de",
              "\"quoted\"@hagen.de", "n@[127.0.0.1]", "p@123.45"]
ODD_PHONES = ["0 23 31 / 4 42 34", "+49 2331 207-3608", "02331 CALL-ME", "2073608",
              "0049 2331 2073608", "02331 207-3608 -12", "0171 1234567", "+31 20 123 4567", "0"]


def large_registry(size: int = 1200) -> Registry:
    registry = Registry(titel="Groß")
    odd = iter(ODD_EMAILS * 3)
    phones = iter(ODD_PHONES * 3)
    for number in range(size):
        email = next(odd, f"person.{number}@traeger-{number % 50}.de")
        telefon = next(phones, f"02331 {200 + number % 700}-{1000 + number}")
        registry.kontakte[f"k-{number}"] = Kontakt(art="person", name=f"Person {number}",
                                                   email=email, telefon=telefon, plz="58095",
                                                   ort="Hagen", oeffentlich=True)
        registry.netzwerke[f"netz-{number}"] = Netzwerk(
            name=f"Forum {number}", art="netzwerk", stadtteile=["Boele"],
            themen=["Familie", "Schule"], notiz="Trifft sich viermal im Jahr. " * 3,
            kontakte=[f"k-{number}"], stand="2024-01")
    return registry


@pytest.fixture
def large_file(tmp_path: Path) -> Path:
    file = tmp_path / "gross.toml"
    file.write_text(registry_to_toml(large_registry()), encoding="utf-8")
    assert file.stat().st_size > CACHE_MIN_BYTES
    return file


@pytest.fixture
def library_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every value the e-mail and phone libraries are asked about; the run's own memory of
    verdicts forgotten before and after, as between two processes."""
    import email_validator
    import phonenumbers

    calls: list[str] = []
    validate_email, parse = email_validator.validate_email, phonenumbers.parse

    def counting_email(email: str, *args, **kwargs):
        calls.append(email)
        return validate_email(email, *args, **kwargs)

    def counting_parse(number: str, *args, **kwargs):
        calls.append(number)
        return parse(number, *args, **kwargs)

    monkeypatch.setattr(email_validator, "validate_email", counting_email)
    monkeypatch.setattr(phonenumbers, "parse", counting_parse)
    validate._forget_verdicts()
    yield calls
    validate._forget_verdicts()


def new_process() -> None:
    validate._forget_verdicts()


def verdict_files() -> list[Path]:
    return sorted(platformdirs.user_cache_path("netz").glob("*.verdicts"))


def without_kept_verdicts(file: Path) -> list[check.Finding]:
    """The findings as a check without any kept verdicts gives them."""
    new_process()
    return check.check_registry(file.read_text(encoding="utf-8"), str(file), TODAY)


def test_the_next_check_asks_the_libraries_nothing_and_says_the_same(large_file, library_calls):
    first = check.check_file(Location(large_file, "Test"), TODAY)
    assert library_calls  # the first run asks them
    assert verdict_files()
    new_process()
    library_calls.clear()
    second = check.check_file(Location(large_file, "Test"), TODAY)
    assert library_calls == []
    assert second == first == without_kept_verdicts(large_file)
    fields = {(f.level, f.field) for f in first}
    assert {(check.ERROR, "email"), (check.ERROR, "telefon"), (check.HINT, "telefon")} <= fields


def test_after_a_hand_edit_only_the_new_values_are_asked(large_file, library_calls):
    check.check_file(Location(large_file, "Test"), TODAY)
    text = large_file.read_text(encoding="utf-8")
    edited = (text.replace('"person.100@traeger-0.de"', '"neu@hagen.de"')
              .replace('"person.101@traeger-1.de"', '"neu@@hagen.de"')
              .replace('"02331 299-1099"', '"02331 / 2991099"'))
    assert edited.count("neu@") == 2 and "2991099" in edited
    large_file.write_text(edited, encoding="utf-8")
    new_process()
    library_calls.clear()
    findings = check.check_file(Location(large_file, "Test"), TODAY)
    assert set(library_calls) <= {"neu@hagen.de", "neu@@hagen.de", "02331 / 2991099",
                                  "023312991099", "02331 / 299"}
    assert "neu@hagen.de" in library_calls and "neu@@hagen.de" in library_calls
    assert findings == without_kept_verdicts(large_file)
    assert any(f.entry == "kontakte.k-101" and f.field == "email" for f in findings)


def test_other_library_versions_ask_again(large_file, library_calls, monkeypatch):
    first = check.check_file(Location(large_file, "Test"), TODAY)
    monkeypatch.setattr(validate, "library_versions", lambda: "email-validator 99.0")
    new_process()
    library_calls.clear()
    assert check.check_file(Location(large_file, "Test"), TODAY) == first
    assert len(set(library_calls)) > 1000


def test_verdicts_not_sealed_with_the_users_key_are_ignored(large_file, library_calls):
    """A changed or foreign file (here: every value declared valid, sealed with another key)
    is never believed; nor is a broken one."""
    import hashlib
    import marshal

    first = check.check_file(Location(large_file, "Test"), TODAY)
    (kept,) = verdict_files()
    data = kept.read_bytes()
    length = int.from_bytes(data[32:36], "big")
    header = data[32:36 + length]
    lies = {"check_email": {e: (e, None) for e in ODD_EMAILS},
            "normalize_telefon": {t: (t, None) for t in ODD_PHONES}}
    payload = marshal.dumps(lies)
    seal = hashlib.blake2b(header + payload, key=b"k" * 32, digest_size=32).digest()
    for content in (seal + header + payload, data[:-10], b"kaputt"):
        kept.write_bytes(content)
        new_process()
        library_calls.clear()
        assert check.check_file(Location(large_file, "Test"), TODAY) == first
        assert "a@b" in library_calls


@POSIX
def test_the_kept_verdicts_are_private(large_file):
    large_file.chmod(0o644)
    new_process()
    check.check_file(Location(large_file, "Test"), TODAY)
    (kept,) = verdict_files()
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert stat.S_IMODE(kept.parent.stat().st_mode) == 0o700


def test_a_small_registry_keeps_no_verdicts(hagen_file):
    new_process()
    check.check_file(Location(hagen_file, "Test"), TODAY)
    assert verdict_files() == []


def test_verdicts_of_a_registry_that_is_gone_are_removed(large_file, tmp_path):
    new_process()
    check.check_file(Location(large_file, "Test"), TODAY)
    other = tmp_path / "anderes.toml"
    shutil.copyfile(large_file, other)
    large_file.unlink()
    new_process()
    check.check_file(Location(other, "Test"), TODAY)
    (kept,) = verdict_files()
    assert os.fsencode(other.resolve()) in kept.read_bytes()


def test_cli_check_says_the_same_with_kept_verdicts(large_file, netz, library_calls):
    first = netz("check", "--registry", str(large_file))
    new_process()
    library_calls.clear()
    second = netz("check", "--registry", str(large_file))
    assert library_calls == []
    shutil.rmtree(platformdirs.user_cache_path("netz"))
    new_process()
    third = netz("check", "--registry", str(large_file))
    assert first.exit_code == second.exit_code == third.exit_code == 1
    assert first.output == second.output == third.output
    assert "„a@b“ ist keine gültige E-Mail-Adresse" in first.output


def test_installed_netz_check_says_the_same_with_kept_verdicts(large_file, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"NETZ_REGISTRY", "FORCE_COLOR"}}
    env |= {"XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CACHE_HOME": str(tmp_path / "cache"),
            "XDG_CONFIG_HOME": str(tmp_path / "config"), "NETZ_HEUTE": "2026-11-25"}
    runs = [subprocess.run([str(NETZ), "check", "--registry", str(large_file)],
                           capture_output=True, text=True, env=env, timeout=120, check=False)
            for _ in range(2)]
    assert [run.returncode for run in runs] == [1, 1]
    assert runs[0].stdout == runs[1].stdout
    assert runs[0].stderr == runs[1].stderr == ""
    assert list((tmp_path / "cache" / "netz").glob("*.verdicts"))


def outcome(check_value, value: str) -> tuple[str, str]:
    try:
        return "gültig", check_value(value)
    except InputError as err:
        return "abgelehnt", str(err)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(emails=st.lists(st.one_of(st.emails(), st.text(max_size=40),
                                 st.sampled_from(ODD_EMAILS)), max_size=8),
       phones=st.lists(st.one_of(st.from_regex(r"(\+49|0049|0)?[ 0-9/()-]{1,20}",
                                               fullmatch=True),
                                 st.text(max_size=25), st.sampled_from(ODD_PHONES)), max_size=8))
def test_kept_verdicts_give_exactly_what_the_libraries_say(tmp_path, emails, phones):
    """Any value, odd characters too: what comes back from the file is the outcome itself."""
    file = tmp_path / "register.toml"
    file.write_text("", encoding="utf-8")
    checks = {"check_email": validate.check_email, "normalize_telefon": validate.normalize_telefon}
    values = {"check_email": emails, "normalize_telefon": phones}
    new_process()
    said = {name: [outcome(checks[name], v) for v in values[name]] for name in checks}
    slot = verdicts._slot(file)
    assert slot is not None
    verdicts.write(slot, validate.library_verdicts(values), file)
    new_process()
    validate.remember_verdicts(verdicts.read(slot))
    assert all(((v,), ()) in validate._VERDICTS[name] for name in checks for v in values[name])
    assert {name: [outcome(checks[name], v) for v in values[name]] for name in checks} == said


def test_the_web_page_keeps_the_verdicts_on_its_phone_links(large_file, netz, library_calls,
                                                            tmp_path):
    page = tmp_path / "seite.html"
    export = ("export", "html", "--registry", str(large_file), "-o", str(page), "--force")
    assert netz(*export).exit_code == 0
    first = page.read_bytes()
    assert library_calls and b'href="tel:+49' in first
    new_process()
    library_calls.clear()
    assert netz(*export).exit_code == 0
    assert library_calls == []  # not one number parsed again
    assert page.read_bytes() == first
