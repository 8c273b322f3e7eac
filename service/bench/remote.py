"""The HTTP phases: uncached throughput per worker count, memory flatness, cache hits."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from service.bench.corpus import unique_suffix
from service.bench.drive import drive, drive_count
from service.bench.loadgen import LoadResult, LoadSpec
from service.bench.procs import cpu_seconds
from service.bench.server import Server

# Bounds of the cache warm-up: passes over the texts before giving up on a full hit rate.
WARM_PASSES = 6


@dataclass(slots=True)
class HttpPlan:
    """Sizes and durations of the HTTP phases."""

    seconds: float
    warmup_seconds: float
    concurrency_per_worker: int
    hit_concurrency: int
    hit_rate: float
    rss_requests: int
    rss_checkpoints: int
    client: str


def _result(load: LoadResult) -> dict[str, Any]:
    """A load result as a JSON-ready dict with rounded rates."""
    data = asdict(load)
    data["rps"] = round(load.rps, 1)
    data["words_per_s"] = round(load.words_per_s, 1)
    data["seconds"] = round(load.seconds, 3)
    return data


def _cpu(server: Server) -> list[float]:
    """CPU seconds used so far by each process (the HTTP process first)."""
    return [cpu_seconds(pid) for pid in server.pids()]


def uncached_phase(
    server: Server, spec: LoadSpec, plan: HttpPlan, workdir: Path
) -> dict[str, Any]:
    """Unique texts (the cache never helps) at ``concurrency_per_worker`` x workers clients."""
    spec = replace(spec, unique=True, concurrency=plan.concurrency_per_worker * server.workers)
    drive(replace(spec, seconds=plan.warmup_seconds, tag=f"w{server.workers}x"), workdir)
    before = _cpu(server)
    load = drive(replace(spec, seconds=plan.seconds, tag=f"u{server.workers}x"), workdir)
    used = [b - a for a, b in zip(before, _cpu(server), strict=True)]
    return {
        "workers": server.workers,
        "concurrency": spec.concurrency,
        "load": _result(load),
        "worker_cpu_share": [round(u / load.seconds, 3) for u in used],
        "words_per_worker_cpu_s": round(load.words / max(sum(used), 1e-9), 1),
        "memory_mb": _memory(server),
    }


def _memory(server: Server) -> list[dict[str, float]]:
    """Current and peak RSS (MB) of each process."""
    return [{"rss": round(r, 1), "peak": round(p, 1)} for r, p in server.memory()]


def rss_phase(server: Server, spec: LoadSpec, plan: HttpPlan, workdir: Path) -> dict[str, Any]:
    """``rss_requests`` unique short texts in chunks; RSS of each worker after every chunk."""
    clients = plan.concurrency_per_worker * server.workers
    spec = replace(spec, unique=True, tag="m", concurrency=clients)
    chunk = max(1, plan.rss_requests // max(1, plan.rss_checkpoints))
    rss: list[list[float]] = [_rss(server)]
    counts = [0]
    done, ok, errors = 0, 0, 0
    while done < plan.rss_requests:
        n = min(chunk, plan.rss_requests - done)
        load = drive_count(replace(spec, start_index=done), workdir, n)
        done += n
        ok += load.ok
        errors += load.requests - load.ok
        rss.append(_rss(server))
        counts.append(done)
    growth = [round(b - a, 1) for a, b in zip(rss[1], rss[-1], strict=True)]
    samples = [{"requests": n, "rss_mb": r} for n, r in zip(counts, rss, strict=True)]
    return {
        "requests": done,
        "ok": ok,
        "failed": errors,
        "samples": samples,
        "growth_after_first_checkpoint_mb": growth,
        "memory_mb": _memory(server),
    }


def _rss(server: Server) -> list[float]:
    """Current RSS (MB) of each process."""
    return [round(r, 1) for r, _ in server.memory()]


def warm_cache(server: Server, spec: LoadSpec, workdir: Path) -> float:
    """Send the texts until a whole pass is served from the cache; the final hit share."""
    share = 0.0
    for _ in range(WARM_PASSES):
        n = len(spec.texts) * server.workers * 2
        load = drive_count(replace(spec, unique=False, concurrency=2 * server.workers), workdir, n)
        share = load.cached / max(1, load.ok)
        if share >= 1.0:
            break
    return share


def hits_phase(
    server: Server, spec: LoadSpec, plan: HttpPlan, workdir: Path, backend: str
) -> dict[str, Any]:
    """Cached texts at ``hit_concurrency`` clients: capacity (closed loop), then latency at
    ``hit_rate`` requests/s offered on a fixed schedule (open loop)."""
    warm = warm_cache(server, spec, workdir)
    hit = replace(spec, unique=False, concurrency=plan.hit_concurrency)
    drive(replace(hit, seconds=min(2.0, plan.warmup_seconds)), workdir)
    before = _cpu(server)
    load = drive(replace(hit, seconds=plan.seconds), workdir)
    used = [b - a for a, b in zip(before, _cpu(server), strict=True)]
    paced = drive(replace(hit, seconds=plan.seconds, rate=plan.hit_rate), workdir)
    return {
        "backend": backend,
        "workers": server.workers,
        "concurrency": plan.hit_concurrency,
        "warm_hit_share": round(warm, 3),
        "hit_share": round(load.cached / max(1, load.ok), 4),
        "load": _result(load),
        "paced": _result(paced),
        "paced_rate": plan.hit_rate,
        "worker_cpu_share": [round(u / load.seconds, 3) for u in used],
        "worker_cpu_ms_per_request": round(1000 * sum(used) / max(1, load.ok), 3),
        "memory_mb": _memory(server),
    }


def suffix_tokens(nlp: Any) -> int:
    """Tokens the unique sentence adds to each uncached request."""
    return len(nlp.make_doc(unique_suffix("u", 1234)))
