"""Speakers: name variants (pure), and short articles written for the project through the
real pipeline, with quotes built by hand so only speaker resolution is under test."""

from __future__ import annotations

import re

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from service.nlp.model import Attribution, Cue, Mention, Quote, Role, Speaker, TextSpan
from service.nlp.speakers.resolve import resolve_speakers
from service.nlp.text.names import display_name, is_variant, name_key


@pytest.mark.parametrize(("short", "full", "expected"), [
    ("Carrow", "John Carrow", True),
    ("Mr. Carrow's", "John Carrow", True),
    ("John", "John Carrow", True),
    ("J. Carrow", "John Carrow", True),
    ("van der Berg", "Anke van der Berg", True),
    ("Al Rashed", "Nour Al Rashed", True),
    ("Moreau-Lintz", "Clara Moreau-Lintz", True),
    ("Lintz", "Clara Moreau-Lintz", True),
    ("Smith", "John Carrow", False),
    ("Jane Carrow", "John Carrow", False),
])
def test_name_variants(short: str, full: str, expected: bool) -> None:
    assert is_variant(name_key(short), name_key(full)) is expected


def test_a_hyphenated_particle_stays_in_the_name() -> None:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from service.nlp.speakers.entities import name_span

    doc = Doc(Vocab(), words=["the", "al", "-", "Nusra", "front"],
              spaces=[True, False, False, True, False])
    span = name_span(doc[1:4])
    assert span is not None and span.text == "al-Nusra"


@pytest.mark.slow
def test_a_capitalised_plural_noun_that_is_a_known_surname_is_a_name(nlp: Language) -> None:
    from service.nlp.speakers.collect import collect_names
    from service.nlp.speakers.entities import EntityTable
    from service.nlp.speakers.resolver import Resolver

    doc = nlp("Ollie Vandermeers won in May. The Hollands said the course was hard.")
    table = EntityTable(doc, [])
    collect_names(table)
    table.add_name(doc[0:2], "person")
    resolver = Resolver(table)
    assert resolver._known_surname(doc[1:2])
    assert not resolver._known_surname(doc[8:9])

def test_display_name_drops_honorific_possessive_and_nickname() -> None:
    assert display_name("Mr. Carrow’s") == "Carrow"
    assert display_name("Marten “Tino” Vasquez") == "Marten Vasquez"


def _quote(text: str, qid: str, quote: str, mention: str | None, after: int = 0) -> Quote:
    """A quote over the first ``quote`` at/after ``after`` with the nearest ``mention``."""
    start = text.index(quote, after)
    speaker = None
    if mention is not None:
        # The mention nearest the quote: the last one before it, else the first after it.
        word = re.compile(rf"\b{re.escape(mention)}\b")
        before = [w.start() for w in word.finditer(text, 0, start)]
        m = before[-1] if before else word.search(text, start + len(quote)).start()  # type: ignore[union-attr]
        speaker = Mention(mention, m, m + len(mention))
    end = start + len(quote)
    return Quote(id=qid, type="direct", text=quote, start=start, end=end,
                 parts=[TextSpan(quote, start, end)], paragraph=text.count("\n", 0, start),
                 speaker=speaker)


def _speaker_of(att: Attribution, qid: str) -> Speaker:
    """The speaker the quote's mention was resolved to."""
    quote = next(q for q in att.quotes if q.id == qid)
    assert quote.speaker is not None and quote.speaker.speaker_id is not None
    return next(s for s in att.speakers if s.id == quote.speaker.speaker_id)


ARTICLE = (
    "Defence Secretary John Carrow met Ukrainian officials in Kyiv on Monday.\n"
    "Carrow said the talks had been useful.\n"
    "Later he said training would continue.\n"
    "In an editorial, The Times argued that the strike was lawful.\n"
    "The piece angered former Russian President Arkady Volodkin, a close Lukin ally, "
    "who claimed the editors were targets.\n"
    "Sources told the paper that no decision had been taken."
)


