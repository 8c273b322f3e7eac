"""What the routes call on a parser, and the compute calls the process parsers forward.

Implementations of ``Parser``: ``ParserRunner`` (``runner.py``: one parser thread in the HTTP
process, only with ``QUOTES_PARSE_IN_PROCESS=true``: its time limit is soft), ``ParserPool``
(``pool.py``: parser processes, killed and replaced when a parse overruns) and
``RemoteParser`` (``remote.py``: a pool shared by several HTTP processes).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol

from service.nlp.model import ExtractionScope

# Sends one call ``(method, payload)`` to a parser process or the parser server; its value.
Call = Callable[[str, object], Awaitable[object]]


class Parser(Protocol):
    """Where the routes send texts that missed the cache."""

    @property
    def pending(self) -> int:
        """Calls running or waiting."""
        ...

    async def compute(self, text: str, scope: ExtractionScope = "speech") -> bytes:
        """The stored value of one text in ``scope``."""
        ...

    async def compute_many(
        self, texts: list[str], scope: ExtractionScope = "speech"
    ) -> list[bytes | Exception]:
        """Stored values (or per-text failures) of many texts in ``scope``."""
        ...

    async def available(self) -> int:
        """How many parsers can take work now (0: uncached requests would fail)."""
        ...

    async def aclose(self) -> None:
        """Stop parsing."""
        ...


async def compute_call(call: Call, text: str, scope: ExtractionScope) -> bytes:
    """The stored value of one text, from a ``compute`` call."""
    result = await call("compute", (text, scope))
    assert isinstance(result, bytes)
    return result


async def compute_many_call(
    call: Call, texts: list[str], scope: ExtractionScope
) -> list[bytes | Exception]:
    """Stored values (or per-text failures) of many texts, from a ``compute_many`` call."""
    result = await call("compute_many", (texts, scope))
    assert isinstance(result, list)
    return result
