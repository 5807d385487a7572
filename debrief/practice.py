"""Practice cards and their spaced repetition: which cards exist, rating one, what is due.

Cards come from the user's history: question groups answered badly (rated 1 or 2), that caught the
user off guard, or asked in three interviews or more; mistakes made in two interviews or more. Saves,
imports, the demo loader and (for an older database) debrief.upkeep make the missing ones in their own
transaction, so reading a page never writes. The user adds cards of their own, suspends or retires any.
Questions a brief expects for an interview coming up are crammed: until it starts they fall due daily
(what is due: debrief.practice_due).

Scheduling is py-fsrs's (`fsrs.Scheduler`, without fuzzing, so the same ratings give the same days);
this module stores its Card as columns and never computes an interval itself. Times are naive UTC.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, get_args

import duckdb
import pandas as pd
from fsrs import Card, Rating, Scheduler, State

from debrief.matching.bank import BANK_PREFIX
from debrief.practice_due import utc_now
from debrief.store import NotFoundError, Store, first_row

CardKind = Literal["question", "mistake", "own"]
CardStatus = Literal["active", "suspended", "retired"]
STATUSES: tuple[CardStatus, ...] = get_args(CardStatus)
# The four ratings, as the buttons say them, in FSRS's order.
RATINGS: dict[str, Rating] = {
    "Again": Rating.Again,
    "Hard": Rating.Hard,
    "Good": Rating.Good,
    "Easy": Rating.Easy,
}
BADLY_RATED = 2  # a question answered this well or worse gets a card
OFTEN_ASKED = 3  # interviews asking a question before it gets a card
RECURRING = 2  # interviews a mistake came up in before it gets a card
MAX_PROMPT = 20_000
SCHEDULER = Scheduler(enable_fuzzing=False)


# --- Cards made from the history ---------------------------------------------------------------------

# The question groups that call for practice and have no card yet, with their usual wording; with
# $interview, only the groups that interview asked (a save looks at what it saved).
_QUESTION_CARDS = """
WITH asked AS (
    SELECT m.group_id, q.text, q.interview_id, q.answer_rating, q.off_guard
    FROM questions q JOIN question_text_groups m ON m.text = q.text
    WHERE $interview IS NULL OR m.group_id IN (
        SELECT mine.group_id FROM questions own JOIN question_text_groups mine ON mine.text = own.text
        WHERE own.interview_id = $interview
    )
), wanted AS (
    SELECT group_id, arg_min(text, struct_pack(length := length(text), text := text)) AS text
    FROM asked
    GROUP BY group_id
    HAVING min(answer_rating) <= $badly OR bool_or(off_guard) OR count(DISTINCT interview_id) >= $often
)
SELECT g.group_key,
       CASE WHEN starts_with(g.group_key, $bank_prefix) THEN g.canonical ELSE w.text END AS prompt
FROM wanted w JOIN question_groups g ON g.id = w.group_id
WHERE g.group_key NOT IN (SELECT subject FROM practice_cards WHERE kind = 'question')
"""
_MISTAKE_CARDS = """
SELECT category AS group_key, category AS prompt
FROM reflections WHERE kind = 'mistake' AND ($interview IS NULL OR category IN (
    SELECT category FROM reflections WHERE interview_id = $interview AND kind = 'mistake'
))
GROUP BY category HAVING count(DISTINCT interview_id) >= $recurring
  AND category NOT IN (SELECT subject FROM practice_cards WHERE kind = 'mistake')
