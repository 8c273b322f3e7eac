"""Role precision and recall against the shared role annotation (``<stem>_roles.jsonl``).

The shared README's definition: a gold speaker is found when a predicted speaker's name
normalises to the same string (or, when none does, has the same surname, both names having
two or more words). A gold role is recalled when a role of a found speaker overlaps it by at
least half of the shorter span; a predicted role of a found speaker is right when it overlaps
any gold role of that gold speaker so. Roles of predicted speakers that are no gold speaker
are not judged (counted apart). "strict" leaves the anaphoric descriptions out (gold roles
with link "anaphoric", and predicted roles that overlap only those); "all" keeps them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from service.evaluation.gold import read_jsonl
from service.evaluation.matching import overlap
from service.evaluation.metrics import f1, pct, ratio
from service.evaluation.names import normalise_name, same_surname

ANAPHORIC = "anaphoric"
VARIANTS = ("strict", "all")
Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class GoldRole:
    """One annotated role span and how it is linked to the name."""

    start: int
    end: int
    link: str


@dataclass(frozen=True, slots=True)
class GoldSpeaker:
    """One canonical speaker of an article with every role the article gives it."""

    name: str
    roles: tuple[GoldRole, ...]


@dataclass(slots=True)
class RoleTally:
    """Gold roles and how many were recalled; judged predicted roles and how many right."""

    gold: int = 0
    recalled: int = 0
    pred: int = 0
    right: int = 0

    def metrics(self) -> dict[str, float | int | None]:
        """Percentages with one decimal (None when undefined) and the counts."""
        p, r = ratio(self.right, self.pred), ratio(self.recalled, self.gold)
        return {"precision": pct(p), "recall": pct(r), "f1": pct(f1(p, r)),
                "gold": self.gold, "recalled": self.recalled, "pred": self.pred,
                "right": self.right}


@dataclass(slots=True)
class RoleReport:
    """Role scores of a run: one tally per variant, and how many speakers were found."""

    tallies: dict[str, RoleTally] = field(
        default_factory=lambda: {variant: RoleTally() for variant in VARIANTS})
    articles: int = 0
    gold_speakers: int = 0
    found_speakers: int = 0
    unjudged_pred: int = 0

    def to_json(self) -> dict[str, object]:
        """``{"strict": {...}, "all": {...}, "articles", "gold_speakers", ...}``."""
        out: dict[str, object] = {k: tally.metrics() for k, tally in self.tallies.items()}
        out.update(articles=self.articles, gold_speakers=self.gold_speakers,
                   found_speakers=self.found_speakers, unjudged_pred=self.unjudged_pred)
        return out


def roles_path(gold_path: str | Path) -> Path | None:
    """``<stem>_roles.jsonl`` beside the gold file, if there is one."""
    path = Path(gold_path)
    candidate = path.with_name(f"{path.stem}_roles.jsonl")
    return candidate if candidate.is_file() else None


def load_role_gold(path: str | Path) -> dict[str, tuple[GoldSpeaker, ...]]:
    """The role annotation of each article, keyed by article id."""
    return {str(raw["id"]): tuple(_speaker(s) for s in raw.get("speakers") or [])
            for raw in read_jsonl(path)}


def found_speakers(names: Sequence[str | None], gold_name: str) -> list[int]:
    """Indices of the predicted names that are the gold speaker: the same normalised name,
    else (only when no name is the same) the same surname, both with two or more words."""
    want = normalise_name(gold_name)
    same = [i for i, name in enumerate(names) if want and normalise_name(name) == want]
    return same or [i for i, name in enumerate(names) if same_surname(name, gold_name)]


def role_overlaps(a: Span, b: Span) -> bool:
    """Do two spans share at least half of the shorter one (and at least one character)?"""
    shared = overlap(*a, *b)
    return shared > 0 and 2 * shared >= min(a[1] - a[0], b[1] - b[0])


def score_roles(role_gold: Mapping[str, Sequence[GoldSpeaker]],
                bodies: Mapping[str, Mapping[str, Any]], ids: Iterable[str]) -> RoleReport:
    """Score the predicted speakers' roles of the articles ``ids`` that have a role
    annotation (an article without a prediction counts as none found)."""
    report = RoleReport()
    for doc_id in ids:
        if doc_id in role_gold:
            report.articles += 1
            _score_article(report, role_gold[doc_id], bodies.get(doc_id) or {})
    return report


def _score_article(report: RoleReport, gold: Sequence[GoldSpeaker],
                   body: Mapping[str, Any]) -> None:
    """Add one article's recall (by gold speaker) and precision (by predicted role)."""
    speakers = [s for s in body.get("speakers") or [] if isinstance(s, Mapping)]
    pred_roles = [[(int(r["start"]), int(r["end"])) for r in s.get("roles") or []]
                  for s in speakers]
    names = [s.get("name") for s in speakers]
    judged_by: dict[int, list[GoldRole]] = {}
    for speaker in gold:
        found = found_speakers(names, speaker.name)
        report.gold_speakers += 1
        report.found_speakers += bool(found)
        spans = [span for i in found for span in pred_roles[i]]
        for role in speaker.roles:
            hit = any(role_overlaps((role.start, role.end), span) for span in spans)
            for variant in _variants(role.link):
                report.tallies[variant].gold += 1
                report.tallies[variant].recalled += hit
        for i in found:
            judged_by.setdefault(i, []).extend(speaker.roles)
    for i, spans in enumerate(pred_roles):
        if i not in judged_by:
            report.unjudged_pred += len(spans)
            continue
        for span in spans:
            links = {g.link for g in judged_by[i] if role_overlaps(span, (g.start, g.end))}
            all_, strict = report.tallies["all"], report.tallies["strict"]
            all_.pred += 1
            all_.right += bool(links)
            if links != {ANAPHORIC}:  # a match of an anaphoric role alone is left out
                strict.pred += 1
                strict.right += bool(links)


def _variants(link: str) -> tuple[str, ...]:
    """The variants that count a gold role of this link."""
    return ("all",) if link == ANAPHORIC else VARIANTS


def _speaker(raw: Mapping[str, Any]) -> GoldSpeaker:
    """A gold speaker from its JSON object."""
    roles = tuple(GoldRole(int(r["start"]), int(r["end"]), str(r.get("link") or ""))
                  for r in raw.get("roles") or [])
    return GoldSpeaker(name=str(raw.get("name") or ""), roles=roles)
