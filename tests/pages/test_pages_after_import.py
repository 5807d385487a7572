"""After an import or a restore on the Data page, the pages that cache what they show (Home, Dashboard,
Questions) show the new data: every cached result is keyed on the data version (the question lists on
the grouping version too), which an import or a restore changes, so nothing needs clearing."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from debrief import repository
from debrief.backup import backup_bytes
from debrief.store import Store
from tests.conftest import (
    add_debriefs,
    assert_no_exception,
    debriefs_database,
    make_debrief,
    open_page,
    texts,
    upload,
)

# On the day of make_debrief's interview, so the sidebar's date range (which follows the data) and with it
# the filter part of the cache keys stay the same: only the data version tells the new data apart.
SHEET = (
    b"Date,Company,Role,Question,Category,Rating\n"
    b"2026-11-20,Initech,Analyst,Tell me about yourself,Behavioural,3\n"
    b"2026-11-20,Initech,Analyst,Why Initech?,Motivation,\n"
)


def rerun(app: AppTest) -> AppTest:
    app.run()
    assert_no_exception(app)
    return app


def interviews_tile(app: AppTest) -> str:
    return next(text for text in texts(app.markdown) if re.fullmatch(r"#### [\d,]+", text))


def most_asked(home: AppTest) -> str:
    line = next(text for text in texts(home.markdown) if "Most asked question" in text)
    return re.search(r"\(\d+ times, in \d+ interviews\)", line).group()


def question_lists(questions: AppTest) -> tuple:
    """The Questions page's count, every question asked (company: text), and the groups to fix."""
    every = questions.dataframe[2].value
    groups = questions.selectbox(key="questions.merge.source").options
    return questions.metric[0].value, sorted(every["company"] + ": " + every["question"]), sorted(groups)


def open_caching_pages() -> tuple[AppTest, AppTest, AppTest]:
    return open_page(), open_page("pages/3_Dashboard.py"), open_page("pages/4_Questions.py")


def acme_only(home: AppTest, dashboard: AppTest, questions: AppTest) -> None:
    assert interviews_tile(rerun(home)) == interviews_tile(rerun(dashboard)) == "#### 1"
    assert most_asked(home) == "(1 times, in 1 interviews)"
    assert question_lists(rerun(questions)) == (
        "2",
        ["Acme: Design a rate limiter", "Acme: Tell me about yourself"],
        ["How would you design a rate limiter? (1×)", "Tell me about yourself (1×)"],
    )


def test_after_an_import_every_page_shows_the_imported_debrief(database):
    debriefs_database(database, "Acme")
    home, dashboard, questions = open_caching_pages()
    acme_only(home, dashboard, questions)

    data = open_page("pages/7_Data.py")
    upload(data, "data.import_file", "questions.csv", SHEET)
    data.button(key="data.confirm_import").click().run()
    assert_no_exception(data)
    assert "Imported 1 debrief" in data.success[0].value

    assert interviews_tile(rerun(home)) == interviews_tile(rerun(dashboard)) == "#### 2"
    assert most_asked(home) == "(2 times, in 2 interviews)"
    assert question_lists(rerun(questions)) == (
        "4",
        [
            "Acme: Design a rate limiter",
            "Acme: Tell me about yourself",
            "Initech: Tell me about yourself",
            "Initech: Why Initech?",
        ],
        ["How would you design a rate limiter? (1×)", "Tell me about yourself (2×)", "Why Initech? (1×)"],
    )


def test_after_a_restore_every_page_shows_the_restored_data(database):
    store = Store(database)
    add_debriefs(store, "Acme")
    backup = backup_bytes(store)
    repository.insert_debrief(store, make_debrief("Globex"))
    store.close()  # the app's own store is the one that swaps the file
    home, dashboard, questions = open_caching_pages()
    assert interviews_tile(rerun(home)) == interviews_tile(rerun(dashboard)) == "#### 2"
    assert most_asked(home) == "(2 times, in 2 interviews)"
    assert question_lists(rerun(questions))[0] == "4"

    data = open_page("pages/7_Data.py")
    upload(data, "data.restore_file", "backup.duckdb", backup)
    data.checkbox(key="data.restore_understood").check().run()
    data.button(key="data.confirm_restore").click().run()
    assert_no_exception(data)
    assert "Restored" in data.success[0].value

    acme_only(home, dashboard, questions)
