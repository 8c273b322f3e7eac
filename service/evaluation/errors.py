"""The worst articles with missed, spurious and wrong-speaker quotes in context."""

from __future__ import annotations

import re

from service.evaluation.matching import coverage
from service.evaluation.metrics import ArticleResult, Pair
from service.evaluation.segments import PredSegment

CONTEXT = 40
MAX_SPAN = 160
_BREAKS = re.compile(r"\s*\n\s*")
_SPACES = re.compile(r"[ \t\r\f\v]+")


def render_errors(results: list[ArticleResult], limit: int) -> str:
    """The ``limit`` articles with the most missed + spurious + wrong-speaker quotes."""
    ranked = sorted(results, key=lambda r: (-r.error_count(), r.record.id))[:limit]
    blocks = [_article(result) for result in ranked if result.error_count()]
    return "\n\n".join(blocks) if blocks else "No errors."


def snippet(text: str, start: int, end: int, context: int = CONTEXT) -> str:
    """``…left[[span]]right…`` on one line, long spans shortened in the middle."""
    span = text[start:end]
    if len(span) > MAX_SPAN:
        span = span[: MAX_SPAN // 2] + " … " + span[-MAX_SPAN // 2 :]
    left, right = text[max(0, start - context) : start], text[end : end + context]
    return _flat(f"…{left}[[{span}]]{right}…")


def _flat(text: str) -> str:
    """Line breaks shown as one ⏎ and other whitespace as a space, so items stay on one line."""
    return _SPACES.sub(" ", _BREAKS.sub(" ⏎ ", text))


def _article(result: ArticleResult) -> str:
    """One article's errors: missed (with the closest prediction), spurious, wrong speaker."""
    record = result.record
    wrong = result.wrong_speaker()
    lines = [
        f"=== {record.id} ({record.source}): {len(result.missed)} missed, "
        f"{len(result.spurious)} spurious, {len(wrong)} wrong speaker "
        f"[gold {len(record.segments)}, pred {len(result.pred)}]"
    ]
    for g in result.missed:
        seg = record.segments[g]
        lines.append(f"  MISSED   gold  {seg.type:<8} {snippet(record.text, seg.start, seg.end)}")
        near = _nearest(result, g)
        if near is not None:
            share, pred = near
            lines.append(f"           near  {share:>4.0%}     "
                         f"{snippet(record.text, pred.start, pred.end)}")
    for j in result.spurious:
        pred = result.pred[j]
        lines.append(f"  SPURIOUS pred  {pred.type:<8} "
                     f"{snippet(record.text, pred.start, pred.end)}")
        lines.append(f"           speaker {_speaker(pred.name, pred.mention_text)}")
    lines += [line for pair in wrong for line in _wrong(result, pair)]
    return "\n".join(lines)


def _wrong(result: ArticleResult, pair: Pair) -> list[str]:
    """A wrong-speaker match: the quote, then gold and predicted speaker side by side."""
    record = result.record
    gold, pred = record.segments[pair.gold], result.pred[pair.pred]
    return [
        f"  SPEAKER  gold  {gold.type:<8} {snippet(record.text, gold.start, gold.end)}",
        f"           gold {_speaker(gold.name, gold.mention_text)}  |  "
        f"pred {_speaker(pred.name, pred.mention_text)}",
    ]


def _speaker(name: str | None, mention: str | None) -> str:
    """``name (mention)`` with dashes for what is missing."""
    return f"{name or '-'!r} (mention {mention or '-'!r})"


def _nearest(result: ArticleResult, g: int) -> tuple[float, PredSegment] | None:
    """The prediction covering most of a missed gold segment, if any covers part of it."""
    gold = result.record.segments[g]
    scored = [(coverage(gold, pred), pred) for pred in result.pred]
    scored = [item for item in scored if item[0] > 0]
    return max(scored, key=lambda item: item[0]) if scored else None
