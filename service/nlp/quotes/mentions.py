"""Who a cue belongs to: the subject of a reporting verb and the mention span to report for it."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from service.nlp.labels import (
    ACTIVE_SUBJECT_DEPS,
    DOCUMENT_CLAUSE_DEPS,
    NAME_DEPS,
    NAME_ENTS,
    NOMINAL_POS,
    NOUN_MODIFIER_DEPS,
    PERSON_LIKE_ENTS,
    SHARED_SUBJECT_DEPS,
    SUBJECT_DEPS,
    Dep,
    Pos,
    Tag,
)
from service.nlp.model import Mention
from service.nlp.text.doctext import DATELINE_DASHES, doc_text, entity_of_token, is_dateline

NOMINAL_WINDOW = 4
# Documents that "say" on behalf of an author named in a by/from/of phrase.
DOCUMENT_NOUNS = frozenset(
    {
        "statement",
        "study",
        "report",
        "release",
        "letter",
        "email",
        "e-mail",
        "memo",
        "post",
        "tweet",
        "message",
        "submission",
        "brief",
        "filing",
        "notice",
        "announcement",
    }
)
SOURCE_PREPS = frozenset({"from", "by", "of"})
# "It said …" speaks for an organisation named before; "there", "what" and the like never speak.
NOT_SPEAKERS = frozenset({"there", "this", "that", "what", "which", "something", "nothing"})


def _never(_: Token) -> bool:
    """Default predicate: no token is excluded."""
    return False


def subject_of(
    verb: Token,
    quoted: Callable[[Token], bool] = _never,
    elsewhere: Callable[[Token], bool] = _never,
    hops: int = 3,
) -> Token | None:
    """The speaking subject of ``verb``, borrowed from its governing verb when it has none.

    Subjects for which ``quoted`` is true belong to quoted text, not to the narrator's verb;
    a subject ``elsewhere`` (another paragraph: the parser runs sentences over headlines) is
    replaced by the nominal right before the verb.
    """
    current = verb
    for hop in range(hops + 1):
        # A verb the cue hangs off may be passive: "he was quoted as saying" (never the cue
        # itself: "she was told" names the hearer).
        deps = ACTIVE_SUBJECT_DEPS if hop == 0 else SUBJECT_DEPS
        subjects = [c for c in current.children if c.dep_ in deps and not quoted(c)]
        # 'CLEVELAND — Ann Roe said' parsed with two subjects: the dateline never speaks.
        for child in sorted(subjects, key=is_dateline):
            if elsewhere(child):
                return _nominal_before(verb, elsewhere)
            if child.lower_ in NOT_SPEAKERS:
                return None
            return _named_twin(child) or child
        if current.dep_ == Dep.RELCL and current.head.pos_ in {Pos.NOUN, Pos.PROPN}:
            return current.head
        if current.dep_ not in SHARED_SUBJECT_DEPS or current.head is current:
            return None
        current = current.head
    return None


def _named_twin(subject: Token) -> Token | None:
    """The name right after a common-noun subject that the parser made a second subject of
    the same verb: "Ad agency Brightwell said" is one speaker, Brightwell, described."""
    doc = subject.doc
    if subject.pos_ != Pos.NOUN or subject.i + 1 >= len(doc):
        return None
    twin = doc[subject.i + 1]
    named = twin.pos_ == Pos.PROPN or twin.ent_type_ in PERSON_LIKE_ENTS
    same_verb = twin.dep_ in ACTIVE_SUBJECT_DEPS and twin.head == subject.head
    return twin if named and same_verb else None


def _nominal_before(verb: Token, elsewhere: Callable[[Token], bool]) -> Token | None:
    """The closest noun or pronoun before ``verb`` in its own paragraph ("Vickers said")."""
    doc = verb.doc
    for i in range(verb.i - 1, max(-1, verb.i - 1 - NOMINAL_WINDOW), -1):
        tok = doc[i]
        if elsewhere(tok):
            return None
        if tok.pos_ in NOMINAL_POS:
            return None if tok.lower_ in NOT_SPEAKERS else tok
    return None


def _document_source(token: Token) -> Token | None:
    """The author of a document subject: "a statement from [the EU]", "a study by [X]"."""
    if token.lemma_.lower() not in DOCUMENT_NOUNS:
        return None
    preps = [p for p in token.children if p.dep_ == Dep.PREP and p.lower_ in SOURCE_PREPS]
    # "a statement e-mailed to The Globe by X": the author hangs off a participle.
    for child in token.rights:
        if child.dep_ in DOCUMENT_CLAUSE_DEPS:
            preps += [p for p in child.children if p.dep_ == Dep.AGENT or p.lower_ == "by"]
    for prep in preps:
        for obj in prep.children:
            if obj.dep_ == Dep.POBJ:
                return obj
    return None


def _entity_span(token: Token) -> tuple[int, int] | None:
    """Token index range of the named entity around ``token``, if it names someone."""
    if token.ent_type_ not in NAME_ENTS:
        return None
    return entity_of_token(token.doc).get(token.i)


def _name_span(token: Token) -> tuple[int, int]:
    """The proper-name chain around ``token`` (compound/flat proper nouns)."""
    lo = hi = token.i
    for child in token.children:
        if child.dep_ in NAME_DEPS and child.pos_ == Pos.PROPN:
            lo, hi = min(lo, child.i), max(hi, child.i)
    return lo, hi + 1


def _noun_span(token: Token) -> tuple[int, int]:
    """A common noun with its left modifiers ("the health minister")."""
    lo = token.i
    for child in token.lefts:
        if child.dep_ in NOUN_MODIFIER_DEPS:
            lo = min(lo, child.left_edge.i)
    return lo, token.i + 1


def _appositive_name(token: Token) -> Token | None:
    """A named appositive of a common noun ("the minister, Jane Doe, said")."""
    for child in token.children:
        named = child.pos_ == Pos.PROPN or child.ent_type_ in PERSON_LIKE_ENTS
        if child.dep_ == Dep.APPOS and named:
            return child
    return None


def _after_dateline(token: Token) -> Token | None:
    """The named appositive after a dateline's dash: who the sentence is about."""
    dash = next(t for t in token.doc[token.i + 1:] if t.text in DATELINE_DASHES)
    named = [c for c in token.children if c.dep_ == Dep.APPOS and c.i > dash.i
             and (c.pos_ == Pos.PROPN or c.ent_type_ in PERSON_LIKE_ENTS)]
    return named[0] if named else None


