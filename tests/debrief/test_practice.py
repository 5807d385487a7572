"""Practice cards: which the history makes, FSRS scheduling through py-fsrs, what is due and crammed,
the demo's rehearsals."""

from __future__ import annotations

import datetime as dt

import pytest

from debrief import practice, practice_due, repository, upkeep
from debrief.demo import DemoSize, generate_demo, load_demo
from debrief.models import Question, Reflection
from debrief.store import NotFoundError, Store
from tests.conftest import make_debrief

NOW = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)
RAMBLING = Reflection(category="Rambling", what_happened="Long intro", next_time="Two minutes")


def _asked(text: str, rating: int | None = 4, off_guard: bool = False) -> Question:
    return Question(text=text, category="Behavioural", answer_rating=rating, off_guard=off_guard)


def _cards(store: Store) -> dict[tuple[str, str], dict]:
    with store.cursor() as cursor:
        rows = cursor.execute(
            "SELECT id, kind, subject, prompt, status, due, last_review FROM practice_cards ORDER BY id"
        ).fetchall()
    return {
        (kind, subject): {"id": card_id, "prompt": prompt, "status": status, "due": due, "last": last}
        for card_id, kind, subject, prompt, status, due, last in rows
    }


def test_the_history_makes_cards_for_bad_surprising_and_frequent_questions_and_recurring_mistakes(store):
    def save(company: str, questions: list[Question], mistakes=()) -> None:
        repository.insert_debrief(store, make_debrief(company, questions=questions, mistakes=list(mistakes)))

    save("A", [_asked("Why do you want to leave?", rating=2)], [RAMBLING])
    save("B", [_asked("How would you cut the Harrogate depot food waste", off_guard=True)])
    save("C", [_asked("Tell me about yourself")])
    assert sorted(card["prompt"] for card in _cards(store).values()) == [
        "How would you cut the Harrogate depot food waste",
        "Why are you leaving your current job?",
    ]
    save("D", [_asked("Tell me about yourself")], [RAMBLING])
    save("E", [_asked("tell me abt urself")])
    cards = _cards(store)
    assert ("mistake", "Rambling") in cards, "a mistake made in two interviews"
    assert any(prompt == "Tell me about yourself" for prompt in (card["prompt"] for card in cards.values()))
    assert len([key for key in cards if key[0] == "question"]) == 3
    # A retired card stays retired: the history does not make it again.
    practice.set_status(store, cards[("mistake", "Rambling")]["id"], "retired")
    save("F", [], [RAMBLING])
    assert _cards(store)[("mistake", "Rambling")]["status"] == "retired"


def test_a_good_on_a_new_card_is_due_later_than_an_again_as_fsrs_documents(store):
    first = practice.add_own_card(store, "Why this company?", "Their data platform", now=NOW)
    second = practice.add_own_card(store, "Walk me through your CV", now=NOW)
    again = practice.rate(store, first, "Again", now=NOW)
    good = practice.rate(store, second, "Good", now=NOW)
    assert again.due < good.due
    assert again.due - NOW.replace(tzinfo=None) == dt.timedelta(minutes=1)  # py-fsrs's first learning step
    easy = practice.rate(store, second, "Easy", now=NOW + dt.timedelta(minutes=10))
    assert easy.due - (NOW + dt.timedelta(minutes=10)).replace(tzinfo=None) >= dt.timedelta(days=1)
    with store.cursor() as cursor:
        logged = cursor.execute("SELECT card_id, rating FROM practice_reviews ORDER BY id").fetchall()
    assert logged == [(first, 1), (second, 3), (second, 4)]
    with pytest.raises(ValueError, match="choose one of"):
        practice.rate(store, first, "Perfect", now=NOW)
    with pytest.raises(NotFoundError):
        practice.rate(store, 999, "Good", now=NOW)


def test_a_rating_is_one_transaction(store, monkeypatch):
    card = practice.add_own_card(store, "Why this company?", now=NOW)

    class Broken:
        def review_card(self, *_args, **_kwargs):
            raise RuntimeError("power cut")

    monkeypatch.setattr(practice, "SCHEDULER", Broken())
    with pytest.raises(RuntimeError):
        practice.rate(store, card, "Good", now=NOW)
    with store.cursor() as cursor:
        assert cursor.execute("SELECT count(*) FROM practice_reviews").fetchone() == (0,)
        assert cursor.execute("SELECT last_review FROM practice_cards").fetchone() == (None,)


def test_due_cards_leave_out_suspended_ones_and_cram_before_an_interview(store):
    now = NOW.replace(tzinfo=None)
    card = practice.add_own_card(store, "Why this company?", now=NOW)
    other = practice.add_own_card(store, "Salary expectations?", now=NOW)
    with store.cursor() as cursor:
        assert practice_due.due_count(cursor, NOW) == 2
    practice.set_status(store, other, "suspended")
    practice.rate(store, card, "Easy", now=NOW)
    with store.cursor() as cursor:
        assert practice_due.due_count(cursor, NOW) == 0
    # An interview in three days whose brief expects the question: due every day until then.
    practice.cram_for_interview(
        store, [("bank:why-us", "Why do you want to work for us?")], now + dt.timedelta(days=3), NOW
    )
    tomorrow = NOW + dt.timedelta(days=1)
    with store.cursor() as cursor:
        due = practice_due.due_cards(cursor, tomorrow)
    assert list(due["prompt"]) == ["Why do you want to work for us?"]
    crammed = int(due["id"][0])
    practice.rate(store, crammed, "Easy", now=tomorrow)
    with store.cursor() as cursor:
        assert practice_due.due_count(cursor, tomorrow + dt.timedelta(hours=1)) == 0, "done for the day"
        assert practice_due.due_count(cursor, tomorrow + dt.timedelta(days=1)) == 1, "and again the next day"
        assert practice_due.due_count(cursor, NOW + dt.timedelta(days=4)) == 0, "not after the interview"


def test_an_older_database_gets_its_cards_when_it_opens(store):
    repository.insert_debrief(store, make_debrief("A", mistakes=[RAMBLING]))
    repository.insert_debrief(store, make_debrief("B", mistakes=[RAMBLING]))
    with store.transaction() as cursor:
        cursor.execute("DELETE FROM practice_cards")
    assert upkeep.pending(store)
    upkeep.bring_up_to_date(store, dt.date(2026, 12, 2))
    assert ("mistake", "Rambling") in _cards(store)
    assert not upkeep.pending(store)


def test_the_demo_rehearses_and_rehearsal_helps():
    demo = generate_demo(DemoSize(1500), seed=4, end_date=dt.date(2026, 12, 2))
    sessions = demo["practice_sessions"]
    assert set(sessions["kind"]) == {"question", "mistake"}
    assert sessions["reviewed_at"].is_monotonic_increasing
    assert "group" not in demo["questions"].columns
    store = Store(":memory:")
    load_demo(store, DemoSize(150), seed=4, end_date=dt.date(2026, 12, 2))
    with store.cursor() as cursor:
        reviews, cards = cursor.execute(
            "SELECT count(*), count(DISTINCT card_id) FROM practice_reviews"
        ).fetchone()
        replayed = cursor.execute(
            "SELECT count(*) FROM practice_cards WHERE last_review IS NOT NULL AND stability > 0"
        ).fetchone()[0]
    assert reviews > cards > 5
    assert replayed == cards, "every rehearsed card carries its FSRS state"
    store.close()
