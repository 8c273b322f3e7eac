"""Raw ``nlp.pipe`` throughput of K processes at once: the ceiling for K HTTP workers.

Each worker is ``python -m service.bench.parallel SPEC.json``: it loads the pipeline, prints
``ready``, waits for a line on stdin so all start together, runs, and prints a JSON rate.
"""

from __future__ import annotations

import json
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from service.bench.procs import Child, clean_env

READY = "ready"


def run_parallel(
    processes: int, pipeline: str, texts: list[str], seconds: float, workdir: Path
) -> list[dict[str, Any]]:
    """Start ``processes`` raw-parse workers together; their rates (words/s etc.)."""
    spec = workdir / "parallel-spec.json"
    spec.write_text(json.dumps({"pipeline": pipeline, "texts": texts, "seconds": seconds}))
    argv = [sys.executable, "-m", "service.bench.parallel", str(spec)]
    with ExitStack() as stack:
        kids = [
            stack.enter_context(Child(argv, env=clean_env(), cwd=workdir, pipes=True))
            for _ in range(processes)
        ]
        for kid in kids:
            _expect_ready(kid)
        for kid in kids:
            assert kid.popen.stdin is not None
            kid.popen.stdin.write(b"go\n")
            kid.popen.stdin.flush()
        return [_read_result(kid) for kid in kids]


def _expect_ready(kid: Child) -> None:
    """Wait for a worker's ready line."""
    assert kid.popen.stdout is not None
    line = kid.popen.stdout.readline().decode().strip()
    if line != READY:
        raise RuntimeError(f"parse worker {kid.pid} did not start (said {line!r})")


def _read_result(kid: Child) -> dict[str, Any]:
    """A worker's JSON result line."""
    assert kid.popen.stdout is not None
    line = kid.popen.stdout.readline().decode().strip()
    if not line:
        raise RuntimeError(f"parse worker {kid.pid} gave no result")
    result: dict[str, Any] = json.loads(line)
    return result


def main(argv: list[str]) -> int:
    """Worker side: load, report ready, wait for go, parse for the given seconds."""
    from service.bench.inprocess import Rate, raw_pipe, run_for
    from service.nlp.pipeline import load_pipeline

    spec = json.loads(Path(argv[0]).read_text())
    nlp = load_pipeline(spec["pipeline"])
    texts: list[str] = spec["texts"]
    run_for(raw_pipe(nlp, texts[:2]), 0.0, Rate())
    print(READY, flush=True)
    sys.stdin.readline()
    rate = Rate()
    run_for(raw_pipe(nlp, texts), float(spec["seconds"]), rate)
    print(json.dumps(rate.to_json()), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
