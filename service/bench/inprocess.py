"""In-process throughput: raw spaCy, parse + rules (single and batched), rules alone.

Every mode is a stream that yields (documents, tokens) of each unit of work it finished: one
document, or one whole batch for batched modes (``nlp.pipe`` parses a batch before yielding
any of it, so stopping mid-batch would time work that is not counted); ``measure``
runs the modes in interleaved rounds, so a load change on a shared machine hits all of them
alike and their ratios stay meaningful.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from service.nlp.attribute import attribute, attribute_many, attribute_text
from service.nlp.pipeline import parse

Stream = Callable[[], Iterator[tuple[int, int]]]
BATCH_SIZE = 32
T = TypeVar("T")


@dataclass(slots=True)
class Rate:
    """Documents and words done in some seconds."""

    docs: int = 0
    words: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0

    @property
    def words_per_s(self) -> float:
        """Words (spaCy tokens) per second."""
        return self.words / self.seconds if self.seconds else 0.0

    @property
    def words_per_cpu_s(self) -> float:
        """Words per CPU second of this process (robust to other load on the machine)."""
        return self.words / self.cpu_seconds if self.cpu_seconds else 0.0

    @property
    def ms_per_doc(self) -> float:
        """Mean milliseconds per document."""
        return 1000 * self.seconds / self.docs if self.docs else 0.0

    def to_json(self) -> dict[str, float]:
        """The rate as a JSON-ready dict."""
        return {
            "docs": self.docs,
            "words": self.words,
            "seconds": round(self.seconds, 3),
            "words_per_s": round(self.words_per_s, 1),
            "words_per_cpu_s": round(self.words_per_cpu_s, 1),
            "ms_per_doc": round(self.ms_per_doc, 3),
        }


def run_for(stream: Stream, seconds: float, rate: Rate) -> None:
    """Pull documents from a fresh stream for ``seconds`` (at least one), adding to ``rate``."""
    cpu = time.process_time()
    started = time.perf_counter()
    deadline = started + seconds
    it = stream()
    try:
        for docs, words in it:
            rate.docs += docs
            rate.words += words
            if time.perf_counter() >= deadline:
                break
    finally:
        close = getattr(it, "close", None)
        if close is not None:
            close()
    rate.seconds += time.perf_counter() - started
    rate.cpu_seconds += time.process_time() - cpu


def measure(streams: Mapping[str, Stream], seconds: float, rounds: int) -> dict[str, Rate]:
    """Each stream for ``seconds`` in total, split over ``rounds`` interleaved rounds."""
    rates = {name: Rate() for name in streams}
    for _ in range(max(1, rounds)):
        for name, stream in streams.items():
            run_for(stream, seconds / max(1, rounds), rates[name])
    return rates


def token_counts(nlp: Any, texts: list[str]) -> list[int]:
    """spaCy tokens per text (the "words" of every words/s figure)."""
    return [len(nlp.make_doc(text)) for text in texts]


def batches(items: list[T], size: int = BATCH_SIZE) -> list[list[T]]:
    """Consecutive lists of at most ``size`` items."""
    return [items[i : i + size] for i in range(0, len(items), size)]


def raw_pipe(nlp: Any, texts: list[str]) -> Stream:
    """Plain ``nlp.pipe`` over batches of the texts, one memory zone per batch."""

    def stream() -> Iterator[tuple[int, int]]:
        while True:
            for batch in batches(texts):
                with nlp.memory_zone():
                    words = sum(len(doc) for doc in nlp.pipe(batch, batch_size=BATCH_SIZE))
                yield len(batch), words

    return stream


def raw_call(nlp: Any, texts: list[str]) -> Stream:
    """Plain ``nlp(text)`` one text at a time, one memory zone per text."""

    def stream() -> Iterator[tuple[int, int]]:
        while True:
            for text in texts:
                with nlp.memory_zone():
                    n = len(nlp(text))
                yield 1, n

    return stream


def extract_single(nlp: Any, texts: list[str], words: list[int]) -> Stream:
    """``attribute_text`` one text at a time (what one HTTP request does)."""

    def stream() -> Iterator[tuple[int, int]]:
        while True:
            for text, n in zip(texts, words, strict=True):
                attribute_text(nlp, text)
                yield 1, n

    return stream


def extract_batched(nlp: Any, texts: list[str], words: list[int]) -> Stream:
    """``attribute_many`` over batches of the texts (what the batch endpoint and CLI do)."""
    jobs = list(zip(batches(texts), batches(words), strict=True))

    def stream() -> Iterator[tuple[int, int]]:
        while True:
            for batch, counts in jobs:
                for _ in attribute_many(nlp, batch):
                    pass
                yield len(batch), sum(counts)

    return stream


def rules_only(nlp: Any, texts: list[str]) -> Stream:
    """``attribute(doc)`` on documents parsed once beforehand: the cost of our rules alone."""
    docs = [parse(nlp, text) for text in texts]

    def stream() -> Iterator[tuple[int, int]]:
        while True:
            for doc in docs:
                attribute(doc)
                yield 1, len(doc)

    return stream
