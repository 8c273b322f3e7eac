"""Normalisation of canonical speaker names before comparing prediction with gold."""

from __future__ import annotations

import re
import unicodedata

HONORIFICS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "prof",
        "professor",
        "sir",
        "dame",
        "lady",
        "lord",
        "rev",
        "reverend",
        "hon",
        "honourable",
        "honorable",
        "madam",
        "madame",
        "mme",
        "m",
        "mlle",
        "fr",
        "father",
        "sr",
        "st",
    }
)
_POSSESSIVE = re.compile(r"'s\b|(?<=s)'(?=\s|$)")
_APOSTROPHES = re.compile(r"['\u2019\u2018\u02bc`]")
_PUNCTUATION = re.compile(r"[^\w\s]|_")


def normalise_name(name: str | None) -> str:
    """Lower-case, strip accents, possessive 's, punctuation and leading honorifics."""
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _POSSESSIVE.sub("", _APOSTROPHES.sub("'", text))
    text = _PUNCTUATION.sub(" ", _APOSTROPHES.sub("", text))
    words = text.split()
    while len(words) > 1 and words[0] in HONORIFICS:
        words.pop(0)
    return " ".join(words)


def same_name(predicted: str | None, gold: str | None) -> bool:
    """True when both names are non-empty and equal after normalisation."""
    pred, want = normalise_name(predicted), normalise_name(gold)
    return bool(want) and pred == want
