"""Plain dataclasses the NLP core returns; offsets are Python indices into the input text.

They are also the one definition of the response body: the engine encodes them as they are
and service/api/schemas.py publishes their JSON schema from them. A field's ``metadata``
holds what the published schema says beyond the type (keys as pydantic's ``Field`` takes
them); the core never reads it and imports nothing for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

QuoteType = Literal["direct", "indirect", "mixed"]
QUOTE_TYPES: tuple[QuoteType, ...] = get_args(QuoteType)
SpeakerKind = Literal["person", "organization", "group", "unnamed"]
# What counts as a quote: "speech" reports what was said or written; "attribution" also
# reports what a source is said to believe, know, want, show or back (PolNeAR's convention).
ExtractionScope = Literal["speech", "attribution"]
SCOPES: tuple[ExtractionScope, ...] = ("speech", "attribution")


@dataclass(frozen=True, slots=True)
class TextSpan:
    """A piece of the input text: ``input[start:end] == text`` (Python string indices)."""

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
    status: str | None = field(
        default=None, metadata={"description": "former, acting, deputy, interim, ..."}
    )
    nationality: str | None = field(
        default=None,
        metadata={
            "description": "a nationality the role states (\"Russian\" in \"former Russian "
            "President\"), which is no organisation"
        },
    )


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
    parts: list[TextSpan] = field(
        metadata={"description": "two for “…,” she said, “…”; one per paragraph it runs over"}
    )
    paragraph: int = field(metadata={"description": "0-based paragraph index"})
    cue: Cue | None = None
    speaker: Mention | None = field(
        default=None,
        metadata={"description": "the mention the attribution uses at this quote"},
    )
    confidence: float = field(default=0.5, metadata={"ge": 0.0, "le": 1.0})


@dataclass(slots=True)
class Attribution:
    """Everything found in one article."""

    quotes: list[Quote] = field(default_factory=list)
    speakers: list[Speaker] = field(default_factory=list)
