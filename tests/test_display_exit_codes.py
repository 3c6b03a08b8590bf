"""One rule for "nothing found": exit code 1 (like grep), a message on stderr, JSON ``[]``.

And the other things a person is told: `faellig --json`, a declined removal, a contact's id given
to `netz show`.
"""

from __future__ import annotations

import json

import pytest

from netzwerk_cli.registry import registry_from_text


@pytest.fixture
def hagen(hagen_file, monkeypatch):
    monkeypatch.setenv("NETZ_REGISTRY", str(hagen_file))
    return hagen_file



# Filters that choose nothing from the Hagen registry.
NOTHING = ["--art", "Gremium"]

EMPTY_SELECTIONS = [
    (["list", *NOTHING], "Keine Netzwerke gefunden"),
    (["search", "xyzzy"], "Nichts gefunden für „xyzzy“"),
    (["faellig", "--max-alter", "200"], "Nichts fällig"),
    (["faellig", *NOTHING], "Nichts fällig"),
    (["export", "verteiler", *NOTHING], "Keine E-Mail-Adressen"),
    (["export", "kontakte", *NOTHING], "Keine Kontakte"),
    (["export", "html", *NOTHING], "Keine Netzwerke"),
    (["export", "verteiler", "--bezirk", "Hohenlimburg", "--ohne-stadtweit"],
     "Keine E-Mail-Adressen"),
]


@pytest.mark.parametrize(("args", "message"), EMPTY_SELECTIONS,
                         ids=[" ".join(a) for a, _ in EMPTY_SELECTIONS])
def test_nothing_found_is_exit_code_1_with_a_message_on_stderr(netz, hagen, args, message):
    result = netz(*args)
    assert result.exit_code == 1, result.output
    assert message in result.stderr
    assert result.stdout == ""


JSON_SELECTIONS = [
    ["list", *NOTHING, "--json"],
    ["search", "xyzzy", "--json"],
    ["faellig", "--max-alter", "200", "--json"],
    ["faellig", "--max-alter", "200", "--format", "json"],
    ["export", "verteiler", *NOTHING, "--format", "json"],
    ["export", "kontakte", *NOTHING, "--format", "json"],
]


@pytest.mark.parametrize("args", JSON_SELECTIONS, ids=[" ".join(a) for a in JSON_SELECTIONS])
def test_nothing_found_as_json_is_an_empty_list_and_exit_code_1(netz, hagen, args):
    result = netz(*args)
    assert result.exit_code == 1, result.output
    assert json.loads(result.stdout) == []


@pytest.mark.parametrize("args", [["list"], ["search", "Haspe"], ["faellig"],
                                  ["export", "verteiler"], ["export", "kontakte"],
                                  ["list", "--json"], ["search", "Haspe", "--json"],
                                  ["faellig", "--json"]])
def test_something_found_is_exit_code_0(netz, hagen, args):
    result = netz(*args)
    assert result.exit_code == 0, result.output
    assert result.stdout


def test_an_empty_export_writes_no_file(netz, hagen, tmp_path):
    target = tmp_path / "leer.csv"
    result = netz("export", "kontakte", *NOTHING, "-o", str(target))
    assert result.exit_code == 1
    assert not target.exists()


def test_faellig_json_is_the_same_as_format_json(netz, hagen):
    as_option = netz("faellig", "--json")
    as_format = netz("faellig", "--format", "json")
    assert as_option.exit_code == 0, as_option.output
    assert json.loads(as_option.stdout) == json.loads(as_format.stdout)
    assert json.loads(as_option.stdout)[0]["id"] == "ag-1"


def test_faellig_json_and_another_format_is_a_usage_error(netz, hagen):
    result = netz("faellig", "--json", "--format", "verteiler")
    assert result.exit_code == 2
    assert "--json" in result.stderr


def test_readme_documents_the_exit_codes():
    from pathlib import Path

    readme = (Path(__file__).parents[1] / "README.md").read_text("utf-8")
    section = readme.split("### Rückgabewerte")[1].split("\n## ")[0]
    for line in ("| 0 |", "| 1 |", "| 2 |"):
        assert line in section


# --- declined removal, a contact's id given to `netz show` ------------------------------------


def test_declining_remove_says_nothing_changed(netz, hagen, terminal):
    result = netz("remove", "ak-90", input="n\n")
    assert result.exit_code == 1
    assert "Nichts geändert." in result.stderr
    assert "ak-90" in registry_from_text(hagen.read_text("utf-8"), str(hagen)).netzwerke


def test_declining_kontakt_remove_says_nothing_changed(netz, hagen, terminal):
    result = netz("kontakt", "remove", "familienzentrum-eilpe", "--force", input="n\n")
    assert result.exit_code == 1
    assert "Nichts geändert." in result.stderr


def test_show_with_a_contact_id_points_to_kontakt_show(netz, hagen):
    result = netz("show", "natalia-keller")
    assert result.exit_code == 2
    assert "Das ist ein Kontakt: `netz kontakt show natalia-keller` zeigt ihn." in result.stderr


def test_show_with_a_contact_id_points_to_kontakt_show_in_the_core(hagen):
    from netzwerk_cli.errors import InputError

    registry = registry_from_text(hagen.read_text("utf-8"), str(hagen))
    with pytest.raises(InputError, match="netz kontakt show natalia-keller"):
        registry.entry("natalia-keller")


# --- the installed command, in its own process ------------------------------------------------


def test_installed_netz_follows_the_exit_code_rule(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    netz_command = Path(sys.executable).with_name("netz")
    env = {k: v for k, v in os.environ.items() if k != "NETZ_REGISTRY"}
    env |= {"XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "XDG_CACHE_HOME": str(tmp_path / "cache"), "HOME": str(tmp_path / "home")}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(netz_command), *args], capture_output=True, text=True,
                              env=env, timeout=60, check=False)

    found = run("faellig", "--json")
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)[0]["id"] == "ag-1"
    nothing = run("search", "xyzzy", "--json")
    assert (nothing.returncode, json.loads(nothing.stdout)) == (1, [])
    assert "Nichts gefunden für „xyzzy“" in nothing.stderr
    empty = run("export", "verteiler", "--art", "Gremium")
    assert (empty.returncode, empty.stdout) == (1, "")
    assert run("list", "--bezirk", "Hspe").returncode == 2


@pytest.mark.parametrize("args, message", [
    (["add", "--yes"], "Fehler: Unbekannte Option: --yes"),
    (["lst"], "Fehler: Unbekannter Befehl „lst“. Meinten Sie „list“?"),
])
def test_a_usage_error_in_a_pipe_is_plain_lines_without_a_box(netz, hagen, args, message):
    result = netz(*args)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith("Aufruf: netz") and lines[1].startswith("Hilfe: 'netz")
    assert lines[2] == message
    assert not set("╭╮╰╯│─") & set(result.stderr)


def test_the_installed_netz_prints_a_usage_error_to_a_log_file_plainly(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    log = tmp_path / "fehler.log"
    with log.open("w") as stderr:
        code = subprocess.run([str(Path(sys.executable).with_name("netz")), "add", "--yes"],
                              stdout=subprocess.DEVNULL, stderr=stderr, check=False).returncode
    assert code == 2
    assert log.read_text("utf-8").splitlines()[-1] == "Fehler: Unbekannte Option: --yes"