@pytest.fixture(scope="module")
def article(nlp: Language) -> Attribution:
    text = ARTICLE
    quotes = [
        _quote(text, "q1", "the talks had been useful", "Carrow"),
        _quote(text, "q2", "training would continue", "he"),
        _quote(text, "q3", "the strike was lawful", "The Times"),
        _quote(text, "q4", "the editors were targets", "who"),
        _quote(text, "q5", "no decision had been taken", "Sources"),
    ]
    return resolve_speakers(nlp(text), quotes)


@pytest.mark.slow
@pytest.mark.parametrize(("qid", "name", "kind"), [
    ("q1", "John Carrow", "person"),
    ("q2", "John Carrow", "person"),
    ("q3", "The Times", "organization"),
    ("q4", "Arkady Volodkin", "person"),
    ("q5", "Sources", "unnamed"),
])
def test_canonical_speaker(article: Attribution, qid: str, name: str, kind: str) -> None:
    speaker = _speaker_of(article, qid)
    assert (speaker.name, speaker.kind) == (name, kind)


@pytest.mark.slow
def test_roles_come_from_any_mention(article: Attribution) -> None:
    volodkin = _speaker_of(article, "q4")
    carrow = _speaker_of(article, "q1")
    assert [r.text for r in volodkin.roles] == ["former Russian President", "a close Lukin ally"]
    assert [r.text for r in carrow.roles] == ["Defence Secretary"]


@pytest.mark.slow
def test_ids_mentions_and_quote_ids(article: Attribution) -> None:
    assert [s.id for s in article.speakers] == [f"s{n}" for n in range(1, 5)]
    carrow = _speaker_of(article, "q1")
    assert carrow.quote_ids == ["q1", "q2"]
    assert [m.text for m in carrow.mentions] == ["John Carrow", "Carrow", "he"]
    for speaker in article.speakers:
        spans: list[TextSpan | Role] = [*speaker.mentions, *speaker.roles]
        for span in spans:
            assert ARTICLE[span.start:span.end] == span.text


