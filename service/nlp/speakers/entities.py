"""Entities of one article and their mentions: named clusters first, descriptions added later."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate

from spacy.tokens import Doc, Span, Token

from service.nlp.labels import EMBEDDED_CLAUSE_DEPS, SUBJECT_DEPS, Dep, Ent, Pos, Tag
from service.nlp.model import Role, SpeakerKind
from service.nlp.speakers.lexicon import (
    STATUS_WORDS,
    TITLE_WORDS,
    Gender,
    first_name_genders,
)
from service.nlp.text.doctext import opens_line, tokens_by_folded_text
from service.nlp.text.names import (
    HONORIFICS,
    PARTICLES,
    NameKey,
    display_name,
    fold,
    is_variant,
    misspelt,
    name_key,
    strip_possessive,
)

# NER labels of names that can speak, and the kind of speaker each gives.
NAME_LABELS: dict[str, SpeakerKind] = {Ent.PERSON: "person", Ent.ORG: "organization",
                                       Ent.GPE: "organization"}
# Labels that only become speakers when a quote names them ("China said").
SPEAKING_PLACE_LABELS: dict[str, SpeakerKind] = {Ent.GPE: "organization", Ent.NORP: "group",
                                                  Ent.FAC: "organization"}
NAME_WORD = re.compile(r"^[^\W\d_][\w.'’-]*$")
# Honorifics that tell a person's gender.
FEMALE_HONORIFICS = frozenset({"mrs", "ms", "miss", "madam", "mme", "dame", "lady", "frau"})
MALE_HONORIFICS = frozenset({"mr", "sir", "lord", "herr"})
# Words acronyms leave out ("Royal Bank of Canada" -> RBC).
_ACRONYM_SKIP = frozenset({"of", "the", "and", "for", "on", "in", "&", "de", "du", "des"})


@dataclass(slots=True)
class Mention:
    """One place an entity is mentioned: character offsets plus what salience needs."""

    start: int
    end: int
    head: int
    subject: bool
    in_quote: bool
    named: bool


@dataclass(slots=True)
class Entity:
    """A canonical person, organisation, group or unnamed source of one article."""

    kind: SpeakerKind
    name: str
    key: NameKey
    mentions: list[Mention] = field(default_factory=list)
    name_spans: list[Span] = field(default_factory=list)
    gender: Gender | None = None
    plural: bool = False
    place: bool = False
    head_lemma: str = ""
    roles: list[Role] = field(default_factory=list)

    @property
    def first(self) -> int:
        """Offset of the first mention."""
        return min(m.start for m in self.mentions)

    def add(self, mention: Mention) -> None:
        """Record a mention once."""
        if all((m.start, m.end) != (mention.start, mention.end) for m in self.mentions):
            self.mentions.append(mention)


class SpanIndex(tuple[tuple[int, int], ...]):
    """Character ranges that answer "is [start, end) inside one of them?" in O(log n).

    The rules ask it for every token near every name; a linear scan over an article's quotes
    made that quadratic in long articles."""

    _starts: list[int]
    _reach: list[int]

    def __new__(cls, spans: Iterable[tuple[int, int]]) -> SpanIndex:
        self = super().__new__(cls, tuple(spans))
        ordered = sorted(self)
        self._starts = [s for s, _ in ordered]
        # The furthest end among the ranges starting at or before each position.
        self._reach = list(accumulate((e for _, e in ordered), max))
        return self

    def covers(self, start: int, end: int) -> bool:
        """Whether some range has ``s <= start`` and ``end <= e``."""
        i = bisect_right(self._starts, start)
        return i > 0 and self._reach[i - 1] >= end


def in_any(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether [start, end) lies inside one of ``spans``."""
    if isinstance(spans, SpanIndex):
        return spans.covers(start, end)
    return any(s <= start and end <= e for s, e in spans)


def is_subject(token: Token) -> bool:
    """A mention head that is a clause subject, directly or through an appositive."""
    while token.dep_ in (Dep.APPOS, Dep.COMPOUND, Dep.CONJ) and token.head.i != token.i:
        token = token.head
    # The subject of a relative clause ('a message that X sent') is not the topic.
    return token.dep_ in SUBJECT_DEPS and token.head.dep_ not in EMBEDDED_CLAUSE_DEPS


