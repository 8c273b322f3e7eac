"""Scores of small hand-made articles whose numbers are known by hand."""

from __future__ import annotations

from typing import Any

import pytest
from eval_builders import (
    CRITICS,
    HOLM,
    KINDS,
    NAMES,
    Q1,
    Q2A,
    Q2B,
    Q3,
    TEXT,
    WEISS,
    body,
    ggt_gold,
    gold_quote,
    gold_record,
    perfect_body,
    pred_quote,
    span,
)

from service.evaluation import body_from_attribution, record_from_dict, score
from service.evaluation.metrics import METRIC_KEYS
from service.nlp.model import Attribution, Mention, Quote, Speaker, TextSpan


def run(gold: dict[str, Any], pred: dict[str, Any]) -> dict[str, Any]:
    """Score one article and return the JSON form of the report."""
    return score([record_from_dict(gold)], {gold["id"]: pred}).to_json()


def test_perfect() -> None:
    """Everything right: 100 everywhere; the unnamed-source quote has no name to check."""
    out = run(ggt_gold(), perfect_body())
    for key in ("0.3", "0.8"):
        assert out[key] == {
            "quote_p": 100.0, "quote_r": 100.0, "quote_f1": 100.0,
            "speaker_mention_acc": 100.0, "speaker_name_acc": 100.0,
            "attribution_f1": 100.0, "gold": 4, "pred": 4,
        }


def test_empty_predictions() -> None:
    """Nothing predicted: precision undefined, recall and F1 zero."""
    out = run(ggt_gold(), body([]))
    assert out["0.3"] == {
        "quote_p": None, "quote_r": 0.0, "quote_f1": 0.0, "speaker_mention_acc": None,
        "speaker_name_acc": None, "attribution_f1": 0.0, "gold": 4, "pred": 0,
    }


def test_missing_article_counts_as_empty() -> None:
    """An article absent from the predictions scores like an empty prediction."""
    out = score([record_from_dict(ggt_gold())], {}).to_json()
    assert out["0.3"]["quote_r"] == 0.0
    assert out["0.3"]["pred"] == 0


def test_empty_gold() -> None:
    """An article without gold quotes: every prediction is spurious, recall undefined."""
    out = run(gold_record([]), body([pred_quote(*Q1, mention=HOLM)], {"S1": "Lars Holm"}))
    assert out["0.3"] == {
        "quote_p": 0.0, "quote_r": None, "quote_f1": 0.0, "speaker_mention_acc": None,
        "speaker_name_acc": None, "attribution_f1": 0.0, "gold": 0, "pred": 1,
    }


def test_off_by_one_spans_still_match() -> None:
    """Boundaries one character off (19/20 covered and beyond) match at 0.3 and 0.8."""
    gold = gold_record([gold_quote(*Q1, speaker="Lars Holm", mention=HOLM)])
    pred = body([pred_quote(Q1[0] + 1, Q1[1] + 1, mention=HOLM)], {"S1": "Lars Holm"})
    out = run(gold, pred)
    assert out["0.3"]["quote_f1"] == out["0.8"]["quote_f1"] == 100.0
    assert out["0.8"]["attribution_f1"] == 100.0


@pytest.mark.parametrize(("covered", "f1_03", "f1_08"),
                         [(3, 0.0, 0.0), (4, 100.0, 0.0), (8, 100.0, 0.0), (9, 100.0, 100.0)])
def test_threshold_boundary(covered: int, f1_03: float, f1_08: float) -> None:
    """A 10-character gold quote covered by exactly 3 or 8 characters fails 0.3 or 0.8."""
    start = Q1[0]
    gold = gold_record([gold_quote(start, start + 10, speaker="Lars Holm", mention=HOLM)])
    pred = body([pred_quote(start + 10 - covered, start + 20, mention=HOLM)], {"S1": "Lars Holm"})
    out = run(gold, pred)
    assert (out["0.3"]["quote_f1"], out["0.8"]["quote_f1"]) == (f1_03, f1_08)


