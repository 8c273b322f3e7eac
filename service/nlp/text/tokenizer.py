"""spaCy's tokenizer with a linear cost on long whitespace-free runs.

spaCy splits a text at whitespace and then strips prefixes and suffixes off each
whitespace-free substring one at a time; every step re-searches and re-slices the whole rest
of the substring, so a substring of n affixes ('"' * n, ")" * n) costs O(n²): 4,000 straight
quotation marks took 14 s. ``BoundedTokenizer`` hands spaCy every stretch of text whose
whitespace-free substrings are at most ``MAX_RUN_CHARS`` long unchanged, and cuts each longer
substring into pieces of at most ``PIECE_CHARS`` (at a change between letters or digits and
other characters where it can), each one token: such a run is no prose (no word, URL or
handle in news comes near the bound), and as spaCy would split it ("a,a,a,…": one token per
character) it would cost the parser up to 32 times more. The Docs are joined without added
whitespace, so ``doc.text`` is the input and every token keeps its exact offset; a text
without such a substring (all ordinary text) gets spaCy's tokens, attributes and all.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Doc

# Longest whitespace-free substring spaCy tokenizes as a whole: well above any word, URL or
# handle in news (the longest in 4.5 M characters of development and training articles has
# 87 characters), low enough that the quadratic cost of one stays small.
MAX_RUN_CHARS = 160
# The tokens a longer substring is cut into.
PIECE_CHARS = 32
_LONG_RUN = re.compile(rf"\S{{{MAX_RUN_CHARS + 1},}}")


def cut_run(run: str, limit: int = PIECE_CHARS) -> list[str]:
    """Cut a whitespace-free substring into consecutive pieces of at most ``limit`` chars,
    preferring the last change between alphanumeric and other characters in a window."""
    pieces: list[str] = []
    start = 0
    while len(run) - start > limit:
        cut = start + limit
        for i in range(start + limit, start + limit // 2, -1):
            if run[i - 1].isalnum() != run[i].isalnum():
                cut = i
                break
        pieces.append(run[start:cut])
        start = cut
    pieces.append(run[start:])
    return pieces


def segments(text: str) -> list[tuple[str, bool]]:
    """``text`` as consecutive (segment, is_long_run) pairs; a long run carries the one space
    after it (spaCy's trailing whitespace of its last token)."""
    out: list[tuple[str, bool]] = []
    last = 0
    for match in _LONG_RUN.finditer(text):
        end = match.end()
        if text.startswith(" ", end):
            end += 1
        if match.start() > last:
            out.append((text[last : match.start()], False))
        out.append((text[match.start() : end], True))
        last = end
    if last < len(text):
        out.append((text[last:], False))
    return out


class BoundedTokenizer:
    """A callable for ``nlp.tokenizer``: spaCy's tokenizer, linear on long runs."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def __call__(self, text: str) -> Doc:
        """Tokenize ``text``; identical to the inner tokenizer unless a run is too long."""
        if _LONG_RUN.search(text) is None:
            whole: Doc = self.inner(text)
            return whole
        docs: list[Doc] = []
        for segment, long_run in segments(text):
            if not long_run:
                docs.append(self.inner(segment))
                continue
            run = segment.rstrip(" ")
            pieces = cut_run(run)
            spaces = [False] * len(pieces)
            spaces[-1] = len(run) < len(segment)
            docs.append(Doc(self.inner.vocab, words=pieces, spaces=spaces))
        return Doc.from_docs(docs, ensure_whitespace=False)

    def pipe(self, texts: Any, batch_size: int = 1000) -> Any:
        """Tokenize a stream of texts, like spaCy's ``Tokenizer.pipe``."""
        for text in texts:
            yield self(text)

    def __getattr__(self, name: str) -> Any:
        """Everything else (vocab, memory_zone, serialisation, rules) is the inner one's."""
        if name == "inner":  # not set yet (unpickling): no recursion through __getattr__
            raise AttributeError(name)
        return getattr(self.inner, name)
