"""Roles the article states for a name: premodifying titles, appositives, "who heads" clauses."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from service.nlp.labels import (
    CLAUSE_DEPS,
    CLAUSE_SUBJECT_DEPS,
    NAME_ONLY_LABELS,
    NON_ROLE_LABELS,
    ORG_LABELS,
    TITLE_MOD_DEPS,
    Dep,
    Ent,
    Pos,
    Tag,
)
from service.nlp.model import Role
from service.nlp.speakers.lexicon import (
    HEADING_VERBS,
    KIN_NOUNS,
    ORG_NOUNS,
    PERSON_NOUNS,
    PORTFOLIO_WORDS,
    SHARED_ROLE_HEADS,
    STATUS_WORDS,
    TITLE_WORDS,
    UNNAMED_NOUNS,
)
from service.nlp.speakers.role_lexicon import (
    ABSTRACT_SUFFIXES,
    AGENT_STEM_LETTERS,
    AGENT_SUFFIXES,
    PARTY_WORDS,
    PERSON_WORDS,
)
from service.nlp.text.doctext import doc_text, entity_of_token
from service.nlp.text.names import HONORIFICS, fold

# Prepositions that attach a role's organisation ("director at X", "president of Y").
ORG_PREPS = frozenset({"of", "at", "for", "with", "in"})
_DETERMINERS = frozenset({"the", "a", "an"})
# Abbreviated titles that are roles, unlike the social honorifics Mr, Mrs and Dr ("Sen.").
TITLE_ABBREVIATIONS = frozenset(
    {"sen", "rep", "gov", "gen", "col", "capt", "sgt", "lt", "cpl", "insp", "supt", "det",
     "const", "cst", "del", "adm", "cmdr", "maj", "atty", "rabbi", "imam", "president",
     "senator", "governor", "representative", "mayor", "premier", "chancellor"}
)
# A party-state tag written beside a name ("D-Ariz.", "R-IN"): a role, not a title.
PARTY_TAG = re.compile(r"^[DRI](-[A-Z][\w. ]*)?$")
# Words the parser reads as appositives of a name that are no roles ("X and Y both think").
QUANTIFIERS = frozenset({"both", "all", "each", "either", "neither", "alone", "himself",
                         "herself", "themselves", "together"})
# The longest caption tag after a name ("Jo Park, chief executive of Acme Corp").
CAPTION_TAG_WORDS = 10
# A party tag or party letter right after a name: ", D-Mich.," or " (R-IN)" or " (D)".
PARTY_AFTER_NAME = re.compile(
    r"\s*[,(]\s*([DRI]-[A-Z][A-Za-z.]*(?: [A-Z][a-z]+)?\.?|[DRI])(?=[),])")
# Abbreviated titles of several people ("Sens. Ann Lee and Bo Tran").
PLURAL_TITLES = frozenset({"sens", "reps", "govs", "drs", "gens"})
# Nouns for people taken together ("refugee family Ann Lee and Bo Tran").
COUPLE_NOUNS = frozenset({"family", "couple", "duo", "pair", "trio", "team", "twins"})
# Nouns that can head the description of a person or of an organisation.
PERSON_OR_BODY_NOUNS = PERSON_NOUNS | TITLE_WORDS | SHARED_ROLE_HEADS | UNNAMED_NOUNS | \
    KIN_NOUNS | ORG_NOUNS | PERSON_WORDS | COUPLE_NOUNS
# Prepositions that tie a name to its organisation or place ("Jo Park with the union").
AFFILIATION_PREPS = frozenset({"of", "with", "at", "from"})
# Hyphens inside a tag such as "D-Ore." (the parser makes them punctuation).
_HYPHENS = frozenset({"-", "‑", "–"})


def roles_of(span: Span) -> list[Role]:
    """Roles stated around one name mention, each once, in text order."""
    return _adjacent_roles(span, checked=False)


def _adjacent_roles(span: Span, checked: bool) -> list[Role]:
    """``roles_of``; ``checked`` drops appositives that are no role of this name (the
    resolver reads them unchecked, as its rules were tuned on)."""
    name = _name_core(span)
    head = name_head(name)
    found: list[Role] = []
    appositives = [c for c in _appositives(head) if not checked or _apposition_role(c, head)]
    premodifier = _premodifier(name)
    if checked and premodifier and not _names_a_position(premodifier[-1]):
        premodifier = []
    for tokens in (premodifier, *(_phrase(c) for c in appositives),
                   _apposed_to(head, checked)):
        role = _make_role(tokens)
        if role is not None:
            found.append(role)
    found.extend(_relative_roles(head))
    return dedupe_roles(found)


def name_head(span: Span) -> Token:
    """The head of a written name: its last word (the parser sometimes hangs a first name
    elsewhere, which makes ``span.root`` the first name)."""
    last = span[-1]
    return last if last.pos_ in (Pos.PROPN, Pos.NOUN) or last.is_title else span.root


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
    """'former Russian President' in 'former Russian President Arkady Volodkin'."""
    doc, head = name.doc, name_head(name)
    lo = min(head.left_edge.i, name.start)
    tokens = [doc[i] for i in range(lo, name.start) if doc[i].head.i != doc[i].i]
    tokens = _trim(tokens)
    while tokens and fold(tokens[-1].text) in HONORIFICS:
        tokens.pop()
    if not tokens or not _ends_in_title(tokens[-1]):
        return []
    if any(t.ent_type_ in NON_ROLE_LABELS - {Ent.PERSON} or t.like_num for t in tokens):
        return []
    return tokens


def _names_a_position(token: Token) -> bool:
    """A title word, or a common noun for a person or body ('golfer', 'councillor'); not
    'cement' in 'and cement McAuliffe's legacy'."""
    return token.pos_ != Pos.NOUN or not token.is_lower or _person_lemma(token)


