"""Which parser one worker gets: a parser process by default (hard time limit), a thread of
the HTTP process only when asked for (QUOTES_PARSE_IN_PROCESS=true)."""

from __future__ import annotations

import asyncio
import os
import time
from types import SimpleNamespace

import pytest
from pydantic import ValidationError

from service.cache import MemoryCache
from service.nlp import pipeline as pipeline_module
from service.serving import start as start_module
from service.serving.errors import TimedOut
from service.serving.pool import ParserPool
from service.serving.runner import ParserRunner
from service.serving.start import start_parsing
from service.settings import Settings
from tests.serving.fake_parser import fake_serve_calls
from tests.serving.test_pool import alive


def test_one_worker_parses_in_a_process_unless_told_otherwise() -> None:
    assert Settings(_env_file=None).parse_in_process is False
    assert Settings(_env_file=None).workers == 1
    with pytest.raises(ValidationError, match="parse_in_process needs workers = 1"):
        Settings(_env_file=None, parse_in_process=True, workers=2)


@pytest.mark.slow
async def test_a_parse_past_the_limit_kills_the_one_parser_process(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``sleep:30`` stands for a parse stuck in compiled code: a parser thread could not be
    stopped in it (an async exception waits for the next bytecode), a process is killed."""
    monkeypatch.setattr(start_module, "serve_calls", fake_serve_calls)
    default = settings.model_copy(update={"parse_in_process": False, "request_timeout_seconds": 1})
    engine, parser = await start_parsing(default, MemoryCache(0))
    try:
        assert isinstance(parser, ParserPool)
        assert engine.nlp is None and engine.pipeline == "fake@1"
        [victim] = parser.pids()
        assert victim != os.getpid()
        started = time.perf_counter()
        with pytest.raises(TimedOut) as timed_out:
            await parser.compute("sleep:30")
        assert timed_out.value.limit == 1
        assert time.perf_counter() - started < 3
        deadline = time.monotonic() + 60
        while parser.pids() in ([], [victim]):
            assert time.monotonic() < deadline, "the parser process was not replaced"
            await asyncio.sleep(0.05)
        assert not alive(victim)
        assert (await parser.compute("after")).endswith(b":speech:after")
        assert parser.pending == 0
    finally:
        await parser.aclose()


async def test_parse_in_process_keeps_the_parse_on_a_thread_of_this_process(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    pipeline = SimpleNamespace(meta={"lang": "en", "name": "fake", "version": "1"})
    monkeypatch.setattr(pipeline_module, "load_pipeline", lambda name: pipeline)
    engine, parser = await start_parsing(
        settings.model_copy(update={"parse_in_process": True}), MemoryCache(0)
    )
    try:
        assert isinstance(parser, ParserRunner)
        assert engine.pipeline == "en_fake@1"
        monkeypatch.setattr(engine, "compute", lambda text, scope: f"{os.getpid()}:{text}".encode())
        assert await parser.compute("x") == f"{os.getpid()}:x".encode()
    finally:
        await parser.aclose()
