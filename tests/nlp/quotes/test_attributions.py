"""The attribution scope: golden sentences in both scopes, the speech-subset invariant, the
frames file, and the frame rules on a hand-built Doc."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import spacy
from quote_summary import summary
from spacy.language import Language
from spacy.tokens import Doc

from service.nlp.model import Quote
from service.nlp.quotes import attributions as quote_attributions
from service.nlp.quotes.attributions import candidates, frames, parse_frames
from service.nlp.quotes.context import QuoteContext
from service.nlp.quotes.extract import find_quotes

GOLDEN = Path(__file__).resolve().parents[2] / "golden"
CASES: list[dict[str, Any]] = [
    json.loads(line) for line in (GOLDEN / "attributions.jsonl").read_text("utf-8").splitlines()
]
SPEECH_TEXTS: list[str] = [
    json.loads(line)["text"] for line in (GOLDEN / "quotes.jsonl").read_text("utf-8").splitlines()
] + [case["text"] for case in CASES]
FRAME_KEY = re.compile(r"^[a-z][a-z'.-]* (ccomp|xcomp|dobj|prep:[a-z]+)$")
VOCAB = spacy.blank("en").vocab


def _identity(quote: Quote) -> tuple[object, ...]:
    """Everything about a quote except its number."""
    cue = (quote.cue.start, quote.cue.end) if quote.cue else None
    speaker = (quote.speaker.start, quote.speaker.end) if quote.speaker else None
    parts = tuple((p.start, p.end) for p in quote.parts)
    return (quote.type, parts, cue, speaker, quote.confidence, quote.paragraph)


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_golden_in_both_scopes(nlp: Language, case: dict[str, Any]) -> None:
    doc = nlp(case["text"])
    assert [summary(q) for q in find_quotes(doc, "speech")] == case["speech"]
    assert [summary(q) for q in find_quotes(doc, "attribution")] == case["attribution"]


@pytest.mark.slow
def test_every_speech_quote_is_unchanged_in_the_attribution_scope(nlp: Language) -> None:
    added = 0
    for doc in nlp.pipe(SPEECH_TEXTS):
        speech = {_identity(q) for q in find_quotes(doc, "speech")}
        wider = [_identity(q) for q in find_quotes(doc, "attribution")]
        assert speech <= set(wider), doc.text
        added += len(wider) - len(speech)
    # The invariant must not hold only because the wider scope adds nothing.
    assert added >= sum(len(c["attribution"]) - len(c["speech"]) for c in CASES)


@pytest.mark.slow
def test_unlisted_frames_add_nothing(nlp: Language, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = nlp("The inspector found that the lift had not been serviced in three years.")
    assert find_quotes(doc, "attribution")
    monkeypatch.setattr(quote_attributions, "frames", dict)
    assert find_quotes(doc, "attribution") == find_quotes(doc, "speech") == []


def test_parse_frames_skips_comments_and_blank_lines() -> None:
    text = "# header\n\nbelieve ccomp  0.86  # 71/83\nrefer  prep:to 0.67\n  # note\n"
    assert parse_frames(text) == {"believe ccomp": 0.86, "refer prep:to": 0.67}


def test_parse_frames_refuses_a_line_without_precision() -> None:
    with pytest.raises(ValueError, match="refer prep:to"):
        parse_frames("refer prep:to\n")


def test_shipped_frames_are_well_formed() -> None:
    shipped = frames()
    assert shipped
    assert [k for k in shipped if not FRAME_KEY.match(k)] == []
    assert all(0.0 < p <= 1.0 for p in shipped.values())


@pytest.mark.slow
def test_confidence_is_the_frame_precision(nlp: Language) -> None:
    doc = nlp("The inspector found that the lift had not been serviced in three years.")
    (quote,) = find_quotes(doc, "attribution")
    assert quote.confidence == round(frames()["find ccomp"], 2)


def _built(words: list[str], heads: list[int], deps: list[str], pos: list[str]) -> Doc:
    """A parsed Doc without the model; lemmas are the lower-cased words."""
    return Doc(
        VOCAB,
        words=words,
        spaces=[i + 1 < len(words) and words[i + 1] != "." for i in range(len(words))],
        heads=heads,
        deps=deps,
        pos=pos,
        lemmas=[w.lower() for w in words],
        sent_starts=[i == 0 for i in range(len(words))],
    )


def test_infinitive_frame_takes_the_object_who_is_to_act() -> None:
    # Residents want the council to act .
    doc = _built(
        ["Residents", "want", "the", "council", "to", "act", "."],
        [1, 1, 3, 1, 5, 1, 1],
        ["nsubj", "ROOT", "det", "dobj", "aux", "xcomp", "punct"],
        ["NOUN", "VERB", "DET", "NOUN", "PART", "VERB", "PUNCT"],
    )
    (cand,) = candidates(QuoteContext.build(doc))
    assert cand.key == "want xcomp"
    assert doc[cand.lo : cand.hi + 1].text == "the council to act"
    assert cand.subject.text == "Residents"


def test_prepositional_frame_names_the_preposition_and_drops_it_from_the_content() -> None:
    # Officials referred to the new tariff schedule .
    doc = _built(
        ["Officials", "referred", "to", "the", "new", "tariff", "schedule", "."],
        [1, 1, 1, 6, 6, 6, 2, 1],
        ["nsubj", "ROOT", "prep", "det", "amod", "compound", "pobj", "punct"],
        ["NOUN", "VERB", "ADP", "DET", "ADJ", "NOUN", "NOUN", "PUNCT"],
    )
    (cand,) = candidates(QuoteContext.build(doc))
    assert cand.key == "referred prep:to"
    assert doc[cand.lo : cand.hi + 1].text == "the new tariff schedule"


def test_a_verb_without_a_subject_is_no_candidate() -> None:
    # Wanting the council to act .
    doc = _built(
        ["Wanting", "the", "council", "to", "act", "."],
        [0, 2, 0, 4, 0, 0],
        ["ROOT", "det", "dobj", "aux", "xcomp", "punct"],
        ["VERB", "DET", "NOUN", "PART", "VERB", "PUNCT"],
    )
    assert list(candidates(QuoteContext.build(doc))) == []
