"""A real `serve` and one headless Chromium shared by the browser tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from selenium.webdriver.remote.webdriver import WebDriver

from tests.browser.chromium import DESKTOP, chromium
from tests.infra.serving import serving

# Small enough that a test can exceed it with a paragraph; the README's example is far below.
MAX_TEXT_CHARS = 2000


@pytest.fixture(scope="session")
def review_server() -> Iterator[str]:
    """A server with the page on (the default) shared by the tests."""
    with serving({"QUOTES_MAX_TEXT_CHARS": str(MAX_TEXT_CHARS)}) as base:
        yield base


@pytest.fixture(scope="session")
def session_browser() -> Iterator[WebDriver]:
    """One Chromium for the session (starting one costs more than a page load)."""
    with chromium() as driver:
        yield driver


@pytest.fixture
def browser(session_browser: WebDriver) -> WebDriver:
    """The shared Chromium at desktop size with its console log drained."""
    session_browser.set_window_size(*DESKTOP)
    session_browser.get_log("browser")
    return session_browser
