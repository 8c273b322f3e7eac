"""Which parser a process gets, started: the parser server's client, parser processes of its
own, or (if asked for) a thread beside its event loop."""

from __future__ import annotations

from service.cache import Cache
from service.engine import Engine
from service.serving.parser import Parser
from service.serving.pool import ParserPool
from service.serving.remote import RemoteParser
from service.serving.runner import ParserRunner
from service.serving.worker import serve_calls
from service.settings import Settings


async def start_parsing(settings: Settings, cache: Cache) -> tuple[Engine, Parser]:
    """The engine and the parser: the parser server shared by ``serve``'s HTTP workers, a
    pool of parser processes of this process's own (one with one worker: the default), or,
    if asked for, a thread beside the event loop (less memory, but a soft time limit)."""
    if settings.parser_socket is not None:
        # The parser server times every call; this only bounds one whose server went silent
        # (a wait for a parser and a parse, twice: a call lost with its parser is retried).
        backstop = 2 * (settings.queue_timeout_seconds + settings.request_timeout_seconds) + 5
        remote = RemoteParser(settings.parser_socket, backstop)
        return Engine(None, cache, pipeline=await remote.start()), remote
    if settings.parse_in_process and settings.workers == 1:
        from service.nlp.pipeline import load_pipeline  # spaCy: only this mode parses here

        engine = Engine(load_pipeline(settings.pipeline), cache)
        runner = ParserRunner(engine, settings.max_queue, settings.request_timeout_seconds)
        return engine, runner
    pool = settings_pool(settings)
    pipeline = await pool.start()
    return Engine(None, cache, pipeline=pipeline), pool


def settings_pool(settings: Settings) -> ParserPool:
    """The parser processes, their queue and their time limits, as the settings say (in
    this process, or in the parser server that `serve --workers N` shares)."""
    return ParserPool(
        serve_calls,
        (settings.pipeline, settings.log_level),
        processes=settings.workers,
        max_queue=settings.max_queue,
        timeout_seconds=settings.request_timeout_seconds,
        queue_timeout_seconds=settings.queue_timeout_seconds,
        spares=settings.spare_parsers,
    )
