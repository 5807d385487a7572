"""Practice: the empty states, a due card rehearsed (Show answer, then a rating FSRS schedules), a typed
answer kept as the best one, cards added, suspended, retired and brought back, and Home's due line."""

from __future__ import annotations

import datetime as dt

from debrief import practice, practice_due, repository
from debrief.models import Question, Reflection
from debrief.store import Store
from tests.conftest import (
    add_debriefs,
    assert_no_exception,
    demo_database,
    make_debrief,
    open_page,
    shown_text,
)
from ui.setup import _open_store

PRACTICE = "pages/9_Practice.py"
WASTE = "How would you cut the Harrogate depot food waste"
STAR = "S: Waste was 8% of stock.\nT: Halve it.\naction: Weighed it per aisle.\nR: Down to 3% in a quarter."


def _history(store: Store) -> int:
    """One debrief with one question answered badly, with a STAR-shaped better answer and a note; the id
    of the card it makes."""
    repository.insert_debrief(
        store,
        make_debrief(
            "Acme",
            round="Final",
            interview_date=dt.date(2026, 3, 5),
            mistakes=[],
            questions=[
                Question(
                    text=WASTE,
                    category="Situational",
                    answer_rating=1,
                    notes="Froze on the numbers",
                    better_answer=STAR,
                )
            ],
        ),
    )
    with store.cursor() as cursor:
        [(card_id,)] = cursor.execute("SELECT max(id) FROM practice_cards").fetchall()  # the newest
    return card_id


def _markdown(app) -> str:
    return "\n".join(shown_text(markdown.value) for markdown in app.markdown)


def _captions(app) -> str:
    return "\n".join(shown_text(caption.value) for caption in app.caption)


def test_with_no_cards_the_page_says_what_makes_them(database):
    app = open_page(PRACTICE)
    assert_no_exception(app)
    assert "No practice cards yet" in app.info[0].value
    assert "rated 2 or lower" in app.info[0].value
    assert app.text_area(key="practice.add.prompt")


def test_a_due_card_shows_its_prompt_then_its_answer_and_star_parts(database):
    card_id = _history(Store(database))
    app = open_page(PRACTICE)
    assert_no_exception(app)
    assert [metric.value for metric in app.metric][:2] == ["1", "0"]
    assert f"#### {WASTE}" in _markdown(app)
    assert "Asked at Acme, Final on 05 Mar 2026." in _captions(app)
    assert "S shows the answer" in _captions(app)
    assert "Weighed it per aisle" not in _markdown(app)  # not before Show answer
    assert not [button for button in app.button if button.label == "Good"]
    app.button(key="practice.show").click().run()
    assert_no_exception(app)
    shown = _markdown(app)
    for part in ("**Situation:** Waste was 8% of stock.", "**Task:** Halve it.", "**Result:** Down to 3%"):
        assert part in shown
    assert "Froze on the numbers (Acme, 05 Mar 2026)" in shown
    assert "From your debrief at Acme, 05 Mar 2026." in _captions(app)
    assert "1/5 at Acme on 05 Mar 2026" in _captions(app)
    assert [button.label for button in app.button if button.key.startswith("practice.rate.")] == [
        "Again",
        "Hard",
        "Good",
        "Easy",
    ]
    assert app.button(key="practice.rate.Good").proto.shortcut == "3"
    assert card_id


def test_good_reschedules_the_card_and_logs_the_rating(database):
    store = Store(database)
    card_id = _history(store)
    app = open_page(PRACTICE)
    app.text_area(key=f"practice.typed.{card_id}").input("Weigh it, then fix the worst aisles").run()
    app.button(key="practice.show").click().run()
    app.button(key="practice.rate.Good").click().run()
    assert_no_exception(app)
    assert shown_text(app.success[0].value) == "Good: next due in 10 minutes."
    assert "Nothing to practise right now. The next card falls due in 10 minutes" in shown_text(
        app.success[1].value
    )
    with store.cursor() as cursor:
        due, last_review = cursor.execute(
            "SELECT due, last_review FROM practice_cards WHERE id = ?", [card_id]
        ).fetchall()[0]
        reviews = cursor.execute("SELECT card_id, rating, typed_answer FROM practice_reviews").fetchall()
    assert due > practice_due.utc_now() > last_review
    assert reviews == [(card_id, 3, "Weigh it, then fix the worst aisles")]
    with store.cursor() as cursor:
        assert practice_due.due_count(cursor) == 0


