"""Prometheus counters shared by the cache and the web layer (default registry)."""

import glob
import os
import struct
from collections.abc import Iterable

from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    generate_latest,
    multiprocess,
)
from prometheus_client.metrics_core import Metric

CACHE_LOOKUPS = Counter(
    "quotes_cache_lookups_total",
    "Result-cache lookups by backend and outcome",
    ["backend", "outcome"],
)
CACHE_ERRORS = Counter(
    "quotes_cache_errors_total",
    "Result-cache backend failures (the request went on uncached)",
    ["backend"],
)
# multiprocess_mode only matters under `serve --workers N` (PROMETHEUS_MULTIPROC_DIR set).
CACHE_UP = Gauge(
    "quotes_cache_up",
    "1 while the cache backend is usable, 0 while bypassed",
    ["backend"],
    multiprocess_mode="livemin",
)
PARSER_PENDING = Gauge(
    "quotes_parser_pending",
    "Calls running or queued for the parsers",
    multiprocess_mode="livesum",
)
PARSER_RESTARTS = Counter(
    "quotes_parser_restarts_total",
    "Parser processes replaced, by reason (timeout: killed to stop a parse; died)",
    ["reason"],
)
REJECTED = Counter("quotes_rejected_total", "Requests refused before parsing", ["reason"])


def forget_process_metrics(pid: int | None) -> None:
    """Drop a dead process's live gauges (its pending parses, its cache state) from the
    shared /metrics of ``serve --workers N``; else they would count on after its death."""
    if pid is not None and os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(pid)  # type: ignore[no-untyped-call]


# The used-bytes header prometheus_client writes at the start of every metrics file.
MMAP_HEADER_BYTES = 8
# A process starting or dying while /metrics reads the shared directory leaves a file empty
# or gone for an instant: read again rather than answer 500.
COLLECT_ATTEMPTS = 3


class SettledMultiProcessCollector(multiprocess.MultiProcessCollector):
    """The multiprocess collector, skipping the files of processes still creating them."""

    def collect(self) -> Iterable[Metric]:
        """Merge every settled metrics file of the shared directory."""
        for attempt in range(COLLECT_ATTEMPTS):
            files = [f for f in glob.glob(os.path.join(self._path, "*.db")) if _settled(f)]
            try:
                return list(self.merge(files, accumulate=True))  # type: ignore[no-untyped-call]
            except (struct.error, OSError):
                if attempt == COLLECT_ATTEMPTS - 1:
                    raise
        return []


def _settled(path: str) -> bool:
    """Whether a metrics file has its header yet (a new process creates it empty first)."""
    try:
        return os.path.getsize(path) >= MMAP_HEADER_BYTES
    except OSError:
        return False



def exposition() -> bytes:
    """/metrics as text: this process's registry, or every process's under `serve --workers`."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return generate_latest(REGISTRY)
    registry = CollectorRegistry()
    SettledMultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return generate_latest(registry)
