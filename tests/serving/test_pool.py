"""The parser process pool: per-request balance, bounded queue, killed on timeout, replaced."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from service.serving.errors import Overloaded, ParserError, TimedOut, Unavailable
from service.serving.pool import ParserPool
from tests.serving.fake_parser import fake_parser, slow_fake_parser


def pid_of(result: bytes) -> int:
    """The pid a fake parser wrote in front of its answer."""
    return int(result.split(b":", 1)[0])


def alive(pid: int) -> bool:
    """True while a process with this pid exists (and is not a zombie we reaped)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def exiting(pid: int) -> bool:
    """True until a killed child has really exited: every thread gone, only the zombie left."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            zombie = stat.read().split(") ", 1)[1][0] == "Z"
        return not zombie or len(os.listdir(f"/proc/{pid}/task")) > 1
    except FileNotFoundError:
        return False


async def until(condition: Callable[[], bool], what: str, within: float = 60) -> None:
    """Wait until ``condition()`` holds (``within`` only bounds a test that would hang)."""
    deadline = time.monotonic() + within
    while not condition():
        assert time.monotonic() < deadline, what
        await asyncio.sleep(0.01)


def holders(gate: Path) -> set[int]:
    """The processes that hold a call behind ``gate`` right now or did (fake ``hold:``)."""
    return {int(path.suffix[1:]) for path in gate.parent.glob(f"{gate.name}.*")}


async def replaced(pool: ParserPool, before: set[int]) -> set[int]:
    """Wait until the pool is back to its two processes with exactly one of ``before`` gone."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        pids = set(pool.pids())
        if len(pids) == 2 and len(pids & before) == 1:
            return pids
        await asyncio.sleep(0.05)
    raise AssertionError(f"no replacement: {before} -> {pool.pids()}")


@asynccontextmanager
async def two_fake_parsers(timeout_seconds: float) -> AsyncIterator[ParserPool]:
    """Two fake parser processes and a queue of two (waiting for a parser: never refused)."""
    pool = ParserPool(
        fake_parser,
        (),
        processes=2,
        max_queue=2,
        timeout_seconds=timeout_seconds,
        queue_timeout_seconds=120,
    )
    assert await pool.start() == "fake@1"
    try:
        yield pool
    finally:
        await pool.aclose()


@pytest.fixture
async def pool() -> AsyncIterator[ParserPool]:
    """Two fake parser processes, a queue of two, a 1.5 s time limit."""
    async with two_fake_parsers(1.5) as pool:
        yield pool


@pytest.fixture
async def patient() -> AsyncIterator[ParserPool]:
    """The same with a time limit no held call reaches, however slow this machine is."""
    async with two_fake_parsers(120) as pool:
        yield pool


@pytest.mark.slow
async def test_every_request_goes_to_a_free_process(patient: ParserPool, tmp_path: Path) -> None:
    gate = tmp_path / "gate"
    calls = [asyncio.create_task(patient.compute(f"hold:{gate}")) for _ in range(4)]
    # Two calls are held at once, one in each process; the other two wait for a free one.
    await until(lambda: holders(gate) == set(patient.pids()), "a process took no call")
    assert patient.pending == 4
    gate.touch()
    results = await asyncio.gather(*calls)
    assert {pid_of(r) for r in results} == set(patient.pids())


@pytest.mark.slow
async def test_a_batch_is_split_over_the_processes_in_order(
    patient: ParserPool, tmp_path: Path
) -> None:
    gate = tmp_path / "gate"
    texts = [f"hold:{gate}", "b", f"hold:{gate}", "d"]
    batch = asyncio.create_task(patient.compute_many(texts))
    # Both halves are held at once: the slices run side by side, one per process.
    await until(lambda: holders(gate) == set(patient.pids()), "a slice waited for the other")
    gate.touch()
    results = await batch
    assert all(isinstance(r, bytes) for r in results)
    answers = [r.split(b":", 2)[2] for r in results]  # type: ignore[union-attr]
    assert answers == [t.encode() for t in texts]
    assert {pid_of(r) for r in results} == set(patient.pids())  # type: ignore[arg-type]
    assert patient.pending == 0


