"""Speaker mentions -> canonical speakers with names, kinds, roles, mentions and quote ids."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from service.nlp.labels import Dep
from service.nlp.model import Attribution, Mention, Quote, Speaker, TextSpan
from service.nlp.speakers.agreement import background_pronouns
from service.nlp.speakers.collect import (
    add_bare_surnames,
    collect_described_people,
    collect_names,
    collect_parties,
    extend_surnames,
    infer_genders,
    merge_org_aliases,
    people_by_role,
    prefer_usual_names,
)
from service.nlp.speakers.entities import Entity, EntityTable
from service.nlp.speakers.phrases import modified_person
from service.nlp.speakers.resolver import Resolver
from service.nlp.speakers.role_mentions import speaker_roles
from service.nlp.speakers.roles import dedupe_roles, roles_of
from service.nlp.text.doctext import doc_text
from service.nlp.text.marks import DOUBLE_MARKS

# A quote with no speaker mention continues the previous quote's speaker if it follows
# within this many paragraphs (the second paragraph of a long quote, "...," he added).
CONTINUATION_PARAGRAPHS = 1


def resolve_speakers(doc: Doc, quotes: list[Quote]) -> Attribution:
    """Link each quote's speaker mention to one canonical speaker entity with roles."""
    table, quoted = _resolve(doc, quotes)
    speakers = _speakers(doc, table, quoted, only_quoted=True)
    by_entity = {id(e): s for e, s in zip(_ordered(table, quoted, True), speakers, strict=True)}
    _carry_mentions(quotes, quoted)
    for quote in quotes:
        entity = quoted.get(quote.id)
        if quote.speaker is not None and entity is not None:
            quote.speaker.speaker_id = by_entity[id(entity)].id
    return Attribution(quotes=quotes, speakers=speakers)


def _carry_mentions(quotes: list[Quote], quoted: dict[str, Entity]) -> None:
    """A continuation quote with no mention of its own is attributed by the previous one's
    (or, for a quote that runs on unclosed, by the next one's)."""
    ordered = sorted(quotes, key=lambda q: q.start)
    for i, quote in enumerate(ordered):
        if quote.speaker is not None or quote.id not in quoted:
            continue
        for other in (ordered[i - 1] if i else None, _next(ordered, i)):
            if other is not None and other.speaker is not None and \
                    quoted.get(other.id) is quoted[quote.id]:
                mention = other.speaker
                quote.speaker = Mention(mention.text, mention.start, mention.end)
                break


def _next(ordered: list[Quote], i: int) -> Quote | None:
    """The quote after the i-th, if any."""
    return ordered[i + 1] if i + 1 < len(ordered) else None


def _unclosed(quote: Quote) -> bool:
    """A direct quote whose paragraph ends before its closing mark: it runs on into the
    next paragraph, where its speaker is named."""
    text = quote.text.strip()
    return quote.type == "direct" and text[:1] in DOUBLE_MARKS and text[-1:] not in DOUBLE_MARKS


def _continue_backwards(ordered: list[Quote], quoted: dict[str, Entity]) -> None:
    """'"Riders may bring a bicycle when the conductor' + next paragraph 'says there is
    room," said Ortiz': an unclosed quote with no speaker is the
    speaker's of the quote it runs on into."""
    for i in reversed(range(len(ordered) - 1)):
        quote, following = ordered[i], ordered[i + 1]
        if quote.speaker is None and quote.id not in quoted and _unclosed(quote) and \
                following.id in quoted and \
                following.paragraph - quote.paragraph <= CONTINUATION_PARAGRAPHS:
            quoted[quote.id] = quoted[following.id]


def article_speakers(doc: Doc, quotes: list[Quote]) -> list[Speaker]:
    """Every entity of the article as a Speaker, quoted or not (for role evaluation)."""
    table, quoted = _resolve(doc, quotes)
    return _speakers(doc, table, quoted, only_quoted=False)


