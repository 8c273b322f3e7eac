"""Optional API keys, compared in constant time."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Request, Security
from fastapi.security import APIKeyHeader

from service.api.errors import ApiError

# Around a key: never part of it (in the header or in QUOTES_API_KEYS).
KEY_PADDING = " \t"

# Declared as a dependency, so openapi.json publishes it as the security scheme of /v1.
api_key_header = APIKeyHeader(
    name="X-API-Key",
    auto_error=False,
    description="required when the server has QUOTES_API_KEYS set; not asked for otherwise",
)


def key_matches(candidate: str, keys: list[bytes]) -> bool:
    """True when ``candidate`` equals one of ``keys``; every key is compared, in constant time.

    Leading and trailing spaces and tabs do not count, as for the configured keys
    (``Settings.api_keys``): HTTP servers may or may not strip them from a header value.
    """
    given = candidate.strip(KEY_PADDING).encode()
    matched = False
    for key in keys:
        matched |= hmac.compare_digest(given, key)
    return matched


async def require_api_key(
    request: Request, candidate: Annotated[str | None, Security(api_key_header)]
) -> None:
    """Refuse with 401 unless no keys are configured or the request carries a valid one."""
    keys: list[bytes] = request.app.state.api_keys
    if not keys:
        return
    if candidate is None or not key_matches(candidate, keys):
        raise ApiError(
            401,
            "unauthorized",
            "A valid X-API-Key header is required.",
            headers={"WWW-Authenticate": "APIKey"},
        )
