"""The README's configuration table documents every setting, and nothing that is not one."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx

from service.settings import Settings

README = Path(__file__).resolve().parents[2] / "README.md"
CLI_ONLY = {"QUOTES_HOST", "QUOTES_PORT", "QUOTES_WORKERS"}


def test_every_setting_is_documented() -> None:
    documented = set(re.findall(r"`(QUOTES_[A-Z_]+)`", README.read_text(encoding="utf-8")))
    expected = {f"QUOTES_{name.upper()}" for name in Settings.model_fields}
    assert expected <= documented, f"undocumented: {sorted(expected - documented)}"
    assert documented - expected <= CLI_ONLY, f"stale: {sorted(documented - expected - CLI_ONLY)}"


def _example_blocks() -> tuple[dict[str, object], dict[str, object]]:
    """The request and response of the README's example section."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Example") :]
    request = re.search(r"<<'JSON'\n(.*?)\nJSON", section, re.S)
    response = re.search(r"```json\n(.*?)\n```", section, re.S)
    assert request and response
    return json.loads(request.group(1)), json.loads(response.group(1))


async def test_readme_example_is_what_the_service_answers(app_client: httpx.AsyncClient) -> None:
    request, documented = _example_blocks()
    answer = (await app_client.post("/v1/quotes", json=request)).json()
    assert answer["quotes"] == documented["quotes"]
    assert answer["speakers"] == documented["speakers"]
    meta = dict(answer["meta"], elapsed_ms=None, cached=None)
    assert meta == dict(documented["meta"], elapsed_ms=None, cached=None)  # type: ignore[arg-type]
