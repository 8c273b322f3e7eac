"""Filling an article's entity table: NER names, surnames the NER missed, genders."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span, Token

from service.nlp.labels import PARTY_LABELS, PLACE_LABELS, SUBJECT_DEPS, Dep, Ent, Pos, Tag
from service.nlp.speakers.entities import (
    FEMALE_HONORIFICS,
    MALE_HONORIFICS,
    NAME_LABELS,
    NAME_WORD,
    Entity,
    EntityTable,
    in_any,
    longest_written,
    name_span,
    split_at_breaks,
)
from service.nlp.speakers.lexicon import (
    FEMALE_PRONOUNS,
    KIN_NOUNS,
    MALE_PRONOUNS,
    ORG_NOUNS,
    PERSON_NOUNS,
    PERSON_ROLE_HEADS,
    TITLE_WORDS,
    UNNAMED_NOUNS,
    Gender,
    first_name_genders,
)
from service.nlp.text.doctext import doc_text
from service.nlp.text.names import (
    HONORIFICS,
    PARTICLES,
    NameKey,
    display_name,
    fold,
    is_variant,
    misspelt,
    name_key,
    surname,
)

# Appositive heads that make an unlabelled proper noun a person.
_PERSON_HEADS = PERSON_NOUNS | TITLE_WORDS | UNNAMED_NOUNS
# Pronouns of one gender, net of the other, that overrule the given-name lexicon.
PRONOUN_OVERRIDE = 2
# Share of capitalised words that makes a line without a full stop a headline.
HEADLINE_CAPITALISED = 0.6
# Longest line taken for a headline.
MAX_HEADLINE_CHARS = 300


def collect_names(table: EntityTable) -> None:
    """Cluster every PERSON and ORG name of the article, persons first so surnames find them."""
    doc = table.doc
    personal = _personal_names(doc.ents)
    # Persons first so surnames find them; names in headlines last, so they find the body's.
    ents = sorted(doc.ents, key=lambda e: (e.label_ != Ent.PERSON and e.start not in personal,
                                           _in_headline(e), e.start))
    boilerplate = _repeated_lines(doc_text(doc))
    mostly_org = _mostly_org_words(ents)
    for ent, piece in ((e, p) for e in ents for p in split_at_breaks(e)):
        kind = NAME_LABELS.get(ent.label_)
        span = name_span(piece) if kind else None
        if span is None or kind is None or _line_of(span) in boilerplate:
            continue
        if kind == "person" and len(span) == 1 and fold(span.text) in mostly_org:
            kind = "organization"
        if kind == "person" and not looks_like_person_name(span):
            continue
        if kind == "person" and _named_like_org(span):
            kind = "organization"
        if kind == "organization" and (ent.start in personal or _is_person_surname(table, span)
                                       or _written_with_given_name(span)):
            kind = "person"
        if kind == "organization":
            table.add_org(span).place = ent.label_ in PLACE_LABELS
        elif not _headline_variant(table, span):
            table.add_name(span, kind, new=introduces_relative(table, span))


def _headline_variant(table: EntityTable, span: Span) -> bool:
    """'Varga Speech Draws Fire', 'Crowd Cheers Edith Varga': a name on a headline line runs
    into the headline's words, so there it only joins a person the article names, by the
    longest run of its words that fits one."""
    if len(span) < 2 or not _in_headline(span):
        return False
    pieces = sorted(((a, b) for a in range(span.start, span.end)
                     for b in range(a + 1, span.end + 1)), key=lambda ab: ab[0] - ab[1])
    for start, end in pieces:
        words = table.doc[start:end]
        key = name_key(words.text)
        known = table.match_name(key, "person", span.start_char) if key else None
        if known is not None and len(known.key) >= len(key):
            table.add_mention(known, words, named=True)
            return True
    return False


def is_headline(line: str, first: bool = False) -> bool:
    """A line in title case with no closing full stop (the article's first line may have
    one): a headline or a section title."""
    words = [w for w in line.split() if w[:1].isalpha()]
    capitalised = sum(w[:1].isupper() for w in words)
    closed = line.rstrip().endswith(("?", "!", "\"", "”", ":") if first else
                                    (".", "?", "!", "\"", "”", ":"))
    return len(words) >= 3 and not closed and capitalised >= HEADLINE_CAPITALISED * len(words)


def _in_headline(span: Span) -> bool:
    """Whether a span sits on a headline line (a short one: long lines are text)."""
    text = doc_text(span.doc)
    start = text.rfind("\n", 0, span.start_char) + 1
    end = text.find("\n", span.end_char)
    if (end if end >= 0 else len(text)) - start > MAX_HEADLINE_CHARS:
        return False
    return is_headline(_line_of(span), first=start == 0)


def _personal_names(ents: Sequence[Span]) -> set[int]:
    """Starts of names the NER labelled ORG or GPE that read as a person's: personal-looking
    words with a known given name first, or ending in a surname it labels PERSON elsewhere
    ('MONCTON — Ada Brink won …; Brink said'). The label is evidence, not the verdict."""
    surnames = {fold(e[-1].text) for e in ents if e.label_ == Ent.PERSON and len(e) <= 4}
    givens = first_name_genders()
    return {e.start for e in ents if e.label_ in NAME_LABELS and e.label_ != Ent.PERSON
            and _looks_personal(e) and (fold(e[0].text) in givens
                                        or fold(e[-1].text) in surnames)}


def introduces_relative(table: EntityTable, span: Span) -> bool:
    """'Marsh's husband, Thomas,': a lone given name in apposition to a relation of a known
    family is a new person, not someone of another family with that first name."""
    root = span.root
    if len(span) != 1 or root.dep_ != Dep.APPOS or root.head.lemma_.lower() not in KIN_NOUNS:
        return False
    # 'his brother Daniel' may well be the Daniel Okafor named before: only a named family
    # ('Marsh's') tells the relative apart from him.
    family = next((fold(c.text) for c in root.head.children
                   if c.dep_ == Dep.POSS and c.pos_ == Pos.PROPN), None)
    if family is None or all(p.key[-1:] != (family,) for p in table.persons()):
        return False
    known = table.match_name(name_key(span.text), "person", span.start_char)
    return known is not None and known.key[-1:] != (family,)


def _mostly_org_words(ents: list[Span]) -> set[str]:
    """One-word names the NER tags ORG more often than PERSON ('Facebook'): a stray PERSON
    tag must not turn the company into a person."""
    votes: dict[str, int] = {}
    for ent in ents:
        if len(ent) == 1 and ent.label_ in (Ent.ORG, Ent.PERSON):
            word = fold(ent.text)
            votes[word] = votes.get(word, 0) + (1 if ent.label_ == Ent.ORG else -1)
    return {word for word, vote in votes.items() if vote > 0}


def _repeated_lines(text: str) -> set[str]:
    """Lines a page repeats ('Story continues below advertisement'): site furniture."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return {line for line in lines if lines.count(line) > 1}


