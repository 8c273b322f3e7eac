"""Role precision and recall against a role annotation in the shared format."""

from __future__ import annotations

from typing import Any

import pytest
from eval_builders import span

from service.evaluation.role_scores import (
    GoldRole,
    GoldSpeaker,
    found_speakers,
    role_overlaps,
    score_roles,
)

# Our own sentences (never text from the shared eval data).
TEXT = (
    "Harbour master Ines Kalb, head of the ferry board, said the quay would close. "
    "The harbour master added that repairs would take a year. Olav Brakke said nothing."
)
PREMOD = span(TEXT, "Harbour master")
APPOS = span(TEXT, "head of the ferry board")
ANAPH = span(TEXT, "The harbour master")
KALB = GoldSpeaker("Ines Kalb", (GoldRole(*PREMOD, "premodifier"),
                                 GoldRole(*APPOS, "appositive"),
                                 GoldRole(*ANAPH, "anaphoric")))
BRAKKE = GoldSpeaker("Olav Brakke", ())
GOLD = {"a1": (KALB, BRAKKE)}


def speaker(name: str, *roles: tuple[int, int]) -> dict[str, Any]:
    """A predicted speaker with role spans."""
    return {"id": name, "name": name, "kind": "person",
            "roles": [{"text": TEXT[s:e], "start": s, "end": e} for s, e in roles]}


def run(*speakers: dict[str, Any]) -> dict[str, Any]:
    """Score one article's predicted speakers; the JSON form."""
    return score_roles(GOLD, {"a1": {"speakers": list(speakers)}}, ["a1"]).to_json()


@pytest.mark.parametrize(
    ("a", "b", "ok"),
    [((0, 10), (5, 20), True), ((0, 10), (6, 20), False), ((0, 4), (0, 100), True),
     ((0, 10), (10, 20), False), ((3, 3), (0, 10), False)],
)
def test_overlap_is_half_of_the_shorter_span(a: tuple[int, int], b: tuple[int, int],
                                             ok: bool) -> None:
    assert role_overlaps(a, b) is ok
    assert role_overlaps(b, a) is ok


def test_strict_and_all() -> None:
    """The premodifier right, one wrong role, the anaphoric one found: strict leaves the
    anaphoric role out on both sides."""
    wrong = span(TEXT, "the quay")
    later = span(TEXT, "harbour master", ANAPH[0])  # inside the anaphoric description
    out = run(speaker("Ines Kalb", PREMOD, wrong, later))
    assert out["strict"] == {"precision": 50.0, "recall": 50.0, "f1": 50.0, "gold": 2,
                             "recalled": 1, "pred": 2, "right": 1}
    assert out["all"] == {"precision": 66.7, "recall": 66.7, "f1": 66.7, "gold": 3,
                          "recalled": 2, "pred": 3, "right": 2}
    assert (out["gold_speakers"], out["found_speakers"], out["unjudged_pred"]) == (2, 1, 0)


def test_partial_overlap_recalls() -> None:
    """A role covering half of the shorter span or more is a hit on both sides."""
    out = run(speaker("Dr. Ines Kalb", span(TEXT, "head of the ferry")))
    assert (out["strict"]["recall"], out["strict"]["precision"]) == (50.0, 100.0)


def test_speaker_by_surname_and_unjudged_roles() -> None:
    """The same surname finds the gold speaker (both names of two words or more);
    roles of a predicted speaker that is no gold speaker are counted apart."""
    out = run(speaker("I. Kalb", PREMOD), speaker("Kalb", APPOS), speaker("Marta Quist", APPOS))
    assert out["strict"]["recalled"] == 1
    assert out["strict"]["pred"] == 1
    assert out["unjudged_pred"] == 2


def test_same_name_wins_over_surname() -> None:
    """Only when no predicted name is the gold one does a surname find it."""
    assert found_speakers(["Uwe Kalb", "Ines Kalb", "Ulla Kalb"], "Ines Kalb") == [1]
    assert found_speakers(["Uwe Kalb", "Olav Brakke", "Ulla Kalb"], "Ines Kalb") == [0, 2]
    assert found_speakers(["Kalb", None, ""], "Ines Kalb") == []


def test_articles_without_predictions_or_annotation() -> None:
    """No prediction: nothing recalled, precision undefined; ids without a role annotation
    and annotated articles outside ``ids`` are not scored."""
    out = score_roles(GOLD, {}, ["a1", "a9"]).to_json()
    assert out["articles"] == 1
    assert out["strict"] == {"precision": None, "recall": 0.0, "f1": 0.0, "gold": 2,
                             "recalled": 0, "pred": 0, "right": 0}
    assert score_roles(GOLD, {}, []).to_json()["all"]["gold"] == 0
