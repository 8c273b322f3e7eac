"""The result cache: one small async interface, an in-process LRU and a fail-open Redis backend."""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections import OrderedDict
from typing import Protocol

import redis.asyncio as aioredis
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

from service.metrics import CACHE_ERRORS, CACHE_LOOKUPS, CACHE_UP

# v2: stored values carry their language line before the body.
KEY_PREFIX = "quotes:v2:"


def cache_key(text: str, *, version: str, pipeline: str, options: dict[str, object]) -> str:
    """A key that changes with the service version, pipeline, extraction options and text."""
    head = json.dumps([version, pipeline, options], sort_keys=True, separators=(",", ":"))
    digest = hashlib.sha256(head.encode())
    digest.update(b"\0")
    digest.update(text.encode("utf-8", "surrogatepass"))
    return KEY_PREFIX + digest.hexdigest()


class Cache(Protocol):
    """What the service needs of a cache; failures never propagate to the caller."""

    backend: str

    async def get(self, key: str) -> bytes | None:
        """The stored value, or None on a miss or when the backend is unavailable."""

    async def set(self, key: str, value: bytes) -> None:
        """Store a value; silently skipped when the backend is unavailable."""

    def state(self) -> str:
        """ "ok", "degraded" (bypassed after failures) or "disabled"."""

    async def close(self) -> None:
        """Release connections."""


class MemoryCache:
    """A bounded in-process LRU: the embedded default, needing nothing else installed."""

    backend = "memory"

    def __init__(self, max_entries: int) -> None:
        self._max = max_entries
        self._data: OrderedDict[str, bytes] = OrderedDict()
        CACHE_UP.set(1 if max_entries > 0 else 0)

    async def get(self, key: str) -> bytes | None:
        """The stored value, refreshed as most recently used, or None."""
        value = self._data.get(key)
        if value is None:
            CACHE_LOOKUPS.labels(self.backend, "miss").inc()
            return None
        self._data.move_to_end(key)
        CACHE_LOOKUPS.labels(self.backend, "hit").inc()
        return value

    async def set(self, key: str, value: bytes) -> None:
        """Store a value, evicting the least recently used beyond the bound."""
        if self._max <= 0:
            return
        self._data[key] = value
        self._data.move_to_end(key)
        while len(self._data) > self._max:
            self._data.popitem(last=False)

    def __len__(self) -> int:
        return len(self._data)

    def state(self) -> str:
        """Always usable unless sized to zero."""
        return "ok" if self._max > 0 else "disabled"

    async def close(self) -> None:
        """Drop the entries."""
        self._data.clear()


class RedisCache:
    """Redis with short timeouts and a circuit breaker, so an outage costs one timeout, not many."""

    backend = "redis"

    def __init__(
        self, url: str, *, ttl_seconds: int, timeout_seconds: float, retry_after_seconds: float
    ) -> None:
        self._client = aioredis.Redis.from_url(
            url,
            socket_timeout=timeout_seconds,
            socket_connect_timeout=timeout_seconds,
            retry=Retry(NoBackoff(), 0),
            health_check_interval=0,
        )
        self._ttl = ttl_seconds
        self._timeout = timeout_seconds
        self._retry_after = retry_after_seconds
        self._open_until = 0.0
        CACHE_UP.set(1)

    def _bypassed(self) -> bool:
        """True while the breaker is open after a recent failure."""
        return time.monotonic() < self._open_until

    def _trip(self) -> None:
        """Open the breaker: skip Redis for a while instead of paying its timeout per request."""
        self._open_until = time.monotonic() + self._retry_after
        CACHE_ERRORS.labels(self.backend).inc()
        CACHE_UP.set(0)

    def _recovered(self) -> None:
        """Close the breaker after a successful call."""
        if self._open_until:
            self._open_until = 0.0
            CACHE_UP.set(1)

    async def get(self, key: str) -> bytes | None:
        """The stored value, or None on a miss, a timeout or an outage."""
        if self._bypassed():
            CACHE_LOOKUPS.labels(self.backend, "bypass").inc()
            return None
        try:
            value = await asyncio.wait_for(self._fetch(key), self._timeout * 2)
        except (RedisError, OSError, TimeoutError):
            self._trip()
            CACHE_LOOKUPS.labels(self.backend, "error").inc()
            return None
        self._recovered()
        CACHE_LOOKUPS.labels(self.backend, "hit" if value is not None else "miss").inc()
        return value

    async def _fetch(self, key: str) -> bytes | None:
        """GET one key (the client is created without response decoding: values are bytes)."""
        value = await self._client.get(key)
        return value if isinstance(value, bytes) else None

    async def set(self, key: str, value: bytes) -> None:
        """Store a value with the TTL; an outage only skips the write."""
        if self._bypassed():
            return
        try:
            await asyncio.wait_for(self._client.set(key, value, ex=self._ttl), self._timeout * 2)
        except (RedisError, OSError, TimeoutError):
            self._trip()
            return
        self._recovered()

    async def ping(self) -> bool:
        """Probe the server, closing the breaker when it answers (used by readiness)."""
        try:
            ok = bool(await asyncio.wait_for(self._client.ping(), self._timeout * 2))
        except (RedisError, OSError, TimeoutError):
            self._trip()
            return False
        self._recovered()
        return ok

    def state(self) -> str:
        """ "ok" or "degraded" while bypassed."""
        return "degraded" if self._bypassed() else "ok"

    async def close(self) -> None:
        """Close the connection pool."""
        await self._client.aclose()
