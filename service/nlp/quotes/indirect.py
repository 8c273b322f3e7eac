"""Reported speech from the parse: complements of cues, "according to X", "X's claim that"."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from service.nlp.labels import (
    ACTIVE_SUBJECT_DEPS,
    ADVERBIAL_DEPS,
    CLAUSE_LEADING_DEPS,
    CLAUSE_SUBJECT_DEPS,
    COMPLEMENT_DEPS,
    EMBEDDED_CUE_DEPS,
    FINITE_TAGS,
    FUNCTION_POS,
    GERUND_TAGS,
    HEARER_DEPS,
    NAME_OBJECT_POS,
    NAMING_DEPS,
    NEXT_CUE_DEPS,
    NOUN_CLAUSE_DEPS,
    OBJECT_DEPS,
    PARENTHETICAL_DEPS,
    PREDICATE_POS,
    PRESENT_TAGS,
    WH_TAGS,
    Dep,
    Pos,
)
from service.nlp.model import Cue, Mention
from service.nlp.quotes.context import Parted, QuoteContext, trimmed_range
from service.nlp.quotes.cues import is_speech_noun, lexicon, phrase_cues, verb_cue, verb_lemma
from service.nlp.quotes.mentions import mention_for, subject_of
from service.nlp.text.doctext import doc_text, first_token_ending_after
from service.nlp.text.marks import ALL_MARKS

# Both sides of a mid-sentence "according to X" are content when each has this many words.
MIN_SIDE_WORDS = 3
# Cues whose object is the person addressed, never the reported clause's subject.
HEARER_VERBS = frozenset(
    {"tell", "assure", "inform", "remind", "warn", "advise", "notify", "brief", "ask", "urge"}
)
HEADLINE_CUES = frozenset({"say"})
AS_MARKERS = frozenset({"as"})
NAMING_PREPS = frozenset({"as"})
MIN_NAMING_TOKENS = 4
MIN_OBJECT_TOKENS = 4
# The charge of "accused X of [hiding the report]" needs a gerund or this many tokens.
MIN_CHARGE_TOKENS = 3
# Cues that take a gerund as an aspect, not as content ("continued working"), or as a
# title ("co-wrote Cooking With Friends").
NOT_GERUND_CUES = frozenset({"continue", "go", "keep", "start", "stop", "finish", "write"})
NOUN_CHARGE_PREPS = frozenset({"of", "with"})
# A span counts as the quote a clause reports when it covers this share of the clause.
DIRECT_COVER = 0.6
MIN_CLAUSE_TOKENS = 3
# What may follow a trailing cue in its own phrase ("…, she told Reuters on Monday.").
TRAILING_CUE_DEPS = frozenset({Dep.DOBJ, Dep.DATIVE, Dep.PREP, Dep.NPADVMOD, Dep.ADVMOD, Dep.PUNCT})
SENTENCE_BREAK_WORDS = frozenset({".", "!", "?"})
# The second half of a coordinated subject misparsed as a clausal subject.
SPLIT_SUBJECT_DEPS = frozenset({Dep.CSUBJ})
# How many tokens past a quoted range its closing mark may stand ("as “a realist.”").
QUOTE_CLOSE_REACH = 3
# A side of a parenthetical cue is content even when short ("The plan, she said, is sound"),
# unless it is only pronouns and function words ("That, he said, involved ...").
MIN_SIDE_TOKENS = 1


@dataclass(slots=True)
class Reported(Parted):
    """A cue with its speaker and the character ranges it reports (before mark handling)."""

    cue: Cue
    cue_token: int
    speaker: Mention
    parts: list[tuple[int, int]]
    confidence: float


TokenRange = tuple[int, int]


def _content_tokens(tokens: list[Token]) -> int:
    """Number of tokens that are not punctuation or spaces."""
    return sum(1 for t in tokens if not (t.is_punct or t.is_space))


def _has_subject(token: Token) -> bool:
    """True if ``token`` has a nominal subject of its own."""
    return any(c.dep_ in ACTIVE_SUBJECT_DEPS for c in token.children)


def _line_start(token: Token) -> int:
    """Index of the first token on ``token``'s line."""
    doc = token.doc
    start = doc_text(doc).rfind("\n", 0, token.idx) + 1
    i = first_token_ending_after(doc, start)
    while doc[i].is_space:
        i += 1
    return i


