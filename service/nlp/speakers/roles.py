"""Roles the article states for a name: premodifying titles, appositives, "who heads" clauses."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from service.nlp.model import Role
from service.nlp.speakers.lexicon import (
    HEADING_VERBS,
    ORG_NOUNS,
    PORTFOLIO_WORDS,
    STATUS_WORDS,
    TITLE_WORDS,
)
from service.nlp.text.doctext import doc_text
from service.nlp.text.names import HONORIFICS, fold

# Entity labels that can fill a role's organisation or country.
ORG_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC"})
# Entity labels that never make a role (ages, dates, other people).
NON_ROLE_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "PERSON", "MONEY", "PERCENT",
                             "QUANTITY", "ORDINAL"})
# Prepositions that attach a role's organisation ("director at X", "president of Y").
ORG_PREPS = frozenset({"of", "at", "for", "with", "in"})
# Dependents that leave a noun phrase: clauses, further appositives, punctuation.
CLAUSE_DEPS = frozenset({"relcl", "acl", "appos", "punct", "cc", "conj", "advcl"})
# Modifier deps that can be part of a title before its head noun.
TITLE_MOD_DEPS = frozenset({"compound", "amod", "nmod"})
_DETERMINERS = frozenset({"the", "a", "an"})


def roles_of(span: Span) -> list[Role]:
    """Roles stated around one name mention, each once, in text order."""
    name = _name_core(span)
    head = name_head(name)
    found: list[Role] = []
    for tokens in (_premodifier(name), *_appositives(head), _apposed_to(head)):
        role = _make_role(tokens)
        if role is not None:
            found.append(role)
    found.extend(_relative_roles(head))
    return dedupe_roles(found)


def name_head(span: Span) -> Token:
    """The head of a written name: its last word (the parser sometimes hangs a first name
    elsewhere, which makes ``span.root`` the first name)."""
    last = span[-1]
    return last if last.pos_ in ("PROPN", "NOUN") or last.is_title else span.root


def dedupe_roles(roles: Iterable[Role]) -> list[Role]:
    """Keep the first role of each text (case-insensitive), in text order."""
    seen: set[str] = set()
    kept: list[Role] = []
    for role in sorted(roles, key=lambda r: r.start):
        key = fold(role.text)
        if key not in seen:
            seen.add(key)
            kept.append(role)
    return kept


def _name_core(span: Span) -> Span:
    """The name without leading title words the NER sometimes includes ("spokesperson Wen Tao")."""
    start = span.start
    while start < span.end - 1 and _is_title_like(span.doc[start]):
        start += 1
    return span.doc[start:span.end]


def _is_title_like(token: Token) -> bool:
    """A token that names a role or an honorific rather than the person."""
    low = fold(token.text)
    return token.is_lower or low in TITLE_WORDS or low in STATUS_WORDS or low in HONORIFICS


def _premodifier(name: Span) -> list[Token]:
    """'former Russian President' in 'former Russian President Dmitry Medvedev'."""
    doc, head = name.doc, name_head(name)
    lo = min(head.left_edge.i, name.start)
    tokens = [doc[i] for i in range(lo, name.start) if doc[i].head.i != doc[i].i]
    tokens = _trim(tokens)
    while tokens and fold(tokens[-1].text) in HONORIFICS:
        tokens.pop()
    if not tokens or not _ends_in_title(tokens[-1]):
        return []
    if any(t.ent_type_ in NON_ROLE_LABELS - {"PERSON"} or t.like_num for t in tokens):
        return []
    return tokens


def _ends_in_title(token: Token) -> bool:
    """The word right before a name is a role noun ("President", "golfer", "MP")."""
    if fold(token.text) in TITLE_WORDS:
        return True
    if token.ent_type_ in ("PERSON", "DATE", "TIME"):
        return False
    return token.pos_ == "NOUN" and not token.is_title


def _appositives(head: Token) -> list[list[Token]]:
    """'a close Putin ally' in 'Dmitry Medvedev, a close Putin ally, who ...'."""
    found: list[list[Token]] = []
    for child in head.children:
        if child.dep_ != "appos" or child.ent_type_ in NON_ROLE_LABELS or child.like_num:
            continue
        found.append(_phrase(child))
    return found


def _apposed_to(head: Token) -> list[Token]:
    """'the health minister' in 'the health minister, Jane Doe'."""
    if head.dep_ != "appos" or head.head.pos_ not in ("NOUN", "PROPN"):
        return []
    anchor = head.head
    if anchor.ent_type_ in NON_ROLE_LABELS:
        return []
    return [t for t in _phrase(anchor) if t.i < head.left_edge.i]


def _phrase(head: Token) -> list[Token]:
    """A noun phrase without clauses, further appositives or edge punctuation."""
    skip: set[int] = set()
    for child in head.children:
        if child.dep_ in CLAUSE_DEPS:
            skip.update(t.i for t in child.subtree)
    tokens = [t for t in head.subtree if t.i not in skip]
    run = _contiguous_run(tokens, head)
    return _trim(run, keep_determiner=True)


def _contiguous_run(tokens: list[Token], anchor: Token) -> list[Token]:
    """The unbroken stretch of ``tokens`` around ``anchor``."""
    indices = {t.i for t in tokens}
    lo = hi = anchor.i
    while lo - 1 in indices:
        lo -= 1
    while hi + 1 in indices:
        hi += 1
    doc = anchor.doc
    return [doc[i] for i in range(lo, hi + 1)]


def _trim(tokens: list[Token], keep_determiner: bool = False) -> list[Token]:
    """Drop edge punctuation, prepositions and (unless kept) leading articles."""
    while tokens and (tokens[0].is_punct or tokens[0].dep_ in ("prep", "case", "cc")
                      or (not keep_determiner and fold(tokens[0].text) in _DETERMINERS)):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].dep_ == "cc"):
        tokens = tokens[:-1]
    return tokens


def _relative_roles(head: Token) -> list[Role]:
    """'heads the agency' in 'Jane Doe, who heads the agency'; 'serves as', 'works at'."""
    roles: list[Role] = []
    for clause in head.children:
        if clause.dep_ != "relcl":
            continue
        role = _heading_role(clause) or _copular_role(clause)
        if role is not None:
            roles.append(role)
    return roles


def _heading_role(verb: Token) -> Role | None:
    """'heads the agency' -> title 'head', organisation 'the agency'."""
    title = HEADING_VERBS.get(verb.lemma_.lower())
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if title is None or not objects:
        return None
    obj = _phrase(objects[0])
    doc = verb.doc
    org = _span_text(doc, _trim(list(obj)), keep_possessive=True)
    return Role(text=doc_text(doc)[verb.idx:_end(obj[-1])], start=verb.idx, end=_end(obj[-1]),
                title=title, organization=org, status=None)


def _copular_role(verb: Token) -> Role | None:
    """'is the chief economist at X' or 'serves as X' -> a role from the complement."""
    if verb.lemma_ == "be":
        complements = [c for c in verb.children if c.dep_ == "attr"]
    elif verb.lemma_ in ("serve", "work", "act"):
        complements = [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "as"
                       for g in c.children if g.dep_ == "pobj"]
    else:
        return None
    if not complements or not _has_title_word(complements[0]):
        return None
    return _make_role(_phrase(complements[0]))


def _has_title_word(head: Token) -> bool:
    """A noun phrase whose head or compounds is a known title word."""
    return any(fold(t.text) in TITLE_WORDS for t in (head, *head.lefts))


def _make_role(tokens: list[Token]) -> Role | None:
    """A Role over a token run, with title, organisation and status split out."""
    if not tokens:
        return None
    doc = tokens[0].doc
    head = _role_head(tokens)
    if head is None:
        return None
    start, end = tokens[0].idx, _end(tokens[-1])
    return Role(text=doc_text(doc)[start:end], start=start, end=end, title=_title(tokens, head),
                organization=_organization(tokens, head), status=_status(tokens))


def _role_head(tokens: list[Token]) -> Token | None:
    """The noun a role phrase is about: the token whose head lies outside the phrase."""
    indices = {t.i for t in tokens}
    heads = [t for t in tokens if t.head.i not in indices or t.head.i == t.i]
    nouns = [t for t in heads if t.pos_ in ("NOUN", "PROPN", "ADJ")]
    return nouns[-1] if nouns else None


def _status(tokens: list[Token]) -> str | None:
    """'former', 'acting', 'deputy', 'interim' ... when the role says so."""
    for t in tokens:
        low = t.lower_
        if low in STATUS_WORDS:
            return low
        for prefix in ("ex-", "then-"):
            if low.startswith(prefix):
                return prefix[:-1]
    return None


def _organization(tokens: list[Token], head: Token) -> str | None:
    """The organisation or country a role belongs to: a named entity or 'of/at X'."""
    doc = head.doc
    for prep in head.rights:
        if prep.dep_ == "prep" and prep.lower_ in ORG_PREPS:
            objs = [c for c in prep.children if c.dep_ == "pobj"]
            if objs and _names_organization(objs[0]):
                inside = {t.i for t in tokens}
                phrase = [t for t in _phrase(objs[0]) if t.i in inside]
                if phrase:
                    return _span_text(doc, _trim(phrase), keep_possessive=True)
    for t in tokens:
        if t.ent_type_ in ORG_LABELS and t.ent_iob_ == "B" and not _portfolio_word(t, head):
            ent = next(e for e in doc.ents if e.start == t.i)
            if ent.end <= tokens[-1].i + 1:
                # The NER sometimes takes a leading 'the' into the name; the field never has it.
                return _span_text(doc, _trim(list(ent)))
    owners = [t for t in tokens if t.dep_ == "poss" and t.pos_ == "PROPN"]
    if owners:
        return owners[0].text
    return _proper_run_before_title(tokens, head)


def _proper_run_before_title(tokens: list[Token], head: Token) -> str | None:
    """'Google' in 'Google chief executive': capitalised words right before the title."""
    title_start = head.i
    while title_start - 1 >= tokens[0].i and _title_modifier(head.doc[title_start - 1], head):
        title_start -= 1
    run = [t for t in tokens if t.i < title_start and _proper_modifier(t)]
    if not run or run[-1].i != title_start - 1 or head.i >= tokens[-1].i + 1:
        return None
    start = run[-1].i
    while start - 1 >= tokens[0].i and _proper_modifier(head.doc[start - 1]):
        start -= 1
    return _span_text(head.doc, [head.doc[start], run[-1]])


def _names_organization(token: Token) -> bool:
    """A prepositional object that is an organisation: a name or 'the union'-like noun."""
    return (token.pos_ == "PROPN" or token.ent_type_ in ORG_LABELS
            or token.lemma_.lower() in ORG_NOUNS)


def _title(tokens: list[Token], head: Token) -> str | None:
    """The title proper: the head noun and the title words right before it."""
    if head.ent_type_ in ORG_LABELS and fold(head.text) not in TITLE_WORDS:
        return None
    members = {t.i for t in tokens}
    lo = head.i
    while lo - 1 in members and _title_modifier(head.doc[lo - 1], head):
        lo -= 1
    doc = head.doc
    while lo < head.i and doc[lo].is_punct:
        lo += 1
    return doc_text(doc)[doc[lo].idx:_end(head)]


def _title_modifier(token: Token, head: Token) -> bool:
    """A word before the head that is part of the title ('health', 'Prime', 'Defence')."""
    low = token.lower_
    if _portfolio_word(token, head):
        return True
    if low in STATUS_WORDS or token.ent_type_ in NON_ROLE_LABELS | ORG_LABELS:
        return fold(token.text) in TITLE_WORDS and token.ent_type_ != "PERSON"
    if token.dep_ in ("det", "poss", "case", "punct", "nummod") or token.like_num:
        return token.dep_ == "punct" and token.text in "-‑"
    if token.dep_ == "amod" or token.pos_ == "ADJ" or _proper_modifier(token):
        return fold(token.text) in TITLE_WORDS
    return token.dep_ in TITLE_MOD_DEPS or token.pos_ in ("NOUN", "PROPN")


def _proper_modifier(token: Token) -> bool:
    """A capitalised non-title word before a title: the organisation ('Google', 'Liberal')."""
    low = fold(token.text)
    if low in TITLE_WORDS or low in STATUS_WORDS or low in PORTFOLIO_WORDS:
        return False
    if token.ent_type_ == "PERSON" or not (token.is_title or token.is_upper):
        return False
    # A capitalised adjective opening a sentence ("Senior economist") is not a name.
    return token.pos_ == "PROPN" or bool(token.ent_type_) or not token.is_sent_start


def _portfolio_word(token: Token, head: Token) -> bool:
    """'Defence' in 'Defence Secretary': a portfolio that is part of the title, not an org."""
    return token.i < head.i and fold(token.text) in PORTFOLIO_WORDS


def _span_text(doc: Doc, tokens: list[Token], keep_possessive: bool = False) -> str | None:
    """The text a token run covers, or None."""
    if not tokens:
        return None
    text = doc_text(doc)[tokens[0].idx:_end(tokens[-1])]
    return text if keep_possessive else _strip_possessive_text(text)


def _strip_possessive_text(text: str) -> str:
    """'Canada's' -> 'Canada'."""
    for suffix in ("'s", "’s"):
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return text


def _end(token: Token) -> int:
    """Character end of a token."""
    return token.idx + len(token.text)
