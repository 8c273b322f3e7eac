"""The benchmark corpus, built at run time: eval texts if present, else generated prose."""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

import service

REPO = Path(service.__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "eval" / "ggt_dev.jsonl"

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_FIRST = ["Maria", "David", "Aiko", "Samuel", "Priya", "Jonas", "Fatima", "Lucas", "Grace", "Omar"]
_LAST = ["Okafor", "Lindqvist", "Tremblay", "Nakamura", "Alvarez", "Brennan", "Sato", "Kowalski"]
_ORGS = ["the city council", "Northgate Health", "the transport ministry", "Harbor Bank"]
_SAID = ["said", "told reporters", "said in a statement", "added", "explained"]
_TOPICS = ["the budget", "the new clinic", "bus fares", "the flood defences", "the merger"]


@dataclass(frozen=True, slots=True)
class Corpus:
    """Benchmark texts and where they came from."""

    texts: list[str]
    source: str


def load_corpus(path: Path | None, limit: int | None = None) -> Corpus:
    """Texts of a JSONL file of ``{"text": ...}`` objects, or synthetic ones if it is absent."""
    path = path or DEFAULT_CORPUS
    if not path.is_file():
        return Corpus(synthetic_texts(limit or 40), f"synthetic (no {path})")
    texts = []
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            if line.strip():
                text = json.loads(line).get("text", "")
                if isinstance(text, str) and text.strip():
                    texts.append(text)
            if limit is not None and len(texts) >= limit:
                break
    if not texts:
        raise ValueError(f"{path} has no texts")
    return Corpus(texts, str(path))


def synthetic_texts(count: int, paragraphs: int = 12, seed: int = 5) -> list[str]:
    """News-like articles with quotes, speakers and roles, generated deterministically."""
    rng = random.Random(seed)
    return ["\n\n".join(_paragraph(rng) for _ in range(paragraphs)) for _ in range(count)]


def _paragraph(rng: random.Random) -> str:
    """One paragraph: a quote with a cue and a named speaker, and some context."""
    name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
    org, topic, said = rng.choice(_ORGS), rng.choice(_TOPICS), rng.choice(_SAID)
    return (
        f"“We have looked closely at {topic} and we think it can work,” {name}, a spokesperson "
        f"for {org}, {said}. The plan was first discussed in {rng.randint(2001, 2024)} and has "
        f"been delayed {rng.randint(2, 9)} times since then. {name.split()[0]} said the "
        f"decision on {topic} would come after a review by {org} later this year."
    )


def unique_suffix(tag: str, index: int) -> str:
    """A sentence with never-seen names, so each request text is new to caches and vocab."""
    return (
        f"\n\n“The review {tag}{index} is closed,” said Quorvel{index} Maltessa{tag}{index}, "
        f"a director at Brintax{index} Holdings."
    )


def texts_of_length(texts: list[str], words: int, count: int) -> list[str]:
    """``count`` texts of about ``words`` words: long articles cut, short ones joined."""
    pool = "\n\n".join(texts)
    paras = [p for p in pool.split("\n") if p.strip()]
    out: list[str] = []
    i = 0
    while len(out) < count:
        chunk: list[str] = []
        size = 0
        while size < words:
            chunk.append(paras[i % len(paras)])
            size += len(paras[i % len(paras)].split())
            i += 1
        out.append("\n\n".join(chunk))
    return out


def short_texts(texts: list[str], count: int = 200) -> list[str]:
    """Single sentences of 8-40 words from the texts, for many-request runs (memory)."""
    found: list[str] = []
    for sentence in _SENTENCE_END.split("\n".join(texts)):
        if 8 <= len(sentence.split()) <= 40:
            found.append(sentence.strip())
            if len(found) == count:
                break
    return found or texts
