"""Reporting cues: the lexicon in data/cues.txt and their detection on parsed tokens, by lemma."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from spacy.tokens import Doc, Token

from service.nlp.labels import (
    ACTIVE_SUBJECT_DEPS,
    AUXILIARY_DEPS,
    BARE_PARTICIPLE_TAGS,
    MODIFIER_CLAUSE_DEPS,
    NEGATION_DEPS,
    PARTICLE_DEPS,
    VERB_POS,
    Pos,
)
from service.nlp.model import Cue
from service.nlp.text.doctext import doc_text

LEXICON_FILE = "cues.txt"
SECTIONS = frozenset(
    {
        "verbs",
        "nouns",
        "phrases",
        "extends",
        "naming",
        "demands",
        "objects",
        "sources",
        "charges",
    }
)


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Reporting verbs (with particles as "point out"), speech nouns, phrases and extensions."""

    verbs: frozenset[str]
    nouns: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]
    extends: tuple[tuple[str, ...], ...]
    naming: frozenset[str] = frozenset()
    demands: frozenset[str] = frozenset()
    sources: frozenset[str] = frozenset()
    objects: frozenset[str] = frozenset()
    charges: frozenset[str] = frozenset()


def parse_lexicon(text: str) -> Lexicon:
    """Read the sectioned lexicon format; unknown sections are an error so typos surface."""
    entries: dict[str, list[str]] = {name: [] for name in SECTIONS}
    section: str | None = None
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip().lower()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            if section not in SECTIONS:
                raise ValueError(f"unknown cue lexicon section: {line}")
            continue
        if section is None:
            raise ValueError(f"cue lexicon entry outside a section: {line}")
        entries[section].append(" ".join(line.split()))
    return Lexicon(
        verbs=frozenset(entries["verbs"]),
        nouns=frozenset(entries["nouns"]),
        phrases=tuple(tuple(p.split()) for p in entries["phrases"]),
        # Longest first, so "in a statement" wins over a shorter entry sharing its start.
        naming=frozenset(entries["naming"]),
        demands=frozenset(entries["demands"]),
        sources=frozenset(entries["sources"]),
        objects=frozenset(entries["objects"]),
        charges=frozenset(entries["charges"]),
        extends=tuple(sorted((tuple(e.split()) for e in entries["extends"]), key=len)[::-1]),
    )


@cache
def lexicon() -> Lexicon:
    """The packaged lexicon, read once."""
    text = resources.files("service.nlp").joinpath("data", LEXICON_FILE).read_text("utf-8")
    return parse_lexicon(text)


@cache
def charge_verbs() -> frozenset[str]:
    """The verbs of the [charges] entries ("accuse" of "accuse of")."""
    return frozenset(entry.split()[0] for entry in lexicon().charges)


def _particle(token: Token) -> Token | None:
    """The verb particle right after ``token`` ("pointed out"), if any."""
    for child in token.rights:
        if child.dep_ in PARTICLE_DEPS:
            return child
    return None


def _reports_nothing(token: Token) -> bool:
    """Negated cues and bare participle clauses ("Asked about it, …") report no speech; a
    "participle" with a subject of its own is a past tense the tagger misread ("…, a guard
    told reporters")."""
    if any(c.dep_ in NEGATION_DEPS for c in token.children):
        return True
    return (
        token.tag_ in BARE_PARTICIPLE_TAGS
        and token.dep_ in MODIFIER_CLAUSE_DEPS
        and not any(c.dep_ in AUXILIARY_DEPS | ACTIVE_SUBJECT_DEPS for c in token.children)
    )


def verb_lemma(token: Token, *, charges: bool = False) -> str | None:
    """The lexicon lemma of ``token`` as a reporting verb, or None if it is not one; with
    ``charges``, verbs known only from [charges] ("mock") count too."""
    if token.pos_ not in VERB_POS or _reports_nothing(token):
        return None
    lex = lexicon()
    base = token.lemma_.lower()
    particle = _particle(token)
    if particle is not None:
        phrasal = f"{base} {particle.lemma_.lower()}"
        if phrasal in lex.verbs:
            return phrasal
    known = base in lex.verbs or base in lex.naming or (charges and base in charge_verbs())
    return base if known else None


def is_speech_noun(token: Token) -> bool:
    """True for nouns like "statement" or "claim" that can report a clause."""
    return token.pos_ == Pos.NOUN and token.lemma_.lower() in lexicon().nouns


def _matches(doc: Doc, i: int, words: tuple[str, ...]) -> bool:
    """True if the tokens from ``i`` spell ``words`` by lower-cased lemma or form."""
    if i + len(words) > len(doc):
        return False
    return all(
        doc[i + k].lower_ == w or doc[i + k].lemma_.lower() == w for k, w in enumerate(words)
    )


def verb_cue(token: Token, *, charges: bool = False) -> Cue | None:
    """The Cue for a reporting verb, over its particle and a following extension if any;
    ``charges`` as for verb_lemma."""
    lemma = verb_lemma(token, charges=charges)
    if lemma is None:
        return None
    doc = token.doc
    last = token
    particle = _particle(token)
    if particle is not None and " " in lemma and particle.i == token.i + 1:
        last = particle
    for words in lexicon().extends:
        if _matches(doc, last.i + 1, words):
            last = doc[last.i + len(words)]
            lemma = f"{lemma} {' '.join(words)}"
            break
    start, end = token.idx, last.idx + len(last.text)
    return Cue(doc_text(doc)[start:end], start, end, lemma)


def phrase_cues(doc: Doc) -> list[tuple[Cue, int]]:
    """Fixed phrase cues ("according to") with the index of their last token."""
    found: list[tuple[Cue, int]] = []
    for words in lexicon().phrases:
        for tok in doc:
            if tok.lower_ == words[0] and _matches(doc, tok.i, words):
                last = doc[tok.i + len(words) - 1]
                start, end = tok.idx, last.idx + len(last.text)
                found.append((Cue(doc_text(doc)[start:end], start, end, " ".join(words)), last.i))
    found.sort(key=lambda item: item[0].start)
    return found
