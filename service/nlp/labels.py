"""Every dependency, POS, tag and entity label the rules read, as one vocabulary.

The rules compare spaCy's string attributes (``token.dep_``, ``pos_``, ``tag_``,
``ent_type_``, ``span.label_``) with the names below, never with inline literals, so a label
the loaded pipeline does not produce is caught by one test (tests/nlp/test_labels.py) rather
than silently never matching. The label *sets* sit here too, each named for what it means to
the rules; sets that only one room reads are grouped under that room's heading.
"""

from __future__ import annotations

from typing import Final


class Dep:
    """ClearNLP dependency labels (spaCy's English parsers)."""

    ACL: Final = "acl"
    ADVCL: Final = "advcl"
    ADVMOD: Final = "advmod"
    AGENT: Final = "agent"
    AMOD: Final = "amod"
    APPOS: Final = "appos"
    ATTR: Final = "attr"
    AUX: Final = "aux"
    AUXPASS: Final = "auxpass"
    CASE: Final = "case"
    CC: Final = "cc"
    CCOMP: Final = "ccomp"
    COMPOUND: Final = "compound"
    CONJ: Final = "conj"
    CSUBJ: Final = "csubj"
    CSUBJPASS: Final = "csubjpass"
    DATIVE: Final = "dative"
    DEP: Final = "dep"
    DET: Final = "det"
    DOBJ: Final = "dobj"
    EXPL: Final = "expl"
    MARK: Final = "mark"
    NEG: Final = "neg"
    NMOD: Final = "nmod"
    NSUBJ: Final = "nsubj"
    NSUBJPASS: Final = "nsubjpass"
    NPADVMOD: Final = "npadvmod"
    NUMMOD: Final = "nummod"
    OPRD: Final = "oprd"
    PARATAXIS: Final = "parataxis"
    PCOMP: Final = "pcomp"
    POBJ: Final = "pobj"
    POSS: Final = "poss"
    PREDET: Final = "predet"
    PREP: Final = "prep"
    PRT: Final = "prt"
    PUNCT: Final = "punct"
    QUANTMOD: Final = "quantmod"
    RELCL: Final = "relcl"
    XCOMP: Final = "xcomp"


class Pos:
    """Universal POS tags."""

    ADJ: Final = "ADJ"
    ADP: Final = "ADP"
    AUX: Final = "AUX"
    CCONJ: Final = "CCONJ"
    DET: Final = "DET"
    NOUN: Final = "NOUN"
    NUM: Final = "NUM"
    PART: Final = "PART"
    PRON: Final = "PRON"
    PROPN: Final = "PROPN"
    PUNCT: Final = "PUNCT"
    SCONJ: Final = "SCONJ"
    SPACE: Final = "SPACE"
    VERB: Final = "VERB"
    X: Final = "X"


class Tag:
    """Penn Treebank tags (the tagger's fine-grained labels)."""

    DT: Final = "DT"
    MD: Final = "MD"
    NNP: Final = "NNP"
    NNPS: Final = "NNPS"
    NNS: Final = "NNS"
    POS: Final = "POS"
    PRP: Final = "PRP"
    VBD: Final = "VBD"
    VBG: Final = "VBG"
    VBN: Final = "VBN"
    VBP: Final = "VBP"
    VBZ: Final = "VBZ"
    WDT: Final = "WDT"
    WP: Final = "WP"
    WP_POSS: Final = "WP$"
    WRB: Final = "WRB"


class Ent:
    """OntoNotes entity labels."""

    # A token outside every entity (spaCy's ent_type_ is then empty).
    NONE: Final = ""
    CARDINAL: Final = "CARDINAL"
    DATE: Final = "DATE"
    EVENT: Final = "EVENT"
    FAC: Final = "FAC"
    GPE: Final = "GPE"
    LOC: Final = "LOC"
    MONEY: Final = "MONEY"
    NORP: Final = "NORP"
    ORDINAL: Final = "ORDINAL"
    ORG: Final = "ORG"
    PERCENT: Final = "PERCENT"
    PERSON: Final = "PERSON"
    PRODUCT: Final = "PRODUCT"
    QUANTITY: Final = "QUANTITY"
    TIME: Final = "TIME"
    WORK_OF_ART: Final = "WORK_OF_ART"


