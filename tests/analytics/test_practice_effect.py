"""Does practice work? The two comparisons and the mistake lifecycle on a tiny history with known answers.

#  date        "Tell me about yourself"  mistakes                           reviews before the next one
1  2026-01-01  rated 2                   Rambling, Small talk               Rambling (Jan 1), Q (Jan 5)
2  2026-01-10  rated 3 (practised)       Rambling, Small talk, Salary       Salary (Jan 15)
3  2026-01-20  rated 4                   Nerves                             Q (Jan 20: the day of 3)
4  2026-01-30  rated 3 (practised)       Rambling                           Rambling (Feb 1)
5  2026-02-10  rated 5                   Rambling                           Q (Feb 15)
6  2026-02-20  rated 2 (practised)       Salary                             Salary (Feb 20)

Interviews 2 and 3 also ask "Design a rate limiter", unrated: left out. Nerves is noted once (not
recurring); its card is retired.

Questions asked before: practised 2, 4, 6 (3, 3, 2: mean 8/3); not practised 3, 5 (4, 5: mean 4.5).
Recurring mistakes with a next interview: rehearsed Rambling@1 (recurred), Salary@2 (not), Rambling@4
(recurred); not rehearsed Small talk@1 (recurred), Rambling@2, Small talk@2, Rambling@5 (not).
"""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from analytics.charts import make_practice_effect_figure
from analytics.filters import InterviewFilter
from analytics.practice_effect import (
    MIN_SAMPLE,
    NOT_PRACTISED,
    NOT_REHEARSED,
    PRACTISED,
    REHEARSED,
    PracticeEffect,
    mistake_lifecycle,
    practice_effect,
)
from debrief import repository
from debrief.models import Question, Reflection
from tests.analytics.conftest import records, run
from tests.analytics.test_charts import values
from tests.conftest import group_of, make_debrief

Q, UNRATED = "Tell me about yourself", "Design a rate limiter"
HISTORY = [
    (dt.date(2026, 1, 1), 2, ["Rambling", "Small talk"]),
    (dt.date(2026, 1, 10), 3, ["Rambling", "Small talk", "Salary misstep"]),
    (dt.date(2026, 1, 20), 4, ["Nerves"]),
    (dt.date(2026, 1, 30), 3, ["Rambling"]),
    (dt.date(2026, 2, 10), 5, ["Rambling"]),
    (dt.date(2026, 2, 20), 2, ["Salary misstep"]),
]
REVIEWS = [
    ("mistake", "Rambling", dt.datetime(2026, 1, 1, 18)),
    ("question", Q, dt.datetime(2026, 1, 5, 12)),
    ("mistake", "Salary misstep", dt.datetime(2026, 1, 15, 12)),
    ("question", Q, dt.datetime(2026, 1, 20, 8)),
    ("mistake", "Rambling", dt.datetime(2026, 2, 1, 12)),
    ("question", Q, dt.datetime(2026, 2, 15, 12)),
    ("mistake", "Salary misstep", dt.datetime(2026, 2, 20, 20)),
]


def _card(cursor, kind: str, subject: str) -> int:
    """The card of a subject, made if the saves did not make it."""
    found = cursor.execute(
        "SELECT id FROM practice_cards WHERE kind = ? AND subject = ?", [kind, subject]
    ).fetchall()
    if found:
        return found[0][0]
    return cursor.execute(
        "INSERT INTO practice_cards (kind, subject, prompt, created_at, due) "
        "VALUES (?, ?, ?, TIMESTAMP '2026-01-01', TIMESTAMP '2026-01-01') RETURNING id",
        [kind, subject, subject],
    ).fetchall()[0][0]


def _review(store, kind: str, subject: str, when: dt.datetime) -> None:
    key = group_of(store)[subject] if kind == "question" else subject
    with store.transaction() as cursor:
        card_id = _card(cursor, kind, key)
        cursor.execute(
            "INSERT INTO practice_reviews (card_id, rating, reviewed_at) VALUES (?, 3, ?)", [card_id, when]
        )