def _ends_in_title(token: Token) -> bool:
    """The word right before a name is a role noun ("President", "golfer", "MP")."""
    if fold(token.text) in TITLE_WORDS:
        return True
    if token.ent_type_ in (Ent.PERSON, Ent.DATE, Ent.TIME):
        return False
    return token.pos_ == Pos.NOUN and not token.is_title


def _appositives(head: Token) -> list[Token]:
    """The heads of appositives such as 'a close Lukin ally' in 'Arkady Volodkin, a close
    Lukin ally, who ...'."""
    return [c for c in head.children
            if c.dep_ == Dep.APPOS and c.ent_type_ not in NON_ROLE_LABELS and not c.like_num]


def _set_beside(child: Token, head: Token) -> bool:
    """An appositive right after the name, or after what else the name carries there (its
    tag, age, 'of Alabama', another appositive), set off by punctuation only; a phrase past
    a clause of the name is the parser joining what the writer did not ('Stein, who missed
    the debates' 15 percent threshold')."""
    if child.i < head.i:
        return True
    doc = head.doc
    between = {t.i for c in head.children if head.i < c.i < child.i and c.dep_ in BESIDE_DEPS
               for t in c.subtree}
    return all(k in between or doc[k].is_punct or doc[k].is_space
               for k in range(head.i + 1, child.left_edge.i))


def _apposition_role(child: Token, head: Token) -> bool:
    """An appositive that is a role of this name: set beside it, not a headline word, not the
    next name of a list ('A, B and C'), and not beside a later name of a coordination ('A and
    B, the envoy')."""
    if not _set_beside(child, head) or _headline(child):
        return False
    if child.pos_ == Pos.PROPN and any(c.dep_ == Dep.CONJ for c in child.children):
        return False
    return not any(c.dep_ == Dep.CONJ and c.pos_ == Pos.PROPN and head.i < c.i < child.i
                   for c in head.children)


def _apposed_to(head: Token, checked: bool = False) -> list[Token]:
    """'the health minister' in 'the health minister, Jane Doe'; ``checked``: also 'one of
    the family's lawyers, X', and not 'With 50 days until the election, X' or a dateline."""
    if head.dep_ != Dep.APPOS:
        return []
    anchor = head.head
    if checked and _partitive(anchor):
        return [t for t in _phrase(anchor) if t.i < head.left_edge.i]
    if anchor.pos_ not in (Pos.NOUN, Pos.PROPN) or anchor.ent_type_ in NON_ROLE_LABELS:
        return []
    if checked and (not person_or_body_noun(anchor) or _dateline(anchor)):
        return []
    return [t for t in _phrase(anchor) if t.i < head.left_edge.i]


# What a name can carry between itself and an appositive ('Jo Park of Ohio, 52, the chair').
BESIDE_DEPS = frozenset({Dep.APPOS, Dep.PREP, Dep.NUMMOD, Dep.PUNCT, Dep.CC, Dep.CONJ})



def person_or_body_noun(token: Token) -> bool:
    """A noun that can stand for a person or a body: a name, a known person, title or
    organisation word, or an agentive form ('broker', 'strategist'); not 'the election'."""
    if token.pos_ == Pos.PROPN or token.ent_type_ in ORG_LABELS:
        return token.tag_ not in (Tag.NNS, Tag.NNPS) or token.ent_type_ in ORG_LABELS
    return token.tag_ not in (Tag.NNS, Tag.NNPS) and _person_lemma(token)


def _person_lemma(token: Token) -> bool:
    """Whether the lemma (or a part of a hyphenated one) names a person, a title or a body."""
    return any(_person_word(part) for part in re.split(r"[-‑]", fold(token.lemma_)) if part)


def _person_word(word: str) -> bool:
    """One word (of a hyphenated noun) that names a person, a title or a body."""
    if word in PERSON_OR_BODY_NOUNS:
        return True
    if word.endswith(ABSTRACT_SUFFIXES):
        return False
    return any(word.endswith(s) and len(word) - len(s) >= AGENT_STEM_LETTERS
               for s in AGENT_SUFFIXES)


def _dateline(token: Token) -> bool:
    """A word of a dateline ('TROUT BROOK, N.B. — Jo Park ...'): capitals opening a line."""
    text = doc_text(token.doc)
    start = text.rfind("\n", 0, token.idx) + 1
    words = text[start:token.idx + len(token.text)].split()
    return bool(words) and all(w.isupper() and len(w) > 1 for w in words)


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
    while tokens and (tokens[0].is_punct or tokens[0].dep_ in (Dep.PREP, Dep.CASE, Dep.CC)
                      or (not keep_determiner and fold(tokens[0].text) in _DETERMINERS)):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].dep_ == Dep.CC):
        tokens = tokens[:-1]
    return tokens


def _relative_roles(head: Token) -> list[Role]:
    """'heads the agency' in 'Jane Doe, who heads the agency'; 'serves as', 'works at'."""
    roles: list[Role] = []
    for clause in head.children:
        if clause.dep_ != Dep.RELCL:
            continue
        role = _heading_role(clause) or _copular_role(clause)
        if role is not None:
            roles.append(role)
    return roles


def _heading_role(verb: Token) -> Role | None:
    """'heads the agency' -> title 'head', organisation 'the agency'."""
    title = HEADING_VERBS.get(verb.lemma_.lower())
    objects = [c for c in verb.children if c.dep_ == Dep.DOBJ]
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
        complements = [c for c in verb.children if c.dep_ == Dep.ATTR]
    elif verb.lemma_ in ("serve", "work", "act"):
        complements = [g for c in verb.children if c.dep_ == Dep.PREP and c.lower_ == "as"
                       for g in c.children if g.dep_ == Dep.POBJ]
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
    org = _organization(tokens, head)
    nationality = org if org is not None and _nationality(tokens, head, org) else None
    title = _title(tokens, head) if head.pos_ != Pos.ADJ else None  # 'nonpartisan': no title
    return Role(text=doc_text(doc)[start:end], start=start, end=end, title=title,
                organization=None if nationality else org, status=_status(tokens),
                nationality=nationality)


