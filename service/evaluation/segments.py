"""The contiguous quote segment that gold and predictions are both flattened to."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Segment:
    """One contiguous piece of a quote with the speaker annotation of its quote.

    ``name`` is the canonical speaker name (gold: None where the quote has none or the record
    has no canonical names); ``unnamed`` says the predicted speaker is of kind "unnamed";
    ``quote_index`` is the position of the segment's quote in its article."""

    start: int
    end: int
    type: str
    mention: tuple[int, int] | None
    mention_text: str | None
    name: str | None
    unnamed: bool = False
    quote_index: int = 0


# The two sides keep their names where that says which side a segment is from.
GoldSegment = Segment
PredSegment = Segment
