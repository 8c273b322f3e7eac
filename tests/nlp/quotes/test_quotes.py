"""Quote extraction: golden sentences through the real pipeline, contract invariants, and
rules on hand-built Docs."""

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
from service.nlp.quotes.extract import find_quotes
from service.nlp.quotes.mentions import subject_of

GOLDEN = Path(__file__).resolve().parents[2] / "golden" / "quotes.jsonl"
CASES: list[dict[str, Any]] = [json.loads(line) for line in GOLDEN.read_text("utf-8").splitlines()]

# English lexical attributes (lower_, is_punct) as the real pipeline has them.
VOCAB = spacy.blank("en").vocab


def _check_contract(text: str, quotes: list[Quote]) -> None:
    """Offsets, ids, order and parts as model.Quote promises."""
    assert [q.id for q in quotes] == [f"q{n}" for n in range(1, len(quotes) + 1)]
    assert [q.start for q in quotes] == sorted(q.start for q in quotes)
    for q in quotes:
        assert text[q.start : q.end] == q.text
        assert q.parts[0].start == q.start and q.parts[-1].end == q.end
        for part in q.parts:
            assert text[part.start : part.end] == part.text
        if q.cue is not None:
            assert text[q.cue.start : q.cue.end] == q.cue.text
        if q.speaker is not None:
            assert text[q.speaker.start : q.speaker.end] == q.speaker.text
            assert q.speaker.speaker_id is None
        assert 0.0 <= q.confidence <= 1.0
        assert q.paragraph == len(re.findall(r"\n+", text[: q.start].lstrip("\n")))


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_golden(nlp: Language, case: dict[str, Any]) -> None:
    quotes = find_quotes(nlp(case["text"]))
    _check_contract(case["text"], quotes)
    expected = [{k: v for k, v in q.items() if k != "parts"} for q in case["quotes"]]
    assert [summary(q) for q in quotes] == expected
    for quote, want in zip(quotes, case["quotes"], strict=True):
        parts = want.get("parts", [want["text"]])
        assert [p.text for p in quote.parts] == parts


@pytest.mark.slow
def test_continuation_reuses_the_same_mention(nlp: Language) -> None:
    text = "“The road is closed,” Officer Dana Moss said.\n“Please stay home tonight.”"
    first, second = find_quotes(nlp(text))
    assert second.speaker is not None and first.speaker is not None
    assert (second.speaker.start, second.speaker.end) == (first.speaker.start, first.speaker.end)
    assert second.paragraph == 1
    assert second.confidence < first.confidence


@pytest.mark.slow
def test_unbalanced_marks_stay_in_their_paragraph(nlp: Language) -> None:
    text = "She said “it is over.\nThe next paragraph is plain narration about the weather."
    quotes = find_quotes(nlp(text))
    assert all("\n" not in q.text for q in quotes)


def _built_doc(
    words: list[str], heads: list[int], deps: list[str], pos: list[str], lemmas: list[str]
) -> Doc:
    """A parsed Doc without the model: heads are absolute token indices."""
    spaces = [
        not (i + 1 < len(words) and words[i + 1] in {",", ".", "”"}) and w != "“"
        for i, w in enumerate(words)
    ]
    return Doc(
        VOCAB,
        words=words,
        spaces=spaces,
        heads=heads,
        deps=deps,
        pos=pos,
        lemmas=lemmas,
        sent_starts=[i == 0 for i in range(len(words))],
    )


