"""The fixed read/check split of a development set by article (``splits.json``).

The file stands beside the gold file; its key for a gold file is the file's stem
(``ggt_dev`` for ``ggt_dev.jsonl``), each with the article ids of ``read`` (errors may be
read) and ``check`` (only its figures are looked at).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from service.evaluation.gold import GoldRecord

SPLIT_PARTS = ("read", "check")
SPLITS_FILE = "splits.json"


def split_ids(gold_path: str | Path, part: str) -> frozenset[str]:
    """The article ids of ``part`` for the gold file at ``gold_path``.

    Raises OSError when splits.json is missing and ValueError when it has no such split."""
    gold_path = Path(gold_path)
    path = gold_path.with_name(SPLITS_FILE)
    with path.open(encoding="utf-8") as handle:
        splits = json.load(handle)
    parts = splits.get(gold_path.stem) if isinstance(splits, dict) else None
    if not isinstance(parts, dict) or not isinstance(parts.get(part), list):
        raise ValueError(f"{path} has no '{part}' split for {gold_path.stem}")
    return frozenset(str(doc_id) for doc_id in parts[part])


def select(gold: Sequence[GoldRecord], ids: frozenset[str]) -> list[GoldRecord]:
    """The records whose id is in ``ids``, in gold order; ValueError if an id is not in gold
    (the split belongs to another version of the file)."""
    unknown = ids - {record.id for record in gold}
    if unknown:
        raise ValueError(f"{len(unknown)} split ids are not in the gold file, "
                         f"e.g. {min(unknown)}")
    return [record for record in gold if record.id in ids]
