"""The quotation-mark scanner on plain strings."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.nlp.text.marks import ALL_MARKS, find_marked_spans, outermost


def _quoted(text: str) -> list[str]:
    """Text of every outermost quoted span."""
    return [text[s.start : s.end] for s in outermost(find_marked_spans(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "yes, now," and left.', ['"yes, now,"']),
        ("He said “yes, now,” and left.", ["“yes, now,”"]),
        ("She called it ‘absurd’ twice.", ["‘absurd’"]),
        ("She called it 'absurd' twice.", ["'absurd'"]),
        ("«Nous partons», dit-il.", ["«Nous partons»"]),
        ("„Wir gehen“, sagte er.", ["„Wir gehen“"]),
        ("Er sagte ‹ja›.", ["‹ja›"]),
        ("Don’t touch Kirillov’s car from the ’90s.", []),
        ("Don't touch the workers' union's 'rules'.", ["'rules'"]),
        ('He was 6\'2" and said "hello."', ['"hello."']),
        ("Rock 'n' roll and 'em all.", []),
        ("“Outer ‘inner’ still outer.”", ["“Outer ‘inner’ still outer.”"]),
        ("“First.” Then “second.”", ["“First.”", "“second.”"]),
        ("A stray ” closer and “a real one.”", ["“a real one.”"]),
    ],
)
def test_outermost_spans(text: str, expected: list[str]) -> None:
    assert _quoted(text) == expected


def test_nested_span_has_depth_one() -> None:
    spans = find_marked_spans("“He said ‘go’ loudly.”")
    assert [(s.depth, s.closed) for s in spans] == [(0, True), (1, True)]


def test_unclosed_quote_ends_at_its_paragraph() -> None:
    text = "She said “we tried.\nThe weather was fine.\nNothing else."
    (span,) = find_marked_spans(text)
    assert text[span.start : span.end] == "“we tried."
    assert not span.closed


def test_quote_continues_into_paragraph_opening_with_a_mark() -> None:
    text = "He said: “The first part.\n\n“The second part.”\nAfter."
    (span,) = find_marked_spans(text)
    assert [text[a:b] for a, b in span.segments] == ["“The first part.", "“The second part.”"]
    assert span.closed and (span.start, span.end) == (span.segments[0][0], span.segments[-1][1])


def test_open_quote_not_continued_by_plain_paragraph() -> None:
    text = "“One.\nTwo “three” four."
    assert _quoted(text) == ["“One.", "“three”"]


def test_british_single_quote_continues_into_paragraph_opening_with_one() -> None:
    text = "He said: ‘The first part.\n\n‘The second part.’\nAfter."
    (span,) = find_marked_spans(text)
    assert [text[a:b] for a, b in span.segments] == ["‘The first part.", "‘The second part.’"]


@pytest.mark.parametrize(
    "text",
    [
        "He said: ‘The first part.\n\n‘90s music was loud, he wrote.’",
        "He said: 'The first part.\n\n'The second part.'",
        "He said: ‘The first part.\n\n“The second part.”",
    ],
    ids=["elision opens the paragraph", "straight single marks", "other family"],
)
def test_single_quote_continues_only_with_a_british_opening_mark(text: str) -> None:
    assert all(len(span.segments) == 1 for span in find_marked_spans(text))


def test_single_quote_left_open_is_dropped() -> None:
    assert _quoted("the workers’ pay and ‘more.\nNext line.") == []


MARKY_TEXT = st.text(alphabet=st.sampled_from(sorted(ALL_MARKS) + list("ab ,.\n’'")), max_size=80)


@given(MARKY_TEXT)
def test_scanner_never_raises_and_pairs_are_well_formed(text: str) -> None:
    spans = find_marked_spans(text)
    for span in spans:
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start] in ALL_MARKS
        assert span.segments[0][0] == span.start and span.segments[-1][1] == span.end
        for a, b in span.segments:
            assert span.start <= a < b <= span.end
        if span.closed:
            assert text[span.end - 1] in ALL_MARKS
        if len(span.segments) == 1:
            assert "\n" not in text[span.start : span.end]
    tops = outermost(spans)
    for left, right in itertools.pairwise(tops):
        assert left.end <= right.start


def test_closer_skips_open_marks_it_cannot_close() -> None:
    text = "“One «two ‘three” four."
    spans = find_marked_spans(text)
    assert [(text[s.start : s.end], s.depth) for s in spans] == [("“One «two ‘three”", 0)]


def test_closer_closes_the_innermost_mark_it_can_close() -> None:
    text = "«One “two «three» four” five»"
    spans = find_marked_spans(text)
    assert [(text[s.start : s.end], s.depth) for s in spans] == [
        ("«One “two «three» four” five»", 0),
        ("“two «three» four”", 1),
        ("«three»", 2),
    ]


def test_many_unclosed_marks_in_one_paragraph_give_one_span() -> None:
    text = "«a " * 10_000 + "\nNext."
    spans = find_marked_spans(text)
    assert [(s.start, s.end, s.closed) for s in spans] == [(0, len("«a " * 10_000) - 1, False)]
