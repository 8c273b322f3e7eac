"""Quote and speaker metrics over gold records and predicted response bodies."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields

from service.evaluation.gold import GoldRecord
from service.evaluation.matching import match, overlap
from service.evaluation.mention_types import MENTION_TYPES, mention_type
from service.evaluation.names import same_name
from service.evaluation.predictions import Body, pred_segments
from service.evaluation.segments import GoldSegment, PredSegment

THRESHOLDS = (0.3, 0.8)
METRIC_KEYS = (
    "quote_p", "quote_r", "quote_f1", "speaker_mention_acc", "speaker_name_acc",
    "attribution_f1", "gold", "pred",
)
# By gold mention type, over the gold segments with a canonical name: how many, the share
# matched, and of the matched ones (``matched``) the mention and name accuracy.
MENTION_KEYS = ("quote_r", "speaker_mention_acc", "speaker_name_acc", "gold", "matched")
Metrics = dict[str, float | int | None]


@dataclass(slots=True)
class Counts:
    """Raw counts behind every metric; gold-side and prediction-side kept apart so a
    breakdown can file gold by gold type and predictions by predicted type."""

    gold: int = 0
    pred: int = 0
    matched_gold: int = 0
    matched_pred: int = 0
    mention_n: int = 0
    mention_ok: int = 0
    name_n: int = 0
    name_ok: int = 0
    attr_gold: int = 0
    attr_pred: int = 0
    attr_ok_gold: int = 0
    attr_ok_pred: int = 0

    def add(self, other: Counts) -> None:
        """Add another set of counts into this one."""
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def metrics(self) -> Metrics:
        """The reported numbers: percentages with one decimal (None when undefined)."""
        p, r = ratio(self.matched_pred, self.pred), ratio(self.matched_gold, self.gold)
        attr_p, attr_r = ratio(self.attr_ok_pred, self.attr_pred), ratio(
            self.attr_ok_gold, self.attr_gold
        )
        return {
            "quote_p": pct(p),
            "quote_r": pct(r),
            "quote_f1": pct(f1(p, r)),
            "speaker_mention_acc": pct(ratio(self.mention_ok, self.mention_n)),
            "speaker_name_acc": pct(ratio(self.name_ok, self.name_n)),
            "attribution_f1": pct(f1(attr_p, attr_r)),
            "gold": self.gold,
            "pred": self.pred,
        }

    def mention_metrics(self) -> Metrics:
        """The numbers of a by-mention-type row (gold side only)."""
        values = {**self.metrics(), "matched": self.matched_gold}
        return {key: values[key] for key in MENTION_KEYS}


@dataclass(frozen=True, slots=True)
class Pair:
    """A matched gold and predicted segment with the speaker verdicts."""

    gold: int
    pred: int
    mention_ok: bool | None
    name_ok: bool | None


@dataclass(slots=True)
class ArticleResult:
    """The matching of one article at one threshold."""

    record: GoldRecord
    pred: list[PredSegment]
    pairs: list[Pair]
    missed: list[int]
    spurious: list[int]

    def wrong_speaker(self) -> list[Pair]:
        """Matched pairs whose canonical name (or, without gold names, mention) is wrong."""
        return [p for p in self.pairs if p.name_ok is False or (
            p.name_ok is None and p.mention_ok is False)]

    def error_count(self) -> int:
        """Missed + spurious + wrong-speaker count, to rank articles by."""
        return len(self.missed) + len(self.spurious) + len(self.wrong_speaker())


@dataclass(slots=True)
class Report:
    """All counts of one evaluation run, keyed by threshold label ("0.3", "0.8")."""

    overall: dict[str, Counts] = field(default_factory=dict)
    by_type: dict[str, dict[str, Counts]] = field(default_factory=dict)
    by_source: dict[str, dict[str, Counts]] = field(default_factory=dict)
    by_mention: dict[str, dict[str, Counts]] = field(default_factory=dict)
    articles: dict[str, list[ArticleResult]] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        """``{"0.3": {...}, "0.8": {...}, "by_type": {...}, "by_source": {...},
        "by_mention": {...}}``; by_mention in MENTION_TYPES order, empty types left out."""
        out: dict[str, object] = {k: c.metrics() for k, c in self.overall.items()}
        out["by_type"] = _nested_metrics(self.by_type)
        out["by_source"] = _nested_metrics(self.by_source)
        out["by_mention"] = {
            kind: {key: c.mention_metrics() for key, c in sorted(self.by_mention[kind].items())}
            for kind in MENTION_TYPES if kind in self.by_mention
        }
        return out


def ratio(numerator: int, denominator: int) -> float | None:
    """numerator / denominator, or None when the denominator is 0."""
    return numerator / denominator if denominator else None


def f1(p: float | None, r: float | None) -> float | None:
    """Harmonic mean; an undefined side counts as 0 unless both are undefined."""
    if p is None and r is None:
        return None
    p, r = p or 0.0, r or 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def pct(value: float | None) -> float | None:
    """A share as a percentage with one decimal."""
    return None if value is None else round(100 * value, 1)


def label(threshold: float) -> str:
    """The report key of a threshold."""
    return f"{threshold:g}"


def score(
    gold: Sequence[GoldRecord],
    predictions: Mapping[str, Body] | Sequence[Body],
    thresholds: Iterable[float] = THRESHOLDS,
) -> Report:
    """Score predicted bodies (keyed by article id, or a list aligned with ``gold``;
    a missing article counts as no predictions) against gold records."""
    bodies = _align(gold, predictions)
    preds = [pred_segments(body) for body in bodies]
    report = Report()
    for threshold in thresholds:
        key = label(threshold)
        report.overall[key] = Counts()
        report.articles[key] = []
        for record, pred in zip(gold, preds, strict=True):
            result = score_article(record, pred, threshold)
            report.articles[key].append(result)
            _tally(report, key, result)
    return report


def score_article(record: GoldRecord, pred: list[PredSegment], threshold: float) -> ArticleResult:
    """Match one article's segments and judge the speaker of every match."""
    assignment = match(record.segments, pred, threshold)
    pairs = [
        _judge(record, g, j, pred[j]) for g, j in enumerate(assignment) if j is not None
    ]
    matched = {j for j in assignment if j is not None}
    return ArticleResult(
        record=record,
        pred=pred,
        pairs=pairs,
        missed=[g for g, j in enumerate(assignment) if j is None],
        spurious=[j for j in range(len(pred)) if j not in matched],
    )


