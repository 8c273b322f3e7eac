"""Reported clauses the small parser attaches wrongly, on hand-built parses that copy the
misparses seen in news text (invented sentences; no pipeline is loaded)."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from service.nlp.model import Quote
from service.nlp.quotes.extract import find_quotes

VOCAB = spacy.blank("en").vocab
NO_SPACE_BEFORE = {",", "."}


def _parsed(spec: str) -> Doc:
    """A Doc from one "word/dep/head/POS/TAG/lemma" item per token (heads are indices)."""
    rows = [item.split("/") for item in spec.split()]
    words = [r[0] for r in rows]
    spaces = [i + 1 < len(words) and words[i + 1] not in NO_SPACE_BEFORE for i in range(len(words))]
    return Doc(
        VOCAB,
        words=words,
        spaces=spaces,
        deps=[r[1] for r in rows],
        heads=[int(r[2]) for r in rows],
        pos=[r[3] for r in rows],
        tags=[r[4] for r in rows],
        lemmas=[r[5] for r in rows],
        sent_starts=[i == 0 for i in range(len(words))],
    )


def _found(quotes: list[Quote]) -> list[tuple[str, list[str], str | None, str | None]]:
    """Type, parts, cue lemma and speaker mention of each quote."""
    return [
        (
            q.type,
            [p.text for p in q.parts],
            q.cue.lemma if q.cue else None,
            q.speaker.text if q.speaker else None,
        )
        for q in quotes
    ]


def test_a_trailing_cue_parsed_as_a_conjunct_reports_the_clause_before_it() -> None:
    # "said" hangs on "left" as a second conjunct instead of governing it.
    doc = _parsed(
        "Kim/nsubj/1/PROPN/NNP/Kim left/ROOT/1/VERB/VBD/leave on/prep/1/ADP/IN/on "
        "Monday/pobj/2/PROPN/NNP/Monday ,/punct/7/PUNCT/,/, the/det/6/DET/DT/the "
        "agency/nsubj/7/NOUN/NN/agency said/conj/1/VERB/VBD/say ./punct/7/PUNCT/./."
    )
    assert _found(find_quotes(doc)) == [("indirect", ["Kim left on Monday"], "say", "the agency")]


def test_a_trailing_cue_tagged_as_a_participle_still_has_its_subject() -> None:
    # "told" tagged VBN and hung on the clause as an adverbial: its own subject shows it is
    # a past tense, not a bare participle ("Asked about it, …").
    doc = _parsed(
        "The/det/1/DET/DT/the shop/nsubj/2/NOUN/NN/shop closed/ROOT/2/VERB/VBD/close "
        "on/prep/2/ADP/IN/on Monday/pobj/3/PROPN/NNP/Monday ,/punct/8/PUNCT/,/, "
        "a/det/7/DET/DT/a guard/nsubj/8/NOUN/NN/guard told/advcl/2/VERB/VBN/tell "
        "reporters/dobj/8/NOUN/NNS/reporter ./punct/2/PUNCT/./."
    )
    assert _found(find_quotes(doc)) == [
        ("indirect", ["The shop closed on Monday"], "tell reporters", "a guard")
    ]


def test_a_clause_hanging_on_the_cue_is_its_circumstance_not_its_content() -> None:
    # "When the vote ended, the mayor said nothing."
    doc = _parsed(
        "When/advmod/3/SCONJ/WRB/when the/det/2/DET/DT/the vote/nsubj/3/NOUN/NN/vote "
        "ended/advcl/7/VERB/VBD/end ,/punct/7/PUNCT/,/, the/det/6/DET/DT/the "
        "mayor/nsubj/7/NOUN/NN/mayor said/ROOT/7/VERB/VBD/say "
        "nothing/dobj/7/PRON/NN/nothing ./punct/7/PUNCT/./."
    )
    assert find_quotes(doc) == []


def test_a_parenthetical_cue_hung_on_a_noun_reports_both_sides() -> None:
    # "said" is a parataxis of the subject "Boris", not of a verb.
    doc = _parsed(
        "Boris/nsubj/11/PROPN/NNP/Boris and/cc/0/CCONJ/CC/and "
        "colleagues/conj/0/NOUN/NNS/colleague hid/acl/2/VERB/VBD/hide ,/punct/6/PUNCT/,/, "
        "he/nsubj/6/PRON/PRP/he said/parataxis/0/VERB/VBD/say ,/punct/6/PUNCT/,/, "
        "but/cc/0/CCONJ/CC/but one/nummod/10/NUM/CD/one man/conj/0/NOUN/NN/man "
        "ran/ROOT/11/VERB/VBD/run ./punct/11/PUNCT/./."
    )
    ((kind, parts, cue, speaker),) = _found(find_quotes(doc))
    assert (kind, cue, speaker) == ("indirect", "say", "he")
    assert parts == ["Boris and colleagues hid", "but one man ran"]


def test_a_coordinated_cue_with_its_own_subject_ends_the_first_clause() -> None:
    # "He said the vote sent a message and he said things will change": the second "said"
    # is parsed as a conjunct inside the first one's clause.
    doc = _parsed(
        "He/nsubj/1/PRON/PRP/he said/ROOT/1/VERB/VBD/say the/det/3/DET/DT/the "
        "vote/nsubj/4/NOUN/NN/vote sent/ccomp/1/VERB/VBD/send a/det/6/DET/DT/a "
        "message/dobj/4/NOUN/NN/message and/cc/4/CCONJ/CC/and he/nsubj/9/PRON/PRP/he "
        "said/conj/4/VERB/VBD/say things/nsubj/12/NOUN/NNS/thing will/aux/12/AUX/MD/will "
        "change/ccomp/9/VERB/VB/change ./punct/1/PUNCT/./."
    )
    assert _found(find_quotes(doc)) == [
        ("indirect", ["the vote sent a message"], "say", "He"),
        ("indirect", ["things will change"], "say", "he"),
    ]
