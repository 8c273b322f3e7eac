"""The app factory and its lifespan: the pipeline and the cache client load once per process."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import structlog
from asgi_correlation_id import CorrelationIdMiddleware
from fastapi import FastAPI, Response
from prometheus_client import CONTENT_TYPE_LATEST
from prometheus_fastapi_instrumentator import Instrumentator

from service import __version__
from service.api.access import AccessLog
from service.api.errors import install_error_handlers
from service.api.limits import BodySizeLimit
from service.api.review import router as review_router
from service.api.routes import router, v1
from service.cache import make_cache
from service.logs import configure_logging
from service.metrics import exposition
from service.serving.start import start_parsing
from service.settings import Settings, get_settings

log = structlog.get_logger(__name__)

# JSON escapes can take 12 bytes per character (a surrogate pair, \ud83d\ude00, is what
# json.dumps sends for an emoji by default); leave room for the rest of the body. The text's
# own limit is in characters, checked after decoding (routes.check_text).
BYTES_PER_CHAR = 12
BODY_OVERHEAD = 64 * 1024


def freeze_startup_objects() -> None:
    """Exempt everything loaded so far (spaCy, FastAPI, pydantic) from garbage collection.

    They live as long as the process; a full collection walking them stalled every request
    in flight for about 70 ms, which was most of the cache-hit p99.
    """
    gc.collect()
    gc.freeze()


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the application; nothing heavy happens until the lifespan starts."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        configure_logging(settings.log_level)
        cache = make_cache(settings)
        app.state.engine, app.state.runner = await start_parsing(settings, cache)
        freeze_startup_objects()
        log.info(
            "started",
            pipeline=app.state.engine.pipeline,
            cache=cache.backend,
            parsers=settings.workers,
        )
        try:
            yield
        finally:
            await app.state.runner.aclose()
            await cache.close()
            del app.state.engine
            log.info("stopped")

    app = FastAPI(
        title="Quote attribution",
        version=__version__,
        summary="Every quote in a news article, linked to its speaker and the speaker's roles.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.api_keys = [key.get_secret_value().encode() for key in settings.api_keys]
    install_error_handlers(app)
    app.include_router(v1)
    app.include_router(router)
    if settings.review_page:
        app.include_router(review_router)
    one = settings.max_text_chars * BYTES_PER_CHAR + BODY_OVERHEAD
    app.add_middleware(
        BodySizeLimit,
        max_bytes=one,
        per_path={"/v1/quotes/batch": one * settings.max_batch_documents},
    )
    # Outermost last: the request id is set before the access log and the size limit run.
    app.add_middleware(AccessLog)
    app.add_middleware(CorrelationIdMiddleware)
    Instrumentator(excluded_handlers=["/metrics"]).instrument(app)
    app.add_api_route("/metrics", _metrics, include_in_schema=False)
    return app


def _metrics() -> Response:
    """Prometheus text exposition (ours: it survives processes starting and dying mid-read)."""
    return Response(exposition(), media_type=CONTENT_TYPE_LATEST)