"""


def _insert_cards(
    cursor: duckdb.DuckDBPyConnection, kind: CardKind, rows: Iterable[tuple[str, str]], now: dt.datetime
) -> int:
    values = [[kind, subject, prompt, now, now] for subject, prompt in rows]
    if values:
        cursor.executemany(
            "INSERT INTO practice_cards (kind, subject, prompt, created_at, due) VALUES (?, ?, ?, ?, ?)",
            values,
        )
    return len(values)


def start_missing_cards(
    cursor: duckdb.DuckDBPyConnection, now: dt.datetime | None = None, interview_id: int | None = None
) -> int:
    """Inside a save's transaction: a card for each question group and recurring mistake that calls
    for one and has none (whatever its status: a retired card stays retired); with `interview_id`,
    among those that interview asked or noted. Returns how many."""
    when = utc_now(now)
    questions, mistakes = _wanted_cards(cursor, interview_id)
    return _insert_cards(cursor, "question", questions, when) + _insert_cards(
        cursor, "mistake", mistakes, when
    )


def _wanted_cards(
    cursor: duckdb.DuckDBPyConnection, interview_id: int | None = None
) -> tuple[list[tuple], list[tuple]]:
    """The (subject, prompt) of the question cards and of the mistake cards the history calls for."""
    parameters = {"badly": BADLY_RATED, "often": OFTEN_ASKED, "bank_prefix": BANK_PREFIX}
    questions = cursor.execute(_QUESTION_CARDS, {**parameters, "interview": interview_id}).fetchall()
    mistakes = cursor.execute(_MISTAKE_CARDS, {"recurring": RECURRING, "interview": interview_id}).fetchall()
    return questions, mistakes


def missing_cards(cursor: duckdb.DuckDBPyConnection) -> int:
    """How many cards `start_missing_cards` would make (a read, for debrief.upkeep)."""
    questions, mistakes = _wanted_cards(cursor)
    return len(questions) + len(mistakes)


def add_own_card(store: Store, prompt: str, answer: str = "", now: dt.datetime | None = None) -> int:
    """A card of the user's own: what to be asked, and the answer to give."""
    prompt, answer = prompt.strip(), answer.strip()
    if not prompt:
        raise ValueError("Type what the card should ask.")
    if len(prompt) > MAX_PROMPT or len(answer) > MAX_PROMPT:
        raise ValueError(f"Too long: at most {MAX_PROMPT:,} characters.")
    when = utc_now(now)
    with store.transaction() as cursor:
        return first_row(
            cursor,
            "INSERT INTO practice_cards (kind, prompt, answer, created_at, due) VALUES ('own', ?, ?, ?, ?) "
            "RETURNING id",
            [prompt, answer, when, when],
        )[0]


def cram_for_interview(
    store: Store, expected: Iterable[tuple[str, str]], starts_at: dt.datetime, now: dt.datetime | None = None
) -> int:
    """The questions a brief expects (group key, wording) for an interview starting at `starts_at` (UTC):
    a card for each that has none, and every one of them crammed until then. Returns how many."""
    when = utc_now(now)
    expected = list(dict(expected).items())
    with store.transaction() as cursor:
        known = {
            subject
            for (subject,) in cursor.execute(
                "SELECT subject FROM practice_cards WHERE kind = 'question'"
            ).fetchall()
        }
        _insert_cards(cursor, "question", [row for row in expected if row[0] not in known], when)
        cursor.execute(
            "UPDATE practice_cards SET cram_until = ? WHERE kind = 'question' AND list_contains(?, subject)",
            [starts_at, [subject for subject, _ in expected]],
        )
    return len(expected)


def uncram(store: Store, until: dt.datetime) -> None:
    """The interview that started at `until` (UTC) was moved or removed: its cards stop being crammed."""
    with store.transaction() as cursor:
        cursor.execute("UPDATE practice_cards SET cram_until = NULL WHERE cram_until = ?", [until])


def _require_card(cursor: duckdb.DuckDBPyConnection, card_id: int) -> tuple:
    row = first_row(
        cursor,
        "SELECT fsrs_state, fsrs_step, stability, difficulty, due, last_review FROM practice_cards "
        "WHERE id = ?",
        [card_id],
    )
    if row is None:
        raise NotFoundError("This card is gone: it was removed in another tab or window.")
    return row


def set_status(store: Store, card_id: int, status: CardStatus) -> None:
    if status not in STATUSES:
        raise ValueError(f"choose one of: {', '.join(STATUSES)}")
    with store.transaction() as cursor:
        _require_card(cursor, card_id)
        cursor.execute("UPDATE practice_cards SET status = ? WHERE id = ?", [status, card_id])


def set_answer(store: Store, card_id: int, answer: str) -> None:
    """Make `answer` (typed in practice) the card's best answer."""
    answer = answer.strip()
    if not answer:
        raise ValueError("Type the answer first.")
    if len(answer) > MAX_PROMPT:
        raise ValueError(f"Too long: at most {MAX_PROMPT:,} characters.")
    with store.transaction() as cursor:
        _require_card(cursor, card_id)
        cursor.execute("UPDATE practice_cards SET answer = ? WHERE id = ?", [answer, card_id])


# --- Rating a card -----------------------------------------------------------------------------------


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    return None if moment is None else moment.replace(tzinfo=dt.UTC)


def fsrs_card(card_id: int, row: tuple) -> Card:
    """py-fsrs's Card from a card's stored columns."""
    state, step, stability, difficulty, due, last_review = row
    return Card(
        card_id=card_id,
        state=State(state),
        step=step,
        stability=stability,
        difficulty=difficulty,
        due=_aware(due),
        last_review=_aware(last_review),
    )


