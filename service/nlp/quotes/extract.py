"""Quote extraction: direct, indirect and mixed quotes with cue, speaker mention and confidence.

Reported clauses come from the parse (quotes.indirect), quotation marks from the scanner
(marks), attribution placement around marks from quotes.frames, pull quotes and embedded
tweets signed with a name from quotes.layout; this module decides what each marked span is,
joins split quotes and carries speakers over to unattributed quotes.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from spacy.tokens import Doc

from service.nlp.model import Cue, ExtractionScope, Mention, Quote, QuoteType, TextSpan
from service.nlp.quotes.attributions import attribution_reports
from service.nlp.quotes.context import Parted, QuoteContext, strip_marks
from service.nlp.quotes.frames import Frame, after_frame, before_frame, linked_frame
from service.nlp.quotes.headline import headline_reports
from service.nlp.quotes.indirect import (
    DIRECT_COVER,
    Reported,
    according_reports,
    noun_reports,
    verb_reports,
)
from service.nlp.quotes.layout import signed_quotes
from service.nlp.text.doctext import doc_text

# Quoted text with no cue is a quote only if it is this long; shorter ones are scare
# quotes, titles or nicknames.
MIN_UNATTRIBUTED_WORDS = 4
# Share of capitalised words above which unattributed quoted text reads as a title.
TITLE_CASE_SHARE = 0.7
# Titles are short; the words they leave in lower case.
MAX_TITLE_WORDS = 6
TITLE_SMALL_WORDS = frozenset(
    {"a", "an", "the", "of", "and", "or", "for", "in", "on", "at", "to", "by", "with", "from"}
)
SPOKEN_MARKS = ("?", "!", ". ")
SPOKEN_OPENERS = frozenset(
    {
        "i",
        "we",
        "you",
        "he",
        "she",
        "they",
        "it",
        "i'm",
        "we're",
        "you're",
        "it's",
        "i’m",
        "we’re",
        "you’re",
        "it’s",
        "let's",
        "let’s",
        "this",
        "that",
        "what",
        "how",
        "why",
    }
)
# Longest stretch between two parts of a split quote ("…,” said Jane Doe, the minister, “…”).
MAX_SPLIT_GAP = 120
# The attribution between two parts ends like this ("…,” she said, “…”); after "said on
# CBS’ “Talk of the Town”" the quoted words are a title the narrator names.
SPLIT_INTRODUCERS = frozenset(",:;—–")
SENTENCE_BREAKS = frozenset(".!?")
SENTENCE_FINAL = (".", "!", "?", ",", "…", "—", ":", ";")
# How a quoted sentence ends inside its marks.
SENTENCE_FINAL_INSIDE = (".", "!", "?", "…")
CLOSING_MARKS = frozenset("\"'”’»›")
# How many paragraphs back a quote-only paragraph looks for the speaker it continues.
CONTINUATION_PARAGRAPHS = 2
PRIORITY: dict[QuoteType, int] = {"direct": 0, "mixed": 1, "indirect": 2}


@dataclass(slots=True)
class _Draft(Parted):
    """A quote under construction; parts are character ranges."""

    type: QuoteType
    parts: list[tuple[int, int]]
    cue: Cue | None = None
    speaker: Mention | None = None
    cue_token: int | None = None
    confidence: float = 0.5
    spans: list[int] = field(default_factory=list)
    leads: bool = False


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Characters shared by two ranges."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _words_outside(text: str, clause: tuple[int, int], span: tuple[int, int]) -> bool:
    """True if the clause has words of the narrator's beside the quoted span (a mixed quote);
    a leading "that" does not count ("said that “…”" is still direct)."""
    outside = text[clause[0] : span[0]] + " " + text[span[1] : clause[1]]
    words = [w for w in outside.split() if any(ch.isalnum() for ch in w)]
    return bool(words) and words != ["that"]


def _classify_reports(
    ctx: QuoteContext, reports: list[Reported]
) -> tuple[list[_Draft], dict[int, Frame], set[int]]:
    """Indirect and mixed drafts, cue links for spans that are a report's whole clause, and
    the spans a mixed quote absorbed."""
    drafts: list[_Draft] = []
    links: dict[int, Frame] = {}
    absorbed: set[int] = set()
    for rep in reports:
        clause = (rep.start, rep.end)
        hits = [k for k, s in enumerate(ctx.spans) if _overlap(clause, (s.start, s.end))]
        if not hits:
            drafts.append(
                _Draft("indirect", rep.parts, rep.cue, rep.speaker, rep.cue_token, rep.confidence)
            )
            continue
        best = max(hits, key=lambda k: _overlap(clause, (ctx.spans[k].start, ctx.spans[k].end)))
        best_span = ctx.spans[best]
        covered = _overlap(clause, (best_span.start, best_span.end))
        if covered >= DIRECT_COVER * (rep.end - rep.start) and not _words_outside(
            doc_text(ctx.doc), clause, (best_span.start, best_span.end)
        ):
            links.setdefault(best, Frame(rep.cue, rep.speaker, rep.cue_token, 0.95))
            continue
        absorbed.update(hits)
        parts = _mixed_parts(ctx, rep.parts, hits)
        quoted = {(ctx.spans[k].start, ctx.spans[k].end) for k in hits}
        drafts.append(
            _Draft(
                "direct" if set(parts) <= quoted else "mixed",
                parts,
                rep.cue,
                rep.speaker,
                rep.cue_token,
                rep.confidence + 0.05,
                hits,
            )
        )
    return drafts, links, absorbed


def _mixed_parts(
    ctx: QuoteContext, parts: list[tuple[int, int]], hits: list[int]
) -> list[tuple[int, int]]:
    """Reported parts and the quoted spans they touch, joined where they overlap; the parts
    stay apart, so a parenthetical cue ("The money, he said, “would …”") is never quoted."""
    pieces = sorted([*parts, *((ctx.spans[k].start, ctx.spans[k].end) for k in hits)])
    out: list[tuple[int, int]] = []
    for start, end in pieces:
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


def _speech_like(text: str) -> bool:
    """Unattributed quoted text that reads as spoken sentences, not an embedded phrase."""
    bare = strip_marks(text).strip()
    words = bare.split()
    if len(words) < MIN_UNATTRIBUTED_WORDS or not bare[0].isupper():
        return False
    if not bare.endswith(SENTENCE_FINAL) and text[-1] in CLOSING_MARKS:
        return False
    alpha = [w for w in words if w[0].isalpha()]
    capitalised = sum(1 for w in alpha if w[0].isupper())
    return not alpha or capitalised < TITLE_CASE_SHARE * len(alpha)


def _is_title(text: str) -> bool:
    """A short quoted name of a show, book or programme ("Talk of the Town", "Bread for
    the City"): every word but the small ones capitalised."""
    bare = strip_marks(text).strip().rstrip(",.")
    words = [w for w in bare.split() if w[:1].isalpha()]
    if not 2 <= len(words) <= MAX_TITLE_WORDS or bare.isupper():
        return False
    # Spoken words exclaim, ask, run to a second sentence or start with a pronoun.
    if any(mark in bare for mark in SPOKEN_MARKS) or words[0].lower() in SPOKEN_OPENERS:
        return False
    content = [w for w in words if w.lower() not in TITLE_SMALL_WORDS]
    return len(content) >= 2 and all(w[0].isupper() for w in content)


def _last_paragraph(ctx: QuoteContext, draft: _Draft) -> int:
    """The paragraph a draft ends in (a quote may run over several)."""
    return ctx.paragraph_of(draft.end - 1)


def _short_follow_up(ctx: QuoteContext, text: str, start: int, drafts: list[_Draft]) -> bool:
    """A short quoted sentence right after an attributed quote of the same paragraph
    (“…,” she said. “I was green.”): the speaker goes on, so it is no scare quote."""
    bare = strip_marks(text).strip()
    prev = drafts[-1] if drafts else None
    if not bare or not bare[0].isupper() or not bare.endswith(SENTENCE_FINAL_INSIDE):
        return False
    if prev is None or prev.speaker is None or prev.end > start:
        return False
    # It opens a sentence of its own: "… on the network's “Talk of the Town.”" is a title.
    between = doc_text(ctx.doc)[prev.end : start].rstrip()
    return (
        _last_paragraph(ctx, prev) == ctx.paragraph_of(start)
        and len(between) <= MAX_SPLIT_GAP
        and between[-1:] in SENTENCE_BREAKS
    )


def _direct_drafts(ctx: QuoteContext, links: dict[int, Frame], absorbed: set[int]) -> list[_Draft]:
    """Drafts for marked spans that are direct quotes, with their attribution if found."""
    drafts: list[_Draft] = []
    for k, span in enumerate(ctx.spans):
        if k in absorbed or (ctx.is_headline(span.start) and k not in links):
            continue
        text = doc_text(ctx.doc)[span.start : span.end]
        if _is_title(text):
            continue
        frame = links.get(k) or linked_frame(ctx, k) or after_frame(ctx, k) or before_frame(ctx, k)
        if frame is None:
            if _speech_like(text) or _short_follow_up(ctx, text, span.start, drafts):
                drafts.append(_Draft("direct", list(span.segments), spans=[k]))
            continue
        drafts.append(
            _Draft(
                "direct",
                list(span.segments),
                frame.cue,
                frame.speaker,
                frame.cue_token,
                frame.confidence,
                [k],
            )
        )
    return drafts


def _yield_to_turns(drafts: list[_Draft], turns: list[_Draft]) -> list[_Draft]:
    """Split drafts around the transcript turns they hold: a transcript is often one quote
    mark run over its paragraphs ("“WALLACE: …¶“PENCE: …¶“…”"); the paragraphs between
    turns go on as quotes of their own, which take the turn's speaker."""
    ranges = [(t.start, t.end) for t in turns]
    out: list[_Draft] = []
    for draft in drafts:
        if not any(_overlap(p, r) for p in draft.parts for r in ranges):
            out.append(draft)
            continue
        run: list[tuple[int, int]] = []
        for part in draft.parts:
            if any(_overlap(part, r) for r in ranges):
                if run:
                    out.append(_Draft(draft.type, run))
                run = []
            else:
                run.append(part)
        if run:
            out.append(_Draft(draft.type, run))
    return out


def _drop_overlaps(drafts: list[_Draft]) -> list[_Draft]:
    """Keep transcript turns, then direct over mixed over indirect, longer over shorter,
    where drafts overlap."""
    ranked = sorted(drafts, key=lambda d: (not d.leads, PRIORITY[d.type], d.start - d.end, d.start))
    kept: list[_Draft] = []
    # The kept non-empty ranges never overlap, so sorted by start their ends are sorted too:
    # a new range overlaps one of them iff it overlaps the last that starts before it ends
    # (a scan of all kept drafts per draft made an article of n quotes cost O(n²)).
    starts: list[int] = []
    ends: list[int] = []
    for draft in ranked:
        start, end = draft.start, draft.end
        if end > start:
            k = bisect.bisect_left(starts, end)
            if k and ends[k - 1] > start:
                continue
            starts.insert(k, start)
            ends.insert(k, end)
        kept.append(draft)
    return sorted(kept, key=lambda d: d.start)


def _same_cue(a: _Draft, b: _Draft) -> bool:
    """True if b shares a's cue or has none of its own."""
    return b.cue_token is None or b.cue_token == a.cue_token


def _merge_splits(ctx: QuoteContext, drafts: list[_Draft]) -> list[_Draft]:
    """Join “…,” he said, “…” into one quote with two parts and one cue."""
    out: list[_Draft] = []
    text = doc_text(ctx.doc)
    for draft in drafts:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.type == draft.type == "direct"
            and prev.cue is not None
            and _same_cue(prev, draft)
            and prev.end <= prev.cue.start < draft.start
            and draft.start - prev.end <= MAX_SPLIT_GAP
            and _last_paragraph(ctx, prev) == ctx.paragraph_of(draft.start)
            and not SENTENCE_BREAKS & set(text[prev.end : draft.start])
            and text[prev.end : draft.start].rstrip()[-1:] in SPLIT_INTRODUCERS
        ):
            prev.parts.extend(draft.parts)
            prev.spans.extend(draft.spans)
            continue
        out.append(draft)
    return out


