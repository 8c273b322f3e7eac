"""Greedy matching by gold coverage, at the thresholds' boundaries."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from service.evaluation.matching import coverage, match


@dataclass(frozen=True)
class S:
    """A bare span."""

    start: int
    end: int


def test_coverage_is_share_of_gold() -> None:
    """|gold ∩ pred| / |gold|, asymmetric."""
    assert coverage(S(0, 10), S(5, 100)) == 0.5
    assert coverage(S(5, 100), S(0, 10)) == 5 / 95
    assert coverage(S(0, 10), S(10, 20)) == 0.0
    assert coverage(S(3, 3), S(0, 10)) == 0.0


@pytest.mark.parametrize(
    ("covered", "at_03", "at_08"),
    [(3, None, None), (4, 0, None), (8, 0, None), (9, 0, 0), (10, 0, 0)],
)
def test_threshold_is_strict(covered: int, at_03: int | None, at_08: int | None) -> None:
    """A match needs coverage strictly above the threshold (3/10 fails 0.3, 8/10 fails 0.8)."""
    gold, pred = [S(0, 10)], [S(10 - covered, 15)]
    assert match(gold, pred, 0.3) == [at_03]
    assert match(gold, pred, 0.8) == [at_08]


def test_best_coverage_wins_and_ties_go_to_first() -> None:
    """The prediction covering most of the gold span is taken; on a tie the first one."""
    assert match([S(0, 10)], [S(0, 5), S(0, 9)], 0.3) == [1]
    assert match([S(0, 10)], [S(0, 9), S(1, 10)], 0.3) == [0]


def test_each_prediction_matches_once() -> None:
    """A prediction spanning two gold quotes is used by the first only."""
    assert match([S(0, 10), S(20, 30)], [S(0, 30)], 0.3) == [0, None]
    assert match([S(0, 10), S(0, 10)], [S(0, 10), S(0, 10)], 0.3) == [0, 1]
