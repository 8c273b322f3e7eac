"""Normalisation of canonical speaker names before comparing prediction with gold.

The shared README's rule: case, accents, punctuation, possessive 's, honorifics, a leading
"the", a quoted nickname, middle initials of names of three or more words and Jr/Sr/II/III
do not matter ("Marta K. Quist" = "Marta Quist", "Idris B. Okonjo Jr." = "Idris Okonjo").
"""

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
# Dropped from the front with the honorifics: "The New York Times" = "New York Times".
LEADING_WORDS = HONORIFICS | {"the"}
# Generational suffixes dropped from the end: "Idris Okonjo Jr." = "Idris Okonjo".
SUFFIXES = frozenset({"jr", "sr", "ii", "iii"})
# A word in quotation marks between other words: Olav "Bram" Brakke (any quote style).
_NICKNAME = re.compile(r"""(?<!\S)["“”„«‘’'`][^"“”„«»‘’'`]+["“”»‘’'`](?!\S)""")
_POSSESSIVE = re.compile(r"'s\b|(?<=s)'$")
_APOSTROPHES = re.compile(r"['\u2019\u2018\u02bc`]")
_PUNCTUATION = re.compile(r"[^\w\s]|_")


def name_words(name: str | None) -> list[str]:
    """The words of a name after normalisation (see ``normalise_name``)."""
    if not name:
        return []
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    without_nickname = _NICKNAME.sub(" ", text)
    if without_nickname.strip():
        text = without_nickname
    # Each written word (between spaces) becomes the list of its pieces ("jean-luc" gives
    # two), so an initial is told from a name cut up by punctuation ("A.J." is no initial).
    tokens = [pieces for token in text.split() if (pieces := _pieces(token))]
    _drop_leading(tokens)
    while _count(tokens) > 1 and tokens[-1] and tokens[-1][-1] in SUFFIXES:
        tokens[-1].pop()
        if not tokens[-1]:
            tokens.pop()
    if len(tokens) >= 3:
        tokens = [tokens[0], *(t for t in tokens[1:-1] if not _initial(t)), tokens[-1]]
    return [word for token in tokens for word in token]


def normalise_name(name: str | None) -> str:
    """Lower-case, strip accents, possessive 's, punctuation, leading honorifics and "the",
    a quoted nickname, middle initials (of names of three or more words) and Jr/Sr/II/III."""
    return " ".join(name_words(name))


def same_name(predicted: str | None, gold: str | None) -> bool:
    """True when both names are non-empty and equal after normalisation."""
    pred, want = normalise_name(predicted), normalise_name(gold)
    return bool(want) and pred == want


def same_surname(predicted: str | None, gold: str | None) -> bool:
    """True when both names have two or more words and the same last one after
    normalisation (the roles' rule for finding a gold speaker among the predicted ones)."""
    pred, want = name_words(predicted), name_words(gold)
    return len(pred) >= 2 and len(want) >= 2 and pred[-1] == want[-1]


def _pieces(token: str) -> list[str]:
    """One written word without possessive, apostrophes and punctuation, split at the rest."""
    token = _POSSESSIVE.sub("", _APOSTROPHES.sub("'", token))
    return _PUNCTUATION.sub(" ", _APOSTROPHES.sub("", token)).split()


def _drop_leading(tokens: list[list[str]]) -> None:
    """Remove honorifics and "the" from the front, never the last word."""
    while _count(tokens) > 1 and tokens[0][0] in LEADING_WORDS:
        tokens[0].pop(0)
        if not tokens[0]:
            tokens.pop(0)


def _count(tokens: list[list[str]]) -> int:
    """Number of words over all written words."""
    return sum(len(token) for token in tokens)


def _initial(token: list[str]) -> bool:
    """A written word that is one letter ("E." or "E")."""
    return len(token) == 1 and len(token[0]) == 1 and token[0].isalpha()
