"""The eval command on saved predictions (no spaCy needed)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from eval_builders import HOLM, NAMES, Q1, Q3, body, ggt_gold, gold_record, perfect_body, pred_quote

from service.evaluation.command import main


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    """Write rows as JSONL and return the path."""
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    """A gold file of two articles and predictions: a1 perfect, a2 with one quote wrong."""
    gold_a2 = {**ggt_gold(), "id": "a2"}
    bad = body([pred_quote(*Q1, speaker_id="S2", mention=HOLM, qtype="indirect"),
                pred_quote(Q3[0] + 5, Q3[0] + 9, speaker_id="S1")], NAMES)
    gold = write_jsonl(tmp_path / "gold.jsonl", [ggt_gold(), gold_a2])
    pred = write_jsonl(tmp_path / "pred.jsonl", [{"id": "a1", **perfect_body()},
                                                  {"id": "a2", **bad}])
    return gold, pred


def test_json_output(files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    """--json prints one object; a1 gives 4/4, a2 gives 1 matched of 4 gold and 2 pred."""
    gold, pred = files
    assert main([str(gold), "--pred", str(pred), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["0.3"]["gold"] == 8
    assert out["0.3"]["pred"] == 6
    assert out["0.3"]["quote_p"] == 83.3  # 5 / 6
    assert out["0.3"]["quote_r"] == 62.5  # 5 / 8
    assert out["0.3"]["speaker_name_acc"] == 75.0  # a1: 3/3, a2: Q1 given to Weiss


def test_table_and_errors(files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    """The default table, and --errors listing only the article with errors."""
    gold, pred = files
    assert main([str(gold), "--pred", str(pred), "--errors", "5"]) == 0
    out = capsys.readouterr().out
    assert "all  0.3     83.3    62.5    71.4   100.0    75.0    57.1       8       6" in out
    assert "=== a2 (Daily Test): 3 missed, 1 spurious, 1 wrong speaker" in out
    assert "=== a1" not in out
    assert "MISSED" in out
    assert "SPURIOUS" in out
    assert "gold 'Lars Holm'" in out
    assert "pred 'Dr. Anna Weiss'" in out
    assert "[[the new bridge would open in May]]" in out


def test_missing_gold_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A missing file is a usage error with a message, not a traceback."""
    assert main([str(tmp_path / "nope.jsonl"), "--pred", str(tmp_path / "p.jsonl")]) == 2
    assert "eval:" in capsys.readouterr().err


def test_prediction_missing_for_an_article(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Articles without predictions are scored as empty and reported on stderr."""
    gold = write_jsonl(tmp_path / "g.jsonl", [gold_record([]), {**ggt_gold(), "id": "a2"}])
    pred = write_jsonl(tmp_path / "p.jsonl", [{"id": "a1", **body([])}])
    assert main([str(gold), "--pred", str(pred), "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["0.3"]["quote_r"] == 0.0
    assert "1 gold articles have no prediction" in captured.err


def test_http_batch_items_and_error_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """HTTP batch items (result/error) are unwrapped; error lines count as empty and warn."""
    gold = write_jsonl(tmp_path / "g.jsonl", [ggt_gold(), {**ggt_gold(), "id": "a2"}])
    pred = write_jsonl(tmp_path / "p.jsonl", [
        {"id": "a1", "result": perfect_body(), "error": None},
        {"id": "a2", "result": None, "error": {"code": "document_failed", "message": "x"}},
    ])
    assert main([str(gold), "--pred", str(pred), "--json"]) == 0
    captured = capsys.readouterr()
    out = json.loads(captured.out)["0.3"]
    assert (out["quote_p"], out["quote_r"]) == (100.0, 50.0)
    assert "1 predictions are error lines" in captured.err


def test_split_scores_only_its_articles(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """--split read|check scores the ids of that part of splits.json (key: the gold stem)."""
    gold, pred = files
    splits = {"about": "test", "gold": {"read": ["a1"], "check": ["a2"]}}
    (gold.parent / "splits.json").write_text(json.dumps(splits), encoding="utf-8")
    assert main([str(gold), "--pred", str(pred), "--json", "--split", "read"]) == 0
    read = json.loads(capsys.readouterr().out)["0.3"]
    assert (read["gold"], read["quote_f1"]) == (4, 100.0)
    assert main([str(gold), "--pred", str(pred), "--split", "check"]) == 0
    out = capsys.readouterr().out
    assert "1 articles, split check" in out
    assert "all  0.3     50.0    25.0    33.3   100.0     0.0     0.0       4       2" in out


@pytest.mark.parametrize(
    ("splits", "message"),
    [(None, "splits.json"), ({"other": {"read": []}}, "no 'read' split for gold"),
     ({"gold": {"read": ["a1", "zz"]}}, "1 split ids are not in the gold file, e.g. zz")],
)
def test_split_errors(files: tuple[Path, Path], capsys: pytest.CaptureFixture[str],
                      splits: dict[str, Any] | None, message: str) -> None:
    """No splits.json, no split for this file, or ids the gold lacks: a usage error."""
    gold, pred = files
    if splits is not None:
        (gold.parent / "splits.json").write_text(json.dumps(splits), encoding="utf-8")
    assert main([str(gold), "--pred", str(pred), "--split", "read"]) == 2
    assert message in capsys.readouterr().err


def test_roles_beside_the_gold_file(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """<stem>_roles.jsonl beside the gold file is scored; without it "roles" is null."""
    gold, pred = files
    assert main([str(gold), "--pred", str(pred), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["roles"] is None
    mayor = {"text": "Mayor", "start": 0, "end": 5, "link": "premodifier"}
    roles = [{"id": "a1", "speakers": [{"name": "Lars Holm", "kind": "person",
                                        "roles": [mayor]}]}]
    write_jsonl(gold.parent / "gold_roles.jsonl", roles)
    with_roles = {**perfect_body()}
    with_roles["speakers"] = [{**with_roles["speakers"][0], "roles": [mayor]}]
    write_jsonl(pred, [{"id": "a1", **with_roles}, {"id": "a2", **body([])}])
    assert main([str(gold), "--pred", str(pred), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)["roles"]
    assert (out["strict"]["precision"], out["strict"]["recall"]) == (100.0, 100.0)
    assert out["articles"] == 1
    assert main([str(gold), "--pred", str(pred)]) == 0
    table = capsys.readouterr().out
    assert "Roles (1 articles; 1 of 1 gold speakers found" in table
    assert "strict      100.0    100.0    100.0        1        1        1        1" in table


def test_table_by_mention_type(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """The readable output has a row per mention type and threshold: here only "name"
    (Q3 has no canonical speaker); of 6 gold segments 4 match, 3 with the right name."""
    gold, pred = files
    assert main([str(gold), "--pred", str(pred)]) == 0
    out = capsys.readouterr().out
    assert "By gold mention type" in out
    assert "name     0.3     66.7   100.0    75.0       6       4" in out
    assert "name     0.8     66.7   100.0    75.0       6       4" in out
    assert "surname" not in out
