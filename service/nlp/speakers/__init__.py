"""Who speaks: entities of the article, mentions resolved to them, and their roles."""

from service.nlp.speakers.resolve import resolve_speakers

__all__ = ["resolve_speakers"]
