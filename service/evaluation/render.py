"""Plain-text tables of a Report for the terminal."""

from __future__ import annotations

from collections.abc import Mapping

from service.evaluation.metrics import Counts, Report

COLUMNS = (
    ("quote_p", "P"), ("quote_r", "R"), ("quote_f1", "F1"),
    ("speaker_mention_acc", "mention"), ("speaker_name_acc", "name"),
    ("attribution_f1", "attrF1"), ("gold", "gold"), ("pred", "pred"),
)


def render_report(report: Report, title: str = "") -> str:
    """The overall table followed by the per-type and per-source breakdowns."""
    lines = [title] if title else []
    lines += _table("", {"all": report.overall})
    lines += ["", "By quote type (recall by gold type, precision by predicted type):"]
    lines += _table("type", report.by_type)
    lines += ["", "By source:"]
    lines += _table("source", report.by_source)
    lines += ["", "Percentages; '-' = undefined (no denominator). mention/name = speaker "
              "mention/canonical-name accuracy over matched quotes."]
    return "\n".join(lines)


def _table(first: str, rows: Mapping[str, Mapping[str, Counts]]) -> list[str]:
    """One line per (row, threshold) with the metric columns right-aligned."""
    width = max([len(first), *(len(name) for name in rows)])
    head = f"{first:<{width}}  thr " + "".join(f"{h:>8}" for _, h in COLUMNS)
    out = [head, "-" * len(head)]
    for name, by_threshold in sorted(rows.items()):
        for key, counts in sorted(by_threshold.items()):
            values = counts.metrics()
            cells = "".join(f"{_cell(values[k]):>8}" for k, _ in COLUMNS)
            out.append(f"{name:<{width}}  {key:<3} {cells}")
    return out


def _cell(value: float | int | None) -> str:
    """A table cell: '-' for undefined, one decimal for percentages."""
    if value is None:
        return "-"
    return str(value) if isinstance(value, int) else f"{value:.1f}"
