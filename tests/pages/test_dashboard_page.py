"""The Dashboard page through AppTest: demo data, an empty database, a filter that matches nothing."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from debrief import repository, settings
from debrief.store import Store
from tests.conftest import assert_no_exception, demo_database, make_debrief, open_page, texts
from ui.practice_progress import SETTING

DASHBOARD = "pages/3_Dashboard.py"
END = dt.date(2026, 11, 20)
CHART_TITLES = {
    "Recurring mistakes",
    "Strengths you show",
    "Mistakes and strengths per interview, by month",
    "Mistakes and strengths, average of the last 5 interviews",
    "Mistakes by month: share of interviews where each appeared",
    "Your answers, by how professional the interviewer was",
    "How often the interviewer was unprofessional",
    "Blame split: how much was in your control",
    "How far interviews got: outcome by round",
    "How long your answers ran",
    "Filler words, and how much of the talking was yours",
    "How well your briefs predicted",
    "Mistakes avoided after preparing",
}
# Drawn once practice cards were rated (the demo rates some); with it come the rows behind its
# comparisons, and the mistake lifecycle's table is always there once a mistake recurred.
PRACTICE_TITLE = "Does practice work? Practised against not practised"


@pytest.fixture
def demo_data(database):
    return demo_database(database, 80, seed=3, end_date=END)


def chart_titles(app) -> set[str]:
    return {json.loads(chart.proto.spec)["layout"]["title"]["text"] for chart in app.get("plotly_chart")}


def rated_cards(path) -> int:
    store = Store(path)
    try:
        with store.cursor() as cursor:
            return cursor.execute("SELECT count(*) FROM practice_reviews").fetchone()[0]
    finally:
        store.close()


def test_dashboard_with_demo_data_shows_tiles_charts_and_their_tables(demo_data):
    practised = rated_cards(demo_data) > 0
    expected = CHART_TITLES | ({PRACTICE_TITLE} if practised else set())
    app = open_page(DASHBOARD)
    assert_no_exception(app)
    assert chart_titles(app) == expected
    captions = texts(app.caption)
    assert "Interviews logged" in captions
    assert "#### 80" in texts(app.markdown)
    assert any(caption.startswith("in ") and caption.endswith("% of interviews") for caption in captions)
    behind = [expander.label for expander in app.expander]
    assert behind.count("Numbers behind this chart") == len(expected)
    assert behind.count("The interviews behind these numbers") == int(practised)
    assert len(app.expander) == len(expected) + int(practised)
    # Each chart's table, the practice comparisons' two tables of occurrences, the mistake lifecycle.
    assert len(app.dataframe) == len(expected) + 2 * int(practised) + 1
    assert app.number_input(key="dashboard.lifecycle.not_repeated_after").value == 3
    # The bad-interview rule is stated where the interviewer charts are.
    assert any("A bad interview is one with the outcome Rejected" in caption for caption in captions)


def test_the_transcript_figures_are_charted_interview_by_interview(database):
    # Enough interviews for the demo's trend to show through its noise.
    demo_data = demo_database(database, 400, seed=3, end_date=END)
    app = open_page(DASHBOARD)
    table = next(frame.value for frame in app.dataframe if "fillers_per_100_words" in frame.value.columns)
    store = Store(demo_data)
    with store.cursor() as cursor:
        transcribed = cursor.execute("SELECT count(*) FROM transcript_measures").fetchone()[0]
    assert len(table) == transcribed > 0
    assert table["interview_date"].is_monotonic_increasing
    # The demo's candidate improves: answers get shorter and fillers fewer over time.
    half = len(table) // 2
    assert table["average_answer_seconds"][half:].mean() < table["average_answer_seconds"][:half].mean()
    assert table["fillers_per_100_words"][half:].mean() < table["fillers_per_100_words"][:half].mean()


def test_without_a_transcript_the_dashboard_says_how_to_get_its_figures(database):
    repository.insert_debrief(Store(database), make_debrief())
    app = open_page(DASHBOARD)
    assert_no_exception(app)
    assert any("Start a debrief from a call transcript" in info.value for info in app.info)
    assert "How long your answers ran" not in chart_titles(app)


def test_the_heatmap_switches_to_strengths(demo_data):
    app = open_page(DASHBOARD)
    app.radio(key="dashboard.heatmap_kind").set_value("Strengths").run()
    assert_no_exception(app)
    assert "Strengths by month: share of interviews where each appeared" in chart_titles(app)


def test_a_filter_narrows_the_numbers(demo_data):
    app = open_page(DASHBOARD)
    company = app.multiselect(key="filters.companies").options[0]
    app.multiselect(key="filters.companies").set_value([company]).run()
    assert_no_exception(app)
    table = next(frame.value for frame in app.dataframe if "outcome" in frame.value.columns)
    assert 0 < table["interviews"].sum() < 80


def test_an_empty_database_says_what_to_do_first(database):
    app = open_page(DASHBOARD)
    assert_no_exception(app)
    assert not app.get("plotly_chart")
    assert "No debriefs yet" in app.info[0].value
    assert "load the demo data from Home" in app.info[0].value


def test_nothing_matching_the_filter_says_how_to_widen_it(database):
    store = Store(database)
    repository.insert_debrief(store, make_debrief("Acme", interview_date=dt.date(2026, 3, 1)))
    repository.insert_debrief(store, make_debrief("Globex", interview_date=dt.date(2026, 3, 20)))
    store.close()
    app = open_page(DASHBOARD)
    app.date_input(key="filters.dates").set_value((dt.date(2026, 3, 5), dt.date(2026, 3, 10))).run()
    assert_no_exception(app)
    assert not app.get("plotly_chart")
    assert "No interviews match these filters" in app.info[0].value


def test_a_debrief_saved_later_shows_up_despite_the_cache(database):
    store = Store(database)  # the same DuckDB instance as the app's, as another page's save would be
    try:
        repository.insert_debrief(store, make_debrief("Acme", interview_date=dt.date(2026, 3, 1)))
        app = open_page(DASHBOARD)
        assert "#### 1" in texts(app.markdown)
        repository.insert_debrief(store, make_debrief("Globex", interview_date=dt.date(2026, 3, 2)))
        app.run()
    finally:
        store.close()
    assert_no_exception(app)
    assert "#### 2" in texts(app.markdown)


def test_without_practice_the_dashboard_says_where_to_practise(database):
    store = Store(database)
    for day in (dt.date(2026, 3, 1), dt.date(2026, 3, 8)):
        repository.insert_debrief(store, make_debrief(interview_date=day))
    store.close()
    app = open_page(DASHBOARD)
    assert_no_exception(app)
    assert any("Practise on the Practice page" in info.value for info in app.info)
    assert PRACTICE_TITLE not in chart_titles(app)
    # Both mistakes came up twice: open, and listed.
    lifecycle = next(frame.value for frame in app.dataframe if "stage" in frame.value.columns)
    assert sorted(lifecycle["category"]) == ["Rambling", "Salary misstep"]
    assert set(lifecycle["stage"]) == {"open"}


def test_the_not_repeated_setting_is_kept_when_changed(database):
    store = Store(database)
    for day in (dt.date(2026, 3, 1), dt.date(2026, 3, 8)):
        repository.insert_debrief(store, make_debrief(interview_date=day))
    repository.insert_debrief(store, make_debrief(interview_date=dt.date(2026, 3, 15), mistakes=[]))
    store.close()
    app = open_page(DASHBOARD)
    lifecycle = next(frame.value for frame in app.dataframe if "stage" in frame.value.columns)
    assert set(lifecycle["stage"]) == {"open"}
    app.number_input(key="dashboard.lifecycle.not_repeated_after").set_value(1).run()
    assert_no_exception(app)
    lifecycle = next(frame.value for frame in app.dataframe if "stage" in frame.value.columns)
    assert set(lifecycle["stage"]) == {"not repeated"}
    assert open_page(DASHBOARD).number_input(key="dashboard.lifecycle.not_repeated_after").value == 1
    store = Store(database)
    try:
        assert settings.get_setting(store, SETTING) == "1"
    finally:
        store.close()
