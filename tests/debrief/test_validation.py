"""Validation: every bad field gets a message naming it as the form does, and nothing is saved."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from debrief import repository
from debrief.capture import blank_form, debrief_from_form
from debrief.models import MAX_TEXT_LENGTH, describe_errors


def filled_form(**changes) -> dict:
    form = blank_form(dt.date(2026, 11, 20))
    form.update(company="Acme", role="Backend engineer")
    form.update(changes)
    return form


def messages_for(form: dict) -> list[str]:
    with pytest.raises(ValidationError) as raised:
        debrief_from_form(form)
    return describe_errors(raised.value)


def evaluation(**changes) -> dict:
    return {**blank_form(dt.date(2026, 1, 1))["evaluation"], **changes}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"company": ""}, "Company: required."),
        ({"company": "   "}, "Company: required."),
        ({"interview_date": None}, "Interview date: required."),
        ({"interview_date": "26/11/2026"}, "Interview date: not a date (use YYYY-MM-DD)."),
        ({"role": "r" * 201}, "Role: too long: at most 200 characters."),
        ({"notes": "n" * (MAX_TEXT_LENGTH + 1)}, "Notes: too long: at most 20,000 characters."),
        (
            {"mistakes": [{"category": None, "what_happened": "Rambled"}]},
            "Mistakes, row 1, Category: required.",
        ),
        (
            {"mistakes": [{"category": "Rambling", "what_happened": "x" * (MAX_TEXT_LENGTH + 1)}]},
            "Mistakes, row 1, What happened: too long: at most 20,000 characters.",
        ),
        (
            {"strengths": [{"category": "Rapport"}, {"category": "Rapport", "severity": 4}]},
            "Strengths, row 2, Severity: must be at most 3.",
        ),
        (
            {"questions": [{"text": None, "category": "Technical", "answer_rating": 3}]},
            "Questions, row 1, Question: required.",
        ),
        (
            {"questions": [{"text": "Why us?", "category": "Gossip"}]},
            "Questions, row 1, Category: choose one of: Behavioural, Technical, Situational, Culture fit, "
            "Motivation, Salary/logistics.",
        ),
        (
            {"questions": [{"text": "Why us?", "category": "Motivation", "answer_rating": 0}]},
            "Questions, row 1, How well I answered: must be at least 1.",
        ),
        ({"evaluation": evaluation(professionalism=6)}, "Interviewer, Professionalism: must be at most 5."),
        (
            {"evaluation": evaluation(in_my_control=-10)},
            "Interviewer, Share in my control: must be at least 0.",
        ),
    ],
)
def test_each_bad_field_gets_its_own_message(changes, message):
    assert messages_for(filled_form(**changes)) == [message]


def test_all_problems_are_reported_at_once():
    form = filled_form(company="", interview_date=None, evaluation=evaluation(professionalism=9))
    assert messages_for(form) == [
        "Company: required.",
        "Interview date: required.",
        "Interviewer, Professionalism: must be at most 5.",
    ]


def test_rows_left_blank_in_the_table_are_ignored():
    form = filled_form(
        mistakes=[{"category": None, "what_happened": "", "severity": 2, "next_time": None}],
        questions=[{"text": "  ", "category": None, "answer_rating": None, "off_guard": False}],
    )
    debrief = debrief_from_form(form)
    assert debrief.mistakes == []
    assert debrief.questions == []


def test_text_at_the_limit_is_accepted_whole():
    text = "é" * MAX_TEXT_LENGTH
    debrief = debrief_from_form(filled_form(notes=text))
    assert debrief.notes == text


free_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=150)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(company=free_text.filter(str.strip), happened=free_text, question=free_text)
def test_any_text_typed_into_the_form_is_stored_as_typed(store, company, happened, question):
    form = filled_form(
        company=company,
        mistakes=[{"category": "Rambling", "what_happened": happened, "severity": 2, "next_time": happened}],
        questions=[
            {"text": question if question.strip() else "?", "category": "Technical", "answer_rating": 2}
        ],
    )
    debrief = debrief_from_form(form)
    saved = repository.insert_debrief(store, debrief)
    assert repository.get_debrief(store, saved.id) == saved
    # Only surrounding white space is trimmed.
    assert company.strip() == saved.company.strip()
    assert saved.company in company
