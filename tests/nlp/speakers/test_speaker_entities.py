"""The article's entity model: how unnamed sources are named, NER labels weighed as evidence,
and genders from honorifics. Invented sentences; hand-set labels where the NER is the point."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc
from test_speakers import _quote, _speaker_of

from service.nlp.model import Mention, Speaker
from service.nlp.speakers.resolve import resolve_speakers


def _labelled(nlp: Language, text: str, labels: list[tuple[str, str, int]]) -> Doc:
    """The parsed text with exactly these names labelled (each the first occurrence at or
    after an offset), as the NER sometimes labels them."""
    doc = nlp(text)
    spans = []
    for name, label, after in labels:
        start = text.index(name, after)
        span = doc.char_span(start, start + len(name), label=label)
        assert span is not None
        spans.append(span)
    doc.ents = spans
    return doc


def _one_quote(doc: Doc, quote: str, mention: str) -> Speaker:
    """The speaker of a quote over ``quote``, attributed to the nearest ``mention``."""
    return _speaker_of(resolve_speakers(doc, [_quote(doc.text, "q1", quote, mention)]), "q1")


@pytest.mark.slow
@pytest.mark.parametrize(("text", "quote", "mention", "name"), [
    ("Parents who waited outside the school said the doors stayed locked for an hour.",
     "the doors stayed locked for an hour", "Parents", "Parents who waited outside the school"),
    # the quantifier is part of the description as written
    ("Some commuters who ride the early train said the new timetable was a mess.",
     "the new timetable was a mess", "commuters", "Some commuters who ride the early train"),
    # the terms of speaking and asides are not who the source is
    ("A ranger, who asked not to be named, said the trail would close.",
     "the trail would close", "ranger", "A ranger"),
])
def test_an_unnamed_source_is_named_by_its_whole_written_description(
        nlp: Language, text: str, quote: str, mention: str, name: str) -> None:
    att = resolve_speakers(nlp(text), [_quote(text, "q1", quote, mention)])
    assert _speaker_of(att, "q1").name == name


HONORIFIC = ("Edith Varga opened the bakery in 1990 with her husband, Tom Varga. Mrs. Varga "
             "said the ovens were older than the building.")


def _bakery(nlp: Language, full_name_label: str) -> Doc:
    """The bakery text with the wife's full name labelled as asked, her surname PERSON."""
    return _labelled(nlp, HONORIFIC, [("Edith Varga", full_name_label, 0),
                                      ("Tom Varga", "PERSON", 0),
                                      ("Varga", "PERSON", HONORIFIC.index("Mrs."))])


@pytest.mark.slow
def test_an_honorific_picks_the_relative_of_its_gender(nlp: Language) -> None:
    quote = _quote(HONORIFIC, "q1", "the ovens were older than the building", "Varga")
    assert _speaker_of(resolve_speakers(_bakery(nlp, "PERSON"), [quote]), "q1").name == \
        "Edith Varga"


@pytest.mark.slow
def test_a_full_name_the_ner_calls_an_organisation_is_still_a_person(nlp: Language) -> None:
    # The surname is labelled PERSON elsewhere: the ORG label is evidence, not a gate.
    quote = _quote(HONORIFIC, "q1", "the ovens were older than the building", "Varga")
    speaker = _speaker_of(resolve_speakers(_bakery(nlp, "ORG"), [quote]), "q1")
    assert (speaker.name, speaker.kind) == ("Edith Varga", "person")


@pytest.mark.slow
def test_coordinated_full_names_speak_together(nlp: Language) -> None:
    text = "Mira Jansen and Senator Teo Baptiste said the road would reopen."
    att = resolve_speakers(nlp(text), [_quote(text, "q1", "the road would reopen", "Mira Jansen")])
    speaker = _speaker_of(att, "q1")
    assert (speaker.name, speaker.kind) == ("Mira Jansen and Teo Baptiste", "group")


