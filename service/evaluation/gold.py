"""Gold articles from the shared JSONL files, flattened to contiguous quote segments."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from service.evaluation.segments import GoldSegment

# Datasets whose ``speaker`` field is the source span as written, not a canonical name,
# unless the record's meta says ``canonical_speakers: true`` (then ``speaker`` is the
# canonical name and ``speaker_source`` the span text).
DATASETS_WITHOUT_CANONICAL_NAMES = ("polnear",)


@dataclass(frozen=True, slots=True)
class GoldRecord:
    """One annotated article; ``names_known`` is False where gold has no canonical names."""

    id: str
    text: str
    source: str
    names_known: bool
    segments: tuple[GoldSegment, ...]


def load_gold(path: str | Path) -> list[GoldRecord]:
    """Read a gold JSONL file (one article per line) into records."""
    return [record_from_dict(raw) for raw in read_jsonl(path)]


def read_jsonl(path: str | Path) -> Iterator[dict[str, Any]]:
    """The JSON objects of a JSONL file, one a non-empty line."""
    with Path(path).open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def record_from_dict(raw: Mapping[str, Any]) -> GoldRecord:
    """Convert one gold JSON object into a record with one segment per contiguous span."""
    names_known = has_canonical_names(raw)
    segments = [seg for index, quote in enumerate(raw.get("quotes", []))
                for seg in _segments(quote, index, names_known)]
    segments.sort(key=lambda seg: (seg.start, seg.end))
    return GoldRecord(
        id=str(raw["id"]),
        text=str(raw["text"]),
        source=source_of(raw),
        names_known=names_known,
        segments=tuple(segments),
    )


def has_canonical_names(raw: Mapping[str, Any]) -> bool:
    """Is ``speaker`` a canonical name? Yes in GGT-style data and in any record whose meta
    says ``canonical_speakers: true``; no in the rest of PolNeAR (the source span)."""
    meta = raw.get("meta") or {}
    if meta.get("canonical_speakers") is True:
        return True
    dataset = str(raw.get("source_dataset") or "")
    return not dataset.lower().startswith(DATASETS_WITHOUT_CANONICAL_NAMES)


def source_of(raw: Mapping[str, Any]) -> str:
    """The breakdown key: the meta's outlet, else its publisher, else the dataset name."""
    meta = raw.get("meta") or {}
    for value in (meta.get("outlet"), meta.get("publisher"), raw.get("source_dataset")):
        if value:
            return str(value)
    return "unknown"


def _segments(quote: Mapping[str, Any], index: int, names_known: bool) -> list[GoldSegment]:
    """Split a gold quote into its ``content_spans`` (PolNeAR) or keep its single span."""
    spans = quote.get("content_spans") or [(quote["start"], quote["end"])]
    start, end = quote.get("speaker_start"), quote.get("speaker_end")
    mention = (int(start), int(end)) if start is not None and end is not None else None
    name = quote.get("speaker") if names_known else None
    return [
        GoldSegment(
            start=int(s),
            end=int(e),
            type=str(quote.get("type") or "unknown"),
            mention=mention,
            mention_text=quote.get("speaker_mention"),
            name=str(name) if name else None,
            quote_index=index,
        )
        for s, e in spans
    ]
