"""Driving the review page the way a person does: paste, Ctrl+Enter, wait for the answer."""

from __future__ import annotations

from typing import Any

import httpx
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

# Waits end as soon as the page is ready; the bound only stops a page that never answers, so it
# is far beyond a first parse on a busy machine.
WAIT_SECONDS = 180

# Each highlighted quote part with its place as code points (Python's string indices) before
# it in the article, so it compares with the API's offsets whatever characters precede it.
MARKS_JS = """
const article = document.getElementById("article");
return [...article.querySelectorAll("mark[data-quote-id]")].map((mark) => {
  const range = document.createRange();
  range.setStart(article, 0);
  range.setEndBefore(mark);
  const start = Array.from(range.toString()).length;
  return {quote: mark.dataset.quoteId, speaker: mark.dataset.speakerId, start: start,
          end: start + Array.from(mark.textContent).length, text: mark.textContent};
});
"""
PASTE_JS = """
const box = document.getElementById("article-text");
box.focus();
box.value = arguments[0];
box.dispatchEvent(new Event("input", {bubbles: true}));
"""


def wait(driver: WebDriver) -> WebDriverWait[WebDriver]:
    """An explicit wait with the generous bound."""
    return WebDriverWait(driver, WAIT_SECONDS)


def open_page(driver: WebDriver, base: str, path: str = "/review") -> WebElement:
    """Load the page and return its textarea once the script is ready."""
    driver.get(base + path)
    wait(driver).until(lambda d: d.execute_script("return document.body.dataset.state") == "idle")
    return driver.find_element(By.CSS_SELECTOR, "textarea")


def paste(driver: WebDriver, text: str) -> None:
    """Put ``text`` in the textarea as a paste does (typing cannot enter every character)."""
    driver.execute_script(PASTE_JS, text)


def runs(driver: WebDriver) -> int:
    """How many runs the page has finished."""
    return int(driver.execute_script("return document.body.dataset.runs"))


def wait_for_run(driver: WebDriver, before: int) -> str:
    """Wait until a run after the ``before``-th has finished; its outcome (done or error)."""
    wait(driver).until(lambda d: runs(d) > before)
    return str(driver.execute_script("return document.body.dataset.state"))


def run(driver: WebDriver) -> str:
    """Press Ctrl+Enter in the textarea and wait for the answer; its outcome."""
    before = runs(driver)
    driver.find_element(By.CSS_SELECTOR, "textarea").send_keys(Keys.CONTROL, Keys.ENTER)
    return wait_for_run(driver, before)


def analyse(driver: WebDriver, base: str, text: str) -> str:
    """Open the page, paste ``text``, run it; the outcome."""
    open_page(driver, base)
    paste(driver, text)
    return run(driver)


def marks(driver: WebDriver) -> list[dict[str, Any]]:
    """The highlighted quote parts of the drawn article, in document order."""
    return list(driver.execute_script(MARKS_JS))


def api_parts(answer: dict[str, Any]) -> list[dict[str, Any]]:
    """The quote parts of an API answer in the shape of ``marks``, in text order."""
    parts = [
        {"quote": quote["id"], "speaker": (quote["speaker"] or {}).get("speaker_id") or "",
         "start": part["start"], "end": part["end"], "text": part["text"]}
        for quote in answer["quotes"]
        for part in quote["parts"]
    ]
    return sorted(parts, key=lambda part: (part["start"], -part["end"]))


def ask_api(base: str, text: str, **options: object) -> dict[str, Any]:
    """What the API answers for ``text`` (the page's own source of truth)."""
    response = httpx.post(f"{base}/v1/quotes", json={"text": text, "options": options}, timeout=120)
    response.raise_for_status()
    answer: dict[str, Any] = response.json()
    return answer


def texts(driver: WebDriver, css: str) -> list[str]:
    """The text content of every element matching ``css``, in document order."""
    found = driver.find_elements(By.CSS_SELECTOR, css)
    return [str(element.get_attribute("textContent")) for element in found]


def scroll_to(driver: WebDriver, element: WebElement) -> WebElement:
    """Bring an element to the middle of the window at once (the page scrolls smoothly for
    people; a click during that animation would land elsewhere) and return it."""
    driver.execute_script(
        "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element
    )
    return element
