"""Noun phrases of speaker mentions: how far a description reaches, what it is headed by."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span, Token

from service.nlp.labels import (
    DEMONSTRATIVE_MODIFIER_DEPS,
    DESCRIPTION_DEPS,
    DESCRIPTION_END_DEPS,
    NOUN_PHRASE_POS,
    Dep,
    Ent,
    Pos,
    Tag,
)
from service.nlp.speakers.lexicon import (
    BARE_DEFINITE_NOUNS,
    DOCUMENT_NOUNS,
    ORG_NOUNS,
    PERSON_NOUNS,
    PUBLISHING_VERBS,
    REPORTING_VERBS,
    TITLE_WORDS,
    UNNAMED_NOUNS,
)
from service.nlp.text.names import fold

# Quantifiers are not part of a source's name ("many Green supporters").
_QUANTIFIERS = frozenset({"many", "some", "several", "most", "all", "both", "few", "other"})
_INDEFINITE = frozenset({"a", "an", "one", "another"})
_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
# Words that turn "people ..." into an anonymous source ("people familiar with the talks").
_SOURCE_MARKERS = frozenset({"familiar", "close", "knowledgeable", "briefed"})
# Words that mark a description as someone's past or temporary office.
_OFFICE_STATUS = frozenset({"former", "retired", "outgoing", "acting", "interim"})
# Most tree steps from a mention up to the subject it modifies.
_MAX_CLIMB = 10
# Verbs of a clause that states the terms of speaking ('who spoke on condition of
# anonymity', 'who asked not to be named'): not part of who the source is.
SPEAKING_TERMS_VERBS = frozenset({"speak", "talk", "ask", "request", "decline", "insist",
                                  "demand", "agree", "refuse"})
# Marks that open an aside: what follows adds to the description without being part of it.
_ASIDE_MARKS = (",", "(", "—", "–")
# Longest description taken as written; longer ones are misparses of a whole clause.
MAX_DESCRIPTION_TOKENS = 30
# Heads that are descriptions even when capitalised at the start of a sentence.
_COMMON_HEADS = ORG_NOUNS | UNNAMED_NOUNS | PERSON_NOUNS | DOCUMENT_NOUNS


def subject_within(span: Span) -> Span:
    """A mention the parse heads by a verb ('X assured Jones', with the quote before it) is
    its subject's noun phrase; other mentions stay as they are."""
    root = span.root
    if root.pos_ not in (Pos.VERB, Pos.AUX):
        return span
    subject = next((c for c in root.children if c.dep_ in (Dep.NSUBJ, Dep.NSUBJPASS)
                    and span.start <= c.i < span.end), None)
    return span if subject is None else noun_phrase(subject)


def with_modifiers(span: Span) -> Span:
    """A mention cut short before its determiner and modifiers ('union' in 'the paramedics
    union') grown to the whole noun phrase, so it is named as the article wrote it."""
    root = span.root
    # 'Ortiz' of the subject 'Ortiz and Brandt': both speak.
    joint = [span.doc[i] for i in sorted(conjuncts(root)) if span.doc[i].pos_ == Pos.PROPN
             and i >= span.end]
    if joint and root.pos_ == Pos.PROPN and root.dep_ in (Dep.NSUBJ, Dep.NSUBJPASS):
        span = span.doc[span.start:joint[-1].i + 1]
    # 'media buying company' cut before its name 'Acme': the head is the name.
    while root.dep_ == Dep.COMPOUND and root.head.i == span.end and root.head.pos_ == Pos.PROPN \
            and root.pos_ == Pos.NOUN:
        span = span.doc[span.start:root.head.i + 1]
        root = span.root
    if root.pos_ == Pos.PROPN and not root.is_lower and span.start == root.i and root.i > 0 \
            and span.doc[root.i - 1].lower_ == "the" and span.doc[root.i - 1].head.i == root.i:
        return span.doc[root.i - 1:span.end]
    # Lower-case heads the tagger calls proper nouns ('the paramedics union') are nouns.
    if not (root.pos_ == Pos.NOUN or root.is_lower) or root.i - span.start > 8:
        return span
    start = min(noun_phrase(root).start, span.start)
    # Not across a line break (a headline above), and without 'many'/'some' in the name.
    while start < span.start and ("\n" in span.doc[start:span.start].text
                                  or span.doc[start].lower_ in _QUANTIFIERS):
        start += 1
    return span.doc[start:max(span.end, root.i + 1)]


