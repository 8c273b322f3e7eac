"""The `quote-attribution` command: extract, batch, serve, eval, openapi."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import IO, Any

from service import __version__

# Documents per parse call in `batch`: large enough for nlp.pipe, small enough that one
# memory zone (freed at the end of each chunk) stays bounded.
BATCH_CHUNK = 64
# The app factory `serve` runs in its HTTP processes (service.serving knows no app of its own).
APP = "service.api.app:create_app"
# service.nlp.model.SCOPES (a test keeps them equal): importing it here would load spaCy.
SCOPE_CHOICES = ("speech", "attribution")
SCOPE_HELP = (
    "speech: what was said or written (default); attribution: also what a source is said to "
    "believe, know, want, show or back"
)


def _engine() -> Any:
    """An Engine on the configured pipeline and cache (imported late: spaCy loads slowly)."""
    from service.cache import make_cache
    from service.engine import Engine
    from service.nlp.pipeline import load_pipeline
    from service.settings import get_settings

    settings = get_settings()
    return Engine(load_pipeline(settings.pipeline), make_cache(settings))


async def _cached_compute(engine: Any, text: str, scope: str) -> bytes:
    """One body from the cache or computed and stored, with meta."""
    started = time.perf_counter()
    key = engine.key(text, scope)
    body = await engine.cache.get(key)
    cached = body is not None
    if body is None:
        body = engine.compute(text, scope)
        await engine.cache.set(key, body)
    out: bytes = engine.respond(body, cached=cached, started=started)
    await engine.cache.close()
    return out


def cmd_extract(args: argparse.Namespace) -> int:
    """Print the response JSON for one text."""
    source = sys.stdin if args.file == "-" else open(args.file, encoding="utf-8")  # noqa: SIM115
    with source:
        text = source.read()
    if not text.strip():
        print("error: the text is empty", file=sys.stderr)
        return 2
    out = asyncio.run(_cached_compute(_engine(), text, args.scope))
    sys.stdout.write(
        json.dumps(json.loads(out), ensure_ascii=False, indent=2 if args.pretty else None)
    )
    sys.stdout.write("\n")
    return 0


def _read_jsonl(stream: IO[str]) -> Iterator[tuple[Any, str]]:
    """(id, text) per non-empty input line."""
    for number, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            yield record.get("id"), record["text"]
        except (json.JSONDecodeError, KeyError, AttributeError) as exc:
            raise SystemExit(f"error: line {number} is not a {{id, text}} object: {exc}") from None


def _chunks(records: Iterator[tuple[Any, str]], size: int) -> Iterator[list[tuple[Any, str]]]:
    """Consecutive lists of at most ``size`` records."""
    chunk: list[tuple[Any, str]] = []
    for record in records:
        chunk.append(record)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


_WORKER_ENGINE: Any = None


def _worker_init() -> None:
    """Load the pipeline once per worker process."""
    global _WORKER_ENGINE
    _WORKER_ENGINE = _engine()


def _compute_chunk(engine: Any, texts: list[str], scope: str) -> list[bytes | str]:
    """Bodies of a chunk; a failed document comes back as its message (picklable)."""
    results = engine.compute_many(texts, scope)
    return [r if isinstance(r, bytes) else f"{type(r).__name__}: {r}" for r in results]


def _worker_compute(texts: list[str], scope: str) -> list[bytes | str]:
    """``_compute_chunk`` on the worker process's own engine."""
    return _compute_chunk(_WORKER_ENGINE, texts, scope)


def _line(doc_id: Any, stored: bytes | str, engine: Any, cached: bool, started: float) -> bytes:
    """One output line, an item of the API's batch results: the id (as the input gives it),
    then the response body spliced in as bytes, or the error of a failed document."""
    from service.engine import batch_result

    if isinstance(stored, str):
        error = {"code": "document_failed", "message": stored, "request_id": None}
        return batch_result(doc_id, error) + b"\n"
    return batch_result(doc_id, engine.respond(stored, cached=cached, started=started)) + b"\n"


def cmd_batch(args: argparse.Namespace) -> int:
    """Attribute a JSONL file of {id, text} lines, in order, with a progress bar."""
    from tqdm import tqdm

    engine = _engine()
    pool = (
        ProcessPoolExecutor(args.processes, initializer=_worker_init)
        if args.processes > 1
        else None
    )
    out = open(args.output, "wb") if args.output else sys.stdout.buffer  # noqa: SIM115
    try:
        with (
            open(args.input, encoding="utf-8") as stream,
            tqdm(unit="doc", file=sys.stderr, disable=args.quiet) as bar,
        ):
            chunks = _chunks(_read_jsonl(stream), BATCH_CHUNK)
            asyncio.run(
                _run_batch(
                    engine, chunks, pool, out, bar, window=2 * args.processes, scope=args.scope
                )
            )
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        if out is not sys.stdout.buffer:
            out.close()
    return 0


class _Pending:
    """A chunk whose cache misses are being computed."""

    def __init__(
        self,
        chunk: list[tuple[Any, str]],
        keys: list[str],
        bodies: list[bytes | str | None],
        started: float,
    ) -> None:
        self.chunk, self.keys, self.bodies, self.started = chunk, keys, bodies, started
        self.cached = [b is not None for b in bodies]
        self.misses = [i for i, b in enumerate(bodies) if b is None]
        self.future: asyncio.Future[list[bytes | str]] | None = None