@pytest.fixture
def history(store):
    for number, (day, rating, mistakes) in enumerate(HISTORY, start=1):
        questions = [Question(text=Q, category="Behavioural", answer_rating=rating)]
        if number in (2, 3):
            questions.append(Question(text=UNRATED, category="Technical"))
        debrief = make_debrief(
            f"Company {number}",
            interview_date=day,
            mistakes=[Reflection(category=category) for category in mistakes],
            strengths=[],
            questions=questions,
        )
        repository.insert_debrief(store, debrief)
    for kind, subject, when in REVIEWS:
        _review(store, kind, subject, when)
    with store.transaction() as cursor:
        cursor.execute(
            "UPDATE practice_cards SET status = 'retired' WHERE id = ?", [_card(cursor, "mistake", "Nerves")]
        )
    return store


def test_practised_questions_against_not_practised(history):
    effect = run(history, practice_effect, InterviewFilter())
    assert records(effect.questions, "group", "occurrences") == [(PRACTISED, 3), (NOT_PRACTISED, 2)]
    assert effect.questions["average_rating"].tolist() == pytest.approx([8 / 3, 4.5])
    behind = effect.question_occurrences
    assert behind["interview_date"].dt.date.tolist() == [day for day, _, _ in HISTORY[:0:-1]]
    assert behind["practised"].tolist() == [True, False, True, False, True]
    assert behind["answer_rating"].tolist() == [2, 5, 3, 4, 3]
    assert behind["previously_asked"].dt.date.tolist() == [day for day, _, _ in HISTORY[-2::-1]]
    # The review on the day of interview 3 counts for the next interval, not for interview 3.
    practised_on = behind["practised_on"].dt.date.tolist()
    assert practised_on[3] is pd.NaT or pd.isna(practised_on[3])
    assert practised_on[2] == dt.date(2026, 1, 20)
    assert set(behind["question"]) == {Q}


def test_rehearsed_mistakes_against_not_rehearsed(history):
    effect = run(history, practice_effect, InterviewFilter())
    assert records(effect.mistakes, "group", "occurrences", "recurred") == [
        (REHEARSED, 3, 2),
        (NOT_REHEARSED, 4, 1),
    ]
    assert effect.mistakes["share_recurred"].tolist() == pytest.approx([2 / 3, 1 / 4])
    behind = effect.mistake_occurrences
    assert sorted(records(behind, "category", "rehearsed", "recurred")) == sorted(
        [
            ("Rambling", False, False),  # at 5
            ("Rambling", True, True),  # at 4
            ("Rambling", False, False),  # at 2
            ("Salary misstep", True, False),  # at 2
            ("Small talk", False, False),  # at 2
            ("Rambling", True, True),  # at 1
            ("Small talk", False, True),  # at 1
        ]
    )
    assert effect.reviews == len(REVIEWS)


def test_the_filter_chooses_the_occurrences_and_history_stays_whole(history):
    effect = run(history, practice_effect, InterviewFilter(start=dt.date(2026, 1, 25)))
    # Questions at 4, 5, 6 (each asked before, at interviews the filter leaves out for 4).
    assert records(effect.questions, "group", "occurrences") == [(PRACTISED, 2), (NOT_PRACTISED, 1)]
    assert effect.questions["average_rating"].tolist() == pytest.approx([2.5, 5.0])
    # Mistakes at 4 and 5 (6 has no next interview).
    assert records(effect.mistakes, "group", "occurrences", "recurred") == [
        (REHEARSED, 1, 1),
        (NOT_REHEARSED, 1, 0),
    ]


def test_too_little_data_is_said_plainly_with_the_counts(history):
    effect = run(history, practice_effect, InterviewFilter())
    assert not effect.questions_enough
    assert not effect.mistakes_enough
    assert effect.questions_in_words() == (
        "Too little data to conclude: 3 practised and 2 not practised so far (at least 5 of each needed)."
    )
    assert effect.mistakes_in_words() == (
        "Too little data to conclude: 3 rehearsed and 4 not rehearsed so far (at least 5 of each needed)."
    )