STORIES = [
    # she by gender, past a nearer man
    ("Maria Lopez, the mayor, met Tom Baker on Friday. Afterwards she said the deal was done.",
     "the deal was done", "she", "Maria Lopez", "person"),
    # a description linked to the holder of that role
    ("Mayor Doug Ellis opened the bridge. The mayor said it was built on budget.",
     "it was built on budget", "The mayor", "Doug Ellis", "person"),
    # 'the company' back to the named company
    ("Acme Holdings cut 200 jobs on Monday. The company said sales had fallen.",
     "sales had fallen", "The company", "Acme Holdings", "organization"),
    # a particle surname
    ("Geologist Anke van der Berg studied the quake. Van der Berg said it was shallow.",
     "it was shallow", "Van der Berg", "Anke van der Berg", "person"),
    # an unnamed source keeps its description
    ("A spokesperson for the ministry said the report was false.",
     "the report was false", "A spokesperson for the ministry",
     "A spokesperson for the ministry", "unnamed"),
    # a mention cut to its head noun is named by its whole noun phrase
    ("Talks stalled on Monday. The paramedics union said a strike was likely.",
     "a strike was likely", "union", "The paramedics union", "organization"),
    # an indefinite description keeps what follows its head
    ("An expert cited in the review said the costs were too high.",
     "the costs were too high", "An expert", "An expert cited in the review", "unnamed"),
    # a name opening a paragraph is its subject, even when parsed onto the paragraph above
    ("Dana Cole spoke first at the rally in the city.\n\nTom Reyes with the drivers' union "
     "turned out too.\n\n\"We need the work,\" he said.",
     "We need the work,", "he", "Tom Reyes", "person"),
    # 'they' goes to the group just named as subject, not to the company before it
    ("Harbor Transit Ltd. cut three routes in March. Commuters protested outside city hall "
     "on Monday. They said the buses were always late.",
     "the buses were always late", "They", "Commuters", "group"),
    # a possessor before a name is not part of it
    ("Ottawa's Maria Gomez scored twice on Saturday. Gomez said the team was tired.",
     "the team was tired", "Ottawa's Maria Gomez", "Maria Gomez", "person"),
    # a mention run across a line break keeps the line the cue is on
    ("Rally draws a crowd downtown\n\nVolunteers said the turnout was high.",
     "the turnout was high", "downtown\n\nVolunteers", "Volunteers", "group"),
    # a definite description with no stated role: the salient person just introduced
    ("Omar Haddad toured the flooded plant on Tuesday.\n\nThe former mayor said the jobs "
     "were safe.", "the jobs were safe", "The former mayor", "Omar Haddad", "person"),
    # an acronym names the organisation it abbreviates, spelled out earlier
    ("The Provincial Water Authority released its review on Monday.\n\nThe PWA said the "
     "pipes were unsafe.", "the pipes were unsafe", "The PWA", "The Provincial Water Authority",
     "organization"),
    # a description whose appositive is a name is that person
    ("One rural Republican, Iowa Sen. Carla Moens, said the bill would fail.",
     "the bill would fail", "Republican", "Carla Moens", "person"),
    # so is 'an official ... named X'
    ("A rescue agency official in Kent county named Dario Sulis said roads were closed.",
     "roads were closed", "A rescue agency official", "Dario Sulis", "person"),
    # a month before a document dates it, it does not write it
    ("Revenues fell again. The September report said revenues had fallen.",
     "revenues had fallen", "The September report", "The September report", "unnamed"),
    # plural documents speak for the source they come from
    ("Prices rose again. The latest numbers from Statistics Norway show rents climbing.",
     "rents climbing", "The latest numbers", "Statistics Norway", "organization"),
    # the subject of a relative clause is not the topic a pronoun picks up
    ("Ian Poole keeps a museum of old cars.\n\nIt holds a letter that team captain Mark Olsen "
     "sent to Poole in 2012.\n\nGuests love seeing it, he said.",
     "Guests love seeing it", "he", "Ian Poole", "person"),
    # an unlabelled name the article describes as a person ('X, a resident of Y') is one
    ("Officials closed the road.\n\nWarsi, a resident of the valley, was asleep when the "
     "water came. She said the warning was late.", "the warning was late", "She", "Warsi",
     "person"),
    # coordinated people speak together, each by full name (also when the mention is cut)
    ("Lena Brandt met Oliver Kahn in Berlin.\n\nBrandt and Kahn said the deal was fair.",
     "the deal was fair", "Brandt", "Lena Brandt and Oliver Kahn", "group"),
    # an indefinite title is named by the next sentence's new subject; a generic noun is not
    ("A provincial court judge said the bylaw was vague.\n\nJustice Anna Berg ordered the "
     "city to pay costs.", "the bylaw was vague", "A provincial court judge", "Anna Berg",
     "person"),
    ("An expert said rents would rise.\n\nTom Reyes owns four buildings in the west end.",
     "rents would rise", "An expert", "An expert", "unnamed"),
    # an acronym modifying a document is its author organisation, not a person
    ("The Provincial Water Authority checks pipes.\n\nA recent PWA report said the pipes were "
     "unsafe.", "the pipes were unsafe", "A recent PWA report",
     "The Provincial Water Authority", "organization"),
    # 'they' skips a place and a verbless credit line for the group named as subject
    ("Farmers blocked the highway near Regina.\n\nThe Prairie Press.\n\n"
     "They said grain prices were too low.", "grain prices were too low", "They", "Farmers",
     "group"),
    # with two commissions named, 'the commission' is ambiguous and stays as written
    ("The Police Review Commission wrote to the Human Rights Commission in May.\n\n"
     "The commission said the review was late.", "the review was late", "The commission",
     "The commission", "organization"),
    # a document with no stated author speaks for the source that reported just before,
    # also when the subject names it in apposition ('The aid group, Bridgewell, said')
    ("The relief charity, Bridgewell, said two of its nurses were hurt. A statement said the "
     "charity was deeply shaken.", "the charity was deeply shaken", "A statement", "Bridgewell",
     "organization"),
    # 'the Vermont Republican' is one person, the salient one, not one with a party role
    ("Tom Pryce, a Republican county commissioner, spoke at a dinner in May.\n\nSenator Ruth "
     "Calloway toured the flooded plant on Monday.\n\n\"We will rebuild it,\" the Vermont "
     "Republican said.", "We will rebuild it,", "Vermont Republican", "Ruth Calloway",
     "person"),
    # a party named by its members ('the Federalists') is a group 'they' can point back to
    ("The vote is in May.\n\nThe plan of the Federalists rests on a new ferry route. The "
     "first boat, they promise, will sail in June.", "will sail in June", "they",
     "the Federalists", "group"),
    # 'those' with modifiers describes people; 'those close to' someone is an anonymous source
    ("The dam was closed for a week.\n\nAll those affected say the warning came late.",
     "the warning came late", "those", "All those affected", "group"),
    ("The mayor has not decided.\n\nThose close to her say she will run again.",
     "she will run again", "Those", "Those close to her", "unnamed"),
    # a possessive document speaks for its author
    ("Nadia Hassan runs the shelter. Hassan's statement said beds were full.",
     "beds were full", "Hassan's statement", "Nadia Hassan", "person"),
    # records, lists and databases speak for their owner too ('according to X's database')
    ("Ferries ran late all winter.\n\nAccording to Lakeside Transit's ridership database, "
     "fares covered half the costs.", "fares covered half the costs",
     "Lakeside Transit's ridership database", "Lakeside Transit", "organization"),
    ("Critics mock the exercise.\n\nAccording to Brightwater College's annual list, "
     "\"synergy\" is the most tiresome word.", "\"synergy\" is the most tiresome word",
     "Brightwater College's annual list", "Brightwater College", "organization"),
    # ... and so does a document with a title of its own, which the NER calls an organisation
    ("Brantford repaired four bridges last year.\n\nAccording to the city's Road Safety "
     "Review, two more need work.", "two more need work", "Road Safety Review", "Brantford",
     "organization"),
    # ... but a record with no owner stays as written
    ("Ferries ran late all winter.\n\nAccording to a public database, fares covered half "
     "the costs.", "fares covered half the costs", "a public database", "a public database",
     "unnamed"),
    # 'but' adds a condition of the source's talking, not who the source is ...
    ("Talks resumed on Friday. The offer was raised, according to a source familiar with the "
     "deal but unauthorized to discuss it.", "The offer was raised",
     "a source familiar with the deal but unauthorized to discuss it",
     "a source familiar with the deal", "unnamed"),
    # ... while 'and' inside the description is part of it
    ("Talks resumed on Friday. The offer was raised, according to a source familiar with the "
     "deal and the talks.", "The offer was raised", "a source familiar with the deal and the talks",
     "a source familiar with the deal and the talks", "unnamed"),
    # a subject pronoun is not the person its clause contrasts it with ('Unlike X, she')
    ("Nora Vance moved to the city in 2016.\n\nIlse Brandt, who came the same year, found "
     "work within a month.\n\nUnlike Brandt, she is still looking.\n\n\"I send letters every "
     "day,\" she said.", "I send letters every day,", "she", "Nora Vance", "person"),
    # ... while a contrast with no person in it excludes no one
    ("Nora Vance moved to the city in 2016.\n\nIlse Brandt, who came the same year, found "
     "work within a month.\n\nUnlike most arrivals, she is still looking.\n\n\"I send "
     "letters every day,\" she said.", "I send letters every day,", "she", "Ilse Brandt",
     "person"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "quote", "mention", "name", "kind"), STORIES,
                         ids=[s[2] for s in STORIES])