def conjuncts(token: Token) -> set[int]:
    """Indices of the words coordinated with a token, down chains ('A, B and C')."""
    found: set[int] = set()
    todo = [token]
    while todo:
        for child in todo.pop().children:
            if child.dep_ == Dep.CONJ and child.i not in found:
                found.add(child.i)
                todo.append(child)
    return found


def described_as_far_as(span: Span, quotes: Sequence[tuple[int, int]] = ()) -> str:
    """The written description plus what follows its head ('an expert cited in the report')."""
    full = full_description(span.root, quotes)
    written = description_text(span)
    return full if written in full else written


def head_lemma(root: Token) -> str:
    """The lemma a description is grouped by; 'people familiar with' counts as 'source'."""
    lemma = root.lemma_.lower()
    if lemma in ("person", "people", "those") and \
            any(c.lower_ in _SOURCE_MARKERS for c in root.children):
        return "source"
    return lemma


def full_description(root: Token, quotes: Sequence[tuple[int, int]] = ()) -> str:
    """An unnamed source as fully described at its mention, as written: 'sources familiar
    with the talks', 'Democrats in Iowa who watched the debate', 'attorneys and experts'."""
    doc = root.doc
    if root.pos_ not in NOUN_PHRASE_POS:  # a verb the parse made the head: up to its first comma
        return _description_to_comma(root)
    # Only words near the head can be part of it: a long sentence's subtree is not walked.
    near = [doc[i] for i in range(max(root.left_edge.i, root.i - MAX_DESCRIPTION_TOKENS - 1),
                                  min(root.right_edge.i, root.i + MAX_DESCRIPTION_TOKENS + 1) + 1)
            if i == root.i or root.is_ancestor(doc[i])]
    ends = [d for d in near if d.dep_ in (Dep.RELCL, Dep.ACL) and d.i != root.i and
            (_reports(d, quotes) or _aside(d))]
    ends += [c for c in root.children if c.dep_ in DESCRIPTION_END_DEPS and
             not _describes_further(c, quotes)]
    # 'familiar with the deal but unauthorized to discuss it': what 'but' adds is a condition
    # of the source's talking, not who the source is.
    ends += [d for d in near if d.dep_ in (Dep.CC, Dep.CONJ) and _after_but(d)]
    around = [(s, e) for s, e in quotes if s <= near[-1].idx and near[0].idx < e]
    members = {t.i for t in near if not t.is_space and not in_spans(t.idx, around)
               and not any(d.i == t.i or d.is_ancestor(t) for d in ends)}
    lo = hi = root.i
    while lo - 1 in members and "\n" not in doc[lo - 1].whitespace_:
        lo -= 1
    while hi + 1 in members and "\n" not in doc[hi].whitespace_:
        hi += 1
    while hi > root.i and doc[hi].is_punct:
        hi -= 1
    if hi - lo >= MAX_DESCRIPTION_TOKENS:  # a misparse that swallowed a clause
        return description_text(doc[lo:root.i + 1])
    return description_text(doc[lo:hi + 1])


def _description_to_comma(root: Token) -> str:
    """The words around a head up to the first comma after it."""
    doc = root.doc
    members = {t.i for t in root.subtree if not t.is_space}
    lo = hi = root.i
    while lo - 1 in members:
        lo -= 1
    while hi + 1 in members and doc[hi + 1].text != ",":
        hi += 1
    while hi > root.i and doc[hi].is_punct:
        hi -= 1
    return description_text(doc[lo:hi + 1])


