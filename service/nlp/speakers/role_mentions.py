"""A speaker's roles from every mention: names, pronouns and descriptions that refer to it."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence

from spacy.tokens import Doc, Span, Token

from service.nlp.labels import Dep, Ent, Pos, Tag
from service.nlp.model import Role
from service.nlp.speakers.entities import Entity
from service.nlp.speakers.lexicon import (
    DOCUMENT_NOUNS,
    KIN_NOUNS,
    ORG_NOUNS,
    PERSON_NOUNS,
    SHARED_ROLE_HEADS,
    STATUS_WORDS,
    TITLE_WORDS,
)
from service.nlp.speakers.roles import dedupe_spans, pronoun_roles, stated_roles
from service.nlp.text.doctext import doc_text
from service.nlp.text.marks import DOUBLE_MARKS
from service.nlp.text.names import fold

# Short titles and the nouns a later description uses for them ("Sen." -> "the senator").
TITLE_NOUNS: dict[str, tuple[str, ...]] = {
    "sen": ("senator",), "rep": ("representative", "congressman", "congresswoman"),
    "gov": ("governor",), "gen": ("general",), "capt": ("captain",), "lt": ("lieutenant",),
    "det": ("detective",), "const": ("constable",), "supt": ("superintendent",),
    "prime minister": ("prime minister", "minister"), "ceo": ("ceo", "executive"),
}
# Nouns a description of one person can have as its head ("the candidate", "the senator").
PERSON_HEADS = PERSON_NOUNS | TITLE_WORDS | SHARED_ROLE_HEADS
# Heads of mentions that stand for what a speaker produced, not for the speaker.
DESCRIPTION_STOPS = frozenset({"post", "data", "datum", "review", "survey", "database", "view",
                               "tweet",
                               "analysis", "account", "website", "site", "page", "list"})
# Pronouns whose clause can predicate a role of the person ("She is the board's chair").
# Marks that open a direct quote, whose words are the speaker's, not the article's.
QUOTE_MARKS = DOUBLE_MARKS | frozenset("‘'")
OPENING_MARKS = frozenset("“„«")
CLOSING_MARKS = frozenset("”»")
SUBJECT_PRONOUNS = frozenset({"he", "she", "they", "his", "her", "their"})
# What marks a paragraph as an embedded social-media post: its short link or its signature.
SOCIAL_POST = re.compile(r"https?://t\.co/|pic\.twitter\.com/|\(@\w+\)\s+\w+ \d{1,2}, \d{4}")


def entity_roles(doc: Doc, entity: Entity) -> list[Role]:
    """Every role stated at each of the entity's mentions, one per span, in text order."""
    found: list[Role] = []
    for span in entity.name_spans:
        if _names_this(span, entity):
            found.extend(stated_roles(span))
    spans = {(s.start_char, s.end_char) for s in entity.name_spans}
    for mention in entity.mentions:
        if mention.in_quote:
            continue
        if mention.named:
            # A name the NER did not label (a caption's 'Kevin Vickers'): its roles too.
            written = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if written is not None and len(written) and \
                    (mention.start, mention.end) not in spans:
                last = written[-1]  # the name itself is no role ('Vancouver's Bo Horvat')
                found.extend(r for r in stated_roles(written)
                             if not r.start < last.idx + len(last.text) <= r.end)
            continue
        written = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if written is None or not len(written):
            continue
        if written.root.lower_ in SUBJECT_PRONOUNS:
            found.extend(pronoun_roles(written.root))
        elif entity.name_spans and _describes(written) and _one_person_described(written, entity) \
                and fold(written.text) != fold(entity.name) and not _holds_name(written, entity):
            role = _span_role(written)
            if role is not None:
                found.append(role)
    return dedupe_spans(found)


def _holds_name(span: Span, entity: Entity) -> bool:
    """'Mayor Ana Ruiz' as a quote's mention: it holds the entity's name, so it is no
    description (its roles come from the name)."""
    return any(span.start_char <= ns.start_char and ns.end_char <= span.end_char
               for ns in entity.name_spans)


def _names_this(span: Span, entity: Entity) -> bool:
    """A name span that is this entity's name, not a relative's with the same surname
    ('Ann Meyer' is no mention of 'Tom Meyer')."""
    words = [fold(w) for w in span.text.split() if w[:1].isupper()]
    mine = [fold(w) for w in entity.name.split()]
    if len(words) < 2 or len(mine) < 2 or entity.kind != "person":
        return True
    return words[0] in mine or words[0].rstrip(".") in ("mr", "mrs", "ms", "dr")