@pytest.mark.slow
@pytest.mark.parametrize(("text", "mention"), [
    ("The businessman Teo Baptiste opened a mill in May. The businessman said the orders "
     "were strong.", "The businessman"),
    ("Teo Baptiste, the presumptive nominee, toured the mill in May. The presumptive nominee "
     "said the orders were strong.", "The presumptive nominee"),
])
def test_a_description_news_uses_for_a_named_person_is_that_person(
        nlp: Language, text: str, mention: str) -> None:
    att = resolve_speakers(nlp(text), [_quote(text, "q1", "the orders were strong", mention)])
    assert _speaker_of(att, "q1").name == "Teo Baptiste"


def test_a_dateline_the_ner_glued_to_a_name_is_not_part_of_it() -> None:
    from spacy.lang.en import English

    from service.nlp.speakers.entities import name_span

    doc = Doc(English().vocab, words=["BERLIN", "Petra", "Lindqvist", "said"],
              ents=["B-PERSON", "I-PERSON", "I-PERSON", "O"])
    span = name_span(doc.ents[0])
    assert span is not None and span.text == "Petra Lindqvist"


def test_given_names_of_many_locales_have_a_gender_and_unisex_ones_none() -> None:
    from service.nlp.speakers.lexicon import first_name_genders

    genders = first_name_genders()
    assert (genders.get("ingrid"), genders.get("rasmus")) == ("f", "m")
    assert genders.get("chris") is None and genders.get("will") is None


@pytest.mark.slow
def test_some_of_a_party_is_a_group_of_its_own(nlp: Language) -> None:
    text = ("The Federalists met on Monday. Some Federalists said the tax was unfair, and the "
            "Federalists said they would vote against it.")
    quotes = [_quote(text, "q1", "the tax was unfair", "Federalists", after=0),
              _quote(text, "q2", "they would vote against it", "Federalists")]
    some = text.index("Some Federalists") + len("Some ")
    quotes[0].speaker = Mention("Federalists", some, some + len("Federalists"))
    att = resolve_speakers(nlp(text), quotes)
    assert [_speaker_of(att, q).name for q in ("q1", "q2")] == ["Some Federalists",
                                                                "The Federalists"]


@pytest.mark.slow
def test_a_document_speaks_for_whoever_put_it_out(nlp: Language) -> None:
    text = ("A coalition of forty charities sent a letter to the council on Friday. The letter "
            "said the cuts would hurt families.")
    speaker = _one_quote(nlp(text), "the cuts would hurt families", "The letter")
    assert (speaker.name, speaker.kind) == ("A coalition of forty charities", "organization")


@pytest.mark.slow
def test_a_name_in_a_headline_joins_the_person_the_article_names(nlp: Language) -> None:
    text = ("Varga Speech Draws Cheers At Harbour Rally\n\n"
            "Mayor Edith Varga spoke for an hour on Sunday. Varga said the pier would reopen.")
    doc = _labelled(nlp, text, [("Varga Speech", "PERSON", 0), ("Edith Varga", "PERSON", 0),
                                ("Varga", "PERSON", text.index("Varga said"))])
    att = resolve_speakers(doc, [_quote(text, "q1", "the pier would reopen", "Varga")])
    speaker = _speaker_of(att, "q1")
    assert speaker.name == "Edith Varga"
    assert speaker.mentions[0].text == "Varga"  # the headline's 'Varga Speech' is not a name


@pytest.mark.slow
def test_a_mr_is_not_given_the_full_name_of_a_woman_of_his_family(nlp: Language) -> None:
    text = ("Mr. Varga spoke for an hour on Sunday. He thanked Edith Varga, who ran the "
            "campaign. Mr. Varga said the pier would reopen.")
    att = resolve_speakers(nlp(text), [_quote(text, "q1", "the pier would reopen", "Varga")])
    assert _speaker_of(att, "q1").name == "Varga"


