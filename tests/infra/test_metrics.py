"""/metrics under `serve --workers N`: the shared directory of per-process metric files."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

from service.metrics import SettledMultiProcessCollector, exposition


def test_a_file_a_starting_process_has_not_written_yet_is_skipped(tmp_path: Path) -> None:
    # What a process leaves for an instant when it starts: its file, still empty.
    (tmp_path / "gauge_livesum_4242.db").write_bytes(b"")
    stock = CollectorRegistry()
    MultiProcessCollector(stock, path=str(tmp_path))  # type: ignore[no-untyped-call]
    with pytest.raises(struct.error):  # the stock collector fails: /metrics answered 500
        generate_latest(stock)
    settled = CollectorRegistry()
    SettledMultiProcessCollector(settled, path=str(tmp_path))  # type: ignore[no-untyped-call]
    assert generate_latest(settled) == b""


def test_the_exposition_reads_the_shared_directory_when_there_is_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "counter_4242.db").write_bytes(b"")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    assert exposition() == b""
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR")
    assert b"quotes_parser_pending" in exposition()
