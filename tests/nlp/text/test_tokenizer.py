"""The bounded tokenizer: spaCy's tokens on ordinary text, exact offsets on any text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc

from service.nlp.text.tokenizer import MAX_RUN_CHARS, PIECE_CHARS, BoundedTokenizer, cut_run

WORDS = st.sampled_from(
    ["said", "Maria", "don't", "U.S.", "e-mail", "3.5km", "$20", "(", ")", '"', "“", "”", "’",
     ",", ".", "...", "—", "https://example.org/a/b?c=d", "#tag", "@user", ":-)", "\n", "\n\n",
     "  ", "\t", "Mr.", "can't", "'s", "gonna"]
)  # fmt: skip
# Text whose whitespace-free runs are all short: what news is made of.
ORDINARY = st.lists(st.tuples(WORDS, st.sampled_from([" ", "", "\n"])), max_size=40).map(
    lambda pairs: "".join(w + sep for w, sep in pairs)
)
RUN = st.text(alphabet=st.sampled_from(list('"“”()[].,;:!?-—\'’abc1')), min_size=1, max_size=600)
ANY = st.lists(st.one_of(ORDINARY, RUN), max_size=6).map(" ".join)
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _tokens(doc: Doc) -> list[tuple[str, str, str, int]]:
    return [(t.text, t.whitespace_, t.norm_, t.idx) for t in doc]


def _bounded(nlp: Language) -> BoundedTokenizer:
    assert isinstance(nlp.tokenizer, BoundedTokenizer)
    return nlp.tokenizer


def _exact(text: str, doc: Doc) -> bool:
    return doc.text == text and all(text[t.idx : t.idx + len(t)] == t.text for t in doc)


@given(ORDINARY)
@SETTINGS
def test_ordinary_text_gets_spacys_tokens(nlp: Language, text: str) -> None:
    tokenizer = _bounded(nlp)
    assert _tokens(tokenizer(text)) == _tokens(tokenizer.inner(text))


@given(ANY)
@SETTINGS
def test_any_text_keeps_its_text_and_offsets(nlp: Language, text: str) -> None:
    assert _exact(text, _bounded(nlp)(text))


@given(ORDINARY, RUN, ORDINARY)
@SETTINGS
def test_tokens_beside_a_long_run_are_spacys(
    nlp: Language, before: str, run: str, after: str
) -> None:
    run = (run * (MAX_RUN_CHARS // len(run) + 2))[: MAX_RUN_CHARS + 1 + len(run)]
    text = f"{before} {run} {after}"
    tokenizer = _bounded(nlp)
    doc, spacy_doc = tokenizer(text), tokenizer.inner(text)
    lo, hi = len(before) + 1, len(before) + 1 + len(run)
    outside = [t for t in _tokens(spacy_doc) if t[3] + len(t[0]) <= lo or t[3] >= hi + 1]
    assert [t for t in _tokens(doc) if t[3] + len(t[0]) <= lo or t[3] >= hi + 1] == outside
    assert _exact(text, doc)


def test_a_long_run_is_cut_into_tokens_of_at_most_the_piece_size(nlp: Language) -> None:
    text = 'He said "' + '"' * 4000 + " a," * 3 + "a," * 2000 + " end."
    doc = _bounded(nlp)(text)
    assert _exact(text, doc)
    assert [t.text for t in doc[:3]] == ["He", "said", '"' * PIECE_CHARS]
    runs = len(cut_run('"' * 4001)) + len(cut_run("a," * 2001))
    assert len(doc) == 2 + runs + 4 + 2  # He said, run, a , a , run, end .
    assert max(len(t) for t in doc) == PIECE_CHARS


@given(st.text(min_size=1, max_size=400).filter(lambda s: not any(c.isspace() for c in s)))
def test_cut_run_pieces_join_to_the_run(run: str) -> None:
    pieces = cut_run(run)
    assert "".join(pieces) == run
    assert all(0 < len(p) <= PIECE_CHARS for p in pieces)


def test_cut_run_prefers_a_change_between_words_and_marks() -> None:
    assert cut_run("a" * 20 + '"' * 20) == ["a" * 20, '"' * 20]
