"""Connections against a real `serve`: idle, slow and oversized ones are closed, and every
answer uvicorn gives on its own (400, 408, 431) carries the one error body.

The server runs with short configured limits (1 s); a test only bounds how long it waits for
the server to act (generously: a busy machine may take seconds)."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator

import pytest

from tests.infra.serving import serving

pytestmark = pytest.mark.slow  # every test here talks to a real server process

# However long a loaded machine takes to act on a 1 s limit.
PATIENCE_SECONDS = 30.0


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, int]]:
    """`serve` with 1 s header, body and keep-alive limits and 8 KB of headers at most."""
    limits = {
        "QUOTES_HEADER_TIMEOUT_SECONDS": "1",
        "QUOTES_BODY_TIMEOUT_SECONDS": "1",
        "QUOTES_KEEP_ALIVE_SECONDS": "1",
        "QUOTES_MAX_HEADER_BYTES": "8192",
        "QUOTES_API_KEYS": "k1",
    }
    with serving(limits) as base:
        host, port = base.removeprefix("http://").split(":")
        yield host, int(port)


def exchange(address: tuple[str, int], *parts: bytes, pause: float = 0.0) -> tuple[bytes, float]:
    """Send ``parts`` (``pause`` seconds apart, while the server keeps the connection), then
    read until the server closes it; what it sent and after how many seconds it closed."""
    with socket.create_connection(address, timeout=PATIENCE_SECONDS) as sock:
        started = time.monotonic()
        for part in parts:
            try:
                sock.sendall(part)
            except OSError:
                break  # closed on us: what it answered is still to be read
            time.sleep(pause)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
        return received, time.monotonic() - started


def status_and_error(answer: bytes) -> tuple[int, dict[str, object]]:
    """The status of a raw HTTP answer and its ``error`` object."""
    head, _, body = answer.partition(b"\r\n\r\n")
    assert b"content-type: application/json" in head.lower(), head
    return int(head.split()[1]), json.loads(body)["error"]


def test_an_idle_connection_is_closed(server: tuple[str, int]) -> None:
    received, _ = exchange(server)  # socket.timeout (a failure) if it is held open
    assert received == b""


def test_headers_sent_a_byte_at_a_time_are_cut_off_with_408(server: tuple[str, int]) -> None:
    trickle = [b"GET /healthz HTTP/1.1\r\nHost: x\r\n", *(b"X" for _ in range(200))]
    received, seconds = exchange(server, *trickle, pause=0.2)
    status, error = status_and_error(received)
    assert status == 408 and error["code"] == "request_timeout"
    assert seconds < 200 * 0.2  # closed before the client finished its headers


def test_a_body_shorter_than_its_content_length_is_cut_off_with_408(
    server: tuple[str, int],
) -> None:
    head = (
        b"POST /v1/quotes HTTP/1.1\r\nHost: x\r\nX-API-Key: k1\r\n"
        b"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
    )
    received, _ = exchange(server, head + b'{"text": "short')
    status, error = status_and_error(received)
    assert status == 408 and error["code"] == "request_timeout"


def test_an_oversized_header_is_431_and_the_server_still_answers(
    server: tuple[str, int],
) -> None:
    big = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 100_000 + b"\r\n\r\n"
    received, _ = exchange(server, big)
    status, error = status_and_error(received)
    assert status == 431 and error["code"] == "header_too_large"
    healthy, _ = exchange(server, b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert healthy.startswith(b"HTTP/1.1 200")


def test_a_large_body_sent_with_its_headers_is_not_taken_for_headers(
    server: tuple[str, int],
) -> None:
    # One write: the server reads headers and the start of the body in one chunk.
    body = b'{"text": "\\u201cOpen,\\u201d said Ana Ruiz."' + b" " * 500_000 + b"}"
    request = (
        b"POST /v1/quotes HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-API-Key: k1\r\n"
        b"Content-Type: application/json\r\nContent-Length: " + str(len(body)).encode()
        + b"\r\n\r\n" + body
    )
    received, _ = exchange(server, request)
    assert received.startswith(b"HTTP/1.1 200"), received[:300]


def test_bytes_that_are_not_http_get_the_error_body(server: tuple[str, int]) -> None:
    received, _ = exchange(server, b"HELLO THERE\r\n\r\n")
    status, error = status_and_error(received)
    assert status == 400 and error == {
        "code": "bad_request",
        "message": "The request is not valid HTTP/1.1.",
        "request_id": None,
    }


def test_spaces_around_the_key_on_the_wire_do_not_count(server: tuple[str, int]) -> None:
    body = json.dumps({"text": "“Open,” said Ana Ruiz."}).encode()
    for key in (b"k1", b"  k1", b"k1  ", b"\tk1\t"):
        request = (
            b"POST /v1/quotes HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-API-Key:" + key
            + b"\r\nContent-Type: application/json\r\nContent-Length: "
            + str(len(body)).encode() + b"\r\n\r\n" + body
        )
        received, _ = exchange(server, request)
        assert received.startswith(b"HTTP/1.1 200"), (key, received[:200])