def _judge(record: GoldRecord, g: int, j: int, pred: PredSegment) -> Pair:
    """Speaker verdicts for one match: mention overlap and canonical name equality."""
    gold = record.segments[g]
    return Pair(gold=g, pred=j, mention_ok=mention_ok(gold, pred), name_ok=name_ok(record, gold,
                pred))


def mention_ok(gold: GoldSegment, pred: PredSegment) -> bool | None:
    """Does the predicted mention overlap the gold one? None when gold has no mention span."""
    if gold.mention is None:
        return None
    return pred.mention is not None and overlap(*gold.mention, *pred.mention) > 0


def name_ok(record: GoldRecord, gold: GoldSegment, pred: PredSegment) -> bool | None:
    """Is the canonical speaker right? None when the dataset has no canonical names.

    A gold quote without a canonical speaker (an unnamed source) is right only when the
    prediction resolves it to a speaker of kind "unnamed" (no speaker at all is wrong)."""
    if not record.names_known:
        return None
    if gold.name is None:
        return pred.unnamed
    return same_name(pred.name, gold.name)


def _tally(report: Report, key: str, result: ArticleResult) -> None:
    """Add one article's counts to the overall, per-type and per-source totals."""
    record, names = result.record, result.record.names_known
    source = report.by_source.setdefault(record.source, {}).setdefault(key, Counts())
    buckets: dict[str, Counts] = defaultdict(Counts)
    matched_pred = {p.pred: p for p in result.pairs}
    matched_gold = {p.gold: p for p in result.pairs}
    for g, seg in enumerate(record.segments):
        _add_gold(buckets[seg.type], seg, matched_gold.get(g), names)
    for j, pseg in enumerate(result.pred):
        c = buckets[pseg.type]
        c.pred += 1
        c.attr_pred += names
        pair = matched_pred.get(j)
        if pair is not None:
            c.matched_pred += 1
            c.attr_ok_pred += pair.name_ok is True
    for type_name, counts in buckets.items():
        report.by_type.setdefault(type_name, {}).setdefault(key, Counts()).add(counts)
        report.overall[key].add(counts)
        source.add(counts)
    _tally_mentions(report, key, result, matched_gold)


def _tally_mentions(report: Report, key: str, result: ArticleResult,
                    matched_gold: Mapping[int, Pair]) -> None:
    """Gold segments with a canonical name, by mention type: matched, mention and name right."""
    if not result.record.names_known:
        return
    for g, seg in enumerate(result.record.segments):
        if seg.name is not None:
            bucket = report.by_mention.setdefault(mention_type(seg), {})
            _add_gold(bucket.setdefault(key, Counts()), seg, matched_gold.get(g), True)


def _add_gold(c: Counts, seg: GoldSegment, pair: Pair | None, names: bool) -> None:
    """Count one gold segment (and its match, if any) into ``c``."""
    c.gold += 1
    c.attr_gold += names
    if pair is not None:
        c.matched_gold += 1
        c.mention_n += pair.mention_ok is not None
        c.mention_ok += pair.mention_ok is True
        c.name_n += names and seg.name is not None
        c.name_ok += bool(names and seg.name is not None and pair.name_ok)
        c.attr_ok_gold += pair.name_ok is True


def _align(gold: Sequence[GoldRecord], predictions: Mapping[str, Body] | Sequence[Body]
           ) -> list[Body]:
    """Predicted bodies in gold order; a missing id gives an empty body."""
    if isinstance(predictions, Mapping):
        return [predictions.get(record.id, {}) for record in gold]
    if len(predictions) != len(gold):
        raise ValueError(f"{len(predictions)} predictions for {len(gold)} gold articles")
    return list(predictions)


def _nested_metrics(table: Mapping[str, Mapping[str, Counts]]) -> dict[str, object]:
    """Metrics of a breakdown, sorted by key: ``{name: {threshold: metrics}}``."""
    return {
        name: {key: counts.metrics() for key, counts in sorted(by_key.items())}
        for name, by_key in sorted(table.items())
    }
