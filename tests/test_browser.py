"""The published page in a real browser: headless Chromium opens it from disk and filters.

Needs Debian's ``chromium`` and ``chromium-driver`` (``.ci/run`` installs them). Where they are
missing the tests are skipped with that reason, never passed silently. A screenshot of the page
is kept in ``build/test-artefakte/``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ARTEFAKTE = Path(__file__).parents[1] / "build" / "test-artefakte"


@pytest.fixture(scope="module")
def browser():
    chromium = shutil.which("chromium")
    treiber = shutil.which("chromedriver")
    if not (chromium and treiber):
        pytest.skip("Browser-Tests übersprungen: chromium und chromedriver sind nicht "
                    "installiert (Debian-Pakete chromium, chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    optionen = webdriver.ChromeOptions()
    optionen.binary_location = chromium
    for schalter in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--no-first-run", "--disable-background-networking", "--disable-sync",
                     "--disable-component-update", "--window-size=1100,1400"):
        optionen.add_argument(schalter)
    treiber_instanz = webdriver.Chrome(service=Service(executable_path=treiber), options=optionen)
    yield treiber_instanz
    treiber_instanz.quit()


@pytest.fixture
def seite(browser, netz, fixture_datei, monkeypatch, tmp_path):
    """The page for tests/fixtures/html.toml, opened from disk."""
    monkeypatch.setenv("NETZ_REGISTRY", str(fixture_datei("html.toml")))
    datei = tmp_path / "netzwerke.html"
    assert netz("export", "html", "-o", str(datei)).exit_code == 0
    browser.get(datei.as_uri())
    return browser


def sichtbare_namen(browser) -> list[str]:
    from selenium.webdriver.common.by import By

    return [h.text for h in browser.find_elements(By.CSS_SELECTOR, "li.netzwerk h3")
            if h.is_displayed()]


def waehlen(browser, feld_id: str, wert: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element(By.ID, feld_id)).select_by_value(wert)


def test_page_opens_from_disk_with_the_filter_bar_and_everything_visible(seite):
    from selenium.webdriver.common.by import By

    assert seite.find_element(By.ID, "filter").is_displayed()
    assert seite.find_element(By.ID, "anzahl").text == "Alle 4 Einträge"
    assert len(sichtbare_namen(seite)) == 4
    ARTEFAKTE.mkdir(parents=True, exist_ok=True)
    assert seite.save_screenshot(str(ARTEFAKTE / "netzwerke.png"))


def test_filter_by_bezirk_keeps_that_bezirk_and_the_city_wide_networks(seite):
    from selenium.webdriver.common.by import By

    waehlen(seite, "f-bezirk", "Haspe")
    assert sichtbare_namen(seite) == ["Hasper Runde", "AG Kita", "Musikschule"]
    ueberschriften = [h.text for h in seite.find_elements(By.TAG_NAME, "h2") if h.is_displayed()]
    assert "Stadtbezirk Hagen-Nord" not in ueberschriften
    assert seite.find_element(By.ID, "anzahl").text == "3 von 4 Einträgen passen"


def test_filter_by_topic_and_kind(seite):
    waehlen(seite, "f-thema", "Übergang Schule–Beruf")
    assert sichtbare_namen(seite) == ["Hasper Runde"]
    waehlen(seite, "f-thema", "")
    waehlen(seite, "f-art", "Arbeitsgemeinschaft")
    assert sichtbare_namen(seite) == ["AG Kita"]


def test_free_text_search_ignores_case_and_umlauts(seite):
    from selenium.webdriver.common.by import By

    suche = seite.find_element(By.ID, "f-text")
    suche.send_keys("uebergang")
    assert sichtbare_namen(seite) == ["Hasper Runde"]
    suche.clear()
    suche.send_keys("KELLER")
    assert sichtbare_namen(seite) == ["Hasper Runde"]


def test_reset_shows_everything_again(seite):
    from selenium.webdriver.common.by import By

    waehlen(seite, "f-bezirk", "Haspe")
    seite.find_element(By.ID, "f-zuruecksetzen").click()
    assert len(sichtbare_namen(seite)) == 4


def test_filter_bar_is_reachable_by_keyboard(seite):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    seite.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    assert seite.switch_to.active_element.get_attribute("id") == "f-bezirk"
    seite.switch_to.active_element.send_keys(Keys.TAB)
    assert seite.switch_to.active_element.get_attribute("id") == "f-thema"


def test_escaped_name_shows_as_text_and_runs_nothing(seite):
    from selenium.common.exceptions import NoAlertPresentException

    assert "Stadtteilforum Boele <script>alert(1)</script>" in sichtbare_namen(seite)
    with pytest.raises(NoAlertPresentException):
        seite.switch_to.alert.text  # noqa: B018  (the injected alert(1) never ran)


def test_page_fits_a_phone_screen_without_sideways_scrolling(seite):
    seite.set_window_size(375, 800)
    breite = seite.execute_script("return document.documentElement.scrollWidth")
    fenster = seite.execute_script("return window.innerWidth")
    assert breite <= fenster
    ARTEFAKTE.mkdir(parents=True, exist_ok=True)
    assert seite.save_screenshot(str(ARTEFAKTE / "netzwerke-telefon.png"))
    seite.set_window_size(1100, 1400)