def test_one_speaker_wrong() -> None:
    """Q2 (two segments) given to Holm: names 1/3 right, attribution 2/4, mentions 2/4."""
    pred = body([
        pred_quote(*Q1, speaker_id="S1", mention=HOLM, qtype="indirect"),
        pred_quote(Q2A[0], Q2B[1], speaker_id="S1", mention=HOLM, parts=[Q2A, Q2B]),
        pred_quote(*Q3, speaker_id="S3", mention=CRITICS, qtype="indirect"),
    ], NAMES, KINDS)
    out = run(ggt_gold(), pred)["0.3"]
    assert out["quote_f1"] == 100.0
    assert out["speaker_name_acc"] == 33.3
    assert out["speaker_mention_acc"] == 50.0
    assert out["attribution_f1"] == 50.0


def test_right_name_through_another_mention() -> None:
    """The name comes from the entity the mention resolves to, not the mention text."""
    gold = gold_record([gold_quote(*Q1, speaker="Lars Holm", mention=HOLM)])
    pred = body([pred_quote(*Q1, speaker_id="S9", mention=WEISS)], {"S9": "Mr. Lars Holm"})
    out = run(gold, pred)["0.3"]
    assert (out["speaker_mention_acc"], out["speaker_name_acc"]) == (0.0, 100.0)


def test_duplicate_prediction_is_spurious() -> None:
    """The same quote predicted twice: the second copy is a false positive."""
    gold = gold_record([gold_quote(*Q1, speaker="Lars Holm", mention=HOLM)])
    twice = [pred_quote(*Q1, mention=HOLM), pred_quote(*Q1, mention=HOLM)]
    report = score([record_from_dict(gold)], [body(twice, {"S1": "Lars Holm"})])
    out = report.to_json()["0.3"]
    assert (out["quote_p"], out["quote_r"], out["quote_f1"]) == (50.0, 100.0, 66.7)
    assert out["attribution_f1"] == 66.7
    assert report.articles["0.3"][0].spurious == [1]


def test_split_quote_parts_score_per_segment() -> None:
    """A quote with two parts matches the two gold quotes; one unsplit span matches one."""
    gold = gold_record([gold_quote(*Q2A, mention=WEISS), gold_quote(*Q2B, mention=WEISS)])
    names = {"S1": "Anna Weiss"}
    parts = body([pred_quote(Q2A[0], Q2B[1], mention=WEISS, parts=[Q2A, Q2B])], names)
    whole = body([pred_quote(Q2A[0], Q2B[1], mention=WEISS, parts=[])], names)
    assert run(gold, parts)["0.8"]["quote_f1"] == 100.0
    out = run(gold, whole)["0.3"]
    assert (out["quote_p"], out["quote_r"], out["pred"]) == (100.0, 50.0, 1)


def test_polnear_content_spans_and_no_canonical_names() -> None:
    """PolNeAR's content_spans are separate gold segments; its names are not canonical."""
    quote = gold_quote(Q2A[0], Q2B[1], speaker="Dr. Anna Weiss", mention=WEISS,
                       content_spans=[list(Q2A), list(Q2B)])
    gold = gold_record([quote], dataset="PolNeAR-1.0.0", meta={"publisher": "testpost"})
    pred = body([pred_quote(Q2A[0], Q2B[1], mention=WEISS, parts=[Q2A, Q2B])], {"S1": "X"})
    out = run(gold, pred)
    assert out["0.8"]["quote_f1"] == 100.0
    assert out["0.8"]["gold"] == 2
    assert out["0.8"]["speaker_mention_acc"] == 100.0
    assert out["0.8"]["speaker_name_acc"] is None
    assert out["0.8"]["attribution_f1"] is None
    assert list(out["by_source"]) == ["testpost"]