def _quote_only_paragraph(ctx: QuoteContext, draft: _Draft) -> bool:
    """True if the paragraph holding the draft's start has nothing outside quotation marks."""
    p = ctx.paragraph_of(draft.start)
    lo, hi = ctx.paragraph_bounds(p)
    rest = doc_text(ctx.doc)[lo:hi]
    for span in ctx.spans:
        if span.end > lo and span.start < hi:
            a, b = max(span.start, lo), min(span.end, hi)
            rest = rest.replace(doc_text(ctx.doc)[a:b], " ", 1)
    return not any(ch.isalnum() for ch in rest)


def _carry_speakers(ctx: QuoteContext, drafts: list[_Draft]) -> None:
    """Give unattributed direct quotes the speaker the surrounding text implies."""
    for i, draft in enumerate(drafts):
        if draft.speaker is not None or draft.type != "direct":
            continue
        para = ctx.paragraph_of(draft.start)
        before = [d for d in drafts[:i] if d.speaker is not None]
        after = [d for d in drafts[i + 1 :] if d.speaker is not None]
        prev = before[-1] if before else None
        nxt = after[0] if after else None
        if prev is not None and _last_paragraph(ctx, prev) == para:
            _borrow(draft, prev, 0.75, keep_cue=True)
        elif nxt is not None and ctx.paragraph_of(nxt.start) == para and nxt.type != "direct":
            _borrow(draft, nxt, 0.7, keep_cue=True)
        elif (
            prev is not None
            and para - _last_paragraph(ctx, prev) <= CONTINUATION_PARAGRAPHS
            and _starts_paragraph(ctx, draft)
        ):
            only = _quote_only_paragraph(ctx, draft)
            _borrow(draft, prev, 0.7 if only else 0.6, keep_cue=False)


