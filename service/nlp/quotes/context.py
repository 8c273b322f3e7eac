"""What the quote rules share about one Doc: marked spans, token ownership, paragraphs."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from service.nlp.text.doctext import doc_text
from service.nlp.text.marks import ALL_MARKS, MarkedSpan, find_marked_spans, outermost

_PARAGRAPH_BREAK = re.compile(r"\n+")
# A paragraph not ending like a sentence is a headline, caption or link ("Don't miss...").
SENTENCE_END = frozenset(".?!…:;,)")
HEADLINE_MAX_WORDS = 25
TRIM_CHARS = frozenset(" \t\n\r\xa0,;:.—–-")


class Parted:
    """Start and end of something made of ordered character ``parts`` (a draft, a report)."""

    __slots__ = ()
    parts: list[tuple[int, int]]

    @property
    def start(self) -> int:
        """Where the first part starts."""
        return self.parts[0][0]

    @property
    def end(self) -> int:
        """Where the last part ends."""
        return self.parts[-1][1]


@dataclass(slots=True)
class QuoteContext:
    """One Doc's marked spans, which span each token sits in, and paragraph boundaries."""

    doc: Doc
    spans: list[MarkedSpan]
    owner: list[int]
    paragraph_starts: list[int]
    headline_paragraphs: frozenset[int] = field(default_factory=frozenset)

    @classmethod
    def build(cls, doc: Doc) -> QuoteContext:
        """Scan marks and paragraphs once for ``doc``."""
        text = doc_text(doc)
        spans = outermost(find_marked_spans(text))
        starts = [0] + [m.end() for m in _PARAGRAPH_BREAK.finditer(text) if m.start() > 0]
        owner = [-1] * len(doc)
        k = 0
        for tok in doc:
            while k < len(spans) and spans[k].end <= tok.idx:
                k += 1
            if k < len(spans) and spans[k].start <= tok.idx < spans[k].end:
                owner[tok.i] = k
        ctx = cls(doc, spans, owner, starts)
        ctx.headline_paragraphs = frozenset(
            p for p in range(len(starts)) if _looks_like_headline(ctx.paragraph_text(p))
        )
        return ctx

    def paragraph_of(self, char: int) -> int:
        """0-based index of the paragraph holding character ``char``."""
        return max(0, bisect.bisect_right(self.paragraph_starts, char) - 1)

    def paragraph_bounds(self, p: int) -> tuple[int, int]:
        """Character range of paragraph ``p`` without its trailing newlines."""
        text = doc_text(self.doc)
        start = self.paragraph_starts[p]
        end = self.paragraph_starts[p + 1] if p + 1 < len(self.paragraph_starts) else len(text)
        while end > 0 and text[end - 1] == "\n":  # in place: a copy of the text before it
            end -= 1  # per paragraph made the paragraphs of a text cost O(n²)
        return start, end

    def paragraph_text(self, p: int) -> str:
        """The text of paragraph ``p``."""
        start, end = self.paragraph_bounds(p)
        return doc_text(self.doc)[start:end]

    def elsewhere(self, anchor: Token) -> Callable[[Token], bool]:
        """A predicate telling whether a token lies outside ``anchor``'s paragraph."""
        para = self.paragraph_of(anchor.idx)
        return lambda tok: self.paragraph_of(tok.idx) != para

    def in_quote(self, token: Token) -> bool:
        """True if ``token`` lies inside an outermost quoted span."""
        return self.owner[token.i] >= 0

    def is_headline(self, char: int) -> bool:
        """True if ``char`` lies in a headline-like paragraph."""
        return self.paragraph_of(char) in self.headline_paragraphs


def _looks_like_headline(paragraph: str) -> bool:
    """Short paragraphs that do not end like a sentence: headlines, captions, links."""
    stripped = paragraph.strip()
    if not stripped:
        return False
    if stripped[0] in ALL_MARKS and stripped[-1] not in ALL_MARKS:
        # An unclosed quote running on into the next paragraph, not a quoted subheading.
        return False
    bare = stripped.rstrip("".join(ALL_MARKS) + " ")
    return not bare or (bare[-1] not in SENTENCE_END and len(bare.split()) <= HEADLINE_MAX_WORDS)


def trimmed_range(
    doc: Doc, lo: int, hi: int, bounds: tuple[int, int] | None = None
) -> tuple[int, int] | None:
    """Character range of tokens ``lo..hi`` (inclusive) without edge punctuation, clipped to
    ``bounds`` (a paragraph: the parser runs sentences across newlines); None if empty."""
    if hi < lo:
        return None
    start = doc[lo].idx
    end = doc[hi].idx + len(doc[hi].text)
    if bounds is not None:
        start, end = max(start, bounds[0]), min(end, bounds[1])
    text = doc_text(doc)
    while start < end and (text[start] in TRIM_CHARS or text[start] in "()"):
        start += 1
    while end > start and (text[end - 1] in TRIM_CHARS or text[end - 1] in "()"):
        end -= 1
    return (start, end) if end > start else None


def strip_marks(text: str) -> str:
    """``text`` without quotation marks, for word counts and title checks."""
    return "".join(ch for ch in text if ch not in ALL_MARKS)
