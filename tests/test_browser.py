"""The HTML report in real headless Chromium: it loads under its CSP without a console error, the
reasons are readable without hovering, keyboard navigation walks the findings, selecting a sentence
shows its counterpart, and hostile text never runs.

Needs Chromium and chromedriver (Debian: ``apt-get install chromium chromium-driver``; CI installs
them in scripts/bootstrap.sh) and selenium (the dev extra). Where any is missing the tests are
skipped with the reason, unless ``TRANSCHECK_BROWSER_TESTS=required`` (set by the bootstrap once
Chromium is installed): then a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from conftest import seed
from test_report import sample_report

from transcheck.report import get_formatter

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
DRIVERS = ("chromedriver", "/usr/lib/chromium/chromedriver")
WIDTH, HEIGHT = 1400, 1000


def _missing(why: str):
    if os.environ.get("TRANSCHECK_BROWSER_TESTS") == "required":
        pytest.fail(f"browser tests required but {why}")
    pytest.skip(f"{why}: install with `apt-get install chromium chromium-driver` (the CI bootstrap does)")


@pytest.fixture(scope="module")
def browser():
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _missing("selenium is not installed (pip install -e '.[dev]')")
    binary = next((p for p in map(shutil.which, BROWSERS) if p), None)
    driver = next((p for p in map(shutil.which, DRIVERS) if p), None)
    if binary is None or driver is None:
        _missing("Chromium or chromedriver not found")
    opts = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--hide-scrollbars", f"--window-size={WIDTH},{HEIGHT}"):
        opts.add_argument(arg)
    opts.binary_location = binary
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(service=Service(driver), options=opts)
    yield drv
    drv.quit()


def _open(browser, page: str, tmp_path: Path, name: str = "report.html"):
    path = tmp_path / name
    path.write_text(page, encoding="utf-8")
    browser.get(path.as_uri())
    return path


def _console_errors(browser) -> list[dict]:
    return [e for e in browser.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]


def _key(browser, key: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(browser).send_keys(key).perform()
    time.sleep(0.1)


def _in_view(browser, el) -> bool:
    """Whether ``el`` is inside the window and inside its scrolling column."""
    return browser.execute_script(
        "var r=arguments[0].getBoundingClientRect();var c=arguments[0].closest('.col');"
        "var k=c?c.getBoundingClientRect():{top:0,bottom:innerHeight};"
        "return r.top>=Math.max(0,k.top)-1&&r.bottom<=Math.min(innerHeight,k.bottom)+1;", el)


def test_page_loads_under_its_csp_without_console_errors(browser, tmp_path):
    _open(browser, get_formatter("html")(sample_report()), tmp_path)
    assert browser.title == "transcheck report"
    assert browser.execute_script("return document.documentElement.classList.contains('js')"), \
        "the inline script did not run: its hash does not match the CSP"
    assert _console_errors(browser) == []


def test_reasons_are_visible_without_hovering(browser, tmp_path):
    from selenium.webdriver.common.by import By

    _open(browser, get_formatter("html")(sample_report()), tmp_path)
    first = browser.find_element(By.CSS_SELECTOR, "ol.findings li")
    assert first.is_displayed() and "date: 'Saturday' became 'Sunday'" in first.text
    why = browser.find_element(By.CSS_SELECTOR, "#d0 .why.drift")
    assert why.is_displayed() and why.text.startswith("drift (score 0.97): date: 'Saturday' became 'Sunday'")
    assert browser.find_element(By.CSS_SELECTOR, "#d0 .why.mtev").text == "MT evidence: 'trump' (casing)"


def test_keyboard_moves_to_the_next_and_previous_finding(browser, tmp_path):
    from selenium.webdriver.common.by import By

    _open(browser, get_formatter("html")(sample_report()), tmp_path)
    targets = [a.get_attribute("href").rsplit("#", 1)[1]
               for a in browser.find_elements(By.CSS_SELECTOR, "ol.findings li > a")]
    assert targets[:2] == ["d0-c0", "d0"]  # the drift first, then the document's MT verdict
    _key(browser, "j")
    assert browser.execute_script("return location.hash") == "#d0-c0"
    current = browser.find_element(By.CSS_SELECTOR, "ol.findings li.current")
    assert "Sunday" in current.text
    assert _in_view(browser, browser.find_element(By.ID, "d0-c0"))
    _key(browser, "j")
    assert browser.execute_script("return location.hash") == "#" + targets[1]
    _key(browser, "n")
    assert browser.execute_script("return location.hash") == "#" + targets[2]
    _key(browser, "k")
    _key(browser, "p")
    assert browser.execute_script("return location.hash") == "#d0-c0"
    assert len(browser.find_elements(By.CSS_SELECTOR, "ol.findings li.current")) == 1


def test_filters_hide_findings_and_navigation_follows(browser, tmp_path):
    from selenium.webdriver.common.by import By

    _open(browser, get_formatter("html")(sample_report()), tmp_path)
    browser.find_element(By.ID, "st-drift").click()
    drift = browser.find_element(By.CSS_SELECTOR, "ol.findings li.st-drift")
    assert not drift.is_displayed()
    _key(browser, "j")
    assert browser.execute_script("return location.hash") == "#d0"  # the drift is skipped
    browser.find_element(By.ID, "st-drift").click()
    browser.find_element(By.ID, "k-casing").click()
    shown = [li for li in browser.find_elements(By.CSS_SELECTOR, "ol.findings li") if li.is_displayed()]
    assert shown and all("casing" in li.get_attribute("class") for li in shown)


def test_clicking_a_sentence_highlights_and_scrolls_to_its_counterpart(browser, tmp_path):
    from selenium.webdriver.common.by import By

    _open(browser, get_formatter("html")(sample_report()), tmp_path)
    counterpart = browser.find_element(By.ID, "d0-o0-" + str(sample_report().documents[0].sentences[0].counterpart.start))
    assert not _in_view(browser, counterpart)  # below the first screen of its column
    sentence = browser.find_element(By.ID, "d0-c0")
    browser.execute_script("arguments[0].scrollIntoView({block:'center'})", sentence)
    sentence.click()
    time.sleep(0.1)
    assert "sel" in sentence.get_attribute("class").split()
    assert "pair" in counterpart.get_attribute("class").split()
    assert _in_view(browser, counterpart) and _in_view(browser, sentence)
    # and back: the original's sentence selects the copy's
    counterpart.click()
    time.sleep(0.1)
    assert "pair" in sentence.get_attribute("class").split()
    assert _console_errors(browser) == []


def test_hostile_text_and_file_names_never_run(browser, tmp_path):
    from selenium.webdriver.common.by import By

    _open(browser, get_formatter("html")(sample_report()), tmp_path)
    time.sleep(0.2)
    assert browser.title == "transcheck report"  # the hostile handlers would have set 'pwned'
    assert browser.find_elements(By.TAG_NAME, "img") == []
    assert len(browser.find_elements(By.TAG_NAME, "script")) == 1
    assert "<script>document.title='pwned'</script>" in browser.execute_script("return document.body.textContent")


@pytest.mark.slow
def test_seed_report_shows_summary_and_findings_on_the_first_screen(browser, tmp_path):
    from selenium.webdriver.common.by import By
    from typer.testing import CliRunner

    from transcheck.cli import app

    folder = tmp_path / "news"
    folder.mkdir()
    for n in range(5):
        shutil.copy(seed(n), folder / seed(n).name)
    # a hostile page: its script is dropped by the extraction; its escaped markup becomes article text
    (folder / "hostile.html").write_text(
        "<html><head><script>document.title='pwned'</script></head><body><article><p>The two presidents met on "
        "Saturday in Da Nang &lt;img src=x onerror=\"document.title='pwned'\"&gt; and agreed that there is no "
        "military solution to the conflict in Syria.</p><p>They spoke &lt;script&gt;document.title='pwned'"
        "&lt;/script&gt; briefly on the sidelines of the summit.</p></article></body></html>", encoding="utf-8")
    out = tmp_path / "seeds.html"
    result = CliRunner().invoke(app, ["scan", str(folder), "--format", "html", "--output", str(out), "--quiet"])
    assert result.exit_code == 1, result.output
    browser.get(out.as_uri())
    time.sleep(0.2)
    assert browser.title == "transcheck report" and _console_errors(browser) == []
    rows = browser.find_elements(By.CSS_SELECTOR, "#summary tbody tr")
    assert len(rows) == 6 and all(_in_view(browser, r) for r in rows)
    first = browser.find_element(By.CSS_SELECTOR, "ol.findings li")
    assert _in_view(browser, first) and first.text.startswith("drift")
    assert "quote differs" in first.text
    _key(browser, "j")
    target = browser.find_element(By.ID, browser.execute_script("return location.hash.slice(1)"))
    assert "drift" in target.get_attribute("class").split() and _in_view(browser, target)
    assert browser.find_elements(By.TAG_NAME, "img") == []
    assert "<script>document.title='pwned'</script>" in browser.execute_script("return document.body.textContent")
