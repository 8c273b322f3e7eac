"""Builders of small hand-made gold records and predicted bodies for the evaluation tests."""

from __future__ import annotations

from typing import Any

# Our own sentences (never text from the shared eval data).
TEXT = (
    "Mayor Lars Holm said the new bridge would open in May. "
    '"We are proud of it," Dr. Anna Weiss told reporters, "and it was cheap." '
    "Critics said the budget had doubled."
)


def span(text: str, piece: str, after: int = 0) -> tuple[int, int]:
    """Offsets of ``piece`` in ``text`` (first occurrence at or after ``after``)."""
    start = text.index(piece, after)
    return start, start + len(piece)


def gold_quote(
    start: int, end: int, *, speaker: str | None = "Anna Weiss", mention: tuple[int, int] | None
    = None, qtype: str = "direct", content_spans: list[list[int]] | None = None,
) -> dict[str, Any]:
    """A gold quote in the shared JSONL format."""
    return {
        "quote": TEXT[start:end], "start": start, "end": end, "speaker": speaker,
        "speaker_mention": None if mention is None else TEXT[mention[0]:mention[1]],
        "speaker_start": None if mention is None else mention[0],
        "speaker_end": None if mention is None else mention[1],
        "type": qtype, "content_spans": content_spans,
    }


def gold_record(
    quotes: list[dict[str, Any]], *, doc_id: str = "a1", dataset: str = "test-ggt",
    meta: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A gold article in the shared JSONL format."""
    return {"id": doc_id, "source_dataset": dataset, "text": TEXT, "meta": meta or {},
            "quotes": quotes}


def pred_quote(
    start: int, end: int, *, speaker_id: str | None = "S1", mention: tuple[int, int] | None
    = None, qtype: str = "direct", parts: list[tuple[int, int]] | None = None,
) -> dict[str, Any]:
    """A predicted quote in the API's dict form."""
    pieces = parts if parts is not None else [(start, end)]
    ref = None
    if speaker_id is not None or mention is not None:
        m = mention or (0, 0)
        ref = {"speaker_id": speaker_id, "text": TEXT[m[0]:m[1]], "start": m[0], "end": m[1]}
    return {
        "id": f"Q{start}", "type": qtype, "text": TEXT[start:end], "start": start, "end": end,
        "parts": [{"text": TEXT[s:e], "start": s, "end": e} for s, e in pieces],
        "speaker": ref,
    }


def body(quotes: list[dict[str, Any]], names: dict[str, str] | None = None,
         kinds: dict[str, str] | None = None) -> dict[str, Any]:
    """A response body with the given quotes and speakers (id -> canonical name)."""
    names = {"S1": "Anna Weiss"} if names is None else names
    kinds = kinds or {}
    speakers = [{"id": i, "name": n, "kind": kinds.get(i, "person")} for i, n in names.items()]
    return {"quotes": quotes, "speakers": speakers}


# The hand-annotated quotes of TEXT: Q1 indirect (Lars Holm), Q2 direct split in two parts
# around the cue (Anna Weiss), Q3 indirect from an unnamed source (critics).
Q1 = span(TEXT, "the new bridge would open in May")
Q2A = span(TEXT, '"We are proud of it,"')
Q2B = span(TEXT, '"and it was cheap."')
Q3 = span(TEXT, "the budget had doubled")
HOLM = span(TEXT, "Lars Holm")
WEISS = span(TEXT, "Dr. Anna Weiss")
CRITICS = span(TEXT, "Critics")


def ggt_gold() -> dict[str, Any]:
    """The article as the GGT annotates it: the two parts of Q2 as separate quotes."""
    return gold_record([
        gold_quote(*Q1, speaker="Lars Holm", mention=HOLM, qtype="indirect"),
        gold_quote(*Q2A, speaker="Anna Weiss", mention=WEISS),
        gold_quote(*Q2B, speaker="Anna Weiss", mention=WEISS),
        gold_quote(*Q3, speaker=None, mention=CRITICS, qtype="indirect"),
    ], meta={"outlet": "Daily Test"})


NAMES = {"S1": "Lars Holm", "S2": "Dr. Anna Weiss", "S3": "critics"}
KINDS = {"S3": "unnamed"}


def perfect_body() -> dict[str, Any]:
    """A prediction identical to the gold: Q2 as one quote with two parts."""
    return body([
        pred_quote(*Q1, speaker_id="S1", mention=HOLM, qtype="indirect"),
        pred_quote(Q2A[0], Q2B[1], speaker_id="S2", mention=WEISS, parts=[Q2A, Q2B]),
        pred_quote(*Q3, speaker_id="S3", mention=CRITICS, qtype="indirect"),
    ], NAMES, KINDS)
