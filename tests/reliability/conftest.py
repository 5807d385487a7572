"""The reliability suite's summary: each guarantee's test records one line with its figures, and the
lines are printed at the end of every run (plain `pytest` and `make test` included, no `-s` needed)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

_SUMMARY = pytest.StashKey[list[str]]()


@pytest.fixture
def summary(request) -> Callable[[str], None]:
    """Record a summary line, e.g. summary("crash: 3 imports killed, rows lost: 0")."""
    return request.config.stash.setdefault(_SUMMARY, []).append


def pytest_terminal_summary(terminalreporter, config) -> None:
    lines = config.stash.get(_SUMMARY, [])
    if lines:
        terminalreporter.section("reliability guarantees")
        for line in lines:
            terminalreporter.write_line(line)
