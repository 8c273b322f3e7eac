"""HTTP routes of API version 1 and the health probes."""

from __future__ import annotations

import re
import time
from typing import Any

import structlog
from fastapi import APIRouter, Depends, Request, Response

from service.api.errors import ERROR_RESPONSES, ApiError, error_detail, refusal_error
from service.api.schemas import (
    NON_SPACE,
    BatchRequest,
    BatchResponse,
    CacheState,
    Health,
    QuoteRequest,
    QuotesResponse,
    Readiness,
)
from service.api.security import require_api_key
from service.engine import Engine, batch_result
from service.nlp.model import ExtractionScope
from service.serving.errors import Refused

log = structlog.get_logger(__name__)
JSON = "application/json"
# "Empty" means exactly what openapi.json's pattern says, so the contract and the check agree.
_NON_SPACE = re.compile(NON_SPACE)
router = APIRouter()
v1 = APIRouter(prefix="/v1", tags=["quotes"], dependencies=[Depends(require_api_key)])
# The key is asked for only when the server has keys configured: openapi.json offers "no key"
# (the empty requirement) beside the X-API-Key scheme that require_api_key declares.
KEY_IF_CONFIGURED: dict[str, Any] = {"security": [{}]}


async def require_json(request: Request) -> None:
    """Refuse bodies that are not JSON with 415 before reading them."""
    content_type = request.headers.get("content-type", "")
    if content_type.split(";")[0].strip().lower() != JSON:
        raise ApiError(415, "unsupported_media_type", "Send the body as application/json.")


def check_text(text: str, limit: int) -> None:
    """Refuse texts the parser cannot answer well before they reach it."""
    if len(text) > limit:
        raise ApiError(413, "payload_too_large", f"The text is longer than {limit} characters.")
    if not _NON_SPACE.search(text):
        raise ApiError(422, "empty_text", "The text is empty.")
    if not text.isascii() and not _encodable(text):
        raise ApiError(
            422,
            "invalid_text",
            "The text contains unpaired UTF-16 surrogates (escapes such as \\ud800), "
            "which are not characters.",
        )


def _encodable(text: str) -> bool:
    """False when ``text`` holds lone surrogates, which spaCy and UTF-8 output cannot take."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


async def extract_stored(request: Request, text: str, scope: ExtractionScope) -> tuple[bytes, bool]:
    """The stored value of one text in ``scope`` from the cache, or computed by a parser."""
    engine: Engine = request.app.state.engine
    key = engine.key(text, scope)
    cached = await engine.cache.get(key)
    if cached is not None:
        return cached, True
    body = await request.app.state.runner.compute(text, scope)
    await engine.cache.set(key, body)
    return body, False


@v1.post(
    "/quotes",
    operation_id="extract_quotes",
    summary="Quotes, speakers and roles of one article",
    response_model=QuotesResponse,
    responses=ERROR_RESPONSES,
    dependencies=[Depends(require_json)],
    openapi_extra=KEY_IF_CONFIGURED,
)
async def extract_quotes(payload: QuoteRequest, request: Request) -> Response:
    """Every direct, indirect and mixed quote, each linked to its speaker entity and roles."""
    started = time.perf_counter()
    settings = request.app.state.settings
    check_text(payload.text, settings.max_text_chars)
    if settings.log_text:
        log.info("request_text", text=payload.text)
    stored, cached = await extract_stored(request, payload.text, payload.options.scope)
    engine: Engine = request.app.state.engine
    out = engine.respond(stored, cached=cached, started=started, selection=payload.options)
    return Response(out, media_type=JSON)


@v1.post(
    "/quotes/batch",
    operation_id="extract_quotes_batch",
    summary="Quotes of many articles in one call",
    response_model=BatchResponse,
    responses=ERROR_RESPONSES,
    dependencies=[Depends(require_json)],
    openapi_extra=KEY_IF_CONFIGURED,
)
async def extract_quotes_batch(payload: BatchRequest, request: Request) -> Response:
    """Results in request order; a failing document gets its own error and spares the others."""
    started = time.perf_counter()
    settings = request.app.state.settings
    if len(payload.documents) > settings.max_batch_documents:
        raise ApiError(
            413, "batch_too_large", f"At most {settings.max_batch_documents} documents per batch."
        )
    engine: Engine = request.app.state.engine
    scope = payload.options.scope
    results: list[bytes | dict[str, object] | None] = [None] * len(payload.documents)
    cached_flags = [False] * len(payload.documents)
    keys: list[str] = [""] * len(payload.documents)
    todo: list[int] = []
    for i, doc in enumerate(payload.documents):
        try:
            check_text(doc.text, settings.max_text_chars)
        except ApiError as exc:
            results[i] = error_detail(exc.code, exc.message, exc.details)
            continue
        if settings.log_text:
            log.info("request_text", text=doc.text, document=i)
        keys[i] = engine.key(doc.text, scope)
        hit = await engine.cache.get(keys[i])
        if hit is not None:
            results[i], cached_flags[i] = hit, True
        else:
            todo.append(i)
    if todo:
        computed = await request.app.state.runner.compute_many(
            [payload.documents[i].text for i in todo], scope
        )
        for i, outcome in zip(todo, computed, strict=True):
            if isinstance(outcome, Refused):  # past its own time limit, or its parser lost
                refusal = refusal_error(outcome)
                results[i] = error_detail(refusal.code, refusal.message)
            elif isinstance(outcome, Exception):
                results[i] = error_detail(
                    "document_failed", "This document could not be processed."
                )
            else:
                results[i] = outcome
                await engine.cache.set(keys[i], outcome)
    parts = []
    options = payload.options
    for doc, outcome, cached in zip(payload.documents, results, cached_flags, strict=True):
        assert outcome is not None  # every document has its stored value or its error
        if isinstance(outcome, bytes):
            outcome = engine.respond(outcome, cached=cached, started=started, selection=options)
        parts.append(batch_result(doc.id, outcome))
    return Response(b'{"results":[' + b",".join(parts) + b"]}", media_type=JSON)


@router.get("/healthz", operation_id="health", tags=["health"], response_model=Health)
async def health() -> Health:
    """Liveness: the process answers."""
    return Health(status="ok")


@router.get(
    "/readyz",
    operation_id="readiness",
    tags=["health"],
    response_model=Readiness,
    responses={503: {"model": Readiness, "description": "Not ready"}},
)
async def readiness(request: Request, response: Response) -> Readiness:
    """Readiness: a parser can take work (503 while none can); the cache state is reported."""
    engine: Engine | None = getattr(request.app.state, "engine", None)
    if engine is None:
        response.status_code = 503
        return Readiness(status="starting", pipeline=None, cache=None)
    cache = engine.cache
    ping = getattr(cache, "ping", None)
    if ping is not None:
        await ping()
    parsers = await request.app.state.runner.available()
    if parsers == 0:
        response.status_code = 503
    return Readiness(
        status="ready" if parsers else "unavailable",
        pipeline=engine.pipeline,
        cache=CacheState.model_validate({"backend": cache.backend, "state": cache.state()}),
        parsers=parsers,
    )
