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
