"""What the parsers refuse or fail, in their own terms; ``service.api.errors`` maps it to HTTP.

``Refused`` calls never ran to the end and are not the text's fault: the client may retry
later (``Overloaded``, with when: no parser came free in time; ``Unavailable``: the parser
died under the call and under its retry) or was told the limit (``TimedOut``, with the
limit). A ``ParserError`` is a call that failed in a parser process (a bug, not a
refusal). Each refusal pickles as it is, so the parser server can send it to an HTTP worker
over its socket.
"""

from __future__ import annotations

from service.metrics import REJECTED


class Refused(Exception):
    """A call the parsers did not run to the end, on purpose."""


class Overloaded(Refused):
    """Every parser is busy and the queue is full (or the parser server is unreachable)."""

    def __init__(self, retry_after: str) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


class TimedOut(Refused):
    """The call outlived its time limit (its parse was stopped)."""

    def __init__(self, limit: float) -> None:
        super().__init__(limit)
        self.limit = limit


class Unavailable(Overloaded):
    """The parser process died under the call twice (first try and its one retry)."""


class ParserError(RuntimeError):
    """A parser process failed a call or died under it."""


def overloaded(retry_after: str) -> Overloaded:
    """The refusal of a full queue (counted), with when to retry."""
    REJECTED.labels("overloaded").inc()
    return Overloaded(retry_after)


def unavailable(retry_after: str) -> Unavailable:
    """The refusal of a call whose parser died twice (counted), with when to retry."""
    REJECTED.labels("parser_lost").inc()
    return Unavailable(retry_after)


def timed_out(limit: float) -> TimedOut:
    """The refusal of a call past the time limit (counted)."""
    REJECTED.labels("timeout").inc()
    return TimedOut(limit)
