"""The review page's files: served at / and /review with their headers, shipped in the
package, self-contained, never writing markup; none of it when the setting is off.

The app runs without its lifespan (no pipeline, no process): serving the files needs neither.
The page's behaviour in a browser is tests/browser/test_review_page.py.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import AsyncIterator
from fnmatch import fnmatch
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest

from service.api.app import create_app
from service.api.review.page import ASSETS, PAGE, SECURITY_HEADERS
from service.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "service" / "api" / "review" / "static"
# Ways a script turns a string into markup or code; the page builds nodes instead.
MARKUP_SINKS = re.compile(
    r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|"
    r"createContextualFragment|DOMParser|srcdoc"
)
SVG_NAMESPACE = "http://www.w3.org/2000/svg"


class References(HTMLParser):
    """The ``src`` and ``href`` values of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [value for name, value in attrs if name in ("src", "href") and value]


async def client_for(**settings: object) -> AsyncIterator[httpx.AsyncClient]:
    """A client on an app built with ``settings`` (lifespan not started)."""
    app = create_app(Settings(_env_file=None, redis_url=None, api_keys=[], **settings))  # type: ignore[arg-type]
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async for one in client_for():
        yield one


@pytest.fixture
async def client_without_page() -> AsyncIterator[httpx.AsyncClient]:
    async for one in client_for(review_page=False):
        yield one


async def test_the_page_is_served_at_the_root_and_at_review(client: httpx.AsyncClient) -> None:
    page = (STATIC / PAGE).read_bytes()
    for path in ("/", "/review"):
        response = await client.get(path)
        assert response.status_code == 200
        assert response.headers["content-type"] == "text/html; charset=utf-8"
        assert response.content == page
        for name, value in SECURITY_HEADERS.items():
            assert response.headers[name] == value
    assert (await client.head("/review")).status_code == 200


async def test_every_file_the_page_references_is_served_with_its_type(
    client: httpx.AsyncClient,
) -> None:
    parser = References()
    parser.feed((STATIC / PAGE).read_text(encoding="utf-8"))
    local = [ref for ref in parser.found if not ref.startswith("#")]
    assert sorted(local) == sorted(f"review/{name}" for name in ASSETS)
    for ref in local:
        # Relative references resolve the same from / and from /review.
        response = await client.get(f"/{ref}")
        assert response.status_code == 200
        assert response.headers["content-type"] == ASSETS[ref.removeprefix("review/")]
        assert response.content == (STATIC / ref.removeprefix("review/")).read_bytes()
        assert response.headers["content-security-policy"]


async def test_nothing_else_is_served_under_review(client: httpx.AsyncClient) -> None:
    for path in ("/review/index.html", "/review/..%2F__init__.py", "/review/page.py"):
        response = await client.get(path)
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"


async def test_with_the_setting_off_the_page_is_not_found(
    client_without_page: httpx.AsyncClient,
) -> None:
    for path in ("/", "/review", *(f"/review/{name}" for name in ASSETS)):
        response = await client_without_page.get(path)
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
    assert (await client_without_page.get("/healthz")).status_code == 200


def test_the_setting_reads_quotes_review_page(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings(_env_file=None).review_page is True
    monkeypatch.setenv("QUOTES_REVIEW_PAGE", "false")
    assert Settings(_env_file=None).review_page is False


def test_every_file_of_the_page_ships_in_the_wheel() -> None:
    """pyproject's package-data takes each file (a new one outside the pattern would 404
    from an installed wheel while working from a checkout)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["service.api.review"]
    shipped = {path.name for path in STATIC.iterdir()}
    assert shipped == {PAGE, *ASSETS}
    for name in shipped:
        assert any(fnmatch(f"static/{name}", pattern) for pattern in patterns), name


def test_the_page_is_self_contained() -> None:
    """No CDN, font or analytics URL: the page works offline and talks to its own origin."""
    for path in STATIC.iterdir():
        text = path.read_text(encoding="utf-8").replace(SVG_NAMESPACE, "")
        assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", text, re.I), path.name
        assert "@import" not in text, path.name


def test_the_script_never_turns_text_into_markup() -> None:
    script = (STATIC / "review.js").read_text(encoding="utf-8")
    assert not MARKUP_SINKS.findall(script)
    assert "textContent" in script and "createElement" in script
