"""Roles: rules on hand-built Docs, the golden role set through the real pipeline, the scorer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from service.evaluation import roles as role_eval
from service.evaluation.names import normalise_name
from service.nlp.model import Role
from service.nlp.speakers.resolve import article_speakers
from service.nlp.speakers.roles import dedupe_roles, roles_of

# English lexical attributes (lower case, title case, punctuation) without a trained model.
VOCAB = spacy.blank("en").vocab
GOLDEN = Path(__file__).resolve().parents[2] / "golden" / "roles.jsonl"
CASES: list[dict[str, Any]] = [json.loads(line) for line in GOLDEN.read_text("utf-8").splitlines()]


def _volodkin_doc() -> Doc:
    """'former Russian President Arkady Volodkin, a close Lukin ally, spoke .' parsed by hand."""
    words = ["former", "Russian", "President", "Arkady", "Volodkin", ",", "a", "close", "Lukin",
             "ally", ",", "spoke", "."]
    heads = [2, 2, 4, 4, 11, 4, 9, 9, 9, 4, 4, 11, 11]
    deps = ["amod", "amod", "compound", "compound", "nsubj", "punct", "det", "amod", "compound",
            "appos", "punct", "ROOT", "punct"]
    pos = ["ADJ", "ADJ", "PROPN", "PROPN", "PROPN", "PUNCT", "DET", "ADJ", "PROPN", "NOUN",
           "PUNCT", "VERB", "PUNCT"]
    ents = ["O", "B-NORP", "O", "B-PERSON", "I-PERSON", "O", "O", "O", "B-PERSON", "O", "O", "O",
            "O"]
    return Doc(VOCAB, words=words, heads=heads, deps=deps, pos=pos, ents=ents)


def test_premodifier_and_appositive_on_a_hand_built_doc() -> None:
    doc = _volodkin_doc()
    name = next(e for e in doc.ents if e.text == "Arkady Volodkin")
    assert roles_of(name) == [
        Role("former Russian President", 0, 24, "President", None, "former", "Russian"),
        Role("a close Lukin ally", 43, 61, "ally", None, None),
    ]


def test_offsets_index_the_text() -> None:
    doc = _volodkin_doc()
    for role in roles_of(next(e for e in doc.ents if e.text == "Arkady Volodkin")):
        assert doc.text[role.start:role.end] == role.text


def test_a_name_with_nothing_around_it_has_no_role() -> None:
    doc = Doc(VOCAB, words=["Carrow", "spoke", "."], heads=[1, 1, 1],
              deps=["nsubj", "ROOT", "punct"], pos=["PROPN", "VERB", "PUNCT"],
              ents=["B-PERSON", "O", "O"])
    assert roles_of(doc.ents[0]) == []


def test_dedupe_keeps_the_first_of_each_text() -> None:
    first = Role("Defence Secretary", 0, 17, "Defence Secretary")
    again = Role("defence secretary", 40, 57, "Defence Secretary")
    other = Role("UK Defence Secretary", 20, 40, "Defence Secretary", "UK")
    assert dedupe_roles([again, other, first]) == [first, other]


# Sentence-initial "Conservative" is read as an adjective; "in Hamilton" hangs on the verb.
KNOWN_MISSES = ("Conservative leader Martin Ashby", "Rita Moreno, who runs")
PARAMS = [
    pytest.param(c, id=c["text"][:40], marks=[pytest.mark.xfail(
        strict=True, reason="parser-dependent split")] if c["text"].startswith(KNOWN_MISSES)
        else [])
    for c in CASES
]


@pytest.mark.slow
@pytest.mark.parametrize("case", PARAMS)
def test_golden_roles(nlp: Language, case: dict[str, Any]) -> None:
    doc = nlp(case["text"])
    speakers = article_speakers(doc, [])
    found = role_eval.speaker_roles(speakers, case["speaker"])
    if case["roles"]:
        assert any(normalise_name(s.name) == normalise_name(case["speaker"])
                   for s in speakers), "speaker not found"
    for role in found:
        assert doc.text[role.start:role.end] == role.text
    expected = sorted(role_eval.role_key(r) for r in case["roles"])
    assert sorted(role_eval.role_key(r) for r in found) == expected


@pytest.mark.slow
def test_scorer_reports_precision_and_recall(capsys: pytest.CaptureFixture[str]) -> None:
    assert role_eval.main([str(GOLDEN)]) == 0
    out = capsys.readouterr().out
    precision = float(out.split("role text: precision ")[1].split()[0])
    recall = float(out.split("recall ")[1].split()[0])
    assert precision >= 90.0 and recall >= 90.0


def test_score_case_matches_each_expected_role_once() -> None:
    expected = [{"text": "Mayor", "title": "Mayor", "organization": None, "status": None}]
    twice = [Role("Mayor", 0, 5, "Mayor"), Role("mayor", 9, 14, "mayor")]
    counts = role_eval.score_case(twice, expected)
    assert (counts.text_ok, counts.full_ok, counts.predicted, counts.expected) == (1, 1, 2, 1)


def test_a_mention_of_only_punctuation_gives_no_role() -> None:
    from service.nlp.speakers.role_mentions import _span_role

    words = ["Vela", "said", "“", "”", "."]
    doc = Doc(VOCAB, words=words, spaces=[True, True, False, False, False])
    assert _span_role(doc[2:4]) is None
    assert _span_role(doc[0:1]) is not None