def test_story(nlp: Language, text: str, quote: str, mention: str, name: str, kind: str) -> None:
    att = resolve_speakers(nlp(text), [_quote(text, "q1", quote, mention)])
    speaker = _speaker_of(att, "q1")
    assert (speaker.name, speaker.kind) == (name, kind)


@pytest.mark.slow
def test_continuation_quote_inherits_the_speaker(nlp: Language) -> None:
    text = ('"We are ready," said Lena Harwick.\n"We have waited long enough."')
    quotes = [_quote(text, "q1", "We are ready,", "Lena Harwick"),
              _quote(text, "q2", "We have waited long enough.", None)]
    att = resolve_speakers(nlp(text), quotes)
    assert _speaker_of(att, "q2").name == "Lena Harwick"
    assert att.speakers[0].quote_ids == ["q1", "q2"]


@pytest.mark.slow
def test_an_unclosed_quote_takes_the_speaker_of_the_paragraph_it_runs_on_into(
        nlp: Language) -> None:
    text = ('The rail line answered in writing.\n"Riders may bring a bicycle when the conductor\n'
            'says there is room for it," said Lena Ortiz in an email.')
    quotes = [_quote(text, "q1", '"Riders may bring a bicycle when the conductor', None),
              _quote(text, "q2", 'says there is room for it,"', "Lena Ortiz")]
    att = resolve_speakers(nlp(text), quotes)
    assert _speaker_of(att, "q1").name == "Lena Ortiz"
    assert att.quotes[0].speaker is not None and att.quotes[0].speaker.text == "Lena Ortiz"