def _line_of(span: Span) -> str:
    """The stripped line of text a span sits on."""
    text = doc_text(span.doc)
    start = text.rfind("\n", 0, span.start_char) + 1
    end = text.find("\n", span.end_char)
    return text[start:end if end >= 0 else len(text)].strip()


def collect_parties(table: EntityTable) -> None:
    """'the Federalists', 'the Rovers': a plural proper noun after 'the' (unlabelled, or a
    NORP) names a party or team, a group 'they' can point back to."""
    doc = table.doc
    for tok in doc:
        if tok.tag_ == Tag.NNPS and tok.is_title and tok.ent_type_ in PARTY_LABELS and \
                tok.i > 0 and doc[tok.i - 1].lower_ == "the" and not _name_goes_on(tok):
            table.add_org(doc[tok.i:tok.i + 1], kind="group").plural = True


def _written_with_given_name(span: Span) -> bool:
    """An ORG or GPE name that starts with a known given name, or a one-word one the article
    also writes after one ('Stanton' after 'Mayor Greg Stanton'): a person, whatever the
    label says."""
    if len(span) > 1:
        return _looks_personal(span) and fold(span[0].text) in first_name_genders()
    if not span[0].is_title:
        return False
    full = longest_written(span.doc, fold(span.text))
    return full is not None and fold(full[0].text) in first_name_genders()


