"""The write path as a coordinator meets it: refusals, undo and redo, dry runs, comments, the
lock, and the same through the installed ``netz`` in a subprocess."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

POSIX = pytest.mark.skipif(os.name == "nt", reason="POSIX-Dateirechte")
NETZ = Path(sys.executable).with_name("netz")




WRITES = [
    ("verify", "ak-90"),
    ("edit", "ak-90", "--notiz", "neu"),
    ("add", "--name", "Forum Test", "--art", "netzwerk", "--stadtweit"),
    ("kontakt", "add", "--name", "Anna Test", "--art", "person"),
]


@POSIX
@pytest.mark.parametrize("args", WRITES, ids=lambda a: " ".join(a[:2]))
def test_a_read_only_registry_is_refused_by_every_write(netz, hagen_in_use, args):
    hagen_in_use.chmod(0o444)
    before = hagen_in_use.read_bytes()
    result = netz(*args)
    assert result.exit_code == 1, result.output
    assert "schreibgeschützt" in result.stderr
    assert "Gespeichert" not in result.output
    assert hagen_in_use.read_bytes() == before


def test_undo_twice_then_redo(netz, hagen_in_use):
    original = hagen_in_use.read_bytes()
    assert netz("verify", "ak-90").exit_code == 0
    verified = hagen_in_use.read_bytes()
    assert netz("edit", "ak-90", "--notiz", "neu").exit_code == 0
    edited = hagen_in_use.read_bytes()
    assert netz("undo").exit_code == 0
    result = netz("undo")
    assert result.exit_code == 0
    assert "netz redo" in result.stderr
    assert hagen_in_use.read_bytes() == original
    result = netz("redo")
    assert result.exit_code == 0, result.output
    assert "Wiederhergestellt" in result.stderr
    assert hagen_in_use.read_bytes() == verified
    assert netz("redo").exit_code == 0
    assert hagen_in_use.read_bytes() == edited
    result = netz("redo")
    assert result.exit_code == 1
    assert "nichts, was wiederhergestellt" in result.stderr


def test_redo_dry_run_shows_the_diff_and_writes_nothing(netz, hagen_in_use):
    netz("verify", "ak-90")
    netz("undo")
    before = hagen_in_use.read_bytes()
    result = netz("redo", "--dry-run")
    assert result.exit_code == 0
    assert '+stand = "2026-11-25"' in result.stdout
    assert hagen_in_use.read_bytes() == before


def hand_edit(hagen_in_use: Path) -> bytes:
    netz_text = hagen_in_use.read_text("utf-8")
    hagen_in_use.write_text(netz_text.replace('stand = "2026-11-25"', 'stand = "2026-10"'),
                             encoding="utf-8")
    return hagen_in_use.read_bytes()


def test_undo_after_a_hand_edit_is_refused_in_a_script_without_force(netz, hagen_in_use):
    netz("verify", "ak-90")
    by_hand = hand_edit(hagen_in_use)
    result = netz("undo")
    assert result.exit_code == 2
    assert "von Hand geändert" in result.stderr
    assert "--force" in result.stderr
    assert hagen_in_use.read_bytes() == by_hand
    result = netz("undo", "--force")
    assert result.exit_code == 0, result.output
    assert hagen_in_use.read_bytes() != by_hand
    assert netz("redo").exit_code == 0
    assert hagen_in_use.read_bytes() == by_hand


def test_undo_after_a_hand_edit_asks_on_a_terminal(netz, hagen_in_use, terminal):
    netz("verify", "ak-90")
    by_hand = hand_edit(hagen_in_use)
    declined = netz("undo", input="n\n")
    assert declined.exit_code == 1
    assert "von Hand geändert" in declined.output
    assert "Nichts geändert" in declined.stderr
    assert hagen_in_use.read_bytes() == by_hand
    accepted = netz("undo", input="j\n")
    assert accepted.exit_code == 0, accepted.output
    assert hagen_in_use.read_bytes() != by_hand


def test_undo_dry_run_after_a_hand_edit_warns_and_writes_nothing(netz, hagen_in_use):
    netz("verify", "ak-90")
    by_hand = hand_edit(hagen_in_use)
    result = netz("undo", "--dry-run")
    assert result.exit_code == 0
    assert "von Hand geändert" in result.stderr
    assert hagen_in_use.read_bytes() == by_hand


def test_dry_run_leaves_nothing_beside_the_registry(netz, hagen_in_use):
    result = netz("verify", "ak-90", "--dry-run")
    assert result.exit_code == 0
    assert sorted(p.name for p in hagen_in_use.parent.iterdir()) == ["networks.toml"]


def test_the_write_that_drops_comments_says_so_once(netz, hagen_in_use):
    text = hagen_in_use.read_text("utf-8")
    hagen_in_use.write_text(text.replace("[netzwerke.ak-90]\n",
                                          "[netzwerke.ak-90]\n# Kommentar von Hand\n", 1),
                             encoding="utf-8")
    first = netz("verify", "ak-90")
    assert first.exit_code == 0
    assert "Kommentare" in first.stderr and "nicht übernommen" in first.stderr
    assert ".netz-sicherungen" in first.stderr and "enthält sie noch" in first.stderr
    second = netz("verify", "rat-am-ring")
    assert "Kommentare" not in second.stderr


def test_a_symlinked_registry_stays_a_link(netz, hagen_file, tmp_path, monkeypatch):
    if os.name == "nt":
        pytest.skip("symbolische Links brauchen unter Windows besondere Rechte")
    link = tmp_path / "link.toml"
    link.symlink_to(hagen_file)
    monkeypatch.setenv("NETZ_REGISTRY", str(link))
    assert netz("verify", "ak-90").exit_code == 0
    assert link.is_symlink()
    assert 'stand = "2026-11-25"' in hagen_file.read_text("utf-8")


HOLDER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from netzwerk_cli.storage import write_lock
    registry, locked, release = (Path(a) for a in sys.argv[1:4])
    with write_lock(registry):
        locked.write_text("ja")
        while not release.exists():
            time.sleep(0.01)
""")


