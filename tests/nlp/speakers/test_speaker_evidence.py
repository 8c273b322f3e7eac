"""Speakers on articles the rules were not written on: evidence over labels and habits.

Each story is invented and exercises one general mechanism: names said inside the quote
being attributed, one gender per pronoun chain, a person introduced just before, a reporter's
one-letter slip in a surname, a given name outweighing the NER's label, and reported speech
that names its own speaker.
"""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Span
from test_speakers import _quote, _speaker_of

from service.nlp.attribute import attribute, attribute_text
from service.nlp.labels import Ent
from service.nlp.model import Attribution
from service.nlp.speakers.collect import _named_like_org
from service.nlp.speakers.entities import Entity, Mention
from service.nlp.speakers.resolve import resolve_speakers
from service.nlp.speakers.salience import _narrated_mentions
from service.nlp.text.names import misspelt


@pytest.mark.parametrize(("word", "known", "expected"), [
    ("halvorson", "halvorsen", True),   # a letter changed
    ("mcleod", "mccleod", True),        # a letter dropped
    ("brannigan", "branigan", True),    # a letter added
    ("okfaor", "okafor", True),         # two letters swapped
    ("lund", "land", False),            # too short to tell a slip from another name
    ("carson", "larson", False),        # another first letter: another name
    ("halvorsen", "halvorsen", False),  # the same word is no slip
    ("halverstam", "halvorsen", False),  # more than one edit
])
def test_misspelt_surnames(word: str, known: str, expected: bool) -> None:
    assert misspelt(word, known) is expected


STORIES = [
    # a name said inside the quote being attributed is what she talks about, not who she is
    ("Karen Miller owns the building. Miller raised the rent in May, and Miller says costs "
     "rose.\n\nNancy Walsh, who has lived there for years, disagrees.\n\n\"Nobody fixes "
     "anything, and Miller just sends letters. Miller never calls,\" she said.",
     "Nobody fixes anything, and Miller just sends letters. Miller never calls,", "she",
     "Nancy Walsh", "person"),
    # 'she' settled a person's gender, so a later 'he' means the other person
    ("Chris Adair met Pat Ellery at the market, where she sold bread.\n\n"
     "\"We bake everything by hand,\" he said.", "We bake everything by hand,", "he",
     "Pat Ellery", "person"),
    # a short name is the longer one it ends, named before ...
    ("The Harbour Daily Post broke the story on Monday. The Post said the mayor had known "
     "for months.", "the mayor had known for months", "The Post", "The Harbour Daily Post",
     "organization"),
    # ... or the one it begins before organisation nouns only
    ("The Mountain Times Company closed the plant. Mountain Times said orders fell.",
     "orders fell", "Mountain Times", "The Mountain Times Company", "organization"),
    # ... but a bare organisation noun is not the longer name ending in it
    ("The White House sent the bill to the House on Friday.\n\nThe House said the vote "
     "would be on Monday.", "the vote would be on Monday", "The House", "the House",
     "organization"),
    # an investigation, a readout or a polling average speaks for the organisation named in it
    ("The Ridgeway Water Board tested the wells in May.\n\nA Ridgeway Water Board readout "
     "said the wells were safe.", "the wells were safe", "A Ridgeway Water Board readout",
     "The Ridgeway Water Board", "organization"),
    # 'police said' is the police force named before, as 'the police' would be
    ("The Dunmore Police Service arrested two men on Friday.\n\nPolice said the men were "
     "released on Sunday.", "the men were released on Sunday", "Police",
     "The Dunmore Police Service", "organization"),
    # 'his campaign' is the campaign of the man the pronoun means, named by his surname
    ("Senator Tom Baker toured the plant on Monday.\n\nHis campaign said the visit was "
     "planned in May.", "the visit was planned in May", "His campaign", "the Baker campaign",
     "organization"),
    # a one-letter slip in a surname is still the person named in full
    ("\"We are ready,\" said Tyra Halvorsen, the coach.\n\nHalvorson said the team had "
     "trained all summer.", "the team had trained all summer", "Halvorson",
     "Tyra Halvorsen", "person"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "quote", "mention", "name", "kind"), STORIES,
                         ids=[s[3] for s in STORIES])
def test_story(nlp: Language, text: str, quote: str, mention: str, name: str, kind: str) -> None:
    after = text.index(quote)
    att = resolve_speakers(nlp(text), [_quote(text, "q1", quote, mention, after)])
    speaker = _speaker_of(att, "q1")
    assert (speaker.name, speaker.kind) == (name, kind)


def _speaker_names(att: Attribution) -> list[str]:
    """The speaker name of every quote, in order."""
    names = {s.id: s.name for s in att.speakers}
    return [names[q.speaker.speaker_id] if q.speaker and q.speaker.speaker_id else ""
            for q in att.quotes]


