"""Canonical-name normalisation."""

from __future__ import annotations

import pytest

from service.evaluation.names import normalise_name, same_name


@pytest.mark.parametrize(
    ("predicted", "gold"),
    [
        ("Dr. Anna Weiss", "Anna Weiss"),
        ("Mr Tomas Kral", "Tomas Kral"),
        ("Mrs. Olga Berg", "olga berg"),
        ("Ms. Lea Fox", "LEA FOX"),
        ("José Núñez", "Jose Nunez"),
        ("Zoë Müller", "Zoe Muller"),
        ("Anna Weiss's", "Anna Weiss"),
        ("Anna Weiss’s", "Anna Weiss"),
        ("Sam Jones'", "Sam Jones"),
        ("Pat O'Neil", "Pat ONeil"),
        ("Jean-Luc Brun", "Jean Luc Brun"),
        ("  Prof.  Kim   Lee ", "Kim Lee"),
    ],
)
def test_equal_after_normalisation(predicted: str, gold: str) -> None:
    """Case, accents, possessive, punctuation and honorifics do not matter."""
    assert same_name(predicted, gold)


@pytest.mark.parametrize(
    ("predicted", "gold"),
    [
        ("Anna Weiss", "Hanna Weiss"),
        ("Weiss", "Anna Weiss"),
        (None, "Anna Weiss"),
        ("", ""),
        ("Anna Weiss", None),
    ],
)
def test_different_names(predicted: str | None, gold: str | None) -> None:
    """Different or missing names never count as equal."""
    assert not same_name(predicted, gold)


def test_normalised_form() -> None:
    """The exact normal form, so a change to it is visible."""
    assert normalise_name("Dr. Mr. Élodie D'Arcy's") == "elodie darcy"
    assert normalise_name("Dr.") == "dr"  # a lone honorific is kept, never emptied
    assert normalise_name(None) == ""
