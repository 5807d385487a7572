"""Each rerun of Home and the Questions page reads the data version (and the grouping version) once:
the cached results all hang on it, and reading it is a pass over every interview."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable

import pytest

# Loaded before the fixture looks for every module that imported the version readers.
import ui.home
import ui.question_lists  # noqa: F401
from analytics import patterns, question_stats
from tests.conftest import assert_no_exception, debriefs_database, open_page


@pytest.fixture
def version_reads(monkeypatch) -> Counter:
    """How often data_version and grouping_version run, wherever a module imported them from."""
    reads: Counter = Counter()

    def counting(name: str, read: Callable) -> Callable:
        def counted_read(cursor):
            reads[name] += 1
            return read(cursor)

        return counted_read

    for name, read in (
        ("data_version", patterns.data_version),
        ("grouping_version", question_stats.grouping_version),
    ):
        wrapper = counting(name, read)
        for module in list(sys.modules.values()):
            if getattr(module, name, None) is read:
                monkeypatch.setattr(module, name, wrapper)
    return reads


@pytest.fixture
def two_debriefs(database) -> None:
    debriefs_database(database, "Acme", "Globex")


@pytest.mark.usefixtures("two_debriefs")
@pytest.mark.parametrize("page", [None, "pages/4_Questions.py"], ids=["Home", "Questions"])
def test_a_rerun_reads_each_version_once(page, version_reads):
    shown = open_page(page)
    assert_no_exception(shown)
    assert version_reads == {"data_version": 1, "grouping_version": 1}
    version_reads.clear()
    shown.run()
    assert version_reads == {"data_version": 1, "grouping_version": 1}
