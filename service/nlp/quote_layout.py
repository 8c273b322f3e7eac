"""Quotes that page layout attributes with a name instead of a cue.

A pull quote is a paragraph of the speaker's words signed with their name ("… to cut the
budget. Jane Doe", "… on their doors. Jane Doe, Example.ca"); an embedded tweet that did
not render leaves its text signed "— Jane Doe (@janedoe) May 5, 2019". Both are the
speaker's own words, so they are direct quotes even where the page dropped the marks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from service.nlp.doctext import doc_text
from service.nlp.model import Mention
from service.nlp.quote_context import QuoteContext

# "<words>. Jane Doe" or "<words>.” ― Jane A. Doe, Example.ca": two to four capitalised words
# after the last full stop of the paragraph, an optional dash before them and an
# affiliation after a comma.
PULL_QUOTE = re.compile(
    r"(?P<body>\S.*[.!?…\"”’])[ \t\xa0]+(?:[―—–][ \t\xa0]*)?"
    r"(?P<name>[A-Z][\w’'-]*\.?(?:[ \t][A-Z][\w’'-]*\.?){1,3}?)"
    r"(?:,[ \t][^\n,]{2,40})?\.?[ \t]*"
)
TWEET = re.compile(
    r"(?P<body>\S.*?)\s*(?:(?:pic\.twitter\.com|https?://t\.co)/\S+\s*)?[—–]\s*"
    r"(?P<name>[^()\n—–]{2,60}?)\s*\(@\w{1,15}\)\s*[A-Z][a-z]+ \d{1,2}, \d{4}\s*"
)
# A capitalised abbreviation ending the body ("Sen.", "Gov.", "Dr.") is a title before a name.
TITLE_ABBREVIATION = re.compile(r"\b[A-Z][a-z]{0,3}\.$")
MIN_BODY_WORDS = 6
PERSON_ENTS = frozenset({"PERSON"})
CONFIDENCE = 0.6


@dataclass(frozen=True, slots=True)
class Signed:
    """A quote signed with its speaker's name: its character range and the name."""

    start: int
    end: int
    speaker: Mention
    confidence: float = CONFIDENCE


def signed_quotes(ctx: QuoteContext) -> list[Signed]:
    """Pull quotes and embedded tweets, one per paragraph at most."""
    found: list[Signed] = []
    for p in range(len(ctx.paragraph_starts)):
        lo, hi = ctx.paragraph_bounds(p)
        paragraph = doc_text(ctx.doc)[lo:hi]
        signed = _tweet(ctx.doc, paragraph, lo) or _pull_quote(ctx.doc, paragraph, lo)
        if signed is not None:
            found.append(signed)
    return found


def _tweet(doc: Doc, paragraph: str, offset: int) -> Signed | None:
    """An embedded tweet's text and author."""
    match = TWEET.fullmatch(paragraph)
    if match is None or len(match["body"].split()) < MIN_BODY_WORDS:
        return None
    return _signed(doc, match, offset)


def _pull_quote(doc: Doc, paragraph: str, offset: int) -> Signed | None:
    """A paragraph signed with the name of a person the article names elsewhere too."""
    match = PULL_QUOTE.fullmatch(paragraph)
    if match is None or len(match["body"].split()) < MIN_BODY_WORDS:
        return None
    start, end = offset + match.start("name"), offset + match.end("name")
    name = doc.char_span(start, end, alignment_mode="expand")
    if name is None or not all(t.ent_type_ in PERSON_ENTS for t in name):
        return None
    # "… could help the GOP base for Sen. Jane Doe": the full stop ends a title, no sentence.
    if TITLE_ABBREVIATION.search(match["body"]) or not name[0].is_sent_start:
        return None
    surname = name[-1].text
    # A byline or credit names someone once; a pull quote repeats a person the story quotes.
    text = doc_text(doc)
    if text.count(surname) - paragraph.count(surname) < 1:
        return None
    return _signed(doc, match, offset)


def _signed(doc: Doc, match: re.Match[str], offset: int) -> Signed:
    """The Signed quote of a match with ``body`` and ``name`` groups."""
    start = offset + match.start("name")
    mention = Mention(match["name"], start, offset + match.end("name"))
    return Signed(offset + match.start("body"), offset + match.end("body"), mention)
