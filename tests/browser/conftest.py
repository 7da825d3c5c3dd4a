"""Playwright driving Debian's chromium, headless, with real audio playback."""
import os

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--autoplay-policy=no-user-gesture-required",
                 "--disable-gpu", "--no-first-run", "--disable-component-update", "--disable-sync"]

# The sizes the layout is designed and tested for: a phone held upright (touch) and a laptop screen.
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
DESKTOP = {"viewport": {"width": 1366, "height": 800}}


class Chromium:
    """The one chromium of the session, launched again if a test took it down, so that one crash fails one
    test, not every test after it."""

    def __init__(self, playwright):
        self._playwright = playwright
        self._launched = None

    def get(self):
        if self._launched is None or not self._launched.is_connected():
            self._launched = self._playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                              args=CHROMIUM_ARGS)
        return self._launched

    def close(self):
        if self._launched is not None and self._launched.is_connected():
            self._launched.close()


def log_in(page, base_url, username, password="correct horse"):
    """Log in through the login form, as a person does; returns once the browser has left the login page."""
    page.goto(base_url + "/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/login" not in url)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's 'chromium' package (make test does it as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = Chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser):
    """``new_page()`` opens a page in a context of its own: a separate browser profile per user. Keyword
    arguments go to ``browser.new_context``: ``new_page(**PHONE)`` is a touch phone."""
    contexts = []

    def make(**context_options):
        context = browser.get().new_context(**context_options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