def test_person_names_are_capitalised_words_and_particles() -> None:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from service.nlp.speakers.collect import looks_like_person_name

    def doc(text: str, spaces: list[bool] | None = None) -> Doc:
        return Doc(Vocab(), words=text.split(), spaces=spaces)

    assert not looks_like_person_name(doc("Birth of Modern Canada")[:])
    assert looks_like_person_name(doc("Anke van der Berg")[:])
    assert looks_like_person_name(doc("Kim Jong - un", [True, False, False, False])[:])
    assert not looks_like_person_name(doc("Ann Lee / CBC News")[:])
    assert not looks_like_person_name(doc("Ann Lee/CBC News")[:])


CHAIN = (
    "Harold Grant opened his garage to visitors on Sunday.\n"
    "A neighbour, Peter Walsh, helped him set up the tables.\n"
    "Grant spent years restoring the cars. He bought the first one in 1990. "
    "He keeps every receipt.\n"
    '"They get to see all of it," he said.'
)


@pytest.mark.slow
def test_pronoun_chain_keeps_its_person_and_lists_every_mention(nlp: Language) -> None:
    quote = _quote(CHAIN, "q1", "They get to see all of it,", None)
    he = CHAIN.rindex(" he said") + 1
    quote.speaker = Mention("he", he, he + 2)
    att = resolve_speakers(nlp(CHAIN), [quote])
    speaker = _speaker_of(att, "q1")
    assert speaker.name == "Harold Grant"
    texts = [m.text for m in speaker.mentions]
    assert texts.count("He") == 2 and "his" in texts
    starts = [m.start for m in speaker.mentions]
    assert starts == sorted(set(starts))


TRADE = (
    "Teuvo Lindgren signed a new contract on Friday. Oskar Brandvold scored twice for "
    "Carolina on Sunday.\n\nBrandvold has four goals since Dallas traded him to Carolina "
    "last week. The 27-year-old winger said his new linemates were creating chances."
)


@pytest.mark.slow
def test_every_surname_is_a_mention_and_keeps_its_person_salient(nlp: Language) -> None:
    quote = _quote(TRADE, "q1", "his new linemates were creating chances",
                   "The 27-year-old winger")
    speaker = _speaker_of(resolve_speakers(nlp(TRADE), [quote]), "q1")
    assert speaker.name == "Oskar Brandvold"
    assert [m.text for m in speaker.mentions][:3] == ["Oskar Brandvold", "Brandvold", "him"]


OFFICIALS = (
    "Court officials said the hearing would be delayed. Later a court clerk said the files "
    "were missing. The clerk said copies had been requested."
)


@pytest.mark.slow
def test_an_indefinite_source_is_new_and_keeps_its_number(nlp: Language) -> None:
    quotes = [_quote(OFFICIALS, "q1", "the hearing would be delayed", "Court officials"),
              _quote(OFFICIALS, "q2", "the files were missing", "a court clerk"),
              _quote(OFFICIALS, "q3", "copies had been requested", "The clerk")]
    att = resolve_speakers(nlp(OFFICIALS), quotes)
    assert [_speaker_of(att, q).name for q in ("q1", "q2", "q3")] == [
        "Court officials", "a court clerk", "a court clerk"]


FAR = (
    "Maria Santos runs the night shelter on Dundas Street.\n\n"
    + "The shelter opened in 2015. Beds fill by nine. Volunteers cook dinner. "
    "Donations pay for blankets. The city pays for heat. A nurse visits on Mondays. "
    "Buses stop outside. Police patrol at midnight.\n\n"
    + '"Nobody should sleep outside in January," she added.'
)


