"""What the numbers were measured on: cores, CPU, versions, load."""

from __future__ import annotations

import os
import platform
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any


def cpu_model() -> str:
    """The CPU model name from /proc/cpuinfo ("unknown" elsewhere)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _version(package: str) -> str:
    """An installed distribution's version, or "-"."""
    try:
        return version(package)
    except PackageNotFoundError:
        return "-"


def load_average() -> list[float]:
    """The 1, 5 and 15 minute load averages."""
    return [round(x, 2) for x in os.getloadavg()]


def cpu_pressure() -> str:
    """The "some" line of /proc/pressure/cpu: how often tasks waited for a CPU ("" if absent)."""
    try:
        return Path("/proc/pressure/cpu").read_text().splitlines()[0]
    except (OSError, IndexError):
        return ""


def machine_info(pipeline: str) -> dict[str, Any]:
    """Cores, CPU, memory and the versions that shape the numbers."""
    return {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu_count": os.cpu_count(),
        "cpu_model": cpu_model(),
        "python": platform.python_version(),
        "spacy": _version("spacy"),
        "pipeline": f"{pipeline} {_version(pipeline.replace('_', '-'))}",
        "uvicorn": _version("uvicorn"),
        "fastapi": _version("fastapi"),
        "platform": platform.platform(),
        "load_average_at_start": load_average(),
        "cpu_pressure_at_start": cpu_pressure(),
    }