def described_roles(doc: Doc, entities: list[Entity], quotes: list[tuple[int, int]],
                    roles: dict[int, list[Role]]) -> dict[int, list[Role]]:
    """'the senator' later in the article: a definite description whose head noun is the
    title of exactly one speaker's stated role, given to the last one named before it."""
    taken = {(r.start, r.end) for rs in roles.values() for r in rs}
    heads = {id(e): _title_heads(roles[id(e)]) for e in entities if e.kind == "person"}
    extra: dict[int, list[Role]] = {id(e): [] for e in entities}
    wanted = (set().union(*heads.values()) & PERSON_HEADS) - KIN_NOUNS if heads else set()
    for span in _descriptions(doc, wanted):
        if _inside(span, quotes) or any(s < span.end_char and span.start_char < e
                                        for s, e in taken):
            continue
        head = fold(span.root.lemma_)
        holders = [e for e in entities if head in heads.get(id(e), set())]
        chosen = _last_named_before(holders, span.start_char)
        role = _span_role(span)
        if chosen is not None and role is not None:
            extra[id(chosen)].append(role)
    return extra


def _title_heads(roles: Iterable[Role]) -> set[str]:
    """The head nouns a description of this speaker can use ('Defence Secretary' -> secretary,
    'Labour Party candidate' -> candidate)."""
    heads: set[str] = set()
    for role in roles:
        words = fold(role.title).split() if role.title else []
        if not words:
            continue
        last = words[-1]
        heads.update(TITLE_NOUNS.get(last, ()))
        heads.add(last.removesuffix("s") if last.endswith("s") and last[:-1] in TITLE_WORDS
                  else last)
    return heads


def _descriptions(doc: Doc, heads: set[str]) -> list[Span]:
    """Noun phrases 'the <title>' with no name beside them, for titles in ``heads``."""
    found: list[Span] = []
    for token in doc:
        if token.pos_ not in (Pos.NOUN, Pos.PROPN) or fold(token.lemma_) not in heads:
            continue
        plural = token.tag_ in (Tag.NNS, Tag.NNPS)
        if token.dep_ in (Dep.COMPOUND, Dep.APPOS) or token.ent_type_ or plural:
            continue
        dets = [c for c in token.children if c.dep_ == Dep.DET and c.lower_ == "the"]
        if not dets or any(c.dep_ in (Dep.APPOS, Dep.COMPOUND) and c.pos_ == Pos.PROPN
                           for c in token.children):
            continue
        if any(c.dep_ == Dep.POSS for c in token.children):
            continue
        mods = [c for c in token.lefts if c.dep_ in (Dep.AMOD, Dep.COMPOUND)]
        if any(m.ent_type_ == Ent.PERSON for m in mods):
            continue
        found.append(doc[dets[0].i:token.i + 1])
    return found


def _last_named_before(holders: list[Entity], offset: int) -> Entity | None:
    """Of these entities, the one whose name was written last before ``offset``."""
    best: tuple[int, Entity] | None = None
    for entity in holders:
        before = [s.start_char for s in entity.name_spans if s.start_char < offset]
        if before and (best is None or max(before) > best[0]):
            best = (max(before), entity)
    return best[1] if best else None


def _inside(span: Span, quotes: list[tuple[int, int]]) -> bool:
    """Whether the span lies inside a quote."""
    return any(s <= span.start_char and span.end_char <= e for s, e in quotes)


def _describes(span: Span) -> bool:
    """A noun phrase standing for a person ('the coach'), not a bare organisation type."""
    root = span.root
    if root.pos_ not in (Pos.NOUN, Pos.PROPN) or root.ent_type_ == Ent.PERSON:
        return False
    if root.lemma_.lower() in DOCUMENT_NOUNS or root.lemma_.lower() in DESCRIPTION_STOPS:
        return False
    words = [fold(t.text) for t in span if not t.is_punct]
    if len(words) == 2 and words[0] in ("the", "a", "an") and words[1] in ORG_NOUNS:
        return False
    return not (len(words) == 1 and words[0] in STATUS_WORDS)


