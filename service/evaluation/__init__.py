"""Evaluation harness: score predicted quotes against human-annotated gold articles.

The pure API is ``load_gold`` + ``score``; ``command.main`` is the ``eval`` CLI.
"""

from __future__ import annotations

from service.evaluation.gold import GoldRecord, load_gold, record_from_dict
from service.evaluation.metrics import THRESHOLDS, Counts, Report, score
from service.evaluation.names import normalise_name
from service.evaluation.predictions import body_from_attribution, load_predictions
from service.evaluation.segments import GoldSegment, Segment

__all__ = [
    "THRESHOLDS",
    "Counts",
    "GoldRecord",
    "GoldSegment",
    "Report",
    "Segment",
    "body_from_attribution",
    "load_gold",
    "load_predictions",
    "normalise_name",
    "record_from_dict",
    "score",
]
