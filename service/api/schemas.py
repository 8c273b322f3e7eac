"""Request and response bodies of API version 1 (what openapi.json publishes).

The article's part of a response, quotes and speakers, is the core's ``Attribution``
(service/nlp/model.py) as the engine encodes it: its schema is derived from those dataclasses,
field docs included, and only what the API adds around it is declared here.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.dataclasses import dataclass

from service.nlp.model import QUOTE_TYPES, Attribution, ExtractionScope, QuoteType

# A character that is not whitespace, in the same class for JSON Schema (ECMA-262) and Python.
NON_SPACE = (
    "[^\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a"
    "\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]"
)

# The server sends every field of its answers, null where there is no value: the published
# schemas mark them all required, so generated clients get ``X | None``, never ``Unset``.
# Nested core dataclasses (Quote, Speaker, ...) take this from the model that holds them.
ALWAYS_SENT = ConfigDict(json_schema_serialization_defaults_required=True)


# Room for every quote type a few times over; a longer list is refused whole.
MAX_TYPES = 16


class Options(BaseModel):
    """What to find and return: scope chooses what is extracted; the other options filter it."""

    model_config = ConfigDict(extra="forbid", strict=True)

    types: list[QuoteType] = Field(
        default_factory=lambda: list(QUOTE_TYPES),
        # Bounded, so a hostile list is one validation error, not one per item.
        max_length=MAX_TYPES,
        description="quote types to return",
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


class Language(BaseModel):
    """The detected language of the submitted text; only English is analysed."""

    model_config = ALWAYS_SENT

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

    model_config = ALWAYS_SENT

    pipeline: str
    version: str
    cached: bool
    elapsed_ms: float
    language: Language


@dataclass(config=ALWAYS_SENT, kw_only=True)
class QuotesResponse(Attribution):
    """Every quote of the article with its speakers."""

    meta: Meta


class ErrorDetail(BaseModel):
    """What went wrong, for people and programs."""

    code: str = Field(description="stable machine-readable code, e.g. payload_too_large")
    message: str
    request_id: str | None
    details: list[dict[str, object]] | None = None


class ErrorBody(BaseModel):
    """The one error body of every 4xx and 5xx answer."""

    model_config = ALWAYS_SENT

    error: ErrorDetail


class BatchResult(BaseModel):
    """One document's outcome: ``result`` or ``error``, never both."""

    model_config = ALWAYS_SENT

    id: str | None
    result: QuotesResponse | None
    error: ErrorDetail | None


class BatchResponse(BaseModel):
    """Results in the order of the request's documents."""

    model_config = ALWAYS_SENT

    results: list[BatchResult]


class Health(BaseModel):
    """Liveness."""

    model_config = ALWAYS_SENT

    status: Literal["ok"]


class CacheState(BaseModel):
    """The result cache, as readiness reports it."""

    model_config = ALWAYS_SENT

    backend: str = Field(description='"memory" (the in-process LRU) or "redis"')
    state: Literal["ok", "degraded", "disabled"] = Field(
        description='"degraded": bypassed after a failure until the backend answers again; '
        '"disabled": an LRU of size 0'
    )


class Readiness(BaseModel):
    """Readiness: the pipeline is loaded; the cache state is reported, not required."""

    model_config = ALWAYS_SENT

    status: Literal["ready", "starting", "unavailable"]
    pipeline: str | None
    cache: CacheState | None = Field(description="null while starting")
    parsers: int = Field(
        0, description="parser processes (or the in-process parser thread) able to take work"
    )