def test_split_quote_on_hand_built_parse() -> None:
    # “ Prices rose , ” he said , “ again . ”
    words = ["“", "Prices", "rose", ",", "”", "he", "said", ",", "“", "again", ".", "”"]
    heads = [2, 2, 6, 2, 2, 6, 6, 6, 9, 6, 9, 9]
    deps = [
        "punct",
        "nsubj",
        "ccomp",
        "punct",
        "punct",
        "nsubj",
        "ROOT",
        "punct",
        "punct",
        "advmod",
        "punct",
        "punct",
    ]
    pos = [
        "PUNCT",
        "NOUN",
        "VERB",
        "PUNCT",
        "PUNCT",
        "PRON",
        "VERB",
        "PUNCT",
        "PUNCT",
        "ADV",
        "PUNCT",
        "PUNCT",
    ]
    lemmas = ["“", "price", "rise", ",", "”", "he", "say", ",", "“", "again", ".", "”"]
    doc = _built_doc(words, heads, deps, pos, lemmas)
    (quote,) = find_quotes(doc)
    assert quote.type == "direct"
    assert [p.text for p in quote.parts] == ["“Prices rose,”", "“again.”"]
    assert quote.cue is not None and quote.cue.lemma == "say"
    assert quote.speaker is not None and quote.speaker.text == "he"


def test_indirect_clause_on_hand_built_parse() -> None:
    # Officials warned that rivers would rise .
    words = ["Officials", "warned", "that", "rivers", "would", "rise", "."]
    heads = [1, 1, 5, 5, 5, 1, 1]
    deps = ["nsubj", "ROOT", "mark", "nsubj", "aux", "ccomp", "punct"]
    pos = ["NOUN", "VERB", "SCONJ", "NOUN", "AUX", "VERB", "PUNCT"]
    lemmas = ["official", "warn", "that", "river", "would", "rise", "."]
    (quote,) = find_quotes(_built_doc(words, heads, deps, pos, lemmas))
    assert (quote.type, quote.text) == ("indirect", "that rivers would rise")
    assert quote.speaker is not None and quote.speaker.text == "Officials"


def test_word_form_is_not_enough_without_a_verb() -> None:
    # "Said" tagged as an adjective ("the said vehicle") is no cue.
    words = ["The", "said", "vehicle", "was", "towed", "."]
    heads = [2, 2, 4, 4, 4, 4]
    deps = ["det", "amod", "nsubjpass", "auxpass", "ROOT", "punct"]
    pos = ["DET", "ADJ", "NOUN", "AUX", "VERB", "PUNCT"]
    lemmas = ["the", "said", "vehicle", "be", "tow", "."]
    assert find_quotes(_built_doc(words, heads, deps, pos, lemmas)) == []


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    ["", "\n\n", '"', "“”", "” “ \" ' ‘ ’ « » „", "He said: “", "“a\n“b\n“c\n“d", "said said said"],
)
def test_odd_inputs_never_raise(nlp: Language, text: str) -> None:
    quotes = find_quotes(nlp(text))
    _check_contract(text, quotes)


def _subject_of_said(words: list[str], heads: list[int], deps: list[str], pos: list[str]) -> str:
    """The speaking subject found for "said" in a hand-built parse."""
    doc = Doc(VOCAB, words=words, heads=heads, deps=deps, pos=pos)
    found = subject_of(doc[words.index("said")])
    return found.text if found is not None else ""


@pytest.mark.parametrize(
    ("words", "heads", "deps", "pos", "speaker"),
    [
        # "Ad agency Brightwell said ..." misparsed as two subjects: the name speaks.
        (["Ad", "agency", "Brightwell", "said", "so", "."], [1, 3, 3, 3, 3, 3],
         ["compound", "nsubj", "nsubj", "ROOT", "advmod", "punct"],
         ["NOUN", "NOUN", "PROPN", "VERB", "ADV", "PUNCT"], "Brightwell"),
        # A lone common-noun subject stays the speaker.
        (["The", "agency", "said", "so", "."], [1, 2, 2, 2, 2],
         ["det", "nsubj", "ROOT", "advmod", "punct"],
         ["DET", "NOUN", "VERB", "ADV", "PUNCT"], "agency"),
        # A name right after the noun but subject of another verb is not its twin.
        (["The", "agency", "said", "Brightwell", "left", "."], [1, 2, 2, 4, 2, 2],
         ["det", "nsubj", "ROOT", "nsubj", "ccomp", "punct"],
         ["DET", "NOUN", "VERB", "PROPN", "VERB", "PUNCT"], "agency"),
    ],
)
def test_a_described_name_parsed_as_a_second_subject_speaks(
    words: list[str], heads: list[int], deps: list[str], pos: list[str], speaker: str
) -> None:
    assert _subject_of_said(words, heads, deps, pos) == speaker


