"""Browser tests: Debian's headless Chromium driven by Selenium against the live server,
with a real django-q2 worker running the processes (scripts/ensure-browser installs
Chromium and ChromeDriver; `make test` calls it).

Screenshots go to $SCREENSHOT_DIR (default artifacts/screenshots); `make screenshots`
writes them to docs/screenshots, where the README tour shows them.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from tests.integration.engine.conftest import Cluster, wait_for

ROOT = Path(__file__).resolve().parents[2]
DESKTOP = (1280, 800)
PHONE = (390, 844)
WAIT_SECONDS = 30


def chromium_options(user_data_dir: str):
    from selenium import webdriver

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        f"--user-data-dir={user_data_dir}",
        f"--window-size={DESKTOP[0]},{DESKTOP[1]}",
    ):
        options.add_argument(flag)
    return options


@pytest.fixture(scope="session")
def driver():
    if not (shutil.which("chromium") and shutil.which("chromedriver")):
        pytest.fail("Chromium and ChromeDriver are missing: run scripts/ensure-browser (make test does)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="nrenorch-chromium-")
    chrome = webdriver.Chrome(
        service=Service(shutil.which("chromedriver")), options=chromium_options(profile)
    )
    chrome.set_page_load_timeout(60)
    yield chrome
    chrome.quit()
    shutil.rmtree(profile, ignore_errors=True)


class Console:
    """The console in the browser, as an operator uses it: open pages, fill, click, read."""

    def __init__(self, driver, base_url: str, screenshot_dir: Path):
        self.driver = driver
        self.base_url = base_url
        self.screenshot_dir = screenshot_dir

    # --- navigation and reading ---------------------------------------------------------
    def open(self, path: str):
        self.driver.get(self.base_url + path)

    def find(self, css: str):
        from selenium.webdriver.common.by import By

        return self.driver.find_element(By.CSS_SELECTOR, css)

    def find_all(self, css: str):
        from selenium.webdriver.common.by import By

        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def text(self, css: str = "body") -> str:
        return self.find(css).text

    def wait_for_text(self, text: str, css: str = "body", timeout: float = WAIT_SECONDS):
        """Wait without reloading: the page must show it by itself (the process page refreshes)."""
        return wait_for(lambda: text in self._safe_text(css), timeout, f"{text!r} in {css}", interval=0.25)

    def _safe_text(self, css):
        from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException

        try:
            return self.find(css).text
        except (NoSuchElementException, StaleElementReferenceException):
            return ""

    # --- acting ---------------------------------------------------------------------------
    def click(self, css: str):
        """Click; a link or a submit button leads to a new page: wait until it has replaced this one."""
        element = self.find(css)
        navigates = element.tag_name == "a" or element.get_attribute("type") == "submit"
        if navigates:
            # A mark on the old page's window: the new page does not have it. (Selenium's
            # staleness_of asks the old element, and Chromium answers that with an
            # "unhandled inspector error" instead of a stale reference while it swaps pages.)
            self.driver.execute_script("window.nrenorchOldPage = true")
        element.click()
        if navigates:
            from selenium.common.exceptions import WebDriverException
            from selenium.webdriver.support.wait import WebDriverWait

            WebDriverWait(self.driver, WAIT_SECONDS, ignored_exceptions=(WebDriverException,)).until(
                lambda driver: driver.execute_script("return window.nrenorchOldPage === undefined")
            )

    def fill(self, **fields):
        """Type into inputs, choose in selects (by visible text; a list for a multiple select)."""
        from selenium.webdriver.support.select import Select

        for name, value in fields.items():
            element = self.find(f'[name="{name}"]')
            if element.tag_name == "select":
                select = Select(element)
                if select.is_multiple:
                    select.deselect_all()
                for choice in value if isinstance(value, list) else [value]:
                    select.select_by_visible_text(choice)
            elif element.get_attribute("type") == "checkbox":
                if element.is_selected() != bool(value):
                    element.click()
            else:
                element.clear()
                element.send_keys(str(value))

    def choose(self, name: str, starting_with: str):
        """Choose the first option whose text starts with `starting_with` (labels that carry details)."""
        from selenium.webdriver.support.select import Select

        select = Select(self.find(f'[name="{name}"]'))
        texts = [option.text for option in select.options]
        matching = [t for t in texts if t.startswith(starting_with)]
        assert matching, f"no option of {name} starts with {starting_with!r}: {texts}"
        select.select_by_visible_text(matching[0])
        return matching[0]

    def next(self):
        self.click('input[name="_next"]')

    def previous(self):
        self.click('input[name="_previous"]')

    def start(self):
        self.click('input[name="_start"]')

    # --- looking ----------------------------------------------------------------------------
    def screenshot(
        self, name: str, size=DESKTOP, full_page: bool = True, directory: Path | None = None
    ) -> Path:
        """Save the page as `name`.png at `size` (the full height of the page when asked)."""
        width, height = size
        self.driver.set_window_size(width, height)
        if full_page:
            page_height = self.driver.execute_script("return document.documentElement.scrollHeight")
            self.driver.set_window_size(width, min(max(page_height + 120, height), 3000))
        directory = directory or self.screenshot_dir
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"{name}.png"
        self.driver.save_screenshot(str(path))
        self.driver.set_window_size(*DESKTOP)
        return path

    def overflows_horizontally(self, size) -> bool:
        """True when the page is wider than the window at `size` (a phone must not scroll sideways)."""
        self.driver.set_window_size(*size)
        try:
            return self.driver.execute_script(
                "return document.documentElement.scrollWidth > window.innerWidth + 2"
            )
        finally:
            self.driver.set_window_size(*DESKTOP)


@pytest.fixture
def console(driver, live_server, transactional_db):
    user = get_user_model().objects.create_superuser("operator", "operator@example.org", "operator-password")
    screenshots = Path(os.environ.get("SCREENSHOT_DIR") or ROOT / "artifacts" / "screenshots")
    page = Console(driver, live_server.url, screenshots)
    driver.delete_all_cookies()
    page.open("/admin/login/")
    page.fill(username=user.username, password="operator-password")
    page.click('input[type="submit"]')
    page.wait_for_text("Start")
    return page


@pytest.fixture
def worker(transactional_db, effects_table, tmp_path):
    """A real django-q2 cluster running the processes the browser starts."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.fail(
            "The browser tests need PostgreSQL: run them with `make test` (DATABASE_URL=postgres://…)"
        )
    running = Cluster(tmp_path, workers=1).start()
    yield running
    running.stop()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """On a failure, keep what the browser showed: a screenshot and the page's text."""
    outcome = yield
    report = outcome.get_result()
    console = item.funcargs.get("console") if hasattr(item, "funcargs") else None
    if report.when == "call" and report.failed and console is not None:
        path = console.screenshot(f"FAILED-{item.name}", directory=ROOT / "artifacts" / "screenshots")
        report.sections.append(
            (
                "browser",
                f"screenshot: {path}\nurl: {console.driver.current_url}\n{console._safe_text('body')[:3000]}",
            )
        )