def _nationality(tokens: list[Token], head: Token, org: str) -> bool:
    """'Russian' in 'former Russian President' or 'the top-ranked Norwegian': a people's word,
    not an organisation (a party such as 'Liberal' or 'Democratic' stays an organisation)."""
    words = [t for t in tokens if t.text == org]
    return bool(words) and all(t.ent_type_ == Ent.NORP and fold(t.text) not in PARTY_WORDS
                               and (t.i == head.i or (t.i < head.i and t.dep_ in TITLE_MOD_DEPS))
                               for t in words)


def _role_head(tokens: list[Token]) -> Token | None:
    """The noun a role phrase is about: the token whose head lies outside the phrase."""
    indices = {t.i for t in tokens}
    heads = [t for t in tokens if t.head.i not in indices or t.head.i == t.i]
    nouns = [t for t in heads if t.pos_ in (Pos.NOUN, Pos.PROPN, Pos.ADJ)]
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
        if prep.dep_ == Dep.PREP and prep.lower_ in ORG_PREPS:
            objs = [c for c in prep.children if c.dep_ == Dep.POBJ]
            if objs and _names_organization(objs[0]):
                inside = {t.i for t in tokens}
                phrase = [t for t in _phrase(objs[0]) if t.i in inside]
                if phrase:
                    return _span_text(doc, _trim(phrase), keep_possessive=True)
    for t in tokens:
        if t.ent_type_ in ORG_LABELS and t.ent_iob_ == "B" and not _portfolio_word(t, head):
            start, end = entity_of_token(doc)[t.i]
            ent = doc[start:end]
            if ent.end <= tokens[-1].i + 1:
                # The NER sometimes takes a leading 'the' into the name; the field never has it.
                return _span_text(doc, _trim(list(ent)))
    owners = [t for t in tokens if t.dep_ == Dep.POSS and t.pos_ == Pos.PROPN]
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
    return (token.pos_ == Pos.PROPN or token.ent_type_ in ORG_LABELS
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
    """A word before the head that is part of the title ('health', 'Prime', 'Defence'); not
    the count of 'two-time' or 'first-term'."""
    low = token.lower_
    if _portfolio_word(token, head):
        return True
    doc = token.doc
    if token.i >= 2 and doc[token.i - 1].text in _HYPHENS and _count_word(doc[token.i - 2]):
        return False
    if low in STATUS_WORDS or token.ent_type_ in NON_ROLE_LABELS | ORG_LABELS:
        return fold(token.text) in TITLE_WORDS and token.ent_type_ != Ent.PERSON
    if token.dep_ in (Dep.DET, Dep.POSS, Dep.CASE, Dep.PUNCT, Dep.NUMMOD) or token.like_num:
        return token.dep_ == Dep.PUNCT and token.text in "-‑"
    if token.dep_ == Dep.AMOD or token.pos_ == Pos.ADJ or _proper_modifier(token):
        return fold(token.text) in TITLE_WORDS
    return token.dep_ in TITLE_MOD_DEPS or token.pos_ in (Pos.NOUN, Pos.PROPN)


def _proper_modifier(token: Token) -> bool:
    """A capitalised non-title word before a title: the organisation ('Google', 'Liberal')."""
    low = fold(token.text)
    if low in TITLE_WORDS or low in STATUS_WORDS or low in PORTFOLIO_WORDS or token.like_num:
        return False
    if token.ent_type_ == Ent.PERSON or not (token.is_title or token.is_upper):
        return False
    # A capitalised adjective opening a sentence ("Senior economist") is not a name.
    return token.pos_ == Pos.PROPN or bool(token.ent_type_) or not token.is_sent_start


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


def stated_roles(span: Span) -> list[Role]:
    """Every role written beside one name mention: ``roles_of`` plus the kinds it leaves out
    (bare titles, organisation premodifiers, appositive chains, affiliations, predicates)."""
    name = _name_core(_whole_name(span))
    head = name_head(name)
    found: list[Role] = []
    runs = [_full_premodifier(name), *_appositive_chain(head), *_affiliations(head)]
    runs.extend(_shared_premodifier(head))
    runs.extend(_without_leading_adverbs(_tag_phrase(t)) for t in _unmarked_appositives(head))
    runs.append(_caption_tag(name))
    for tokens in runs:
        role = _role_over(_with_prefix(tokens)) if tokens else None
        if role is not None:
            found.append(role)
    found.extend(_clause_roles(head))
    found = _prefer_wider(found)
    # The name-adjacent roles coreference reads, where these rules found nothing there.
    found.extend(r for r in _adjacent_roles(span, checked=True)
                 if not any(_overlap(r, o) for o in found))
    return dedupe_spans(r for r in found if not _only_a_name(span, r))


def _whole_name(span: Span) -> Span:
    """The name with the given names the NER left out ('Azfar' of 'Azfar Ali Khan'):
    capitalised compounds of the name that are no title, honorific or possessive."""
    doc = span.doc
    start = span.start
    while start > 0:
        prev = doc[start - 1]
        if prev.pos_ != Pos.PROPN or prev.dep_ != Dep.COMPOUND or prev.ent_type_ or \
                not span.start <= prev.head.i < span.end or _is_title_like(prev) or \
                _is_title_abbreviation(prev):
            break
        start -= 1
    return doc[start:span.end]


def _overlap(one: Role, other: Role) -> bool:
    """Whether two roles share a character."""
    return one.start < other.end and other.start < one.end


def _only_a_name(name: Span, role: Role) -> bool:
    """A 'role' that is just another name: an acronym in brackets ('(HSA)'), a caption credit
    or a dateline before the name, a place or person beside it, a handle ('@jo_park'). An
    organisation after a name ('Jo Park, Flatfinder.ca'), a possessive or a party tag is a role."""
    doc = name.doc
    if role.text.startswith("@") or fold(role.text) in QUANTIFIERS:
        return True
    if PARTY_TAG.match(role.text) or role.text.endswith(("'s", "’s", "'", "’")):
        return False
    tokens = [t for t in doc.char_span(role.start, role.end, alignment_mode="expand") or []
              if not t.is_punct and fold(t.text) not in _DETERMINERS]
    if not tokens or any(fold(t.text) in TITLE_WORDS | TITLE_ABBREVIATIONS for t in tokens) \
            or not all(t.ent_type_ in NAME_ONLY_LABELS and t.pos_ == Pos.PROPN for t in tokens):
        return False
    bracketed = doc_text(doc)[max(0, role.start - 1):role.start] == "("
    after_name = role.start >= name.end_char
    organisation = all(t.ent_type_ == Ent.ORG for t in tokens)
    return bracketed or not after_name or not organisation


def _role_over(tokens: list[Token]) -> Role | None:
    """A Role over a token run; one with only its text when no title can be split out."""
    if not tokens:
        return None
    start, end = tokens[0].idx, _end(tokens[-1])
    text = doc_text(tokens[0].doc)[start:end]
    if PARTY_TAG.match(text) or tokens[0].dep_ == Dep.PREP:
        org = _span_text(tokens[0].doc, _trim(tokens[1:])) if tokens[0].dep_ == Dep.PREP else None
        return Role(text=text, start=start, end=end, organization=org)
    role = _make_role(tokens)
    if role is None:
        return Role(text=text, start=start, end=end)
    if _hyphenated_title(tokens):
        word = tokens[-1].i
        while word > tokens[0].i and not tokens[0].doc[word - 1].whitespace_:
            word -= 1
        start_word = tokens[0].doc[word].idx
        return replace(role, title=doc_text(tokens[0].doc)[start_word:end], organization=None)
    return _numbered_organization(tokens, _portfolio_title(tokens, role))


def _portfolio_title(tokens: list[Token], role: Role) -> Role:
    """'Secretary of State': the portfolio after 'of' is part of the title."""
    last = tokens[-1]
    if not _of_title(tokens) or fold(last.text) not in PORTFOLIO_WORDS:
        return role
    title_start = last.head.head
    doc = last.doc
    title = doc_text(doc)[title_start.idx:_end(last)]
    return replace(role, title=title, organization=None)


def _numbered_organization(tokens: list[Token], role: Role) -> Role:
    """'Local 2171' in 'Local 2171 president': a numbered body owns the title."""
    numbers = [t for t in tokens if _numbered_local(t)]
    if not numbers or role.organization is not None:
        return role
    number = numbers[0]
    doc = number.doc
    return replace(role, organization=doc_text(doc)[doc[number.i - 1].idx:_end(number)])


def _with_prefix(tokens: list[Token]) -> list[Token]:
    """Take back a hyphenated prefix the parse split off ('Co-' of 'Co-hosts')."""
    if not tokens:
        return tokens
    doc = tokens[0].doc
    lo = tokens[0].i
    while lo >= 2 and doc[lo - 1].text in _HYPHENS and not doc[lo - 1].whitespace_ and \
            not doc[lo - 2].whitespace_ and doc[lo - 2].is_alpha:
        lo -= 2
    return [doc[i] for i in range(lo, tokens[0].i)] + tokens


def dedupe_spans(roles: Iterable[Role]) -> list[Role]:
    """Keep one role per span (offsets), in text order."""
    kept: dict[tuple[int, int], Role] = {}
    for role in sorted(roles, key=lambda r: (r.start, r.end)):
        kept.setdefault((role.start, role.end), role)
    return list(kept.values())


def _prefer_wider(roles: list[Role]) -> list[Role]:
    """Drop a role lying inside a wider one found at the same mention ('Ore.' in 'D-Ore.')."""
    return [r for r in roles if not any(o is not r and o.start <= r.start and r.end <= o.end
                                         and (o.start, o.end) != (r.start, r.end)
                                         for o in roles)]


def _full_premodifier(name: Span) -> list[Token]:
    """The words before a name that make its role, keeping titles such as 'Sen.' and
    organisations ('CBC's', 'Secretary of State')."""
    doc, head = name.doc, name_head(name)
    # 'the event organizer Alliance to Reclaim Our Schools': the name's head is its first word.
    root = name.root if name.start <= name.root.i < name.end else head
    lo = min(head.left_edge.i, root.left_edge.i, name.start)
    tokens = _trim([doc[i] for i in range(lo, name.start) if doc[i].head.i != doc[i].i])
    while tokens and _social_honorific(tokens[-1]):
        tokens.pop()
    tokens = _after_last_break(tokens)
    if not tokens or any(t.ent_type_ in NON_ROLE_LABELS - {Ent.PERSON} or t.like_num
                         for t in tokens if not _numbered_local(t) and not _count_word(t)):
        return []
    if (_ends_in_title(tokens[-1]) and _names_a_position(tokens[-1])) or \
            _is_title_abbreviation(tokens[-1]) or _hyphenated_title(tokens):
        return tokens
    if _of_title(tokens) or _possessive_org(tokens) or _described_body(tokens, name):
        return tokens
    return []


def _described_body(tokens: list[Token], name: Span) -> bool:
    """'the nonpartisan Tax Policy Center', 'North Korea's state-run KCNA news agency':
    adjectives that say what kind of body a name of a body ('Center', 'agency') is."""
    last = tokens[-1]
    return all(t.ent_type_ in (Ent.ORG, Ent.FAC) for t in name) and \
        any(fold(t.lemma_) in ORG_NOUNS for t in name) and \
        last.pos_ == Pos.ADJ and last.is_lower and fold(last.text) not in VAGUE_ADJECTIVES


def _count_word(token: Token) -> bool:
    """A number glued into a modifier of the title ('two-time', 'first-term', '9/11'),
    not an age or a date beside it."""
    doc = token.doc
    glued = not token.whitespace_ and token.i + 1 < len(doc) and doc[token.i + 1].text in _HYPHENS
    return glued or "/" in token.text or token.ent_type_ == Ent.ORDINAL


def _hyphenated_title(tokens: list[Token]) -> bool:
    """'Sergeant-at-Arms', 'Editor-in-Chief': one written word, split by the tokenizer, that
    opens with a title."""
    k = len(tokens) - 1
    while k > 0 and not tokens[k - 1].whitespace_:
        k -= 1
    word = tokens[k:]
    return len(word) > 2 and any(t.text in _HYPHENS for t in word) and \
        fold(word[0].text) in TITLE_WORDS


def _after_last_break(tokens: list[Token]) -> list[Token]:
    """Tokens after the last line break or comma (a caption credit before a title)."""
    for k in range(len(tokens) - 1, -1, -1):
        tok = tokens[k]
        if "\n" in tok.whitespace_ or "\n" in tok.text or tok.text in (",", ";", ":", "(", ")"):
            return _trim(tokens[k + 1:])
    return tokens


def _social_honorific(token: Token) -> bool:
    """Mr, Mrs, Dr and the like: honorifics that are no role."""
    return fold(token.text) in HONORIFICS and not _is_title_abbreviation(token)


def _is_title_abbreviation(token: Token) -> bool:
    """'Sen.', 'Gov.', 'Rep.': a title written short."""
    return fold(token.text) in TITLE_ABBREVIATIONS


def _numbered_local(token: Token) -> bool:
    """The number of a union local or district ('Local 2171 president')."""
    return token.like_num and token.i > 0 and token.doc[token.i - 1].is_title


def _of_title(tokens: list[Token]) -> bool:
    """'Secretary of State': a title whose organisation follows it with 'of'."""
    last = tokens[-1]
    prep = last.head
    return last.dep_ == Dep.POBJ and prep.lower_ == "of" and prep.head in tokens and \
        fold(prep.head.text) in TITLE_WORDS


def _possessive_org(tokens: list[Token]) -> bool:
    """"CBC's" before a name: the organisation the person works for."""
    return len(tokens) >= 2 and tokens[-1].tag_ == Tag.POS and \
        all(t.ent_type_ in ORG_LABELS or (t.pos_ == Pos.PROPN and t.ent_type_ != Ent.PERSON)
            for t in tokens[:-1])


def _caption_tag(name: Span) -> list[Token]:
    """'Flatfinder.ca' in a line that is only 'Jo Park, Flatfinder.ca': a caption or pull-quote tag
    naming the person's title or employer."""
    doc = name.doc
    before = doc[name.start - 1] if name.start else None
    if before is not None and "\n" not in before.text + before.whitespace_ and \
            before.text not in (".", "!", "?"):
        return []
    if name.end >= len(doc) or doc[name.end].text != ",":
        return []
    tokens: list[Token] = []
    for token in doc[name.end + 1:]:
        if "\n" in token.text:
            break
        tokens.append(token)
        if "\n" in token.whitespace_:
            break
    if not tokens or len(tokens) > CAPTION_TAG_WORDS or any(t.pos_ in (Pos.VERB, Pos.AUX)
                                                            for t in tokens):
        return []
    return _trim(tokens, keep_determiner=True)


def _shared_premodifier(head: Token) -> list[list[Token]]:
    """'co-hosts Ann Lee and Bo Tran': the second name shares the first one's title."""
    if head.dep_ != Dep.CONJ or head.head.pos_ != Pos.PROPN:
        return []
    first = head.head
    doc = head.doc
    start = first.i
    while start > 0 and doc[start - 1].head.i == first.i and doc[start - 1].ent_type_ == Ent.PERSON:
        start -= 1
    tokens = _full_premodifier(doc[start:first.i + 1])
    # Only a plural title is shared ('co-hosts', 'Sens.'); 'U.S. President X and Y' is not.
    last = fold(tokens[-1].text) if tokens else ""
    if tokens and (tokens[-1].tag_ in (Tag.NNS, Tag.NNPS) or last in PLURAL_TITLES | COUPLE_NOUNS):
        return [tokens]
    return []


def _appositive_chain(head: Token) -> list[list[Token]]:
    """Appositives of a name and of its appositives ('Jo Park, D-Ohio, the chair of X')."""
    found: list[list[Token]] = []
    todo = [head]
    seen: set[int] = set()
    while todo:
        token = todo.pop()
        for child in token.children:
            if child.dep_ != Dep.APPOS or child.i in seen:
                continue
            seen.add(child.i)
            partitive = _partitive(child)
            if (child.pos_ in (Pos.PROPN, Pos.NUM) or child.like_num) and not partitive:
                todo.append(child)  # a tag ('D-Ore.') or an age passes the chain on
            if (child.ent_type_ in NON_ROLE_LABELS and not _title_word(child) and
                    not partitive) or (child.like_num and not partitive) or \
                    child.text.startswith("@") or not _apposition_role(child, token):
                continue
            found.append(_with_stray_preposition(_tag_phrase(child), token))
            # 'a former nurse and a school trustee': each conjunct is a role.
            found.extend(_phrase(c) for c in child.children
                         if c.dep_ == Dep.CONJ and c.pos_ == Pos.NOUN and _predicative_noun(c))
    return found


def _with_stray_preposition(phrase: list[Token], name: Token) -> list[Token]:
    """An appositive with the 'for X' / 'of X' right after it that the parser hung on the name
    ('Arne Toft, Liberal MLA for Kestrel Bay')."""
    if not phrase:
        return phrase
    doc = name.doc
    nxt = phrase[-1].i + 1
    if nxt >= len(doc) or doc[nxt].head.i != name.i or doc[nxt].dep_ != Dep.PREP or \
            doc[nxt].lower_ not in ORG_PREPS or not _title_word(_role_head(phrase) or phrase[-1]):
        return phrase
    tail: list[Token] = []
    for t in doc[nxt:doc[nxt].right_edge.i + 1]:
        if t.text in (",", ";", "(", "—", "–") or t.dep_ in CLAUSE_DEPS - {Dep.PUNCT}:
            break  # up to the comma before 'who ...'
        tail.append(t)
    tail = _trim(tail)
    return phrase + [doc[k] for k in range(nxt, tail[-1].i + 1)] if tail else phrase


def _partitive(token: Token) -> bool:
    """'one of the president's closest aides': a number that picks a member of a group of
    people, not an age."""
    return fold(token.text) == "one" and any(
        c.dep_ == Dep.PREP and c.lower_ == "of" and
        any(o.dep_ == Dep.POBJ and _person_lemma(o) for o in c.children)
        for c in token.children)


def _title_word(token: Token) -> bool:
    """A known title noun ('MLA', 'Strategist'), whatever entity label the NER gave it."""
    return fold(token.text) in TITLE_WORDS or fold(token.lemma_) in TITLE_WORDS


def _unmarked_appositives(head: Token) -> list[Token]:
    """Appositives the parser read as something else: a title after a comma taken for a
    conjunct ('Hussein Sayed, Chief Market Strategist at FXTM, said') and a noun phrase set
    beside the name as a second subject of its verb ('Schuh – the chair of X – developed',
    'Now a six-year veteran, Levine is')."""
    doc = head.doc
    found: list[Token] = []
    for conj in head.children:
        if conj.dep_ == Dep.CONJ and _title_word(conj) and head.i < conj.i and \
                not any(doc[k].dep_ == Dep.CC for k in range(head.i + 1, conj.i)) and \
                doc[conj.left_edge.i - 1].text == ",":
            found.append(conj)
    if head.dep_ in (Dep.NSUBJ, Dep.NSUBJPASS):
        for other in head.head.children:
            if other.i != head.i and other.dep_ in (Dep.NSUBJ, Dep.NSUBJPASS) and \
                    other.pos_ == Pos.NOUN and person_or_body_noun(other) and \
                    _beside_only_punctuation(head, other):
                found.append(other)
    return found


def pronoun_roles(pronoun: Token) -> list[Role]:
    """Roles stated of a pronoun that stands for the speaker: its predicates ('She is the
    board's chair') and a noun phrase set beside it ('In 2012, again the party's nominee,
    she was arrested')."""
    found = predicate_roles(pronoun)
    for token in _unmarked_appositives(pronoun):
        role = _role_over(_without_leading_adverbs(_tag_phrase(token)))
        if role is not None:
            found.append(role)
    return found


def _without_leading_adverbs(tokens: list[Token]) -> list[Token]:
    """'a six-year veteran' of 'Now a six-year veteran': the time adverb is no part of it."""
    k = 0
    while k < len(tokens) and tokens[k].dep_ == Dep.ADVMOD:
        k += 1
    return tokens[k:]


def _beside_only_punctuation(head: Token, other: Token) -> bool:
    """Whether the phrase of ``other`` touches the name with only punctuation between."""
    doc = head.doc
    if other.i > head.i:
        gap = range(head.i + 1, other.left_edge.i)
    else:
        gap = range(other.right_edge.i + 1, head.left_edge.i)
    return len(gap) > 0 and all(doc[k].is_punct for k in gap)


def _tag_phrase(head: Token) -> list[Token]:
    """An appositive phrase, keeping the hyphen of a party tag ('D-Ore.') and ending before
    a further appositive of its own ('an owner of X, a bakery in Y')."""
    phrase = _phrase(head)
    for k, token in enumerate(phrase):
        if k and token.text == "," and any(t.dep_ == Dep.APPOS for t in phrase[k + 1:]):
            phrase = _trim(phrase[:k], keep_determiner=True)
            break
    doc = head.doc
    lo = phrase[0].i if phrase else head.i
    while lo >= 2 and doc[lo - 1].text in _HYPHENS and doc[lo - 2].head.i == head.i and \
            not doc[lo - 1].whitespace_:
        lo -= 2
    return [doc[i] for i in range(lo, (phrase[-1].i if phrase else head.i) + 1)]


def _affiliations(head: Token) -> list[list[Token]]:
    """'with the county' in 'Tim Guest with the county': a preposition tying name and body."""
    found: list[list[Token]] = []
    for prep in head.rights:
        if prep.dep_ != Dep.PREP or prep.lower_ not in AFFILIATION_PREPS:
            continue
        if head.dep_ == Dep.POBJ and prep.lower_ != "of":
            continue  # 'a coach to Jo Park at X': the place is the phrase's, not the name's
        objects = [c for c in prep.children if c.dep_ == Dep.POBJ]
        if objects and _names_organization(objects[0]) and \
                objects[0].ent_type_ not in NON_ROLE_LABELS:
            found.append([prep, *_phrase(objects[0])])
    return found


def _clause_roles(head: Token) -> list[Role]:
    """Relative clauses that state a job or affiliation, and predicates of the name."""
    roles: list[Role] = []
    # 'Jo Park, a chemist who runs the X lab': the clause hangs on the appositive.
    holders = [head, *(c for c in head.children if c.dep_ == Dep.APPOS and c.pos_ == Pos.NOUN)]
    for holder in holders:
        for clause in holder.children:
            if clause.dep_ == Dep.RELCL and _states_affiliation(clause):
                role = _clause_role(clause)
                if role is not None:
                    roles.append(role)
    roles.extend(predicate_roles(head))
    party = _party_tag_after(head)
    if party is not None:
        roles.append(party)
    return roles


def _party_tag_after(head: Token) -> Role | None:
    """'(D-Ore.)' or ', R-Neb.,' right after a name, however the parser attached it."""
    doc = head.doc
    text = doc_text(doc)
    after = head.idx + len(head.text)
    match = PARTY_AFTER_NAME.match(text, after)
    if match is None:
        return None
    start, end = match.span(1)
    return Role(text=text[start:end], start=start, end=end)


# Adjectives before an organisation's name that say nothing of what it is ("the same Acme").
VAGUE_ADJECTIVES = frozenset({"same", "other", "new", "old", "whole", "entire", "own", "very",
                              "such", "only", "main", "usual", "certain", "various", "several"})
# Verbs of a relative clause that say where someone works or what they are.
AFFILIATION_VERBS = frozenset(
    {"be", "serve", "work", "head", "lead", "chair", "run", "direct", "manage", "oversee",
     "represent", "found", "own", "coach", "captain", "edit", "teach", "study", "attend",
     "graduate", "play", "join", "become", "hold", "co-found", "cofound", "research",
     "specialize", "specialise", "sit", "advise", "investigate", "cover", "chairs", "helm",
     "involve", "spend", "belong", "volunteer", "operate", "train", "practise",
     "practice", "organize", "organise", "co-chair", "co-own", "start", "launch"}
)


def _states_affiliation(verb: Token) -> bool:
    """A 'who' clause whose verb says what the person is or where they work."""
    subjects = [c for c in verb.children if c.dep_ in (Dep.NSUBJ, Dep.NSUBJPASS)]
    if not subjects or subjects[0].lower_ not in ("who", "which"):
        return False
    if verb.lemma_ == "be":
        return any(c.dep_ == Dep.ATTR and _role_like(c) for c in verb.children)
    objects = [c for c in verb.children if c.dep_ == Dep.DOBJ]
    places = [o for c in verb.children if c.dep_ == Dep.PREP for o in c.children
              if o.dep_ == Dep.POBJ]
    return verb.lemma_.lower() in AFFILIATION_VERBS and \
        (all(_a_body(o) for o in objects) or any(_a_body(p) for p in places))


def _a_body(token: Token) -> bool:
    """An object that can be where someone works or what they belong to: a name, a body
    or people ('attended Harvard', 'runs a shelter', 'represents paramedics'); not 'attended
    the session' (unless a body follows: 'studies tax policy at the X Institute')."""
    return token.pos_ == Pos.PROPN or token.ent_type_ in ORG_LABELS or _person_lemma(token) or \
        any(t.pos_ == Pos.PROPN for t in token.lefts)


def _clause_role(verb: Token) -> Role | None:
    """The relative clause from its pronoun to its end, as a role, with the title and
    organisation of the job it states ('who heads the agency': head, the agency)."""
    tokens = _trim(list(verb.subtree))
    if not tokens or tokens[0].lower_ not in ("who", "which"):
        return None
    doc = verb.doc
    start, end = tokens[0].idx, _end(tokens[-1])
    inner = _heading_role(verb) or _copular_role(verb)
    if inner is None:
        return Role(text=doc_text(doc)[start:end], start=start, end=end)
    return Role(text=doc_text(doc)[start:end], start=start, end=end, title=inner.title,
                organization=inner.organization, status=inner.status)


# Verbs whose object complement names a role ("was named director", "appointed envoy").
NAMING_VERBS = frozenset({"name", "appoint", "elect", "make", "hire", "select", "choose",
                          "promote", "nominate", "install", "confirm", "crown", "sworn"})
# Modals under which a predicate is a guess or a wish, not a role held ("would be", "could be").
HYPOTHETICAL_MODALS = frozenset({"would", "could", "might", "may", "should", "must", "'d", "’d"})
# Prepositions whose object is a role the subject holds ("resigned as coach").
ROLE_PREPS = frozenset({"as"})


def predicate_roles(subject: Token) -> list[Role]:
    """Roles predicated of a subject: 'X is the chief economist', 'X resigned as coach of Y',
    'X was named director of Z'; also 'his role as CEO' for a possessive."""
    verb = subject.head
    roles: list[Role] = []
    if subject.dep_ == Dep.POSS:
        roles.extend(_as_roles(verb))
        return roles
    if subject.dep_ not in (Dep.NSUBJ, Dep.NSUBJPASS) or verb.pos_ not in (Pos.VERB, Pos.AUX):
        return roles
    roles.extend(_verb_roles(verb, subject.dep_ == Dep.NSUBJPASS))
    # 'X finished third in 2017 but is now the top-ranked Canadian': a copula sharing X.
    for conj in verb.children:
        if conj.dep_ == Dep.CONJ and conj.lemma_ == "be" and \
                not any(c.dep_ in CLAUSE_SUBJECT_DEPS for c in conj.children):
            roles.extend(_verb_roles(conj, any(c.dep_ == Dep.AUXPASS for c in conj.children)))
    return roles


def _verb_roles(verb: Token, passive: bool) -> list[Role]:
    """The roles one verb predicates of its subject (``passive``: the subject is its object)."""
    roles: list[Role] = []
    if any(c.dep_ == Dep.NEG for c in verb.children) or _hypothetical(verb):
        return roles
    naming = passive and verb.lemma_.lower() in NAMING_VERBS
    for child in verb.children:
        if roles:
            break  # one complement: a second 'attr' is the parser's reading of an appositive
        complement = (child.dep_ == Dep.ATTR and verb.lemma_ == "be") or \
            (naming and child.dep_ in (Dep.OPRD, Dep.XCOMP, Dep.ATTR))
        if complement and child.pos_ in (Pos.NOUN, Pos.PROPN) and _predicative_noun(child):
            role = _predicate_role(child)
            if role is not None:
                roles.append(role)
    if verb.lemma_ == "be":
        roles.extend(_membership_roles(verb))
    roles.extend(_as_roles(verb))
    return roles or _infinitive_roles(verb)


def _hypothetical(verb: Token) -> bool:
    """'X would be an exciting candidate': a modal that states no role the subject holds."""
    return any(c.dep_ == Dep.AUX and c.tag_ == Tag.MD and fold(c.text) in HYPOTHETICAL_MODALS
               for c in verb.children)


def _infinitive_roles(verb: Token) -> list[Role]:
    """'X is expected to be the favourite': the complement of an infinitive 'be'."""
    found: list[Role] = []
    for clause in verb.children:
        if clause.dep_ != Dep.XCOMP or clause.lemma_ != "be":
            continue
        for child in clause.children:
            if child.dep_ == Dep.ATTR and child.pos_ in (Pos.NOUN, Pos.PROPN) and \
                    _predicative_noun(child):
                role = _predicate_role(child)
                if role is not None:
                    found.append(role)
    return found


# Prepositions of "X is on the board", "X is from the Birch Lake band", "X is with the union".
MEMBERSHIP_PREPS = frozenset({"on", "with", "from", "at", "for"})
# At most this many words from the copula to its preposition ("is now on the board").
MEMBERSHIP_GAP = 3
# Words (of four letters or more) that make a title-case line a headline.
HEADLINE_WORDS = 3
# Nouns of bodies one sits on or plays for ("on the library board").
BODY_NOUNS = frozenset({"team", "board", "council", "committee", "staff", "panel", "squad",
                        "roster", "faculty", "bench", "executive", "caucus", "cabinet"})


def _membership_roles(verb: Token) -> list[Role]:
    """'is on the library board', 'is from the Birch Lake band': where the subject belongs."""
    roles: list[Role] = []
    for prep in verb.children:
        if prep.dep_ != Dep.PREP or prep.lower_ not in MEMBERSHIP_PREPS or \
                not 0 < prep.i - verb.i <= MEMBERSHIP_GAP:
            continue
        objects = [c for c in prep.children if c.dep_ == Dep.POBJ]
        if not objects:
            continue
        obj = objects[0]
        body = obj.lemma_.lower() in BODY_NOUNS | ORG_NOUNS or \
            (obj.ent_type_ in (Ent.ORG, Ent.NORP) and obj.pos_ == Pos.PROPN)
        if body:
            role = _role_over([prep, *_phrase(obj)])
            if role is not None:
                roles.append(role)
    return roles


def _predicative_noun(token: Token) -> bool:
    """A complement that can be a role: a noun phrase, not an age, a date or a pronoun."""
    if token.ent_type_ in NON_ROLE_LABELS or token.like_num or token.pos_ == Pos.ADJ:
        return False
    return token.lower_ not in ("one", "it", "this", "that", "what", "who", "part")


def _as_roles(head: Token) -> list[Role]:
    """'as coach of the Harriers' under a verb or noun: the role phrase after 'as'."""
    roles: list[Role] = []
    if any(c.dep_ in (Dep.DOBJ, Dep.NEG) for c in head.children):
        return roles  # 'appointed him as envoy', 'described it as X': about the object
    for prep in head.children:
        if prep.dep_ == Dep.PREP and prep.lower_ in ROLE_PREPS:
            for obj in prep.children:
                if obj.dep_ == Dep.POBJ and obj.pos_ in (Pos.NOUN, Pos.PROPN) and \
                        _predicative_noun(obj) and _role_like(obj):
                    role = _predicate_role(obj)
                    if role is not None:
                        roles.append(role)
    return roles


def _role_like(token: Token) -> bool:
    """A noun that names a position (a title word, or a noun with an organisation)."""
    return fold(token.lemma_) in TITLE_WORDS or fold(token.text) in TITLE_WORDS or \
        any(c.dep_ == Dep.PREP and c.lower_ in ORG_PREPS for c in token.children) or \
        any(c.dep_ in (Dep.COMPOUND, Dep.AMOD) for c in token.children)


def _predicate_role(head: Token) -> Role | None:
    """The whole complement phrase (clauses included) as a role, up to a comma that opens an
    appositive or a relative clause of its own; none in a headline, and none whose noun
    names no person or body ('Trump was a debate chameleon': an epithet, not a role)."""
    if _headline(head) or not person_or_body_noun(head):
        return None
    tokens = list(head.subtree)
    for k, token in enumerate(tokens):
        if k and token.text == "," and k + 1 < len(tokens) and \
                any(t.dep_ in (Dep.APPOS, Dep.RELCL) for t in tokens[k + 1:]):
            tokens = tokens[:k]
            break
    return _role_over(_trim(tokens, keep_determiner=True))


def _headline(token: Token) -> bool:
    """A token on a title-case line ('Mayor Ellen Brack Is Merely a Caretaker'): no statement."""
    text = doc_text(token.doc)
    start = text.rfind("\n", 0, token.idx) + 1
    end = text.find("\n", token.idx)
    words = [w for w in text[start:end if end >= 0 else len(text)].split()
             if w.isalpha() and len(w) > 3]
    return len(words) >= HEADLINE_WORDS and all(w[0].isupper() for w in words)
