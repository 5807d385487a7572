"""Home's headline patterns through AppTest, with demo data, a handful of debriefs and an empty database."""

from __future__ import annotations

import datetime as dt

from debrief import repository
from debrief.models import Reflection
from debrief.store import Store
from tests.conftest import assert_no_exception, demo_database, make_debrief, open_page, texts


def test_home_names_the_patterns_of_the_demo_data(database):
    demo_database(database, 120, seed=7, end_date=dt.date(2026, 11, 20))
    app = open_page()
    assert_no_exception(app)
    captions = texts(app.caption)
    for label in ("Interviews logged", "Top mistake", "Top strength", "Top question type", "Mistakes trend"):
        assert label in captions
    markdown = texts(app.markdown)
    assert "#### 120" in markdown
    # The demo candidate improves: fewer mistakes in the recent half.
    assert "#### :green[Going down]" in markdown


def test_home_with_a_few_debriefs_names_each_leader(database):
    store = Store(database)
    for day, mistakes in enumerate((["Rambling", "Nerves"], ["Rambling"], ["Salary misstep"]), start=1):
        repository.insert_debrief(
            store,
            make_debrief(
                f"Company {day}",
                interview_date=dt.date(2026, 3, day),
                mistakes=[Reflection(category=category) for category in mistakes],
            ),
        )
    store.close()
    app = open_page()
    assert_no_exception(app)
    markdown = texts(app.markdown)
    assert "#### 3" in markdown
    assert "#### Rambling" in markdown
    assert "#### Rapport" in markdown
    assert "#### Behavioural" in markdown  # make_debrief asks one behavioural and one technical question
    assert "in 67% of interviews" in texts(app.caption)
    assert "Needs at least 6 interviews" in texts(app.caption)


def test_category_names_are_shown_as_text(database):
    store = Store(database)
    repository.insert_debrief(store, make_debrief(mistakes=[Reflection(category="**bold** [link](x)")]))
    store.close()
    app = open_page()
    assert_no_exception(app)
    assert r"#### \*\*bold\*\* \[link\]\(x\)" in texts(app.markdown)


def test_an_empty_database_still_offers_the_first_run_choice(database):
    app = open_page()
    assert_no_exception(app)
    assert [button.label for button in app.button] == ["Load demo data", "Start empty"]
    app.button(key="onboarding.empty").click().run()
    assert_no_exception(app)
    assert "No debriefs yet" in app.info[0].value
