"""A small, pure, dependency-free language guess: writing system first, then stop words.

The pipeline only understands English. This tells the API whether a text is English, some
other language, or too short or odd to say ("und"), so a German article is refused clearly
instead of answered with garbage, while an English article quoting someone in French is not.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

# Enough text to decide; a longer article does not make the guess better, only slower.
SAMPLE_CHARS = 20_000
# Below this many words (or letters, for scripts without spaces) the guess is "und".
MIN_WORDS = 8
MIN_LETTERS = 20
# English running text is ~40-50% stop words; far below that the text is not prose we know.
MIN_STOPWORD_RATIO = 0.12
# Only a confident non-English guess counts as unsupported: an English article quoting a
# French minister, or a short or odd text, is still analysed.
UNSUPPORTED_CONFIDENCE = 0.6

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_ASCII_NON_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())

# ISO 15924 script of a letter by code point range: (first, last, script).
_SCRIPT_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0041, 0x024F, "Latn"),
    (0x0370, 0x03FF, "Grek"),
    (0x0400, 0x052F, "Cyrl"),
    (0x0590, 0x05FF, "Hebr"),
    (0x0600, 0x06FF, "Arab"),
    (0x0750, 0x077F, "Arab"),
    (0x0900, 0x097F, "Deva"),
    (0x0E00, 0x0E7F, "Thai"),
    (0x1100, 0x11FF, "Hang"),
    (0x1E00, 0x1EFF, "Latn"),
    (0x1F00, 0x1FFF, "Grek"),
    (0x3040, 0x309F, "Hira"),
    (0x30A0, 0x30FF, "Kana"),
    (0x3400, 0x4DBF, "Hani"),
    (0x4E00, 0x9FFF, "Hani"),
    (0xAC00, 0xD7AF, "Hang"),
    (0xFB50, 0xFDFF, "Arab"),
    (0xFE70, 0xFEFF, "Arab"),
)

# The language a non-Latin script most likely means; Cyrillic is refined by stop words.
_SCRIPT_LANGUAGE = {
    "Grek": "el",
    "Hebr": "he",
    "Arab": "ar",
    "Deva": "hi",
    "Thai": "th",
    "Hang": "ko",
    "Hira": "ja",
    "Kana": "ja",
    "Hani": "zh",
}

def _words(spaced: str) -> frozenset[str]:
    """A word set from a space-separated list (easier to read and edit than a literal)."""
    return frozenset(spaced.split())


_STOPWORDS: dict[str, frozenset[str]] = {
    "en": _words(
        "the of and to a in is that it was for on are as with his they at be this from "
        "have or by one had not but what all were when we there can an your which their "
        "said if do will each about how up out them then she many some so these would "
        "other into has more her two like him see time could no make than been its who "
        "now people my made over did down only way find use may after also our just "
        "where most should very through i you he me us because while year years told"
    ),
    "de": _words(
        "der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als "
        "auch es an werden aus er hat dass sie nach wird bei einer um am sind noch wie "
        "einem über einen so zum war haben nur oder aber vor zur bis mehr durch man "
        "sagte wir ich ihr wurde"
    ),
    "fr": _words(
        "le la les de des et en un une du est que qui dans pour pas au sur par plus il "
        "elle ne se ce sont avec son sa ses aux été nous vous ont mais comme ou leur "
        "cette je a dit"
    ),
    "es": _words(
        "el la de que y en los del se las por un una para con no es al lo como más pero "
        "sus le ya o fue este ha sí porque esta entre cuando muy sin sobre también me "
        "hasta hay donde dijo"
    ),
    "it": _words(
        "il di che e la per un una in non sono del della le si con da gli ha è al nel "
        "alla lo dei delle anche come più ma questo ho detto"
    ),
    "pt": _words(
        "o a de que e do da em um para é com não uma os no se na por mais as dos como "
        "mas foi ao ele das tem à seu sua ou ser quando muito há nos já está também "
        "disse"
    ),
    "nl": _words(
        "de het een van en in is dat op te zijn voor met die niet aan er om ook als bij "
        "door maar hij nog wordt naar werd zei wij ze"
    ),
    "sv": _words(
        "och i att det som en på är av för med till den har de inte om ett han men var "
        "jag sig från vi så kan man när år säger hon nu ska också efter detta sade"
    ),
    "da": _words(
        "og i at det er en til på som de med han af for ikke der var mig sig men et har "
        "om vi min havde hun nu over da fra du ud sagde efter også kan skal"
    ),
    "no": _words(
        "og i det som en på er av for til med han ikke at de var jeg men om et har vi "
        "hun nå sa fra også etter kan skal dette blir ble sier"
    ),
    "pl": _words(
        "i w nie na się z że do to jest jak o co ale po tak za od jego przez już czy "
        "tylko może być było są ich ten jej oraz który powiedział także"
    ),
    "cs": _words(
        "a v se na je že to s z do o jak ale by jsem pro od po za jako jeho tak jsou "
        "také už které který řekl jen byl bylo není při"
    ),
    "ro": _words(
        "și în de la a cu pe nu că o un se mai din este pentru care sunt ce fost sau "
        "dar au acest această fi spus lui după"
    ),
    "tr": _words(
        "ve bir bu da de için ile çok ne ama olarak daha gibi o en var kadar sonra her "
        "değil olan diye dedi ise mi şu"
    ),
    "id": _words(
        "dan yang di itu dengan untuk tidak ini dari dalam akan pada juga ke karena ada "
        "mereka oleh sebagai kata bahwa atau telah sudah kami"
    ),
    "fi": _words(
        "ja on ei se että oli hän ovat mutta kun myös tai niin ole joka sen tämä kanssa "
        "mukaan sanoi jo vain mitä ovat"
    ),
    "hu": _words(
        "a az és hogy nem is egy de meg van ez volt csak már mint el ki ha fel mondta "
        "még azt vagy lesz kell után"
    ),
    "ru": _words(
        "и в не на я что он с как а то все она так его но да ты к у же вы за бы по "
        "только ее мне было вот от меня еще нет о из ему это сказал"
    ),
    "uk": _words(
        "і в не на що він з як а то все вона так його але та ти до у же ви за би по "
        "тільки її мені було ось від мене ще немає про із йому це сказав є"
    ),
}


CYRILLIC_LANGUAGES = ("ru", "uk")
LATIN_LANGUAGES = tuple(code for code in _STOPWORDS if code not in CYRILLIC_LANGUAGES)


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """An ISO 639-1 code ("und" when unsure), a 0-1 confidence and the dominant script."""

    code: str
    confidence: float
    script: str

    @property
    def supported(self) -> bool:
        """False only when the text is confidently in a language other than English."""
        return self.code in ("en", "und") or self.confidence < UNSUPPORTED_CONFIDENCE


def script_of(ch: str) -> str | None:
    """The ISO 15924 script of one letter, "Zyyy" for other letters, None for non-letters."""
    if not ch.isalpha():
        return None
    point = ord(ch)
    for first, last, script in _SCRIPT_RANGES:
        if first <= point <= last:
            return script
    return "Zyyy"


def dominant_script(text: str) -> tuple[str, float, int]:
    """The most frequent script among the letters, its share, and the letter count."""
    # ASCII letters are counted in C; only the (usually few) other characters are looked up.
    ascii_letters = len(text.encode("ascii", "ignore").translate(None, _ASCII_NON_LETTERS))
    counts = Counter(s for s in map(script_of, _NON_ASCII.findall(text)) if s is not None)
    if ascii_letters:
        counts["Latn"] += ascii_letters
    total = sum(counts.values())
    if not total:
        return "Zyyy", 0.0, 0
    script, count = counts.most_common(1)[0]
    return script, count / total, total


def _in_script(word: str, script: str) -> bool:
    """True when ``word`` starts with a letter of ``script`` (an ASCII letter is Latin)."""
    first = word[0]
    return script == "Latn" if first.isascii() else script_of(first) == script


def _stopword_scores(words: list[str], candidates: tuple[str, ...]) -> dict[str, float]:
    """The share of ``words`` that are stop words of each candidate language."""
    counts = Counter(words)
    present = counts.keys()
    return {
        code: sum(counts[word] for word in _STOPWORDS[code] & present) / len(words)
        for code in candidates
    }


def _certainty(amount: int, needed: int) -> float:
    """How far a sample size goes towards a sure guess (0 to 1)."""
    return min(1.0, amount / needed)


def detect_language(text: str) -> LanguageGuess:
    """Guess the language of ``text``; never raises, answers "und" for short or odd text."""
    sample = text[:SAMPLE_CHARS]
    script, share, letters = dominant_script(sample)
    if letters < MIN_LETTERS:
        return LanguageGuess("und", 0.0, script)
    if script not in ("Latn", "Cyrl"):
        code = _SCRIPT_LANGUAGE.get(script, "und")
        confidence = share * _certainty(letters, 2 * MIN_LETTERS) if code != "und" else 0.0
        return LanguageGuess(code, round(confidence, 3), script)
    words = [w.lower().replace("’", "'") for w in _WORD.findall(sample)]
    words = [w for w in words if _in_script(w, script)]
    if len(words) < MIN_WORDS:
        return LanguageGuess("und", 0.0, script)
    candidates = CYRILLIC_LANGUAGES if script == "Cyrl" else LATIN_LANGUAGES
    scores = _stopword_scores(words, candidates)
    ranked = sorted(scores, key=scores.__getitem__, reverse=True)
    best, second = ranked[0], ranked[1]
    if scores[best] < MIN_STOPWORD_RATIO:
        return LanguageGuess("und", 0.0, script)
    # Short function words ("a", "de", "in") belong to several lists: confidence is the margin.
    margin = (scores[best] - scores[second]) / scores[best]
    confidence = share * min(1.0, 2 * margin) * _certainty(len(words), 2 * MIN_WORDS)
    return LanguageGuess(best, round(confidence, 3), script)
