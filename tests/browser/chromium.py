"""Headless Chromium from Debian's packages (`chromium`, `chromium-driver`) under selenium.

Nothing downloads a browser: both executables are given, and Selenium Manager is told to stay
offline. A missing package is an error, never a skip (CI installs both with apt-get).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from selenium import webdriver

CHROMIUM = Path(os.environ.get("QUOTES_TEST_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("QUOTES_TEST_CHROMEDRIVER", "/usr/bin/chromedriver"))
DESKTOP = (1280, 900)
PHONE = (390, 844)  # CSS pixels of a common phone in portrait


def _require(path: Path, package: str) -> None:
    """Fail loudly when a Debian package the browser tests need is not installed."""
    if not os.access(path, os.X_OK):
        raise RuntimeError(f"{path} is missing: apt-get install -y {package}")


@contextmanager
def chromium(size: tuple[int, int] = DESKTOP) -> Iterator[webdriver.Chrome]:
    """A headless Chromium window of ``size`` that keeps its console log."""
    _require(CHROMIUM, "chromium")
    _require(CHROMEDRIVER, "chromium-driver")
    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must never fetch a browser or driver
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--disable-gpu", "--no-first-run", f"--window-size={size[0]},{size[1]}"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = webdriver.ChromeService(executable_path=str(CHROMEDRIVER))
    driver = webdriver.Chrome(options=options, service=service)
    try:
        yield driver
    finally:
        driver.quit()
