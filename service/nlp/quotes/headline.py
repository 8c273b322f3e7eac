"""Headline attributions: an article's first line in the "Source: what they said" format.

Headlines parse badly ("Poll" as a dep, "Split" as a noun), so this reads tags and entities
of the tokens, not the tree.
"""

from __future__ import annotations

from spacy.tokens import Token

from service.nlp.labels import SOURCE_ENTS, SOURCE_POS
from service.nlp.model import Cue, Mention
from service.nlp.quotes.context import HEADLINE_MAX_WORDS, QuoteContext, trimmed_range
from service.nlp.quotes.cues import lexicon
from service.nlp.quotes.indirect import Reported
from service.nlp.text.doctext import doc_text

MAX_SOURCE_TOKENS = 6
MIN_CONTENT_WORDS = 3
# "Source to audience:" and "Source on topic:" still name the source first.
ADDRESSEE_PREPS = frozenset({"to", "on"})


def _is_source(tokens: list[Token]) -> bool:
    """True if the words before the colon name who speaks ("Sen. Jane Doe", "Poll")."""
    if not tokens or len(tokens) > MAX_SOURCE_TOKENS:
        return False
    if any(t.pos_ not in SOURCE_POS for t in tokens):
        return False
    letters = "".join(t.text for t in tokens if t.is_alpha)
    # Shouted labels ("BREAKING:", "EXCLUSIVE:") introduce news, not a speaker.
    if not letters or letters.isupper():
        return False
    named = any(t.ent_type_ in SOURCE_ENTS for t in tokens)
    return named or _named_later(tokens[-1]) or tokens[-1].lemma_.lower() in lexicon().sources


def _named_later(token: Token) -> bool:
    """True if the article body names ``token`` ("Pence:" in the headline, "Mike Pence" in
    the text): the tagger often misses names in title-case headlines."""
    body = (ent for ent in token.doc.ents if ent.start > token.i + 1)
    return any(ent.label_ in SOURCE_ENTS and any(t.text == token.text for t in ent) for ent in body)


def _source_tokens(tokens: list[Token]) -> list[Token]:
    """The speaker part of "Jane Doe to farmers:" / "Jane Doe on taxes:"."""
    for k, tok in enumerate(tokens):
        if k and tok.lower_ in ADDRESSEE_PREPS:
            return tokens[:k]
    return tokens


def headline_reports(ctx: QuoteContext) -> list[Reported]:
    """The first paragraph as "Source: content" when it is a short headline."""
    doc = ctx.doc
    lo, hi = ctx.paragraph_bounds(0)
    head = doc.char_span(lo, hi, alignment_mode="contract")
    if head is None or len(ctx.paragraph_text(0).split()) > HEADLINE_MAX_WORDS:
        return []
    colon = next((t for t in head[: MAX_SOURCE_TOKENS + 1] if t.text == ":"), None)
    if colon is None:
        return []
    source = _source_tokens(list(doc[head.start : colon.i]))
    if not _is_source(source):
        return []
    content = trimmed_range(doc, colon.i + 1, head.end - 1, (lo, hi))
    if content is None or len(doc_text(doc)[content[0] : content[1]].split()) < MIN_CONTENT_WORDS:
        return []
    # A question headline asks; it reports nobody ("Jane Doe: saint or sinner?").
    if doc_text(doc)[content[0] : content[1]].endswith("?"):
        return []
    src = trimmed_range(doc, source[0].i, source[-1].i)
    if src is None:
        return []
    mention = Mention(doc_text(doc)[src[0] : src[1]], src[0], src[1])
    cue = Cue(colon.text, colon.idx, colon.idx + 1, ":")
    return [Reported(cue, colon.i, mention, [content], 0.7)]
