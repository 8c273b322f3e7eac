"""PLACEHOLDER until the speaker work lands: resolves no speakers."""

from spacy.tokens import Doc

from service.nlp.model import Attribution, Quote


def resolve_speakers(doc: Doc, quotes: list[Quote]) -> Attribution:
    """Link each quote's speaker mention to one canonical speaker entity with roles."""
    return Attribution(quotes=quotes, speakers=[])
