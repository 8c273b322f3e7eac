"""Run the load generator in its own process and read back its result."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import asdict, replace
from pathlib import Path

from service.bench.loadgen import LoadResult, LoadSpec
from service.bench.procs import clean_env

# Time the load generator gets beyond its run for start-up and requests in flight.
SLACK_SECONDS = 120.0


def drive(spec: LoadSpec, workdir: Path) -> LoadResult:
    """Run ``spec`` in a ``service.bench.loadgen`` subprocess, killed if it overruns."""
    path = workdir / "loadgen-spec.json"
    path.write_text(json.dumps(asdict(spec)), encoding="utf-8")
    budget = spec.seconds + spec.timeout + SLACK_SECONDS
    done = subprocess.run(
        [sys.executable, "-m", "service.bench.loadgen", str(path)],
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=budget,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"load generator failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return LoadResult(**json.loads(done.stdout.strip().splitlines()[-1]))


def drive_count(
    spec: LoadSpec, workdir: Path, requests: int, max_seconds: float = 600.0
) -> LoadResult:
    """Send ``requests`` requests, or fewer if ``max_seconds`` pass first."""
    bounded = replace(spec, max_requests=requests, seconds=max_seconds)
    return drive(bounded, workdir)