@pytest.mark.slow
def test_a_name_inside_a_quotation_lends_no_gender_to_the_pronoun_after_it(
        nlp: Language) -> None:
    from service.nlp.speakers.collect import collect_names, infer_genders
    from service.nlp.speakers.entities import EntityTable

    text = "\u201cNobody sings for Zarina Okoye,\u201d he said. \u201cNot one song,\u201d he said."
    doc = nlp(text)
    quotes = [(0, text.index(" he said")), (text.index("\u201cNot"), text.rindex(" he said"))]
    table = EntityTable(doc, quotes)
    collect_names(table)
    infer_genders(table)
    assert all(e.gender != "m" for e in table.persons() if "okoye" in e.key)


USUAL = ("Ana Maria Ruiz runs the mill. Ana Ruiz hired ten people in May. Ana Ruiz said "
         "the orders were strong.")


@pytest.mark.slow
def test_a_person_is_named_by_the_full_name_the_article_uses_most(nlp: Language) -> None:
    # not by a fuller one written once
    second = USUAL.index("Ana Ruiz said")
    doc = _labelled(nlp, USUAL, [("Ana Maria Ruiz", "PERSON", 0), ("Ana Ruiz", "PERSON", 0),
                                 ("Ana Ruiz", "PERSON", second)])
    att = resolve_speakers(doc, [_quote(USUAL, "q1", "the orders were strong", "Ana Ruiz")])
    assert _speaker_of(att, "q1").name == "Ana Ruiz"


@pytest.mark.slow
def test_a_two_word_surname_written_with_mr_is_no_full_name(nlp: Language) -> None:
    text = ("Economy Minister Rafael Ortiz Luna met the mill owners. Mr. Ortiz Luna toured the "
            "floor. Mr. Ortiz Luna said the orders were strong.")
    assert _one_quote(nlp(text), "the orders were strong", "Ortiz Luna").name == \
        "Rafael Ortiz Luna"


@pytest.mark.slow
def test_a_mention_the_parse_heads_by_its_verb_is_its_subject(nlp: Language) -> None:
    text = ("Ana Ruiz met the mill owners on Monday.\n\n"
            "\u201cYour orders are safe,\u201d Ruiz assured Tomas Berg.")
    start = text.index("Ruiz assured")
    quote = _quote(text, "q1", "\u201cYour orders are safe,\u201d", None)
    quote.speaker = Mention("Ruiz assured Tomas Berg", start, len(text) - 1)
    assert _speaker_of(resolve_speakers(nlp(text), [quote]), "q1").name == "Ana Ruiz"


@pytest.mark.slow
def test_a_headline_name_after_headline_words_joins_the_person(nlp: Language) -> None:
    text = ("Harbour Crowd Cheers Edith Varga.\n\n"
            "Mayor Edith Varga spoke for an hour on Sunday. Varga said the pier would reopen.")
    doc = _labelled(nlp, text, [("Cheers Edith Varga", "PERSON", 0),
                                ("Edith Varga", "PERSON", text.index("Mayor")),
                                ("Varga", "PERSON", text.index("Varga said"))])
    speaker = _one_quote(doc, "the pier would reopen", "Varga")
    assert speaker.name == "Edith Varga"
    assert speaker.mentions[0].text == "Edith Varga"  # not 'Cheers Edith Varga'


@given(
    spans=st.lists(st.tuples(st.integers(0, 60), st.integers(0, 30)), max_size=12),
    start=st.integers(0, 90),
    width=st.integers(0, 20),
)
def test_span_index_covers_exactly_what_a_linear_scan_finds(
        spans: list[tuple[int, int]], start: int, width: int) -> None:
    from service.nlp.speakers.entities import SpanIndex, in_any

    ranges = [(s, s + w) for s, w in spans]
    end = start + width
    assert in_any(start, end, SpanIndex(ranges)) == in_any(start, end, ranges)
    assert list(SpanIndex(ranges)) == ranges
