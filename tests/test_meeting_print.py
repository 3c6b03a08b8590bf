"""The info-wall sheet printed by a real browser: headless Chromium prints it to PDF, and the
PDF must be A4 with one page (a small network) or two (a large one).

Needs Debian's ``chromium`` (``.ci/run`` installs it); without it the tests are skipped with
that reason. The PDFs and a picture of the first page are kept in ``build/test-artefakte/``.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from netzwerk_cli.model import Kontakt, Mitglied
from netzwerk_cli.registry import registry_to_toml
from tests.conftest import FIXTURES, loaded

ARTIFACTS = Path(__file__).parents[1] / "build" / "test-artefakte"
MAERZ = "netzwerk-mitte-2027-03-16"
A4_POINTS = (595.3, 841.9)


@pytest.fixture(scope="module")
def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.skip("Drucktest übersprungen: chromium ist nicht installiert (Debian-Paket "
                    "chromium)")
    return found


def _headless(chromium: str, *switches: str) -> None:
    subprocess.run([chromium, "--headless=new", "--no-sandbox", "--disable-gpu",
                    "--disable-dev-shm-usage", "--no-first-run", "--disable-extensions",
                    "--disable-background-networking", "--disable-sync",
                    "--disable-component-update", *switches],
                   capture_output=True, timeout=120, check=True)


def print_to_pdf(chromium: str, page: Path, pdf: Path) -> bytes:
    """Print the page as a person would (print stylesheet, no browser header or footer)."""
    _headless(chromium, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    return pdf.read_bytes()


def pdf_pages(data: bytes) -> list[tuple[float, float]]:
    """The size of each page of a PDF in points: each ``/Type /Page`` object's MediaBox
    (Chromium writes page objects uncompressed)."""
    sizes = []
    for match in re.finditer(rb"/Type\s*/Page(?![A-Za-z])", data):
        start = data.rfind(b" obj", 0, match.start())
        end = data.find(b"endobj", match.end())
        box = re.search(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]",
                        data[start:end])
        assert box, "page without MediaBox"
        x0, y0, x1, y1 = map(float, box.groups())
        sizes.append((x1 - x0, y1 - y0))
    return sizes


def is_a4(size: tuple[float, float]) -> bool:
    return all(abs(got - want) < 2 for got, want in zip(size, A4_POINTS, strict=True))


def sheet_file(netz, registry: Path, target: Path) -> Path:
    result = netz("treffen", "aushang", MAERZ, "-o", str(target), "--registry", str(registry))
    assert result.exit_code == 0, result.output
    return target


def test_sheet_of_a_small_network_prints_on_one_a4_page(chromium, netz, tmp_path):
    page = sheet_file(netz, FIXTURES / "treffen-formate.toml", tmp_path / "aushang.html")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    sizes = pdf_pages(print_to_pdf(chromium, page, ARTIFACTS / "aushang.pdf"))
    assert len(sizes) == 1
    assert is_a4(sizes[0])
    _headless(chromium, f"--screenshot={ARTIFACTS / 'aushang.png'}", "--window-size=850,1200",
              page.as_uri())
    assert (ARTIFACTS / "aushang.png").stat().st_size > 0


def test_sheet_of_a_large_network_prints_on_two_a4_pages(chromium, netz, tmp_path):
    registry = loaded(FIXTURES / "treffen-formate.toml")
    people = {f"person-{i:02d}": Kontakt(art="person", name=f"Person {i:02d}",
                                         organisation=f"Einrichtung {i:02d}")
              for i in range(16)}
    members = {**registry.mitglieder["netzwerk-mitte"],
               **{kontakt_id: Mitglied(seit="2025-01") for kontakt_id in people}}
    large = dataclasses.replace(registry, kontakte={**registry.kontakte, **people},
                                mitglieder={"netzwerk-mitte": members})
    file = tmp_path / "gross.toml"
    file.write_text(registry_to_toml(large), encoding="utf-8")
    page = sheet_file(netz, file, tmp_path / "aushang-gross.html")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    sizes = pdf_pages(print_to_pdf(chromium, page, ARTIFACTS / "aushang-gross.pdf"))
    assert len(sizes) == 2
    assert all(map(is_a4, sizes))
