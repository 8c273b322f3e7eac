"""Word lists the role rules read (data, kept apart from the rules)."""

from __future__ import annotations

# Political parties the NER tags as nationalities (NORP): in a role they are organisations.
PARTY_WORDS = frozenset(
    {"democrat", "democratic", "democrats", "republican", "republicans", "gop", "liberal",
     "liberals", "conservative", "conservatives", "tory", "tories", "labour", "labor",
     "green", "greens", "ndp", "new democrat", "bloc", "libertarian", "socialist", "communist",
     "progressive", "snp", "ukip", "reform", "independent"}
)

# Endings of nouns for people by what they do ("broker", "strategist", "historian",
# "appointee", "spokesman"): a role head the word lists do not have.
AGENT_SUFFIXES = ("er", "or", "ist", "ian", "ant", "ent", "eer", "ee", "man", "woman",
                  "person", "ive", "ary", "wright", "smith", "ster", "crat", "naut")
# Endings of abstract nouns that look agentive ("cement", "moment", "nationalism" is no ist).
ABSTRACT_SUFFIXES = ("ment", "ness", "tion", "sion", "ship", "ism", "ance", "ence", "ery")
# Letters an agentive noun has before its ending ("list" and "mentor"'s "ment" are no agents).
AGENT_STEM_LETTERS = 3
# People nouns with none of those endings.
PERSON_WORDS = frozenset(
    {"agent", "graduate", "delegate", "associate", "native", "alumnus", "alumna", "ally", "aide",
     "chief", "head", "guru", "icon", "legend", "champion", "champ", "star", "fan", "mogul",
     "lady", "guy", "kid", "teen", "teenager", "youth", "child", "baby", "cop", "medic",
     "cleric", "monk", "nun", "priest", "poet", "pilot", "chef", "clerk", "scholar",
     "rookie", "pro", "mentor", "hero", "heir", "peer", "rival", "pundit", "activist",
     "volunteer", "intern", "fellow", "expat", "refugee", "migrant", "immigrant", "mp",
     "mla", "mpp", "mep", "ceo", "cfo", "coo", "cto", "gop", "mvp"}
)