def _named_like_org(span: Span) -> bool:
    """'Florida Democratic Black Caucus' tagged PERSON: a name ending in an organisation noun
    whose first word is no given name ('Mary Church' stays a person)."""
    return len(span) > 1 and span[-1].lemma_.lower() in ORG_NOUNS and \
        fold(span[0].text) not in first_name_genders()


def _name_goes_on(token: Token) -> bool:
    """'the Mayors Caucus': a longer name, not a group of mayors."""
    nxt = token.i + 1
    return nxt < len(token.doc) and token.doc[nxt].tag_ in (Tag.NNP, Tag.NNPS)


def collect_described_people(table: EntityTable) -> None:
    """Unlabelled names the article describes as people: 'Yuni, a resident of Lampung'."""
    covered = {i for e in table.entities for ns in e.name_spans for i in range(ns.start, ns.end)}
    for tok in table.doc:
        if tok.pos_ != Pos.PROPN or tok.ent_iob_ != "O" or tok.i in covered or not tok.is_title:
            continue
        if any(c.dep_ == Dep.APPOS and c.lemma_.lower() in _PERSON_HEADS for c in tok.children):
            start = tok.i
            while start > 0 and tok.doc[start - 1].dep_ == Dep.COMPOUND and \
                    tok.doc[start - 1].head.i == tok.i and tok.doc[start - 1].is_title:
                start -= 1
            table.add_name(tok.doc[start:tok.i + 1], "person")


def looks_like_person_name(span: Span) -> bool:
    """Person names are capitalised words and particles: not 'Birth of Modern Canada'."""
    # A slash joins a photographer to an agency in credits ('Jo Smith/CBC News').
    return "/" not in span.text and all(
        t.is_punct or t.text[:1].isupper() or fold(t.text) in PARTICLES
        or not t.text[:1].isalpha() or _after_hyphen(t) for t in span)


def _after_hyphen(token: Token) -> bool:
    """The lower-case part of a hyphenated given name ('Jong-un')."""
    return token.i > 0 and token.doc[token.i - 1].text == "-" and \
        token.doc[token.i - 1].whitespace_ == ""


def merge_org_aliases(table: EntityTable) -> None:
    """'The Post' is the 'Washington Post' and 'State' the 'State Department' named before:
    a short organisation name is the one longer name it ends, or begins before only
    organisation nouns. A short name that could be either of two stays apart."""
    surnames = {w for p in table.persons() for w in p.key}
    orgs = [e for e in table.entities if e.kind == "organization" and not e.place and e.key]
    # Candidates by last and first word, so each short name meets only names it can fit.
    by_edge: dict[str, list[Entity]] = {}
    for org in orgs:
        for word in {org.key[0], org.key[-1]}:
            by_edge.setdefault(word, []).append(org)
    absorbed: set[int] = set()
    for alias in orgs:
        if set(alias.key) & surnames:
            continue  # 'Trump' is not the 'Trump Organization'
        near = {id(e): e for w in {alias.key[0], alias.key[-1]} for e in by_edge.get(w, ())}
        # A short form points back: the full name comes first.
        fuller = [e for e in near.values() if e is not alias and id(e) not in absorbed
                  and e.first < alias.first and _org_alias_of(alias.key, e.key)]
        if len(fuller) == 1:
            table.absorb(fuller[0], alias)
            absorbed.add(id(alias))


def _org_alias_of(short: NameKey, full: NameKey) -> bool:
    """Whether an organisation's short name abbreviates its full name: the full name's
    last words (not a bare organisation noun: 'House' is not the 'White House'), or its
    first words followed by organisation nouns only."""
    n = len(short)
    if n >= len(full):
        return False
    if full[-n:] == short:
        return not all(w in ORG_NOUNS for w in short)
    return full[:n] == short and all(w in ORG_NOUNS for w in full[n:])