# Shared: subjects, predicates, names.
SUBJECT_DEPS = frozenset({Dep.NSUBJ, Dep.NSUBJPASS})
# The subject of an active verb: a cue's own speaker ("she was told" names the hearer).
ACTIVE_SUBJECT_DEPS = frozenset({Dep.NSUBJ})
CLAUSE_SUBJECT_DEPS = frozenset({Dep.NSUBJ, Dep.NSUBJPASS, Dep.CSUBJ, Dep.CSUBJPASS, Dep.EXPL})
# A sentence has a predicate when one of its tokens is tagged so.
PREDICATE_POS = frozenset({Pos.VERB, Pos.AUX})
NOMINAL_POS = frozenset({Pos.PROPN, Pos.PRON, Pos.NOUN})
# Name parts hang off the last one (ClearNLP has no UD "flat"; the test below says so).
NAME_DEPS = frozenset({Dep.COMPOUND})
NAME_ENTS = frozenset(
    {Ent.PERSON, Ent.ORG, Ent.GPE, Ent.NORP, Ent.FAC, Ent.LOC, Ent.PRODUCT, Ent.WORK_OF_ART}
)
PERSON_ENTS = frozenset({Ent.PERSON})
PERSON_LIKE_ENTS = frozenset({Ent.PERSON, Ent.ORG})
WH_TAGS = frozenset({Tag.WDT, Tag.WP, Tag.WP_POSS, Tag.WRB})
FUNCTION_POS = frozenset(
    {Pos.PRON, Pos.DET, Pos.CCONJ, Pos.SCONJ, Pos.ADP, Pos.PART, Pos.PUNCT, Pos.SPACE}
)

# quotes/cues
# Only full verbs report speech; "said" as an adjective ("the said vehicle") does not.
VERB_POS = frozenset({Pos.VERB})
PARTICLE_DEPS = frozenset({Dep.PRT})
# "did not say" reports nothing; "Asked about it, she said" - the asked one is the hearer.
NEGATION_DEPS = frozenset({Dep.NEG})
AUXILIARY_DEPS = frozenset({Dep.AUX, Dep.AUXPASS})
BARE_PARTICIPLE_TAGS = frozenset({Tag.VBN})
MODIFIER_CLAUSE_DEPS = frozenset({Dep.ADVCL, Dep.ACL})

# quotes/frames
# Arcs across a quotation mark that make the verb outside the quote's reporting cue;
# others (xcomp "threaten to “…”", pobj) embed quoted words in the narrator's sentence.
LINK_DEPS = frozenset({Dep.CCOMP, Dep.PARATAXIS, Dep.DOBJ, Dep.ADVCL, Dep.CONJ, Dep.DEP, Dep.OPRD})

# quotes/headline
# A source is a name or a noun phrase: no verbs, prepositions or conjunctions ("Big Win For
# Bernie:", "Bill is back:"), and no article ("The Latest:" is a label).
SOURCE_POS = frozenset({Pos.PROPN, Pos.NOUN, Pos.ADJ, Pos.PART, Pos.PUNCT, Pos.NUM})
SOURCE_ENTS = frozenset({Ent.PERSON, Ent.ORG, Ent.NORP, Ent.GPE})

# quotes/indirect
COMPLEMENT_DEPS = frozenset({Dep.CCOMP})
# Phrases that modify a verb rather than report what was said (clauses need a subordinator).
ADVERBIAL_DEPS = frozenset({Dep.PREP})
# "That, he said, involved ..." / "The plan is sound, she said": the cue hangs off the clause.
PARENTHETICAL_DEPS = frozenset({Dep.PARATAXIS})
# The hearer of "told X that ...", where a misparsed that-clause may hang.
HEARER_DEPS = frozenset({Dep.DOBJ, Dep.DATIVE})
PRESENT_TAGS = frozenset({Tag.VBZ, Tag.VBP})
# A finite verb or auxiliary, which needs a subject ("[brewers] are likely to suffer").
FINITE_TAGS = frozenset({Tag.VBZ, Tag.VBP, Tag.VBD, Tag.MD})
OBJECT_DEPS = frozenset({Dep.DOBJ, Dep.CCOMP, Dep.XCOMP, Dep.DATIVE})
NOUN_CLAUSE_DEPS = frozenset({Dep.ACL, Dep.CCOMP})
# Modifiers between a cue and its clause that open the clause ("said too often, the ER ...").
CLAUSE_LEADING_DEPS = frozenset({Dep.ADVMOD})
# "called it [a disaster]" (oprd), "described it as [reckless]" (prep "as" + its object).
NAMING_DEPS = frozenset({Dep.OPRD})
GERUND_TAGS = frozenset({Tag.VBG})
NAME_OBJECT_POS = frozenset({Pos.PROPN, Pos.PRON})
# Cues inside a reported clause that start the same speaker's next quote.
NEXT_CUE_DEPS = frozenset({Dep.CONJ, Dep.ADVCL})
# Children showing such a cue belongs to the reported clause: passive voice or a subordinator.
EMBEDDED_CUE_DEPS = frozenset({Dep.AUXPASS, Dep.NSUBJPASS, Dep.MARK})