def _opens_paragraph(span: Span) -> bool:
    """A name opening a paragraph is its subject even when the parser hangs it on the last
    paragraph ('...the city.\n\nJohn Goodwin with X turned out')."""
    doc = span.doc
    return span.start > 0 and "\n" in (doc[span.start - 1].text + doc[span.start - 1].whitespace_) \
        and span.root.pos_ == Pos.PROPN


def mention_of(span: Span, quotes: Sequence[tuple[int, int]], named: bool) -> Mention:
    """A Mention record for a span of the Doc."""
    return Mention(start=span.start_char, end=span.end_char, head=span.root.i,
                   subject=is_subject(span.root) or _opens_paragraph(span),
                   in_quote=in_any(span.start_char, span.end_char, quotes), named=named)


def name_span(span: Span) -> Span | None:
    """The name inside an entity span: leading titles and trailing possessive removed."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and _leading_noise(doc[start]):
        start += 1
    # "Toronto's Jo Ashby": a possessor before a person's name is not part of it.
    for tok in doc[start:end - 1]:
        if tok.tag_ == Tag.POS and doc[tok.i + 1].is_title and tok.i + 1 < end - 1:
            start = tok.i + 1
        elif _before_given_name(tok) and tok.i + 1 < end - 1:
            start = tok.i + 1  # 'Phoenix Mayor Greg Stanton', "Fox News' Sean Hannity"
    while end > start and (doc[end - 1].tag_ == Tag.POS or doc[end - 1].is_punct):
        end -= 1
    # The NER sometimes stops inside a particle surname: "Anke van der | Berg".
    while start < end < len(doc) and fold(doc[end - 1].text) in PARTICLES \
            and doc[end].is_title and doc[end - 1].whitespace_ != "":
        end += 1
    if start >= end:
        return None
    return doc[start:end]


def _before_given_name(token: Token) -> bool:
    """A title or a plural possessor ('News\'') right before a known given name: where the
    person's name inside a longer entity starts."""
    low = fold(token.text)
    nxt = token.doc[token.i + 1]
    return (low in TITLE_WORDS or token.text[-1:] in ("'", "’")) and nxt.is_title and \
        fold(nxt.text) in first_name_genders()


def _leading_noise(token: Token) -> bool:
    """Lower-case words, titles and status words the NER put before a name."""
    low = fold(token.text)
    nxt = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    if nxt is not None and nxt.text == "-" and not token.whitespace_:
        return False  # 'al-Shabaab': a hyphenated particle is part of the name
    return (token.is_lower or token.is_punct or low in TITLE_WORDS or low in STATUS_WORDS
            or token.lower_ in ("the", "a", "an") or _dateline(token)) and low not in HONORIFICS


def _dateline(token: Token) -> bool:
    """'BERLIN Ada Brink said': a capitalised place opening a line, which the NER glued to
    the person's name after it."""
    doc = token.doc
    nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return opens_line(token) and token.is_upper and token.is_alpha and len(token) >= 3 and \
        nxt is not None and nxt.is_title and token.ent_type_ == Ent.PERSON


