"""Benchmarks of issue 5: raw spaCy, extraction, HTTP, cache hits and memory in one run.

``main(argv)`` is the ``quote-attribution bench`` command (``python -m service.bench`` too).
"""

from __future__ import annotations

from service.bench.command import main

__all__ = ["main"]