def extend_surnames(table: EntityTable) -> None:
    """'Pardell' -> 'Ivo Pardell' when the full name is written somewhere the NER missed."""
    for entity in table.persons():
        if len(entity.key) != 1:
            continue
        # 'Mr. Obama' is not the 'Michelle Obama' written elsewhere.
        known = _honorific_gender(entity)
        unfit: Gender | None = None if known is None else "f" if known == "m" else "m"
        full = longest_written(table.doc, entity.key[0], unfit)
        if full is not None:
            entity.key, entity.name = name_key(full.text), display_name(full.text)


def prefer_usual_names(table: EntityTable) -> None:
    """'Ted Cruz' over a 'Rafael Edward Cruz' written once: of a person's full names, the
    form the article writes most (the longest of equally frequent ones) is the name."""
    givens = first_name_genders()
    for person in table.persons():
        forms: dict[tuple[str, ...], list[str]] = {}
        honoured = {name_key(s.text) for s in person.name_spans if _after_honorific(s)}
        for span in person.name_spans:
            key = name_key(span.text)
            # A surname of two words ('De Blasio', 'Mr. Guajardo Villarreal') is no full
            # name; 'Ada Brink' after a 'CLEVELAND Ada Brink' the NER ran together is.
            inner = person.key[-len(key):] == key and key != person.key
            if len(key) > 1 and is_variant(key, person.key) and not (inner and (
                    key in honoured or key == surname(person.key)) and key[0] not in givens):
                forms.setdefault(key, []).append(display_name(span.text))
        if len(forms) < 2:
            continue
        key, written = max(forms.items(), key=lambda kv: (len(kv[1]), len(kv[0])))
        if len(written) > len(forms.get(person.key, [])):
            person.key, person.name = key, written[0]


def _after_honorific(span: Span) -> bool:
    """A name written with an honorific or title ('Mr. X', 'Mayor X'): a surname form."""
    words = [fold(t.text) for t in span.doc[max(span.start - 1, 0):span.start + 1]]
    return any(w in HONORIFICS or w in TITLE_WORDS for w in words)


def add_bare_surnames(table: EntityTable) -> None:
    """Surnames of known people the NER left unlabelled ('Lindqvist has four goals')."""
    covered = {i for e in table.entities for m in e.mentions
               for i in range(m.start, m.end)}
    surnames = {p.key[-1] for p in table.persons() if len(p.key) > 1}
    for tok in table.doc:
        if tok.idx in covered or not tok.is_title or not _surname_like(tok, surnames):
            continue
        # Unlabelled, or a one-word entity of any label (the NER calls 'Ashby' NORP).
        alone = tok.ent_iob_ == "O" or (tok.ent_iob_ == "B" and (
            tok.i + 1 == len(tok.doc) or tok.doc[tok.i + 1].ent_iob_ != "I"))
        if not (tok.pos_ == Pos.PROPN or _singular_subject(tok)) or not alone:
            continue
        person = table.match_name((fold(tok.text),), "person", tok.idx)
        if person is not None and person.kind == "person":
            table.add_mention(person, table.doc[tok.i:tok.i + 1], named=True)


def _singular_subject(token: Token) -> bool:
    """'Wines believes': a capitalised plural noun whose verb is singular is a name the
    tagger took for a noun."""
    return token.tag_ == Tag.NNS and token.dep_ in SUBJECT_DEPS and token.head.tag_ == Tag.VBZ


def _surname_like(token: Token, surnames: set[str]) -> bool:
    """A known surname, or a one-letter slip of one that a clause is about ('Wines believes')."""
    word = fold(token.text)
    return word in surnames or (token.dep_ in SUBJECT_DEPS and token.ent_iob_ == "O" and any(
        misspelt(word, known) for known in surnames))


