"""The one error body for every 4xx and 5xx, and the handlers that produce it."""

from __future__ import annotations

import json
from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

import structlog
from asgi_correlation_id import correlation_id
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect

from service.api.limits import BodyTooLarge
from service.api.schemas import ErrorBody
from service.metrics import REJECTED
from service.serving.errors import Overloaded, Refused, TimedOut, Unavailable

log = structlog.get_logger(__name__)


class ApiError(Exception):
    """An error the API answers with its own status, code and message."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        headers: dict[str, str] | None = None,
        details: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
        self.details = details


def error_detail(
    code: str, message: str, details: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """The ``error`` object, carrying the request id for support."""
    body: dict[str, Any] = {"code": code, "message": message, "request_id": correlation_id.get()}
    if details is not None:
        body["details"] = details
    return body


class ErrorResponse(JSONResponse):
    """JSON with non-ASCII escaped: a lone surrogate echoed in ``details`` cannot break it."""

    def render(self, content: object) -> bytes:
        """Encode as ASCII-only JSON."""
        return json.dumps(content, separators=(",", ":")).encode()


def error_response(
    status: int,
    code: str,
    message: str,
    *,
    headers: dict[str, str] | None = None,
    details: list[dict[str, Any]] | None = None,
) -> JSONResponse:
    """A JSON response with the one error body."""
    return ErrorResponse(
        {"error": error_detail(code, message, details)}, status_code=status, headers=headers
    )


def _code_of(status: int) -> str:
    """A snake_case code from an HTTP status ("Not Found" -> "not_found")."""
    try:
        return HTTPStatus(status).phrase.lower().replace(" ", "_").replace("-", "_")
    except ValueError:
        return "error"


async def _api_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(
        exc.status, exc.code, exc.message, headers=exc.headers, details=exc.details
    )


def refusal_error(exc: Refused) -> ApiError:
    """The answer to a call the parsers refused: 503 with Retry-After, or 504."""
    if isinstance(exc, Unavailable):
        message = "The parser failed on this request and on its retry; retry shortly."
        return _retry_later("parser_unavailable", message, exc.retry_after)
    if isinstance(exc, Overloaded):
        return _retry_later("overloaded", "The service is busy; retry shortly.", exc.retry_after)
    if isinstance(exc, TimedOut):
        return ApiError(504, "timeout", f"Processing took longer than {exc.limit:g} s.")
    raise TypeError(f"no answer for {type(exc).__name__}")


def _retry_later(code: str, message: str, retry_after: str) -> ApiError:
    """A 503 that says when to retry."""
    return ApiError(503, code, message, headers={"Retry-After": retry_after})


async def _refused(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Refused)
    return await _api_error(request, refusal_error(exc))


async def _http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 400 and isinstance(exc.__cause__, BodyTooLarge):
        REJECTED.labels("body_too_large").inc()
        return error_response(413, "payload_too_large", "The request body is too large.")
    if exc.status_code == 400 and isinstance(exc.__cause__, ClientDisconnect):
        # The body never came in time (connection.GuardedHttp sent the client its 408 and
        # closed): this answer goes nowhere, but the access log says what happened.
        return error_response(408, "request_timeout", "The request body came too slowly.")
    if exc.status_code == 400:
        # FastAPI's only 400 is a body it could not decode (invalid UTF-8, nesting too deep):
        # that is malformed JSON, answered like any other with 422.
        return error_response(
            422, "invalid_request", "The request body is not valid UTF-8 JSON."
        )
    headers = dict(exc.headers) if exc.headers else None
    return error_response(
        exc.status_code, _code_of(exc.status_code), str(exc.detail), headers=headers
    )


# A 422 lists at most this many errors, each cut to a bounded size: a body of 200,000 bad
# items must not be answered with megabytes of errors.
MAX_REPORTED_ERRORS = 20
MAX_ERROR_MESSAGE_CHARS = 200
MAX_ERROR_LOC_PARTS = 8


def _safe_errors(errors: Sequence[Any]) -> list[dict[str, Any]]:
    """The first validation errors, without the submitted input (it may be a whole article)."""
    return [
        {
            "loc": [_bounded(part) for part in list(err.get("loc", ()))[:MAX_ERROR_LOC_PARTS]],
            "msg": str(err.get("msg", ""))[:MAX_ERROR_MESSAGE_CHARS],
            "type": str(err.get("type"))[:MAX_ERROR_MESSAGE_CHARS],
        }
        for err in errors[:MAX_REPORTED_ERRORS]
    ]


def _bounded(part: object) -> object:
    """A location part as it is if it is an index, else as a string of bounded length."""
    return part if isinstance(part, int) else str(part)[:MAX_ERROR_MESSAGE_CHARS]


async def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    message = "The request body is not valid."
    if len(errors) > MAX_REPORTED_ERRORS:
        message += f" {len(errors)} errors; the first {MAX_REPORTED_ERRORS} are listed."
    return error_response(422, "invalid_request", message, details=_safe_errors(errors))


async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled_error", error_type=type(exc).__name__)
    return error_response(500, "internal_error", "The server failed to process the request.")


def install_error_handlers(app: FastAPI) -> None:
    """Route every error through the one body."""
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(Refused, _refused)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _unexpected)


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": HTTPStatus(status).phrase}
    for status in (401, 413, 415, 422, 500, 503, 504)
}
