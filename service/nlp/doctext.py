"""The text of a Doc, built once: spaCy rebuilds ``doc.text`` from every token on each access."""

from __future__ import annotations

from spacy.tokens import Doc

_KEY = "quote_attribution.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, cached in the Doc's user data (the rules read it hundreds of times)."""
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.user_data[_KEY] = doc.text
    return str(text)