def _starts_paragraph(ctx: QuoteContext, draft: _Draft) -> bool:
    """True if the draft opens its paragraph."""
    lo, _ = ctx.paragraph_bounds(ctx.paragraph_of(draft.start))
    return not doc_text(ctx.doc)[lo : draft.start].strip()


def _borrow(draft: _Draft, source: _Draft, confidence: float, *, keep_cue: bool) -> None:
    """Reuse ``source``'s speaker mention (same offsets) and optionally its cue."""
    assert source.speaker is not None
    draft.speaker = Mention(source.speaker.text, source.speaker.start, source.speaker.end)
    if keep_cue:
        draft.cue = source.cue
    draft.confidence = confidence


def _to_quote(ctx: QuoteContext, n: int, draft: _Draft) -> Quote:
    """The public Quote for a draft, numbered ``n``."""
    text = doc_text(ctx.doc)
    parts = [TextSpan(text[s:e], s, e) for s, e in draft.parts]
    return Quote(
        id=f"q{n}",
        type=draft.type,
        text=text[draft.start : draft.end],
        start=draft.start,
        end=draft.end,
        parts=parts,
        paragraph=ctx.paragraph_of(draft.start),
        cue=draft.cue,
        speaker=draft.speaker,
        confidence=round(min(1.0, max(0.0, draft.confidence)), 2),
    )