def test_a_locked_registry_says_at_once_what_netz_waits_for(netz, hagen_in_use, tmp_path,
                                                             monkeypatch):
    from netzwerk_cli.cli import render

    locked, release = tmp_path / "gesperrt", tmp_path / "freigeben"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(hagen_in_use), str(locked),
                               str(release)])
    real_note = render.note

    def note(text: str) -> None:
        real_note(text)
        if "Sperre" in text:
            release.write_text("ja")  # the other writer finishes once we were told

    monkeypatch.setattr(render, "note", note)
    try:
        while not locked.exists():
            assert holder.poll() is None
            threading.Event().wait(0.01)
        result = netz("verify", "ak-90")
    finally:
        release.write_text("ja")
        holder.wait(timeout=30)
    assert result.exit_code == 0, result.output
    assert ("Das Register wird gerade von einem anderen Vorgang geändert (Sperre "
            f"{hagen_in_use}.lock); warte bis zu 30 Sekunden") in result.stderr
    assert "Gespeichert" in result.stderr


def test_a_config_typo_is_an_error_with_a_suggestion(netz, tmp_path):
    from netzwerk_cli.registry import config_file

    config = config_file()
    config.parent.mkdir(parents=True)
    config.write_text(f'registr = "{tmp_path / "team.toml"}"\n', encoding="utf-8")
    result = netz("list")
    assert result.exit_code == 1
    assert "Meinten Sie „register“?" in result.stderr
    assert "Traceback" not in result.output


@POSIX
def test_backups_are_tightened_when_the_registry_is(netz, hagen_in_use):
    hagen_in_use.chmod(0o644)
    netz("verify", "ak-90")
    hagen_in_use.chmod(0o600)
    netz("edit", "ak-90", "--notiz", "privat")
    from netzwerk_cli.storage import backup_dir

    files = [p for p in backup_dir(hagen_in_use).rglob("*") if p.is_file()]
    assert len(files) >= 2
    assert all(stat.S_IMODE(p.stat().st_mode) & ~0o600 == 0 for p in files)


# --- the main paths through the installed netz ----------------------------------------------


@pytest.fixture
def clean_env(tmp_path: Path, hagen_file: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in {"FORCE_COLOR", "PY_COLORS", "GITHUB_ACTIONS"}}
    return env | {"XDG_DATA_HOME": str(tmp_path / "data"),
                  "XDG_CONFIG_HOME": str(tmp_path / "config"),
                  "XDG_CACHE_HOME": str(tmp_path / "cache"), "HOME": str(tmp_path / "home"),
                  "NETZ_HEUTE": "2026-11-25", "NETZ_REGISTRY": str(hagen_file)}


def run_netz(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(NETZ), *args], capture_output=True, text=True, env=env,
                          timeout=60, check=False, stdin=subprocess.DEVNULL)


def test_installed_netz_undo_and_redo(clean_env, hagen_file):
    original = hagen_file.read_bytes()
    assert run_netz("verify", "ak-90", env=clean_env).returncode == 0
    verified = hagen_file.read_bytes()
    assert run_netz("undo", env=clean_env).returncode == 0
    assert hagen_file.read_bytes() == original
    result = run_netz("redo", env=clean_env)
    assert result.returncode == 0, result.stderr
    assert hagen_file.read_bytes() == verified
    assert "Traceback" not in result.stderr


@POSIX
def test_installed_netz_refuses_a_read_only_registry_and_dry_run_leaves_no_lock(clean_env,
                                                                               hagen_file):
    result = run_netz("verify", "ak-90", "--dry-run", env=clean_env)
    assert result.returncode == 0
    assert sorted(p.name for p in hagen_file.parent.iterdir()) == ["networks.toml"]
    hagen_file.chmod(0o444)
    result = run_netz("verify", "ak-90", env=clean_env)
    assert result.returncode == 1
    assert "schreibgeschützt" in result.stderr
    assert "Traceback" not in result.stderr and "Errno" not in result.stderr