@dataclass(frozen=True)
class Rated:
    card_id: int
    rating: str
    due: dt.datetime  # naive UTC


def rate(
    store: Store, card_id: int, rating: str, now: dt.datetime | None = None, typed_answer: str = ""
) -> Rated:
    """Rate a rehearsal: FSRS schedules the card, and the rating is logged, in one transaction. A crammed
    card falls due again tomorrow at the latest, until its interview."""
    if rating not in RATINGS:
        raise ValueError(f"choose one of: {', '.join(RATINGS)}")
    when = utc_now(now)
    with store.transaction() as cursor:
        card = fsrs_card(card_id, _require_card(cursor, card_id))
        reviewed, _ = SCHEDULER.review_card(
            card, RATINGS[rating], review_datetime=when.replace(tzinfo=dt.UTC)
        )
        due = utc_now(reviewed.due)
        cursor.execute(
            "UPDATE practice_cards SET fsrs_state = ?, fsrs_step = ?, stability = ?, difficulty = ?, "
            "due = ?, last_review = ? WHERE id = ?",
            [int(reviewed.state), reviewed.step, reviewed.stability, reviewed.difficulty, due, when, card_id],
        )
        cursor.execute(
            "INSERT INTO practice_reviews (card_id, rating, reviewed_at, typed_answer) VALUES (?, ?, ?, ?)",
            [card_id, int(RATINGS[rating]), when, typed_answer.strip()[:MAX_PROMPT]],
        )
    return Rated(card_id, rating, due)


def replay(cursor: duckdb.DuckDBPyConnection, sessions: pd.DataFrame) -> int:
    """Inside the demo loader's transaction, after its questions are grouped: rehearsals that happened
    (kind 'question' with a question's text, or 'mistake' with a category; reviewed_at; rating 1-4),
    each card made if missing (the day before its first rehearsal), every rating logged, and each card's
    state replayed through FSRS in time order. Returns how many ratings."""
    if sessions.empty:
        return 0
    cursor.register("sessions", sessions)
    rows = cursor.execute(
        """
        SELECT CASE WHEN s.kind = 'question' THEN g.group_key ELSE s.subject END AS key, s.kind,
               CASE WHEN s.kind = 'mistake' THEN s.subject
                    WHEN starts_with(g.group_key, $bank_prefix) THEN g.canonical ELSE s.subject END AS prompt,
               s.reviewed_at, s.rating
        FROM sessions s
        LEFT JOIN question_text_groups m ON s.kind = 'question' AND m.text = s.subject
        LEFT JOIN question_groups g ON g.id = m.group_id
        WHERE s.kind = 'mistake' OR g.group_key IS NOT NULL
        ORDER BY s.reviewed_at
        """,
        {"bank_prefix": BANK_PREFIX},
    ).fetchall()
    cursor.unregister("sessions")
    cards = {
        (kind, subject): card_id
        for card_id, kind, subject in cursor.execute(
            "SELECT id, kind, subject FROM practice_cards WHERE kind IN ('question', 'mistake')"
        ).fetchall()
    }
    states: dict[int, Card] = {}
    reviews = []
    for key, kind, prompt, reviewed_at, rating in rows:
        card_id = cards.get((kind, key))
        if card_id is None:
            made = reviewed_at - dt.timedelta(days=1)
            card_id = first_row(
                cursor,
                "INSERT INTO practice_cards (kind, subject, prompt, created_at, due) VALUES (?, ?, ?, ?, ?) "
                "RETURNING id",
                [kind, key, prompt, made, made],
            )[0]
            cards[(kind, key)] = card_id
        card = states.get(card_id) or Card(card_id=card_id, due=_aware(reviewed_at))
        states[card_id], _ = SCHEDULER.review_card(
            card, Rating(int(rating)), review_datetime=_aware(reviewed_at)
        )
        reviews.append([card_id, int(rating), reviewed_at])
    cursor.executemany(
        "INSERT INTO practice_reviews (card_id, rating, reviewed_at) VALUES (?, ?, ?)", reviews
    )
    cursor.executemany(
        "UPDATE practice_cards SET fsrs_state = ?, fsrs_step = ?, stability = ?, difficulty = ?, due = ?, "
        "last_review = ? WHERE id = ?",
        [
            [
                int(card.state),
                card.step,
                card.stability,
                card.difficulty,
                utc_now(card.due),
                utc_now(card.last_review),
                card_id,
            ]
            for card_id, card in states.items()
        ],
    )
    return len(reviews)