def _reaches_line_of(clause: Token, verb: Token) -> bool:
    """True if some of a clause lies on the cue's line: the parser runs a sentence without a
    full stop into the next paragraph ("…, he says¶While …"), which the cue never reports."""
    text = doc_text(verb.doc)
    start = text.rfind("\n", 0, verb.idx) + 1
    end = text.find("\n", verb.idx)
    end = len(text) if end < 0 else end
    last = clause.right_edge
    return clause.left_edge.idx < end and last.idx + len(last.text) > start


def _is_modifier(tokens: list[Token]) -> bool:
    """True if a span is only an adverbial clause or phrase ("As the school reopened",
    "After the vote"): every token whose head lies outside it is such a modifier."""
    if not tokens:
        return False
    inside = {t.i for t in tokens}
    # The cue lies outside the complement, so no token here is its own head (a root).
    tops = [t for t in tokens if t.head.i not in inside]
    return all(_is_adverbial(t) or t.dep_ == Dep.PUNCT or t.is_space for t in tops)


def _is_adverbial(token: Token) -> bool:
    """A prepositional phrase, or a clause opened by a subordinator ("as", "after")."""
    if token.dep_ == Dep.ADVCL:
        return any(c.dep_ == Dep.MARK for c in token.children)
    return token.dep_ in ADVERBIAL_DEPS


def _clause_start(verb: Token, comp: Token) -> int:
    """Where a complement clause starts: "said [smaller brewers …] are likely to suffer" -
    a finite clause with no subject of its own has it in the cue's object before it."""
    obj = next((c for c in verb.children if c.dep_ == Dep.DOBJ and c.i < comp.i), None)
    # The object of "told [reporters]" is the hearer; "what [officials say] is" is fronted.
    if (
        obj is None
        or verb.lemma_.lower() in HEARER_VERBS
        or obj.tag_ in WH_TAGS
        or any(c.dep_ in CLAUSE_SUBJECT_DEPS for c in comp.children)
    ):
        return comp.left_edge.i
    finite = comp.tag_ in FINITE_TAGS or any(
        c.dep_ == Dep.AUX and c.tag_ in FINITE_TAGS for c in comp.children
    )
    return min(obj.left_edge.i, comp.left_edge.i) if finite else comp.left_edge.i


def _right_clause(verb: Token, comps: list[Token]) -> TokenRange:
    """Token range of a clause after its cue, over split complements and coordinated clauses."""
    doc = verb.doc
    lo = min(_clause_start(verb, c) for c in comps)
    hi = max(c.right_edge.i for c in comps)
    for child in verb.rights:
        # "said repeatedly that …": a modifier before "that" belongs to the cue.
        if child.i < lo and child.dep_ in CLAUSE_LEADING_DEPS and doc[lo].lower_ != "that":
            lo = child.left_edge.i
        elif child.i > hi and child.dep_ == Dep.CONJ and _has_subject(child):
            hi = child.right_edge.i if verb_lemma(child) is None else hi
    return lo, _cut_at_next_cue(verb.doc, lo, hi)


def _cut_at_next_cue(doc: Doc, lo: int, hi: int) -> int:
    """End the clause before a further cue of the same speaker ("… and added: “…”", "…,
    saying …"), which reports its own quote."""
    for tok in doc[lo + 1 : hi + 1]:
        if tok.dep_ not in NEXT_CUE_DEPS or verb_lemma(tok) is None:
            continue
        # "… and he said …" ends before the cue's subject.
        coordinated = _coordinated_report(tok)
        if coordinated or _starts_next_quote(tok):
            end = (tok.left_edge.i if coordinated else tok.i) - 1
            while end > lo and (doc[end].dep_ == Dep.CC or doc[end].is_punct):
                end -= 1
            return end
    return hi


