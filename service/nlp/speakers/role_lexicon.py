"""Word lists the role rules read (data, kept apart from the rules)."""

from __future__ import annotations

# Political parties the NER tags as nationalities (NORP): in a role they are organisations.
PARTY_WORDS = frozenset(
    {"democrat", "democratic", "democrats", "republican", "republicans", "gop", "liberal",
     "liberals", "conservative", "conservatives", "tory", "tories", "labour", "labor",
     "green", "greens", "ndp", "new democrat", "bloc", "libertarian", "socialist", "communist",
     "progressive", "snp", "ukip", "reform", "independent"}
)