@pytest.mark.slow
def test_a_pronoun_finds_its_person_beyond_the_near_window(nlp: Language) -> None:
    quote = _quote(FAR, "q1", "Nobody should sleep outside in January,", "she")
    assert _speaker_of(resolve_speakers(nlp(FAR), [quote]), "q1").name == "Maria Santos"


STAFF = (
    "Mayor Dana Hill cut the budget in March. Hill's staff said the plan was sound.\n\n"
    "Later, Richmond staff said the numbers did not add up. The staff said a review was due."
)


@pytest.mark.slow
def test_differently_modified_sources_stay_apart(nlp: Language) -> None:
    quotes = [_quote(STAFF, "q1", "the plan was sound", "Hill's staff"),
              _quote(STAFF, "q2", "the numbers did not add up", "Richmond staff"),
              _quote(STAFF, "q3", "a review was due", "The staff")]
    att = resolve_speakers(nlp(STAFF), quotes)
    assert [_speaker_of(att, q).name for q in ("q1", "q2", "q3")] == [
        "Hill's staff", "Richmond staff", "Richmond staff"]


def test_lines_a_page_repeats_are_boilerplate() -> None:
    from service.nlp.speakers.collect import _repeated_lines

    text = "Ann Lee spoke.\nStory continues below\nShe left.\n Story continues below \n"
    assert _repeated_lines(text) == {"Story continues below"}


INTRODUCED = (
    "In a memo on Friday, hospital manager Laura Benning wrote that \"beds are full.\"\n\n"
    "Karen Oduya, head of nursing at the hospital, agreed with Benning's assessment.\n\n"
    "\"We need more staff before the winter,\" she said."
)


@pytest.mark.slow
def test_a_person_just_introduced_as_subject_outranks_the_last_speaker(nlp: Language) -> None:
    quotes = [_quote(INTRODUCED, "q1", "beds are full.", "Laura Benning"),
              _quote(INTRODUCED, "q2", "We need more staff before the winter,", "she")]
    att = resolve_speakers(nlp(INTRODUCED), quotes)
    assert _speaker_of(att, "q2").name == "Karen Oduya"


FAMILY_FIRST = (
    "Kim Tae-won arrived in Seoul on Monday. Kim said in his opening remarks that he was "
    "hopeful, and he thanked his hosts.\n\n"
    "Officials later released a schedule for the visit.\n\n"
    "\"The talks will be long,\" he said."
)


@pytest.mark.slow
def test_the_articles_pronouns_outvote_a_given_name_lexicon(nlp: Language) -> None:
    quote = _quote(FAMILY_FIRST, "q1", "The talks will be long,", "he")
    assert _speaker_of(resolve_speakers(nlp(FAMILY_FIRST), [quote]), "q1").name == "Kim Tae-won"


RELATIVE = (
    "Tom Ridley, who coached for the visiting Lakeview Academy team, said in a statement "
    "that the referees were fair.\n\n"
    "Jane Porter, director of research at the Pacific Policy Institute, said in an email "
    "that rates would rise."
)


def _cued(text: str, qid: str, quote: str, mention: str, after: int = 0) -> Quote:
    """A quote with its mention and the next 'said' after the mention as its cue."""
    built = _quote(text, qid, quote, mention, after)
    assert built.speaker is not None
    at = text.index("said", built.speaker.end)
    built.cue = Cue("said", at, at + 4, "say")
    return built


@pytest.mark.slow
def test_a_mention_inside_the_subjects_description_is_repaired(nlp: Language) -> None:
    quotes = [_cued(RELATIVE, "q1", "the referees were fair", "the visiting Lakeview Academy team"),
              _cued(RELATIVE, "q2", "rates would rise", "the Pacific Policy Institute")]
    att = resolve_speakers(nlp(RELATIVE), quotes)
    assert [_speaker_of(att, q).name for q in ("q1", "q2")] == ["Tom Ridley", "Jane Porter"]
    assert [q.speaker.text for q in att.quotes if q.speaker] == ["Tom Ridley", "Jane Porter"]