@pytest.mark.slow
def test_a_man_introduced_just_before_outranks_the_last_speaker(nlp: Language) -> None:
    # ... past a woman named in the same sentence, whom 'he' cannot mean
    text = ("\"We need more volunteers,\" said Victor Lang, the director. Lang has run the "
            "food bank since 2015, and Lang says demand doubled.\n\nLinda Moss praised the "
            "plan, which pleased Peter Quill, the treasurer of the food bank.\n\n\"It keeps "
            "the doors open,\" he said.")
    att = attribute_text(nlp, text)
    assert _speaker_names(att) == ["Victor Lang", "Peter Quill"]


@pytest.mark.slow
def test_a_known_given_name_outweighs_the_ner_label(nlp: Language) -> None:
    text = ("\"The lines were far too long,\" Valley Mayor Greg Lindqvist wrote on Monday.\n\n"
            "\"Many people simply gave up,\" Lindqvist wrote.")
    doc = nlp(text)
    title = text.index("Valley")
    surname = text.rindex("Lindqvist")
    # The small model's mistakes, made certain: the full name as a work of art, the
    # surname as an organisation.
    doc.ents = [
        doc.char_span(title, text.index(" wrote"), label="WORK_OF_ART"),
        doc.char_span(surname, surname + len("Lindqvist"), label=Ent.ORG),
    ]
    att = attribute(doc)
    assert _speaker_names(att) == ["Greg Lindqvist", "Greg Lindqvist"]
    assert [s.kind for s in att.speakers] == ["person"]


@pytest.mark.slow
def test_a_name_ending_in_an_organisation_noun_is_no_person(nlp: Language) -> None:
    doc = nlp("The Harbour Tenants Caucus met Mary Church on Monday.")
    caucus = Span(doc, 1, 4, label=Ent.PERSON)
    church = Span(doc, 5, 7, label=Ent.PERSON)
    assert _named_like_org(caucus)
    assert not _named_like_org(church)  # a known given name first: a person


@pytest.mark.slow
def test_reported_speech_that_names_its_own_speaker_keeps_him(nlp: Language) -> None:
    text = ("\"We won,\" said Daniel Marsh. Marsh thanked his volunteers, and Marsh says the "
            "county is his.\n\n"
            "But the result worried the party's elders.\n\n"
            "Former Rep. Alan Tisch backed Gov. Paul Ruiz while the governor was in the race, "
            "he said on Wednesday.")
    att = attribute_text(nlp, text)
    said = [q for q in att.quotes if "backed Gov." in q.text]
    assert len(said) == 1
    names = dict(zip((q.id for q in att.quotes), _speaker_names(att), strict=True))
    assert names[said[0].id] == "Alan Tisch"


@pytest.mark.slow
@pytest.mark.parametrize("dateline", ["CLEVELAND —", "CLEVELAND, July 19 (UPI) —"])
def test_a_dateline_is_never_the_speaker(nlp: Language, dateline: str) -> None:
    text = (f"Harbour story.\n\n{dateline} Former Attorney General Michael Norden told "
            "delegates that the case \"was closed.\"")
    att = attribute_text(nlp, text)
    assert [q.speaker.text if q.speaker else None for q in att.quotes] == ["Michael Norden"]
    assert _speaker_names(att) == ["Michael Norden"]


def test_only_the_narration_makes_a_protagonist() -> None:
    quoted = [Mention(start=i, end=i + 5, head=i, subject=True, in_quote=True, named=True)
              for i in range(0, 40, 10)]
    narrated = Mention(start=50, end=55, head=50, subject=True, in_quote=False, named=True)
    talked_about = Entity(kind="person", name="Ray Ortiz", key=("ray", "ortiz"),
                          mentions=[*quoted, narrated])
    assert _narrated_mentions(talked_about) == 1
    assert _narrated_mentions(Entity(kind="person", name="X", key=("x",), mentions=quoted)) == 1


@pytest.mark.slow
def test_one_mention_attributing_two_quotes_names_one_speaker(nlp: Language) -> None:
    text = ("Former Rep. Alan Tisch backed Gov. Paul Ruiz while the governor was in the race, "
            "he said on Wednesday.\n\n\"Ruiz is my next choice. Daniel Marsh lost me a long "
            "time ago,\" he said. \"He does and says everything my parents taught me not to.\"")
    att = attribute_text(nlp, text)
    assert _speaker_names(att)[-2:] == ["Alan Tisch", "Alan Tisch"]


@pytest.mark.slow
def test_a_pronoun_does_not_take_a_name_from_the_speech_it_reports(nlp: Language) -> None:
    text = ("Omar Wekesa cooks at the hotel. Wekesa saw the gunmen first, and Wekesa says "
            "they fired twice.\n\nKen Ruto, a guard, was on the roof.\n\nThe attack "
            "lasted an hour.\n\nWekesa and two colleagues hid under desks, he said, but one "
            "man ran to the roof.")
    said = "Wekesa and two colleagues hid under desks"
    quote = _quote(text, "q1", said, "he", text.index(said))
    quote.type = "indirect"
    att = resolve_speakers(nlp(text), [quote])
    assert _speaker_of(att, "q1").name == "Ken Ruto"
