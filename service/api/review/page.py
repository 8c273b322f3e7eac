"""Serve the review page's files from the package (no CDN, no build step, works offline)."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from fastapi import APIRouter, HTTPException
from fastapi.responses import Response

# The files the page is made of and their media types; nothing else under /review/ is served.
ASSETS = {
    "review.css": "text/css; charset=utf-8",
    "review.js": "text/javascript; charset=utf-8",
    "icon.svg": "image/svg+xml",
}
PAGE = "index.html"
# Only this origin's own files may load or be fetched: pasted article text that slipped into
# markup could run no script and reach no other server.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}

router = APIRouter(include_in_schema=False)


@cache
def static_file(name: str) -> bytes:
    """One of the page's files as shipped in the package, read once per process."""
    return (files("service.api.review") / "static" / name).read_bytes()


def _file_response(name: str, media_type: str) -> Response:
    """A file of the page with the headers every one of them carries."""
    return Response(static_file(name), media_type=media_type, headers=SECURITY_HEADERS)


@router.api_route("/", methods=["GET", "HEAD"])
@router.api_route("/review", methods=["GET", "HEAD"])
async def review_page() -> Response:
    """The page itself."""
    return _file_response(PAGE, "text/html; charset=utf-8")


@router.api_route("/review/{name}", methods=["GET", "HEAD"])
async def review_asset(name: str) -> Response:
    """A stylesheet, script or icon of the page; 404 for anything else."""
    media_type = ASSETS.get(name)
    if media_type is None:
        raise HTTPException(404, "Not Found")
    return _file_response(name, media_type)
