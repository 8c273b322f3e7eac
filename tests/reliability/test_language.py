"""Non-English text is detected and reported (meta.language), never answered with garbage."""

from __future__ import annotations

from collections import Counter

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.nlp.text.language import detect_language, dominant_script, script_of

GERMAN = (
    "„Wir werden die Brücke im Mai wieder öffnen“, sagte die Verkehrsministerin am Dienstag. "
    "Die Stadt hat keine Zeit für weitere Verzögerungen, und der Rat ist sich einig."
)
FRENCH = (
    "« Nous ne pouvons pas nous permettre un autre retard », a dit la ministre. Le conseil de "
    "la ville est réuni depuis mardi et le budget sera publié la semaine prochaine."
)
RUSSIAN = (
    "«Мост откроется в мае», сказал министр во вторник. У города нет времени на новые "
    "задержки, и совет с этим согласен, сказал он журналистам после заседания."
)
CHINESE = "“这座桥将于五月重新开放，”市长周二表示。市议会对此表示同意，并将在下周公布预算。"
ARABIC = "قال الوزير إن الجسر سيفتح في مايو. ليس لدى المدينة وقت لمزيد من التأخير، كما قال."
ENGLISH = (
    "“We cannot afford another delay,” said Maria Lopez, the city’s finance director.\n"
    "Lopez added that the budget would be published next week.\n"
)
ENGLISH_QUOTING_FRENCH = (
    "“Il est trop tard,” the French minister told reporters on Tuesday, adding that the "
    "government would not change its course before the elections next year.\n"
)


MORE_LATIN = {
    "sv": "Bron öppnas igen i maj, sade ministern på tisdagen. Staden har inte tid med fler "
    "förseningar och rådet är enigt om det.",
    "pl": "Most zostanie ponownie otwarty w maju, powiedział minister we wtorek. Miasto nie ma "
    "czasu na kolejne opóźnienia i rada się z tym zgadza.",
    "cs": "Most bude znovu otevřen v květnu, řekl ministr v úterý. Město nemá čas na další "
    "zpoždění a rada s tím souhlasí, jak je to jen možné.",
    "ro": "Podul va fi redeschis în mai, a spus ministrul marți. Orașul nu are timp pentru alte "
    "întârzieri, iar consiliul este de acord cu acest lucru.",
    "tr": "Köprü mayıs ayında yeniden açılacak, dedi bakan salı günü. Şehrin daha fazla gecikme "
    "için zamanı yok ve meclis de bu konuda hemfikir.",
    "id": "Jembatan itu akan dibuka kembali pada bulan Mei, kata menteri pada hari Selasa. Kota "
    "tidak punya waktu untuk penundaan lagi dan dewan juga setuju dengan itu.",
    "fi": "Silta avataan uudelleen toukokuussa, sanoi ministeri tiistaina. Kaupungilla ei ole "
    "aikaa uusiin viivästyksiin, ja valtuusto on myös samaa mieltä siitä.",
    "hu": "A hidat májusban nyitják meg újra, mondta a miniszter kedden. A városnak nincs ideje "
    "további késésekre, és a tanács is egyetért ezzel.",
}


@pytest.mark.parametrize(
    ("text", "code"),
    [(GERMAN, "de"), (FRENCH, "fr"), (RUSSIAN, "ru"), (CHINESE, "zh"), (ARABIC, "ar")]
    + [(text, code) for code, text in MORE_LATIN.items()],
)
def test_other_languages_are_detected_confidently(text: str, code: str) -> None:
    guess = detect_language(text)
    assert guess.code == code
    assert guess.supported is False


@pytest.mark.parametrize(
    "text", [ENGLISH, ENGLISH_QUOTING_FRENCH, "Hi.", "“Yes,” he said.", "x" * 500, "🎉" * 99]
)
def test_english_short_and_odd_texts_stay_supported(text: str) -> None:
    guess = detect_language(text)
    assert guess.supported is True
    assert guess.code in ("en", "und")
    assert 0.0 <= guess.confidence <= 1.0


def test_english_is_recognised_as_english() -> None:
    assert detect_language(ENGLISH).code == "en"
    assert detect_language(ENGLISH * 20).confidence >= 0.8


async def test_single_request_reports_the_language_and_returns_no_garbage(
    app_client: httpx.AsyncClient,
) -> None:
    german = (await app_client.post("/v1/quotes", json={"text": GERMAN})).json()
    assert german["quotes"] == [] and german["speakers"] == []
    assert german["meta"]["language"]["code"] == "de"
    assert german["meta"]["language"]["supported"] is False
    english = (await app_client.post("/v1/quotes", json={"text": ENGLISH})).json()
    assert english["quotes"]
    assert english["meta"]["language"] == {
        **english["meta"]["language"], "code": "en", "script": "Latn", "supported": True
    }


async def test_batch_reports_each_documents_language_the_same_way(
    app_client: httpx.AsyncClient,
) -> None:
    docs = [{"id": "de", "text": GERMAN}, {"id": "en", "text": ENGLISH}]
    results = (
        await app_client.post("/v1/quotes/batch", json={"documents": docs})
    ).json()["results"]
    single = (await app_client.post("/v1/quotes", json={"text": GERMAN})).json()
    assert results[0]["error"] is None
    assert results[0]["result"]["quotes"] == single["quotes"] == []
    assert results[0]["result"]["meta"]["language"] == single["meta"]["language"]
    assert results[1]["result"]["meta"]["language"]["code"] == "en"
    assert results[1]["result"]["quotes"]


def _script_counts(text: str) -> Counter[str]:
    """Letters per script, one character at a time: the definition the fast count must meet."""
    return Counter(s for s in map(script_of, text) if s is not None)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200)
       | st.text(alphabet="abcXYZ éüß–’Ωπжд東京ا1 .,\n", max_size=200))
def test_fast_script_counting_matches_the_definition(text: str) -> None:
    script, share, letters = dominant_script(text)
    counts = _script_counts(text)
    assert letters == sum(counts.values())
    if letters:
        # The pick is a most frequent script (ties may go either way) with its true share.
        assert counts[script] == max(counts.values())
        assert share == pytest.approx(counts[script] / letters)