def _resolve(doc: Doc, quotes: list[Quote]) -> tuple[EntityTable, dict[str, Entity]]:
    """Build the article's entities and resolve each quote's mention in text order."""
    spans = [(p.start, p.end) for q in quotes for p in q.parts] or [
        (q.start, q.end) for q in quotes]
    table = EntityTable(doc, spans, _direct_spans(quotes))
    collect_names(table)
    collect_described_people(table)
    collect_parties(table)
    merge_org_aliases(table)
    extend_surnames(table)
    prefer_usual_names(table)
    add_bare_surnames(table)
    for named in table.entities:
        named.roles = dedupe_roles(r for span in named.name_spans for r in roles_of(span))
    people_by_role(table)
    infer_genders(table)
    resolver = Resolver(table)
    at_quotes = {(q.speaker.start, q.speaker.end) for q in quotes if q.speaker is not None}
    pending = [t for t in background_pronouns(doc, spans) if (t.idx, t.idx + len(t)) not in
               at_quotes]
    quoted: dict[str, Entity] = {}
    previous: Quote | None = None
    entity: Entity | None
    repaired: dict[tuple[int, int], Mention] = {}
    by_mention: dict[tuple[int, int], Entity] = {}
    for quote in sorted(quotes, key=lambda q: q.start):
        entity = None
        _repair_mention(doc, quote, repaired)
        if quote.speaker is not None:
            # Pronouns before the mention first, so chains of "he" keep their person salient.
            pending = _resolve_before(resolver, pending, quote.speaker.start)
            key = (quote.speaker.start, quote.speaker.end)
            # '"A," he said. "B."': one mention attributing two quotes names one speaker.
            entity = by_mention.get(key) or resolver.resolve(*key, _part_spans(quote))
            if entity is not None:
                by_mention[key] = entity
        elif previous is not None and previous.id in quoted and \
                quote.paragraph - previous.paragraph <= CONTINUATION_PARAGRAPHS:
            entity = quoted[previous.id]
        if entity is not None:
            quoted[quote.id] = entity
            resolver.previous = entity
        previous = quote
    _resolve_before(resolver, pending, len(doc_text(doc)))
    _continue_backwards(sorted(quotes, key=lambda q: q.start), quoted)
    return table, quoted


def _part_spans(quote: Quote) -> list[tuple[int, int]]:
    """The character ranges of a quote's parts."""
    return [(p.start, p.end) for p in quote.parts]


def _direct_spans(quotes: list[Quote]) -> list[tuple[int, int]]:
    """The parts of direct quotes: words in quotation marks, unlike reported speech, are
    someone's own and say little about who the narration is about."""
    return [(p.start, p.end) for q in quotes if q.type == "direct" for p in q.parts]


def _repair_mention(doc: Doc, quote: Quote, repaired: dict[tuple[int, int], Mention]) -> None:
    """A mention inside the description of the cue verb's named subject ('Ann Lee, who played
    for the Clark team, said') is a wrong pick: the subject is the speaker."""
    if quote.speaker is None:
        return
    key = (quote.speaker.start, quote.speaker.end)
    if key in repaired:  # the next paragraph of the same quote shares the wrong pick
        quote.speaker = Mention(repaired[key].text, repaired[key].start, repaired[key].end)
        return
    if quote.cue is None:
        return
    span = doc.char_span(quote.speaker.start, quote.speaker.end, alignment_mode="expand")
    noun = modified_person(span) if span is not None and len(span) else None
    if noun is None:
        return
    cue = quote.cue
    # The person is the cue's subject, or the whole 'Name, description,' stands right before it.
    after = noun.right_edge.idx + len(noun.right_edge)
    if (noun.dep_ in (Dep.NSUBJ, Dep.NSUBJPASS) and cue.start <= noun.head.idx < cue.end) or \
            (after <= cue.start and not doc_text(doc)[after:cue.start].strip(" ,\n")):
        name = next(e for e in doc.ents if e.start <= noun.i < e.end)
        quote.speaker = repaired[key] = Mention(name.text, name.start_char, name.end_char)


def _resolve_before(resolver: Resolver, pending: list[Token], offset: int) -> list[Token]:
    """Resolve the pending pronouns before ``offset``; return the rest."""
    done = 0
    while done < len(pending) and pending[done].idx < offset:
        resolver.resolve_pronoun(pending[done])
        done += 1
    return pending[done:]


def _ordered(table: EntityTable, quoted: dict[str, Entity], only_quoted: bool) -> list[Entity]:
    """Entities in order of first mention, only the quoted ones if asked."""
    wanted = {id(e) for e in quoted.values()}
    chosen = [e for e in table.entities if e.mentions and (id(e) in wanted or not only_quoted)]
    return sorted(chosen, key=lambda e: e.first)


def _speakers(doc: Doc, table: EntityTable, quoted: dict[str, Entity],
              only_quoted: bool) -> list[Speaker]:
    """Speaker objects with ids s1, s2, ... in order of first mention."""
    speakers: list[Speaker] = []
    ordered = _ordered(table, quoted, only_quoted)
    roles = speaker_roles(doc, ordered, table.quote_spans)
    for n, entity in enumerate(ordered, start=1):
        mentions = sorted({(m.start, m.end) for m in entity.mentions})
        speakers.append(Speaker(
            id=f"s{n}", name=entity.name, kind=entity.kind, roles=roles[id(entity)],
            mentions=[TextSpan(doc_text(doc)[s:e], s, e) for s, e in mentions],
            quote_ids=[qid for qid, e in quoted.items() if e is entity],
        ))
    return speakers
