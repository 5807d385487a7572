"""What the Practice page reads: a card's answer side (the ways its question was asked, the best answer
so far and its STAR parts, past notes and ratings; or a mistake's story and the user's own next-time
lines), the counts at the top of the page, and the list of every card.

The cards and their schedule are written by debrief.practice (which analytics does not import: it
writes); this module only reads them, by the one rule of what is due (debrief.practice_due).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from analytics.question_stats import GROUP_CATEGORY, GROUP_QUESTION, GROUP_WORDING
from debrief.matching.bank import BANK_PREFIX
from debrief.practice_due import DUE, due_parameters, local_day_start, utc_now
from debrief.store import NotFoundError, RowsPage

WEEK_DAYS = 7
ASKED_SHOWN = 5  # the latest ways a question was asked, shown with the prompt
NOTES_SHOWN = 5
RATINGS_SHOWN = 5
STORIES_SHOWN = 5  # a mistake's latest "what happened"
CARDS_SHOWN = 300

# --- STAR parts --------------------------------------------------------------------------------------

STAR_PARTS = ("Situation", "Task", "Action", "Result")
# "S:", "Situation:", "situation -", "**T:**"… at the start of the text or after a space or line break.
_STAR_LABEL = re.compile(
    r"(?:^|(?<=[\s(\[]))[*_]*(situation|task|action|result|s|t|a|r)\s*[*_]*\s*[:：][*_]*",
    re.IGNORECASE,
)


def star_parts(answer: str) -> dict[str, str]:
    """The Situation, Task, Action and Result of an answer written as "S: … T: … A: … R: …" (full words,
    any case, across lines), in that order, absent or empty parts left out. An answer with fewer than
    two labelled parts is not written that way: {}."""
    labels = list(_STAR_LABEL.finditer(answer or ""))
    parts: dict[str, str] = {}
    for index, label in enumerate(labels):
        name = next(part for part in STAR_PARTS if part[0] == label.group(1)[0].upper())
        end = labels[index + 1].start() if index + 1 < len(labels) else len(answer)
        text = " ".join(answer[label.end() : end].split()).strip()
        if text and name not in parts:
            parts[name] = text
    if len(parts) < 2:
        return {}
    return {name: parts[name] for name in STAR_PARTS if name in parts}


# --- One card's answer side --------------------------------------------------------------------------


@dataclass(frozen=True)
class CardAnswer:
    """Everything a rehearsal shows of one card. Frames are newest first."""

    card_id: int
    kind: str  # question, mistake or own
    prompt: str  # the card's own wording, as it was made
    wording: str  # a question group's usual wording now (a mistake's category; an own card's prompt)
    category: str
    status: str
    best_answer: str  # the card's own answer, else the latest better answer in the debriefs
    best_answer_from: str  # "practice", "debrief" (question) or "next time" (mistake), "" if none
    best_answer_source: str = ""  # where a debrief's better answer was written: "Acme, 20 Nov 2026"
    star: dict[str, str] = field(default_factory=dict)
    times_asked: int = 0
    times_off_guard: int = 0
    asked: pd.DataFrame = field(default_factory=pd.DataFrame)  # text, company, round, interview_date
    notes: pd.DataFrame = field(default_factory=pd.DataFrame)  # interview_date, company, notes
    ratings: pd.DataFrame = field(default_factory=pd.DataFrame)  # interview_date, company, rating
    stories: pd.DataFrame = field(default_factory=pd.DataFrame)  # interview_date, company, what_happened
    next_time: tuple[str, ...] = ()  # a mistake's own next-time lines, distinct, newest first
    reviews: int = 0  # ratings given in practice
    last_rating: int | None = None  # the latest of them, 1 (Again) to 4 (Easy)


_CARD = """
SELECT c.kind, c.subject, c.prompt, c.answer, c.status,
       (SELECT count(*) FROM practice_reviews r WHERE r.card_id = c.id) AS reviews,
       (SELECT arg_max(r.rating, struct_pack(at := r.reviewed_at, id := r.id))
        FROM practice_reviews r WHERE r.card_id = c.id) AS last_rating
FROM practice_cards c WHERE c.id = $card_id
"""

# A question group's questions with their interviews, and the group's wording, category and best answer.
_GROUP_ASKED = """
WITH asked AS (
    SELECT q.id, q.text, q.category, q.answer_rating, q.off_guard, q.notes, q.better_answer,
           i.company, i.round, i.interview_date, m.group_id
    FROM question_groups g
    JOIN question_text_groups m ON m.group_id = g.id
    JOIN questions q ON q.text = m.text
    JOIN interviews i ON i.id = q.interview_id
    WHERE g.group_key = $subject
)"""

_GROUP_SUMMARY = f"""{_GROUP_ASKED}, {GROUP_WORDING}
SELECT {GROUP_QUESTION} AS wording, {GROUP_CATEGORY} AS category,
       count(*) AS times_asked, count(*) FILTER (WHERE a.off_guard) AS times_off_guard,
       arg_max(struct_pack(answer := a.better_answer, company := a.company, day := a.interview_date),
               struct_pack(day := a.interview_date, id := a.id))
           FILTER (WHERE trim(a.better_answer) <> '') AS best
