"""One JSON access-log line per request (id, method, path, status, latency), never the body."""

from __future__ import annotations

import time

import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.api.errors import error_response

log = structlog.get_logger("service.access")


class AccessLog:
    """Pure ASGI middleware inside the request-id middleware, so every line carries the id.

    It also answers an exception that escaped every handler with the one 500 body, so the
    failure is logged once as JSON here instead of as a plain-text traceback by the server.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        responded = False

        async def tracked_send(message: Message) -> None:
            nonlocal status, responded
            if message["type"] == "http.response.start":
                status, responded = int(message["status"]), True
            await send(message)

        try:
            await self.app(scope, receive, tracked_send)
        except Exception as exc:
            log.exception("unhandled_error", error_type=type(exc).__name__)
            status = 500
            if not responded:
                response = error_response(
                    500, "internal_error", "The server failed to process the request."
                )
                await response(scope, receive, send)
        finally:
            log.info(
                "request",
                method=scope["method"],
                path=scope["path"],
                status=status,
                latency_ms=round((time.perf_counter() - started) * 1000, 3),
            )
