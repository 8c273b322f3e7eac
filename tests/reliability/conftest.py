"""Helpers for the reliability suite: apps started with chosen settings, span checks."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from fastapi import FastAPI

from service.api.app import create_app
from service.settings import Settings


@asynccontextmanager
async def started(settings: Settings) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    """The app with its lifespan running, and an in-process client on it."""
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://test", timeout=120
        ) as client:
            yield app, client


def span_problems(text: str, body: dict[str, Any]) -> list[str]:
    """Every span of an answer that is not an exact, in-bounds slice of ``text``."""
    spans: list[dict[str, Any]] = []
    for quote in body["quotes"]:
        spans.append(quote)
        spans.extend(quote["parts"])
        spans.extend(quote[key] for key in ("cue", "speaker") if quote[key] is not None)
    for speaker in body["speakers"]:
        spans.extend(speaker["mentions"] + speaker["roles"])
    return [
        f"{span['start']}:{span['end']} {span['text']!r}"
        for span in spans
        if not 0 <= span["start"] <= span["end"] <= len(text)
        or text[span["start"] : span["end"]] != span["text"]
    ]