def test_polnear_with_canonical_speakers_has_names() -> None:
    """A record with meta.canonical_speakers has canonical names: name accuracy and
    attribution F1 are scored; a quote with speaker null is left out of name accuracy."""
    quotes = [
        gold_quote(*Q1, speaker="Lars Holm", mention=HOLM, qtype="indirect"),
        gold_quote(Q2A[0], Q2B[1], speaker="Anna Weiss", mention=WEISS,
                   content_spans=[list(Q2A), list(Q2B)]),
        gold_quote(*Q3, speaker=None, mention=None, qtype="indirect"),
    ]
    gold = gold_record(quotes, dataset="PolNeAR-1.0.0",
                       meta={"publisher": "testpost", "canonical_speakers": True})
    pred = body([
        pred_quote(*Q1, speaker_id="S1", mention=HOLM, qtype="indirect"),
        pred_quote(Q2A[0], Q2B[1], speaker_id="S1", mention=WEISS, parts=[Q2A, Q2B]),
        pred_quote(*Q3, speaker_id="S2", mention=CRITICS, qtype="indirect"),
    ], {"S1": "Lars Holm", "S2": "critics"}, {"S2": "unnamed"})
    out = run(gold, pred)["0.3"]
    assert out["gold"] == 4
    assert out["speaker_name_acc"] == 33.3  # Holm right, both Weiss parts wrong, Q3 out
    # Holm, and Q3 (speaker null) given to an unnamed source as in GGT: 2 of 4 segments
    assert out["attribution_f1"] == 50.0


def test_by_mention_type() -> None:
    """Gold quotes with a canonical name by mention type; matched, mention and name right."""
    holm = span(TEXT, "Holm")
    we = span(TEXT, "We")
    quotes = [
        gold_quote(*Q1, speaker="Lars Holm", mention=holm, qtype="indirect"),  # surname
        gold_quote(*Q2A, speaker="Anna Weiss", mention=WEISS),  # name (after "Dr.")
        gold_quote(*Q2B, speaker="Anna Weiss", mention=we),  # pronoun
        gold_quote(*Q3, speaker="Lars Holm", mention=CRITICS, qtype="indirect"),  # description
    ]
    gold = gold_record(quotes)
    pred = body([
        pred_quote(*Q1, speaker_id="S1", mention=HOLM, qtype="indirect"),
        pred_quote(Q2A[0], Q2B[1], speaker_id="S2", mention=WEISS, parts=[Q2A, Q2B]),
    ], NAMES, KINDS)
    by_mention = run(gold, pred)["by_mention"]
    assert list(by_mention) == ["name", "surname", "pronoun", "description"]
    assert by_mention["surname"]["0.3"] == {
        "quote_r": 100.0, "speaker_mention_acc": 100.0, "speaker_name_acc": 100.0,
        "gold": 1, "matched": 1}
    assert by_mention["pronoun"]["0.3"]["speaker_mention_acc"] == 0.0  # "We" vs "Dr. Anna…"
    assert by_mention["pronoun"]["0.3"]["speaker_name_acc"] == 100.0
    assert by_mention["description"]["0.8"] == {
        "quote_r": 0.0, "speaker_mention_acc": None, "speaker_name_acc": None,
        "gold": 1, "matched": 0}


def test_by_mention_type_without_canonical_names() -> None:
    """Records without canonical names have no mention-type rows; neither has speaker null."""
    polnear = gold_record([gold_quote(*Q1, speaker="Lars Holm", mention=HOLM)],
                          dataset="PolNeAR-1.0.0")
    assert run(polnear, body([]))["by_mention"] == {}
    unnamed = gold_record([gold_quote(*Q3, speaker=None, mention=None)])
    assert run(unnamed, body([]))["by_mention"] == {}


def test_unnamed_source() -> None:
    """A gold quote with no canonical speaker is attributed right only to an unnamed one."""
    gold = gold_record([gold_quote(*Q3, speaker=None, mention=CRITICS)])
    unnamed = body([pred_quote(*Q3, mention=CRITICS)], {"S1": "critics"}, {"S1": "unnamed"})
    named = body([pred_quote(*Q3, mention=CRITICS)], {"S1": "Lars Holm"})
    assert run(gold, unnamed)["0.3"]["attribution_f1"] == 100.0
    assert run(gold, named)["0.3"]["attribution_f1"] == 0.0
    assert run(gold, named)["0.3"]["speaker_name_acc"] is None


