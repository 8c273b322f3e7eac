"""The gold mention type of a quote, from the gold annotation alone."""

from __future__ import annotations

import pytest

from service.evaluation.mention_types import MENTION_TYPES, mention_type
from service.evaluation.segments import GoldSegment


def segment(mention: str | None, name: str | None) -> GoldSegment:
    """A gold segment whose speaker mention reads ``mention`` (None: no mention span)."""
    span = None if mention is None else (0, len(mention))
    return GoldSegment(start=100, end=120, type="direct", mention=span, mention_text=mention,
                       name=name)


@pytest.mark.parametrize(
    ("mention", "name", "kind"),
    [
        ("Ines Kalb", "Ines Kalb", "name"),
        ("ines kalb", "Ines Kalb", "name"),
        ("Harbour master Ines Kalb", "Ines Kalb", "name"),  # longer than the name
        ("Dr. Ines M. Kalb", "Ines Kalb", "name"),  # equal after normalisation
        ("Kalb", "Ines Kalb", "surname"),
        ("Ms. Kalb", "Ines Kalb", "surname"),
        ("Kalb's", "Ines Kalb", "surname"),
        ("Ines", "Ines Kalb", "surname"),  # any single word of the name
        ("Kalb-Brakke", "Ines Kalb-Brakke", "surname"),  # one written word
        ("Kalb", "Kalb", "name"),  # the whole canonical name
        ("she", "Ines Kalb", "pronoun"),
        ("She", "Ines Kalb", "pronoun"),
        ("who", "Ines Kalb", "pronoun"),
        ("they", "the ferry board", "pronoun"),
        ("US", "United States", "description"),  # an abbreviation, not "us"
        ("the harbour master", "Ines Kalb", "description"),
        ("Van Kalb", "Ines Van Kalb", "description"),  # two written words, not the name
        ("Kalb and Brakke", "Ines Kalb and Olav Brakke", "description"),
        ("the board", None, "description"),
        (None, "Ines Kalb", "none"),
        (None, None, "none"),
    ],
)
def test_mention_type(mention: str | None, name: str | None, kind: str) -> None:
    assert mention_type(segment(mention, name)) == kind
    assert kind in MENTION_TYPES