class EntityTable:
    """All entities of one article, with lookups by name and by mention."""

    def __init__(self, doc: Doc, quote_spans: list[tuple[int, int]],
                 direct_spans: Iterable[tuple[int, int]] = ()) -> None:
        self.doc = doc
        self.quote_spans = SpanIndex(quote_spans)
        # The direct quotes among them (the resolver's salience discounts names in these).
        self.direct_spans = SpanIndex(direct_spans)
        self.entities: list[Entity] = []
        self.by_offsets: dict[tuple[int, int], Entity] = {}

    def add_mention(self, entity: Entity, span: Span, named: bool) -> None:
        """Attach a span of the Doc to an entity."""
        entity.add(mention_of(span, self.quote_spans, named))
        self.by_offsets[(span.start_char, span.end_char)] = entity

    def new_entity(self, kind: SpeakerKind, name: str, key: NameKey) -> Entity:
        """Create and register an entity."""
        entity = Entity(kind=kind, name=name, key=key)
        self.entities.append(entity)
        return entity

    def add_name(self, span: Span, kind: SpeakerKind, new: bool = False) -> Entity:
        """Cluster a written name with the entity it is a variant of, or start a new one
        (always, if ``new``)."""
        key = name_key(span.text)
        entity = None if new else self.match_name(key, kind, span.start_char)
        if entity is None:
            entity = self.new_entity(kind, display_name(span.text), key)
            full = longest_written(self.doc, key[0], _unfit_gender(self.doc, span.start_char)) \
                if len(key) == 1 else None
            if full is not None and kind == "person":
                entity.key, entity.name = name_key(full.text), display_name(full.text)
        elif len(key) > len(entity.key) and is_variant(entity.key, key):
            entity.key, entity.name = key, display_name(span.text)
        entity.name_spans.append(span)
        self.add_mention(entity, span, named=True)
        return entity

    def add_org(self, span: Span, kind: SpeakerKind = "organization") -> Entity:
        """Cluster an organisation name by its exact words ('The Times' = 'Times')."""
        key = org_key(span.text)
        entity = next((e for e in self.entities if e.kind == kind and e.key == key), None) \
            or self._spelled_out(span.text, kind)
        written = strip_possessive(_with_article(span).text)
        if entity is None:
            entity = self.new_entity(kind, written, key)
        elif len(written) > len(entity.name):
            entity.name = written
        entity.name_spans.append(span)
        self.add_mention(entity, span, named=True)
        return entity

    def _spelled_out(self, text: str, kind: SpeakerKind) -> Entity | None:
        """The organisation an acronym abbreviates ('PBO': Parliamentary Budget Officer)."""
        word = strip_possessive(text).strip()
        if not (2 <= len(word) <= 6 and word.isalpha() and word.isupper()):
            return None
        known = next((e for e in self.entities if e.kind == kind and len(e.key) > 1
                      and initials(e.key) == word.lower()), None)
        if known is not None:
            return known
        # The NER often misses the long form: any run of capitalised words spelling it.
        long_form = _spelled_out_span(self.doc, word.lower())
        return None if long_form is None else self.add_org(long_form, kind)

    def match_name(self, key: NameKey, kind: SpeakerKind, before: int) -> Entity | None:
        """The most recently mentioned entity this name can be a variant of."""
        best: Entity | None = None
        best_pos = (-1, -1)
        unfit = _unfit_gender(self.doc, before) if len(key) == 1 else None
        for entity in self.entities:
            if not entity.key or entity.kind not in _compatible_kinds(kind) or (
                    unfit is not None and entity.kind == "person" and len(entity.key) > 1
                    and first_name_genders().get(entity.key[0]) == unfit):
                continue
            if not (is_variant(key, entity.key) or is_variant(entity.key, key)):
                continue
            if len(key) > 1 and len(entity.key) > 1 and not _same_person(key, entity.key):
                continue
            named = sum(m.named for m in entity.mentions)
            pos = max((m.start for m in entity.mentions if m.start < before), default=-1)
            if best is None or (named, pos) > best_pos:
                best, best_pos = entity, (named, pos)
        return best if best is not None or kind != "person" else self._misspelt_surname(key)

    def _misspelt_surname(self, key: NameKey) -> Entity | None:
        """The one person whose surname this lone word misspells ('Wines' for Leslie Wimes)."""
        if len(key) != 1:
            return None
        near = [e for e in self.persons() if len(e.key) > 1 and misspelt(key[0], e.key[-1])]
        return near[0] if len(near) == 1 else None

    def absorb(self, kept: Entity, alias: Entity) -> None:
        """Merge ``alias`` into ``kept``: its names and mentions become the kept entity's."""
        kept.name_spans.extend(alias.name_spans)
        for mention in alias.mentions:
            kept.add(mention)
            self.by_offsets[(mention.start, mention.end)] = kept
        # By identity: entities compare equal field by field, which is slow and not meant.
        self.entities = [e for e in self.entities if e is not alias]

    def persons(self) -> list[Entity]:
        """Person entities."""
        return [e for e in self.entities if e.kind == "person"]


def _unfit_gender(doc: Doc, offset: int) -> Gender | None:
    """'Mrs. Clinton': the gender a surname written at ``offset`` cannot have, by the
    honorific that starts it or stands right before it."""
    at = _token_at(doc, offset)
    words = {fold(t.text) for t in doc[max(0, at - 2):at + 1]}
    if words & MALE_HONORIFICS:
        return "f"
    return "m" if words & FEMALE_HONORIFICS else None


