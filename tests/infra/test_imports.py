"""HTTP processes whose parsing happens in parser processes never load spaCy."""

from __future__ import annotations

import subprocess
import sys

import pytest

HTTP_SIDE = (
    "service.api.app",
    "service.serving.parser_server",
    "service.serving.supervisor",
    "service.cli",
)


@pytest.mark.slow
def test_http_side_modules_do_not_import_spacy() -> None:
    # A fresh interpreter: this test process has loaded spaCy for other tests already.
    code = (
        f"import sys, {', '.join(HTTP_SIDE)}; "
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in {'spacy', 'thinc'}); "
        "print(len(loaded))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"
