"""The interview filter the analysis pages share: each part narrows, values travel as parameters."""

from __future__ import annotations

import datetime as dt

import pytest

from analytics.filters import InterviewFilter, filter_choices
from debrief import repository
from tests.conftest import make_debrief


@pytest.fixture
def filled(store):
    for company, day, role, round_, outcome in (
        ("Acme", 1, "Backend engineer", "First round", "Rejected"),
        ("Acme", 10, "Data analyst", "Final", "Offer"),
        ("Globex", 20, "Backend engineer", "First round", "Waiting"),
        ("O'Brien & Sons", 25, "Backend engineer", "Final", "Waiting"),
    ):
        repository.insert_debrief(
            store,
            make_debrief(
                company, interview_date=dt.date(2026, 3, day), role=role, round=round_, outcome=outcome
            ),
        )
    return store


def matching(store, interview_filter: InterviewFilter) -> list[str]:
    condition, parameters = interview_filter.where("i")
    sql = f"SELECT company FROM interviews i WHERE {condition} ORDER BY interview_date"
    with store.cursor() as cursor:
        return [row[0] for row in cursor.execute(sql, parameters).fetchall()]


@pytest.mark.parametrize(
    ("interview_filter", "expected"),
    [
        (InterviewFilter(), ["Acme", "Acme", "Globex", "O'Brien & Sons"]),
        (InterviewFilter(start=dt.date(2026, 3, 10)), ["Acme", "Globex", "O'Brien & Sons"]),
        (InterviewFilter(end=dt.date(2026, 3, 10)), ["Acme", "Acme"]),
        (InterviewFilter(companies=("O'Brien & Sons",)), ["O'Brien & Sons"]),
        (InterviewFilter(roles=("Data analyst",)), ["Acme"]),
        (InterviewFilter(rounds=("Final",), outcomes=("Waiting",)), ["O'Brien & Sons"]),
        (InterviewFilter(companies=("Acme",), start=dt.date(2026, 3, 2)), ["Acme"]),
        (InterviewFilter(companies=("'; DROP TABLE interviews; --",)), []),
    ],
)
def test_each_part_of_the_filter_narrows_the_interviews(filled, interview_filter, expected):
    assert matching(filled, interview_filter) == expected


def test_choices_list_what_the_data_holds(filled):
    with filled.cursor() as cursor:
        choices = filter_choices(cursor)
    assert choices.first_date == dt.date(2026, 3, 1)
    assert choices.last_date == dt.date(2026, 3, 25)
    assert choices.companies == ["Acme", "Globex", "O'Brien & Sons"]
    assert choices.rounds == ["Final", "First round"]


def test_an_empty_store_offers_no_choices(store):
    with store.cursor() as cursor:
        choices = filter_choices(cursor)
    assert choices.first_date is None
    assert choices.companies == []