@pytest.mark.slow
async def test_beyond_processes_and_queue_is_refused(pool: ParserPool) -> None:
    held = [asyncio.create_task(pool.compute("sleep:0.5")) for _ in range(4)]
    await asyncio.sleep(0.05)
    assert pool.pending == 4
    with pytest.raises(Overloaded) as refused:
        await pool.compute("x")
    assert refused.value.retry_after == "1"
    await asyncio.gather(*held)
    assert pool.pending == 0


@pytest.mark.slow
async def test_a_call_past_the_limit_kills_its_process(pool: ParserPool) -> None:
    before = set(pool.pids())
    victim = pid_of(await pool.compute("who"))
    other = next(pid for pid in before if pid != victim)
    # Occupy the other process so the slow call lands on the victim.
    busy = asyncio.create_task(pool.compute("sleep:0.5"))
    await asyncio.sleep(0.05)
    started = time.perf_counter()
    with pytest.raises(TimedOut) as timed_out:
        await pool.compute("sleep:30")
    assert timed_out.value.limit == 1.5
    assert time.perf_counter() - started < 3
    assert pid_of(await busy) == other
    pids = await replaced(pool, before)
    assert not alive(victim)
    assert other in pids
    assert pool.pending == 0
    answers = await asyncio.gather(*(pool.compute("sleep:0.1") for _ in range(2)))
    assert {pid_of(a) for a in answers} == set(pids)


@pytest.mark.slow
async def test_a_call_whose_process_dies_is_retried_once_on_another(
    pool: ParserPool, tmp_path: Path
) -> None:
    before = set(pool.pids())
    answer = await pool.compute(f"crash-once:{tmp_path / 'crashed'}")
    assert answer.endswith(f":crash-once:{tmp_path / 'crashed'}".encode())
    survivor_and_new = await replaced(pool, before)
    assert pid_of(answer) in before & survivor_and_new  # the other, live process answered
    assert pool.pending == 0


@pytest.mark.slow
async def test_a_call_that_kills_its_retry_too_is_unavailable_and_both_are_replaced(
    pool: ParserPool,
) -> None:
    before = set(pool.pids())
    with pytest.raises(Unavailable) as refused:
        await pool.compute("crash")
    assert isinstance(refused.value, Overloaded) and refused.value.retry_after == "1"
    deadline = time.monotonic() + 60
    while not (len(pool.pids()) == 2 and not before & set(pool.pids())):
        assert time.monotonic() < deadline, f"not replaced: {before} -> {pool.pids()}"
        await asyncio.sleep(0.05)
    answers = await asyncio.gather(*(pool.compute("sleep:0.1") for _ in range(2)))
    assert {pid_of(a) for a in answers} == set(pool.pids())
    assert pool.pending == 0


@pytest.mark.slow
async def test_a_failing_call_keeps_its_process(pool: ParserPool) -> None:
    before = sorted(pool.pids())
    with pytest.raises(ParserError):
        await pool.compute("fail")
    assert sorted(pool.pids()) == before
    assert (await pool.compute("ok")).endswith(b":ok")


@pytest.mark.slow
async def test_close_stops_every_process() -> None:
    pool = ParserPool(fake_parser, (), processes=2, max_queue=0, timeout_seconds=5)
    await pool.start()
    pids = pool.pids()
    await pool.aclose()
    assert pool.pids() == []
    assert not any(alive(pid) for pid in pids)


@pytest.mark.slow
async def test_a_batch_past_the_limit_kills_every_process_it_used(pool: ParserPool) -> None:
    before = set(pool.pids())
    outcomes = await pool.compute_many(["sleep:30", "sleep:30"])
    assert [type(o) for o in outcomes] == [TimedOut, TimedOut]
    assert all(o.limit == 1.5 for o in outcomes)  # type: ignore[union-attr]
    deadline = time.monotonic() + 60
    while not (len(pool.pids()) == 2 and not before & set(pool.pids())):
        assert time.monotonic() < deadline, f"not replaced: {before} -> {pool.pids()}"
        await asyncio.sleep(0.05)
    assert not any(alive(pid) for pid in before)
    assert (await pool.compute("after")).endswith(b":after")


