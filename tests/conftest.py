from __future__ import annotations

import datetime as dt

import pytest

from debrief.models import Debrief, InterviewerEvaluation, Question, Reflection
from debrief.store import Store


@pytest.fixture
def store(tmp_path):
    opened = Store(tmp_path / "debriefs.duckdb")
    yield opened
    opened.close()


def make_debrief(company: str = "Acme", **changes) -> Debrief:
    """A complete debrief: two mistakes, one strength, two questions, an evaluation."""
    values = {
        "company": company,
        "role": "Backend engineer",
        "interview_date": dt.date(2026, 11, 20),
        "round": "First round",
        "format": "Video call",
        "outcome": "Waiting",
        "notes": "Panel of two",
        "mistakes": [
            Reflection(category="Rambling", what_happened="Long intro", severity=3, next_time="Two minutes"),
            Reflection(category="Salary misstep", what_happened="Named a number", severity=2),
        ],
        "strengths": [Reflection(category="Rapport", what_happened="Shared a laugh", severity=1)],
        "evaluation": InterviewerEvaluation(
            professionalism=2, awkward_pauses=True, in_my_control=30, notes="Late and distracted"
        ),
        "questions": [
            Question(text="Tell me about yourself", category="Behavioural", answer_rating=2, off_guard=False),
            Question(
                text="Design a rate limiter",
                category="Technical",
                answer_rating=4,
                off_guard=True,
                better_answer="Token bucket",
            ),
        ],
    }
    values.update(changes)
    return Debrief(**values)
