"""Hypothesis properties: the mark scanner and the extractor never raise and keep exact spans."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from service.engine import body_of
from service.nlp.attribute import attribute_text
from service.nlp.pipeline import load_pipeline
from service.nlp.text.marks import ALL_MARKS, find_marked_spans
from service.nlp.text.normalise import normalise
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


# What a CMS or a hostile client slips between characters: zero-width and bidi controls,
# joiners, a byte-order mark, a soft hyphen, and spaces other than U+0020.
INVISIBLE = ["\u200b", "\u2060", "\u200d", "\u200e", "\u200f", "\u202e", "\u2066", "\ufeff",
             "\u00ad"]  # fmt: skip
ARTICLE = (
    "The plan drew criticism from former Finance Minister Clara Voss, who said the city "
    "could not afford it.\n“This budget is a fantasy,” Voss told reporters on Monday.\n"
    'She said: "We will vote no."\n'
)


@st.composite
def _noisy(draw: st.DrawFn) -> str:
    """``ARTICLE`` or a generated text with invisible characters and odd spaces slipped in."""
    text = draw(st.just(ARTICLE) | TEXTS)
    out: list[str] = []
    for ch in text:
        if ch == " " and draw(st.booleans()):
            ch = draw(st.sampled_from(["\u00a0", "\u202f", " "]))
        out.append(ch)
        out.extend(draw(st.lists(st.sampled_from(INVISIBLE), max_size=2)))
    return "".join(out)


def _in_clean_offsets(text: str, body: dict[str, Any]) -> dict[str, Any]:
    """``body`` with every offset moved to ``text`` without its invisible characters and
    without span texts (they are checked against the input by ``span_problems``)."""
    dropped = [0]
    for ch in text:
        dropped.append(dropped[-1] + (normalise(ch).text == ""))

    def walk(value: Any) -> Any:
        if isinstance(value, dict):
            moved = {k: walk(v) for k, v in value.items() if k != "text"}
            for key in ("start", "end"):
                if key in value:
                    moved[key] = value[key] - dropped[value[key]]
            return moved
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value

    return dict(walk(body))


@given(_noisy())
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_invisible_characters_change_nothing_but_offsets(nlp: Language, text: str) -> None:
    clean = normalise(text).text
    assert normalise(clean).text == clean
    noisy = json.loads(body_of(attribute_text(nlp, text)))
    plain = json.loads(body_of(attribute_text(nlp, clean)))
    assert span_problems(text, noisy) == []
    assert _in_clean_offsets(text, noisy) == _in_clean_offsets(clean, plain)


def test_zero_width_characters_after_every_space_keep_all_three_quotes(nlp: Language) -> None:
    for joiner in ("\u200b", "\u2060", "\ufeff"):
        text = ARTICLE.replace(" ", " " + joiner)
        quotes = attribute_text(nlp, text).quotes
        assert [q.text.replace(joiner, "") for q in quotes] == [
            "the city could not afford it",
            "“This budget is a fantasy,”",
            '"We will vote no."',
        ]
        assert all(text[q.start : q.end] == q.text for q in quotes)