@pytest.mark.slow
async def test_a_process_killed_while_idle_costs_no_request(pool: ParserPool) -> None:
    before = set(pool.pids())
    victim = min(before)
    os.kill(victim, signal.SIGKILL)
    while exiting(victim):
        await asyncio.sleep(0.01)
    answers = await asyncio.gather(*(pool.compute(f"t{i}") for i in range(4)))
    assert all(a.endswith(f":t{i}".encode()) for i, a in enumerate(answers))
    assert victim not in {pid_of(a) for a in answers}
    assert victim not in await replaced(pool, before)


@pytest.mark.slow
async def test_the_scope_reaches_the_process_with_every_call_and_slice(pool: ParserPool) -> None:
    assert (await pool.compute("x")).endswith(b":speech:x")
    assert (await pool.compute("x", "attribution")).endswith(b":attribution:x")
    batch = await pool.compute_many(["a", "b", "c"], "attribution")
    assert [r.split(b":", 1)[1] for r in batch] == [  # type: ignore[union-attr]
        b"attribution:a",
        b"attribution:b",
        b"attribution:c",
    ]


@pytest.mark.slow
async def test_a_slow_document_gets_its_own_timeout_and_spares_the_others(
    pool: ParserPool,
) -> None:
    texts = ["a", "b", "sleep:30", "d", "e", "f"]
    outcomes = await pool.compute_many(texts)
    assert isinstance(outcomes[2], TimedOut) and outcomes[2].limit == 1.5
    good = [o for i, o in enumerate(outcomes) if i != 2]
    assert [o.split(b":", 2)[2] for o in good] == [b"a", b"b", b"d", b"e", b"f"]  # type: ignore[union-attr]
    assert pool.pending == 0


@asynccontextmanager
async def slow_starting(spares: int, queue_timeout: float) -> AsyncIterator[ParserPool]:
    """One fake parser (and ``spares``) that take 3 s to start, a 1.5 s time limit."""
    pool = ParserPool(
        slow_fake_parser,
        (3.0,),
        processes=1,
        max_queue=2,
        timeout_seconds=1.5,
        queue_timeout_seconds=queue_timeout,
        spares=spares,
    )
    await pool.start()
    try:
        yield pool
    finally:
        await pool.aclose()


@pytest.mark.slow
async def test_waiting_for_a_replacement_is_queued_work_not_the_next_time_limit() -> None:
    # The replacement of the killed process needs 3 s to start, twice the time limit: the
    # next call waits for it (queue time limit: 120 s) and then has its own 1.5 s to parse.
    async with slow_starting(spares=0, queue_timeout=120) as pool:
        with pytest.raises(TimedOut):
            await pool.compute("sleep:30")
        assert (await pool.compute("next")).endswith(b":next")
        assert pool.pending == 0


@pytest.mark.slow
async def test_no_parser_within_the_queue_time_limit_is_overloaded_not_timed_out() -> None:
    async with slow_starting(spares=0, queue_timeout=0.5) as pool:
        with pytest.raises(TimedOut):
            await pool.compute("sleep:30")
        with pytest.raises(Overloaded) as refused:
            await pool.compute("next")  # the replacement needs 3 s: longer than 0.5 s
        assert type(refused.value) is Overloaded and refused.value.retry_after == "1"
        assert pool.pending == 0


@pytest.mark.slow
async def test_a_spare_takes_over_from_a_killed_parser_at_once() -> None:
    async with slow_starting(spares=1, queue_timeout=120) as pool:
        assert await pool.available() == 1  # the spare never parses beside the other
        first, spare = pool.pids()
        busy = asyncio.create_task(pool.compute("sleep:30"))
        await until(lambda: pool.pending == 1, "the call was not admitted")
        await asyncio.sleep(0.1)
        with pytest.raises(TimedOut):
            await busy
        await until(lambda: len({first, spare} - set(pool.pids())) == 1, "nothing was killed")
        killed = {first, spare} - set(pool.pids())
        answer = await pool.compute("next")
        assert pid_of(answer) in {first, spare} - killed  # the warm spare, not a replacement
