"""Parsing in bounded batches: order kept, batches bounded by count and characters."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, cast

from spacy.language import Language

from service.nlp.pipeline import pipe_bounded


class _Recorder:
    """Stands in for a pipeline: remembers each batch ``pipe`` was given."""

    def __init__(self) -> None:
        self.batches: list[list[str]] = []

    def pipe(self, texts: Iterable[str], batch_size: int) -> Iterator[Any]:
        batch = list(texts)
        assert len(batch) == batch_size
        self.batches.append(batch)
        yield from batch


def test_batches_keep_order_and_stay_within_count_and_characters() -> None:
    texts = [str(i) * n for i, n in enumerate([10, 10, 25, 40, 3, 3, 3, 3, 3, 3])]
    recorder = _Recorder()
    out = list(pipe_bounded(cast(Language, recorder), texts, batch_size=4, max_chars=40))
    assert out == texts
    sizes = [[len(t) for t in batch] for batch in recorder.batches]
    assert sizes == [[10, 10], [25], [40], [3] * 4, [3, 3]]


def test_a_text_longer_than_the_bound_is_a_batch_of_its_own() -> None:
    recorder = _Recorder()
    assert list(pipe_bounded(cast(Language, recorder), ["x" * 100, "y"], max_chars=10)) == [
        "x" * 100,
        "y",
    ]
    assert [len(b) for b in recorder.batches] == [1, 1]