def _is_person_surname(table: EntityTable, span: Span) -> bool:
    """An ORG-labelled name that is a known person's: 'Carrow', or 'Nadia Karim' after 'Karim'."""
    key = name_key(span.text)
    if len(key) == 1:
        return any(is_variant(key, p.key) for p in table.persons())
    return _looks_personal(span) and any(p.key[-1:] == key[-1:] for p in table.persons())


def _looks_personal(span: Span) -> bool:
    """Two to four proper-noun name words, none of them an organisation noun ('Bank')."""
    words = [t for t in span if t.text not in ("-", ".")]
    return 2 <= len(words) <= 4 and all(
        t.pos_ == Pos.PROPN and t.lemma_.lower() not in ORG_NOUNS and NAME_WORD.match(t.text)
        for t in words)


def people_by_role(table: EntityTable) -> None:
    """An ORG-tagged personal-looking name whose stated role only a person holds ('Ana Ruiz,
    a regional army commander'; 'economist Tom Vail') is a person the NER mislabelled."""
    for entity in table.entities:
        if entity.kind != "organization" or entity.place or not entity.name_spans:
            continue
        heads = {fold(r.title).split()[-1] for r in entity.roles if r.title and r.title.strip()}
        if heads & PERSON_ROLE_HEADS and all(_looks_personal(s) for s in entity.name_spans):
            entity.kind = "person"


def infer_genders(table: EntityTable) -> None:
    """Gender of each person from honorifics, given names, then nearby pronouns."""
    names = first_name_genders()
    for entity in table.persons():
        entity.gender = _honorific_gender(entity) or names.get(entity.key[0] if entity.key
                                                               else "")
        if len(entity.key) > 1 and entity.gender is None:
            entity.gender = _pronoun_gender(table, entity)
        elif len(entity.key) > 1 and not _honorific_gender(entity):
            # A family name written first ('Kim Jong-un') reads as a given name of the other
            # gender; the article's own pronouns outvote the lexicon when they clearly agree.
            entity.gender = _pronoun_gender(table, entity, PRONOUN_OVERRIDE) or entity.gender


def _honorific_gender(entity: Entity) -> Gender | None:
    """The gender of the 'Mr'/'Ms' written with most of the entity's names ('Mrs. Clinton'
    counts for every surname mention, not only where the NER found a name)."""
    female = male = 0
    for span in _named_spans(entity):
        words = [fold(t.text) for t in span.doc[max(span.start - 1, 0):span.end]]
        female += any(w in FEMALE_HONORIFICS for w in words)
        male += any(w in MALE_HONORIFICS for w in words)
    if female != male:
        return "f" if female > male else "m"
    return None


def _named_spans(entity: Entity) -> list[Span]:
    """The entity's name spans and the spans of its other named mentions."""
    spans = list(entity.name_spans)
    doc = spans[0].doc if spans else None
    for mention in entity.mentions:
        if doc is not None and mention.named:
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is not None and len(span):
                spans.append(span)
    return spans


def _pronoun_gender(table: EntityTable, entity: Entity, margin: int = 1) -> Gender | None:
    """Gendered pronouns in sentences where this is the only person named."""
    doc = table.doc
    male = female = 0
    # A name inside someone's quotation says nothing about who the pronouns after it are.
    for mention in (m for m in entity.mentions if not m.in_quote):
        sent = doc[mention.head].sent
        window = [sent]
        if sent.end < len(doc):
            window.append(doc[sent.end].sent)
        others = [m for e in table.persons() if e is not entity for m in e.mentions
                  if window[0].start_char <= m.start < window[-1].end_char]
        if others:
            continue
        for part in window:
            for tok in part:
                if tok.i <= mention.head or in_any(tok.idx, tok.idx + 1, table.quote_spans):
                    continue
                male += tok.lower_ in MALE_PRONOUNS
                female += tok.lower_ in FEMALE_PRONOUNS
    if male >= female + margin:
        return "m"
    return "f" if female >= male + margin else None
