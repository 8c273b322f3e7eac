"""The kind of speaker mention a gold quote has, from the gold annotation alone.

- ``none``: the gold quote has no speaker mention span (a continuation, a floating quote);
- ``pronoun``: the mention is a pronoun ("she", "they", "who", "his");
- ``name``: the mention contains the whole canonical name ("Clara Voss", "Finance Minister
  Clara Voss"), compared after name normalisation;
- ``surname``: the mention is one written word (after honorifics and a leading "the") that
  is part of the canonical name ("Voss", "Mr. Voss", "Kalb-Brakke");
- ``description``: anything else ("the minister", "the Voss campaign", and "Van Kalb" for
  "Ines Van Kalb": two written words).
"""

from __future__ import annotations

from service.evaluation.names import LEADING_WORDS, name_words
from service.evaluation.segments import GoldSegment

MENTION_TYPES = ("name", "surname", "pronoun", "description", "none")
PRONOUNS = frozenset({
    "i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves",
    "you", "your", "yours", "yourself", "yourselves",
    "he", "him", "his", "himself", "she", "her", "hers", "herself",
    "it", "its", "itself", "they", "them", "their", "theirs", "themselves",
    "who", "whom", "whose", "which", "that", "this", "these", "those",
})


def mention_type(segment: GoldSegment) -> str:
    """One of MENTION_TYPES for a gold segment (its mention text against its gold name)."""
    if segment.mention is None:
        return "none"
    text = (segment.mention_text or "").strip()
    if _is_pronoun(text):
        return "pronoun"
    mention, canonical = name_words(text), name_words(segment.name)
    if canonical and _contains(mention, canonical):
        return "name"
    written = [w for w in text.split() if name_words(w)]
    while len(written) > 1 and name_words(written[0])[0] in LEADING_WORDS:
        written.pop(0)
    if len(written) == 1 and mention and len(mention) < len(canonical) and _contains(
            canonical, mention):
        return "surname"
    return "description"


def _is_pronoun(text: str) -> bool:
    """A pronoun as written; an all-capital word ("US", "IT") is an abbreviation instead."""
    if len(text) > 1 and text.isupper():
        return False
    return text.casefold().strip(".,;:!?\"'’‘“”") in PRONOUNS


def _contains(words: list[str], part: list[str]) -> bool:
    """Do ``part``'s words stand in ``words`` consecutively?"""
    size = len(part)
    return any(words[i : i + size] == part for i in range(len(words) - size + 1))