def find_quotes(doc: Doc, scope: ExtractionScope = "speech") -> list[Quote]:
    """Every quote in the Doc, in text order, with cue and speaker mention; the
    "attribution" scope adds what sources believe, want, show or back."""
    ctx = QuoteContext.build(doc)
    reports = verb_reports(ctx) + according_reports(ctx) + noun_reports(ctx) + headline_reports(ctx)
    reported, links, absorbed = _classify_reports(ctx, reports)
    signed = [
        _Draft("direct", [(s.start, s.end)], s.cue, s.speaker, None, s.confidence, leads=s.leads)
        for s in signed_quotes(ctx)
    ]
    turns = [d for d in signed if d.leads]
    drafts = _yield_to_turns(reported + _direct_drafts(ctx, links, absorbed), turns)
    drafts = _drop_overlaps(drafts + signed)
    drafts = _merge_splits(ctx, drafts)
    _carry_speakers(ctx, drafts)
    if scope == "attribution":
        drafts = sorted(drafts + _attribution_drafts(ctx, drafts), key=lambda d: d.start)
    return [_to_quote(ctx, n, d) for n, d in enumerate(drafts, start=1)]


def _attribution_drafts(ctx: QuoteContext, speech: list[_Draft]) -> list[_Draft]:
    """Drafts for attributions beyond speech that overlap no speech quote, so every
    speech-scope quote stays as it is in the attribution scope."""
    taken = [part for d in speech for part in d.parts]
    marked = [(s.start, s.end) for s in ctx.spans]
    out: list[_Draft] = []
    for rep in _outer_first(attribution_reports(ctx)):
        if any(_overlap(part, t) for part in rep.parts for t in taken):
            continue
        kind: QuoteType = (
            "mixed" if any(_overlap(p, m) for p in rep.parts for m in marked) else "indirect"
        )
        out.append(_Draft(kind, rep.parts, rep.cue, rep.speaker, rep.cue_token, rep.confidence))
        taken.extend(rep.parts)
    return out


def _outer_first(reports: list[Reported]) -> list[Reported]:
    """Reports longest first, so an outer attribution ("believes [she wants [to run]]")
    wins over the one nested in it."""
    return sorted(reports, key=lambda r: (r.start - r.end, r.start))
