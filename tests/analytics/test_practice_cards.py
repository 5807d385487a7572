"""What a rehearsal shows, on a tiny history whose answers are known exactly; STAR parts; the counts and
the rule of what is due, held to debrief.practice's own."""

from __future__ import annotations

import datetime as dt

import pytest

from analytics import practice_cards
from analytics.practice_cards import card_answer, card_list, due_now, practice_overview, star_parts
from debrief import practice, practice_due, repository
from debrief.models import Question, Reflection
from debrief.store import NotFoundError
from tests.conftest import make_debrief

WASTE = "How would you cut the Harrogate depot food waste"
# An hour from now: the cards the history makes are due by then.
NOW = practice_due.utc_now() + dt.timedelta(hours=1)


@pytest.mark.parametrize(
    ("answer", "parts"),
    [
        ("S: late T: ship A: cut scope R: shipped", ["late", "ship", "cut scope", "shipped"]),
        ("Situation:\nlate\n\ntask: ship\nACTION : cut\nresult: shipped", ["late", "ship", "cut", "shipped"]),
        ("**S:** late\n**R:** shipped", ["late", None, None, "shipped"]),
        ("S: late\nT:\nR: shipped", ["late", None, None, "shipped"]),
    ],
)
def test_star_parts_are_read_tolerantly_and_absent_ones_left_out(answer, parts):
    expected = {name: part for name, part in zip(practice_cards.STAR_PARTS, parts, strict=True) if part}
    assert star_parts(answer) == expected
    assert list(star_parts(answer)) == list(expected)  # in STAR order


@pytest.mark.parametrize(
    "answer", ["Token bucket per key", "", "Result: shipped", "the metadata: ok, a data: b", "plan a: x"]
)
def test_an_answer_not_written_as_star_has_no_parts(answer):
    assert star_parts(answer) == {}


@pytest.fixture
def history(store):
    """Acme (1 Mar) and Globex (9 Mar) asked the same question, rated 1 then 2; Globex's better answer is
    written as STAR; Rambling came up at both, with a next-time line each."""
    for company, day, rating, better, note, line in (
        ("Acme", 1, 1, "Weigh it", "Froze", "Two minutes, then stop"),
        ("Globex", 9, 2, "S: 8% waste. A: weighed per aisle. R: 3%.", "", "Lead with the result"),
    ):
        repository.insert_debrief(
            store,
            make_debrief(
                company,
                round="Final",
                interview_date=dt.date(2026, 3, day),
                mistakes=[Reflection(category="Rambling", what_happened=f"Long intro {day}", next_time=line)],
                questions=[
                    Question(
                        text=WASTE,
                        category="Situational",
                        answer_rating=rating,
                        off_guard=day == 9,
                        notes=note,
                        better_answer=better,
                    )
                ],
            ),
        )
    with store.cursor() as cursor:
        cards = dict(cursor.execute("SELECT kind, id FROM practice_cards").fetchall())
    return store, cards


def test_a_question_card_shows_the_ways_it_was_asked_the_best_answer_notes_and_ratings(history):
    store, cards = history
    with store.cursor() as cursor:
        answer = card_answer(cursor, cards["question"])
    assert (answer.kind, answer.prompt, answer.wording, answer.category) == (
        "question",
        WASTE,
        WASTE,
        "Situational",
    )
    assert (answer.times_asked, answer.times_off_guard) == (2, 1)
    assert list(answer.asked["company"]) == ["Globex", "Acme"]
    assert answer.best_answer == "S: 8% waste. A: weighed per aisle. R: 3%."
    assert (answer.best_answer_from, answer.best_answer_source) == ("debrief", "Globex, 09 Mar 2026")
    assert answer.star == {"Situation": "8% waste.", "Action": "weighed per aisle.", "Result": "3%."}
    assert list(answer.notes["notes"]) == ["Froze"]
    assert [tuple(row) for row in answer.ratings[["company", "rating"]].itertuples(index=False)] == [
        ("Globex", 2),
        ("Acme", 1),
    ]
    practice.set_answer(store, cards["question"], "Weigh, then fix the worst three")
    with store.cursor() as cursor:
        kept = card_answer(cursor, cards["question"])
    assert (kept.best_answer, kept.best_answer_from, kept.star) == (
        "Weigh, then fix the worst three",
        "practice",
        {},
    )


def test_a_mistake_card_is_answered_by_your_next_time_lines(history):
    store, cards = history
    with store.cursor() as cursor:
        answer = card_answer(cursor, cards["mistake"])
    assert (answer.wording, answer.times_asked) == ("Rambling", 2)
    assert answer.next_time == ("Lead with the result", "Two minutes, then stop")
    assert answer.best_answer == "Lead with the result\nTwo minutes, then stop"
    assert list(answer.stories["what_happened"]) == ["Long intro 9", "Long intro 1"]


def test_an_own_card_and_a_card_gone(store):
    card_id = practice.add_own_card(store, "Why us?", "S: a T: b")
    with store.cursor() as cursor:
        answer = card_answer(cursor, card_id)
        assert (answer.best_answer, answer.best_answer_from, answer.star) == (
            "S: a T: b",
            "practice",
            {"Situation": "a", "Task": "b"},
        )
        with pytest.raises(NotFoundError):
            card_answer(cursor, card_id + 1)


def test_the_overview_counts_due_cards_statuses_and_this_weeks_ratings(history):
    store, cards = history
    own = practice.add_own_card(store, "Why us?", now=NOW)
    suspended = practice.add_own_card(store, "Salary?", now=NOW)
    practice.set_status(store, suspended, "suspended")
    practice.rate(store, cards["question"], "Good", now=NOW)  # due in 10 minutes
    practice.rate(store, own, "Easy", now=NOW)  # due in over a week
    with store.cursor() as cursor:
        overview = practice_overview(cursor, NOW)
        listed = card_list(cursor)
    assert (overview.due_now, overview.due_this_week) == (1, 1)  # the mistake; the question
    assert overview.next_due == NOW + dt.timedelta(minutes=10)
    assert (overview.active, overview.suspended, overview.retired, overview.cards) == (3, 1, 0, 4)
    assert (overview.reviews_this_week, overview.ratings_this_week) == (2, {3: 1, 4: 1})
    assert listed.total == 4
    assert list(listed.rows["status"]) == ["active", "active", "active", "suspended"]
    assert listed.rows.set_index("id").loc[own, "last_rating"] == 4


def test_the_page_counts_what_is_due_as_the_scheduler_does(history):
    store, cards = history
    practice.cram_for_interview(store, [("x", "X?")], NOW + dt.timedelta(days=2), now=NOW)
    practice.rate(store, cards["mistake"], "Good", now=NOW)
    for moment in (NOW, NOW + dt.timedelta(minutes=11), NOW + dt.timedelta(days=3)):
        with store.cursor() as cursor:
            assert due_now(cursor, moment) == practice_due.due_count(cursor, moment)
            assert practice_overview(cursor, moment).due_now == practice_due.due_count(cursor, moment)
