"""Pull quotes and embedded tweets: the signature patterns, and linear time on hostile text."""

from __future__ import annotations

import time

import pytest
import spacy

from service.nlp.quotes.context import QuoteContext
from service.nlp.quotes.layout import PULL_SIGNATURE, TWEET_SIGNATURE, signed_quotes

BLANK = spacy.blank("en")
# Paragraphs of the service's largest accepted size built to make a backtracking pattern
# try every split: long runs of spaces, dashes, punctuation and capitalised words.
HOSTILE = {
    "spaces": "a" + " " * 199_000 + ".",
    "dashes": "— ab " * 40_000,
    "dash runs": "—    " * 40_000,
    "full stops and capitals": "Ab. Cd Ef. " * 18_000,
    "tweet-like": "x pic.twitter.com/a — Name (@h) " * 6_000,
    "signature-like": ". Aa Bb Cc Dd, " * 14_000,
}


def test_tweet_signature_names_the_author() -> None:
    text = "The line is long today pic.twitter.com/x1 — Ana Ruiz (@anaruiz) May 5, 2019"
    match = TWEET_SIGNATURE.search(text)
    assert match is not None and match["name"] == "Ana Ruiz"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("We will not stop until the shelter reopens. Rita Vance", "Rita Vance"),
        ("We will not stop until it reopens.” ― Rita A. Vance, Example.ca", "Rita A. Vance"),
        ("We will not stop until the shelter reopens, said Rita Vance", None),
    ],
)
def test_pull_signature(text: str, name: str | None) -> None:
    match = PULL_SIGNATURE.search(text)
    assert (match["name"] if match else None) == name


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_paragraph_is_scanned_in_linear_time(name: str) -> None:
    ctx = QuoteContext.build(BLANK(HOSTILE[name]))
    # CPU seconds of this process, not the wall clock, so a busy machine cannot fail it; the
    # quadratic scans this guards against took minutes on these texts, linear ones take ms.
    started = time.process_time()
    signed_quotes(ctx)
    assert time.process_time() - started < 5.0
