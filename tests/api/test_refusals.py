"""The parsers' refusals (service.serving.errors) answer with the one error body: 503, 504."""

from __future__ import annotations

import httpx
import pytest

from service.api.app import create_app
from service.cache import MemoryCache
from service.engine import Engine
from service.serving.errors import Overloaded, Refused, TimedOut
from service.settings import Settings

TEXT = "“We will stay open,” said Dana Kirk, the shop owner.\n"


class RefusingParser:
    """A parser that refuses every call the way the pool, runner or parser server does."""

    def __init__(self, refusal: Refused) -> None:
        self.refusal = refusal
        self.pending = 0

    async def compute(self, text: str, scope: str) -> bytes:
        raise self.refusal

    async def compute_many(self, texts: list[str], scope: str) -> list[bytes | Exception]:
        raise self.refusal

    async def available(self) -> int:
        return 1

    async def aclose(self) -> None:
        return None


@pytest.mark.parametrize(
    ("refusal", "status", "code", "message", "retry_after"),
    [
        (Overloaded("1"), 503, "overloaded", "The service is busy; retry shortly.", "1"),
        (Overloaded("2"), 503, "overloaded", "The service is busy; retry shortly.", "2"),
        (TimedOut(30.0), 504, "timeout", "Processing took longer than 30 s.", None),
        (TimedOut(0.3), 504, "timeout", "Processing took longer than 0.3 s.", None),
    ],
)
async def test_a_refusal_is_the_error_body_with_its_status_and_headers(
    settings: Settings,
    refusal: Refused,
    status: int,
    code: str,
    message: str,
    retry_after: str | None,
) -> None:
    app = create_app(settings)
    app.state.engine = Engine(None, MemoryCache(0), pipeline="fake@1")
    app.state.runner = RefusingParser(refusal)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        single = await client.post("/v1/quotes", json={"text": TEXT})
        batch = await client.post("/v1/quotes/batch", json={"documents": [{"text": TEXT}]})
    for response in (single, batch):
        assert response.status_code == status
        assert response.json() == {
            "error": {
                "code": code,
                "message": message,
                "request_id": response.headers["x-request-id"],
            }
        }
        assert response.headers.get("retry-after") == retry_after
