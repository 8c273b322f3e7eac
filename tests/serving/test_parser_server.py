"""The parser server shared by HTTP workers: per-request balance, hang-up stops the parse."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from service.serving.errors import Overloaded, ParserError, TimedOut
from service.serving.parser_server import START_TIMEOUT_SECONDS, ParserServer, parser_server
from service.serving.pool import ParserPool
from service.serving.remote import RemoteParser
from service.settings import Settings
from tests.serving.fake_parser import fake_parser
from tests.serving.test_pool import alive, holders, pid_of, replaced, until

pytestmark = pytest.mark.slow  # every test here starts a process or loads the pipeline

Served = tuple[ParserPool, str]


@pytest.fixture
async def served() -> AsyncIterator[Served]:
    """Two fake parsers and room for two more calls, behind a server on a private socket."""
    pool = ParserPool(fake_parser, (), processes=2, max_queue=2, timeout_seconds=120)
    await pool.start()
    path = str(Path(tempfile.mkdtemp(prefix="qps-")) / "p.sock")
    server = await asyncio.start_unix_server(ParserServer(pool).handle, path=path)
    try:
        yield pool, path
    finally:
        server.close()
        await pool.aclose()
        os.unlink(path)


async def test_two_http_workers_share_every_parser(served: Served, tmp_path: Path) -> None:
    pool, path = served
    first, second = RemoteParser(path, 120), RemoteParser(path, 120)
    assert await first.start() == "fake@1"
    assert await second.available() == 2
    gate = tmp_path / "gate"
    # Both "workers" send two calls each: both parsers hold one at once, two wait for them.
    calls = [
        asyncio.create_task(client.compute(f"hold:{gate}"))
        for client in (first, second, first, second)
    ]
    await until(lambda: holders(gate) == set(pool.pids()), "a parser took no call")
    await until(lambda: pool.pending == 4, "the server did not admit every call")
    gate.touch()
    results = await asyncio.gather(*calls)
    assert {pid_of(r) for r in results} == set(pool.pids())
    batch = await first.compute_many(["a", "b"])
    assert [r.split(b":", 2)[2] for r in batch] == [b"a", b"b"]  # type: ignore[union-attr]
    await first.aclose()
    await second.aclose()


async def test_a_client_that_gives_up_stops_the_parse(served: Served) -> None:
    pool, path = served
    before = set(pool.pids())
    client = RemoteParser(path, timeout_seconds=0.5)
    with pytest.raises(TimedOut) as timed_out:
        await client.compute("sleep:30")
    assert timed_out.value.limit == 0.5
    assert client.pending == 0
    pids = await replaced(pool, before)
    assert not any(alive(pid) for pid in before - pids)
    assert (await client.compute("next")).endswith(b":next")
    await client.aclose()


async def test_refusals_and_failures_cross_the_socket(served: Served, tmp_path: Path) -> None:
    pool, path = served
    client = RemoteParser(path, 120)
    gate = tmp_path / "gate"
    held = [asyncio.create_task(client.compute(f"hold:{gate}")) for _ in range(4)]
    # Both parsers and both queue places are taken once the server has admitted all four.
    await until(lambda: pool.pending == 4, "the server did not admit every call")
    with pytest.raises(Overloaded) as refused:
        await client.compute("x")
    assert refused.value.retry_after == "1"
    gate.touch()
    await asyncio.gather(*held)
    with pytest.raises(ParserError):
        await client.compute("fail")
    assert (await client.compute("still")).endswith(b":still")
    await client.aclose()


async def test_parser_server_process_serves_the_real_pipeline_and_stops(
    settings: Settings,
) -> None:
    with parser_server(settings.model_copy(update={"workers": 2})) as path:
        client = RemoteParser(path, 60)
        assert (await client.start()).startswith("en_")
        stored = await client.compute("“We will stay open,” said Dana Kirk, the shop owner.")
        assert b'"speaker"' in stored and b"Dana Kirk" in stored
        await client.aclose()
    assert not Path(path).exists()


async def test_a_dead_parser_server_is_restarted_and_clients_reconnect(
    settings: Settings,
) -> None:
    with parser_server(settings.model_copy(update={"workers": 1})) as path:
        client = RemoteParser(path, 60)
        first = await client.compute("“Open,” said Ana Ruiz.")
        server = next(
            p for p in multiprocessing.active_children() if p.name == "quotes-parser-server"
        )
        assert await client.available() == 1
        server.kill()
        server.join(5)
        assert await client.available() == 0  # readiness says 503 until it is back
        # Until the restarted server answers, calls are refused (503), never failed (500):
        # the dead idle connection is retried once on a new one, and connecting is refused.
        # However long this machine takes to load the pipeline again, within serve's own bound.
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while True:
            try:
                assert await client.compute("“Open,” said Ana Ruiz.") == first
                assert await client.available() == 1
                break
            except Overloaded:
                assert time.monotonic() < deadline, "the parser server did not come back"
                await asyncio.sleep(0.1)
        await client.aclose()


async def test_the_scope_crosses_the_socket(served: Served) -> None:
    _, path = served
    client = RemoteParser(path, 5)
    assert (await client.compute("x")).endswith(b":speech:x")
    assert (await client.compute("x", "attribution")).endswith(b":attribution:x")
    batch = await client.compute_many(["a", "b"], "attribution")
    assert [r.split(b":", 1)[1] for r in batch] == [  # type: ignore[union-attr]
        b"attribution:a",
        b"attribution:b",
    ]
    await client.aclose()


async def test_the_server_refuses_a_payload_without_a_scope(served: Served) -> None:
    pool, _ = served
    server = ParserServer(pool)
    assert (await server._answer("compute", "x"))[0] == "error"
    assert (await server._answer("compute_many", (["x"], "belief")))[0] == "error"
    status, value = await server._answer("compute", ("x", "speech"))
    assert status == "ok" and isinstance(value, bytes) and value.endswith(b":speech:x")
