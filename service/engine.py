"""Attribution wrapped in the cache, shared by the HTTP API and the CLI.

What is computed and cached per text is a ``Stored`` value: the language guess as one JSON
line, then the body ``{"quotes": [...], "speakers": [...]}``. ``meta`` is spliced in per
response, so a cache hit is served without detecting, decoding or re-validating anything.
The response bodies and batch results the API sends and the CLI writes are assembled here,
in one way for both.
"""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from service import __version__
from service.cache import Cache, cache_key
from service.nlp.model import QUOTE_TYPES, Attribution, ExtractionScope
from service.nlp.text.language import LanguageGuess, detect_language

if TYPE_CHECKING:
    from spacy.language import Language

# Options that filter the output share one cached body; options that change extraction go
# into the key. The default scope adds nothing, so keys made before scopes existed stay valid.
EXTRACTION_OPTIONS: dict[str, object] = {}


def extraction_options(scope: ExtractionScope) -> dict[str, object]:
    """The options in the cache key of a text attributed in ``scope``."""
    if scope == "speech":
        return EXTRACTION_OPTIONS
    return {**EXTRACTION_OPTIONS, "scope": scope}


def body_of(result: Attribution) -> bytes:
    """The JSON body of one attribution result."""
    return json.dumps(
        dataclasses.asdict(result), ensure_ascii=False, separators=(",", ":")
    ).encode()


# The answer for a text that is not analysed (confidently not English): no quotes, no garbage.
EMPTY_BODY = b'{"quotes":[],"speakers":[]}'


def language_json(language: LanguageGuess) -> bytes:
    """The ``meta.language`` object as JSON (never contains a newline)."""
    fields = {
        "code": language.code,
        "confidence": language.confidence,
        "script": language.script,
        "supported": language.supported,
    }
    return json.dumps(fields, separators=(",", ":")).encode()


def pack(language: LanguageGuess, body: bytes) -> bytes:
    """The stored value of one text: its language line, then its body."""
    return language_json(language) + b"\n" + body


def unpack(stored: bytes) -> tuple[bytes, bytes]:
    """(language JSON, body) of a stored value."""
    language, _, body = stored.partition(b"\n")
    return language, body


def with_meta(body: bytes, meta: dict[str, object], language: bytes | None = None) -> bytes:
    """Splice ``meta`` (and the stored language into it) into a body without re-encoding it."""
    tail = json.dumps(meta, separators=(",", ":")).encode()
    if language is not None:
        tail = tail[:-1] + b',"language":' + language + b"}"
    return body[:-1] + b',"meta":' + tail + b"}"


class Selection(Protocol):
    """Which quotes an answer keeps (the API's ``options`` are one)."""

    @property
    def types(self) -> Collection[str]:
        """Quote types to keep."""
        ...

    @property
    def min_confidence(self) -> float:
        """Quotes below this are dropped."""
        ...


@dataclass(frozen=True, slots=True)
class Everything:
    """Every quote: the selection of the CLI and of requests without options."""

    types: Collection[str] = QUOTE_TYPES
    min_confidence: float = 0.0


EVERYTHING = Everything()


def select(body: bytes, selection: Selection) -> bytes:
    """The quotes ``selection`` keeps and their speakers (a stored body as it is when it keeps
    every quote)."""
    types, min_confidence = selection.types, selection.min_confidence
    if min_confidence <= 0 and set(types) >= set(QUOTE_TYPES):
        return body
    data = json.loads(body)
    wanted = set(types)
    quotes = [
        q for q in data["quotes"] if q["type"] in wanted and q["confidence"] >= min_confidence
    ]
    kept = {q["id"] for q in quotes}
    speakers = []
    for speaker in data["speakers"]:
        ids = [qid for qid in speaker["quote_ids"] if qid in kept]
        if ids:
            speakers.append({**speaker, "quote_ids": ids})
    return json.dumps({"quotes": quotes, "speakers": speakers}, ensure_ascii=False).encode()


def batch_result(doc_id: object, outcome: bytes | Mapping[str, object]) -> bytes:
    """One batch result, ``{"id", "result", "error"}``: a response body spliced in as it is,
    or an error object."""
    # ASCII escapes: an id holding a lone surrogate must not break the UTF-8 output.
    head = json.dumps({"id": doc_id})[:-1].encode()
    if isinstance(outcome, bytes):
        return head + b',"result":' + outcome + b',"error":null}'
    return head + b',"result":null,"error":' + json.dumps(outcome).encode() + b"}"


class Engine:
    """The pipeline and the cache together: text in, JSON body out, cached when possible."""

    def __init__(self, nlp: Language | None, cache: Cache, pipeline: str | None = None) -> None:
        """``nlp`` None: this process only serves the cache; parser processes compute."""
        if nlp is None and pipeline is None:
            raise ValueError("an engine without a pipeline needs the pipeline id")
        self.nlp = nlp
        self.cache = cache
        if pipeline is None:
            from service.nlp.pipeline import pipeline_id  # spaCy: only where it parses

            pipeline = pipeline_id(nlp)  # type: ignore[arg-type]
        self.pipeline = pipeline
        self.version = __version__

    def key(self, text: str, scope: ExtractionScope = "speech") -> str:
        """The cache key of one text attributed in ``scope``."""
        return cache_key(
            text, version=self.version, pipeline=self.pipeline, options=extraction_options(scope)
        )

    def meta(self, *, cached: bool, started: float) -> dict[str, object]:
        """The ``meta`` object of a response, before the stored language is spliced in."""
        elapsed = round((time.perf_counter() - started) * 1000, 3)
        return {
            "pipeline": self.pipeline,
            "version": self.version,
            "cached": cached,
            "elapsed_ms": elapsed,
        }

    def respond(
        self,
        stored: bytes,
        *,
        cached: bool,
        started: float,
        selection: Selection = EVERYTHING,
    ) -> bytes:
        """The response body of a stored value: the quotes ``selection`` keeps, their
        speakers, and ``meta``."""
        language, body = unpack(stored)
        meta = self.meta(cached=cached, started=started)
        return with_meta(select(body, selection), meta, language)

    def _nlp(self) -> Language:
        """The loaded pipeline (an engine built without one cannot compute)."""
        if self.nlp is None:
            raise RuntimeError("this engine has no pipeline; parser processes compute")
        return self.nlp

    def compute(self, text: str, scope: ExtractionScope = "speech") -> bytes:
        """Detect the language, then parse and attribute (blocking: run it off the event loop)."""
        language = detect_language(text)
        if not language.supported:
            return pack(language, EMPTY_BODY)
        from service.nlp.attribute import attribute_text

        return pack(language, body_of(attribute_text(self._nlp(), text, scope)))

    def compute_many(
        self, texts: Sequence[str], scope: ExtractionScope = "speech"
    ) -> list[bytes | Exception]:
        """Stored values of many texts with batched parsing; a failing text gets its exception."""
        from service.nlp.attribute import attribute_many

        languages = [detect_language(text) for text in texts]
        english = [text for text, lang in zip(texts, languages, strict=True) if lang.supported]
        try:
            results = iter([body_of(r) for r in attribute_many(self._nlp(), english, scope)])
        except Exception:
            return [self._compute_or_error(text, scope) for text in texts]
        return [pack(lang, next(results) if lang.supported else EMPTY_BODY) for lang in languages]

    def _compute_or_error(self, text: str, scope: ExtractionScope) -> bytes | Exception:
        """One text's body, or the exception it raised."""
        try:
            return self.compute(text, scope)
        except Exception as exc:
            return exc
