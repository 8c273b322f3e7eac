"""Test tiers: `pytest -m 'not slow'` loads no spaCy pipeline and starts no process.

A test needing either is marked ``slow`` (pyproject.toml). Tests that request a fixture which
loads the pipeline (``MODEL_FIXTURES``) are marked here at collection; any other test must
carry the mark itself. An unmarked test that loads the pipeline or starts a process anyway,
in its setup (fixtures included) or its call, fails with the reason instead of quietly making
the fast tier slow.
"""

from __future__ import annotations

import importlib.util
import multiprocessing.process
import sys
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from service.settings import Settings

# Fixtures that load the pipeline (tests/conftest.py, tests/nlp/conftest.py).
MODEL_FIXTURES = frozenset({"nlp", "app_client"})
# Audit events of starting a process (multiprocessing's spawn raises none: patched below).
PROCESS_EVENTS = frozenset({"subprocess.Popen", "os.fork", "os.forkpty", "os.posix_spawn",
                            "os.spawn", "os.exec", "os.system"})


class SlowTestNotMarked(RuntimeError):
    """Raised where an unmarked test loads the pipeline or starts a process."""


def _pipeline_dirs() -> tuple[str, ...]:
    """Where the configured pipeline package's files are (its data is read on every load)."""
    spec = importlib.util.find_spec(Settings.model_fields["pipeline"].default)
    locations = (spec.submodule_search_locations or []) if spec is not None else []
    return tuple(str(Path(location)) + "/" for location in locations)


PIPELINE_DIRS = _pipeline_dirs()
_unmarked: list[str] = []  # the node id of the unmarked test being set up or run


def _refuse(what: str) -> None:
    if _unmarked:
        raise SlowTestNotMarked(f"{_unmarked[0]} {what}: mark it @pytest.mark.slow")


def _audit(event: str, args: tuple[object, ...]) -> None:
    if not _unmarked:
        return
    if event == "open" and isinstance(args[0], str) and args[0].startswith(PIPELINE_DIRS):
        _refuse(f"loads the spaCy pipeline ({args[0]})")
    elif event in PROCESS_EVENTS:
        _refuse(f"starts a process ({event})")


def _guarded_start(start: Callable[[multiprocessing.process.BaseProcess], None]) -> Callable[
    [multiprocessing.process.BaseProcess], None
]:
    def guarded(process: multiprocessing.process.BaseProcess) -> None:
        _refuse(f"starts a process ({process.name})")
        start(process)

    return guarded


sys.addaudithook(_audit)
multiprocessing.process.BaseProcess.start = _guarded_start(  # type: ignore[method-assign]
    multiprocessing.process.BaseProcess.start
)


def mark_model_tests(items: list[pytest.Item]) -> None:
    """Mark ``slow`` every test that requests a fixture loading the pipeline."""
    for item in items:
        if MODEL_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@contextmanager
def guard(item: pytest.Item) -> Iterator[None]:
    """Refuse pipeline loads and process starts while an unmarked test is set up or runs."""
    if item.get_closest_marker("slow") is not None:
        yield
        return
    _unmarked.append(item.nodeid)
    try:
        yield
    finally:
        _unmarked.clear()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Generator[None, None, None]:
    with guard(item):
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    with guard(item):
        return (yield)


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by mark
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    mark_model_tests(items)