def _coordinated_report(verb: Token) -> bool:
    """True for "… and he said [things will change]": a coordinated cue with a subject and
    a clause of its own reports its own quote."""
    return (
        verb.dep_ == Dep.CONJ
        and _has_subject(verb)
        and any(c.dep_ in COMPLEMENT_DEPS and c.i > verb.i for c in verb.children)
    )


def _starts_next_quote(verb: Token) -> bool:
    """True if a cue inside a reported clause is the speaker's own next act ("…, adding
    …"): it has no subject of its own, is not passive ("if they are asked to leave" names
    the hearer), not subordinate ("if …") and no infinitive ("done to confirm it")."""
    return not _has_subject(verb) and not any(
        c.dep_ in EMBEDDED_CUE_DEPS or (c.dep_ == Dep.AUX and c.lower_ == "to")
        for c in verb.children
    )


def _complement(verb: Token) -> list[TokenRange]:
    """Token ranges of the clause ``verb`` reports, from its parse; empty if none."""
    doc = verb.doc
    comps = [
        c
        for c in verb.children
        if c.dep_ in COMPLEMENT_DEPS
        and not c.left_edge.i <= verb.i <= c.right_edge.i
        and _reaches_line_of(c, verb)
    ] or _misparsed_that_clause(verb)
    # "which the inquiry said [were covered up]": the fronted relative pronoun puts the
    # clause's left edge before the cue; the reported words are those after it.
    fronted = [
        c
        for c in verb.children
        if c.dep_ in COMPLEMENT_DEPS
        and c.i > verb.i
        and c.left_edge.i < verb.i
        and c.left_edge.tag_ in WH_TAGS
    ]
    if fronted and not comps:
        lo, hi = verb.i + 1, fronted[0].right_edge.i
        if _content_tokens(list(doc[lo : hi + 1])) < MIN_CLAUSE_TOKENS:
            return []
        return [(lo, hi)]
    right = [c for c in comps if c.i > verb.i]
    if right:
        lo, hi = _right_clause(verb, right)
    elif comps:
        lo, hi = comps[-1].left_edge.i, comps[-1].right_edge.i
        # The parser runs sentences across line breaks ("Story continues below ...¶After
        # the vote, X acknowledged ..."): what is left on the cue's line may be a modifier.
        if _is_modifier(list(doc[max(lo, _line_start(verb)) : hi + 1])):
            return []
    elif _is_parenthetical(verb):
        return _around_parenthetical(verb)
    else:
        return (
            _demand(verb)
            or _charge(verb)
            or _naming(verb)
            or _gerund(verb)
            or _object(verb)
            or _split_subject(verb)
            or _trailing(verb)
        )
    if _content_tokens(list(doc[lo : hi + 1])) < MIN_CLAUSE_TOKENS:
        return []
    return [(lo, hi)]


def _split_subject(verb: Token) -> list[TokenRange]:
    """ "Park said [rising rents and lost hours have hurt the shops]": the parser took the
    clause's coordinated subject apart, the first half as the cue's object and the verb as
    a second conjunct of the cue, whose clausal subject ("lost hours") shows the misparse."""
    obj = next((c for c in verb.rights if c.dep_ == Dep.DOBJ), None)
    if obj is None:
        return []
    for conj in verb.rights:
        split = any(c.dep_ in SPLIT_SUBJECT_DEPS and c.i > obj.i for c in conj.children)
        if conj.dep_ == Dep.CONJ and conj.i > obj.i and split and not _has_subject(conj):
            return [(obj.left_edge.i, conj.right_edge.i)]
    return []


def _trailing(verb: Token) -> list[TokenRange]:
    """The clause before a cue that closes its sentence ("[Kim left on Monday], the agency
    said."), however the parser attached the cue: its subject follows a comma and nothing
    but the cue's own hearer, time or place follows it."""
    doc = verb.doc
    subject = next((c for c in verb.lefts if c.dep_ in ACTIVE_SUBJECT_DEPS), None)
    if subject is None or subject.left_edge.i < 1 or doc[subject.left_edge.i - 1].text != ",":
        return []
    if any(c.dep_ not in TRAILING_CUE_DEPS for c in verb.rights):
        return []
    hi = subject.left_edge.i - 2
    lo = hi
    while lo > verb.sent.start and not _breaks_before(doc[lo - 1]):
        lo -= 1
    tokens = list(doc[lo : hi + 1])
    if _content_tokens(tokens) < MIN_CLAUSE_TOKENS or _only_modifiers(tokens):
        return []
    # "But when Congress cut funding, Mexico said enough": a clause hanging on the cue is
    # its circumstance; the reported clause is the one the cue hangs on.
    if any(t.head == verb for t in tokens):
        return []
    if not any(t.tag_ in FINITE_TAGS for t in tokens):
        return []
    return [(lo, hi)]


