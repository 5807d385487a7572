"""Six hand-built interviews whose pattern answers are known exactly.

#  company  date        round         outcome     mistakes                strengths
1  Acme     2026-01-05  First round   Rejected    Rambling ×2, Nerves     Rapport
2  Acme     2026-01-20  Final         Offer       Rambling                Rapport, Clear story
3  Globex   2026-02-10  First round   Next round  Salary misstep, Nerves  Clear story
4  Globex   2026-03-15  First round   Waiting     -                       Clear story, Technical depth
5  Initech  2026-03-20  Phone screen  Rejected    Rambling                -
6  Initech  2026-03-25  (none)        (none)      -                       Rapport

#  answer ratings  professionalism  in my control
1  2, 2            1                20
2  4, 5            5                80
3  3               5                60
4  1, 3            2                40
5  -               -                50
6  5               3                70
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analytics.filters import InterviewFilter
from debrief import repository
from debrief.models import InterviewerEvaluation, Question, Reflection
from tests.conftest import make_debrief

# DuckDB hands dates to pandas as timestamps.
JAN, FEB, MAR = pd.Timestamp("2026-01-01"), pd.Timestamp("2026-02-01"), pd.Timestamp("2026-03-01")
ACME = InterviewFilter(companies=("Acme",))


def interview(company, date, round_, outcome, mistakes, strengths, questions, professionalism, control):
    return make_debrief(
        company,
        interview_date=date,
        round=round_,
        outcome=outcome,
        mistakes=[
            Reflection(category=category, what_happened=f"{category} at {company}") for category in mistakes
        ],
        strengths=[Reflection(category=category) for category in strengths],
        questions=[
            Question(text=f"Question {n}", category=category, answer_rating=rating)
            for n, (category, rating) in enumerate(questions)
        ],
        evaluation=InterviewerEvaluation(professionalism=professionalism, in_my_control=control),
    )


SIX_INTERVIEWS = [
    interview(
        "Acme", dt.date(2026, 1, 5), "First round", "Rejected", ["Rambling", "Rambling", "Nerves"],
        ["Rapport"], [("Behavioural", 2), ("Technical", 2)], 1, 20,
    ),
    interview(
        "Acme", dt.date(2026, 1, 20), "Final", "Offer", ["Rambling"], ["Rapport", "Clear story"],
        [("Behavioural", 4), ("Behavioural", 5)], 5, 80,
    ),
    interview(
        "Globex", dt.date(2026, 2, 10), "First round", "Next round", ["Salary misstep", "Nerves"],
        ["Clear story"], [("Technical", 3)], 5, 60,
    ),
    interview(
        "Globex", dt.date(2026, 3, 15), "First round", "Waiting", [], ["Clear story", "Technical depth"],
        [("Behavioural", 1), ("Situational", 3)], 2, 40,
    ),
    interview("Initech", dt.date(2026, 3, 20), "Phone screen", "Rejected", ["Rambling"], [], [], None, 50),
    interview("Initech", dt.date(2026, 3, 25), "", "", [], ["Rapport"], [("Motivation", 5)], 3, 70),
]  # fmt: skip


@pytest.fixture
def six(store):
    """The store with the six interviews; `store.ids` are their ids in table order."""
    ids = [repository.insert_debrief(store, debrief).id for debrief in SIX_INTERVIEWS]
    store.ids = ids
    return store


def run(store, function, *arguments, **keywords):
    """`function(cursor, *arguments, **keywords)` with a cursor of the store."""
    with store.cursor() as cursor:
        return function(cursor, *arguments, **keywords)


def records(frame, *columns):
    """The frame's rows as tuples of the given columns, for exact comparison."""
    return [tuple(row) for row in frame[list(columns)].itertuples(index=False)]
