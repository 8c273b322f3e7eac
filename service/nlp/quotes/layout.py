"""Quotes that page layout attributes with a name instead of a cue.

A pull quote is a paragraph of the speaker's words signed with their name ("… to cut the
budget. Jane Doe", "… on their doors. Jane Doe, Example.ca"); an embedded tweet that did
not render leaves its text signed "— Jane Doe (@janedoe) May 5, 2019"; a transcript gives
each turn as "DOE: …". All are the speaker's own words, so they are direct quotes even
where the page dropped the marks.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc

from service.nlp.labels import PERSON_ENTS
from service.nlp.model import Cue, Mention
from service.nlp.quotes.context import QuoteContext
from service.nlp.text.doctext import doc_text

# The signatures are found at the end of a paragraph by patterns that begin with a fixed
# character class and have no unbounded run next to another, so a hostile paragraph costs
# linear time (a whole-paragraph pattern with ".*?" and "\s*" side by side is quadratic).
# "<words>. Jane Doe" or "<words>.” ― Jane A. Doe, Example.ca": two to four capitalised words
# after the paragraph's last full stop, an optional dash before them, an affiliation after a
# comma.
PULL_SIGNATURE = re.compile(
    r"[.!?…\"”’][ \t\xa0]{1,4}(?:[―—–][ \t\xa0]{0,2})?"
    r"(?P<name>[A-Z][\w’'-]{0,30}\.?(?:[ \t][A-Z][\w’'-]{0,30}\.?){1,3}?)"
    r"(?:,[ \t][^\n,]{2,40})?\.?[ \t]{0,4}$"
)
# "… pic.twitter.com/x — Jane Doe (@janedoe) May 5, 2019"
TWEET_SIGNATURE = re.compile(
    r"[—–][ \t\xa0]{0,4}(?P<name>[^()\n—–]{2,60}?)[ \t\xa0]{0,4}\(@\w{1,15}\)"
    r"[ \t\xa0]{0,4}[A-Z][a-z]{2,8} \d{1,2}, \d{4}[ \t]{0,4}$"
)
TWEET_LINK = re.compile(r"(?:pic\.twitter\.com|https?://t\.co)/\S{1,40}[ \t\xa0]{0,4}$")
# A capitalised abbreviation ending the body ("Sen.", "Gov.", "Dr.") is a title before a name.
TITLE_ABBREVIATION = re.compile(r"\b[A-Z][a-z]{0,3}\.$")
# "WALLACE: Let's start …" / "“JANE DOE: …": a capitalised speaker label opening the paragraph.
TURN = re.compile(
    r"[\"“]?(?P<name>[A-Z][A-Z.’'-]{1,20}(?: [A-Z][A-Z.’'-]{1,20}){0,2}):[ \t\xa0]+(?=\S)"
)
TURN_CLOSERS = "\"”’' \t\xa0"
MIN_BODY_WORDS = 6
CONFIDENCE = 0.6


@dataclass(frozen=True, slots=True)
class Signed:
    """A quote signed with its speaker's name: its character range and the name."""

    start: int
    end: int
    speaker: Mention
    confidence: float = CONFIDENCE
    cue: Cue | None = None
    # A transcript turn stands for itself even inside a quote mark running over the turns.
    leads: bool = False


def signed_quotes(ctx: QuoteContext) -> list[Signed]:
    """Pull quotes, embedded tweets and transcript turns, one per paragraph at most."""
    paragraphs = [ctx.paragraph_bounds(p) for p in range(len(ctx.paragraph_starts))]
    text = doc_text(ctx.doc)
    turns = {lo: m for lo, hi in paragraphs if (m := TURN.match(text, lo, hi)) is not None}
    speakers = _transcript_speakers(ctx.doc, list(turns.values()))
    found: list[Signed] = []
    for lo, hi in paragraphs:
        turn = turns.get(lo)
        if turn is not None and turn["name"] in speakers:
            found.extend(_turn(text, turn, hi))
            continue
        paragraph = text[lo:hi]
        signed = _tweet(paragraph, lo) or _pull_quote(ctx.doc, paragraph, lo)
        if signed is not None:
            found.append(signed)
    return found


def _transcript_speakers(doc: Doc, turns: list[re.Match[str]]) -> set[str]:
    """Turn labels that name people: a label the article names as a person outside the
    labels, or one that opens two turns and is tagged a person in one ("READ MORE:",
    "WATCH:" and "CORRECTION:" are section labels)."""
    counts = Counter(m["name"] for m in turns)
    label_chars = {i for m in turns for i in range(m.start("name"), m.end("name"))}
    people = {
        ent[-1].lower_
        for ent in doc.ents
        if ent.label_ in PERSON_ENTS and ent[-1].idx not in label_chars
    }
    tagged = {
        m["name"]
        for m in turns
        if (span := doc.char_span(m.start("name"), m.end("name"), alignment_mode="expand"))
        and any(t.ent_type_ in PERSON_ENTS for t in span)
    }
    return {
        name
        for name in counts
        if name.split()[-1].lower() in people or (counts[name] > 1 and name in tagged)
    }


def _turn(text: str, turn: re.Match[str], end: int) -> list[Signed]:
    """One transcript turn: the words after the label, cued by its colon."""
    start = turn.end()
    while end > start and text[end - 1] in TURN_CLOSERS:
        end -= 1
    if end <= start:
        return []
    colon = turn.end("name")
    cue = Cue(":", colon, colon + 1, ":")
    mention = Mention(turn["name"], turn.start("name"), turn.end("name"))
    return [Signed(start, end, mention, CONFIDENCE, cue, leads=True)]


def _tweet(paragraph: str, offset: int) -> Signed | None:
    """An embedded tweet's text and author."""
    signature = TWEET_SIGNATURE.search(paragraph)
    if signature is None:
        return None
    body = paragraph[: signature.start()].rstrip()
    link = TWEET_LINK.search(body)
    body = body[: link.start()].rstrip() if link else body
    return _signed(paragraph, body, signature, offset)


def _pull_quote(doc: Doc, paragraph: str, offset: int) -> Signed | None:
    """A paragraph signed with the name of a person the article names elsewhere too."""
    signature = PULL_SIGNATURE.search(paragraph)
    if signature is None:
        return None
    body = paragraph[: signature.start() + 1]
    start, end = offset + signature.start("name"), offset + signature.end("name")
    name = doc.char_span(start, end, alignment_mode="expand")
    if name is None or not all(t.ent_type_ in PERSON_ENTS for t in name):
        return None
    # "… could help the GOP base for Sen. Jane Doe": the full stop ends a title, no sentence.
    if TITLE_ABBREVIATION.search(body) or not name[0].is_sent_start:
        return None
    surname = name[-1].text
    # A byline or credit names someone once; a pull quote repeats a person the story quotes.
    if doc_text(doc).count(surname) - paragraph.count(surname) < 1:
        return None
    return _signed(paragraph, body, signature, offset)


def _signed(paragraph: str, body: str, signature: re.Match[str], offset: int) -> Signed | None:
    """The Signed quote of a paragraph's body (its start) and the signature's name."""
    first = len(paragraph) - len(paragraph.lstrip())
    if len(body.split()) < MIN_BODY_WORDS:
        return None
    start = offset + signature.start("name")
    mention = Mention(signature["name"], start, offset + signature.end("name"))
    return Signed(offset + first, offset + len(body), mention)