POST = (
    "Daniel Okafor, a researcher at Brightline Security, wrote in the company's blog post "
    "that the attacks had slowed.\n\n"
    "\"The same servers sent both waves,\" the post said."
)


@pytest.mark.slow
def test_a_document_is_by_the_person_who_wrote_in_it(nlp: Language) -> None:
    quote = _quote(POST, "q1", "The same servers sent both waves,", "the post")
    assert _speaker_of(resolve_speakers(nlp(POST), [quote]), "q1").name == "Daniel Okafor"


GOVERNMENTS = (
    "The Norwegian Government said on Monday it was reviewing the contract.\n\n"
    "The Danish government said the two fishermen were being held without charge."
)


@pytest.mark.slow
def test_a_nationality_keeps_a_government_apart_from_another(nlp: Language) -> None:
    quotes = [_quote(GOVERNMENTS, "q1", "it was reviewing the contract",
                     "The Norwegian Government"),
              _quote(GOVERNMENTS, "q2", "the two fishermen were being held without charge",
                     "The Danish government")]
    att = resolve_speakers(nlp(GOVERNMENTS), quotes)
    assert _speaker_of(att, "q2").name != _speaker_of(att, "q1").name


@pytest.mark.slow
def test_a_name_the_ner_missed_joins_the_organisation_of_that_name(nlp: Language) -> None:
    from service.nlp.speakers.entities import EntityTable
    from service.nlp.speakers.resolver import Resolver

    doc = nlp("Brightwave cut 200 jobs. Later Brightwave said it would appeal.")
    doc.set_ents([], default="outside")  # as if the NER had missed the second mention
    table = EntityTable(doc, [])
    company = table.add_org(doc[0:1])
    assert Resolver(table)._new_name(doc[6:7]) is company


def test_a_stray_person_tag_does_not_make_a_company_a_person() -> None:
    from spacy.tokens import Doc, Span
    from spacy.vocab import Vocab

    from service.nlp.speakers.collect import _mostly_org_words

    doc = Doc(Vocab(), words=["Brightwave", "and", "Brightwave", "met", "Brightwave", "Lee"])
    ents = [Span(doc, 0, 1, "ORG"), Span(doc, 2, 3, "PERSON"), Span(doc, 4, 5, "ORG"),
            Span(doc, 5, 6, "PERSON")]
    assert _mostly_org_words(ents) == {"brightwave"}


FORMER = (
    "HALIFAX — Dana Whitlock, who served on the navy's frigates for twenty years, is "
    "considering a move into politics.\n\n"
    "The former master-at-arms of HMCS Corvus said Monday he is weighing a run for council."
)


@pytest.mark.slow
def test_a_former_office_describes_the_person_just_introduced(nlp: Language) -> None:
    quote = _quote(FORMER, "q1", "he is weighing a run for council",
                   "The former master-at-arms")
    assert _speaker_of(resolve_speakers(nlp(FORMER), [quote]), "q1").name == "Dana Whitlock"


UNISEX = (
    "Pat Okeke, head of the Transit Riders Union, said fares were too high. She said a "
    "similar fight took place when Mayor Tom Haldane raised them in 2012."
)


@pytest.mark.slow
def test_a_given_name_of_either_gender_does_not_block_she(nlp: Language) -> None:
    quotes = [_quote(UNISEX, "q1", "fares were too high", "Pat Okeke"),
              _quote(UNISEX, "q2", "a similar fight took place", "She")]
    att = resolve_speakers(nlp(UNISEX), quotes)
    assert _speaker_of(att, "q2").name == "Pat Okeke"



@pytest.mark.slow
def test_a_pronoun_beside_who_is_not_the_noun_the_clause_describes(nlp: Language) -> None:
    from service.nlp.speakers.salience import _relative_anchor

    doc = nlp("Pete Marlow praised Dan Kowal, who he calls a fast skater, and he smiled.")
    first, second = (t for t in doc if t.lower_ == "he")
    anchor = _relative_anchor(first)
    assert anchor is not None and anchor.text == "Kowal"
    assert _relative_anchor(second) is None


MISTAGGED = (
    "Rafi Sutanto, a regional army commander, said the bridges had been checked.\n\n"
    "The army said it would open two more camps."
)