def _reports(clause: Token, quotes: Sequence[tuple[int, int]]) -> bool:
    """A relative clause that is the attribution itself ('people who said …') or the terms
    of it ('who spoke on condition of anonymity'), not part of who the source is."""
    lemma = clause.lemma_.lower()
    start, end = clause.left_edge.idx, clause.right_edge.idx + len(clause.right_edge)
    return lemma in REPORTING_VERBS or lemma in SPEAKING_TERMS_VERBS or any(
        s < end and start < e for s, e in quotes)


def _aside(clause: Token) -> bool:
    """A relative clause set off by a comma ('a citizen, whose name is withheld') adds to
    what is known of the source; the restrictive one ('people who saw it') says who it is."""
    first = clause.left_edge
    return first.i > 0 and first.doc[first.i - 1].text in _ASIDE_MARKS


def _describes_further(child: Token, quotes: Sequence[tuple[int, int]]) -> bool:
    """A relative clause or a coordinated noun ('attorneys and legal experts') that belongs
    to the written description; appositives and adverbial clauses do not."""
    if child.dep_ == Dep.RELCL:
        return not (_reports(child, quotes) or _aside(child))
    if child.dep_ == Dep.CC:
        return any(_joined_noun(c) for c in child.head.children)
    return _joined_noun(child)


def _joined_noun(token: Token) -> bool:
    """A noun coordinated with the head, not one opened in brackets ('(and 43 percent')."""
    return token.dep_ == Dep.CONJ and token.pos_ in (Pos.NOUN, Pos.PROPN) and \
        token.doc[token.left_edge.i - 1].text not in _ASIDE_MARKS[1:]


