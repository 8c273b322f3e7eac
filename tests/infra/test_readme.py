"""The README's configuration table documents every setting, and nothing that is not one."""

from __future__ import annotations

import re
from pathlib import Path

from service.settings import Settings

README = Path(__file__).resolve().parents[2] / "README.md"
CLI_ONLY = {"QUOTES_HOST", "QUOTES_PORT", "QUOTES_WORKERS"}


def test_every_setting_is_documented() -> None:
    documented = set(re.findall(r"`(QUOTES_[A-Z_]+)`", README.read_text(encoding="utf-8")))
    expected = {f"QUOTES_{name.upper()}" for name in Settings.model_fields}
    assert expected <= documented, f"undocumented: {sorted(expected - documented)}"
    assert documented - expected <= CLI_ONLY, f"stale: {sorted(documented - expected - CLI_ONLY)}"
