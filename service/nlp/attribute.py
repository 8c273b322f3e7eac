"""The one entry point the rest of the service calls: text or Doc in, Attribution out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from service.nlp.model import Attribution, ExtractionScope
from service.nlp.pipeline import parse, parse_many
from service.nlp.quotes.extract import find_quotes
from service.nlp.speakers.resolve import resolve_speakers


def attribute(doc: Doc, scope: ExtractionScope = "speech") -> Attribution:
    """Find every quote in a parsed article and link it to its speaker and roles."""
    quotes = find_quotes(doc, scope)
    return resolve_speakers(doc, quotes)


def attribute_text(
    nlp: Language, text: str, scope: ExtractionScope = "speech"
) -> Attribution:
    """Parse and attribute one text; spaCy's memory zone frees the strings it interned."""
    with nlp.memory_zone():
        return attribute(parse(nlp, text), scope)


def attribute_many(
    nlp: Language, texts: Iterable[str], scope: ExtractionScope = "speech"
) -> Iterator[Attribution]:
    """Parse and attribute many texts in order with batched parsing."""
    with nlp.memory_zone():
        for doc in parse_many(nlp, texts):
            yield attribute(doc, scope)
