"""Salience of antecedents: recency, subjecthood, frequency and the last speaker."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence

from spacy.tokens import Doc, Span, Token

from service.nlp.labels import Dep, Ent, Pos, Tag
from service.nlp.speakers.agreement import contrasted, object_domain, subject_of
from service.nlp.speakers.entities import (
    Entity,
    EntityTable,
    Mention,
    SpanIndex,
    in_any,
    mention_of,
)
from service.nlp.speakers.phrases import is_plural, noun_phrase
from service.nlp.text.doctext import doc_text, sentence_has_verb, sentence_numbers
from service.nlp.text.names import fold

# Salience weights for pronoun antecedents; distances are counted in sentences.
SENTENCE_PENALTY = 1.0
PARAGRAPH_PENALTY = 0.75
SUBJECT_BONUS = 1.0
PREVIOUS_SPEAKER_BONUS = 1.25
IN_QUOTE_PENALTY = 2.0
MAX_SENTENCES_BACK = 6
FAR_SENTENCES_BACK = 20
# Longest plural subject noun phrase taken as the group 'they' refers to.
MAX_PLURAL_NP = 5
# Often-mentioned entities are the article's protagonists: a bonus per doubling of the
# mentions in the narration (being talked about in quotes makes no one the story's subject).
FREQUENCY_BONUS = 0.3
# A person introduced by full name in the pronoun's sentence or the one before is who the
# next 'he'/'she' is about, even over the last speaker ('X, director of Y, agreed. ... she said').
INTRODUCED_BONUS = 1.25
INTRODUCED_SENTENCES_BACK = 1
_PARAGRAPH_BREAK = re.compile(r"\n\s*")

# How well an entity agrees with a pronoun (None: excluded).
Fit = Callable[[Entity], float | None]


class Salience:
    """Scores the entities a pronoun or definite description may point back to."""

    doc: Doc
    table: EntityTable
    previous: Entity | None
    # The parts of the quote whose speaker is being resolved.
    attributed: SpanIndex

    def _best_antecedent(self, token: Token, fit: Fit) -> Entity | None:
        """The most salient preceding entity that agrees with the pronoun; if none is near,
        look further back (a long quote can separate 'she added' from her last mention)."""
        return self._scored_antecedent(token, fit)[0] or self._scored_antecedent(
            token, fit, FAR_SENTENCES_BACK)[0]

    def _scored_antecedent(self, token: Token, fit: Fit,
                           window: int = MAX_SENTENCES_BACK) -> tuple[Entity | None, float]:
        """The most salient agreeing entity within ``window`` sentences and its score."""
        doc = self.doc
        sentence_of = sentence_numbers(doc)
        has_verb = sentence_has_verb(doc)
        index = sentence_of[token.i]
        best: Entity | None = None
        best_score = float("-inf")
        verb = object_domain(token)
        unlike = contrasted(token)
        anchor = _relative_anchor(token)
        for entity in self.table.entities:
            agreement = fit(entity)
            if agreement is None or (anchor is not None and any(
                    m.start <= anchor.idx < m.end for m in entity.mentions)) or any(
                    m.head in unlike for m in entity.mentions):
                continue
            # Once per entity: the protagonist bonus does not depend on the mention.
            agreement += FREQUENCY_BONUS * math.log2(_narrated_mentions(entity))
            for mention in entity.mentions:
                if mention.end > token.idx or (verb is not None and
                                               subject_of(doc[mention.head], verb)):
                    continue
                if self._said_in_own_quote(mention, token, entity):
                    continue
                if not has_verb[sentence_of[mention.head]]:
                    continue  # a caption or credit line ('The Canadian Press.'), not discourse
                back = index - sentence_of[mention.head]
                if back > window:
                    continue
                score = agreement + self._salience(mention, back, token, entity)
                if score > best_score:
                    best, best_score = entity, score
        return best, best_score

    def _said_in_own_quote(self, mention: Mention, token: Token, entity: Entity) -> bool:
        """A name inside the quote this pronoun attributes, in its paragraph: '"... vote for
        Hillary," she said' and 'Ruiz hid under a desk, he said' are not about the speaker
        by name (a pronoun cannot take a name from its own complement). Reported speech
        that introduces the speaker ('Former Rep. Ann Roe backed Kim, she said') is the
        exception: that is how news names a new source."""
        if not in_any(mention.start, mention.end, self.attributed) or \
                "\n" in doc_text(self.doc)[mention.end:token.idx]:
            return False
        direct = in_any(mention.start, mention.end, self.table.direct_spans)
        return direct or mention.start != entity.first

    def _salience(self, mention: Mention, back: int, token: Token, entity: Entity) -> float:
        """Recency, subjecthood, the previous speaker; quoted names and breaks count against
        (the caller adds the entity's frequency)."""
        score = self._position(mention, back, token)
        if entity is self.previous:
            score += PREVIOUS_SPEAKER_BONUS
        elif _introduces(mention, back, entity):
            score += INTRODUCED_BONUS
        return score

    def _position(self, mention: Mention, back: int, token: Token) -> float:
        """Recency and subjecthood of one mention before a pronoun."""
        score = -SENTENCE_PENALTY * back
        breaks = len(_PARAGRAPH_BREAK.findall(doc_text(self.doc), mention.end, token.idx))
        score -= PARAGRAPH_PENALTY * min(breaks, 3)
        score += SUBJECT_BONUS * mention.subject
        score -= IN_QUOTE_PENALTY * in_any(mention.start, mention.end, self.table.direct_spans)
        # Within the sentence the nearer mention wins ties.
        return score + mention.end / (10.0 * (token.idx + 1))

    def _set_up_person(self, token: Token, fit: Fit) -> Entity | None:
        """'... for accountant Ada Obi, 50. "It helped," she says.': a pronoun that opens its
        sentence, or follows only the quote it attributes, is the one person named just before."""
        anchor = _clause_start(token, self.table.quote_spans)
        before = None if anchor is None else _sentence_before(token, anchor)
        if before is None or anchor is None:
            return None
        named = [e for e in self.table.persons() if any(
            before.start_char <= m.start < anchor and not m.in_quote for m in e.mentions)]
        if len(named) > 1:
            named = _introduced_fit(named, fit, before.start_char, anchor)
        # Only a sure gender match: an unknown gender leaves the choice to salience.
        if len(named) != 1 or fit(named[0]) != 0.0 or not any(
                m.named and before.start_char <= m.start < anchor for m in named[0].mentions):
            return None
        return None if self._other_name(before, anchor, named[0], fit) else named[0]

    def _other_name(self, sent: Span, end: int, person: Entity, fit: Fit) -> bool:
        """Whether the sentence names another person the pronoun may mean, maybe one the NER
        left unlabelled."""
        unfit = [e for e in self.table.persons() if fit(e) is None]
        own = [(m.start, m.end) for e in (person, *unfit) for m in e.mentions]
        skipped = {id(person), *(id(e) for e in unfit)}
        words = {w for e in self.table.persons() if id(e) not in skipped for w in e.key}
        return any(t.pos_ == Pos.PROPN and t.idx < end and not in_any(t.idx, t.idx + 1, own)
                   and (t.ent_type_ == Ent.PERSON or fold(t.text) in words) for t in sent)

    def _plural_np(self, token: Token) -> tuple[Span | None, float]:
        """The last plural subject noun phrase before 'they', scored like an entity mention
        (plural agreement is exact, so it competes with organisations on equal terms)."""
        doc = self.doc
        sentence_of = sentence_numbers(doc)
        index = sentence_of[token.i]
        start = max(token.sent.start - 60, 0)
        for cand in reversed(doc[start:token.i]):
            if cand.dep_ in (Dep.NSUBJ, Dep.NSUBJPASS) and cand.pos_ in (Pos.NOUN, Pos.PROPN) \
                    and is_plural(cand) and not in_any(cand.idx, cand.idx + 1,
                                                       self.table.quote_spans):
                phrase = noun_phrase(cand)
                if len(phrase) > MAX_PLURAL_NP:
                    continue  # a misparse of a long possessive phrase, not a group
                back = index - sentence_of[cand.i]
                mention = mention_of(phrase, self.table.quote_spans, named=False)
                return phrase, self._position(mention, back, token)
        return None, float("-inf")


def _narrated_mentions(entity: Entity) -> int:
    """How often the narration, outside quotes, mentions the entity (at least 1)."""
    return max(1, sum(not m.in_quote for m in entity.mentions))


def _introduced_fit(named: list[Entity], fit: Fit, start: int, end: int) -> list[Entity]:
    """People the pronoun cannot be ('she' for a man) leave the one it can, if the sentence
    introduces that one ('which concerns Tom Ruiz, head of the union.')."""
    fitting = [e for e in named if fit(e) is not None]
    return fitting if len(fitting) == 1 and start <= fitting[0].first < end else []


def _introduces(mention: Mention, back: int, entity: Entity) -> bool:
    """Whether this is a person's first mention, by full name as subject, just before."""
    return back <= INTRODUCED_SENTENCES_BACK and mention.named and mention.subject \
        and not mention.in_quote and entity.kind == "person" and len(entity.key) > 1 \
        and mention.start == entity.first


def _clause_start(token: Token, quotes: Sequence[tuple[int, int]]) -> int | None:
    """Where the pronoun's sentence starts, or the quote before it in that sentence starts;
    None when other words come before the pronoun."""
    sent = token.sent
    start = sent.start_char
    for tok in token.doc[sent.start:token.i]:
        if tok.is_punct or tok.is_space:
            continue
        spans = [(s, e) for s, e in quotes if s <= tok.idx < e]
        if not spans:
            return None
        start = min(start, *(s for s, _ in spans))
    return start


def _sentence_before(token: Token, offset: int) -> Span | None:
    """The sentence that ends before ``offset`` (at or before ``token``), if any."""
    for tok in reversed(token.doc[:token.i]):
        if tok.idx < offset and not tok.is_space:
            return tok.sent
    return None


def _relative_anchor(token: Token) -> Token | None:
    """'Smith, who he calls a friend': a pronoun that shares a relative clause's verb with
    'who' cannot be the noun the clause describes; that noun, else None."""
    verb = token.head
    if token.dep_ not in (Dep.NSUBJ, Dep.NSUBJPASS, Dep.DOBJ) or verb.dep_ != Dep.RELCL:
        return None
    if not any(c.i != token.i and c.tag_ in (Tag.WP, Tag.WDT) for c in verb.children):
        return None
    return verb.head



