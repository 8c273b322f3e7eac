"""Plain-text tables of a Report for the terminal."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from service.evaluation.mention_types import MENTION_TYPES
from service.evaluation.metrics import MENTION_KEYS, Counts, Metrics, Report
from service.evaluation.role_scores import RoleReport

COLUMNS = (
    ("quote_p", "P"), ("quote_r", "R"), ("quote_f1", "F1"),
    ("speaker_mention_acc", "mention"), ("speaker_name_acc", "name"),
    ("attribution_f1", "attrF1"), ("gold", "gold"), ("pred", "pred"),
)
HEADS = dict(COLUMNS) | {"matched": "matched"}
MENTION_COLUMNS = tuple((key, HEADS[key]) for key in MENTION_KEYS)
ROLE_COLUMNS = (("precision", "P"), ("recall", "R"), ("f1", "F1"), ("gold", "gold"),
                ("recalled", "recalled"), ("pred", "pred"), ("right", "right"))


def render_report(report: Report, title: str = "", roles: RoleReport | None = None) -> str:
    """The overall table, the roles (when scored), then the per-mention-type, per-type and
    per-source breakdowns."""
    lines = [title] if title else []
    lines += _table("", {"all": report.overall})
    if roles is not None:
        lines += ["", f"Roles ({roles.articles} articles; {roles.found_speakers} of "
                  f"{roles.gold_speakers} gold speakers found, {roles.unjudged_pred} predicted "
                  "roles of other speakers not judged):"]
        lines += _role_table(roles)
    if report.by_mention:
        lines += ["", "By gold mention type (gold quotes with a canonical name; recall, and "
                  "mention/name accuracy of the matched ones):"]
        mentions = {kind: report.by_mention[kind] for kind in MENTION_TYPES
                    if kind in report.by_mention}
        lines += _table("mention", mentions, MENTION_COLUMNS, Counts.mention_metrics,
                        ordered=True)
    lines += ["", "By quote type (recall by gold type, precision by predicted type):"]
    lines += _table("type", report.by_type)
    lines += ["", "By source:"]
    lines += _table("source", report.by_source)
    lines += ["", "Percentages; '-' = undefined (no denominator). mention/name = speaker "
              "mention/canonical-name accuracy over matched quotes."]
    return "\n".join(lines)


def _table(first: str, rows: Mapping[str, Mapping[str, Counts]],
           columns: tuple[tuple[str, str], ...] = COLUMNS,
           metrics: Callable[[Counts], Metrics] = Counts.metrics,
           ordered: bool = False) -> list[str]:
    """One line per (row, threshold) with the metric columns right-aligned; rows sorted by
    name unless ``ordered``."""
    width = max([len(first), *(len(name) for name in rows)])
    head = f"{first:<{width}}  thr " + "".join(f"{h:>8}" for _, h in columns)
    out = [head, "-" * len(head)]
    for name, by_threshold in (rows.items() if ordered else sorted(rows.items())):
        for key, counts in sorted(by_threshold.items()):
            values = metrics(counts)
            cells = "".join(f"{_cell(values[k]):>8}" for k, _ in columns)
            out.append(f"{name:<{width}}  {key:<3} {cells}")
    return out


def _role_table(roles: RoleReport) -> list[str]:
    """One line per variant (strict, all) with precision, recall, F1 and the counts."""
    head = "roles   " + "".join(f"{h:>9}" for _, h in ROLE_COLUMNS)
    out = [head, "-" * len(head)]
    for variant, tally in roles.tallies.items():
        values = tally.metrics()
        out.append(f"{variant:<8}" + "".join(f"{_cell(values[k]):>9}" for k, _ in ROLE_COLUMNS))
    return out


def _cell(value: float | int | None) -> str:
    """A table cell: '-' for undefined, one decimal for percentages."""
    if value is None:
        return "-"
    return str(value) if isinstance(value, int) else f"{value:.1f}"