def _breaks_before(token: Token) -> bool:
    """True if a clause cannot reach back past ``token``: a sentence end or a line break
    (the parser runs sentences over headlines)."""
    return token.text in SENTENCE_BREAK_WORDS or "\n" in token.text


def _only_modifiers(tokens: list[Token]) -> bool:
    """True if a span hangs on the outside only by adverbial clauses or phrases ("If you
    ask me", "After the vote"); a span holding its own root is a clause."""
    inside = {t.i for t in tokens}
    tops = [t for t in tokens if t.head.i not in inside]
    return bool(tops) and all(_is_adverbial(t) or t.dep_ == Dep.PUNCT or t.is_space for t in tops)


def _demand(verb: Token) -> list[TokenRange]:
    """What a demand cue asks for: "called for [a rent freeze]", "urged [the board to act]"."""
    demands = lexicon().demands
    base = verb.lemma_.lower()
    infinitive = next((c for c in verb.rights if c.dep_ == Dep.XCOMP and _is_infinitive(c)), None)
    # Without an infinitive a demand is too often no speech ("called for an ambulance",
    # "called him on Thursday").
    if infinitive is None:
        return []
    for child in verb.rights:
        if child.i > infinitive.i:
            break
        if child.dep_ == Dep.PREP and f"{base} {child.lower_}" in demands and child.n_rights:
            lo = child.i + 1
        elif child.dep_ == Dep.DOBJ and base in demands:
            lo = child.left_edge.i
        else:
            continue
        hi = infinitive.right_edge.i
        if _content_tokens(list(verb.doc[lo : hi + 1])) < MIN_CLAUSE_TOKENS - 1:
            return []
        return [(lo, hi)]
    return []


def _charge(verb: Token) -> list[TokenRange]:
    """What a speaker holds against someone: "accused [the mayor of hiding the report]";
    the preposition must carry a gerund or a longer phrase ("praised her for [it]" says little)."""
    obj = next((c for c in verb.rights if c.dep_ == Dep.DOBJ), None)
    if obj is None:
        return []
    base = verb.lemma_.lower()
    for prep in [*verb.rights, *(p for p in obj.rights if _charge_on_object(obj, p))]:
        if prep.dep_ != Dep.PREP or f"{base} {prep.lower_}" not in lexicon().charges:
            continue
        lo, hi = obj.left_edge.i, prep.right_edge.i
        said = list(verb.doc[prep.i + 1 : hi + 1])
        if _content_tokens(said) >= MIN_CHARGE_TOKENS or _has_gerund(prep):
            return [(lo, hi)]
    return []


def _charge_on_object(obj: Token, prep: Token) -> bool:
    """True if a preposition the parser hung on the object is the cue's: on a name or
    pronoun ("accused [X [of …]]"), or "of"/"with" + gerund on a noun ("the landlord of
    ignoring"); a noun's own "for" stays its own ("praised [China's support for talks]")."""
    return obj.pos_ in NAME_OBJECT_POS or (prep.lower_ in NOUN_CHARGE_PREPS and _has_gerund(prep))


def _has_gerund(prep: Token) -> bool:
    """True if a preposition governs a gerund ("of [hiding] the report")."""
    return any(c.tag_ in GERUND_TAGS for c in prep.children)


