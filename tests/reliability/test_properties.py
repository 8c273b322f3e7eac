"""Hypothesis properties: the mark scanner and the extractor never raise and keep exact spans."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from service.engine import body_of
from service.nlp.attribute import attribute_text
from service.nlp.pipeline import load_pipeline
from service.nlp.text.marks import ALL_MARKS, find_marked_spans
from service.settings import Settings
from tests.reliability.conftest import span_problems

# Text built from what breaks quote scanners: every mark, apostrophes in words, newlines,
# reporting verbs, names, astral characters, control characters and RTL letters.
PIECES = st.one_of(
    st.sampled_from(sorted(ALL_MARKS)),
    st.sampled_from(["said", "told", "according to", "Maria Lopez", "the minister", "he", "she",
                     "don't", "’90s", "'em", "rock 'n' roll", ", ", ". ", "\n", "\n\n", " ",
                     "🎉", "𝕏", "\x00", "\u200f", "אבי", "—", "(", ")", ":"]),
    st.text(min_size=1, max_size=8),
)
TEXTS = st.lists(PIECES, max_size=60).map("".join)


@given(TEXTS)
@settings(max_examples=400, deadline=None)
def test_scanner_never_raises_and_keeps_spans_in_the_text(text: str) -> None:
    spans = find_marked_spans(text)
    for span in spans:
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start] in ALL_MARKS
        assert span.segments and span.segments[0][0] == span.start
        for lo, hi in span.segments:
            assert span.start <= lo < hi <= span.end
        if span.closed:
            assert text[span.end - 1] in ALL_MARKS
    assert spans == sorted(spans, key=lambda m: (m.start, -m.end))


@pytest.fixture(scope="module")
def nlp() -> Iterator[Language]:
    """The configured pipeline, loaded once for the extractor properties."""
    yield load_pipeline(Settings(_env_file=None).pipeline)  # type: ignore[call-arg]


@given(TEXTS)
@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_extractor_never_raises_and_every_span_is_exact(nlp: Language, text: str) -> None:
    body = json.loads(body_of(attribute_text(nlp, text)))
    assert span_problems(text, body) == []
