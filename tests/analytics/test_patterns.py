"""Pattern analytics on the six interviews of conftest.py, whose answers are known exactly."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics import patterns, scope
from analytics.filters import InterviewFilter
from analytics.patterns import (
    category_heatmap,
    count_interviews,
    data_version,
    items_behind,
    mistake_trend,
    monthly_trend,
    pattern_summary,
    question_categories,
    recurring_mistakes,
    recurring_strengths,
    rolling_trend,
)
from debrief import repository
from debrief.models import Reflection
from debrief.store import Store
from tests.analytics.conftest import ACME, FEB, JAN, MAR, records, run
from tests.conftest import make_debrief


@pytest.fixture(params=["bitmap", "count distinct"])
def counting(request, monkeypatch):
    """Both ways of counting distinct interviews: the bitmap for dense ids, count(DISTINCT) otherwise."""
    if request.param == "count distinct":
        monkeypatch.setattr(scope, "_DENSE_IDS_PER_INTERVIEW", 0)
        monkeypatch.setattr(scope, "_DENSE_IDS_SLACK", 0)
    return request.param


def test_recurring_mistakes_count_items_interviews_share_and_last_seen(six, counting):
    frame = run(six, recurring_mistakes, InterviewFilter())
    assert records(frame, "category", "items", "interviews", "last_seen") == [
        ("Rambling", 4, 3, pd.Timestamp("2026-03-20")),
        ("Nerves", 2, 2, pd.Timestamp("2026-02-10")),
        ("Salary misstep", 1, 1, pd.Timestamp("2026-02-10")),
    ]
    assert frame["share"].tolist() == pytest.approx([3 / 6, 2 / 6, 1 / 6])


def test_recurring_strengths_tie_break_on_items_then_name(six):
    frame = run(six, recurring_strengths, InterviewFilter())
    assert records(frame, "category", "items", "interviews") == [
        ("Clear story", 3, 3),
        ("Rapport", 3, 3),
        ("Technical depth", 1, 1),
    ]
    assert frame["share"].tolist() == pytest.approx([0.5, 0.5, 1 / 6])


def test_shares_are_of_the_filtered_interviews(six, counting):
    frame = run(six, recurring_mistakes, ACME)
    assert records(frame, "category", "items", "interviews", "share") == [
        ("Rambling", 3, 2, 1.0),
        ("Nerves", 1, 1, 0.5),
    ]
    later = run(six, recurring_mistakes, InterviewFilter(start=dt.date(2026, 2, 1)))
    assert records(later, "category", "interviews") == [
        ("Nerves", 1),
        ("Rambling", 1),
        ("Salary misstep", 1),
    ]
    assert later["share"].tolist() == pytest.approx([0.25, 0.25, 0.25])


def test_monthly_trend_shows_mistakes_going_down(six):
    frame = run(six, monthly_trend, InterviewFilter())
    assert records(frame, "month", "interviews", "mistakes", "strengths") == [
        (JAN, 2, 4, 3),
        (FEB, 1, 2, 1),
        (MAR, 3, 1, 3),
    ]
    assert frame["mistakes_per_interview"].tolist() == pytest.approx([2.0, 2.0, 1 / 3])
    assert frame["strengths_per_interview"].tolist() == pytest.approx([1.5, 1.0, 1.0])
    # Three months pooled: (4 + 2 + 1) mistakes over (2 + 1 + 3) interviews by March.
    assert frame["rolling_mistakes_per_interview"].tolist() == pytest.approx([2.0, 2.0, 7 / 6])
    assert frame["rolling_strengths_per_interview"].tolist() == pytest.approx([1.5, 4 / 3, 7 / 6])


def test_rolling_trend_averages_the_last_five_interviews(six):
    frame = run(six, rolling_trend, InterviewFilter())
    assert frame["interview_number"].tolist() == [1, 2, 3, 4, 5, 6]
    assert frame["interview_id"].tolist() == six.ids
    assert frame["mistakes"].tolist() == [3, 1, 2, 0, 1, 0]
    assert frame["rolling_mistakes"].tolist() == pytest.approx([3, 2, 2, 1.5, 1.4, 0.8])
    assert frame["rolling_strengths"].tolist() == pytest.approx([1, 1.5, 4 / 3, 1.5, 1.2, 1.2])


def test_rolling_trend_is_thinned_evenly_keeping_the_latest(six, monkeypatch):
    monkeypatch.setattr(patterns, "MAX_TREND_POINTS", 2)
    frame = run(six, rolling_trend, InterviewFilter())
    assert frame["interview_number"].tolist() == [3, 6]
    assert frame["rolling_mistakes"].tolist() == pytest.approx([2, 0.8])


def test_a_thinned_rolling_trend_averages_over_interviews_it_does_not_show(six, monkeypatch):
    # Step 3 with a window of 2: interviews 2-3 and 5-6 are counted, 1 and 4 are neither shown nor reached.
    monkeypatch.setattr(patterns, "ROLLING_INTERVIEWS", 2)
    every = run(six, rolling_trend, InterviewFilter())
    monkeypatch.setattr(patterns, "MAX_TREND_POINTS", 2)
    thinned = run(six, rolling_trend, InterviewFilter())
    assert thinned["rolling_mistakes"].tolist() == pytest.approx([1.5, 0.5])
    shown = every[every["interview_number"].isin([3, 6])].reset_index(drop=True)
    pd.testing.assert_frame_equal(thinned, shown)


def test_mistake_trend_fits_a_line_through_each_interviews_mistakes(six):
    trend = run(six, mistake_trend, InterviewFilter())
    # Mistakes 3, 1, 2, 0, 1, 0: slope -8.5 / 17.5, through the mean (3.5, 7/6).
    slope = -8.5 / 17.5
    assert trend.interviews == 6
    assert trend.start == pytest.approx(7 / 6 + slope * (1 - 3.5))
    assert trend.end == 0.0  # the line dips just below zero: shown as none
    assert trend.direction == "down"


def test_mistake_trend_needs_six_interviews(six):
    assert run(six, mistake_trend, InterviewFilter(end=dt.date(2026, 3, 20))) is None


@pytest.mark.parametrize(
    ("start", "end", "direction"),
    [(2.0, 1.0, "down"), (1.0, 2.0, "up"), (2.0, 1.95, "steady"), (0.0, 0.0, "steady"), (0.0, 1.0, "up")],
)
def test_a_change_under_ten_percent_is_steady(start, end, direction):
    assert patterns.MistakeTrend(6, start, end).direction == direction


def test_heatmap_has_every_category_and_month_with_shares_of_that_month(six, counting):
    frame = run(six, category_heatmap, InterviewFilter(), "mistake")
    assert records(frame, "category", "month", "items", "interviews", "interviews_that_month") == [
        ("Rambling", JAN, 3, 2, 2),
        ("Rambling", FEB, 0, 0, 1),
        ("Rambling", MAR, 1, 1, 3),
        ("Nerves", JAN, 1, 1, 2),
        ("Nerves", FEB, 1, 1, 1),
        ("Nerves", MAR, 0, 0, 3),
        ("Salary misstep", JAN, 0, 0, 2),
        ("Salary misstep", FEB, 1, 1, 1),
        ("Salary misstep", MAR, 0, 0, 3),
    ]
    assert frame["share"].tolist() == pytest.approx([1, 0, 1 / 3, 0.5, 1, 0, 0, 1, 0])


def test_heatmap_of_strengths_within_a_filter(six):
    frame = run(six, category_heatmap, InterviewFilter(companies=("Globex",)), "strength")
    assert records(frame, "category", "month", "items", "share") == [
        ("Clear story", FEB, 1, 1.0),
        ("Clear story", MAR, 1, 1.0),
        ("Technical depth", FEB, 0, 0.0),
        ("Technical depth", MAR, 1, 1.0),
    ]


def test_items_behind_a_bar_newest_first_and_bounded(six):
    behind = run(six, items_behind, InterviewFilter(), "mistake", "Rambling")
    assert behind.total == 4
    assert records(behind.rows, "interview_id", "company", "what_happened") == [
        (six.ids[4], "Initech", "Rambling at Initech"),
        (six.ids[1], "Acme", "Rambling at Acme"),
        (six.ids[0], "Acme", "Rambling at Acme"),
        (six.ids[0], "Acme", "Rambling at Acme"),
    ]
    first_two = run(six, items_behind, InterviewFilter(), "mistake", "Rambling", 2)
    assert (len(first_two.rows), first_two.total) == (2, 4)
    within = run(six, items_behind, ACME, "mistake", "Nerves")
    assert within.total == 1
    assert within.rows["interview_date"].tolist() == [pd.Timestamp("2026-01-05")]


@pytest.mark.parametrize("limit", [1, 2, 3, 4, 5])
def test_items_behind_a_bar_page_is_the_start_of_the_whole_list(six, limit):
    everything = run(six, items_behind, InterviewFilter(), "mistake", "Rambling")
    page = run(six, items_behind, InterviewFilter(), "mistake", "Rambling", limit)
    assert page.total == 4
    pd.testing.assert_frame_equal(page.rows, everything.rows.head(limit))


def test_distinct_counting_falls_back_for_scattered_ids():
    assert scope.distinct_interviews(scope.ChosenIds(3, 10, 12), "x")[0].startswith("bit_count(")
    assert scope.distinct_interviews(scope.ChosenIds(3, 1, 10**9), "x") == ("count(DISTINCT x)", {})
    assert scope.distinct_interviews(scope.ChosenIds(0, None, None), "x") == ("count(DISTINCT x)", {})


def test_items_behind_an_unknown_category_is_empty(six):
    behind = run(six, items_behind, InterviewFilter(), "strength", "'; DROP TABLE reflections; --")
    assert behind.total == 0
    assert behind.rows.empty


def test_question_categories_rank_by_questions_asked(six):
    frame = run(six, question_categories, InterviewFilter())
    assert records(frame, "category", "questions") == [
        ("Behavioural", 4),
        ("Technical", 2),
        ("Motivation", 1),
        ("Situational", 1),
    ]
    assert frame["share"].tolist() == pytest.approx([0.5, 0.25, 0.125, 0.125])


def test_summary_names_the_leaders_and_the_trend(six):
    summary = run(six, pattern_summary)
    assert summary.interviews == 6
    assert summary.top_mistake == patterns.Leader("Rambling", 3, 0.5)
    assert summary.top_strength == patterns.Leader("Clear story", 3, 0.5)
    assert summary.top_question_category == patterns.Leader("Behavioural", 4, 0.5)
    assert summary.mistake_trend.direction == "down"
    acme = run(six, pattern_summary, ACME)
    assert acme.interviews == 2
    assert acme.top_mistake == patterns.Leader("Rambling", 2, 1.0)
    assert acme.mistake_trend is None


def test_an_empty_store_gives_empty_frames_and_an_empty_summary(store):
    everything = InterviewFilter()
    for function in (
        recurring_mistakes,
        recurring_strengths,
        monthly_trend,
        rolling_trend,
        question_categories,
    ):
        assert run(store, function, everything).empty
    assert run(store, category_heatmap, everything, "mistake").empty
    assert run(store, mistake_trend, everything) is None
    assert run(store, count_interviews, everything) == 0
    summary = run(store, pattern_summary)
    assert (summary.interviews, summary.top_mistake, summary.top_question_category) == (0, None, None)


def test_data_version_changes_with_every_write(six):
    before = run(six, data_version)
    assert run(six, data_version) == before
    saved = repository.get_debrief(six, six.ids[0])
    repository.update_debrief(six, saved.model_copy(update={"notes": "edited"}))
    edited = run(six, data_version)
    assert edited != before
    repository.delete_debrief(six, six.ids[1])
    assert run(six, data_version) not in (before, edited)


# Free-form categories, including quotes and markup, against a plain count in Python.
_CATEGORY = st.sampled_from(["Rambling", "Nerves", 'O\'Brien "quote"', "<b>bold</b>", "Ünïcode 🚀"])


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(_CATEGORY, max_size=4), min_size=1, max_size=6))
def test_recurring_mistakes_match_a_plain_count(tmp_path_factory, mistakes_per_interview):
    store = Store(tmp_path_factory.mktemp("property") / "debriefs.duckdb")
    try:
        for number, categories in enumerate(mistakes_per_interview):
            repository.insert_debrief(
                store,
                make_debrief(
                    f"Company {number}",
                    interview_date=dt.date(2026, 1, 1) + dt.timedelta(days=number),
                    mistakes=[Reflection(category=category) for category in categories],
                ),
            )
        frame = run(store, recurring_mistakes, InterviewFilter())
    finally:
        store.close()
    items = Counter(category for categories in mistakes_per_interview for category in categories)
    interviews = Counter(category for categories in mistakes_per_interview for category in set(categories))
    total = len(mistakes_per_interview)
    assert {row.category: (row.items, row.interviews) for row in frame.itertuples()} == {
        category: (items[category], interviews[category]) for category in items
    }
    assert all(math.isclose(row.share, interviews[row.category] / total) for row in frame.itertuples())
    assert frame["interviews"].is_monotonic_decreasing
