"""Load the spaCy pipeline once and parse text in bounded pieces with exact offsets."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from service.nlp.text.tokenizer import BoundedTokenizer

# Components our rules read: tags, parse, lemmas and entities. Nothing is disabled in
# en_core_web_sm today, but a larger pipeline (md/lg/trf) may bring extras we never read.
USED_COMPONENTS = frozenset(
    {
        "tok2vec",
        "transformer",
        "tagger",
        "morphologizer",
        "parser",
        "attribute_ruler",
        "lemmatizer",
        "ner",
        "senter",
    }
)

# A piece handed to the parser at once: bounds memory and latency of one parse.
MAX_PIECE_CHARS = 20_000
# Characters parsed in one batch: bounds the parser's working memory (see pipe_bounded).
MAX_BATCH_CHARS = 2 * MAX_PIECE_CHARS
_PARAGRAPH_BREAK = re.compile(r"\n+")
_SOFT_BREAK = re.compile(r"(?<=[.!?;:,])\s+|\s+")


def load_pipeline(name: str) -> Language:
    """Load a spaCy pipeline by package name, keeping only the components the rules use, with
    a tokenizer that stays linear on long whitespace-free runs (``text.tokenizer``)."""
    nlp = spacy.load(name)
    if not isinstance(nlp.tokenizer, BoundedTokenizer):
        nlp.tokenizer = BoundedTokenizer(nlp.tokenizer)
    unused = [pipe for pipe in nlp.pipe_names if pipe not in USED_COMPONENTS]
    if unused:
        nlp.disable_pipes(*unused)
    nlp.max_length = max(nlp.max_length, 10 * MAX_PIECE_CHARS)
    return nlp


def pipeline_id(nlp: Language) -> str:
    """A stable name@version identifier of the loaded pipeline, for caches and responses."""
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}@{meta.get('version', '0')}"


def split_pieces(text: str, limit: int = MAX_PIECE_CHARS) -> list[str]:
    """Cut text into consecutive pieces of at most ``limit`` chars, preferring paragraph ends."""
    pieces: list[str] = []
    start = 0
    n = len(text)
    while n - start > limit:
        window_end = start + limit
        cut = _last_break(_PARAGRAPH_BREAK, text, start + limit // 2, window_end)
        if cut is None:
            cut = _last_break(_SOFT_BREAK, text, start + limit // 2, window_end)
        if cut is None:
            cut = window_end
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def _last_break(pattern: re.Pattern[str], text: str, lo: int, hi: int) -> int | None:
    """The end of the last match of ``pattern`` in ``text[lo:hi]``, or None."""
    last = None
    for match in pattern.finditer(text, lo, hi):
        last = match.end()
    return last


def pipe_bounded(
    nlp: Language, texts: Iterable[str], batch_size: int = 32, max_chars: int = MAX_BATCH_CHARS
) -> Iterator[Doc]:
    """``nlp.pipe`` in batches of at most ``batch_size`` texts and, unless one text is longer,
    ``max_chars`` characters: the parser's working memory grows with the batch, and a batch
    of ten 20,000-character pieces (one 200,000-character request) peaked at 800 MB."""
    batch: list[str] = []
    chars = 0
    for text in texts:
        if batch and (len(batch) >= batch_size or chars + len(text) > max_chars):
            yield from nlp.pipe(batch, batch_size=len(batch))
            batch, chars = [], 0
        batch.append(text)
        chars += len(text)
    if batch:
        yield from nlp.pipe(batch, batch_size=len(batch))


def parse(nlp: Language, text: str) -> Doc:
    """Parse one text; long texts are parsed piecewise and joined so offsets stay exact."""
    pieces = split_pieces(text)
    if len(pieces) == 1:
        return nlp(text)
    return Doc.from_docs(list(pipe_bounded(nlp, pieces)), ensure_whitespace=False)


def parse_many(nlp: Language, texts: Iterable[str], batch_size: int = 32) -> Iterator[Doc]:
    """Parse many texts in order with one ``nlp.pipe`` stream; long ones are cut like ``parse``."""
    counts: deque[int] = deque()

    def pieces() -> Iterator[str]:
        for text in texts:
            cut = split_pieces(text)
            counts.append(len(cut))
            yield from cut

    docs = pipe_bounded(nlp, pieces(), batch_size)
    for doc in docs:
        n = counts.popleft()
        if n == 1:
            yield doc
        else:
            rest = [next(docs) for _ in range(n - 1)]
            yield Doc.from_docs([doc, *rest], ensure_whitespace=False)
