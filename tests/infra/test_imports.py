"""HTTP processes whose parsing happens in parser processes never load spaCy."""

from __future__ import annotations

import subprocess
import sys

import pytest

HTTP_SIDE = (
    "service.api.app",
    "service.serving.parser_server",
    "service.serving.remote",
    "service.serving.start",
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


@pytest.mark.slow
def test_the_cli_builds_its_engine_without_the_web_app() -> None:
    # `extract` and `batch` need the cache and the engine, not FastAPI or the API's modules.
    code = (
        "import sys, types; import service.nlp.pipeline as p; "
        "p.load_pipeline = lambda name: types.SimpleNamespace("
        "meta={'lang': 'en', 'name': 'fake', 'version': '1'}); "
        "from service import cli; engine = cli._engine(); assert engine.pipeline == 'en_fake@1'; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'fastapi' "
        "or m.startswith('service.api')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