@pytest.mark.parametrize(
    ("words", "heads", "deps", "pos", "lemmas", "expected"),
    [
        # "Polls closed¶¶After the count, Reyes conceded defeat.": the parser ran the
        # sentence over the line break and made the first line the complement; only a
        # prepositional phrase is left on the cue's line.
        (["Polls", "closed", "\n\n", "After", "the", "count", ",", "Reyes", "conceded",
          "defeat", "."],
         [1, 8, 1, 1, 5, 3, 8, 8, 8, 8, 8],
         ["nsubj", "ccomp", "dep", "prep", "det", "pobj", "punct", "nsubj", "ROOT", "dobj",
          "punct"],
         ["NOUN", "VERB", "SPACE", "ADP", "DET", "NOUN", "PUNCT", "PROPN", "VERB", "NOUN",
          "PUNCT"],
         ["poll", "close", "\n\n", "after", "the", "count", ",", "Reyes", "concede", "defeat",
          "."],
         []),
        # The same with a subordinate clause ("As the school reopened, ...").
        (["Polls", "closed", "\n\n", "As", "the", "school", "reopened", ",", "Reyes",
          "conceded", "defeat", "."],
         [1, 9, 1, 6, 5, 6, 1, 9, 9, 9, 9, 9],
         ["nsubj", "ccomp", "dep", "mark", "det", "nsubj", "advcl", "punct", "nsubj", "ROOT",
          "dobj", "punct"],
         ["NOUN", "VERB", "SPACE", "SCONJ", "DET", "NOUN", "VERB", "PUNCT", "PROPN", "VERB",
          "NOUN", "PUNCT"],
         ["poll", "close", "\n\n", "as", "the", "school", "reopen", ",", "Reyes", "concede",
          "defeat", "."],
         []),
        # A clause of its own on the cue's line is still what was said.
        (["Polls", "closed", "\n\n", "Turnout", "was", "very", "low", ",", "Reyes",
          "conceded", "."],
         [1, 9, 1, 4, 1, 6, 4, 9, 9, 9, 9],
         ["nsubj", "ccomp", "dep", "nsubj", "advcl", "advmod", "acomp", "punct", "nsubj",
          "ROOT", "punct"],
         ["NOUN", "VERB", "SPACE", "NOUN", "AUX", "ADV", "ADJ", "PUNCT", "PROPN", "VERB",
          "PUNCT"],
         ["poll", "close", "\n\n", "turnout", "be", "very", "low", ",", "Reyes", "concede",
          "."],
         ["Turnout was very low"]),
    ],
)
def test_a_modifier_left_on_the_cue_line_is_no_quote(
    words: list[str],
    heads: list[int],
    deps: list[str],
    pos: list[str],
    lemmas: list[str],
    expected: list[str],
) -> None:
    doc = _built_doc(words, heads, deps, pos, lemmas)
    assert [q.text for q in find_quotes(doc) if q.type == "indirect"] == expected


