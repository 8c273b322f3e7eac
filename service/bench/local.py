"""The phases that run without HTTP: raw spaCy, extraction, text length, K processes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from service.bench.corpus import texts_of_length
from service.bench.inprocess import (
    Rate,
    extract_batched,
    extract_single,
    measure,
    raw_call,
    raw_pipe,
    rules_only,
    token_counts,
)
from service.bench.parallel import run_parallel
from service.bench.stats import ratio

# Documents parsed up front for the rules-alone mode (it keeps them all alive).
RULES_DOCS = 16


def warm_up(nlp: Any, texts: list[str]) -> None:
    """Parse and attribute a few texts so lazy initialisation is not timed."""
    from service.nlp.attribute import attribute_text

    for text in texts[:3]:
        attribute_text(nlp, text)


def inprocess_phase(nlp: Any, texts: list[str], seconds: float, rounds: int) -> dict[str, Any]:
    """Raw spaCy vs parse + rules on the same texts, interleaved; ratios to raw ``nlp.pipe``."""
    words = token_counts(nlp, texts)
    rates = measure(
        {
            "raw_pipe": raw_pipe(nlp, texts),
            "raw_call": raw_call(nlp, texts),
            "extract_single": extract_single(nlp, texts, words),
            "extract_batched": extract_batched(nlp, texts, words),
            "rules_only": rules_only(nlp, texts[:RULES_DOCS]),
        },
        seconds,
        rounds,
    )
    raw = rates["raw_pipe"].words_per_s
    return {
        "rates": {name: rate.to_json() for name, rate in rates.items()},
        "ratio_single_to_raw_pipe": round(ratio(rates["extract_single"].words_per_s, raw), 3),
        "ratio_batched_to_raw_pipe": round(ratio(rates["extract_batched"].words_per_s, raw), 3),
        "cpu_ratio_single_to_raw_pipe": round(
            ratio(rates["extract_single"].words_per_cpu_s, rates["raw_pipe"].words_per_cpu_s), 3
        ),
        "cpu_ratio_batched_to_raw_pipe": round(
            ratio(rates["extract_batched"].words_per_cpu_s, rates["raw_pipe"].words_per_cpu_s), 3
        ),
        "rules_share_of_single": round(_rules_share(rates), 3),
    }


def _rules_share(rates: dict[str, Rate]) -> float:
    """Rules time per word as a share of single-document extraction time per word."""
    rules = ratio(1.0, rates["rules_only"].words_per_s)
    single = ratio(1.0, rates["extract_single"].words_per_s)
    return ratio(rules, single)


def lengths_phase(
    nlp: Any, texts: list[str], lengths: list[int], seconds: float, rounds: int
) -> list[dict[str, Any]]:
    """Raw ``nlp.pipe`` vs single-document extraction at several text lengths."""
    rows = []
    for target in lengths:
        sample = texts_of_length(texts, target, count=max(4, min(32, 8000 // target)))
        words = token_counts(nlp, sample)
        streams = {
            "raw_pipe": raw_pipe(nlp, sample),
            "extract_single": extract_single(nlp, sample, words),
        }
        rates = measure(streams, seconds, rounds)
        raw, single = rates["raw_pipe"], rates["extract_single"]
        rows.append(
            {
                "target_words": target,
                "mean_tokens": round(sum(words) / len(words)),
                "raw_pipe_words_per_s": round(raw.words_per_s, 1),
                "extract_single_words_per_s": round(single.words_per_s, 1),
                "extract_ms_per_doc": round(single.ms_per_doc, 2),
                "ratio": round(ratio(single.words_per_s, raw.words_per_s), 3),
            }
        )
    return rows


def parallel_phase(
    processes: int, pipeline: str, texts: list[str], seconds: float, workdir: Path
) -> dict[str, Any]:
    """Aggregate raw ``nlp.pipe`` throughput of ``processes`` processes started together."""
    rates = run_parallel(processes, pipeline, texts, seconds, workdir)
    return {
        "processes": processes,
        "words_per_s": round(sum(float(r["words_per_s"]) for r in rates), 1),
        "per_process": rates,
    }
