"""The vCards in khard, a vCard address book for the terminal (issue 12).

khard reads a folder with one card per file – as a CardDAV sync (vdirsyncer) leaves it –, so the
export is split into cards. Organisations must show as companies (KIND:org in 4.0; in 3.0, which
has no KIND, khard reads X-KIND), names, addresses and phone numbers as typed. Needs khard
(``pip install khard``); without it the tests are skipped with that reason.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ORGANISATIONS = {"Bezirksjugendpflege Haspe", "Jugendtreff Haspe", "Komma, Org",
                 'Verein "Zukunft"'}


@pytest.fixture(scope="module")
def khard() -> str:
    found = shutil.which("khard") or shutil.which("khard", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip("khard-Tests übersprungen: khard ist nicht installiert (pip install khard)")
    return found


def khard_lines(khard: str, config: Path, *args: str) -> list[list[str]]:
    result = subprocess.run([khard, "-c", str(config), *args], capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    return [line.split("\t") for line in result.stdout.splitlines() if "\t" in line]


@pytest.mark.parametrize("version", ["4.0", "3.0"])
def test_khard_shows_organisations_as_companies_and_names_mails_phones_as_exported(
        khard, netz, fixture_file, tmp_path, version):
    result = netz("export", "kontakte", "-r", str(fixture_file("sonderzeichen.toml")),
                  "--format", "vcard", "--vcard-version", version)
    assert result.exit_code == 0, result.output
    folder = tmp_path / "adressbuch"
    folder.mkdir()
    cards = result.stdout_bytes.decode().split("END:VCARD\r\n")[:-1]
    for number, card in enumerate(cards):
        (folder / f"{number:03}.vcf").write_bytes(f"{card}END:VCARD\r\n".encode())
    config = tmp_path / "khard.conf"
    config.write_text(f"[addressbooks]\n[[netz]]\npath = {folder}\n"
                      "[general]\ndefault_action = list\n", encoding="utf-8")

    listed = khard_lines(khard, config, "list", "--parsable", "--fields",
                         "formatted_name,kind,first_name,last_name,version")
    assert len(listed) == len(cards) == 10
    kinds = {name: kind for name, kind, *_ in listed}
    assert {n for n, k in kinds.items() if k == "org"} == ORGANISATIONS
    assert {k for n, k in kinds.items() if n not in ORGANISATIONS} == {"individual"}
    assert {row[-1] for row in listed} == {version}
    names = {row[0]: row[2:4] for row in listed}
    assert names["Petra Plus"] == ["Petra", "Plus"]
    assert names["Jörg Größe-Ärmel"] == ["Jörg", "Größe-Ärmel"]
    assert names["Kontakt mail=x\\ Ende"] == ["Kontakt mail=x", "Ende"]

    mails = {row[1]: row[0] for row in khard_lines(khard, config, "email", "--parsable")}
    assert mails["Petra Plus"] == "petra+netz@example.org"
    assert mails["Gerd Gleich"] == "gerd=netz&mehr@example.org"
    assert mails['Verein "Zukunft"'] == "zukunft@example.org"
    phones = {row[1]: row[0] for row in khard_lines(khard, config, "phone", "--parsable")}
    assert phones == {"Petra Plus": "+49 2331 207-3608", "Jugendtreff Haspe": "+49 2331 1234",
                      "Bezirksjugendpflege Haspe": "+49 2331 207-2000"}
