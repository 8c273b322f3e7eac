"""The label vocabulary: every label the rules name is one the loaded pipeline produces."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import spacy.parts_of_speech
from spacy.language import Language

from service.nlp import labels
from service.nlp.labels import Dep, Ent, Pos, Tag

NLP = Path(labels.__file__).parent
# Rooms whose rules read labels only through service.nlp.labels.
CHECKED_ROOMS = ("quotes", "speakers", "text")
LABEL_ATTRS = frozenset({"dep_", "pos_", "tag_", "label_", "ent_type_"})


def _names(namespace: type) -> dict[str, str]:
    """The constants a label namespace declares."""
    return {k: v for k, v in vars(namespace).items() if k.isupper() and isinstance(v, str)}


def _declared() -> set[str]:
    """Every label named by the four namespaces."""
    return {v for ns in (Dep, Pos, Tag, Ent) for v in _names(ns).values()}


def test_label_sets_use_only_declared_labels() -> None:
    sets = {
        k: v for k, v in vars(labels).items() if k.isupper() and isinstance(v, frozenset | tuple)
    }
    assert len(sets) > 30
    declared = _declared()
    for name, members in sets.items():
        assert set(members) <= declared, name


def test_constant_names_spell_their_labels() -> None:
    for ns in (Dep, Pos, Tag, Ent):
        for name, value in _names(ns).items():
            if value:  # Ent.NONE: no entity
                assert name == value.upper().replace("$", "_POSS"), (ns.__name__, name)


def test_universal_pos_names_are_spacy_pos() -> None:
    assert set(_names(Pos).values()) <= set(spacy.parts_of_speech.IDS)


@pytest.mark.slow
def test_every_label_is_produced_by_the_pipeline(nlp: Language) -> None:
    produced = {
        Dep: set(nlp.get_pipe("parser").labels) | {"ROOT"},
        Tag: set(nlp.get_pipe("tagger").labels),
        Ent: set(nlp.get_pipe("ner").labels),
    }
    for ns, known in produced.items():
        missing = set(_names(ns).values()) - known - {Ent.NONE}
        assert not missing, (ns.__name__, missing)


def _inline_labels(source: str) -> list[int]:
    """Lines comparing a label attribute with a string literal (or a literal collection)."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Compare):
            continue
        operands = [node.left, *node.comparators]
        if not any(isinstance(o, ast.Attribute) and o.attr in LABEL_ATTRS for o in operands):
            continue
        for o in operands:
            elts = o.elts if isinstance(o, ast.Tuple | ast.Set | ast.List) else [o]
            if any(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in elts):
                lines.append(node.lineno)
    return lines


@pytest.mark.parametrize("room", CHECKED_ROOMS)
def test_rules_compare_labels_by_name_not_literal(room: str) -> None:
    found = {
        str(path.relative_to(NLP)): hits
        for path in sorted((NLP / room).glob("*.py"))
        if (hits := _inline_labels(path.read_text(encoding="utf-8")))
    }
    assert not found
