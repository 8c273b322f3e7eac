"""The result cache: one small async interface, an in-process LRU and a fail-open Redis backend."""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Protocol, TypeVar

import redis.asyncio as aioredis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

from service.metrics import CACHE_ERRORS, CACHE_LOOKUPS, CACHE_UP

if TYPE_CHECKING:
    from service.settings import Settings

# v2: stored values carry their language line before the body.
KEY_PREFIX = "quotes:v2:"
# A Redis timeout that fires this much later than asked for says the event loop was stalled.
LATE_TIMEOUT_FACTOR = 1.5

T = TypeVar("T")


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
        CACHE_UP.labels(self.backend).set(1 if max_entries > 0 else 0)

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
            # One reconnect for a connection the server closed (it restarted since): without
            # it the first command on every pooled connection fails and trips the breaker.
            # Timeouts are not retried: they already cost the whole time limit.
            retry=Retry(NoBackoff(), 1, supported_errors=(RedisConnectionError,)),
            health_check_interval=0,
        )
        self._ttl = ttl_seconds
        self._timeout = timeout_seconds
        self._retry_after = retry_after_seconds
        self._open_until = 0.0
        CACHE_UP.labels(self.backend).set(1)

    def _bypassed(self) -> bool:
        """True while the breaker is open after a recent failure."""
        return time.monotonic() < self._open_until

    def _trip(self) -> None:
        """Open the breaker: skip Redis for a while instead of paying its timeout per request."""
        self._open_until = time.monotonic() + self._retry_after
        CACHE_ERRORS.labels(self.backend).inc()
        CACHE_UP.labels(self.backend).set(0)

    def _recovered(self) -> None:
        """Close the breaker after a successful call."""
        if self._open_until:
            self._open_until = 0.0
            CACHE_UP.labels(self.backend).set(1)

    async def _command(self, command: Callable[[], Awaitable[T]]) -> tuple[bool, T | None]:
        """Run one command in the time limit: (True, result), or (False, None) on failure.

        A failure opens the breaker, except a timeout that fired late: then this process's
        event loop (or the GIL) was stalled, not Redis, and bypassing would turn every hit
        into a parse just when the service is busiest.
        """
        deadline = 2 * self._timeout
        started = time.monotonic()
        try:
            result = await asyncio.wait_for(command(), deadline)
        except (TimeoutError, RedisTimeoutError):  # ours, or the client's socket timeout
            if time.monotonic() - started < LATE_TIMEOUT_FACTOR * deadline:
                self._trip()
            else:
                CACHE_ERRORS.labels(self.backend).inc()
            return False, None
        except (RedisError, OSError):
            self._trip()
            return False, None
        self._recovered()
        return True, result

    async def get(self, key: str) -> bytes | None:
        """The stored value, or None on a miss, a timeout or an outage."""
        if self._bypassed():
            CACHE_LOOKUPS.labels(self.backend, "bypass").inc()
            return None
        ok, value = await self._command(lambda: self._client.get(key))
        if not ok:
            CACHE_LOOKUPS.labels(self.backend, "error").inc()
            return None
        # The client is created without response decoding: values are bytes.
        found = value if isinstance(value, bytes) else None
        CACHE_LOOKUPS.labels(self.backend, "hit" if found is not None else "miss").inc()
        return found

    async def set(self, key: str, value: bytes) -> None:
        """Store a value with the TTL; an outage only skips the write."""
        if not self._bypassed():
            await self._command(lambda: self._client.set(key, value, ex=self._ttl))

    async def ping(self) -> bool:
        """Probe the server, closing the breaker when it answers (used by readiness)."""
        ok, answer = await self._command(self._client.ping)
        return ok and bool(answer)

    def state(self) -> str:
        """ "ok" or "degraded" while bypassed."""
        return "degraded" if self._bypassed() else "ok"

    async def close(self) -> None:
        """Close the connection pool."""
        await self._client.aclose()


def make_cache(settings: Settings) -> Cache:
    """Redis when a URL is configured, else the in-process LRU."""
    if settings.redis_url is not None:
        return RedisCache(
            settings.redis_url.get_secret_value(),
            ttl_seconds=settings.cache_ttl_seconds,
            timeout_seconds=settings.redis_timeout_seconds,
            retry_after_seconds=settings.redis_retry_after_seconds,
        )
    return MemoryCache(settings.cache_lru_size)