def _token_at(doc: Doc, offset: int) -> int:
    """Index of the token starting at or containing ``offset``."""
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    return span.start if span is not None else len(doc)


def _with_article(span: Span) -> Span:
    """'The Times' rather than 'Times': the article is part of how the name is written."""
    before = span.doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.lower_ == "the" and before.head.i in range(*_bounds(span)):
        return span.doc[span.start - 1:span.end]
    return span


def _bounds(span: Span) -> tuple[int, int]:
    """Token bounds of a span."""
    return span.start, span.end


def initials(key: NameKey) -> str:
    """First letters of an organisation's words, small connecting words left out."""
    return "".join(w[0] for w in key if w not in _ACRONYM_SKIP)


def _spelled_out_span(doc: Doc, acronym: str) -> Span | None:
    """The first run of capitalised words (and connectors) whose initials spell ``acronym``."""
    # Only words with the acronym's first letter can start it: look them up, not the Doc.
    starts = sorted(i for word, found in tokens_by_folded_text(doc).items()
                    if word[:1] == acronym[0] for i in found)
    for tok in (doc[i] for i in starts):
        if not tok.is_title:
            continue
        end = tok.i
        while end < len(doc) and end - tok.i < 12 and (
                doc[end].is_title or doc[end].lower_ in _ACRONYM_SKIP):
            end += 1
            span = doc[tok.i:end]
            if doc[end - 1].is_title and initials(org_key(span.text)) == acronym:
                return span
    return None


def org_key(text: str) -> NameKey:
    """Folded words of an organisation name without a leading article."""
    words = [fold(w) for w in strip_possessive(text).split()]
    if words and words[0] in ("the", "a", "an"):
        words = words[1:]
    return tuple(w for w in words if any(ch.isalnum() for ch in w))


def _compatible_kinds(kind: SpeakerKind) -> tuple[SpeakerKind, ...]:
    """Kinds a name may merge with: the NER often calls a surname an ORG or GPE."""
    if kind == "person":
        return ("person",)
    return ("person", "organization") if kind == "organization" else (kind,)


def _same_person(a: NameKey, b: NameKey) -> bool:
    """Two multi-word names are one person only if the shorter fits the longer."""
    short, full = (a, b) if len(a) <= len(b) else (b, a)
    if full[len(full) - len(short):] == short:
        return True
    return is_variant(short, full) and (short[0] == full[0] or len(short[0]) == 1
                                         or len(short) == len(full))


def split_at_breaks(span: Span) -> list[Span]:
    """An entity span cut at line breaks, which the NER sometimes runs across."""
    pieces: list[Span] = []
    start = span.start
    for tok in span:
        if tok.is_space or "\n" in tok.whitespace_:
            end = tok.i if tok.is_space else tok.i + 1
            if end > start:
                pieces.append(span.doc[start:end])
            start = tok.i + 1
    if span.end > start:
        pieces.append(span.doc[start:span.end])
    return pieces


def longest_written(doc: Doc, surname_word: str, unfit: Gender | None = None) -> Span | None:
    """The longest run of capitalised proper nouns ending in this surname (whose given name
    is not of the ``unfit`` gender)."""
    best: Span | None = None
    for i in tokens_by_folded_text(doc).get(surname_word, ()):
        tok = doc[i]
        start = tok.i
        while start > 0 and start > tok.i - 3 and _given_name_like(doc[start - 1]):
            start -= 1
        if unfit is not None and first_name_genders().get(fold(doc[start].text)) == unfit:
            continue
        if start < tok.i and (best is None or tok.i + 1 - start > len(best)):
            best = doc[start:tok.i + 1]
    return best


def _given_name_like(token: Token) -> bool:
    """A capitalised proper noun that can be a given name (not a title or honorific)."""
    low = fold(token.text)
    # A known given name is evidence enough against a stray label ('Fox News' Sean Hannity'
    # tagged ORG, 'Mayor Greg Stanton' tagged WORK_OF_ART).
    return (token.pos_ == Pos.PROPN and token.is_title and "\n" not in token.whitespace_
            and NAME_WORD.match(token.text) is not None
            and low not in TITLE_WORDS and low not in HONORIFICS and low not in STATUS_WORDS
            and (token.ent_type_ in (Ent.NONE, Ent.PERSON) or low in first_name_genders()))