def mention_for(token: Token) -> Mention:
    """The mention span annotators mark for a subject: a pronoun, a name without title, a noun."""
    doc = token.doc
    source = _document_source(token)
    if source is not None:
        token = source
    if token.pos_ == Pos.PRON or token.tag_ in {Tag.WP, Tag.PRP}:
        lo, hi = token.i, token.i + 1
    else:
        appos = _after_dateline(token) if is_dateline(token) else \
            _appositive_name(token) if token.pos_ == Pos.NOUN else None
        head = appos or token
        span = _entity_span(head)
        if span is None:
            span = _name_span(head) if head.pos_ == Pos.PROPN else _noun_span(head)
        lo, hi = _on_line_of(head, *span)
    start = doc[lo].idx
    end = doc[hi - 1].idx + len(doc[hi - 1].text)
    return Mention(doc_text(doc)[start:end], start, end)


def _on_line_of(token: Token, lo: int, hi: int) -> tuple[int, int]:
    """The part of a token range on ``token``'s line: the tagger and parser run a name on
    through a paragraph break ("… Jane Doe¶Doe said"), a mention never does."""
    doc = token.doc
    text = doc_text(doc)
    first = text.rfind("\n", 0, token.idx) + 1
    last = text.find("\n", token.idx)
    last = len(text) if last < 0 else last
    while lo < token.i and doc[lo].idx < first:
        lo += 1
    while hi - 1 > token.i and doc[hi - 1].idx >= last:
        hi -= 1
    return lo, hi