FROM asked a JOIN question_groups g ON g.id = a.group_id JOIN wording w ON w.group_id = a.group_id
GROUP BY ALL
"""  # noqa: S608 (fixed SQL text composed)

# The latest few of each: ways it was asked, notes written, ratings given (one query, flagged).
_GROUP_ROWS = f"""{_GROUP_ASKED}
SELECT text, company, round, interview_date, notes, answer_rating,
       row_number() OVER (ORDER BY interview_date DESC, id DESC) AS nth,
       row_number() OVER (PARTITION BY trim(notes) = '' ORDER BY interview_date DESC, id DESC) AS nth_note,
       row_number() OVER (PARTITION BY answer_rating IS NULL ORDER BY interview_date DESC, id DESC)
           AS nth_rating
FROM asked
QUALIFY nth <= $asked OR (trim(notes) <> '' AND nth_note <= $notes)
     OR (answer_rating IS NOT NULL AND nth_rating <= $ratings)
ORDER BY interview_date DESC, id DESC
"""  # noqa: S608 (fixed SQL text composed)

_MISTAKE_ROWS = """
SELECT i.interview_date, i.company, r.what_happened, r.next_time, r.id
FROM reflections r JOIN interviews i ON i.id = r.interview_id
WHERE r.kind = 'mistake' AND r.category = $subject
ORDER BY i.interview_date DESC, r.id DESC
"""
_MISTAKE_SUMMARY = """
WITH told AS (
    SELECT trim(r.next_time) AS line, max(struct_pack(day := i.interview_date, id := r.id)) AS latest
    FROM reflections r JOIN interviews i ON i.id = r.interview_id
    WHERE r.kind = 'mistake' AND r.category = $subject AND trim(r.next_time) <> ''
    GROUP BY line
)
SELECT (SELECT count(DISTINCT interview_id) FROM reflections
        WHERE kind = 'mistake' AND category = $subject) AS interviews,
       coalesce((SELECT list(line ORDER BY latest DESC) FROM told), []) AS lines
"""


def card_answer(cursor: duckdb.DuckDBPyConnection, card_id: int) -> CardAnswer:
    """Everything the rehearsal of card `card_id` shows. Raises NotFoundError if there is no such card."""
    rows = cursor.execute(_CARD, {"card_id": card_id}).fetchall()
    if not rows:
        raise NotFoundError("This card is gone: it was removed in another tab or window.")
    kind, subject, prompt, answer, status, reviews, last_rating = rows[0]
    common = {
        "card_id": card_id,
        "kind": kind,
        "prompt": prompt,
        "status": status,
        "reviews": int(reviews),
        "last_rating": None if last_rating is None else int(last_rating),
    }
    if kind == "question":
        return _question_answer(cursor, subject, answer, common)
    if kind == "mistake":
        return _mistake_answer(cursor, subject, answer, common)
    return CardAnswer(
        **common,
        wording=prompt,
        category="",
        best_answer=answer,
        best_answer_from="practice" if answer.strip() else "",
        star=star_parts(answer),
    )


def _question_answer(cursor, subject: str, answer: str, common: dict) -> CardAnswer:
    summary = cursor.execute(_GROUP_SUMMARY, {"subject": subject, "bank_prefix": BANK_PREFIX}).fetchall()
    rows = cursor.execute(
        _GROUP_ROWS,
        {"subject": subject, "asked": ASKED_SHOWN, "notes": NOTES_SHOWN, "ratings": RATINGS_SHOWN},
    ).df()
    wording, category, times_asked, times_off_guard, best = (
        summary[0] if summary else (common["prompt"], "", 0, 0, None)
    )
    if answer.strip():
        best_answer, best_from, source = answer, "practice", ""
    elif best is not None:
        best_answer, best_from = best["answer"], "debrief"
        source = f"{best['company']}, {best['day']:%d %b %Y}"
    else:
        best_answer, best_from, source = "", "", ""
    notes = rows[rows["notes"].str.strip() != ""].head(NOTES_SHOWN)
    rated = rows[rows["answer_rating"].notna()].head(RATINGS_SHOWN)
    return CardAnswer(
        **common,
        wording=wording,
        category=category or "",
        best_answer=best_answer,
        best_answer_from=best_from,
        best_answer_source=source,
        star=star_parts(best_answer),
        times_asked=int(times_asked),
        times_off_guard=int(times_off_guard),
        asked=rows[rows["nth"] <= ASKED_SHOWN][["text", "company", "round", "interview_date"]].reset_index(
            drop=True
        ),
        notes=notes[["interview_date", "company", "notes"]].reset_index(drop=True),
        ratings=rated[["interview_date", "company", "answer_rating"]]
        .rename(columns={"answer_rating": "rating"})
        .astype({"rating": int})
        .reset_index(drop=True),
    )


def _mistake_answer(cursor, subject: str, answer: str, common: dict) -> CardAnswer:
    stories = cursor.execute(_MISTAKE_ROWS + " LIMIT $limit", {"subject": subject, "limit": STORIES_SHOWN})
    stories = stories.df()
    interviews, lines = cursor.execute(_MISTAKE_SUMMARY, {"subject": subject}).fetchall()[0]
    own = "\n".join(lines)
    best_answer = answer if answer.strip() else own
    return CardAnswer(
        **common,
        wording=subject,
        category=subject,
        best_answer=best_answer,
        best_answer_from="practice" if answer.strip() else ("next time" if own else ""),
        star=star_parts(best_answer),
        times_asked=int(interviews),
        stories=stories[["interview_date", "company", "what_happened"]][
            stories["what_happened"].str.strip() != ""
        ].reset_index(drop=True),
        next_time=tuple(lines),
    )


# --- The page's counts and the list of cards ---------------------------------------------------------


@dataclass(frozen=True)
class PracticeOverview:
    due_now: int
    due_this_week: int  # active, not due now, falling due within 7 days
    next_due: dt.datetime | None  # naive UTC: when the next active card not due now falls due
    active: int
    suspended: int
    retired: int
    reviews_this_week: int  # ratings given in the last 7 days
    ratings_this_week: dict[int, int]  # 1-4 → how many

    @property
    def cards(self) -> int:
        return self.active + self.suspended + self.retired


_OVERVIEW = f"""
WITH c AS (
    SELECT c.*, {DUE} AS is_due,
           -- a crammed card rehearsed today falls due again when the next day starts
           CASE WHEN c.cram_until > $tomorrow THEN least(c.due, $tomorrow) ELSE c.due END AS falls_due
    FROM practice_cards c
), r AS (
    SELECT rating, count(*) AS n FROM practice_reviews
    WHERE reviewed_at > $now - INTERVAL (CAST($week AS INTEGER)) DAY GROUP BY rating
)
SELECT count(*) FILTER (WHERE is_due) AS due_now,
       count(*) FILTER (WHERE status = 'active' AND NOT is_due
                        AND falls_due <= $now + INTERVAL (CAST($week AS INTEGER)) DAY) AS due_this_week,
       min(falls_due) FILTER (WHERE status = 'active' AND NOT is_due) AS next_due,
       count(*) FILTER (WHERE status = 'active') AS active,
       count(*) FILTER (WHERE status = 'suspended') AS suspended,
       count(*) FILTER (WHERE status = 'retired') AS retired,
       (SELECT coalesce(map(list(rating), list(n)), map()) FROM r) AS ratings
