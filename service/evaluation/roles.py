"""Role precision and recall on golden sentences: ``python -m service.evaluation.roles [PATH]``.

Each JSONL line: ``{"text", "speaker", "roles": [{"text", "title", "organization", "status"}]}``.
A predicted role of the named speaker is right by text when its text equals an expected
role's text (case-insensitive), and right in full when title, organisation and status match too.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from service.evaluation.names import normalise_name
from service.nlp.model import Role, Speaker
from service.nlp.pipeline import load_pipeline, parse_many
from service.nlp.speakers.resolve import article_speakers
from service.settings import Settings

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "tests" / "golden" / "roles.jsonl"
RoleKey = tuple[str, str | None, str | None, str | None, str | None]


@dataclass(slots=True)
class RoleCounts:
    """True positives by text and in full, with predicted and expected totals."""

    text_ok: int = 0
    full_ok: int = 0
    predicted: int = 0
    expected: int = 0

    def precision(self, full: bool) -> float:
        """Share of predicted roles that are right."""
        ok = self.full_ok if full else self.text_ok
        return 100.0 * ok / self.predicted if self.predicted else 100.0

    def recall(self, full: bool) -> float:
        """Share of expected roles found."""
        ok = self.full_ok if full else self.text_ok
        return 100.0 * ok / self.expected if self.expected else 100.0


def load_cases(path: str | Path) -> list[dict[str, Any]]:
    """The golden cases of a JSONL file."""
    with Path(path).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def role_key(role: Role | dict[str, Any]) -> RoleKey:
    """Comparable form of a role: folded text, title, organisation, status, nationality."""
    get = role.get if isinstance(role, dict) else lambda k: getattr(role, k, None)
    parts = [get(k) for k in ("text", "title", "organization", "status", "nationality")]
    text, title, org, status, nationality = (p.casefold().strip() if isinstance(p, str)
                                             else None for p in parts)
    return (text or "", title, org, status, nationality)


def speaker_roles(speakers: Iterable[Speaker], name: str) -> list[Role]:
    """Roles of the speaker whose canonical name is ``name`` (none if not found)."""
    want = normalise_name(name)
    for speaker in speakers:
        if normalise_name(speaker.name) == want:
            return speaker.roles
    return []


def score_case(predicted: Sequence[Role], expected: Sequence[dict[str, Any]]) -> RoleCounts:
    """Counts for one sentence; each expected role is matched at most once."""
    counts = RoleCounts(predicted=len(predicted), expected=len(expected))
    open_keys = [role_key(e) for e in expected]
    for role in predicted:
        key = role_key(role)
        hit = next((k for k in open_keys if k[0] == key[0]), None)
        if hit is not None:
            open_keys.remove(hit)
            counts.text_ok += 1
            counts.full_ok += hit == key
    return counts


def evaluate(cases: list[dict[str, Any]], pipeline: str, show: int = 0) -> RoleCounts:
    """Run the speaker builder over every case and add up the counts."""
    nlp = load_pipeline(pipeline)
    total = RoleCounts()
    shown = 0
    for case, doc in zip(cases, parse_many(nlp, [c["text"] for c in cases]), strict=True):
        roles = speaker_roles(article_speakers(doc, []), case["speaker"])
        counts = score_case(roles, case["roles"])
        if shown < show and (counts.full_ok < counts.predicted or
                             counts.full_ok < counts.expected):
            shown += 1
            print(f"- {case['text']}\n  want {[role_key(e) for e in case['roles']]}"
                  f"\n  got  {[role_key(r) for r in roles]}")
        for field in ("text_ok", "full_ok", "predicted", "expected"):
            setattr(total, field, getattr(total, field) + getattr(counts, field))
    return total


def main(argv: list[str]) -> int:
    """Print role precision and recall for a golden file; 0 on success."""
    parser = argparse.ArgumentParser(prog="python -m service.evaluation.roles")
    parser.add_argument("path", nargs="?", default=str(DEFAULT_PATH))
    parser.add_argument("--pipeline", default=Settings().pipeline, help="spaCy pipeline")
    parser.add_argument("--errors", type=int, default=0, help="show up to N wrong cases")
    args = parser.parse_args(argv)
    cases = load_cases(args.path)
    counts = evaluate(cases, args.pipeline, args.errors)
    print(f"cases {len(cases)}  expected roles {counts.expected}  predicted {counts.predicted}")
    print(f"role text: precision {counts.precision(False):.1f}  "
          f"recall {counts.recall(False):.1f}")
    print(f"role full (text, title, organization, status): precision "
          f"{counts.precision(True):.1f}  recall {counts.recall(True):.1f}")
    return 0


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