def _object(verb: Token) -> list[TokenRange]:
    """What an object cue reports: "cited [the rising cost of rent in the city]"; short or
    pronoun objects ("noted it", "cited the law") name a topic, not what was said."""
    if verb.lemma_.lower() not in lexicon().objects:
        return []
    obj = next((c for c in verb.rights if c.dep_ == Dep.DOBJ), None)
    if obj is None or obj.pos_ == Pos.PRON:
        return []
    lo, hi = obj.left_edge.i, obj.right_edge.i
    if _content_tokens(list(verb.doc[lo : hi + 1])) < MIN_OBJECT_TOKENS:
        return []
    return [(lo, hi)]


def _gerund(verb: Token) -> list[TokenRange]:
    """What a cue reports as a gerund: "admitted [taking the money]", "proposed [taxing
    carbon]"; "continued working" goes on doing, it reports nothing."""
    if verb.lemma_.lower() in NOT_GERUND_CUES:
        return []
    gerund = next((c for c in verb.rights if c.dep_ == Dep.XCOMP and c.tag_ in GERUND_TAGS), None)
    if gerund is None:
        return []
    lo, hi = gerund.left_edge.i, gerund.right_edge.i
    if _content_tokens(list(verb.doc[lo : hi + 1])) < MIN_CLAUSE_TOKENS:
        return []
    return [(lo, hi)]


def _is_infinitive(verb: Token) -> bool:
    """True for a "to" infinitive ("to reopen the clinic")."""
    return any(c.dep_ == Dep.AUX and c.lower_ == "to" for c in verb.children)


def _misparsed_that_clause(verb: Token) -> list[Token]:
    """ "told a gathering of leaders [that few people understood it]": the parser hangs the
    that-clause on the hearer as a relative clause; "that" as its marker (not its subject
    or object) shows it is the complement."""
    obj = next((c for c in verb.rights if c.dep_ in HEARER_DEPS), None)
    if obj is None:
        return []
    for tok in obj.subtree:
        first = tok.left_edge
        if tok.dep_ == Dep.RELCL and first.lower_ == "that" and first.dep_ == Dep.MARK:
            return [tok]
    return []


def _naming(verb: Token) -> list[TokenRange]:
    """What a naming verb says of its object: "called it [a bandage solution]"; any cue
    quoting its words after "as" names too ("condemned [the test as “reckless”]")."""
    naming = verb.lemma_.lower() in lexicon().naming
    obj = next((c for c in verb.rights if c.dep_ == Dep.DOBJ), None)
    # The parser may hang "as …" on the object ("condemned [the test [as …]]").
    on_object = [c for c in obj.rights if c.dep_ == Dep.PREP] if obj is not None else []
    for child in [*verb.rights, *on_object]:
        if child.dep_ in NAMING_DEPS and naming:
            lo, hi = child.left_edge.i, child.right_edge.i
        elif child.dep_ == Dep.PREP and child.lower_ in NAMING_PREPS and child.n_rights:
            lo, hi = child.i + 1, child.right_edge.i
        else:
            continue
        if not naming and not any(t.text in ALL_MARKS for t in verb.doc[lo : hi + 1]):
            return []
        # Short labels ("a “woke” policy") are characterisations, not reported speech,
        # unless quoted: "described herself as “a realist”" gives the speaker's words.
        short = _content_tokens(list(verb.doc[lo : hi + 1])) < MIN_NAMING_TOKENS
        if naming and short and not _is_quoted(verb.doc, lo, hi):
            return []
        # The named thing belongs to what was said: "called [the deal a gift to X]".
        start = obj.left_edge.i if obj is not None and obj.i < lo else lo
        return [(start, hi)]
    return []


def _is_quoted(doc: Doc, lo: int, hi: int) -> bool:
    """True if a token range opens with a quotation mark that closes in it or right after
    it (the parser hangs a closing “.”” on the verb)."""
    closing = doc[lo + 1 : min(hi + QUOTE_CLOSE_REACH, len(doc))]
    return doc[lo].text in ALL_MARKS and any(t.text in ALL_MARKS for t in closing)


