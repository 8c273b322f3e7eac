"""The bench command runs end to end with tiny sizes (no timing assertions)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.bench import main
from service.bench.corpus import load_corpus, texts_of_length, unique_suffix
from service.bench.stats import percentile


def test_percentile_by_nearest_rank() -> None:
    values = [float(x) for x in range(1, 101)]
    assert percentile(values, 50) == 50.0
    assert percentile(values, 99) == 99.0
    assert percentile([], 99) == 0.0


def test_missing_corpus_falls_back_to_synthetic_text(tmp_path: Path) -> None:
    corpus = load_corpus(tmp_path / "absent.jsonl", limit=3)
    assert corpus.source.startswith("synthetic")
    assert len(corpus.texts) == 3 and all("said" in t or "told" in t for t in corpus.texts)


def test_texts_of_length_and_unique_suffix() -> None:
    texts = load_corpus(Path("/nonexistent"), limit=2).texts
    cut = texts_of_length(texts, 60, count=3)
    assert len(cut) == 3 and all(len(t.split()) >= 60 for t in cut)
    assert unique_suffix("u", 1) != unique_suffix("u", 2)


def test_unknown_phase_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--skip", "nonsense"]) == 2
    assert "nonsense" in capsys.readouterr().err


@pytest.mark.slow
def test_bench_runs_with_tiny_sizes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "corpus.jsonl"
    lines = [json.dumps({"text": t}) for t in load_corpus(tmp_path / "none", limit=3).texts]
    corpus.write_text("\n".join(lines) + "\n")
    argv = ["--quick", "--json", "--corpus", str(corpus), "--seconds", "0.3",
            "--lengths", "40", "--workers", "1,2", "--rss-requests", "4",
            "--hit-clients", "4", "--skip", "parallel"]
    assert main(argv) == 0
    results = json.loads(capsys.readouterr().out)
    assert results["corpus"]["texts"] == 3
    assert results["inprocess"]["rates"]["raw_pipe"]["docs"] > 0
    assert [run["workers"] for run in results["http"]] == [1, 2]
    assert all(run["load"]["ok"] > 0 for run in results["http"])
    # Two workers: two HTTP processes, the parser server and two parsers, each measured.
    assert len(results["http"][1]["worker_cpu_share"]) == 5
    assert results["rss"]["requests"] == 4
    assert {hit["backend"] for hit in results["hits"]} == {"memory", "redis"}
    assert {"name", "measured", "wanted", "met"} <= set(results["targets"][0])