@pytest.mark.parametrize(
    ("words", "heads", "deps", "pos", "lemmas", "expected"),
    [
        # A passive cue in a subordinate clause names the hearer; the clause goes on.
        (["Officials", "said", "tenants", "would", "be", "compensated", "if", "they", "are",
          "asked", "to", "leave", "."],
         [1, 1, 5, 5, 5, 1, 9, 9, 9, 5, 11, 9, 1],
         ["nsubj", "ROOT", "nsubjpass", "aux", "auxpass", "ccomp", "mark", "nsubjpass",
          "auxpass", "advcl", "aux", "xcomp", "punct"],
         ["NOUN", "VERB", "NOUN", "AUX", "AUX", "VERB", "SCONJ", "PRON", "AUX", "VERB", "PART",
          "VERB", "PUNCT"],
         ["official", "say", "tenant", "would", "be", "compensate", "if", "they", "be", "ask",
          "to", "leave", "."],
         "tenants would be compensated if they are asked to leave"),
        # An infinitive cue ("done to confirm") is part of what was said.
        (["Nadia", "claimed", "a", "study", "was", "done", "to", "confirm", "the", "cost", "."],
         [1, 1, 3, 5, 5, 1, 7, 5, 9, 7, 1],
         ["nsubj", "ROOT", "det", "nsubjpass", "auxpass", "ccomp", "aux", "advcl", "det",
          "dobj", "punct"],
         ["PROPN", "VERB", "DET", "NOUN", "AUX", "VERB", "PART", "VERB", "DET", "NOUN", "PUNCT"],
         ["Nadia", "claim", "a", "study", "be", "do", "to", "confirm", "the", "cost", "."],
         "a study was done to confirm the cost"),
        # The speaker's own next act ("…, adding …") still ends the clause.
        (["Officials", "said", "rents", "would", "rise", ",", "adding", "that", "help", "was",
          "coming", "."],
         [1, 1, 4, 4, 1, 4, 4, 10, 10, 10, 6, 1],
         ["nsubj", "ROOT", "nsubj", "aux", "ccomp", "punct", "advcl", "mark", "nsubj", "aux",
          "ccomp", "punct"],
         ["NOUN", "VERB", "NOUN", "AUX", "VERB", "PUNCT", "VERB", "SCONJ", "NOUN", "AUX", "VERB",
          "PUNCT"],
         ["official", "say", "rent", "would", "rise", ",", "add", "that", "help", "be", "come",
          "."],
         "rents would rise"),
    ],
)
def test_a_reported_clause_ends_only_at_the_speakers_next_cue(
    words: list[str],
    heads: list[int],
    deps: list[str],
    pos: list[str],
    lemmas: list[str],
    expected: str,
) -> None:
    doc = _built_doc(words, heads, deps, pos, lemmas)
    first = min(find_quotes(doc), key=lambda q: q.start)
    assert first.text == expected


@pytest.mark.parametrize(
    ("words", "heads", "deps", "tags", "expected"),
    [
        # "said [smaller firms] are likely to suffer": the parser made the clause's subject
        # the cue's object; a finite clause needs it back.
        (["Reyes", "said", "smaller", "firms", "are", "likely", "to", "suffer", "."],
         [1, 1, 3, 1, 1, 4, 7, 5, 1],
         ["nsubj", "ROOT", "amod", "dobj", "ccomp", "acomp", "aux", "xcomp", "punct"],
         ["NNP", "VBD", "JJR", "NNS", "VBP", "JJ", "TO", "VB", "."],
         "smaller firms are likely to suffer"),
        # The object of "told" is the hearer, not the clause's subject.
        (["Reyes", "told", "reporters", "would", "win", "the", "vote", "."],
         [1, 1, 1, 4, 1, 6, 4, 1],
         ["nsubj", "ROOT", "dobj", "aux", "ccomp", "det", "dobj", "punct"],
         ["NNP", "VBD", "NNS", "MD", "VB", "DT", "NN", "."],
         "would win the vote"),
    ],
)
def test_a_subject_parsed_as_the_cues_object_opens_the_clause(
    words: list[str], heads: list[int], deps: list[str], tags: list[str], expected: str
) -> None:
    pos = ["PUNCT" if t == "." else "VERB" if t.startswith("VB") else "NOUN" for t in tags]
    lemmas = [{"said": "say", "told": "tell"}.get(w, w.lower()) for w in words]
    doc = Doc(VOCAB, words=words, heads=heads, deps=deps, tags=tags, pos=pos, lemmas=lemmas)
    (quote,) = find_quotes(doc)
    assert quote.text == expected
