"""Canonical-name normalisation."""

from __future__ import annotations

import pytest

from service.evaluation.names import normalise_name, same_name, same_surname


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
        ("The Harbour Gazette", "Harbour Gazette"),
        ("the Ferry Board", "Ferry Board"),
        ('Olav "Bram" Brakke', "Olav Brakke"),
        ("Olav “Bram” Brakke", "Olav Brakke"),
        ("Olav ‘Bram’ Brakke", "Olav Brakke"),
        ("Marta K. Quist", "Marta Quist"),
        ("Marta K Quist", "Marta Quist"),
        ("Vesna J. R. Tullo", "Vesna Tullo"),
        ("Idris Okonjo Jr.", "Idris Okonjo"),
        ("Idris Okonjo, Jr.", "Idris Okonjo"),
        ("Idris B. Okonjo Jr.", "Idris Okonjo"),
        ("Soren Ravel Sr", "Soren Ravel"),
        ("Soren Ravel II", "Soren Ravel"),
        ("Soren Ravel III", "Soren Ravel"),
        ("Dr. Dagny P. Haarsma", "Dagny Haarsma"),
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
        ("K. Quist", "Quist"),  # an initial of a two-word name stays
        ("Dr. K. Quist", "Quist"),  # counted after the honorific
        ("A.J. Quist", "A Quist"),  # one written word "A.J." is no middle initial
        ("Marta Quist IV", "Marta Quist"),  # only Jr, Sr, II and III are suffixes
        ("Olav Brakke's ferry", "Olav Brakke"),
    ],
)
def test_different_names(predicted: str | None, gold: str | None) -> None:
    """Different or missing names never count as equal."""
    assert not same_name(predicted, gold)


def test_normalised_form() -> None:
    """The exact normal form, so a change to it is visible."""
    assert normalise_name("Dr. Mr. Élodie D'Arcy's") == "elodie darcy"
    assert normalise_name("Dr.") == "dr"  # a lone honorific is kept, never emptied
    assert normalise_name("The") == "the"
    assert normalise_name("Jr.") == "jr"
    assert normalise_name('"Bram"') == "bram"  # a name that is only a nickname stays
    assert normalise_name("the Rev. Olav B. Brakke, Jr.") == "olav brakke"
    assert normalise_name("Jean-Luc M. Brun") == "jean luc brun"
    assert normalise_name(None) == ""


@pytest.mark.parametrize(
    ("predicted", "gold", "same"),
    [
        ("Marta Quist", "Dr. Ola Quist", True),
        ("Marta K. Quist", "Ola Quist Jr.", True),
        ("Quist", "Marta Quist", False),  # both need two or more words
        ("Marta Quist", "Quist", False),
        ("Marta Quist", "Marta Tullo", False),
        (None, "Marta Quist", False),
    ],
)
def test_same_surname(predicted: str | None, gold: str, same: bool) -> None:
    """The roles' fallback: the same last word of two names of two or more words."""
    assert same_surname(predicted, gold) is same
