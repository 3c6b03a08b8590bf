"""Zero tracebacks: a bug or an absurd config still ends in one German line and an exit code."""

from __future__ import annotations

import pytest


def test_a_deeply_nested_config_file_gets_a_german_message(netz, tmp_path, monkeypatch):
    config = tmp_path / "config" / "netz" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("register = " + "[" * 3000 + "]" * 3000 + "\n", encoding="utf-8")
    result = netz("list")
    assert result.exit_code == 1
    assert "zu tief verschachtelt" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_an_unexpected_error_is_one_german_line_without_traceback(netz, hagen_file,
                                                                   monkeypatch):
    from netzwerk_cli import query

    def broken(*args, **kwargs):
        raise ValueError("kaputt")

    monkeypatch.setattr(query, "select", broken)
    result = netz("list", "--registry", str(hagen_file))
    assert result.exit_code == 70
    assert result.stderr.startswith("Fehler: Unerwarteter Fehler in netz (ValueError).")
    assert "NETZ_DEBUG=1" in result.stderr
    assert "Traceback" not in result.stderr


def test_netz_debug_shows_the_real_exception(netz, hagen_file, monkeypatch):
    from netzwerk_cli import query

    monkeypatch.setattr(query, "select", lambda *a, **k: 1 / 0)
    monkeypatch.setenv("NETZ_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        netz("list", "--registry", str(hagen_file), catch_exceptions=False)


@pytest.mark.parametrize("command", [["edit", "ak-90", "--notiz", "x", "--registry"],
                                     ["list", "--registry"]])
def test_a_file_name_too_long_is_a_german_message(netz, tmp_path, command):
    result = netz(*command, str(tmp_path / ("x" * 300 + ".toml")))
    assert result.exit_code in (1, 2)
    assert "zu lang" in result.stderr
    assert "Unerwarteter Fehler" not in result.stderr


def test_an_export_file_name_too_long_is_a_german_message(netz, hagen_in_use, tmp_path):
    result = netz("export", "html", "-o", str(tmp_path / ("x" * 300 + ".html")))
    assert result.exit_code == 1
    assert "der Dateiname ist zu lang" in result.stderr


def test_export_errors_are_german(netz, hagen_in_use, tmp_path):
    blocker = tmp_path / "datei"
    blocker.write_text("x", encoding="utf-8")
    result = netz("export", "html", "-o", str(blocker / "seite.html"))
    assert result.exit_code == 1
    assert "Not a directory" not in result.stderr
    assert "gibt es nicht" in result.stderr or "kein Ordner" in result.stderr


@pytest.mark.skipif(not hasattr(__import__("os"), "geteuid"), reason="POSIX-Dateirechte")
def test_an_export_is_no_more_readable_than_its_registry(netz, hagen_in_use, tmp_path):
    hagen_in_use.chmod(0o600)
    target = tmp_path / "kontakte.csv"
    assert netz("export", "kontakte", "-o", str(target)).exit_code == 0
    assert target.stat().st_mode & 0o777 == 0o600


def test_an_export_to_a_device_is_written_directly(netz, hagen_in_use):
    result = netz("export", "verteiler", "-o", "/dev/null", "--force")
    assert result.exit_code == 0, result.stderr


def _with_own_field(hagen_file, line: str) -> None:
    text = hagen_file.read_text("utf-8").replace(
        '[netzwerke.ak-90]\n', f'[netzwerke.ak-90]\n{line}\n', 1)
    hagen_file.write_text(text, encoding="utf-8")


def test_an_own_field_holding_a_toml_date_is_written_as_iso_text_in_json(netz, hagen_in_use):
    import json

    _with_own_field(hagen_in_use, "x_beginn = 2024-01-01T10:00:00+01:00")
    for command in (["list", "--json"], ["show", "ak-90", "--json"],
                    ["search", "haspe", "--json"]):
        result = netz(*command)
        assert result.exit_code == 0, result.stderr
        assert "2024-01-01T10:00:00+01:00" in json.dumps(json.loads(result.stdout))


@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "[1.0, nan]"])
def test_nan_and_inf_in_an_own_field_are_refused_on_load(netz, hagen_in_use, value):
    _with_own_field(hagen_in_use, f"x_zahl = {value}")
    result = netz("list", "--json")
    assert result.exit_code == 1
    assert "x_zahl" in result.stderr and "keine Zahl" in result.stderr