def test_gold_without_mention_span_is_not_judged_on_mention() -> None:
    """A floating gold quote (no mention span) is left out of mention accuracy."""
    gold = gold_record([gold_quote(*Q1, speaker="Lars Holm", mention=None)])
    out = run(gold, body([pred_quote(*Q1, mention=HOLM)], {"S1": "Lars Holm"}))["0.3"]
    assert out["speaker_mention_acc"] is None
    assert out["speaker_name_acc"] == 100.0


def test_by_type_recall_by_gold_precision_by_pred() -> None:
    """An indirect gold quote predicted as direct: indirect recall, direct precision."""
    gold = gold_record([gold_quote(*Q1, speaker="Lars Holm", mention=HOLM, qtype="indirect")])
    pred = body([pred_quote(*Q1, mention=HOLM, qtype="direct")], {"S1": "Lars Holm"})
    by_type = run(gold, pred)["by_type"]
    assert by_type["indirect"]["0.3"]["quote_r"] == 100.0
    assert by_type["indirect"]["0.3"]["quote_p"] is None
    assert by_type["direct"]["0.3"]["quote_p"] == 100.0
    assert by_type["direct"]["0.3"]["quote_r"] is None
    assert (by_type["indirect"]["0.3"]["gold"], by_type["direct"]["0.3"]["pred"]) == (1, 1)


def test_json_shape_and_sources() -> None:
    """Identical keys at each threshold and in every breakdown; sources by outlet."""
    out = run(ggt_gold(), perfect_body())
    assert list(out) == ["0.3", "0.8", "by_type", "by_source", "by_mention"]
    assert list(out["by_source"]) == ["Daily Test"]
    assert sorted(out["by_type"]) == ["direct", "indirect"]
    for block in [out["0.3"], out["0.8"], *(
            v for group in ("by_type", "by_source") for d in out[group].values()
            for v in d.values())]:
        assert tuple(block) == METRIC_KEYS


def test_attribution_dataclasses_score_like_dicts() -> None:
    """The core's dataclasses, converted with dataclasses.asdict, go through the same path."""
    weiss = Mention(text=TEXT[WEISS[0]:WEISS[1]], start=WEISS[0], end=WEISS[1], speaker_id="S1")
    quote = Quote(
        id="Q1", type="direct", text=TEXT[Q2A[0]:Q2B[1]], start=Q2A[0], end=Q2B[1],
        parts=[TextSpan(TEXT[s:e], s, e) for s, e in (Q2A, Q2B)], paragraph=0, speaker=weiss,
    )
    attribution = Attribution(quotes=[quote], speakers=[Speaker("S1", "Anna Weiss", "person")])
    gold = gold_record([gold_quote(*Q2A, mention=WEISS), gold_quote(*Q2B, mention=WEISS)])
    out = run(gold, body_from_attribution(attribution))["0.8"]
    assert (out["quote_f1"], out["speaker_mention_acc"], out["attribution_f1"]) == (
        100.0, 100.0, 100.0)


def test_aligned_list_must_match_gold_length() -> None:
    """Predictions given as a list must align one-to-one with the gold records."""
    with pytest.raises(ValueError, match="2 predictions for 1"):
        score([record_from_dict(ggt_gold())], [body([]), body([])])


def test_unnamed_source_needs_a_speaker() -> None:
    """A prediction without any speaker does not get an unnamed-source quote right."""
    gold = gold_record([gold_quote(*Q3, speaker=None, mention=CRITICS)])
    nobody = body([pred_quote(*Q3, speaker_id=None)], {})
    assert run(gold, nobody)["0.3"]["attribution_f1"] == 0.0
