"""The NLP core: pure functions from text or spaCy Docs to plain dataclasses.

Nothing in this package imports the web layer, pydantic, Redis or settings. The entry
points are ``service.nlp.attribute.attribute`` / ``attribute_text`` / ``attribute_many``;
they are not re-exported here because importing them loads spaCy, and a process that only
needs the data model (an HTTP worker whose parsing happens elsewhere) should not pay for it.
"""

from service.nlp.model import Attribution, Cue, Mention, Quote, Role, Speaker, TextSpan

__all__ = [
    "Attribution",
    "Cue",
    "Mention",
    "Quote",
    "Role",
    "Speaker",
    "TextSpan",
]