def test_a_typed_answer_becomes_the_best_answer(database):
    store = Store(database)
    card_id = _history(store)
    app = open_page(PRACTICE)
    assert not [button for button in app.button if button.key == f"practice.keep.{card_id}"]
    app.text_area(key=f"practice.typed.{card_id}").input("Situation: late. Result: shipped.").run()
    app.button(key=f"practice.keep.{card_id}").click().run()
    assert_no_exception(app)
    assert "is now this card's best answer" in shown_text(app.success[0].value)
    with store.cursor() as cursor:
        assert cursor.execute("SELECT answer FROM practice_cards").fetchall() == [
            ("Situation: late. Result: shipped.",)
        ]
    app.button(key="practice.show").click().run()
    assert "**Situation:** late." in _markdown(app)
    assert "Typed in practice." in _captions(app)


def test_cards_can_be_added_suspended_retired_and_brought_back(database):
    store = Store(database)
    app = open_page(PRACTICE)
    app.text_area(key="practice.add.prompt").input("Why this company?")
    app.text_area(key="practice.add.answer").input("Their depot network")
    app.button(key="practice.add.save").click().run()
    assert_no_exception(app)
    assert "Added the card" in shown_text(app.success[0].value)
    assert "#### Why this company?" in _markdown(app)
    assert app.selectbox(key="practice.chosen").options == ["Why this company? · active"]
    with store.cursor() as cursor:
        [(card_id,)] = cursor.execute("SELECT id FROM practice_cards").fetchall()
    app.selectbox(key="practice.chosen").select(card_id).run()
    app.button(key="practice.status.suspended").click().run()
    assert_no_exception(app)
    assert "Suspended: Why this company?" in shown_text(app.success[0].value)
    assert "Nothing to practise right now. No active card is waiting" in shown_text(app.success[1].value)
    app.selectbox(key="practice.chosen").select(card_id).run()
    app.button(key="practice.status.retired").click().run()
    app.selectbox(key="practice.chosen").select(card_id).run()
    app.button(key="practice.status.active").click().run()
    assert_no_exception(app)
    with store.cursor() as cursor:
        assert cursor.execute("SELECT status FROM practice_cards").fetchall() == [("active",)]
    assert "#### Why this company?" in _markdown(app)


def test_an_empty_prompt_is_refused_in_place(database):
    app = open_page(PRACTICE)
    app.button(key="practice.add.save").click().run()
    assert "Type what the card should ask." in shown_text(app.error[0].value)


def test_home_says_how_many_cards_are_due_and_links_to_practice(database):
    store = Store(database)
    add_debriefs(store, "Globex")
    _history(store)
    app = open_page()
    assert_no_exception(app)
    assert "3 practice cards due" in _markdown(app)
    links = [(link.proto.page, link.proto.label) for link in app.get("page_link")]
    assert ("Practice", "Practise now") in links


def test_opening_practice_on_demo_data_writes_nothing(database):
    demo_database(database, 60, seed=11)
    store = Store(database)
    with store.transaction() as cursor:
        practice.start_missing_cards(cursor)  # until the demo makes its own
    store.close()
    app = open_page(PRACTICE)
    assert_no_exception(app)
    app.button(key="practice.show").click().run()
    app.run()
    assert_no_exception(app)
    assert _open_store(str(database)).writes == 0


def test_a_recurring_mistake_is_answered_with_your_own_next_time_lines(database):
    store = Store(database)
    for day, line in ((1, "Two minutes, then stop"), (9, "Lead with the result")):
        repository.insert_debrief(
            store,
            make_debrief(
                "Acme",
                interview_date=dt.date(2026, 3, day),
                questions=[],
                mistakes=[Reflection(category="Rambling", what_happened=f"Long intro {day}", next_time=line)],
            ),
        )
    app = open_page(PRACTICE)
    assert "#### Rambling" in _markdown(app)
    app.button(key="practice.show").click().run()
    shown = _markdown(app)
    assert "- Lead with the result\n- Two minutes, then stop" in shown
    assert "Long intro 9 (Acme, 09 Mar 2026)" in shown


def test_the_timer_counts_against_two_minutes_once_started(database):
    card_id = _history(Store(database))
    app = open_page(PRACTICE)
    assert not app.get("progress")
    app.button(key="practice.timer.start").click().run()
    assert_no_exception(app)
    [bar] = app.get("progress")
    assert bar.proto.text.endswith("of 2:00")
    app.button(key="practice.timer.stop").click().run()
    assert not app.get("progress")
    assert card_id
