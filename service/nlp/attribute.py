"""The one entry point the rest of the service calls: text or Doc in, Attribution out.

``attribute_text`` and ``attribute_many`` analyse the normalised text (``text.normalise``:
invisible characters dropped, odd spaces made plain, mark storms blanked) and return every
offset and span text in the input's terms, so ``input[start:end] == text`` for every span.
``attribute(doc)`` reads the Doc as it is: its offsets are into ``doc.text``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from service.nlp.model import (
    Attribution,
    Cue,
    ExtractionScope,
    Mention,
    Quote,
    Role,
    TextSpan,
)
from service.nlp.pipeline import parse, parse_many
from service.nlp.quotes.extract import find_quotes
from service.nlp.speakers.resolve import resolve_speakers
from service.nlp.text.normalise import Analysed, normalise

_Span = TypeVar("_Span", TextSpan, Cue, Mention, Role)


def attribute(doc: Doc, scope: ExtractionScope = "speech") -> Attribution:
    """Find every quote in a parsed article and link it to its speaker and roles."""
    quotes = find_quotes(doc, scope)
    return resolve_speakers(doc, quotes)


def attribute_text(
    nlp: Language, text: str, scope: ExtractionScope = "speech"
) -> Attribution:
    """Parse and attribute one text; spaCy's memory zone frees the strings it interned."""
    analysed = normalise(text)
    with nlp.memory_zone():
        return in_input_terms(attribute(parse(nlp, analysed.text), scope), analysed)


def attribute_many(
    nlp: Language, texts: Iterable[str], scope: ExtractionScope = "speech"
) -> Iterator[Attribution]:
    """Parse and attribute many texts in order with batched parsing."""
    pending: deque[Analysed] = deque()

    def analysed_texts() -> Iterator[str]:
        for text in texts:
            analysed = normalise(text)
            pending.append(analysed)
            yield analysed.text

    with nlp.memory_zone():
        for doc in parse_many(nlp, analysed_texts()):
            yield in_input_terms(attribute(doc, scope), pending.popleft())


def in_input_terms(result: Attribution, analysed: Analysed) -> Attribution:
    """``result`` (offsets into ``analysed.text``) with offsets and span texts of the input."""
    if analysed.text == analysed.original:
        return result

    def span(item: _Span) -> _Span:
        start, end = analysed.span(item.start, item.end)
        return replace(item, text=analysed.original[start:end], start=start, end=end)

    def quote(q: Quote) -> Quote:
        whole = span(TextSpan(q.text, q.start, q.end))
        return replace(
            q,
            text=whole.text,
            start=whole.start,
            end=whole.end,
            parts=[span(part) for part in q.parts],
            cue=None if q.cue is None else span(q.cue),
            speaker=None if q.speaker is None else span(q.speaker),
        )

    quotes = [quote(q) for q in result.quotes]
    speakers = [
        replace(s, roles=[span(r) for r in s.roles], mentions=[span(m) for m in s.mentions])
        for s in result.speakers
    ]
    return Attribution(quotes=quotes, speakers=speakers)
