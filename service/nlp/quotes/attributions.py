"""Attribution-scope reports: what a source is said to believe, know, want, show or back.

The speech extractor (quotes.indirect) reports what was said. The "attribution" scope follows
the PARC/PolNeAR convention, where "the poll shows [that ...]", "she wants [to run]" and
"he backs [the bill]" attribute content to a source too. Which verb frames attribute is
data (data/attribution_frames.txt, mined from annotated news by scripts/mine-attribution-
frames); this module finds every candidate frame in a parse and keeps the listed ones.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from spacy.tokens import Token

from service.nlp.labels import FRAME_DEPS, PREP_OBJECT_DEPS, Dep, Pos
from service.nlp.model import Cue
from service.nlp.quotes.context import QuoteContext, trimmed_range
from service.nlp.quotes.indirect import Reported
from service.nlp.quotes.mentions import mention_for, subject_of
from service.nlp.text.doctext import doc_text

FRAMES_FILE = "attribution_frames.txt"
# Content shorter than this ("backs it") names a topic at most.
MIN_CONTENT_TOKENS = 2


@dataclass(frozen=True, slots=True)
class Candidate:
    """A verb with a content-bearing complement and a subject, before the lexicon decides."""

    verb: Token
    key: str
    lo: int
    hi: int
    subject: Token


def parse_frames(text: str) -> dict[str, float]:
    """Frame key ("lemma frame") to its precision in the frames file ("believe ccomp 0.86");
    comments and blank lines skipped."""
    out: dict[str, float] = {}
    for line in text.splitlines():
        fields = line.split("#", 1)[0].split()
        if not fields:
            continue
        if len(fields) != 3:
            raise ValueError(f"attribution frame needs lemma, frame and precision: {line!r}")
        lemma, frame, precision = fields
        out[f"{lemma} {frame}"] = float(precision)
    return out


@cache
def frames() -> dict[str, float]:
    """The attribution frames shipped with the service, with the share of the quotes each
    added that annotators marked too (the quote's confidence)."""
    data = resources.files("service.nlp").joinpath("data", FRAMES_FILE)
    return parse_frames(data.read_text(encoding="utf-8"))


def frame_of(verb: Token) -> tuple[str, Token] | None:
    """The verb's frame name ("ccomp", "xcomp", "dobj", "prep:to") and the dependent
    carrying its content, or None if nothing after the verb could be content."""
    rights = list(verb.rights)
    for dep in FRAME_DEPS:
        child = next((c for c in rights if c.dep_ == dep), None)
        if child is None:
            continue
        if dep == Dep.PREP:
            return f"prep:{child.lower_}", child
        return dep, child
    return None


def _content_range(verb: Token, frame: str, child: Token) -> tuple[int, int] | None:
    """Token range of the attributed content of a frame."""
    if frame.startswith("prep:"):
        objects = [c for c in child.children if c.dep_ in PREP_OBJECT_DEPS]
        if not objects:
            return None
        return objects[0].left_edge.i, child.right_edge.i
    lo = child.left_edge.i
    if frame == Dep.XCOMP:
        # "urged [the board to delay the vote]": the object is who is to act.
        obj = next((c for c in verb.rights if c.dep_ == Dep.DOBJ and c.i < child.i), None)
        lo = obj.left_edge.i if obj is not None else lo
    return lo, child.right_edge.i


def candidates(ctx: QuoteContext) -> Iterator[Candidate]:
    """Every verb outside quotation marks and headlines with a subject and a frame."""
    for tok in ctx.doc:
        if not _is_verb(tok) or ctx.in_quote(tok) or ctx.is_headline(tok.idx):
            continue
        found = frame_of(tok)
        if found is None:
            continue
        frame, child = found
        span = _content_range(tok, frame, child)
        if span is None or _content_tokens(ctx, *span) < MIN_CONTENT_TOKENS:
            continue
        subject = subject_of(tok, ctx.in_quote, ctx.elsewhere(tok))
        if subject is None or ctx.in_quote(subject):
            continue
        yield Candidate(tok, f"{tok.lemma_.lower()} {frame}", span[0], span[1], subject)


def _is_verb(token: Token) -> bool:
    """A verb that is a word: the tagger calls stray marks ("’", "―") verbs at times."""
    return token.pos_ == Pos.VERB and token.lemma_[:1].isalpha()


def _content_tokens(ctx: QuoteContext, lo: int, hi: int) -> int:
    """Tokens in a range that are not punctuation or spaces."""
    return sum(1 for t in ctx.doc[lo : hi + 1] if not (t.is_punct or t.is_space))


def attribution_reports(ctx: QuoteContext) -> list[Reported]:
    """Reports for every candidate whose frame the lexicon lists."""
    listed = frames()
    found: list[Reported] = []
    for cand in candidates(ctx):
        precision = listed.get(cand.key)
        if precision is None:
            continue
        bounds = ctx.paragraph_bounds(ctx.paragraph_of(cand.verb.idx))
        part = trimmed_range(ctx.doc, cand.lo, cand.hi, bounds)
        if part is None:
            continue
        verb = cand.verb
        end = verb.idx + len(verb.text)
        cue = Cue(doc_text(ctx.doc)[verb.idx : end], verb.idx, end, verb.lemma_.lower())
        found.append(Reported(cue, verb.i, mention_for(cand.subject), [part], precision))
    return found
