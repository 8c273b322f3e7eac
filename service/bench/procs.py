"""Child processes the benchmark starts, always stopped with their whole process group."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO

# How long a child gets to exit after SIGTERM before its group is killed.
STOP_GRACE_SECONDS = 10.0


class Child:
    """A subprocess in its own session; ``stop`` (also on ``with`` exit) ends its group."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
        log: Path | None = None,
        pipes: bool = False,
    ) -> None:
        self._log: IO[bytes] | None = open(log, "wb") if log else None  # noqa: SIM115
        out: int | IO[bytes] | None = subprocess.PIPE if pipes else self._log
        try:
            self.popen = subprocess.Popen(
                list(argv),
                env=dict(env) if env is not None else None,
                cwd=cwd,
                stdin=subprocess.PIPE if pipes else subprocess.DEVNULL,
                stdout=out,
                stderr=self._log if self._log else None,
                start_new_session=True,
            )
        except BaseException:
            self._close_log()
            raise
        self.pid = self.popen.pid

    def alive(self) -> bool:
        """True while the leader process has not exited."""
        return self.popen.poll() is None

    def stop(self, grace: float = STOP_GRACE_SECONDS) -> None:
        """SIGTERM the group, wait up to ``grace`` seconds, then SIGKILL what is left."""
        _signal_group(self.pid, signal.SIGTERM)
        try:
            self.popen.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            _signal_group(self.pid, signal.SIGKILL)
            self.popen.wait()
        _wait_group_gone(self.pid, grace)
        for stream in (self.popen.stdin, self.popen.stdout):
            if stream is not None:
                stream.close()
        self._close_log()

    def _close_log(self) -> None:
        """Close the log file if one is open."""
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> Child:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def _signal_group(pgid: int, sig: signal.Signals) -> None:
    """Send ``sig`` to a process group that may already be gone."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


def _wait_group_gone(pgid: int, grace: float) -> None:
    """Wait until no process of the group is left, SIGKILLing stragglers after ``grace``."""
    deadline = time.monotonic() + grace
    while group_members(pgid):
        if time.monotonic() > deadline:
            _signal_group(pgid, signal.SIGKILL)
            deadline = time.monotonic() + grace
        time.sleep(0.05)


def _stat_fields(pid: int) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name, or None if it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return raw.rsplit(")", 1)[1].split()


def group_members(pgid: int) -> list[int]:
    """Live (non-zombie) pids whose process group is ``pgid``."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        fields = _stat_fields(int(entry.name))
        if fields and fields[0] != "Z" and int(fields[2]) == pgid:
            members.append(int(entry.name))
    return members


def children_of(pid: int) -> list[int]:
    """Live direct children of ``pid``."""
    kids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        fields = _stat_fields(int(entry.name))
        if fields and fields[0] != "Z" and int(fields[1]) == pid:
            kids.append(int(entry.name))
    return sorted(kids)


def cmdline(pid: int) -> str:
    """The command line of ``pid`` with spaces between arguments ("" when gone)."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def memory_mb(pid: int) -> tuple[float, float]:
    """(current RSS, peak RSS) of ``pid`` in MB, from /proc/PID/status (0 when gone)."""
    values = {"VmRSS:": 0.0, "VmHWM:": 0.0}
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return 0.0, 0.0
    for line in lines:
        parts = line.split()
        if parts and parts[0] in values:
            values[parts[0]] = int(parts[1]) / 1024
    return values["VmRSS:"], values["VmHWM:"]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def clean_env(**overrides: str) -> dict[str, str]:
    """This process's environment without QUOTES_* settings, plus ``overrides``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUOTES_")}
    env.update(overrides)
    return env


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds ``pid`` has used so far (0 when gone)."""
    fields = _stat_fields(pid)
    if fields is None:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