def in_spans(offset: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether a character offset lies inside one of ``spans``."""
    return any(s <= offset < e for s, e in spans)


def _after_but(token: Token) -> bool:
    """'but' itself, or what it coordinates ('unauthorized' in 'familiar but unauthorized')."""
    if token.dep_ == Dep.CC:
        return token.lower_ == "but"
    siblings = token.head.children
    return any(c.dep_ == Dep.CC and c.lower_ == "but" and c.i < token.i for c in siblings)


def described_demonstrative(token: Token) -> bool:
    """'those involved', 'those close to the talks': a demonstrative that heads a
    description of people, not a pronoun pointing back."""
    return token.lower_ == "those" and token.tag_ == Tag.DT and any(
        c.dep_ in DEMONSTRATIVE_MODIFIER_DEPS for c in token.children)


def noun_phrase(token: Token) -> Span:
    """The noun phrase a token heads, without clauses and appositives."""
    doc = token.doc
    lefts = [t for t in token.lefts if t.dep_ not in (Dep.PUNCT, Dep.CC, Dep.PREP)]
    start = min([token.i, *(t.left_edge.i for t in lefts)])
    return doc[start:token.i + 1]


def is_plural(token: Token) -> bool:
    """Plural by morphology or tag."""
    return token.tag_ in (Tag.NNS, Tag.NNPS) or "Number=Plur" in str(token.morph)


def is_name(span: Span) -> bool:
    """A proper name, also when tagged a noun ('Pardell'), but not a title or a common noun."""
    root = span.root
    low = root.lemma_.lower()
    if fold(root.text) in TITLE_WORDS or low in _COMMON_HEADS or root.tag_ == Tag.NNS:
        return False
    if root.pos_ == Pos.PROPN:
        return True
    words = [t for t in span if not t.is_punct]
    return bool(words) and all(t.is_title for t in words) and words[0].lower_ not in _DEFINITE


def is_definite(span: Span) -> bool:
    """'the minister', 'this group': points back to something already introduced."""
    return any(t.dep_ == Dep.DET and t.lower_ in _DEFINITE for t in span.root.children) or (
        span[0].lower_ in _DEFINITE) or _bare_definite(span.root)


def _bare_definite(root: Token) -> bool:
    """'Police said': a collective noun that news writes without its article."""
    return root.lower_ in BARE_DEFINITE_NOUNS and not any(
        t.dep_ == Dep.DET for t in root.children)


def modifier_words(root: Token) -> set[str]:
    """Folded words that narrow a description's head ('justice' in 'the justice official')."""
    return {fold(description_text(t.doc[t.i:t.i + 1])) for t in root.children
            if t.dep_ in (Dep.COMPOUND, Dep.AMOD, Dep.POSS, Dep.NMOD) and t.pos_ != Pos.PRON}


def is_indefinite(span: Span) -> bool:
    """'a justice official', 'one source': introduces someone new."""
    return span[0].lower_ in _INDEFINITE or any(
        t.dep_ in (Dep.DET, Dep.NUMMOD) and t.lower_ in _INDEFINITE for t in span.root.children)


def describes_person(span: Span) -> bool:
    """A description of one person: a title, 'the 45-year-old', 'the lanky professor'."""
    lemma = span.root.lemma_.lower()
    # 'the former sergeant-at-arms': a past office is held by a person, whatever the title.
    former = any(t.lower_ in _OFFICE_STATUS for t in span if t.i < span.root.i) \
        and not is_plural(_number_word(span.root)) and lemma not in ORG_NOUNS
    return lemma in PERSON_NOUNS or lemma in TITLE_WORDS or former or is_age_or_generic(span)


def _number_word(root: Token) -> Token:
    """The word that gives a hyphenated head its number: 'sergeant' in 'sergeant-at-arms'."""
    doc, i = root.doc, root.i
    while i >= 2 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_ \
            and not doc[i - 2].whitespace_:
        i -= 2
    return doc[i]


def is_age_or_generic(span: Span) -> bool:
    """Descriptions that say nothing about the role: ages and man/woman."""
    return "year-old" in span.text.lower() or span.root.lemma_.lower() in PERSON_NOUNS


def description_text(span: Span) -> str:
    """The description as written, without a trailing possessive."""
    text = span.text.strip()
    for suffix in ("'s", "’s"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    return text


def modified_person(span: Span) -> Token | None:
    """'Ann Lee, who played for the Clark team, said': the person named by the noun whose
    relative clause or appositive holds the mention."""
    tok = span.root
    crossed = False
    for _ in range(_MAX_CLIMB):
        crossed = crossed or tok.dep_ in DESCRIPTION_DEPS
        head = tok.head
        # Reaching a verb that is not itself a relative clause: the mention is in the main clause.
        if head.i == tok.i or (head.pos_ in (Pos.VERB, Pos.AUX) and not crossed
                               and head.dep_ not in DESCRIPTION_DEPS):
            return None
        tok = tok.head
        if crossed and tok.pos_ in (Pos.NOUN, Pos.PROPN):
            return tok if tok.ent_type_ == Ent.PERSON else None
    return None


def stated_in(document: Token) -> Token | None:
    """'Okafor stated in the company's blog post': the subject of the verb that spoke in
    the document is its author."""
    prep = document.head
    if document.dep_ != Dep.POBJ or prep.lower_ not in ("in", "on", "via"):
        return None
    verb = prep.head
    if verb.pos_ != Pos.VERB or verb.lemma_.lower() not in REPORTING_VERBS:
        return None
    return next((c for c in verb.children if c.dep_ == Dep.NSUBJ and c.pos_ == Pos.PROPN), None)


def put_out_by(document: Token) -> Token | None:
    """'The coalition sent a letter', 'Acme filed a lawsuit': the named subject of the verb
    whose object the document is put it out."""
    verb = document.head
    if document.dep_ != Dep.DOBJ or verb.pos_ != Pos.VERB or \
            verb.lemma_.lower() not in PUBLISHING_VERBS:
        return None
    return next((c for c in verb.children
                 if c.dep_ == Dep.NSUBJ and c.pos_ in (Pos.PROPN, Pos.NOUN)), None)


def reporting_subject(sent: Span, quotes: Sequence[tuple[int, int]]) -> Token | None:
    """The subject of the sentence's reporting verb ('The charity Bridgewell said ...')."""
    for verb in sent:
        if verb.pos_ == Pos.VERB and verb.lemma_.lower() in REPORTING_VERBS and \
                not any(s <= verb.idx < e for s, e in quotes):
            return next((c for c in verb.children if c.dep_ == Dep.NSUBJ), None)
    return None
