"""Attribution wrapped in the cache, shared by the HTTP API and the CLI.

Bodies are JSON bytes of ``{"quotes": [...], "speakers": [...]}``; ``meta`` is spliced in per
response so a cache hit is served without decoding or re-validating the stored body.
"""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Sequence

from spacy.language import Language

from service import __version__
from service.cache import Cache, cache_key
from service.nlp.attribute import attribute_many, attribute_text
from service.nlp.language import LanguageGuess
from service.nlp.model import Attribution
from service.nlp.pipeline import pipeline_id

# Nothing the core computes depends on request options today (they filter the output), so the
# cached body is shared by all of them; options that change extraction go into this dict.
EXTRACTION_OPTIONS: dict[str, object] = {}


def body_of(result: Attribution) -> bytes:
    """The JSON body of one attribution result."""
    return json.dumps(
        dataclasses.asdict(result), ensure_ascii=False, separators=(",", ":")
    ).encode()


# The answer for a text that is not analysed (confidently not English): no quotes, no garbage.
EMPTY_BODY = b'{"quotes":[],"speakers":[]}'


def with_meta(body: bytes, meta: dict[str, object]) -> bytes:
    """Splice a ``meta`` object into a stored body without re-encoding it."""
    tail = json.dumps(meta, separators=(",", ":")).encode()
    return body[:-1] + b',"meta":' + tail + b"}"


class Engine:
    """The pipeline and the cache together: text in, JSON body out, cached when possible."""

    def __init__(self, nlp: Language, cache: Cache) -> None:
        self.nlp = nlp
        self.cache = cache
        self.pipeline = pipeline_id(nlp)
        self.version = __version__

    def key(self, text: str) -> str:
        """The cache key of one text."""
        return cache_key(
            text, version=self.version, pipeline=self.pipeline, options=EXTRACTION_OPTIONS
        )

    def meta(
        self, *, cached: bool, started: float, language: LanguageGuess | None = None
    ) -> dict[str, object]:
        """The ``meta`` object of a response (with the text's language when it was detected)."""
        elapsed = round((time.perf_counter() - started) * 1000, 3)
        meta: dict[str, object] = {
            "pipeline": self.pipeline,
            "version": self.version,
            "cached": cached,
            "elapsed_ms": elapsed,
        }
        if language is not None:
            meta["language"] = {
                "code": language.code,
                "confidence": language.confidence,
                "script": language.script,
                "supported": language.supported,
            }
        return meta

    def compute(self, text: str) -> bytes:
        """Parse and attribute one text (blocking: run it off the event loop)."""
        return body_of(attribute_text(self.nlp, text))

    def compute_many(self, texts: Sequence[str]) -> list[bytes | Exception]:
        """Attribute many texts with batched parsing; a failing text gets its exception."""
        try:
            return [body_of(result) for result in attribute_many(self.nlp, texts)]
        except Exception:
            return [self._compute_or_error(text) for text in texts]

    def _compute_or_error(self, text: str) -> bytes | Exception:
        """One text's body, or the exception it raised."""
        try:
            return self.compute(text)
        except Exception as exc:
            return exc