def _is_parenthetical(verb: Token) -> bool:
    """A cue inserted in the clause it reports: "The plan, she said, is sound", "As the
    minister noted, the deal was never signed"."""
    if verb.head == verb:
        return False
    if verb.dep_ in PARENTHETICAL_DEPS:
        # The parser may hang "…, he said, …" on a noun of the clause ("[Boris [and
        # colleagues hid …]], he said, but …"); the commas still set it off.
        return verb.head.pos_ in PREDICATE_POS or _set_off_by_commas(verb)
    if verb.head.pos_ not in PREDICATE_POS:
        return False
    # "as" clauses report only when set off by a comma and with no object of their own
    # ("He left as the crowd said goodbye" is about time).
    doc = verb.doc
    after = verb.right_edge.i + 1
    before = verb.left_edge.i - 1
    return (
        verb.dep_ == Dep.ADVCL
        and any(c.dep_ == Dep.MARK and c.lower_ in AS_MARKERS for c in verb.children)
        and not any(c.dep_ in OBJECT_DEPS for c in verb.children)
        and (
            doc[after - 1].text == ","
            or (after < len(doc) and doc[after].text == ",")
            # A trailing "…, as the union noted." closes its sentence after the comma.
            or (before > verb.head.i and doc[before].text == "," and _ends_sentence(verb))
        )
    )


def _set_off_by_commas(verb: Token) -> bool:
    """True if a comma opens and closes a cue's phrase, inside it or right beside it."""
    doc = verb.doc
    lo, hi = verb.left_edge.i, verb.right_edge.i
    opens = doc[lo].text == "," or (lo > 0 and doc[lo - 1].text == ",")
    closes = doc[hi].text == "," or (hi + 1 < len(doc) and doc[hi + 1].text == ",")
    return opens and closes


def _ends_sentence(verb: Token) -> bool:
    """True if only punctuation follows ``verb``'s clause in its sentence."""
    return all(t.is_punct or t.is_space for t in verb.doc[verb.right_edge.i + 1 : verb.sent.end])


def _around_parenthetical(verb: Token) -> list[TokenRange]:
    """The clause around a parenthetical cue: each side with real content."""
    doc = verb.doc
    # On a noun the clause around the cue is the whole sentence's.
    head = verb.head if verb.head.pos_ in PREDICATE_POS else verb.sent.root
    lo, hi = head.left_edge.i, head.right_edge.i
    sides = [(lo, verb.left_edge.i - 1), (verb.right_edge.i + 1, hi)]
    return [(a, b) for a, b in sides if _is_content_side(list(doc[a : b + 1]))]


def _is_content_side(tokens: list[Token]) -> bool:
    """True if one side of a parenthetical cue says something beyond pronouns."""
    return _content_tokens(tokens) >= MIN_SIDE_TOKENS and any(
        t.pos_ not in FUNCTION_POS for t in tokens
    )


def _char_parts(
    doc: Doc, ranges: list[TokenRange], bounds: tuple[int, int]
) -> list[tuple[int, int]]:
    """Trimmed character ranges of token ranges, within a paragraph."""
    parts = [trimmed_range(doc, lo, hi, bounds) for lo, hi in ranges]
    return [p for p in parts if p is not None]


def _headline_says(verb: Token) -> bool:
    """Subheads attribute with a present "says" ("Witness says water surged", "Toll will
    rise, officials say"); the title and links ("READ MORE: X says …") do not."""
    if verb.tag_ not in PRESENT_TAGS or verb.lemma_.lower() not in HEADLINE_CUES:
        return False
    # The title line is a teaser ("Mayor says ‘no more delays’ on transit line").
    if "\n" not in doc_text(verb.doc)[: verb.idx].strip():
        return False
    line_start = doc_text(verb.doc).rfind("\n", 0, verb.idx) + 1
    return ":" not in doc_text(verb.doc)[line_start : verb.idx]


def verb_reports(ctx: QuoteContext) -> list[Reported]:
    """Every reporting verb outside quotation marks with a subject and a reported clause."""
    found: list[Reported] = []
    for tok in ctx.doc:
        if ctx.in_quote(tok) or (ctx.is_headline(tok.idx) and not _headline_says(tok)):
            continue
        # Charge-only verbs ("mocked X for …") report only their charge, never a quote.
        cue = verb_cue(tok, charges=True)
        if cue is None:
            continue
        subject = subject_of(tok, ctx.in_quote, ctx.elsewhere(tok))
        if subject is None or ctx.in_quote(subject):
            continue
        bounds = ctx.paragraph_bounds(ctx.paragraph_of(tok.idx))
        ranges = _complement(tok) if verb_lemma(tok) is not None else _charge(tok)
        parts = _char_parts(ctx.doc, ranges, bounds)
        if parts:
            found.append(Reported(cue, tok.i, mention_for(subject), parts, 0.8))
    return found


