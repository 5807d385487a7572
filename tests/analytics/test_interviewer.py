"""The interviewer's side and how far interviews got, on the six interviews of conftest.py."""

from __future__ import annotations

import math

import pytest

from analytics.filters import InterviewFilter
from analytics.interviewer import (
    BAD_INTERVIEWS,
    OTHER_INTERVIEWS,
    blame_split_by_month,
    interviews_behind,
    outcomes_by_round,
    professionalism_vs_ratings,
    unprofessional_in_bad_interviews,
)
from analytics.scope import NOT_RECORDED
from tests.analytics.conftest import FEB, JAN, MAR, records, run

EVERYTHING = InterviewFilter()


def test_professionalism_against_my_answer_ratings(six):
    frame = run(six, professionalism_vs_ratings, EVERYTHING)
    # Interview 5 has no professionalism rating; level 5 holds interviews 2 (4.5) and 3 (3.0).
    assert records(frame, "professionalism", "interviews", "interviews_with_rated_answers") == [
        (1, 1, 1),
        (2, 1, 1),
        (3, 1, 1),
        (5, 2, 2),
    ]
    assert frame["average_answer_rating"].tolist() == pytest.approx([2.0, 2.0, 5.0, 3.75])
    assert frame["average_in_my_control"].tolist() == pytest.approx([20, 40, 70, 70])


def test_blame_split_by_month_overall_and_in_bad_interviews(six):
    frame = run(six, blame_split_by_month, EVERYTHING)
    assert records(frame, "month", "interviews", "bad_interviews") == [
        (JAN, 2, 1),
        (FEB, 1, 0),
        (MAR, 3, 2),
    ]
    assert frame["in_my_control"].tolist() == pytest.approx([50, 60, 160 / 3])
    assert frame["outside_my_control"].tolist() == pytest.approx([50, 40, 140 / 3])
    when_bad = frame["in_my_control_when_bad"].tolist()
    assert when_bad[0] == pytest.approx(20)
    assert math.isnan(when_bad[1])
    assert when_bad[2] == pytest.approx(45)  # interviews 4 (answers averaged 2) and 5 (rejected)


def test_bad_interviews_had_the_unprofessional_interviewers(six):
    frame = run(six, unprofessional_in_bad_interviews, EVERYTHING)
    # Bad: 1 (rejected), 4 (answers averaged 2), 5 (rejected, interviewer not rated).
    assert records(frame, "interviews_group", "interviews", "rated", "with_unprofessional_interviewer") == [
        (BAD_INTERVIEWS, 3, 2, 2),
        (OTHER_INTERVIEWS, 3, 3, 0),
    ]
    assert frame["share"].tolist() == pytest.approx([1.0, 0.0])


def test_bad_interviews_keep_both_rows_when_a_group_is_empty(six):
    frame = run(six, unprofessional_in_bad_interviews, InterviewFilter(outcomes=("Offer",)))
    assert records(frame, "interviews_group", "interviews", "rated") == [
        (BAD_INTERVIEWS, 0, 0),
        (OTHER_INTERVIEWS, 1, 1),
    ]
    assert math.isnan(frame["share"].iloc[0])


def test_outcomes_by_round_in_the_taxonomy_order(six):
    frame = run(six, outcomes_by_round, EVERYTHING)
    assert records(frame, "round", "outcome", "interviews") == [
        ("Phone screen", "Rejected", 1),
        ("First round", "Waiting", 1),
        ("First round", "Next round", 1),
        ("First round", "Rejected", 1),
        ("Final", "Offer", 1),
        (NOT_RECORDED, NOT_RECORDED, 1),
    ]
    assert frame["share_of_round"].tolist() == pytest.approx([1, 1 / 3, 1 / 3, 1 / 3, 1, 1])


def test_outcomes_by_round_within_a_filter(six):
    frame = run(six, outcomes_by_round, InterviewFilter(companies=("Globex",)))
    assert records(frame, "round", "outcome", "interviews", "share_of_round") == [
        ("First round", "Waiting", 1, 0.5),
        ("First round", "Next round", 1, 0.5),
    ]


def test_interviews_behind_a_bar(six):
    rejected_first_round = run(
        six, interviews_behind, EVERYTHING, round_label="First round", outcome_label="Rejected"
    )
    assert rejected_first_round.total == 1
    assert records(rejected_first_round.rows, "interview_id", "company", "professionalism") == [
        (six.ids[0], "Acme", 1)
    ]
    assert rejected_first_round.rows["average_answer_rating"].tolist() == [2.0]
    unlabelled = run(six, interviews_behind, EVERYTHING, round_label=NOT_RECORDED, outcome_label=NOT_RECORDED)
    assert unlabelled.rows["interview_id"].tolist() == [six.ids[5]]
    excellent = run(six, interviews_behind, EVERYTHING, professionalism=5)
    assert excellent.rows["interview_id"].tolist() == [six.ids[2], six.ids[1]]
    bounded = run(six, interviews_behind, EVERYTHING, limit=2)
    assert (len(bounded.rows), bounded.total) == (2, 6)


def test_an_empty_store_gives_empty_frames(store):
    assert run(store, professionalism_vs_ratings, EVERYTHING).empty
    assert run(store, blame_split_by_month, EVERYTHING).empty
    assert run(store, outcomes_by_round, EVERYTHING).empty
    assert run(store, interviews_behind, EVERYTHING).total == 0
    assert run(store, unprofessional_in_bad_interviews, EVERYTHING)["interviews"].tolist() == [0, 0]
