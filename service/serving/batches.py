"""A batch as parse calls: documents grouped into calls of bounded size, each document with
its own time limit and its own failure.

A call of several documents that overruns its limit (or loses its parser) says nothing about
which document was at fault, so its documents are run again one by one, each with the full
limit: the slow one gets its own ``TimedOut``, the others their results. The parse is pure,
so running a document twice only costs time.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from service.serving.errors import Overloaded, Refused, Unavailable

# Characters per batch call: the pipeline's own parse batches are about this size, so a call
# keeps the batching speed-up and an overrun costs at most this much parsing twice.
CALL_CHARS = 40_000

Outcome = bytes | Exception
# Computes one call's documents: their outcomes, or a Refused when the call as a whole did not
# run to the end (TimedOut, Unavailable; Overloaded is passed on to the caller).
RunCall = Callable[[list[str]], Awaitable[list[Outcome]]]


def calls_of(texts: list[str], parallel: int, max_chars: int = CALL_CHARS) -> list[list[int]]:
    """Consecutive groups of indices of ``texts``: at least ``parallel`` of similar size when
    there are enough texts (so every parser gets a share), none over ``max_chars`` unless one
    text alone is longer."""
    share = -(-sum(len(text) for text in texts) // max(1, parallel))
    max_chars = max(1, min(max_chars, share))
    groups: list[list[int]] = []
    size = 0
    for i, text in enumerate(texts):
        if groups and size + len(text) <= max_chars:
            groups[-1].append(i)
            size += len(text)
        else:
            groups.append([i])
            size = len(text)
    return groups


async def each_document(texts: list[str], run: RunCall, parallel: int) -> list[Outcome]:
    """Outcomes of every text in order, ``parallel`` calls at a time; a document that overruns
    or kills its parser gets that refusal as its outcome, and no other document does."""
    outcomes: list[Outcome | None] = [None] * len(texts)
    groups = iter(calls_of(texts, parallel))  # shared: each caller below takes the next group

    async def caller() -> None:
        for group in groups:
            for i, outcome in zip(group, await _run_group(texts, group, run), strict=True):
                outcomes[i] = outcome

    await asyncio.gather(*(caller() for _ in range(max(1, parallel))))
    assert all(outcome is not None for outcome in outcomes)
    return outcomes  # type: ignore[return-value]


async def _run_group(texts: list[str], group: list[int], run: RunCall) -> list[Outcome]:
    """One call's outcomes; if the call overran or lost its parser, each document alone."""
    outcome = await _attempt([texts[i] for i in group], run)
    if not isinstance(outcome, Refused):
        return outcome
    if len(group) == 1:
        return [outcome]
    alone = [await _attempt([texts[i]], run) for i in group]
    return [one if isinstance(one, Refused) else one[0] for one in alone]


async def _attempt(texts: list[str], run: RunCall) -> list[Outcome] | Refused:
    """The outcomes of one call, or the refusal that is the call's own (it overran or lost its
    parser); no parser coming free in time refuses the whole batch and is raised."""
    try:
        return await run(texts)
    except Unavailable as exc:
        return exc
    except Overloaded:
        raise
    except Refused as exc:
        return exc
