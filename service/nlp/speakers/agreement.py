"""Which entities a pronoun can refer to: gender, number, animacy and clause binding."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from service.nlp.labels import Dep, Pos
from service.nlp.speakers.entities import Entity, in_any
from service.nlp.speakers.lexicon import FEMALE_PRONOUNS, MALE_PRONOUNS

# A person of unknown gender fits he/she, slightly less well than a known match.
UNKNOWN_GENDER_PENALTY = 0.4
# Prepositions that set someone against the clause's subject: 'Unlike Tan, he ...' and
# 'Like her sister, she ...' are about two people.
CONTRAST_PREPOSITIONS = frozenset({"unlike", "like"})
# Object forms that cannot refer to the subject of their own clause (reflexives would).
_OBJECT_PRONOUNS = frozenset({"him", "her", "them"})


def background_pronouns(doc: Doc, quote_spans: list[tuple[int, int]]) -> list[Token]:
    """He/she pronouns of the narration (not inside quotes), in text order."""
    gendered = MALE_PRONOUNS | FEMALE_PRONOUNS
    return [t for t in doc if t.lower_ in gendered and t.pos_ == Pos.PRON
            and not in_any(t.idx, t.idx + len(t), quote_spans)]


def object_domain(token: Token) -> Token | None:
    """The verb whose subject an object pronoun cannot be ('Walsh helped him': not Walsh)."""
    if token.lower_ not in _OBJECT_PRONOUNS or token.dep_ == Dep.POSS:
        return None
    verb = token.head
    # "helped him set up": the parser makes "him" the subject of the bare complement.
    if token.dep_ == Dep.NSUBJ and verb.dep_ in (Dep.CCOMP, Dep.XCOMP) and \
            not any(c.dep_ == Dep.MARK for c in verb.children):
        verb = verb.head
    return verb if verb.pos_ in (Pos.VERB, Pos.AUX) else None


def contrasted(token: Token) -> set[int]:
    """Token indices of the people a subject pronoun is compared with in its own clause."""
    if token.dep_ not in (Dep.NSUBJ, Dep.NSUBJPASS):
        return set()
    return {obj.i for prep in token.head.children if prep.dep_ == Dep.PREP
            and prep.lower_ in CONTRAST_PREPOSITIONS for obj in prep.subtree}


def subject_of(token: Token, verb: Token) -> bool:
    """Whether a mention head is (through appositives and compounds) the verb's subject."""
    while token.dep_ in (Dep.APPOS, Dep.COMPOUND) and token.head.i != token.i:
        token = token.head
    return token.dep_ in (Dep.NSUBJ, Dep.NSUBJPASS) and token.head.i == verb.i


def gender_score(entity: Entity, gender: str) -> float | None:
    """Agreement of he/she with a person: excluded on a clash, small penalty if unknown."""
    if entity.kind != "person":
        return None
    if entity.gender is None:
        return None if unsure_person(entity) else -UNKNOWN_GENDER_PENALTY
    return 0.0 if entity.gender == gender else None


def unsure_person(entity: Entity) -> bool:
    """One word, no gender, never a subject: likely a place the NER called a person
    ('in Sumatra', 'Toronto, Ont.')."""
    return len(entity.key) == 1 and not any(m.subject for m in entity.mentions)


def any_person(entity: Entity) -> float | None:
    """A definite person description fits any person, whatever the gender."""
    return 0.0 if entity.kind == "person" else None


def plural_score(entity: Entity) -> float | None:
    """'they' fits groups, unnamed plural sources and organisations, not places."""
    if entity.kind in ("group", "unnamed") and entity.plural:
        return 0.0
    return -0.5 if entity.kind in ("organization", "group") and not entity.place else None


def org_score(entity: Entity, place: bool) -> float | None:
    """'the company' fits organisations; 'the city' fits places."""
    if entity.kind != "organization" or entity.place != place:
        return None
    return 0.0


def neuter_score(entity: Entity) -> float | None:
    """'it' fits organisations, places less so."""
    if entity.kind != "organization":
        return None
    return -0.5 if entity.place else 0.0
