"""Word lists the speaker rules read: pronouns, nouns of people and organisations, statuses."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Literal

Gender = Literal["m", "f"]

# Personal pronouns with the entity features they agree with.
MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves", "we", "us", "our"})
NEUTER_PRONOUNS = frozenset({"it", "its", "itself"})
FIRST_PERSON_PRONOUNS = frozenset({"i", "me", "my", "we", "us", "our"})
RELATIVE_PRONOUNS = frozenset({"who", "whom", "whose", "which", "that"})

# Heads of descriptions that stand for an organisation ("the company", "the paper").
ORG_NOUNS = frozenset(
    {"company", "firm", "agency", "ministry", "department", "paper", "newspaper", "publication",
     "union", "group", "city", "government", "diocese", "organization", "organisation", "bank",
     "institute", "board", "council", "committee", "commission", "party", "team", "club",
     "school", "university", "college", "network", "court", "hospital", "office",
     "association", "federation", "league", "caucus", "coalition", "campaign", "charity",
     "foundation", "service", "authority", "regulator", "airline", "carrier", "retailer",
     "broadcaster", "outlet", "website", "magazine", "journal", "military", "army", "navy",
     "province", "state", "country", "administration", "watchdog", "body", "corporation",
     "business", "startup", "manufacturer", "maker", "giant", "municipality", "district",
     "county", "region", "cabinet", "parliament", "senate", "house", "embassy", "consulate",
     "police", "force", "unit", "division", "operator", "provider", "insurer", "utility",
     "centre", "center", "society", "church", "kremlin", "editorial", "museum", "library",
     "gallery", "shelter", "clinic", "zoo", "theatre", "theater", "lab", "laboratory"}
)
# Organisations news names by their owner ("his campaign": "the Ruiz campaign").
OWNED_ORG_NOUNS = frozenset({"campaign", "administration", "office", "team"})
# Collective nouns news writes without "the" when it means the one already named
# ("Police said", "management declined to comment").
BARE_DEFINITE_NOUNS = frozenset({"police", "management", "parliament", "congress"})
# Organisation nouns vague enough to point back to any salient organisation ("the company").
GENERIC_ORG_NOUNS = frozenset(
    {"company", "firm", "agency", "group", "organization", "organisation", "paper",
     "newspaper", "publication", "business", "corporation", "startup", "giant", "maker",
     "retailer", "airline", "carrier", "outlet", "network", "broadcaster", "city", "province",
     "operator", "provider", "manufacturer", "municipality"}
)
# Organisation nouns that are also places, so a place name can be their antecedent.
PLACE_NOUNS = frozenset({"city", "province", "state", "country", "municipality", "county",
                         "region", "district", "town", "village"})
# Documents that speak for their author ("her statement", "Okafor's book").
DOCUMENT_NOUNS = frozenset(
    {"statement", "book", "report", "memo", "tweet", "post", "letter", "release", "study",
     "findings", "numbers", "documents", "submission", "survey", "poll", "email", "e-mail",
     "filing", "ruling", "decision", "column", "article", "blog", "video", "interview",
     "speech", "message", "note", "paper", "document", "analysis", "data", "figures",
     "database", "list", "assessment", "records", "estimate", "estimates", "tally", "forecast",
     "audit", "review", "ranking", "rankings", "registry", "lawsuit", "suit", "complaint",
     "ad", "ads", "advertisement", "petition", "brief", "indictment", "investigation",
     "probe", "inquiry", "readout", "transcript", "count", "average", "polling", "guidance"}
)
# Verbs by which a source puts out a document it is then the author of ('X filed a lawsuit').
PUBLISHING_VERBS = frozenset(
    {"release", "issue", "publish", "send", "file", "write", "sign", "post", "tweet", "submit",
     "put", "air", "run", "launch", "produce", "conduct", "commission", "pen", "author",
     "unveil", "circulate", "distribute", "deliver", "present", "draft", "bring"}
)
# Verbs by which a source puts out a document ('X said in a statement', 'X tweeted').
REPORTING_VERBS = frozenset(
    {"say", "state", "write", "tweet", "post", "announce", "publish", "release", "tell"}
)
# Heads of anonymous-source descriptions: speakers of kind "unnamed".
UNNAMED_NOUNS = frozenset(
    {"source", "official", "spokesperson", "spokesman", "spokeswoman", "aide", "insider",
     "person", "people", "diplomat", "representative", "staffer", "staff", "someone",
     "adviser", "advisor", "employee", "worker", "member", "officer", "investigator"}
)
# Nouns that describe one person ("the minister", "the 45-year-old", "the lanky professor").
PERSON_NOUNS = frozenset(
    {"man", "woman", "boy", "girl", "mother", "father", "wife", "husband", "son", "daughter",
     "brother", "sister", "grandmother", "grandfather", "widow", "victim", "suspect", "owner",
     "resident", "citizen", "student", "teacher", "veteran", "labourer", "laborer", "player",
     "athlete", "golfer", "goaltender", "goalie", "winger", "forward", "defenceman", "right",
     "left", "wing", "rookie", "singer", "actor", "actress", "writer", "author", "artist",
     "chef", "farmer", "driver", "pilot", "nurse", "doctor", "physician", "lawyer", "attorney",
     "judge", "prosecutor", "witness", "friend", "neighbour", "neighbor", "colleague",
     "plumber", "founder", "entrepreneur", "activist", "advocate", "critic", "historian",
     "economist", "analyst", "expert", "scientist", "researcher", "professor", "columnist",
     "journalist", "reporter", "host", "candidate", "politician", "lawmaker", "legislator",
     # what news calls a person already named instead of repeating the name
     "businessman", "businesswoman", "billionaire", "magnate", "mogul", "tycoon", "nominee",
     "frontrunner", "runner", "incumbent", "challenger", "contender", "hopeful", "moderator",
     "pollster", "operative", "consultant", "donor", "developer", "anchor", "star", "coach"}
)
# Family relations: 'his father, Tomas' introduces a relative, who is then 'his father'.
KIN_NOUNS = frozenset(
    {"father", "mother", "son", "daughter", "wife", "husband", "brother", "sister",
     "grandmother", "grandfather", "grandson", "granddaughter", "uncle", "aunt", "cousin",
     "niece", "nephew", "widow", "widower", "stepfather", "stepmother", "stepson",
     "stepdaughter", "fiance", "fiancee", "girlfriend", "boyfriend", "parent"}
)
# Words that mark a role's standing rather than the title itself.
STATUS_WORDS = frozenset(
    {"former", "acting", "deputy", "interim", "outgoing", "incoming", "retired", "late",
     "then", "ex", "vice", "assistant", "associate", "honorary", "emeritus", "designate",
     "elect", "current", "future", "co", "joint"}
)
# Title nouns that are tagged PROPN when capitalised ("President", "MP").
TITLE_WORDS = frozenset(
    {"president", "prime", "minister", "secretary", "premier", "mayor", "leader", "chief",
     "director", "spokesperson", "spokesman", "spokeswoman", "ceo", "cfo", "coo", "cto",
     "chair", "chairman", "chairwoman", "chairperson", "head", "professor", "senator", "mp",
     "mla", "mpp", "mep", "governor", "ambassador", "commissioner", "councillor", "councilor",
     "officer", "official", "executive", "manager", "chancellor", "king", "queen", "prince",
     "princess", "pope", "general", "superintendent", "inspector", "sergeant", "constable",
     "detective", "attorney", "justice", "judge", "representative", "congressman",
     "congresswoman", "congressmember", "speaker", "adviser", "advisor", "strategist",
     "counsel", "treasurer", "founder", "owner", "editor", "coach", "captain", "trustee",
     "dean", "principal", "rector", "provost", "bishop", "archbishop", "cardinal", "rabbi",
     "imam", "reverend", "pastor", "chef", "analyst", "economist", "correspondent",
     "lieutenant", "colonel", "major", "admiral", "commander", "marshal", "sheriff", "warden",
     "ombudsman", "registrar", "auditor", "comptroller", "partner", "vice-president",
     "negotiator", "envoy", "diplomat", "ally", "counterpart", "lawmaker",
     "legislator", "organizer", "organiser", "coordinator", "administrator", "president-elect",
     "emir", "sultan", "sheikh", "ayatollah", "dictator", "tsar", "czar", "mufti"}
)
# Role heads an organisation can hold as well as a person ("the owner of the mall", "a
# leader in batteries"): they do not make an ORG-tagged name a person.
SHARED_ROLE_HEADS = frozenset(
    {"owner", "leader", "head", "chief", "partner", "founder", "ally", "counterpart",
     "player", "representative", "advocate", "critic", "provider", "host", "candidate",
     "official", "executive", "general", "major", "victim", "suspect", "resident", "citizen",
     "witness", "friend", "neighbour", "neighbor", "colleague", "right", "left", "wing",
     "forward", "author", "writer", "expert", "organizer", "organiser", "coordinator",
     "administrator", "auditor", "registrar", "trustee", "principal", "counsel", "speaker",
     "developer", "consultant", "donor", "anchor", "star", "challenger", "contender",
     "incumbent", "runner"}
)
# Role heads only a person holds ("an army commander", "an economist").
PERSON_ROLE_HEADS = (PERSON_NOUNS | TITLE_WORDS) - SHARED_ROLE_HEADS
# Portfolios written into a title ("Defence Secretary", "Police Chief"): title, not organisation.
PORTFOLIO_WORDS = frozenset(
    {"finance", "defence", "defense", "health", "foreign", "justice", "police", "fire",
     "environment", "education", "transport", "transportation", "immigration", "labour",
     "labor", "energy", "trade", "interior", "home", "treasury", "agriculture", "housing",
     "infrastructure", "culture", "tourism", "veterans", "security", "public", "safety",
     "economy", "industry", "fisheries", "revenue", "communications", "budget", "state",
     "homeland", "attorney", "solicitor", "science", "technology", "innovation", "climate",
     "natural", "resources", "indigenous", "northern", "crown", "intergovernmental",
     "municipal", "affairs", "digital", "sport", "sports", "women", "youth", "seniors",
     "chief", "executive", "operating", "financial", "technical", "medical", "information"}
)
# Verbs of "X, who heads the agency": the title they imply.
HEADING_VERBS = {"head": "head", "lead": "leader", "chair": "chair", "run": "head",
                 "direct": "director", "manage": "manager", "oversee": "head",
                 "represent": "representative", "found": "founder", "own": "owner",
                 "coach": "coach", "captain": "captain", "edit": "editor"}


# Given-name files, the hand-made one first: a name keeps the gender of the first file that
# lists it.
NAME_GENDER_FILES = ("data/names_first_gender.txt", "data/names_first_gender_locales.txt")


@cache
def first_name_genders() -> dict[str, Gender]:
    """Given name -> gender, from the data files beside this module."""
    table: dict[str, Gender] = {}
    for path in NAME_GENDER_FILES:
        text = resources.files("service.nlp").joinpath(path).read_text()
        for line in text.splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            gender, *names = line.split()
            for name in names:
                table.setdefault(name, "m" if gender == "m" else "f")
    return table
