"""A batch as parse calls: bounded groups, per-document refusals (no process is started)."""

from __future__ import annotations

import pytest

from service.serving.batches import Outcome, calls_of, each_document
from service.serving.errors import Overloaded, TimedOut, Unavailable


def test_calls_keep_order_share_the_parsers_and_stay_under_the_bound() -> None:
    assert calls_of(["aa", "bb", "cc", "dd"], parallel=2) == [[0, 1], [2, 3]]
    assert calls_of(["a"], parallel=4) == [[0]]
    assert calls_of(["a" * 10, "b" * 10, "c" * 10], parallel=1, max_chars=20) == [[0, 1], [2]]
    assert calls_of(["a" * 50, "b"], parallel=1, max_chars=20) == [[0], [1]]


class Calls:
    """A stand-in for the pool's call: "slow" overruns, "lost" kills the parser, "busy"
    finds no parser; it records every call it got."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    async def __call__(self, texts: list[str]) -> list[Outcome]:
        self.calls.append(texts)
        if "busy" in texts:
            raise Overloaded("1")
        if "slow" in texts:
            raise TimedOut(2.0)
        if "lost" in texts:
            raise Unavailable("1")
        return [text.encode() for text in texts]


async def test_only_the_document_at_fault_gets_the_refusal() -> None:
    calls = Calls()
    outcomes = await each_document(["a", "slow", "c", "lost", "e"], calls, parallel=1)
    assert outcomes[0] == b"a" and outcomes[2] == b"c" and outcomes[4] == b"e"
    assert isinstance(outcomes[1], TimedOut) and isinstance(outcomes[3], Unavailable)
    # One call for all five, then each document alone with its own limit.
    assert calls.calls == [["a", "slow", "c", "lost", "e"], ["a"], ["slow"], ["c"], ["lost"], ["e"]]


async def test_no_parser_in_time_refuses_the_whole_batch() -> None:
    with pytest.raises(Overloaded):
        await each_document(["a", "busy"], Calls(), parallel=2)
