"""The hostile-input benchmark runs end to end at tiny sizes (no timing assertions)."""

from __future__ import annotations

import json

import pytest

from service.bench.hostile import PATTERNS, lengths_up_to, main


def test_lengths_double_up_to_the_limit() -> None:
    assert lengths_up_to(200_000, 12_500) == [12_500, 25_000, 50_000, 100_000, 200_000]
    assert lengths_up_to(30_000, 12_500) == [12_500, 25_000, 30_000]
    assert lengths_up_to(1_600, 25_000) == [1_600]


def test_every_pattern_makes_text_of_about_the_asked_length() -> None:
    import random

    for name, make in PATTERNS.items():
        assert len(make(4_000, random.Random(1))) >= 4_000, name


@pytest.mark.slow
def test_a_tiny_run_reports_every_measurement(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--limit", "1600", "--smallest", "400", "--repeat", "1", "--check",
            "--max-doubling", "1000", "--max-seconds", "1000", "--max-ratio", "1000"]  # fmt: skip
    assert main(argv) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report["storms"]) == set(PATTERNS)
    assert [row["chars"] for row in report["long"]] == [1600]
    assert report["memory"]["storm"]["chars"] == 1600
    assert report["missed"] == []