def _one_person_described(span: Span, entity: Entity) -> bool:
    """A description that can be a person's role: not plural ('the experts' is the resolver
    reaching a group) and not a bare kinship word ('his father' is a relation, not a role)."""
    root = span.root
    if entity.kind == "person" and root.tag_ in (Tag.NNS, Tag.NNPS):
        return False
    return fold(root.lemma_) not in KIN_NOUNS


def _span_role(span: Span) -> Role | None:
    """A description as a role over its own text (None if it is only punctuation)."""
    doc = span.doc
    tokens: list[Token] = [t for t in span]
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    if not tokens:
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    title = fold(span.root.text) if fold(span.root.lemma_) in TITLE_WORDS else None
    return Role(text=doc_text(doc)[start:end], start=start, end=end, title=title)


def speaker_roles(doc: Doc, entities: list[Entity],
                  quote_spans: Sequence[tuple[int, int]]) -> dict[int, list[Role]]:
    """The roles of each entity (keyed by ``id``), none inside quotation marks."""
    text = doc_text(doc)
    quoted = [(s, e) for s, e in quote_spans if text[s:s + 1] in QUOTE_MARKS]
    marked = _merged(_marked_stretches(text) + _social_posts(text))
    starts = [s for s, _ in marked]
    roles = {id(e): [r for r in entity_roles(doc, e)
                     if not _role_inside(r, quoted) and not _starts_marked(r, marked, starts)]
             for e in entities}
    for key, extra in described_roles(doc, entities, quoted, roles).items():
        roles[key] = dedupe_spans([*roles[key], *extra])
    return _one_owner(entities, {key: _widest(found) for key, found in roles.items()})


def _widest(roles: list[Role]) -> list[Role]:
    """Of roles sharing characters, the widest: one span per stretch of text ('One red-state
    Democrat', not also 'Democrat' from another mention)."""
    kept: list[Role] = []
    for role in sorted(roles, key=lambda r: (r.start - r.end, r.start)):
        if not any(role.start < k.end and k.start < role.end for k in kept):
            kept.append(role)
    return sorted(kept, key=lambda r: (r.start, r.end))


def _one_owner(entities: list[Entity], roles: dict[int, list[Role]]) -> dict[int, list[Role]]:
    """A role one of the people of a coordination holds is that person's, not the pair's
    ('Ann Lee and Bo Tran' does not repeat the roles of Ann Lee)."""
    individual = {(r.start, r.end) for e in entities if not _coordination(e)
                  for r in roles[id(e)]}
    return {id(e): [r for r in roles[id(e)] if not (_coordination(e) and
                                                   (r.start, r.end) in individual)]
            for e in entities}


def _coordination(entity: Entity) -> bool:
    """An entity named by several names joined with 'and'."""
    return " and " in entity.name or " & " in entity.name


def _marked_stretches(text: str) -> list[tuple[int, int]]:
    """Stretches between an opening and a closing quotation mark of one paragraph (words
    someone is quoted with, which the quote finder may have left out), in one pass."""
    stretches: list[tuple[int, int]] = []
    opened: int | None = None
    for i, char in enumerate(text):
        if char == "\n" or (opened is not None and (char in CLOSING_MARKS or char == '"')):
            if opened is not None:
                stretches.append((opened, i))
            opened = None
        elif (char in OPENING_MARKS or char == '"') and opened is None:
            opened = i
    if opened is not None:
        stretches.append((opened, len(text)))
    return stretches


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, disjoint spans covering the same characters."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _social_posts(text: str) -> list[tuple[int, int]]:
    """Paragraphs of an embedded post ('... https://t.co/x — Jo Park (@jpark) May 2'): the
    poster's words, like a quotation, without its marks."""
    posts: list[tuple[int, int]] = []
    start = 0
    for line in text.split("\n"):
        if SOCIAL_POST.search(line):
            posts.append((start, start + len(line)))
        start += len(line) + 1
    return posts


def _role_inside(role: Role, spans: list[tuple[int, int]]) -> bool:
    """Whether a role lies inside one of the spans."""
    return any(s <= role.start and role.end <= e for s, e in spans)


def _starts_marked(role: Role, stretches: list[tuple[int, int]], starts: list[int]) -> bool:
    """Whether a role starts inside one of the (sorted, disjoint) marked stretches."""
    k = bisect_right(starts, role.start) - 1
    return k >= 0 and stretches[k][0] <= role.start < stretches[k][1]
