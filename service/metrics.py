"""Prometheus counters shared by the cache and the web layer (default registry)."""

import os

from prometheus_client import Counter, Gauge

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
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(pid)  # type: ignore[no-untyped-call]
