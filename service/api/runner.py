"""Blocking parses run off the event loop, bounded: a flood is refused, not queued forever."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from service.api.errors import ApiError
from service.metrics import PARSER_PENDING, REJECTED

T = TypeVar("T")


class ParserRunner:
    """One parser thread per process (spaCy's memory zones are per vocab) and a bounded queue."""

    def __init__(
        self, max_queue: int, timeout_seconds: float, retry_after_seconds: int = 1
    ) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="parser")
        self._capacity = 1 + max_queue
        self._pending = 0
        self._timeout = timeout_seconds
        self._retry_after = str(retry_after_seconds)

    @property
    def pending(self) -> int:
        """Jobs running or waiting."""
        return self._pending

    def _release(self, _: object) -> None:
        """Free a slot when the job really ends, even if its request already timed out."""
        self._pending -= 1
        PARSER_PENDING.set(self._pending)

    async def run(self, func: Callable[..., T], *args: object) -> T:
        """Run ``func(*args)`` on the parser thread in the time limit, or refuse (503/504)."""
        if self._pending >= self._capacity:
            REJECTED.labels("overloaded").inc()
            raise ApiError(
                503,
                "overloaded",
                "The service is busy; retry shortly.",
                headers={"Retry-After": self._retry_after},
            )
        self._pending += 1
        PARSER_PENDING.set(self._pending)
        future = asyncio.get_running_loop().run_in_executor(self._executor, func, *args)
        future.add_done_callback(self._release)
        try:
            return await asyncio.wait_for(asyncio.shield(future), self._timeout)
        except TimeoutError:
            REJECTED.labels("timeout").inc()
            raise ApiError(
                504, "timeout", f"Processing took longer than {self._timeout:g} s."
            ) from None

    def close(self) -> None:
        """Stop the thread after the running job."""
        self._executor.shutdown(wait=False, cancel_futures=True)
