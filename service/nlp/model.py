"""Plain dataclasses the NLP core returns; offsets are Python indices into the input text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

QuoteType = Literal["direct", "indirect", "mixed"]
SpeakerKind = Literal["person", "organization", "group", "unnamed"]
# What counts as a quote: "speech" reports what was said or written; "attribution" also
# reports what a source is said to believe, know, want, show or back (PolNeAR's convention).
ExtractionScope = Literal["speech", "attribution"]
SCOPES: tuple[ExtractionScope, ...] = ("speech", "attribution")


@dataclass(frozen=True, slots=True)
class TextSpan:
    """A piece of the input: ``input[start:end] == text``."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Cue:
    """The reporting expression of a quote ("said", "according to", "told reporters")."""

    text: str
    start: int
    end: int
    lemma: str


@dataclass(slots=True)
class Mention:
    """A mention of a speaker in the text; ``speaker_id`` is set once resolved to an entity."""

    text: str
    start: int
    end: int
    speaker_id: str | None = None


@dataclass(frozen=True, slots=True)
class Role:
    """A role the article gives a speaker, with the parts users filter on where stated."""

    text: str
    start: int
    end: int
    title: str | None = None
    organization: str | None = None
    status: str | None = None
    # A nationality the role states ("Russian" in "former Russian President"), which is no
    # organisation.
    nationality: str | None = None


@dataclass(slots=True)
class Speaker:
    """One canonical entity per real person, organisation or unnamed source."""

    id: str
    name: str
    kind: SpeakerKind
    roles: list[Role] = field(default_factory=list)
    mentions: list[TextSpan] = field(default_factory=list)
    quote_ids: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Quote:
    """A direct, indirect or mixed quote; ``parts`` are its contiguous segments."""

    id: str
    type: QuoteType
    text: str
    start: int
    end: int
    parts: list[TextSpan]
    paragraph: int
    cue: Cue | None = None
    speaker: Mention | None = None
    confidence: float = 0.5


@dataclass(slots=True)
class Attribution:
    """Everything found in one article."""

    quotes: list[Quote] = field(default_factory=list)
    speakers: list[Speaker] = field(default_factory=list)
