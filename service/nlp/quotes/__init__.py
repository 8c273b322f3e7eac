"""Finding quotes: direct, indirect and mixed, with their cues and speaker mentions."""

from service.nlp.quotes.extract import find_quotes

__all__ = ["find_quotes"]