# quotes/attributions
# Right-hand dependents that carry attributed content, most clause-like first.
FRAME_DEPS = (Dep.CCOMP, Dep.XCOMP, Dep.DOBJ, Dep.PREP)
# The parts of a prepositional frame that carry content ("referred to [the deal]").
PREP_OBJECT_DEPS = frozenset({Dep.POBJ, Dep.PCOMP})

# quotes/mentions
DOCUMENT_CLAUSE_DEPS = frozenset({Dep.ACL, Dep.RELCL})
# Links along which a verb without its own subject shares its head's subject
# ("X said ..., adding that", "X went on to say", "X declined to elaborate but said").
# Also through prepositions: "was quoted as saying", "after saying".
SHARED_SUBJECT_DEPS = frozenset({Dep.XCOMP, Dep.ADVCL, Dep.CONJ, Dep.CCOMP, Dep.PCOMP, Dep.PREP})
# Left modifiers kept in a common-noun mention ("a Northline Telecom spokesperson", "city staff").
NOUN_MODIFIER_DEPS = frozenset(
    {Dep.DET, Dep.AMOD, Dep.COMPOUND, Dep.NUMMOD, Dep.POSS, Dep.NMOD, Dep.QUANTMOD}
)

# speakers/entities
# Places: speakers only as governments ("China said"), antecedents only of "the city".
PLACE_LABELS = frozenset({Ent.GPE})
# Clauses whose subject is not the sentence's topic ("a message that X sent", "when X left").
EMBEDDED_CLAUSE_DEPS = frozenset({Dep.RELCL, Dep.ACL, Dep.ADVCL})

# speakers/collect
# Labels a party or team named by its members gets from the NER (often none at all).
PARTY_LABELS = frozenset({Ent.NONE, Ent.NORP})

# speakers/phrases
# Modifiers that make 'those' a description ('those involved', 'those close to X').
DEMONSTRATIVE_MODIFIER_DEPS = frozenset({Dep.ACL, Dep.AMOD, Dep.PREP})
# Dependencies that hang a description on a noun ('X, who ...', 'X, director of ...').
DESCRIPTION_DEPS = frozenset({Dep.RELCL, Dep.APPOS, Dep.ACL})
# Dependents that end a description: clauses, asides and coordination.
DESCRIPTION_END_DEPS = frozenset({Dep.RELCL, Dep.APPOS, Dep.CC, Dep.CONJ, Dep.ADVCL})
# Parts of speech that head a noun phrase (a quantifier pronoun like 'many' too).
NOUN_PHRASE_POS = frozenset({Pos.NOUN, Pos.PROPN, Pos.PRON, Pos.NUM, Pos.ADJ, Pos.DET, Pos.X})

# speakers/resolver
# Proper-noun modifiers of a document that date it rather than name its author ("the August
# report").
NOT_AUTHOR_LABELS = frozenset({Ent.DATE, Ent.TIME, Ent.ORDINAL, Ent.CARDINAL, Ent.EVENT})
# Modifiers that single out part of a party or people ('some', 'many', 'veteran').
SUBGROUP_DEPS = frozenset({Dep.DET, Dep.AMOD, Dep.NUMMOD, Dep.QUANTMOD, Dep.PREDET})

# speakers/roles
# Entity labels that can fill a role's organisation or country.
ORG_LABELS = frozenset({Ent.ORG, Ent.GPE, Ent.NORP, Ent.FAC})
# Entity labels that never make a role (ages, dates, other people).
NON_ROLE_LABELS = frozenset(
    {Ent.DATE, Ent.TIME, Ent.CARDINAL, Ent.PERSON, Ent.MONEY, Ent.PERCENT, Ent.QUANTITY,
     Ent.ORDINAL}
)
# Dependents that leave a noun phrase: clauses, further appositives, punctuation.
CLAUSE_DEPS = frozenset({Dep.RELCL, Dep.ACL, Dep.APPOS, Dep.PUNCT, Dep.CC, Dep.CONJ, Dep.ADVCL})
# Modifier deps that can be part of a title before its head noun.
TITLE_MOD_DEPS = frozenset({Dep.COMPOUND, Dep.AMOD, Dep.NMOD})
# Entity labels of words that name something rather than say what a person is.
NAME_ONLY_LABELS = frozenset({Ent.ORG, Ent.GPE, Ent.FAC, Ent.PERSON, Ent.LOC})
