"""One read path: a registry saved with a byte order mark loads, checks and takes writes alike;
"today" comes from one injectable place."""

from __future__ import annotations

import json
import shutil

import pytest

from netzwerk_cli import clock
from netzwerk_cli.errors import InputError
from netzwerk_cli.registry import embedded_registry, read_registry_text


@pytest.fixture
def bom_file(tmp_path, monkeypatch):
    """The Hagen registry as Windows Notepad saves it: UTF-8 with a byte order mark."""
    path = tmp_path / "networks.toml"
    path.write_bytes(b"\xef\xbb\xbf" + embedded_registry().read_bytes())
    monkeypatch.setenv("NETZ_REGISTRY", str(path))
    monkeypatch.setenv("NETZ_HEUTE", "2026-11-25")
    return path


def test_read_registry_text_drops_the_byte_order_mark(bom_file):
    assert read_registry_text(bom_file).startswith("# netz-Register")


def test_check_accepts_a_registry_with_byte_order_mark(netz, bom_file):
    result = netz("check", "--json")
    report = json.loads(result.stdout)
    assert report["anzahl"]["fehler"] == 0
    assert result.exit_code == 0


def test_writes_accept_a_registry_with_byte_order_mark(netz, bom_file):
    result = netz("verify", "ak-90")
    assert result.exit_code == 0, result.stderr
    assert 'stand = "2026-11-25"' in bom_file.read_text("utf-8")


def test_list_and_show_read_it_too(netz, bom_file):
    assert netz("show", "ak-90").exit_code == 0


def test_today_can_be_fixed_for_reproducible_reports(monkeypatch):
    monkeypatch.setenv("NETZ_HEUTE", "2027-07-01")
    assert clock.today().isoformat() == "2027-07-01"


def test_an_invalid_fixed_day_is_a_usage_error(netz, tmp_path, monkeypatch):
    shutil.copyfile(embedded_registry(), tmp_path / "r.toml")
    monkeypatch.setenv("NETZ_HEUTE", "gestern")
    with pytest.raises(InputError, match="NETZ_HEUTE='gestern' ist kein Datum"):
        clock.today()
    result = netz("faellig", "--registry", str(tmp_path / "r.toml"))
    assert result.exit_code == 2
    assert "kein Datum; erwartet JJJJ-MM-TT" in result.stderr


def test_check_counts_months_from_the_fixed_day(netz, bom_file, monkeypatch):
    monkeypatch.setenv("NETZ_HEUTE", "2027-07-01")
    findings = json.loads(netz("check", "--json").stdout)["befunde"]
    assert any(b["eintrag"] == "netzwerke.ak-90" and "Stand 2017-04 ist 123 Monate alt"
               in b["meldung"] for b in findings)


# --- the byte order mark stays, as CRLF does (issue 10, item 19) ------------------------------


def test_a_write_keeps_the_byte_order_mark_and_changes_only_the_changed_line(bom_file):
    import datetime as dt

    from netzwerk_cli import changes
    from netzwerk_cli.storage import apply_change

    before = bom_file.read_bytes()
    apply_change(bom_file, lambda r: changes.verify_entry(r, "ak-90", dt.date(2026, 11, 25)))
    after = bom_file.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf# netz-Register")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True)
               if a != b]
    assert changed == [(b'stand = "2017-04"', b'stand = "2026-11-25"')]


def test_verify_keeps_the_byte_order_mark_and_undo_brings_back_the_exact_bytes(netz, bom_file):
    from netzwerk_cli.storage import undo

    before = bom_file.read_bytes()
    assert netz("verify", "ak-90").exit_code == 0
    assert bom_file.read_bytes().startswith(b"\xef\xbb\xbf")
    assert not undo(bom_file, dry_run=True).edited_by_hand  # netz's own write, not a hand edit
    result = netz("undo")
    assert result.exit_code == 0, result.stderr
    assert bom_file.read_bytes() == before
    assert netz("redo").exit_code == 0
    assert bom_file.read_bytes().startswith(b"\xef\xbb\xbf")
