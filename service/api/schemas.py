"""Request and response bodies of API version 1 (what openapi.json publishes)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from service.nlp.model import ExtractionScope

# A character that is not whitespace, in the same class for JSON Schema (ECMA-262) and Python.
NON_SPACE = (
    "[^\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a"
    "\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]"
)

QuoteType = Literal["direct", "indirect", "mixed"]
ALL_TYPES: tuple[QuoteType, ...] = ("direct", "indirect", "mixed")


class Options(BaseModel):
    """What to find and return: scope chooses what is extracted; the other options filter it."""

    model_config = ConfigDict(extra="forbid", strict=True)

    types: list[QuoteType] = Field(
        default_factory=lambda: list(ALL_TYPES), description="quote types to return"
    )
    min_confidence: float = Field(0.0, ge=0.0, le=1.0, description="drop quotes below this")
    scope: ExtractionScope = Field(
        "speech",
        description='"speech": what a source said or wrote; "attribution": also what a source '
        "is said to believe, know, want, show or back (the PARC / PolNeAR convention). "
        "Results are cached per scope.",
    )


class QuoteRequest(BaseModel):
    """One article."""

    model_config = ConfigDict(extra="forbid", strict=True)

    text: str = Field(
        description="the English article text, paragraphs separated by newlines; text of only "
        "whitespace and text with unpaired UTF-16 surrogates get 422, text over the size limit "
        "413; other languages are detected and reported in meta.language",
        json_schema_extra={"pattern": NON_SPACE},
    )
    options: Options = Field(default_factory=Options)


class BatchDocument(BaseModel):
    """One article of a batch, with the caller's id echoed back."""

    model_config = ConfigDict(extra="forbid", strict=True)

    id: str | None = Field(None, max_length=256, description="echoed in the result")
    text: str = Field(
        description="as in a single request; a text that would be refused there gets its "
        "own error in the batch result instead"
    )


class BatchRequest(BaseModel):
    """Many articles in one call; results come back in the same order."""

    model_config = ConfigDict(extra="forbid", strict=True)

    documents: list[BatchDocument] = Field(min_length=1)
    options: Options = Field(default_factory=Options)


class Span(BaseModel):
    """A piece of the submitted text: ``text == input[start:end]`` (Python string indices)."""

    text: str
    start: int
    end: int


class Cue(Span):
    """The reporting expression ("said", "according to")."""

    lemma: str


class SpeakerRef(Span):
    """The mention the attribution uses at this quote, and the entity it resolves to."""

    speaker_id: str | None


class Quote(BaseModel):
    """One quote; ``parts`` are its contiguous segments (two for “…,” she said, “…”)."""

    id: str
    type: QuoteType
    text: str
    start: int
    end: int
    parts: list[Span]
    paragraph: int = Field(description="0-based paragraph index")
    cue: Cue | None
    speaker: SpeakerRef | None
    confidence: float = Field(ge=0.0, le=1.0)


class Role(Span):
    """A role the article gives the speaker, with its parts where the text states them."""

    title: str | None = None
    organization: str | None = None
    status: str | None = Field(None, description="former, acting, deputy, interim, ...")
    nationality: str | None = Field(
        None, description='a nationality the role states ("Russian"), which is no organization')


class Speaker(BaseModel):
    """One canonical entity per real speaker."""

    id: str
    name: str
    kind: Literal["person", "organization", "group", "unnamed"]
    roles: list[Role]
    mentions: list[Span]
    quote_ids: list[str]


class Language(BaseModel):
    """The detected language of the submitted text; only English is analysed."""

    code: str = Field(
        description='ISO 639-1 code ("en", "de", ...), or "und" when the text is too short '
        "or too unusual to tell"
    )
    confidence: float = Field(ge=0.0, le=1.0, description="0 (a guess) to 1 (certain)")
    script: str = Field(description='dominant ISO 15924 writing system, e.g. "Latn", "Cyrl"')
    supported: bool = Field(
        description="false only when the text is confidently not English: it is then not "
        "analysed and quotes and speakers are empty (short, mixed or undetermined text is "
        "always analysed)"
    )


class Meta(BaseModel):
    """How the answer was made."""

    pipeline: str
    version: str
    cached: bool
    elapsed_ms: float
    language: Language


class QuotesResponse(BaseModel):
    """Every quote of the article with its speakers."""

    quotes: list[Quote]
    speakers: list[Speaker]
    meta: Meta


class ErrorDetail(BaseModel):
    """What went wrong, for people and programs."""

    code: str = Field(description="stable machine-readable code, e.g. payload_too_large")
    message: str
    request_id: str | None = None
    details: list[dict[str, object]] | None = None


class ErrorBody(BaseModel):
    """The one error body of every 4xx and 5xx answer."""

    error: ErrorDetail


class BatchResult(BaseModel):
    """One document's outcome: ``result`` or ``error``, never both."""

    id: str | None
    result: QuotesResponse | None = None
    error: ErrorDetail | None = None


class BatchResponse(BaseModel):
    """Results in the order of the request's documents."""

    results: list[BatchResult]


class Health(BaseModel):
    """Liveness."""

    status: Literal["ok"]


class Readiness(BaseModel):
    """Readiness: the pipeline is loaded; the cache state is reported, not required."""

    status: Literal["ready", "starting", "unavailable"]
    pipeline: str | None
    cache: dict[str, str]
    parsers: int = Field(
        0, description="parser processes (or the in-process parser thread) able to take work"
    )
