"""Attribution placement for a quoted span: the cue and speaker around the quotation marks."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from service.nlp.labels import LINK_DEPS, Pos
from service.nlp.model import Cue, Mention
from service.nlp.quotes.context import QuoteContext
from service.nlp.quotes.cues import verb_cue
from service.nlp.quotes.mentions import mention_for, subject_of
from service.nlp.text.doctext import doc_text
from service.nlp.text.marks import MarkedSpan

# How far past the closing mark an attribution may sit ("…,” said Jane Doe, the minister).
FRAME_AFTER_TOKENS = 14
FRAME_BEFORE_TOKENS = 30
# Characters right before an opening mark that introduce a quote ("X said: “…”", "X said, “…”").
INTRODUCERS = frozenset(":,")
SENTENCE_BREAKS = frozenset({".", "!", "?"})
# What may stand right before a quote that opens a sentence: a sentence end (also inside a
# closing mark), an introducer, a dash, a bracket.
SENTENCE_OPENERS = frozenset(".!?…:;,—–-(\"'”’»›")
# Without punctuation closing the quote, the cue must follow at once ("“…” he said").
TIGHT_AFTER_TOKENS = 3
CLOSING_PUNCT = (",", ".", "?", "!", "—", "–", "…", ":")
# A verb right after a quote ending in a comma attributes it even if not in the lexicon
# ("“…,” she laughed"); only this close.
UNLISTED_VERB_WINDOW = 3


@dataclass(frozen=True, slots=True)
class Frame:
    """The cue, speaker and cue token index found for a quote."""

    cue: Cue
    speaker: Mention | None
    cue_token: int
    confidence: float


def _frame_for(ctx: QuoteContext, verb: Token, cue: Cue, confidence: float) -> Frame:
    """A Frame for a cue verb, with the speaker if it has one."""
    subject = subject_of(verb, ctx.in_quote, ctx.elsewhere(verb))
    mention = None if subject is None else mention_for(subject)
    return Frame(cue, mention, verb.i, confidence if mention else confidence - 0.2)


def linked_frame(ctx: QuoteContext, k: int) -> Frame | None:
    """A cue verb joined to the quote by a dependency arc across the quotation mark."""
    doc = ctx.doc
    span = ctx.spans[k]
    for tok in doc.char_span(span.start, span.end, alignment_mode="expand") or []:
        # A multi-paragraph quote links to its cue from the paragraph the cue is in.
        para = ctx.paragraph_of(tok.idx)
        # The arc's label sits on its dependent: ``tok`` under its head, or a child under
        # ``tok`` (spaCy makes a new Token object per access, so never compare with ``is``).
        arcs = [(tok.head, tok.dep_), *((c, c.dep_) for c in tok.children)]
        for other, arc in arcs:
            if ctx.owner[other.i] >= 0 or ctx.paragraph_of(other.idx) != para:
                continue
            if arc not in LINK_DEPS:
                continue
            cue = verb_cue(other)
            if (
                cue is not None
                and subject_of(other, ctx.in_quote, ctx.elsewhere(other)) is not None
            ):
                return _frame_for(ctx, other, cue, 0.95)
    return None


def _outside_frame(ctx: QuoteContext, tok: Token, para: int) -> bool:
    """True if ``tok`` is quoted or in another paragraph, so no frame reaches it."""
    return ctx.in_quote(tok) or ctx.paragraph_of(tok.idx) != para


def _tokens_after(ctx: QuoteContext, span: MarkedSpan) -> list[Token]:
    """Tokens after the closing mark up to a sentence break, another quote or paragraph end;
    a quote running over several paragraphs closes in its last one."""
    doc = ctx.doc
    para = ctx.paragraph_of(span.end - 1)
    out: list[Token] = []
    start = doc.char_span(span.end, len(doc_text(doc)), alignment_mode="expand")
    if start is None:
        return out
    for tok in start:
        if len(out) >= FRAME_AFTER_TOKENS or _outside_frame(ctx, tok, para):
            break
        if tok.text in SENTENCE_BREAKS:
            break
        out.append(tok)
    return out


def _tokens_before(ctx: QuoteContext, anchor: int) -> list[Token]:
    """Tokens before character ``anchor`` (an opening mark or an introducing colon) back to
    a sentence break, another quote or the paragraph start."""
    doc = ctx.doc
    para = ctx.paragraph_of(anchor)
    out: list[Token] = []
    first = doc.char_span(0, anchor, alignment_mode="contract")
    if first is None:
        return out
    for tok in reversed(first):
        if len(out) >= FRAME_BEFORE_TOKENS or _outside_frame(ctx, tok, para):
            break
        if tok.text in SENTENCE_BREAKS:
            break
        out.append(tok)
    out.reverse()
    return out


def after_frame(ctx: QuoteContext, k: int) -> Frame | None:
    """An attribution after the quote: "…,” X said / said X, the minister."""
    span = ctx.spans[k]
    tokens = _tokens_after(ctx, span)
    text = doc_text(ctx.doc)
    inner_end = text[span.start : span.end].rstrip("\"'”’»›")
    punctuated = inner_end.endswith(CLOSING_PUNCT) or text[span.end : span.end + 1] in ",.—–:"
    # Words quoted inside the narrator's sentence ("known as a “safety valve” argue", "the
    # so-called “Storm Belt,” suffered") are terms; a quote the next words attribute
    # without punctuation or with an unlisted verb opens its sentence.
    opens = _opens_sentence(ctx, span)
    if not punctuated and not opens:
        return None
    for tok in tokens if punctuated else tokens[:TIGHT_AFTER_TOKENS]:
        cue = verb_cue(tok)
        if cue is not None:
            return _frame_for(ctx, tok, cue, 0.9)
    ends_open = inner_end.endswith((",", "?", "!"))
    if ends_open and opens:
        for tok in tokens[:UNLISTED_VERB_WINDOW]:
            if tok.pos_ != Pos.VERB:
                continue
            if subject_of(tok, ctx.in_quote, ctx.elsewhere(tok)) is not None:
                cue = Cue(tok.text, tok.idx, tok.idx + len(tok.text), tok.lemma_.lower())
                return _frame_for(ctx, tok, cue, 0.75)
    return None


def _opens_sentence(ctx: QuoteContext, span: MarkedSpan) -> bool:
    """True if nothing but a sentence end, an introducer or the paragraph start precedes the
    span's opening mark."""
    lo, _ = ctx.paragraph_bounds(ctx.paragraph_of(span.start))
    before = doc_text(ctx.doc)[lo : span.start].rstrip()
    return not before or before[-1] in SENTENCE_OPENERS


def before_frame(ctx: QuoteContext, k: int) -> Frame | None:
    """An attribution introducing the quote: X said: “…” / X said, “…”, or a paragraph
    ending "X reports:" before a quote that opens the next one (a block quote)."""
    span = ctx.spans[k]
    prefix = doc_text(ctx.doc)[: span.start].rstrip()
    if not prefix or prefix[-1] not in INTRODUCERS:
        return None
    anchor, confidence = span.start, 0.9
    if ctx.paragraph_of(len(prefix) - 1) != ctx.paragraph_of(span.start):
        if prefix[-1] != ":":
            return None
        anchor, confidence = len(prefix) - 1, 0.85
    for tok in reversed(_tokens_before(ctx, anchor)):
        cue = verb_cue(tok)
        if cue is not None:
            return _frame_for(ctx, tok, cue, confidence)
    return None
