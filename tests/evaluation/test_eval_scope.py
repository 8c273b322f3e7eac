"""The eval command's --scope: the core runs in the chosen extraction scope."""

from __future__ import annotations

import json
from pathlib import Path
from typing import get_args

import pytest

from service.evaluation.command import SCOPE_CHOICES, main
from service.nlp.model import SCOPES, ExtractionScope

TEXT = "The inspector found that the lift had not been serviced in three years."
CONTENT = "that the lift had not been serviced in three years"


def test_scope_choices_are_the_core_scopes() -> None:
    assert SCOPE_CHOICES == SCOPES == get_args(ExtractionScope)


@pytest.fixture
def gold(tmp_path: Path) -> Path:
    """One article whose only annotated attribution is a finding, not speech."""
    start = TEXT.index(CONTENT)
    quote = {
        "quote": CONTENT,
        "start": start,
        "end": start + len(CONTENT),
        "speaker": None,
        "speaker_mention": "The inspector",
        "speaker_start": 0,
        "speaker_end": 13,
        "cue": "found",
        "cue_start": 14,
        "cue_end": 19,
    }
    record = {"id": "a1", "text": TEXT, "meta": {}, "quotes": [quote]}
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


@pytest.mark.slow
@pytest.mark.parametrize(("scope", "recall"), [("speech", 0.0), ("attribution", 100.0)])
def test_core_runs_in_the_chosen_scope(
    gold: Path, scope: str, recall: float, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(gold), "--json", "--scope", scope]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["0.8"]["quote_r"] == recall


def test_unknown_scope_is_a_usage_error(gold: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        main([str(gold), "--scope", "everything"])
    assert exc.value.code == 2