async def _run_batch(
    engine: Any,
    chunks: Iterator[list[tuple[Any, str]]],
    pool: ProcessPoolExecutor | None,
    out: IO[bytes],
    bar: Any,
    window: int,
    scope: str,
) -> None:
    """Per chunk: cache lookups, misses computed (``window`` chunks in flight), written in order."""
    loop = asyncio.get_running_loop()
    pending: deque[_Pending] = deque()

    async def finish(job: _Pending) -> None:
        if job.future is not None:
            for i, fresh in zip(job.misses, await job.future, strict=True):
                job.bodies[i] = fresh
                if isinstance(fresh, bytes):
                    await engine.cache.set(job.keys[i], fresh)
        for (doc_id, _), body, hit in zip(job.chunk, job.bodies, job.cached, strict=True):
            assert body is not None
            out.write(_line(doc_id, body, engine, hit, job.started))
        bar.update(len(job.chunk))

    for chunk in chunks:
        keys = [engine.key(text, scope) for _, text in chunk]
        job = _Pending(chunk, keys, [await engine.cache.get(k) for k in keys], time.perf_counter())
        if job.misses:
            texts = [chunk[i][1] for i in job.misses]
            if pool is None:
                job.future = loop.create_future()
                job.future.set_result(_compute_chunk(engine, texts, scope))
            else:
                job.future = asyncio.wrap_future(pool.submit(_worker_compute, texts, scope))
        pending.append(job)
        while len(pending) > window:
            await finish(pending.popleft())
    while pending:
        await finish(pending.popleft())
    await engine.cache.close()


def cmd_serve(args: argparse.Namespace) -> int:
    """Run the HTTP service: one HTTP process with its parser process, or (N > 1) N HTTP
    processes and one parser server with N parser processes."""
    os.environ["QUOTES_WORKERS"] = str(args.workers)
    from service.api.connection import GuardedHttp
    from service.serving.supervisor import Supervisor, app_config

    if args.workers == 1:
        # The HTTP process starts its own parser process (or, if configured, a parser thread):
        # with one HTTP process a parser server would only add a process.
        import uvicorn

        server = uvicorn.Server(app_config(APP, GuardedHttp, host=args.host, port=args.port))
        server.run()
        return 0 if server.started else 3  # as uvicorn.run: 3 means start-up failed
    from service.logs import configure_logging
    from service.serving.parser_server import parser_server
    from service.settings import Settings

    settings = Settings()
    configure_logging(settings.log_level)
    # Each process keeps its own counters; this directory lets /metrics add them all up.
    os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="quotes-metrics-"))
    # Parses from every HTTP worker go to one parser server, which hands each to a free
    # parser process; the HTTP workers themselves each listen on their own socket.
    with parser_server(settings) as socket_path:
        os.environ["QUOTES_PARSER_SOCKET"] = socket_path
        return Supervisor(APP, args.host, args.port, args.workers, GuardedHttp).run()


def cmd_openapi(args: argparse.Namespace) -> int:
    """Write the OpenAPI document of the app (no pipeline is loaded)."""
    from service.api.app import create_app

    text = json.dumps(create_app().openapi(), indent=2, ensure_ascii=False) + "\n"
    if args.output == "-":
        sys.stdout.write(text)
    else:
        Path(args.output).write_text(text, encoding="utf-8")
    return 0


def cmd_eval(rest: list[str]) -> int:
    """Score the core against a gold file (see service/evaluation)."""
    from service.evaluation.command import main as eval_main

    return int(eval_main(rest))


def cmd_bench(rest: list[str]) -> int:
    """Measure throughput and latency (see service/bench)."""
    from service.bench import main as bench_main

    return int(bench_main(rest))


# Subcommands that own their arguments: the rest of the command line goes to them as is.
DELEGATED = {"eval": cmd_eval, "bench": cmd_bench}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(prog="quote-attribution", description=__doc__)
    parser.add_argument("--version", action="version", version=__version__)
    sub = parser.add_subparsers(dest="command", required=True)

    extract = sub.add_parser("extract", help="print the response JSON for one text")
    extract.add_argument("file", nargs="?", default="-", help="text file, or - for stdin")
    extract.add_argument("--pretty", action="store_true", help="indent the JSON")
    extract.add_argument("--scope", choices=SCOPE_CHOICES, default="speech", help=SCOPE_HELP)
    extract.set_defaults(func=cmd_extract)

    batch = sub.add_parser("batch", help="attribute a JSONL file of {id, text} lines")
    batch.add_argument("input", help="input JSONL")
    batch.add_argument("-o", "--output", help="output JSONL (default: stdout)")
    batch.add_argument("--processes", type=int, default=1, help="worker processes")
    batch.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    batch.add_argument("--scope", choices=SCOPE_CHOICES, default="speech", help=SCOPE_HELP)
    batch.set_defaults(func=cmd_batch)

    serve = sub.add_parser("serve", help="run the HTTP service")
    serve.add_argument("--host", default=os.environ.get("QUOTES_HOST", "127.0.0.1"))
    serve.add_argument("--port", type=int, default=int(os.environ.get("QUOTES_PORT", "8000")))
    serve.add_argument("--workers", type=int, default=int(os.environ.get("QUOTES_WORKERS", "1")),
                       help="1 = one HTTP process and one parser process; N = N HTTP processes "
                       "and a parser server with N parser processes")
    serve.set_defaults(func=cmd_serve)

    openapi = sub.add_parser("openapi", help="write the OpenAPI document")
    openapi.add_argument("-o", "--output", default="openapi.json", help="path, or - for stdout")
    openapi.set_defaults(func=cmd_openapi)

    sub.add_parser("eval", help="score against gold data (eval --help for its options)")
    sub.add_parser("bench", help="measure throughput and latency (bench --help)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] and argv[0] in DELEGATED:
        return DELEGATED[argv[0]](argv[1:])
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