def according_reports(ctx: QuoteContext) -> list[Reported]:
    """Sentences attributed with "according to X": the sentence minus the phrase."""
    doc = ctx.doc
    found: list[Reported] = []
    for cue, last in phrase_cues(doc):
        first = doc.char_span(cue.start, cue.end, alignment_mode="expand")
        if first is None or ctx.in_quote(first[0]):
            continue
        source = next((c for c in doc[last].children if c.dep_ == Dep.POBJ), None)
        if source is None:
            continue
        phrase_lo = first[0].i
        phrase_hi = _phrase_end(doc, last, source)
        sent = first[0].sent
        bounds = ctx.paragraph_bounds(ctx.paragraph_of(cue.start))
        before = trimmed_range(doc, sent.start, phrase_lo - 1, bounds)
        after = trimmed_range(doc, phrase_hi + 1, sent.end - 1, bounds)
        # "That's according to X" points back to what came before; it says nothing itself.
        sides = [s for s in (before, after) if s is not None and _says_something(doc, s)]
        if not sides:
            continue
        # "At the heart of it, according to X, is a row over fees": both sides are content.
        parts = [s for s in sides if _words(doc_text(doc)[s[0] : s[1]]) >= MIN_SIDE_WORDS]
        if len(parts) < len(sides) or len(parts) < 2:
            parts = [max(sides, key=lambda s: s[1] - s[0])]
        found.append(Reported(cue, last, mention_for(source), parts, 0.75))
    return found


def _says_something(doc: Doc, chars: tuple[int, int]) -> bool:
    """True if a character range holds more than pronouns and function words."""
    span = doc.char_span(*chars, alignment_mode="expand")
    return span is not None and any(t.pos_ not in FUNCTION_POS | {Pos.AUX} for t in span)


def _words(text: str) -> int:
    """Number of whitespace-separated words."""
    return len(text.split())


def _phrase_end(doc: Doc, last: int, source: Token) -> int:
    """Where "according to X" ends: at X's right edge, or at the comma closing a fronted
    phrase when the parse hangs the sentence off X ("According to X, the move reeks ...")."""
    end = max(source.right_edge.i, last)
    if doc[last].i == doc[last].sent.start + 1:
        for tok in doc[source.i + 1 : end + 1]:
            if tok.text == ",":
                return tok.i
    return end


def _by_agent(noun: Token) -> Token | None:
    """The maker of a speech noun named in a by-phrase ("the claim by the minister that")."""
    for prep in noun.children:
        if prep.dep_ == Dep.PREP and prep.lower_ == "by":
            return next((c for c in prep.children if c.dep_ == Dep.POBJ), None)
    return None


def noun_reports(ctx: QuoteContext) -> list[Reported]:
    """ "X's statement that ...": a speech noun with a possessor and a "that" clause."""
    doc = ctx.doc
    found: list[Reported] = []
    for tok in doc:
        if not is_speech_noun(tok) or ctx.in_quote(tok):
            continue
        owner = next((c for c in tok.children if c.dep_ == Dep.POSS), None) or _by_agent(tok)
        clause = next((c for c in tok.children if c.dep_ in NOUN_CLAUSE_DEPS), None)
        if owner is None or clause is None:
            continue
        if not any(c.dep_ == Dep.MARK and c.lower_ == "that" for c in clause.children):
            continue
        bounds = ctx.paragraph_bounds(ctx.paragraph_of(tok.idx))
        span = trimmed_range(doc, clause.left_edge.i, clause.right_edge.i, bounds)
        if span is None:
            continue
        cue = Cue(tok.text, tok.idx, tok.idx + len(tok.text), tok.lemma_.lower())
        found.append(Reported(cue, tok.i, mention_for(owner), [span], 0.7))
    return found
