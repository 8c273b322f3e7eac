"""Our coreference heuristics: a quote's speaker mention -> an entity of the article."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from spacy.tokens import Span, Token

from service.nlp.labels import NOT_AUTHOR_LABELS, SUBGROUP_DEPS, Dep, Ent, Pos, Tag
from service.nlp.speakers.agreement import (
    any_person,
    gender_score,
    neuter_score,
    org_score,
    plural_score,
)
from service.nlp.speakers.entities import (
    Entity,
    EntityTable,
    SpanIndex,
    name_span,
    split_at_breaks,
)
from service.nlp.speakers.lexicon import (
    DOCUMENT_NOUNS,
    FEMALE_PRONOUNS,
    FIRST_PERSON_PRONOUNS,
    GENERIC_ORG_NOUNS,
    KIN_NOUNS,
    MALE_PRONOUNS,
    NEUTER_PRONOUNS,
    ORG_NOUNS,
    OWNED_ORG_NOUNS,
    PLACE_NOUNS,
    PLURAL_PRONOUNS,
    RELATIVE_PRONOUNS,
    TITLE_WORDS,
    UNNAMED_NOUNS,
    Gender,
)
from service.nlp.speakers.phrases import (
    conjuncts,
    described_as_far_as,
    described_demonstrative,
    describes_person,
    description_text,
    full_description,
    head_lemma,
    is_definite,
    is_indefinite,
    is_name,
    is_plural,
    modifier_words,
    noun_phrase,
    put_out_by,
    reporting_subject,
    stated_in,
    subject_within,
    with_modifiers,
)
from service.nlp.speakers.salience import Salience
from service.nlp.text.names import fold, name_key, strip_possessive

# Least salience for a definite description with no stated role to take a person.
MIN_DESCRIPTION_SCORE = -2.5

# Whether an entity fits a description.
_Pred = Callable[[Entity], bool]


class Resolver(Salience):
    """Resolves speaker mentions in text order, remembering who spoke last."""

    def __init__(self, table: EntityTable) -> None:
        self.table = table
        self.doc = table.doc
        self.previous: Entity | None = None
        self.attributed = SpanIndex(())

    def resolve(self, start: int, end: int,
                quote: Sequence[tuple[int, int]] = ()) -> Entity | None:
        """The entity a mention at [start, end) refers to, creating one if needed; ``quote``
        holds the parts of the quote the mention attributes."""
        self.attributed = SpanIndex(quote)
        try:
            return self._resolve_mention(start, end)
        finally:
            self.attributed = SpanIndex(())

    def _resolve_mention(self, start: int, end: int) -> Entity | None:
        """The entity of one mention, recorded as its mention."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        # A mention run across a line break starts in the headline above: keep the last line.
        entity = self._resolve_span(with_modifiers(subject_within(split_at_breaks(span)[-1])))
        if entity is not None:
            self.table.add_mention(entity, span, named=False)
        return entity

    def resolve_pronoun(self, token: Token) -> Entity | None:
        """Resolve a he/she outside quotes and record it as a mention of its person."""
        entity = self._pronoun(token)
        if entity is not None:
            self.table.add_mention(entity, self.doc[token.i:token.i + 1], named=False)
        return entity

    def _resolve_span(self, span: Span) -> Entity | None:
        """Dispatch on what the mention is: pronoun, relative, name or description."""
        named = self._titled_document(span) or self._coordinated(span) or \
            self._named_entity_in(span) or self._apposed_person(span)
        if named is not None:
            return named
        root = span.root
        low = root.lower_
        relative = root.tag_ in (Tag.WP, Tag.WDT, Tag.WP_POSS)
        if len(span) == 1 and low in RELATIVE_PRONOUNS and relative:
            return self._relative(root)
        if len(span) == 1 and described_demonstrative(root):
            return self._those(root)
        if len(span) == 1 and root.pos_ == Pos.PRON:
            return self._pronoun(root)
        member = self._party_member(span) or self._subgroup(span)
        if member is not None:
            return member
        if is_name(span) or self._known_surname(span):
            return self._new_name(span)
        return self._description(span)

    def _those(self, root: Token) -> Entity:
        """'Those affected say': the people the description names, a group (an
        anonymous source when 'familiar with' or 'close to' something)."""
        lemma = head_lemma(root)
        kind = "unnamed" if lemma == "source" else "group"
        text = full_description(root, self.table.quote_spans)
        return self._described(text, kind, lemma, plural=True)

    def _party_member(self, span: Span) -> Entity | None:
        """'the Vermont Democrat said', 'the Briton said': a definite singular party or
        nationality word describes one person, not a group called 'Republican'."""
        root = span.root
        if root.ent_type_ != Ent.NORP or root.tag_ != Tag.NNP or not any(
                c.dep_ == Dep.DET and c.lower_ == "the" for c in root.children):
            return None
        # Many people in one article share a party, so a stated role singles no one out:
        # the salient person is meant.
        found, score = self._scored_antecedent(root, any_person)
        if found is not None and score >= MIN_DESCRIPTION_SCORE:
            return found
        phrase = noun_phrase(root)
        return self._described(description_text(phrase), "unnamed", root.lemma_.lower(),
                               plural=False)

    def _subgroup(self, span: Span) -> Entity | None:
        """'some Democrats', 'veteran Republicans': a quantified or modified plural party or
        nationality word is a group of its own, described as written, not the party."""
        root = span.root
        if root.tag_ != Tag.NNPS and not (root.ent_type_ == Ent.NORP and is_plural(root)):
            return None
        if not any(c.dep_ in SUBGROUP_DEPS and c.lower_ not in ("the", "these", "those")
                   for c in root.children):
            return None
        text = full_description(root, self.table.quote_spans)
        return self._described(text, "group", root.lemma_.lower(), plural=True)

    def _titled_document(self, span: Span) -> Entity | None:
        """'the city's Road Safety Review': a document with a title of its own (which
        the NER calls an organisation) speaks for its owner."""
        root = span.root
        # 'Monday's Evening Digest' is dated by its possessor, not written by it.
        if root.pos_ != Pos.PROPN or root.lemma_.lower() not in DOCUMENT_NOUNS or not any(
                c.dep_ == Dep.POSS and c.ent_type_ not in NOT_AUTHOR_LABELS
                for c in root.children):
            return None
        return self._document_author(root, search_back=False)

    def _named_entity_in(self, span: Span) -> Entity | None:
        """A clustered name written inside the mention ('Mr. Carrow', 'Defence Secretary X'),
        or a person's name that ends or opens it ('co-host Mia Berg', where the parser makes
        'co' the head; 'Col. Ivo Marek, a military spokesman,')."""
        root = span.root
        edges = _edge_words(span)
        for entity in self.table.entities:
            for ns in entity.name_spans:
                inside = span.start_char <= ns.start_char and ns.end_char <= span.end_char
                if inside and (ns.start <= root.i < ns.end or (
                        entity.kind == "person" and (ns.start, ns.end - 1) in edges)):
                    return entity
        return None

    def _coordinated(self, span: Span) -> Entity | None:
        """'Ortiz and Brandt said': one group named by both people's full names."""
        people = [self._named_entity_in(noun_phrase(t)) for t in span
                  if t.i == span.root.i or t.i in conjuncts(span.root)]
        if len(people) < 2 or any(p is None or p.kind != "person" for p in people):
            return None
        names = [p.name for p in people if p is not None]
        text = ", ".join(names[:-1]) + " and " + names[-1]
        return self._described(text, "group", "", plural=True)

    def _apposed_person(self, span: Span) -> Entity | None:
        """'One rural Democrat, Montana Sen. Jo Mead,' and 'an official named Tomas':
        a description whose appositive or 'named' complement is a person's name."""
        root = span.root
        if root.pos_ == Pos.PRON:
            return None
        named = [c for c in root.children if c.dep_ == Dep.APPOS]
        named += [g for c in root.subtree if c.dep_ == Dep.ACL and c.lemma_ in ("name", "call")
                  for g in c.children if g.dep_ in (Dep.OPRD, Dep.ATTR, Dep.DOBJ, Dep.XCOMP)]
        for tok in named:
            for entity in self.table.persons():
                if any(ns.start <= tok.i < ns.end for ns in entity.name_spans):
                    return entity
        return None

    def _known_surname(self, span: Span) -> bool:
        """A capitalised word the tagger calls a plural noun ('Vandermeers') that is the
        surname of a person named in the article."""
        words = [t for t in span if not t.is_punct]
        return len(words) == 1 and words[0].is_title and len(self.table.persons()) > 0 \
            and any(p.key[-1:] == (fold(words[0].text),) for p in self.table.persons())

    def _new_name(self, span: Span) -> Entity:
        """A name the NER missed: cluster it like the others."""
        core = name_span(span) or span
        known = self.table.match_name(name_key(core.text), "person", core.start_char)
        if known is not None and known.kind == "person":
            return self.table.add_name(core, "person")
        if known is None and any(e.kind == "organization" and e.key == name_key(core.text)
                                 for e in self.table.entities):
            return self.table.add_org(core)  # 'Facebook said' where the NER missed the company
        label = next((t.ent_type_ for t in core if t.ent_type_), "")
        # An acronym ('PBO') names an organisation, never a person.
        acronym = core.text.isupper() and core.text.isalpha() and len(core) == 1
        if label in (Ent.ORG, Ent.GPE, Ent.FAC) or acronym or \
                any(t.lemma_.lower() in ORG_NOUNS for t in core):
            return self.table.add_org(core)
        if label == Ent.NORP:
            return self.table.add_org(core, kind="group")
        return self.table.add_name(core, "person")

    # -- pronouns -------------------------------------------------------------------

    def _pronoun(self, token: Token) -> Entity | None:
        """He/she by gender, they/it by number and animacy, I/we as the last speaker."""
        low = token.lower_
        if low in FIRST_PERSON_PRONOUNS and low not in ("we", "us", "our"):
            return self.previous
        if low in MALE_PRONOUNS or low in FEMALE_PRONOUNS:
            gender: Gender = "m" if low in MALE_PRONOUNS else "f"
            fits = partial(gender_score, gender=gender)
            found = self._set_up_person(token, fits) or self._best_antecedent(token, fits)
            if found is not None:
                _learn_gender(found, gender)
            return found
        if low in PLURAL_PRONOUNS:
            entity, score = self._scored_antecedent(token, plural_score)
            phrase, np_score = self._plural_np(token)
            if phrase is not None and np_score > score:
                return self._description(phrase)
            return entity
        if low in NEUTER_PRONOUNS:
            return self._best_antecedent(token, neuter_score)
        return None



    # -- relatives and descriptions ----------------------------------------------------

    def _relative(self, token: Token) -> Entity | None:
        """'who' in 'X, a close ally, who claimed': the noun the clause hangs on."""
        clause = token.head
        while clause.dep_ not in (Dep.RELCL, Dep.ACL) and clause.head.i != clause.i:
            clause = clause.head
        anchor = clause.head
        while anchor.dep_ == Dep.APPOS and anchor.head.pos_ in (Pos.PROPN, Pos.NOUN):
            anchor = anchor.head
        return self._resolve_span(noun_phrase(anchor)) if anchor.i != clause.i else None

    def _description(self, span: Span) -> Entity | None:
        """'the minister', 'the company', 'sources', 'her statement' -> an entity."""
        root = span.root
        lemma = head_lemma(root)
        if root.lower_ in DOCUMENT_NOUNS:  # 'numbers' and 'findings' are listed as written
            lemma = root.lower_
        if lemma in DOCUMENT_NOUNS:
            author = self._document_author(root, search_back=True)
            if author is not None:
                return author
        definite = is_definite(span)
        owned = self._owned_organisation(span, lemma)
        if owned is not None:
            return owned
        if lemma in ORG_NOUNS:
            return self._org_description(span, lemma, definite)
        if lemma in UNNAMED_NOUNS or lemma in DOCUMENT_NOUNS:
            plural = is_plural(root)
            # 'a justice official' introduces a new source; 'the official' or 'officials'
            # point back to the last one of that number ('officials' are not 'an official').
            # 'the mayor's staff' and 'Langford staff' are different sources: modifiers must fit.
            words = modifier_words(root)
            same = None if is_indefinite(span) else self._recent(
                span, lambda e: e.head_lemma == lemma and e.kind == "unnamed"
                and e.plural == plural and words <= {strip_possessive(w) for w in e.key})
            return same or self._described(full_description(root, self.table.quote_spans),
                                           "unnamed", lemma, plural)
        text = description_text(span) if definite else described_as_far_as(
            span, self.table.quote_spans)
        plural = is_plural(root)
        if definite:
            # 'the clerk' after 'a court clerk': the unnamed source introduced before.
            same = self._recent(span, lambda e: e.head_lemma == lemma and e.plural == plural
                                and e.kind in ("unnamed", "group"))
            if same is not None:
                return same
        if describes_person(span):
            # An indefinite title ('a judge', 'one former director') introduces one role
            # holder the next sentence names; 'an expert' or 'a resident' may be anyone.
            if definite:
                found = self._role_holder(span, lemma)
            elif lemma in KIN_NOUNS and _possessed(span.root):
                # 'his father' is the relative introduced as 'X's father, Tomas'; never the
                # salient person, who is more likely 'his' than the father.
                found = self._recent(span, lambda e: _holds_role(e, lemma))
            else:
                found = self._named_next(span) if lemma in TITLE_WORDS and not plural else None
            return found or self._described(text, "group" if plural else "unnamed", lemma,
                                            plural)
        return self._described(text, "group" if plural else "unnamed", lemma, plural)

    def _owned_organisation(self, span: Span, lemma: str) -> Entity | None:
        """'His campaign said': the organisation of the person the pronoun means, named as
        news names it by its owner ('the Ruiz campaign'). A written owner ('Ruiz's
        campaign') already names it."""
        owner = next((c for c in span.root.children if c.dep_ == Dep.POSS), None)
        if lemma not in OWNED_ORG_NOUNS or owner is None or owner.pos_ != Pos.PRON:
            return None
        found = self._pronoun(owner)
        if found is None or found.kind not in ("person", "organization") or not found.key:
            return None
        name = found.name.split()[-1] if found.kind == "person" else found.name
        if name.lower().startswith("the "):
            name = name[4:]
        return self._described(f"the {name} {lemma}", "organization", lemma)

    def _org_description(self, span: Span, lemma: str, definite: bool) -> Entity:
        """'the diocese' -> the Diocese named earlier; 'the company' -> the salient company."""
        text = description_text(span)
        if not definite:  # introduced here, so named as fully as written
            return self._described(described_as_far_as(span, self.table.quote_spans),
                                   "organization", lemma)
        # 'The Canadian government' is not 'the Australian Government': named modifiers
        # ('Canadian', 'Ontario') must be part of the organisation's name.
        named_mods = {fold(t.text) for t in span.root.children if t.dep_ in (Dep.AMOD, Dep.COMPOUND)
                      and t.ent_type_ in (Ent.NORP, Ent.GPE)}
        def names_it(e: Entity) -> bool:
            return e.kind == "organization" and e.first < span.start_char and (
                lemma in e.key or e.head_lemma == lemma
                or any(lemma in fold(r.text).split() for r in e.roles)) \
                and named_mods <= set(e.key)
        candidates = [e for e in self.table.entities if names_it(e) and e.name_spans]
        # Two commissions named before: 'the commission' is ambiguous, so it stays as written.
        if len(candidates) > 1 and lemma not in GENERIC_ORG_NOUNS:
            return self._described(text, "organization", lemma)
        named = self._recent(span, names_it)
        if named is not None:
            return named
        if lemma in GENERIC_ORG_NOUNS:
            place = lemma in PLACE_NOUNS
            found = self._best_antecedent(span.root, lambda e: org_score(e, place))
            if found is not None:
                return found
        return self._described(text, "organization", lemma)

    def _document_author(self, root: Token, search_back: bool) -> Entity | None:
        """Who wrote 'her statement', 'the Harbour Trust study', 'a report by X', 'the memo'."""
        writer = stated_in(root)
        if writer is not None:
            return self._resolve_span(noun_phrase(writer))
        for child in root.children:
            if child.dep_ == Dep.POSS or (child.dep_ == Dep.COMPOUND and child.pos_ == Pos.PROPN
                                        and child.ent_type_ not in NOT_AUTHOR_LABELS):
                return self._resolve_span(noun_phrase(child))
        for tok in root.subtree:
            if tok.dep_ == Dep.POBJ and tok.head.lower_ in ("by", "from") and \
                    (tok.pos_ == Pos.PROPN or tok.ent_type_):
                return self._resolve_span(noun_phrase(tok))
        publisher = put_out_by(root)
        if publisher is not None:
            return self._resolve_span(noun_phrase(publisher))
        if not search_back:
            return None
        lemma = root.lemma_.lower()
        # 'A statement' is a new document, not the one mentioned before.
        earlier = [] if is_indefinite(noun_phrase(root)) else reversed(root.doc[:root.i])
        for tok in earlier:
            if tok.lemma_.lower() == lemma and tok.pos_ == Pos.NOUN:
                author = self._document_author(tok, search_back=False)
                if author is not None:
                    return author
        return self._last_reporter(root)

    def _last_reporter(self, root: Token) -> Entity | None:
        """'Bridgewell said ... . A statement said': a document with no stated author is the
        named source that reported in the sentence before."""
        if root.sent.start == 0:
            return None
        subject = reporting_subject(self.doc[root.sent.start - 1].sent, self.table.quote_spans)
        if subject is None:
            return None
        # 'The charity Bridgewell', 'The charity, Bridgewell,': the name inside the subject or
        # in apposition to it.
        phrase = noun_phrase(subject)
        end = max([phrase.end_char, *(c.right_edge.idx + len(c.right_edge)
                                      for c in subject.children if c.dep_ == Dep.APPOS)])
        return next((e for e in self.table.entities if e.kind in ("person", "organization")
                     and e.name_spans and any(phrase.start_char <= m.start < end
                                              for m in e.mentions)), None)

    def _role_holder(self, span: Span, lemma: str) -> Entity | None:
        """The person whose stated role has this title, else the last person for ages."""
        def holds(e: Entity) -> bool:
            return _holds_role(e, lemma)
        holder = self._recent(span, holds) or next(
            (e for e in sorted(self.table.entities, key=lambda e: e.first) if holds(e)), None)
        if holder is not None:
            return holder
        # 'The former sergeant-at-arms said', 'the lanky professor said': a definite
        # description of someone already introduced, so the most salient person.
        found, score = self._scored_antecedent(span.root, any_person)
        return found if score >= MIN_DESCRIPTION_SCORE else None

    def _named_next(self, span: Span) -> Entity | None:
        """'A Superior Court judge ruled ... \n\n Justice Omar Lindqvist wrote': a person
        described first and named as the subject of the next sentence."""
        following = span.sent.end
        if following >= len(self.doc):
            return None
        sent = self.doc[following].sent
        for person in self.table.persons():
            first = min(person.mentions, key=lambda m: m.start)
            if sent.start_char <= first.start < sent.end_char and first.subject \
                    and not first.in_quote:
                return person
        return None

    def _recent(self, span: Span, fit: _Pred) -> Entity | None:
        """The entity meeting ``fit`` mentioned last before ``span``."""
        best: Entity | None = None
        best_pos = -1
        for entity in self.table.entities:
            if not fit(entity):
                continue
            pos = max((m.end for m in entity.mentions if m.end <= span.start_char), default=-1)
            if pos > best_pos:
                best, best_pos = entity, pos
        return best

    def _described(self, text: str, kind: str, lemma: str, plural: bool | None = None) -> Entity:
        """The entity named by this description, one per distinct description."""
        key = tuple(fold(text).split())
        for entity in self.table.entities:
            if entity.key == key and entity.kind == kind:
                return entity
        entity = self.table.new_entity(kind, text, key)  # type: ignore[arg-type]
        entity.head_lemma = lemma
        entity.plural = kind == "group" if plural is None else plural
        return entity



def _edge_words(span: Span) -> set[tuple[int, int]]:
    """(first, last) token pairs of a name that could open or close the mention: it ends
    the mention, or starts it and a comma follows."""
    words = [t for t in span if not t.is_punct]
    if not words:
        return set()
    last = words[-1].i
    pairs = {(t.i, last) for t in words}
    for comma in (t for t in span if t.text == ","):
        pairs |= {(words[0].i, t.i) for t in words if t.i < comma.i}
    return pairs


def _learn_gender(entity: Entity, gender: Gender) -> None:
    """One chain, one gender: after 'she' a later 'he' cannot reach the same person."""
    if entity.gender is None:
        entity.gender = gender


def _holds_role(entity: Entity, lemma: str) -> bool:
    """A person one of whose stated roles has this word ('the mayor': 'Mayor of Leeds')."""
    return entity.kind == "person" and any(lemma in fold(r).split() for r in _role_words(entity))


def _possessed(root: Token) -> bool:
    """'his father', 'Ann's sister': a noun with a possessor."""
    return any(c.dep_ == Dep.POSS for c in root.children)


def _role_words(entity: Entity) -> list[str]:
    """Texts of the roles stated for an entity."""
    return [role.text for role in entity.roles]
