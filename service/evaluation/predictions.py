"""Predictions in the API's dict form, flattened to contiguous segments for scoring."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from service.evaluation.gold import read_jsonl
from service.evaluation.segments import PredSegment
from service.nlp.model import Attribution

Body = Mapping[str, Any]


def body_from_attribution(attribution: Attribution) -> dict[str, Any]:
    """The dict form of an Attribution: a response body without its ``meta``."""
    return dataclasses.asdict(attribution)


def load_predictions(path: str | Path) -> dict[str, dict[str, Any]]:
    """Read a JSONL file of batch results (what ``batch`` writes) or of ``{"id": ...,
    <response body>}`` lines (what ``eval --save-pred`` writes), keyed by id."""
    return {str(line["id"]): _unwrap(line) for line in read_jsonl(path)}


def _unwrap(line: dict[str, Any]) -> dict[str, Any]:
    """A batch result ``{"id", "result": <body>, "error"}`` (of ``batch`` or the HTTP API) as
    ``{"id", <body>, "error"}``; other lines as they are."""
    result = line.get("result")
    if "quotes" not in line and isinstance(result, dict):
        return {"id": line["id"], **result, "error": line.get("error")}
    return line


def pred_segments(body: Body) -> list[PredSegment]:
    """Every contiguous part of every predicted quote, sorted by offset."""
    speakers = {str(s.get("id")): s for s in body.get("speakers") or []}
    segments: list[PredSegment] = []
    for index, quote in enumerate(body.get("quotes") or []):
        name, unnamed = _speaker_name(quote, speakers)
        mention, mention_text = _mention(quote)
        for part in quote.get("parts") or [quote]:
            segments.append(
                PredSegment(
                    start=int(part["start"]),
                    end=int(part["end"]),
                    type=str(quote.get("type") or "unknown"),
                    mention=mention,
                    mention_text=mention_text,
                    name=name,
                    unnamed=unnamed,
                    quote_index=index,
                )
            )
    segments.sort(key=lambda seg: (seg.start, seg.end))
    return segments


def _mention(quote: Mapping[str, Any]) -> tuple[tuple[int, int] | None, str | None]:
    """The predicted speaker mention span and text, if any."""
    speaker = quote.get("speaker")
    if not speaker or speaker.get("start") is None or speaker.get("end") is None:
        return None, None
    return (int(speaker["start"]), int(speaker["end"])), speaker.get("text")


def _speaker_name(
    quote: Mapping[str, Any], speakers: Mapping[str, Mapping[str, Any]]
) -> tuple[str | None, bool]:
    """The canonical name of the quote's speaker entity and whether its kind is unnamed."""
    mention = quote.get("speaker") or {}
    speaker = speakers.get(str(mention.get("speaker_id")))
    if speaker is None:
        return None, False
    name = speaker.get("name")
    return (str(name) if name else None), speaker.get("kind") == "unnamed"
