"""PLACEHOLDER until the extraction work lands: finds no quotes."""

from spacy.tokens import Doc

from service.nlp.model import Quote


def find_quotes(doc: Doc) -> list[Quote]:
    """Every quote in the Doc, in text order, with cue and speaker mention."""
    return []
