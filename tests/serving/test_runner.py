"""The bounded parser runner: refuses beyond its queue, times out, frees slots."""

from __future__ import annotations

import asyncio
import threading

import pytest

from service.serving.errors import Overloaded, TimedOut
from service.serving.runner import ParserRunner
from tests.serving.test_pool import until


async def test_full_queue_is_refused_with_retry_after() -> None:
    runner = ParserRunner(None, max_queue=1, timeout_seconds=5)
    gate = threading.Event()
    try:
        first = asyncio.create_task(runner.run(gate.wait, 5))
        second = asyncio.create_task(runner.run(gate.wait, 5))
        await asyncio.sleep(0.05)
        assert runner.pending == 2
        with pytest.raises(Overloaded) as refused:
            await runner.run(gate.wait, 5)
        assert refused.value.retry_after == "1"
        gate.set()
        assert await first is True and await second is True
        assert runner.pending == 0
        assert await runner.run(lambda: 42) == 42
    finally:
        gate.set()
        await runner.aclose()


async def test_slow_job_times_out_but_keeps_its_slot_until_it_ends() -> None:
    runner = ParserRunner(None, max_queue=0, timeout_seconds=0.05)
    gate = threading.Event()
    try:
        with pytest.raises(TimedOut) as timed_out:
            await runner.run(gate.wait, 5)
        assert timed_out.value.limit == 0.05
        # The thread is still parsing: the slot stays taken, so the bound stays real.
        assert runner.pending == 1
        with pytest.raises(Overloaded):
            await runner.run(lambda: 1)
        gate.set()
        await until(lambda: runner.pending == 0, "the slot was not freed when the job ended")
    finally:
        gate.set()
        await runner.aclose()


async def test_the_scope_reaches_the_engine_on_the_parser_thread() -> None:
    calls: list[tuple[str, object, str]] = []

    class Recording:
        def compute(self, text: str, scope: str) -> bytes:
            calls.append(("compute", text, scope))
            return b"one"

        def compute_many(self, texts: list[str], scope: str) -> list[bytes | Exception]:
            calls.append(("compute_many", texts, scope))
            return [b"many"]

    runner = ParserRunner(Recording(), max_queue=0, timeout_seconds=5)  # type: ignore[arg-type]
    try:
        assert await runner.compute("t", "attribution") == b"one"
        assert await runner.compute("t") == b"one"
        assert await runner.compute_many(["t"], "attribution") == [b"many"]
    finally:
        await runner.aclose()
    assert calls == [
        ("compute", "t", "attribution"),
        ("compute", "t", "speech"),
        ("compute_many", ["t"], "attribution"),
    ]
