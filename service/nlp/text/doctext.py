"""Per-Doc facts the rules read often, built once: spaCy recomputes them on every access."""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Token

from service.nlp.labels import PREDICATE_POS
from service.nlp.text.names import fold

_KEY = "quote_attribution.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, cached in the Doc's user data (the rules read it hundreds of times)."""
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.user_data[_KEY] = doc.text
    return str(text)


_SENTS_KEY = "quote_attribution.sentence_of_token"
_VERBS_KEY = "quote_attribution.sentence_has_verb"


def sentence_numbers(doc: Doc) -> list[int]:
    """The sentence index of every token, built once (``token.sent`` walks the Doc each time)."""
    numbers = doc.user_data.get(_SENTS_KEY)
    if numbers is None:
        numbers = [0] * len(doc)
        for index, sent in enumerate(doc.sents):
            numbers[sent.start : sent.end] = [index] * (sent.end - sent.start)
        doc.user_data[_SENTS_KEY] = numbers
    return numbers


def sentence_has_verb(doc: Doc) -> list[bool]:
    """Per sentence, whether it has a verb (captions and credits do not), built once."""
    flags = doc.user_data.get(_VERBS_KEY)
    if flags is None:
        flags = [any(t.pos_ in PREDICATE_POS for t in sent) for sent in doc.sents]
        doc.user_data[_VERBS_KEY] = flags
    return flags


_ENDS_KEY = "quote_attribution.token_ends"
_ENTS_KEY = "quote_attribution.entity_of_token"


def first_token_ending_after(doc: Doc, offset: int) -> int:
    """Index of the first token that ends after character ``offset`` (``len(doc)`` if none),
    by binary search over the token ends, built once."""
    ends: list[int] | None = doc.user_data.get(_ENDS_KEY)
    if ends is None:
        ends = doc.user_data[_ENDS_KEY] = [t.idx + len(t.text) for t in doc]
    return bisect_right(ends, offset)


def entity_of_token(doc: Doc) -> dict[int, tuple[int, int]]:
    """For every token inside a named entity, the entity's token range, built once
    (``doc.ents`` builds every entity Span on each access)."""
    bounds: dict[int, tuple[int, int]] | None = doc.user_data.get(_ENTS_KEY)
    if bounds is None:
        bounds = doc.user_data[_ENTS_KEY] = {
            i: (ent.start, ent.end) for ent in doc.ents for i in range(ent.start, ent.end)
        }
    return bounds


_FOLDED_KEY = "quote_attribution.tokens_by_folded_text"


def tokens_by_folded_text(doc: Doc) -> dict[str, list[int]]:
    """The indices of the tokens of each folded text, in order, built once (the name rules
    look up one surname at a time; scanning the Doc for each is quadratic in long articles)."""
    index: dict[str, list[int]] | None = doc.user_data.get(_FOLDED_KEY)
    if index is None:
        index = {}
        for tok in doc:
            index.setdefault(fold(tok.text), []).append(tok.i)
        doc.user_data[_FOLDED_KEY] = index
    return index


def opens_line(token: Token) -> bool:
    """Whether the token is the first of its line."""
    before = token.doc[token.i - 1] if token.i else None
    return before is None or "\n" in before.whitespace_ or before.is_space


# Dashes that close a dateline ("CLEVELAND — ...").
DATELINE_DASHES = frozenset({"—", "–", "-", "--"})
# Tokens a dateline's date and agency take before its dash ("OSLO, May 2 (AP) —").
DATELINE_TOKENS = 8


def is_dateline(token: Token) -> bool:
    """'CLEVELAND — Former judge Ann Roe said', 'OSLO, May 2 (AP) — ...': a place in capitals
    opening a line, closed by a dash soon after; never the speaker, however the parser hangs
    the sentence on it."""
    doc = token.doc
    if not (opens_line(token) and token.is_upper and token.is_alpha and len(token) >= 3):
        return False
    following = doc[token.i + 1:token.i + 1 + DATELINE_TOKENS]
    return any(t.text in DATELINE_DASHES for t in following) and (
        len(following) > 0 and following[0].text in DATELINE_DASHES | {","})
