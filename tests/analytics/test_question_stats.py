"""Question aggregations on a tiny database whose answers are known exactly."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from analytics.filters import InterviewFilter
from analytics.question_stats import (
    all_questions,
    most_asked_question,
    question_overview,
)
from debrief import repository
from debrief.models import Question
from tests.conftest import group_pending, make_debrief

YOURSELF = "Tell me about yourself"
WEAKNESS = "What is your greatest weakness?"
ELEVATOR = "How would you build an elevator controller?"


def question(text: str, rating: int | None, better: str = "", off_guard: bool = False) -> Question:
    return Question(
        text=text, category="Behavioural", answer_rating=rating, better_answer=better, off_guard=off_guard
    )


@pytest.fixture
def cursor(store):
    for company, day, questions in (
        ("Acme", 1, [question(YOURSELF, 2, "Short story"), question(WEAKNESS, 1, "Public speaking", True)]),
        (
            "Acme",
            10,
            [question("Talk me through your résumé", 4), question("biggest weakness?", 3, "Delegation")],
        ),
        ("Globex", 20, [question("tell me about yourself", 3, "Two-minute pitch"), question(ELEVATOR, None)]),
    ):
        repository.insert_debrief(
            store, make_debrief(company, interview_date=dt.date(2026, 3, day), questions=questions)
        )
    group_pending(store)
    with store.cursor() as opened:
        yield opened


def plain(value):
    if value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.date() if isinstance(value, pd.Timestamp) else value


def rows(frame, *columns):
    return [tuple(map(plain, row)) for row in frame[list(columns)].itertuples(index=False, name=None)]


def test_common_questions_count_group_and_summarise(cursor):
    frame = question_overview(cursor, InterviewFilter()).common
    assert rows(frame, "question", "times_asked", "interviews", "companies", "last_asked", "average_rating",
                "best_answer") == [
        (YOURSELF, 3, 3, 2, dt.date(2026, 3, 20), 3.0, "Two-minute pitch"),
        (WEAKNESS, 2, 2, 1, dt.date(2026, 3, 10), 2.0, "Delegation"),
        (ELEVATOR, 1, 1, 1, dt.date(2026, 3, 20), None, None),
    ]  # fmt: skip
    assert frame["category"].tolist() == ["Behavioural", "Behavioural", "Behavioural"]
    assert frame["wordings"].tolist() == [3, 2, 1]


def common_head(cursor):
    """The first row of the common list over every interview."""
    return question_overview(cursor, InterviewFilter()).common.head(1)


def test_the_most_asked_question_is_the_common_lists_first_row_even_when_tied(store, cursor):
    pd.testing.assert_frame_equal(most_asked_question(cursor), common_head(cursor))
    assert most_asked_question(cursor)["question"].tolist() == [YOURSELF]
    # The weakness question asked in a third interview: tied with "yourself" on both counts, so the
    # common list's order (by wording) decides, in both.
    repository.insert_debrief(store, make_debrief("Initech", questions=[question("weaknesses?", 2)]))
    group_pending(store)
    tied = question_overview(cursor, InterviewFilter()).common
    assert rows(tied.head(2), "question", "times_asked", "interviews") == [(YOURSELF, 3, 3), (WEAKNESS, 3, 3)]
    pd.testing.assert_frame_equal(most_asked_question(cursor), tied.head(1))
    repository.insert_debrief(store, make_debrief("Hooli", questions=[question("your weakness", 5)]))
    group_pending(store)
    assert rows(most_asked_question(cursor), "question", "times_asked", "interviews") == [(WEAKNESS, 4, 4)]
    pd.testing.assert_frame_equal(most_asked_question(cursor), common_head(cursor))


def test_no_question_asked_gives_no_most_asked_question(store):
    with store.cursor() as cursor:
        assert most_asked_question(cursor).empty


def test_filters_narrow_every_list(cursor):
    acme = InterviewFilter(companies=("Acme",))
    assert rows(question_overview(cursor, acme).common, "question", "times_asked", "average_rating") == [
        (YOURSELF, 2, 3.0),
        (WEAKNESS, 2, 2.0),
    ]
    march = InterviewFilter(start=dt.date(2026, 3, 5), end=dt.date(2026, 3, 15))
    assert len(all_questions(cursor, march)) == 2
    assert question_overview(cursor, InterviewFilter(companies=("Nobody",))).is_empty


def test_practice_list_ranks_often_asked_and_badly_answered_first(cursor):
    practice = question_overview(cursor, InterviewFilter()).practice
    assert rows(practice, "question", "practice_score", "lowest_rating",
                "times_off_guard", "better_answer") == [
        (YOURSELF, 9.0, 2, 0, "Two-minute pitch"),
        (WEAKNESS, 8.0, 1, 1, "Delegation"),
        (ELEVATOR, 3.0, None, 0, None),
    ]  # fmt: skip
    acme = question_overview(cursor, InterviewFilter(companies=("Acme",))).practice
    assert rows(acme, "question", "practice_score") == [(WEAKNESS, 8.0), (YOURSELF, 6.0)]


def test_the_practice_score_carries_no_floating_point_noise(store):
    # Five askings rated 5, 5, 4, 4, 4 average 4.4; 5 × (6 − 4.4) is 7.999999999999998 in floating point.
    for day, rating in enumerate([5, 5, 4, 4, 4], start=1):
        repository.insert_debrief(
            store, make_debrief(interview_date=dt.date(2026, 3, day), questions=[question(YOURSELF, rating)])
        )
    group_pending(store)
    with store.cursor() as cursor:
        practice = question_overview(cursor, InterviewFilter()).practice
    assert rows(practice, "question", "average_rating", "practice_score") == [(YOURSELF, 4.4, 8.0)]


def test_all_questions_lists_each_with_its_group_newest_first(cursor):
    frame = all_questions(cursor, InterviewFilter())
    assert rows(frame, "question", "grouped_as")[:2] == [
        ("tell me about yourself", YOURSELF),
        (ELEVATOR, ELEVATOR),
    ]
    assert len(frame) == 6
