"""Personal-name keys and variant matching: surnames, first names, initials, particles."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Courtesy titles the evaluation and our users ignore when comparing names.
HONORIFICS = frozenset(
    {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "lord", "lady", "rev",
     "hon", "madam", "mme", "herr", "frau", "sen", "rep", "gov", "gen", "col", "capt",
     "sgt", "lt", "cpl", "insp", "supt", "det", "const", "cst", "rabbi", "imam"}
)
# Lower-case name particles that belong to a surname ("van der Berg", "bin Salman").
PARTICLES = frozenset(
    {"de", "del", "della", "der", "den", "di", "da", "das", "do", "dos", "du", "la", "le", "van",
     "von", "bin", "ibn", "ben", "al", "el", "ter", "ten", "st", "abu", "y"}
)

_POSSESSIVE = re.compile(r"(?:['’]s|s['’])$|['’]$")
_QUOTED_NICKNAME = re.compile(r"[\"“”‘’][^\"“”‘’]+[\"“”‘’]")
_EDGE_PUNCT = re.compile(r"^[^\w]+|[^\w.]+$")

NameKey = tuple[str, ...]


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower-case, strip accents and dots: the form names are compared in (cached: the name
    rules fold every token of an article, most of them many times)."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.lower().replace(".", "").replace("’", "'")


def strip_possessive(text: str) -> str:
    """'Carrow's' -> 'Carrow'; 'Jones'' -> 'Jones'."""
    stripped = _POSSESSIVE.sub("", text.rstrip())
    if text.rstrip().endswith(("s'", "s’")):
        return text.rstrip()[:-1]
    return stripped


def name_words(text: str) -> list[str]:
    """The words of a written name without honorifics, possessive, nicknames or punctuation."""
    text = _QUOTED_NICKNAME.sub(" ", strip_possessive(text))
    words = [_EDGE_PUNCT.sub("", w) for w in text.split()]
    words = [w for w in words if w and any(ch.isalpha() for ch in w)]
    while words and fold(words[0]) in HONORIFICS and len(words) > 1:
        words = words[1:]
    return words


def display_name(text: str) -> str:
    """A name as users see it: the written words without honorific or possessive."""
    return " ".join(name_words(text))


def name_key(text: str) -> NameKey:
    """The folded words of a name, for matching variants."""
    return tuple(fold(w) for w in name_words(text))


def _word_matches(short: str, full: str) -> bool:
    """One word of a short variant fits one word of a full name (initials, hyphen parts)."""
    if short == full:
        return True
    if len(short) == 1 and full.startswith(short):
        return True
    return short in full.split("-")


def _surname_start(key: NameKey) -> int:
    """Index where the surname starts: the last word, pulled left over particles."""
    i = len(key) - 1
    while i > 1 and key[i - 1] in PARTICLES:
        i -= 1
    return i


def is_variant(short: NameKey, full: NameKey) -> bool:
    """Whether ``short`` can name the person ``full`` names (surname, first name, initials)."""
    if not short or not full or len(short) > len(full):
        return False
    if short == full:
        return True
    if len(short) == 1:
        return _word_matches(short[0], full[-1]) or short[0] == full[0]
    # Multi-word variants keep the surname and an in-order subset of the rest.
    if not _word_matches(short[-1], full[-1]):
        return False
    rest, pool = list(short[:-1]), list(full[:-1])
    for word in rest:
        while pool and not _word_matches(word, pool[0]):
            pool.pop(0)
        if not pool:
            return False
        pool.pop(0)
    return True


def surname(key: NameKey) -> NameKey:
    """The surname part of a key, particles included ('van der pluijm')."""
    return key[_surname_start(key):] if key else key


# Shortest surname a one-letter slip is forgiven in ('McLenney' for 'McClenney'); shorter
# names differ by one letter too often (Bush, Rush).
MIN_MISSPELT_CHARS = 5


def misspelt(word: str, known: str) -> bool:
    """Whether ``word`` is ``known`` with one letter added, dropped, changed or two
    swapped, the first letter kept (a reporter's typo, not another name)."""
    if word == known or word[:1] != known[:1] or min(len(word), len(known)) < MIN_MISSPELT_CHARS:
        return False
    if abs(len(word) - len(known)) > 1:
        return False
    # Hand-written: one bounded comparison does not need an edit-distance library.
    i = 0
    while i < min(len(word), len(known)) and word[i] == known[i]:
        i += 1
    if len(word) == len(known):
        swapped = word[i + 2:] == known[i + 2:] and word[i:i + 2] == known[i:i + 2][::-1]
        return swapped or word[i + 1:] == known[i + 1:]
    longer, shorter = (word, known) if len(word) > len(known) else (known, word)
    return longer[i + 1:] == shorter[i:]
