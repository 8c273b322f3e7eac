"""The reporting-cue lexicon and cue detection by lemma."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from service.nlp.quotes.cues import lexicon, parse_lexicon, phrase_cues, verb_cue, verb_lemma

# English lexical attributes (lower_, is_punct) as the real pipeline has them.
VOCAB = spacy.blank("en").vocab


def test_lexicon_is_large_and_has_every_section() -> None:
    lex = lexicon()
    assert len(lex.verbs) > 100
    assert {"say", "insist", "rant", "concede", "tweet", "write", "post"} <= lex.verbs
    assert {"point out", "go on"} <= lex.verbs
    assert ("according", "to") in lex.phrases
    assert ("in", "a", "statement") in lex.extends and ("reporters",) in lex.extends
    assert "statement" in lex.nouns


def test_demands_are_data() -> None:
    lex = parse_lexicon("[demands]\nCall  for\nurge\n")
    assert lex.demands == frozenset({"call for", "urge"})
    assert {"call on", "urge"} <= lexicon().demands
    assert {"cite", "note"} <= lexicon().objects


def test_charges_are_data() -> None:
    lex = parse_lexicon("[charges]\nAccuse  of\n")
    assert lex.charges == frozenset({"accuse of"})
    assert {"accuse of", "criticize for", "blame for"} <= lexicon().charges


def test_charge_only_verbs_are_cues_only_when_asked() -> None:
    doc = _doc(
        ["Fans", "mocked", "the", "referee"],
        ["NOUN", "VERB", "DET", "NOUN"],
        ["fan", "mock", "the", "referee"],
        [1, 1, 3, 1],
        ["nsubj", "ROOT", "det", "dobj"],
    )
    assert "mock" not in lexicon().verbs
    assert verb_lemma(doc[1]) is None
    assert verb_lemma(doc[1], charges=True) == "mock"


def test_beliefs_are_not_speech_cues() -> None:
    assert not {"think", "believe", "feel", "hope"} & lexicon().verbs


@pytest.mark.parametrize(
    "bad",
    ["say\n", "[verbs]\n[adverbs]\nloudly\n"],
)
def test_malformed_lexicon_is_rejected(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_lexicon(bad)


def test_parse_lexicon_normalises_and_skips_comments() -> None:
    lex = parse_lexicon("# c\n[verbs]\n  Say   \npoint  out # phrasal\n[phrases]\nAccording to\n")
    assert lex.verbs == frozenset({"say", "point out"})
    assert lex.phrases == (("according", "to"),)


def _doc(
    words: list[str],
    pos: list[str],
    lemmas: list[str],
    heads: list[int],
    deps: list[str],
    tags: list[str] | None = None,
) -> Doc:
    """A hand-built parsed Doc; heads are absolute indices."""
    return Doc(VOCAB, words=words, pos=pos, lemmas=lemmas, heads=heads, deps=deps, tags=tags)


@pytest.mark.parametrize(
    ("form", "lemma"),
    [("said", "say"), ("says", "say"), ("ranted", "rant"), ("conceding", "concede")],
)
def test_verb_cue_matches_by_lemma(form: str, lemma: str) -> None:
    doc = _doc(
        ["She", form, "it"],
        ["PRON", "VERB", "PRON"],
        ["she", lemma, "it"],
        [1, 1, 1],
        ["nsubj", "ROOT", "dobj"],
    )
    cue = verb_cue(doc[1])
    assert cue is not None and (cue.text, cue.lemma) == (form, lemma)


def test_phrasal_verb_cue_spans_its_particle() -> None:
    doc = _doc(
        ["He", "pointed", "out", "flaws"],
        ["PRON", "VERB", "ADP", "NOUN"],
        ["he", "point", "out", "flaw"],
        [1, 1, 1, 1],
        ["nsubj", "ROOT", "prt", "dobj"],
    )
    cue = verb_cue(doc[1])
    assert cue is not None and (cue.text, cue.lemma) == ("pointed out", "point out")


def test_cue_extends_over_told_reporters() -> None:
    doc = _doc(
        ["She", "told", "reporters", "so"],
        ["PRON", "VERB", "NOUN", "ADV"],
        ["she", "tell", "reporter", "so"],
        [1, 1, 1, 1],
        ["nsubj", "ROOT", "dobj", "advmod"],
    )
    cue = verb_cue(doc[1])
    assert cue is not None and (cue.text, cue.lemma) == ("told reporters", "tell reporters")


def test_negated_and_non_verb_forms_are_not_cues() -> None:
    doc = _doc(
        ["He", "did", "not", "say"],
        ["PRON", "AUX", "PART", "VERB"],
        ["he", "do", "not", "say"],
        [3, 3, 3, 3],
        ["nsubj", "aux", "neg", "ROOT"],
    )
    assert verb_lemma(doc[3]) is None
    doc = _doc(
        ["the", "said", "car"],
        ["DET", "ADJ", "NOUN"],
        ["the", "said", "car"],
        [2, 2, 2],
        ["det", "amod", "ROOT"],
    )
    assert verb_lemma(doc[1]) is None


def test_bare_participle_asked_is_not_a_cue() -> None:
    doc = _doc(
        ["Asked", "twice", ",", "he", "said", "no"],
        ["VERB", "ADV", "PUNCT", "PRON", "VERB", "INTJ"],
        ["ask", "twice", ",", "he", "say", "no"],
        [4, 0, 4, 4, 4, 4],
        ["advcl", "advmod", "punct", "nsubj", "ROOT", "dobj"],
        ["VBN", "RB", ",", "PRP", "VBD", "UH"],
    )
    assert verb_lemma(doc[0]) is None
    assert verb_lemma(doc[4]) == "say"


def test_according_to_phrase() -> None:
    doc = _doc(
        ["Rain", "is", "due", ",", "according", "to", "forecasters"],
        ["NOUN", "AUX", "ADJ", "PUNCT", "VERB", "ADP", "NOUN"],
        ["rain", "be", "due", ",", "accord", "to", "forecaster"],
        [1, 1, 1, 1, 1, 4, 5],
        ["nsubj", "ROOT", "acomp", "punct", "prep", "prep", "pobj"],
    )
    ((cue, last),) = phrase_cues(doc)
    assert (cue.text, cue.lemma, last) == ("according to", "according to", 5)
