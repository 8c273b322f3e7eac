"""Structured JSON logs with the request id; article text is never logged unless asked."""

from __future__ import annotations

import logging
import sys
from collections.abc import MutableMapping
from typing import Any

import structlog
from asgi_correlation_id import correlation_id


def _add_request_id(
    _: object, __: str, event: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """Attach the current request id, if any."""
    request_id = correlation_id.get()
    if request_id:
        event["request_id"] = request_id
    return event


def configure_logging(level: str = "INFO") -> None:
    """JSON lines on stderr for the service's own logs."""
    logging.basicConfig(format="%(message)s", level=level.upper(), stream=sys.stderr)
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            _add_request_id,
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        logger_factory=structlog.PrintLoggerFactory(sys.stderr),
        cache_logger_on_first_use=True,
    )
