"""The NLP core: pure functions from text or spaCy Docs to plain dataclasses.

Nothing in this package imports the web layer, pydantic, Redis or settings.
"""

from service.nlp.attribute import attribute, attribute_text
from service.nlp.model import Attribution, Cue, Mention, Quote, Role, Speaker, TextSpan

__all__ = [
    "Attribution",
    "Cue",
    "Mention",
    "Quote",
    "Role",
    "Speaker",
    "TextSpan",
    "attribute",
    "attribute_text",
]
