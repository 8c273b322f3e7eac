"""The load generator, run in its own process: ``python -m service.bench.loadgen SPEC.json``.

It keeps ``concurrency`` keep-alive connections busy on 127.0.0.1 until ``seconds`` pass or
``max_requests`` are sent, then waits for the requests in flight and prints one JSON result.
The default client is a minimal HTTP/1.1 client on asyncio streams (uvloop when installed),
so that on a 2-core machine the client costs the server as little CPU as possible; ``httpx``
is the alternative.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from service.bench.corpus import unique_suffix
from service.bench.stats import percentile

# After a failed request a client waits this long, so a dead server is not hammered.
ERROR_PAUSE_SECONDS = 0.05

Send = Callable[[bytes], Awaitable[tuple[int, bytes]]]


@dataclass(slots=True)
class LoadSpec:
    """What to send, how hard and for how long."""

    port: int
    texts: list[str]
    words: list[int]
    path: str = "/v1/quotes"
    concurrency: int = 8
    seconds: float = 10.0
    max_requests: int = 1_000_000
    unique: bool = False
    tag: str = "u"
    start_index: int = 0
    timeout: float = 60.0
    client: str = "raw"
    # Requests per second over all clients; 0 means closed loop (each client sends its next
    # request as soon as the last one is answered).
    rate: float = 0.0


@dataclass(slots=True)
class LoadResult:
    """Counts, rates and latency percentiles (ms) of one load run."""

    requests: int = 0
    ok: int = 0
    cached: int = 0
    words: int = 0
    seconds: float = 0.0
    statuses: dict[str, int] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    rps: float = 0.0
    words_per_s: float = 0.0
    p50_ms: float = 0.0
    p90_ms: float = 0.0
    p99_ms: float = 0.0
    max_ms: float = 0.0
    client_cpu_share: float = 0.0


class _RawConnection:
    """One keep-alive HTTP/1.1 connection that POSTs JSON and reads Content-Length bodies."""

    def __init__(self, port: int, path: str) -> None:
        self._port = port
        self._head = (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            "Content-Type: application/json\r\nContent-Length: "
        ).encode()
        self._streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def send(self, body: bytes) -> tuple[int, bytes]:
        """POST ``body``; (status, response body)."""
        try:
            if self._streams is None:
                self._streams = await asyncio.open_connection("127.0.0.1", self._port)
            reader, writer = self._streams
            writer.write(self._head + str(len(body)).encode() + b"\r\n\r\n" + body)
            head = await reader.readuntil(b"\r\n\r\n")
            status, length, close = _parse_head(head)
            data = await reader.readexactly(length)
        except BaseException:
            self.close()
            raise
        if close:
            self.close()
        return status, data

    def close(self) -> None:
        """Drop the connection (reopened on the next send)."""
        if self._streams is not None:
            self._streams[1].close()
            self._streams = None


def _parse_head(head: bytes) -> tuple[int, int, bool]:
    """(status, content length, connection closes) of a response head."""
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length, close = 0, False
    for line in lines[1:]:
        name, _, value = line.partition(":")
        name = name.strip().lower()
        if name == "content-length":
            length = int(value)
        elif name == "connection" and value.strip().lower() == "close":
            close = True
        elif name == "transfer-encoding":
            raise ValueError("chunked responses are not supported by the raw client")
    return status, length, close


class _Run:
    """Shared state of the client tasks of one run."""

    def __init__(self, spec: LoadSpec) -> None:
        self.spec = spec
        self.next = spec.start_index
        self.sent = 0
        self.latencies: list[float] = []
        self.result = LoadResult()
        self.statuses: Counter[str] = Counter()
        self.errors: Counter[str] = Counter()
        self.started = 0.0
        self.deadline = 0.0
        self.last_done = 0.0
        self.bodies = [json.dumps({"text": t}).encode() for t in spec.texts]

    def take(self) -> tuple[int, bytes] | None:
        """The index and body of the next request, or None when time or count is up."""
        if self.sent >= self.spec.max_requests or time.perf_counter() >= self.deadline:
            return None
        index = self.next
        self.next += 1
        self.sent += 1
        k = index % len(self.spec.texts)
        if not self.spec.unique:
            return k, self.bodies[k]
        text = self.spec.texts[k] + unique_suffix(self.spec.tag, index)
        return k, json.dumps({"text": text}).encode()

    def record(self, k: int, status: int, body: bytes, started: float) -> None:
        """Count one finished request."""
        now = time.perf_counter()
        self.last_done = now
        self.latencies.append((now - started) * 1000)
        self.statuses[str(status)] += 1
        if status == 200:
            self.result.ok += 1
            self.result.words += self.spec.words[k]
            if b'"cached":true' in body[-300:]:
                self.result.cached += 1


async def _client(run: _Run, send: Send, slot: int = 0) -> None:
    """One client: back to back (closed loop) or on a fixed schedule (open loop).

    On a schedule, latency counts from the planned send time, so a slow server cannot hide
    its queueing by delaying the requests it is sent (no coordinated omission).
    """
    interval = run.spec.concurrency / run.spec.rate if run.spec.rate > 0 else 0.0
    planned = run.started + interval * slot / max(1, run.spec.concurrency)
    while not (interval and planned >= run.deadline) and (item := run.take()) is not None:
        k, body = item
        if interval:
            await asyncio.sleep(max(0.0, planned - time.perf_counter()))
            started = planned
            planned += interval
        else:
            started = time.perf_counter()
        try:
            status, data = await asyncio.wait_for(send(body), run.spec.timeout)
        except (OSError, ValueError, TimeoutError, asyncio.IncompleteReadError) as exc:
            run.errors[type(exc).__name__] += 1
            run.last_done = time.perf_counter()
            await asyncio.sleep(ERROR_PAUSE_SECONDS)
            continue
        run.record(k, status, data, started)


async def _raw_clients(run: _Run) -> None:
    """Run the clients on raw keep-alive connections."""
    conns = [_RawConnection(run.spec.port, run.spec.path) for _ in range(run.spec.concurrency)]
    try:
        await asyncio.gather(*(_client(run, c.send, i) for i, c in enumerate(conns)))
    finally:
        for conn in conns:
            conn.close()


async def _httpx_clients(run: _Run) -> None:
    """Run the clients on one httpx connection pool."""
    import httpx

    n = run.spec.concurrency
    limits = httpx.Limits(max_connections=n, max_keepalive_connections=n)
    base = f"http://127.0.0.1:{run.spec.port}"
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=run.spec.timeout) as http:

        async def send(body: bytes) -> tuple[int, bytes]:
            headers = {"content-type": "application/json"}
            response = await http.post(run.spec.path, content=body, headers=headers)
            return response.status_code, response.content

        await asyncio.gather(*(_client(run, send, i) for i in range(n)))


async def run_load(spec: LoadSpec) -> LoadResult:
    """Drive the server as ``spec`` says and summarise the run."""
    run = _Run(spec)
    cpu = time.process_time()
    started = run.started = time.perf_counter()
    run.deadline = started + spec.seconds
    await (_httpx_clients(run) if spec.client == "httpx" else _raw_clients(run))
    res = run.result
    res.requests = run.sent
    res.seconds = max(run.last_done - started, 1e-9)
    res.statuses, res.errors = dict(run.statuses), dict(run.errors)
    res.client_cpu_share = round((time.process_time() - cpu) / res.seconds, 3)
    res.rps = res.ok / res.seconds
    res.words_per_s = res.words / res.seconds
    for name, q in (("p50_ms", 50), ("p90_ms", 90), ("p99_ms", 99), ("max_ms", 100)):
        setattr(res, name, round(percentile(run.latencies, q), 3))
    return res


def _run_async(spec: LoadSpec) -> LoadResult:
    """``run_load`` on uvloop when it is installed (it is with uvicorn[standard])."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(run_load(spec))
    return uvloop.run(run_load(spec))


def main(argv: list[str]) -> int:
    """Read a spec file, run it, print the result as JSON."""
    raw: dict[str, Any] = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    spec = LoadSpec(**raw)
    result = _run_async(spec)
    print(json.dumps(asdict(result)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
