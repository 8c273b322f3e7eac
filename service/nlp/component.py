"""The core as a spaCy component: ``nlp.add_pipe("quote_attribution")``.

It runs the same function the service runs (``attribute``) and stores the result on the Doc,
so the core composes with other spaCy pipelines (an entity linker after it, a custom
tokenizer before it) without going through the service:

    nlp = spacy.load("en_core_web_sm")
    nlp.add_pipe("quote_attribution", config={"scope": "speech"})
    doc = nlp(text)
    doc._.quotes, doc._.speakers

The factory is also registered as a ``spacy_factories`` entry point, so a pipeline config
that names it loads without importing this module first.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from service.nlp.attribute import attribute
from service.nlp.model import SCOPES, ExtractionScope

FACTORY = "quote_attribution"
# What the rules read from earlier components (spaCy's analyze_pipes checks it).
REQUIRES = ["token.dep", "token.pos", "token.tag", "token.lemma", "token.ent_type", "doc.sents"]
ASSIGNS = ["doc._.quotes", "doc._.speakers"]

for _attr in ("quotes", "speakers"):
    if not Doc.has_extension(_attr):
        Doc.set_extension(_attr, default=None)


class QuoteAttribution:
    """Sets ``doc._.quotes`` and ``doc._.speakers`` (lists of the core's dataclasses)."""

    def __init__(self, scope: ExtractionScope = "speech") -> None:
        if scope not in SCOPES:
            raise ValueError(f"scope must be one of {SCOPES}, not {scope!r}")
        self.scope: ExtractionScope = scope

    def __call__(self, doc: Doc) -> Doc:
        """Attribute one parsed Doc in place."""
        result = attribute(doc, self.scope)
        doc._.quotes = result.quotes
        doc._.speakers = result.speakers
        return doc


@Language.factory(
    FACTORY,
    default_config={"scope": "speech"},
    requires=REQUIRES,
    assigns=ASSIGNS,
)
def make_quote_attribution(nlp: Language, name: str, scope: ExtractionScope) -> QuoteAttribution:
    """The factory spaCy calls for ``nlp.add_pipe("quote_attribution")``."""
    return QuoteAttribution(scope)
