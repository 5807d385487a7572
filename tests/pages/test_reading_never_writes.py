"""Reading never writes: every page opened on demo data, and opened again, leaves the database as it
was. The store counts its write transactions; they stay at zero."""

from __future__ import annotations

import pytest

from debrief import repository
from tests.conftest import assert_no_exception, demo_database, on_database, open_page
from ui.setup import _open_store

PAGES = [
    None,
    "pages/1_New_debrief.py",
    "pages/2_Interviews.py",
    "pages/3_Dashboard.py",
    "pages/4_Questions.py",
    "pages/5_Thank_you_note.py",
    "pages/6_Follow_ups.py",
    "pages/7_Data.py",
    "pages/8_Prepare.py",
    "pages/9_Practice.py",
]


@pytest.fixture
def demo(database):
    demo_database(database, 60, seed=11)
    return on_database(
        database, lambda store: int(repository.search_interviews(store, limit=1).rows["id"][0])
    )


def test_opening_every_page_writes_nothing(database, demo):
    for page in PAGES:
        for query in ({}, {"id": str(demo)}):
            app = open_page(page, query)
            assert_no_exception(app)
            app.run()  # and a rerun
            assert_no_exception(app)
    writes = _open_store(str(database)).writes
    assert writes == 0, f"{writes} write transactions while only reading"


def test_the_write_counter_counts(database, demo):
    """The check above can fail: a page that saves is counted."""
    app = open_page("pages/1_New_debrief.py")
    app.text_input(key="capture.company").input("Counted Ltd").run()
    assert _open_store(str(database)).writes > 0
