"""The Gender Gap Tracker's greedy quote matching by character overlap."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class Span(Protocol):
    """Anything with character offsets."""

    @property
    def start(self) -> int:
        """First character."""

    @property
    def end(self) -> int:
        """One past the last character."""


def overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    """Number of characters two half-open ranges share."""
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def coverage(gold: Span, pred: Span) -> float:
    """|gold ∩ pred| / |gold| in characters; 0 for an empty gold span."""
    length = gold.end - gold.start
    if length <= 0:
        return 0.0
    return overlap(gold.start, gold.end, pred.start, pred.end) / length


def match(gold: Sequence[Span], pred: Sequence[Span], threshold: float) -> list[int | None]:
    """For each gold span in order, the index of the still unmatched prediction covering
    the largest share of it strictly above ``threshold`` (first one wins ties), or None."""
    remaining = list(range(len(pred)))
    result: list[int | None] = []
    for g in gold:
        best, best_score = None, 0.0
        for j in remaining:
            value = coverage(g, pred[j])
            if value > threshold and value > best_score:
                best, best_score = j, value
        if best is not None:
            remaining.remove(best)
        result.append(best)
    return result