def test_enough_on_both_sides_gives_the_figures():
    effect = PracticeEffect(
        questions=pd.DataFrame(
            {
                "group": [PRACTISED, NOT_PRACTISED],
                "occurrences": [MIN_SAMPLE, 12],
                "average_rating": [3.8, 3.1],
            }
        ),
        mistakes=pd.DataFrame(
            {
                "group": [REHEARSED, NOT_REHEARSED],
                "occurrences": [MIN_SAMPLE, MIN_SAMPLE - 1],
                "recurred": [1, 2],
                "share_recurred": [0.2, 0.5],
            }
        ),
        question_occurrences=pd.DataFrame(),
        mistake_occurrences=pd.DataFrame(),
        reviews=9,
    )
    assert effect.questions_enough
    assert effect.questions_in_words() == (
        "Questions you practised since they were last asked were answered 3.8/5 on average in the next "
        "interview that asked them (5 answers), against 3.1/5 for those you did not practise (12 answers)."
    )
    assert not effect.mistakes_enough
    assert "5 rehearsed and 4 not rehearsed" in effect.mistakes_in_words()


def test_without_any_history_both_sides_are_empty(store):
    effect = run(store, practice_effect, InterviewFilter())
    assert records(effect.questions, "group", "occurrences") == [(PRACTISED, 0), (NOT_PRACTISED, 0)]
    assert records(effect.mistakes, "group", "occurrences", "recurred") == [
        (REHEARSED, 0, 0),
        (NOT_REHEARSED, 0, 0),
    ]
    assert effect.questions["average_rating"].isna().all()
    assert effect.reviews == 0
    assert effect.question_occurrences.empty
    assert effect.mistake_occurrences.empty


LIFECYCLE = [
    # category, stage, last happened, interviews since, last rehearsed, times noted
    ("Rambling", "open", dt.date(2026, 2, 10), 1, dt.date(2026, 2, 1), 4),
    ("Salary misstep", "rehearsed", dt.date(2026, 2, 20), 0, dt.date(2026, 2, 20), 2),
    ("Small talk", "not repeated", dt.date(2026, 1, 10), 4, None, 2),
    ("Nerves", "retired", dt.date(2026, 1, 20), 3, None, 1),
]


def _lifecycle_rows(frame):
    return [
        (
            row.category,
            row.stage,
            row.last_happened.date(),
            row.interviews_since,
            None if pd.isna(row.last_rehearsed) else row.last_rehearsed.date(),
            row.times_noted,
        )
        for row in frame.itertuples(index=False)
    ]


def test_each_recurring_mistake_has_its_stage(history):
    frame = run(history, mistake_lifecycle)
    assert _lifecycle_rows(frame) == LIFECYCLE


def test_not_repeated_counts_the_interviews_chosen(history):
    frame = run(history, mistake_lifecycle, not_repeated_after=5)
    stages = dict(zip(frame["category"], frame["stage"], strict=True))
    assert stages == {
        "Salary misstep": "rehearsed",
        "Rambling": "open",
        "Small talk": "open",
        "Nerves": "retired",
    }
    frame = run(history, mistake_lifecycle, not_repeated_after=1)
    stages = dict(zip(frame["category"], frame["stage"], strict=True))
    assert stages["Rambling"] == "not repeated"
    assert stages["Salary misstep"] == "rehearsed"


def test_not_repeated_after_must_be_one_or_more(history):
    with pytest.raises(ValueError, match="at least one"):
        run(history, mistake_lifecycle, not_repeated_after=0)


def test_the_figure_shows_both_comparisons_on_full_scales_with_counts_in_the_hover(history):
    effect = run(history, practice_effect, InterviewFilter())
    figure = json.loads(make_practice_effect_figure(effect).to_json())
    layout = figure["layout"]
    assert layout["title"]["text"] == "Does practice work? Practised against not practised"
    assert layout["yaxis"]["range"] == [0, 5]
    assert layout["yaxis2"]["range"] == [0, 100]
    questions, mistakes = figure["data"]
    assert questions["x"] == [PRACTISED, NOT_PRACTISED]
    assert values(questions["y"]) == pytest.approx([8 / 3, 4.5])
    assert values(mistakes["y"]) == pytest.approx([200 / 3, 25])
    assert "%{customdata[0]:,} answers" in questions["hovertemplate"]
    assert "%{customdata[0]:,} of %{customdata[1]:,}" in mistakes["hovertemplate"]
    assert layout["paper_bgcolor"] == "rgba(0,0,0,0)"
