"""What a golden case states about one quote, shared by the quote and attribution tests."""

from __future__ import annotations

from typing import Any

from service.nlp.model import Quote


def summary(quote: Quote) -> dict[str, Any]:
    """The fields a golden case states about one quote."""
    return {
        "type": quote.type,
        "text": quote.text,
        "cue": quote.cue.lemma if quote.cue else None,
        "speaker": quote.speaker.text if quote.speaker else None,
    }
