"""The ``quote-attribution eval`` command: score the core (or saved predictions) on gold."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

from service.evaluation.errors import render_errors
from service.evaluation.gold import GoldRecord, load_gold
from service.evaluation.metrics import THRESHOLDS, Report, label, score
from service.evaluation.predictions import body_from_attribution, load_predictions
from service.evaluation.render import render_report
from service.evaluation.role_scores import RoleReport, load_role_gold, roles_path, score_roles
from service.evaluation.splits import SPLIT_PARTS, select, split_ids

# The core's ExtractionScope values; spelled out so scoring saved predictions never imports
# spaCy (importing service.nlp loads it). A test holds the two equal.
SCOPE_CHOICES = ("speech", "attribution")


def build_parser() -> argparse.ArgumentParser:
    """Command-line options of ``eval``."""
    parser = argparse.ArgumentParser(
        prog="quote-attribution eval",
        description="Score quote extraction and attribution against gold JSONL "
        "(Gender Gap Tracker metrics at overlap thresholds 0.3 and 0.8).",
    )
    parser.add_argument("gold", type=Path, help="gold JSONL, e.g. ../shared/eval/ggt_dev.jsonl")
    parser.add_argument("--pred", type=Path, help="score saved predictions (the JSONL of "
                        "`batch`, or of --save-pred) instead of running the core")
    parser.add_argument("--errors", type=int, default=0, metavar="N",
                        help="also show the N worst articles (at threshold 0.3)")
    parser.add_argument("--json", action="store_true", help="print the metrics as one JSON object")
    parser.add_argument("--save-pred", type=Path, metavar="PATH",
                        help="write the core's predictions as JSONL for later --pred runs")
    parser.add_argument("--scope", choices=SCOPE_CHOICES, default="speech",
                        help="what the core extracts: speech (the service's default) or "
                        "attribution (also beliefs, evidence, intentions and endorsements, "
                        "as PolNeAR annotates them)")
    parser.add_argument("--split", choices=SPLIT_PARTS,
                        help="score (and run the core on) only the articles of this part of "
                        "the gold file's split in splits.json beside it")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the evaluation; returns the process exit code."""
    args = build_parser().parse_args(argv)
    try:
        gold = load_gold(args.gold)
        if args.split:
            gold = select(gold, split_ids(args.gold, args.split))
        role_file = roles_path(args.gold)
        role_gold = load_role_gold(role_file) if role_file else None
        bodies = load_predictions(args.pred) if args.pred else predict(gold, args.scope)
    except (OSError, ValueError, KeyError) as exc:
        print(f"eval: {exc}", file=sys.stderr)
        return 2
    if args.pred:
        _warn_missing(gold, bodies)
    if args.save_pred:
        _save(args.save_pred, gold, bodies)
    report = score(gold, bodies)
    roles = None if role_gold is None else score_roles(
        role_gold, bodies, [record.id for record in gold])
    try:
        _print(report, roles, gold, args)
    except BrokenPipeError:  # e.g. `| head`: the reader has what it wanted
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (stop Python's flush warning)
    return 0


def _print(report: Report, roles: RoleReport | None, gold: Sequence[GoldRecord],
           args: argparse.Namespace) -> None:
    """Write the metrics (table or JSON) and, if asked, the worst articles."""
    if args.json:
        out = {**report.to_json(), "roles": None if roles is None else roles.to_json()}
        print(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        scope = "" if args.pred else f", {args.scope} scope"
        split = f", split {args.split}" if args.split else ""
        title = f"{args.gold} — {len(gold)} articles{split}{scope}"
        print(render_report(report, title=title, roles=roles))
    if args.errors > 0:
        text = render_errors(report.articles[label(THRESHOLDS[0])], args.errors)
        print("\n" + text, file=sys.stderr if args.json else sys.stdout)


def predict(gold: Sequence[GoldRecord], scope: str = "speech") -> dict[str, dict[str, Any]]:
    """Run the NLP core over every gold article with batched parsing."""
    from service.nlp.attribute import attribute_many
    from service.nlp.model import ExtractionScope
    from service.nlp.pipeline import load_pipeline
    from service.settings import Settings

    started = time.perf_counter()
    nlp = load_pipeline(Settings().pipeline)
    texts = [record.text for record in gold]
    results = attribute_many(nlp, texts, cast("ExtractionScope", scope))
    bodies = {r.id: body_from_attribution(a) for r, a in zip(gold, results, strict=True)}
    seconds = time.perf_counter() - started
    print(f"eval: ran the core over {len(gold)} articles in {seconds:.1f}s", file=sys.stderr)
    return bodies


def _warn_missing(gold: Sequence[GoldRecord], bodies: dict[str, dict[str, Any]]) -> None:
    """Tell the user about gold articles without a saved prediction or with an error line."""
    missing = [record.id for record in gold if record.id not in bodies]
    failed = [record.id for record in gold if bodies.get(record.id, {}).get("error")]
    if failed:
        print(f"eval: {len(failed)} predictions are error lines (scored as empty), "
              f"e.g. {failed[0]}", file=sys.stderr)
    if missing:
        print(f"eval: {len(missing)} gold articles have no prediction (scored as empty), "
              f"e.g. {missing[0]}", file=sys.stderr)


def _save(path: Path, gold: Sequence[GoldRecord], bodies: dict[str, dict[str, Any]]) -> None:
    """Write predictions as ``{"id": ..., <body>}`` lines in gold order."""
    with path.open("w", encoding="utf-8") as handle:
        for record in gold:
            body = {"id": record.id, **bodies.get(record.id, {})}
            handle.write(json.dumps(body, ensure_ascii=False) + "\n")
