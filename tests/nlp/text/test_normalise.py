"""Normalised text and its offset map, on plain strings."""

from __future__ import annotations

import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.nlp.text.normalise import (
    INVISIBLE_RANGES,
    OTHER_SPACE_RANGES,
    STORM_MARKS,
    blank_storms,
    normalise,
)

VISIBLE_FORMAT = set("\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u0890\u0891\u08e2")
VISIBLE_FORMAT |= {"\U000110bd", "\U000110cd"}
INVISIBLE_SAMPLES = ["\u200b", "\u200c", "\u200d", "\u2060", "\u200e", "\u200f", "\u202e",
                     "\u2066", "\u2069", "\ufeff", "\u00ad", "\U000e0041"]  # fmt: skip
SPACE_SAMPLES = ["\u00a0", "\u202f", "\u2009", "\u3000"]
PIECES = st.one_of(
    st.sampled_from(INVISIBLE_SAMPLES + SPACE_SAMPLES),
    st.sampled_from(["said", "Maria", " ", "\n", '"', "“", "”", ",", ".", "🎉", "אבי"]),
    st.text(max_size=5),
)
TEXTS = st.lists(PIECES, max_size=40).map("".join)


def _codes(ranges: tuple[tuple[int, int], ...]) -> set[str]:
    return {chr(c) for lo, hi in ranges for c in range(lo, hi + 1)}


def _category(name: str) -> set[str]:
    return {chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == name}


def test_the_ranges_are_unicodes_format_and_space_characters() -> None:
    assert _codes(INVISIBLE_RANGES) == _category("Cf") - VISIBLE_FORMAT
    assert _codes(OTHER_SPACE_RANGES) == _category("Zs") - {" "}


def test_ordinary_text_is_analysed_as_it_is() -> None:
    text = "“We will vote no,” Clara Voss said.\n\nShe left — at 5 p.m. — for the U.S."
    analysed = normalise(text)
    assert analysed.text == text
    assert analysed.identity
    assert analysed.span(3, 10) == (3, 10)


def test_invisible_characters_are_dropped_and_spans_map_back() -> None:
    text = "She \u200bsaid \u2060“Vo\u200bss\u200b is \u202eright.”"
    analysed = normalise(text)
    assert analysed.text == "She said “Voss is right.”"
    start = analysed.text.index("Voss")
    a, b = analysed.span(start, start + 4)
    assert text[a:b] == "Vo\u200bss"  # the invisible character inside stays, the one after not
    a, b = analysed.span(0, len(analysed.text))
    assert (a, b) == (0, len(text))


def test_other_spaces_become_plain_spaces() -> None:
    analysed = normalise("Clara\u00a0Voss\u202fsaid\u3000no")
    assert analysed.text == "Clara Voss said no"
    assert analysed.identity


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"' * 40 + "\nNext.", " " * 40 + "\nNext."),
        ("Intro. " + '" ' * 40 + "yes", "Intro. " + " " * 80 + "yes"),
        ('She said no."' + '"' * 40 + " x", 'She said no.""' + " " * 39 + " x"),
        ("x " + '"' * 40 + "Yes", "x " + " " * 37 + '"""Yes'),
        ("A line of stars: * * * and a rule: " + "-" * 20, None),
    ],
    ids=["run", "spaced", "glued-after-a-word", "glued-before-a-word", "separators"],
)
def test_mark_storms_are_blanked(text: str, expected: str | None) -> None:
    assert blank_storms(text) == (text if expected is None else expected)


def test_a_storm_keeps_its_newlines() -> None:
    text = '"\n' * STORM_MARKS + "After."
    blanked = blank_storms(text)
    assert blanked == " \n" * STORM_MARKS + "After."


@given(TEXTS)
def test_every_span_maps_to_the_input_text_it_came_from(text: str) -> None:
    analysed = normalise(text)
    n = len(analysed.text)
    for start in range(n + 1):
        for end in range(start, min(n, start + 6) + 1):
            a, b = analysed.span(start, end)
            assert 0 <= a <= b <= len(text)
            assert normalise(text[a:b]).text == analysed.text[start:end]
            if end > start:  # a non-empty span starts and ends on kept characters
                assert normalise(text[a]).text and normalise(text[b - 1]).text


@given(TEXTS)
def test_offsets_grow_with_the_analysed_offsets(text: str) -> None:
    analysed = normalise(text)
    positions = [analysed.position(i) for i in range(len(analysed.text) + 1)]
    assert positions == sorted(set(positions))
    assert positions[-1] == len(text)
    assert analysed.identity == (len(analysed.text) == len(text))