FROM c
"""  # noqa: S608 (fixed SQL text composed)


def practice_overview(cursor: duckdb.DuckDBPyConnection, now: dt.datetime | None = None) -> PracticeOverview:
    """The counts at the top of the Practice page, at `now` (naive UTC, or aware), in one query."""
    now = utc_now(now)
    parameters = {**due_parameters(now), "tomorrow": local_day_start(now) + dt.timedelta(days=1)}
    row = cursor.execute(_OVERVIEW, {**parameters, "week": WEEK_DAYS}).fetchall()[0]
    due_now, this_week, next_due, active, suspended, retired, ratings = row
    ratings = {int(rating): int(count) for rating, count in (ratings or {}).items()}
    return PracticeOverview(
        due_now=int(due_now),
        due_this_week=int(this_week),
        next_due=next_due,
        active=int(active),
        suspended=int(suspended),
        retired=int(retired),
        reviews_this_week=sum(ratings.values()),
        ratings_this_week=ratings,
    )


def due_now(cursor: duckdb.DuckDBPyConnection, now: dt.datetime | None = None) -> int:
    """How many cards are due (Home's line): one count."""
    return cursor.execute(
        f"SELECT count(*) FROM practice_cards c WHERE {DUE}",  # noqa: S608 (fixed SQL text)
        due_parameters(utc_now(now)),
    ).fetchall()[0][0]


_CARD_LIST = """
SELECT c.id, c.kind, c.prompt, c.status, c.due, c.last_review,
       coalesce(r.reviews, 0) AS reviews, r.last_rating, count(*) OVER () AS total
FROM practice_cards c
LEFT JOIN (
    SELECT card_id, count(*) AS reviews,
           arg_max(rating, struct_pack(at := reviewed_at, id := id)) AS last_rating
    FROM practice_reviews GROUP BY card_id
) r ON r.card_id = c.id
ORDER BY CASE c.status WHEN 'active' THEN 0 WHEN 'suspended' THEN 1 ELSE 2 END, c.due, c.id
LIMIT $limit
"""


def card_list(cursor: duckdb.DuckDBPyConnection, limit: int = CARDS_SHOWN) -> RowsPage:
    """Every card (active first, then suspended, then retired; each soonest due first), at most `limit`:
    id, kind, prompt, status, due, last_review, reviews, last_rating (1-4 or missing); and how many
    there are in all."""
    return RowsPage.from_frame(cursor.execute(_CARD_LIST, {"limit": limit}).df())