def _forced_org(nlp: Language, text: str, name: str) -> Doc:
    """The parsed text with ``name`` tagged ORG, as the NER sometimes tags a person."""
    doc = nlp(text)
    start = text.index(name)
    span = doc.char_span(start, start + len(name), label="ORG")
    assert span is not None
    doc.ents = [span]
    return doc


@pytest.mark.slow
def test_an_org_tagged_name_with_a_persons_role_is_a_person(nlp: Language) -> None:
    quotes = [_quote(MISTAGGED, "q1", "the bridges had been checked", "Rafi Sutanto"),
              _quote(MISTAGGED, "q2", "it would open two more camps", "The army")]
    att = resolve_speakers(_forced_org(nlp, MISTAGGED, "Rafi Sutanto"), quotes)
    assert (_speaker_of(att, "q1").name, _speaker_of(att, "q1").kind) == ("Rafi Sutanto",
                                                                         "person")
    # so 'the army' no longer finds him through the word in his role
    assert (_speaker_of(att, "q2").name, _speaker_of(att, "q2").kind) == ("The army",
                                                                         "organization")


@pytest.mark.slow
def test_a_role_an_organisation_can_hold_keeps_the_org_tag(nlp: Language) -> None:
    text = "Harbor Lane Partners, the owner of the mall, said rents would rise."
    quote = _quote(text, "q1", "rents would rise", "Harbor Lane Partners")
    att = resolve_speakers(_forced_org(nlp, text, "Harbor Lane Partners"), [quote])
    assert _speaker_of(att, "q1").kind == "organization"


SET_UP = (
    "Omar Reyes joined the walking club in May. \"I feel ten years younger,\" he says. He "
    "walks five kilometres before breakfast. \"My knees have never been better,\" he adds. "
    "The club also worked for retired bus driver Samuel Okoro, 64. \"My doctor cannot "
    "believe the numbers,\" he says."
)


@pytest.mark.slow
def test_a_pronoun_after_a_set_up_sentence_is_the_one_person_it_names(nlp: Language) -> None:
    quotes = [_quote(SET_UP, "q1", "I feel ten years younger,", "he"),
              _quote(SET_UP, "q2", "My knees have never been better,", "he"),
              _quote(SET_UP, "q3", "My doctor cannot believe the numbers,", None)]
    he = SET_UP.rindex(" he says") + 1
    quotes[2].speaker = Mention("he", he, he + 2)
    att = resolve_speakers(nlp(SET_UP), quotes)
    assert [_speaker_of(att, q).name for q in ("q1", "q2", "q3")] == [
        "Omar Reyes", "Omar Reyes", "Samuel Okoro"]


@pytest.mark.slow
def test_a_set_up_sentence_naming_two_people_decides_nothing(nlp: Language) -> None:
    from service.nlp.speakers.collect import collect_names, infer_genders
    from service.nlp.speakers.entities import EntityTable
    from service.nlp.speakers.resolver import Resolver

    doc = nlp("Tom Baker met Samuel Okoro on Monday. \"It went well,\" he said.")
    table = EntityTable(doc, [(doc.text.index("\""), doc.text.index(" he"))])
    collect_names(table)
    infer_genders(table)
    he = next(t for t in doc if t.lower_ == "he")
    assert Resolver(table)._set_up_person(he, lambda e: 0.0) is None


RELATIVES = (
    "Mayor Thomas Brandt opened the new clinic on Monday.\n\n"
    "The clinic is named after Ellen Marsh, a nurse who died in 2019. Marsh's husband, Thomas, "
    "said she would have loved it.\n\n"
    "Later her husband said the town had been kind."
)


@pytest.mark.slow
def test_a_relative_introduced_by_given_name_is_a_new_person_and_his_relation(
        nlp: Language) -> None:
    quotes = [_quote(RELATIVES, "q1", "she would have loved it", "Thomas"),
              _quote(RELATIVES, "q2", "the town had been kind", "her husband")]
    att = resolve_speakers(nlp(RELATIVES), quotes)
    # not the mayor, who shares the given name
    assert [_speaker_of(att, q).name for q in ("q1", "q2")] == ["Thomas", "Thomas"]
