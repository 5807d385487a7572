"""The brief for an upcoming interview, made from the user's own history and the shipped bank.

For a company, role and round (or a scheduled round of an application) the brief lists the questions
to expect, ranked, each with why; the recurring mistakes with the user's own "what I'd say next time"
lines; the strengths to lead with; what the user noted about this company and its interviewers; and
questions to ask them. After the interview, `plan_vs_actual` compares the brief that would have been
made before it with what was asked; `brief_hit_rates` does so for the latest prepared interviews.

The ranking is a weighted sum of shares, each the answer to one plain question (see `Weights`): of
the questions this application's earlier rounds asked, how many were this one? Of the questions
rounds of this type asked (pulled toward all questions while few such rounds were seen), how many?
Of the interviews at this company and of all interviews, in how many was it asked? Plus a fixed
amount when the shipped preparation list (data/prepare.json) names it as common in this round type.
Every count is made in DuckDB; pandas sees one row per question group.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from analytics.filters import InterviewFilter
from analytics.question_stats import GROUP_CATEGORY, GROUP_QUESTION, GROUP_WORDING
from debrief.matching.bank import BANK_PREFIX, question_bank
from debrief.store import NotFoundError, first_row

PREPARE_FILE = Path(__file__).resolve().parent.parent / "data" / "prepare.json"
DEFAULT_ROUND = "default"
GOOD_QUESTIONS = "Good questions"  # the strength category whose notes are questions the user asked
EXPECTED_LIMIT = 10
MOST_ASKED = 10  # "among your most asked overall": this many groups, the baseline a brief is held to
MISTAKES_LISTED = 5
RECURRING_AT_LEAST = 2  # interviews in which a mistake came up before it counts as recurring
NEXT_TIME_LINES = 3
STRENGTHS_LISTED = 5
OWN_QUESTIONS_TO_ASK = 5
COMPANY_HISTORY_LIMIT = 20
# A round type's share is named as a reason from this share of its rounds (and two of them) on.
ROUND_REASON_SHARE = 0.15
# A round type's share of questions starts as the share among all questions, as if this many questions
# of the type had been asked that way: a round type seen a few times moves it little.
ROUND_PRIOR_QUESTIONS = 20
# The Dashboard ranks the most recent prepared interviews only, so its rerun stays fast.
MAX_PREPARED = 60


@dataclass(frozen=True)
class Weights:
    """How much each reason adds to a question's score. Every share is between 0 and 1. `application`
    and `round` weigh shares of questions: of the questions asked in this application's earlier rounds
    (counting a question each time it was asked), and in the rounds of this type (see
    `ROUND_PRIOR_QUESTIONS`), how many were this one; an interview asks about five, so these shares are
    about a fifth of the interview shares `company` and `overall` weigh (of the interviews at the
    company, of all interviews, in how many was it asked). `bank` is added when the preparation list
    names the question for this round type.

    Tuned on the demo's development seed only (bench/brief.py; grids of a few hundred settings over
    the weights, recency, smoothing and how the shares are counted): a question comes back about as
    often from this application's earlier rounds as from the round type's habits, so the two weigh
    about the same per question; counting every time a question was asked beat counting the rounds
    that asked it, and weighting the latest round more scored lower (the demo's later rounds pick
    from all earlier questions alike). The demo's companies each favour a couple of questions in any
    round, and weighing that share lifts the later rounds clearly (0 scored lowest; 2 to 8 about the
    same). The all-interview share already enters as the round type's starting point, so it weighs 0
    (1 or 2 scored no better, 4 lower); the bank breaks ties and fills in a thin history (0 and 0.15
    scored lower, 0.5 about the same).
    """

    # Best round-number setting of a 19,440-point grid on dev seed 5 (after company habits), then
    # the held-out seed scored once.
    application: float = 20.0
    company: float = 5.0
    round: float = 25.0
    overall: float = 0.0
    bank: float = 1.0


WEIGHTS = Weights()


@cache
def preparation() -> dict[str, dict[str, list[str]]]:
    """The shipped list per round type: `common_questions` (bank ids) and `questions_to_ask`."""
    return json.loads(PREPARE_FILE.read_text(encoding="utf-8"))["rounds"]


def _for_round(round_: str) -> dict[str, list[str]]:
    rounds = preparation()
    by_name = {name.casefold(): values for name, values in rounds.items()}
    return by_name.get(round_.strip().casefold(), rounds[DEFAULT_ROUND])


def bank_questions_for(round_: str) -> list[str]:
    """The group keys of the bank questions common in this round type (a general set for any other)."""
    return [f"{BANK_PREFIX}{bank_id}" for bank_id in _for_round(round_)["common_questions"]]


@dataclass(frozen=True)
class BriefTarget:
    """What the brief is for. `before`: only interviews strictly before that day count (None: all);
    `exclude_interview_id`: one interview left out (the one being compared with its brief)."""

    company: str
    role: str = ""
    round: str = ""
    application_id: int | None = None
    before: dt.date | None = None
    exclude_interview_id: int | None = None


@dataclass(frozen=True)
class Brief:
    """What to prepare. `expected`: rank, group_id (None for a bank question never asked), group_key,
    question, category, why, best_answer ("" when none), last_rating (Int64), off_guard_before,
    times_asked, score. `mistakes`: category, times, interviews, next_time (list, latest first).
    `strengths`: category, times, interviews, example. `company_history`: interview_id,
    interview_date, role, round, outcome, professionalism (Int64), interviewer_notes, interviewers."""

    target: BriefTarget
    expected: pd.DataFrame
    mistakes: pd.DataFrame
    strengths: pd.DataFrame
    company_history: pd.DataFrame
    questions_to_ask: list[str]
    interviews_used: int


# --- Which interviews a brief is made from, and how the target's application is found ----------------


def _history(target: BriefTarget, alias: str = "i") -> tuple[str, dict[str, Any]]:
    """The SQL condition choosing the interviews a brief may learn from, and its parameters."""
    condition = (
        f"($before IS NULL OR {alias}.interview_date < $before) "
        f"AND {alias}.id IS DISTINCT FROM $exclude_interview_id"
    )
    return condition, {"before": target.before, "exclude_interview_id": target.exclude_interview_id}


def _company_key(text: str) -> str:
    """A company, role or round as the SQL compares them, lower(trim(...)): `lower`, not `casefold`,
    which would make "Großbank" "grossbank" where DuckDB keeps "großbank"."""
    return text.strip().lower()


def _application_of(cursor: duckdb.DuckDBPyConnection, target: BriefTarget) -> int | None:
    """The target's application: as given, else the one of its company and role (the newest if two), as
    a save files an interview."""
    if target.application_id is not None:
        return target.application_id
    if target.role.strip():
        return first_row(
            cursor,
            "SELECT max(id) FROM applications WHERE lower(trim(company)) = lower(trim(?)) "
            "AND lower(trim(role)) = lower(trim(?))",
            [target.company, target.role],
        )[0]
    # Any role: the company's application with the next interview planned, else the latest round.
    found = first_row(
        cursor,
        """
        SELECT a.id FROM applications a
        LEFT JOIN scheduled_interviews s ON s.application_id = a.id AND s.interview_id IS NULL
        LEFT JOIN interviews i ON i.application_id = a.id
        WHERE lower(trim(a.company)) = lower(trim(?))
        GROUP BY a.id
        ORDER BY min(s.starts_at) IS NULL, min(s.starts_at), max(i.interview_date) DESC NULLS LAST, a.id DESC
        LIMIT 1
        """,
        [target.company],
    )
    return None if found is None else found[0]


@dataclass(frozen=True)
class _Totals:
    """How many interviews each share is out of."""

    interviews: int
    in_application: int
    at_company: int
    in_round: int
    questions: int  # the grouped questions those interviews asked (a question asked twice counts twice)
    application_questions: int
    round_questions: int


# Per question group asked in the history: in how many interviews, and how many of them were this
# application's rounds, at this company, or rounds of this type; and how many times it was asked in
# all, in this application's rounds and in rounds of this type.
_GROUP_COUNTS = """
WITH history AS (
    SELECT i.id, $application IS NOT NULL AND i.application_id = $application AS in_application,
           lower(trim(i.company)) = $company AS at_company,
           $round <> '' AND lower(trim(i.round)) = $round AS in_round
    FROM interviews i WHERE {condition}
), asked AS (
    SELECT q.interview_id, m.group_id, count(*) AS times
    FROM questions q JOIN question_text_groups m ON m.text = q.text
    WHERE q.interview_id IN (SELECT id FROM history)
    GROUP BY ALL
)
SELECT a.group_id, g.group_key, count(*) AS interviews,
       count(*) FILTER (WHERE h.in_application) AS in_application,
       count(*) FILTER (WHERE h.at_company) AS at_company,
       count(*) FILTER (WHERE h.in_round) AS in_round,
       sum(a.times) AS times,
       coalesce(sum(a.times) FILTER (WHERE h.in_application), 0) AS application_times,
       coalesce(sum(a.times) FILTER (WHERE h.in_round), 0) AS round_times
FROM asked a JOIN history h ON h.id = a.interview_id JOIN question_groups g ON g.id = a.group_id
GROUP BY ALL
"""
_TOTALS = """
WITH grouped AS (
    SELECT q.interview_id, count(*) AS questions
    FROM questions q JOIN question_text_groups m ON m.text = q.text GROUP BY ALL
), history AS (
    SELECT i.application_id = $application AS in_application,
           lower(trim(i.company)) = $company AS at_company,
           $round <> '' AND lower(trim(i.round)) = $round AS in_round,
           coalesce(c.questions, 0) AS questions
    FROM interviews i LEFT JOIN grouped c ON c.interview_id = i.id WHERE {condition}
)
SELECT count(*), count(*) FILTER (WHERE in_application), count(*) FILTER (WHERE at_company),
       count(*) FILTER (WHERE in_round), coalesce(sum(questions), 0),
       coalesce(sum(questions) FILTER (WHERE in_application), 0),
       coalesce(sum(questions) FILTER (WHERE in_round), 0)
FROM history
"""


def _count_parameters(target: BriefTarget, application_id: int | None) -> dict[str, Any]:
    return {
        "application": application_id,
        "company": _company_key(target.company),
        "round": _company_key(target.round),
    }


# --- The ranking: one function, whether the counts came from SQL (one brief) or a loaded history ----


_COUNT_COLUMNS = (
    "interviews", "in_application", "at_company", "in_round", "times", "application_times", "round_times",
)  # fmt: skip


@dataclass(frozen=True)
class _Counts:
    """Per question group (parallel arrays): its id and key, the interviews that asked it, how many of
    them were this application's rounds, at this company, or rounds of this type; and the times it was
    asked in them all, in this application's rounds and in rounds of this type."""

    group_id: np.ndarray
    group_key: np.ndarray
    interviews: np.ndarray
    in_application: np.ndarray
    at_company: np.ndarray
    in_round: np.ndarray
    times: np.ndarray
    application_times: np.ndarray
    round_times: np.ndarray

    @classmethod
    def of(cls, frame: pd.DataFrame) -> _Counts:
        return cls(
            frame["group_id"].to_numpy(dtype=object),
            frame["group_key"].to_numpy(dtype=object),
            *(frame[column].to_numpy(dtype=np.int64) for column in _COUNT_COLUMNS),
        )

    def with_bank(self, keys: list[str]) -> _Counts:
        """These counts, with the bank questions among `keys` that were never asked added at zero."""
        known = set(self.group_key)
        missing = [key for key in keys if key not in known]
        if not missing:
            return self
        zeros = np.zeros(len(missing), dtype=np.int64)
        return _Counts(
            np.concatenate([self.group_id, np.full(len(missing), None, dtype=object)]),
            np.concatenate([self.group_key, np.asarray(missing, dtype=object)]),
            *(np.concatenate([getattr(self, column), zeros]) for column in _COUNT_COLUMNS),
        )


def _first(order_by: list[tuple], limit: int) -> list[int]:
    """The positions of the `limit` smallest sort keys (tuples), smallest first."""
    return sorted(range(len(order_by)), key=order_by.__getitem__)[:limit]


def _top(values: np.ndarray, keys: np.ndarray, limit: int, tie: np.ndarray | None = None) -> list[int]:
    """The positions of the `limit` largest `values` (then largest `tie`, then smallest key), in order.
    Only the values from the `limit`-th largest on are sorted, so a long tail costs little."""
    if len(values) == 0 or limit <= 0:
        return []
    floor = np.partition(values, -limit)[-limit] if len(values) > limit else values.min()
    near = np.flatnonzero(values >= floor)
    ties = tie if tie is not None else np.zeros(len(values))
    chosen = _first([(-values[i], -ties[i], keys[i]) for i in near], limit)
    return [int(near[i]) for i in chosen]


def most_asked(counts: _Counts, limit: int = MOST_ASKED) -> list[str]:
    """The baseline: the keys of the groups asked in the most interviews (ties by key), `limit` of them."""
    asked = np.flatnonzero(counts.interviews > 0)
    return [
        counts.group_key[asked[i]] for i in _top(counts.interviews[asked], counts.group_key[asked], limit)
    ]


def _share(count: np.ndarray, total: int) -> np.ndarray:
    return count / total if total else np.zeros(len(count))


def _scored(
    counts: _Counts, totals: _Totals, round_: str, limit: int
) -> tuple[_Counts, np.ndarray, list[int]]:
    """Every group's score (bank questions of the round never asked take part with zero counts, group_id
    None), and the positions of the `limit` best, best first."""
    bank_keys = bank_questions_for(round_)
    counts = counts.with_bank(bank_keys)
    in_bank = np.isin(counts.group_key, np.asarray(bank_keys, dtype=object))
    # Of the questions rounds of this type asked, this one's share, starting from its share of all.
    prior = ROUND_PRIOR_QUESTIONS * _share(counts.times, totals.questions)
    round_questions = (counts.round_times + prior) / (totals.round_questions + ROUND_PRIOR_QUESTIONS)
    score = (
        WEIGHTS.application * _share(counts.application_times, totals.application_questions)
        + WEIGHTS.company * _share(counts.at_company, totals.at_company)
        + WEIGHTS.round * round_questions
        + WEIGHTS.overall * _share(counts.interviews, totals.interviews)
        + WEIGHTS.bank * in_bank
    ).round(6)
    return counts, score, _top(score, counts.group_key, limit, tie=counts.interviews)


def _ranked(counts: _Counts, totals: _Totals, round_: str, limit: int) -> pd.DataFrame:
    """The `limit` best scored groups, best first: their counts, score, round share, and whether the bank
    names them for the round and whether they are among the most asked."""
    counts, score, chosen = _scored(counts, totals, round_, limit)
    in_bank = np.isin(counts.group_key, np.asarray(bank_questions_for(round_), dtype=object))
    top_asked = set(most_asked(counts))
    return pd.DataFrame(
        {
            "group_id": pd.Series(counts.group_id[chosen], dtype=object),
            "group_key": counts.group_key[chosen],
            **{column: getattr(counts, column)[chosen] for column in _COUNT_COLUMNS},
            "score": score[chosen],
            "round_share": _share(counts.in_round, totals.in_round)[chosen],
            "in_bank": in_bank[chosen],
            "most_asked": [key in top_asked for key in counts.group_key[chosen]],
        }
    )


def _why(row, totals: _Totals, target: BriefTarget) -> str:
    """The reasons for one ranked group, in plain words, strongest first."""
    company = target.company.strip()
    round_ = target.round.strip()
    reasons = []
    if row.in_application:
        times = f", {row.application_times} times" if row.application_times > row.in_application else ""
        rounds = totals.in_application
        where = (
            "this application's earlier round"
            if rounds == 1
            else (f"{row.in_application} of this application's {rounds} earlier rounds")
        )
        reasons.append(f"asked in {where}{times}")
    if row.at_company > row.in_application:
        reasons.append(f"asked in {row.at_company} of your {totals.at_company} interviews at {company}")
    if row.in_round >= 2 and row.round_share >= ROUND_REASON_SHARE:
        reasons.append(f"common in your {round_} interviews: asked in {row.in_round} of {totals.in_round}")
    if row.most_asked:
        plural = "" if row.interviews == 1 else "s"
        reasons.append(f"among your {MOST_ASKED} most asked overall ({row.interviews} interview{plural})")
    if row.in_bank:
        kind = f"in {round_} interviews" if round_ else "in interviews"
        reasons.append(f"often asked {kind}, says the question bank")
    if not reasons:
        reasons.append(f"asked in {row.interviews} of your {totals.interviews} interviews")
    text = "; ".join(reasons)
    return text[0].upper() + text[1:]


# --- One brief -------------------------------------------------------------------------------------


# The figures of the chosen groups over the history: usual wording, times asked, the latest non-empty
# better answer, the latest rating and whether it ever caught the user off guard.
_GROUP_DETAILS = f"""
WITH asked AS (
    SELECT q.id, q.text, q.category, q.answer_rating, q.off_guard, q.better_answer, i.interview_date,
           m.group_id
    FROM questions q
    JOIN question_text_groups m ON m.text = q.text
    JOIN interviews i ON i.id = q.interview_id
    WHERE list_contains($groups, m.group_id) AND {{condition}}
), {GROUP_WORDING}
SELECT a.group_id, {GROUP_QUESTION} AS question, {GROUP_CATEGORY} AS category,
       count(*) AS times_asked,
       arg_max(a.better_answer, struct_pack(day := a.interview_date, id := a.id))
           FILTER (WHERE a.better_answer <> '') AS best_answer,
       arg_max(a.answer_rating, struct_pack(day := a.interview_date, id := a.id))
           FILTER (WHERE a.answer_rating IS NOT NULL) AS last_rating,
       bool_or(a.off_guard) AS off_guard_before
FROM asked a JOIN question_groups g ON g.id = a.group_id JOIN wording w ON w.group_id = a.group_id
GROUP BY ALL
"""  # noqa: S608 (fixed SQL text composed; every value is a parameter)

EXPECTED_COLUMNS = [
    "rank", "group_id", "group_key", "question", "category", "why", "best_answer", "last_rating",
    "off_guard_before", "times_asked", "score",
]  # fmt: skip


def _expected(
    cursor: duckdb.DuckDBPyConnection, ranked: pd.DataFrame, totals: _Totals, target: BriefTarget
) -> pd.DataFrame:
    condition, parameters = _history(target)
    asked_ids = [int(group) for group in ranked["group_id"].dropna()]
    details = cursor.execute(
        _GROUP_DETAILS.format(condition=condition),
        {**parameters, "groups": asked_ids, "bank_prefix": BANK_PREFIX},
    ).df()
    by_group = details.set_index("group_id").to_dict("index") if len(details) else {}
    # An answer made the best one in practice comes before the debriefs' better answers.
    practised = dict(
        cursor.execute(
            "SELECT subject, answer FROM practice_cards WHERE kind = 'question' AND answer <> '' "
            "AND list_contains($keys, subject)",
            {"keys": [str(key) for key in ranked["group_key"]]},
        ).fetchall()
    )
    bank = question_bank()
    rows = []
    for rank, row in enumerate(ranked.itertuples(index=False), start=1):
        found = by_group.get(row.group_id) if row.group_id is not None else None
        if found is None:  # a bank question the user was never asked (before the brief's day)
            question = bank.by_key(row.group_key)
            found = {
                "question": question.canonical if question else row.group_key,
                "category": question.category if question else "",
                "times_asked": 0,
                "best_answer": None,
                "last_rating": None,
                "off_guard_before": False,
            }
        rows.append(
            {
                "rank": rank,
                "group_id": None if found["times_asked"] == 0 else int(row.group_id),
                "group_key": row.group_key,
                "question": found["question"],
                "category": found["category"] or "",
                "why": _why(row, totals, target),
                "best_answer": practised.get(row.group_key)
                or (found["best_answer"] if isinstance(found["best_answer"], str) else ""),
                "last_rating": found["last_rating"],
                "off_guard_before": bool(found["off_guard_before"]),
                "times_asked": int(found["times_asked"]),
                "score": float(row.score),
            }
        )
    frame = pd.DataFrame(rows, columns=EXPECTED_COLUMNS)
    frame["group_id"] = pd.Series([row["group_id"] for row in rows], dtype=object)
    frame["last_rating"] = pd.array(
        [None if pd.isna(value) else int(value) for value in frame["last_rating"]], dtype="Int64"
    )
    return frame.astype({"off_guard_before": bool})


_MISTAKES = """
WITH mine AS (
    SELECT r.id, r.category, r.interview_id, r.next_time, i.interview_date
    FROM reflections r JOIN interviews i ON i.id = r.interview_id
    WHERE r.kind = 'mistake' AND {condition}
), top AS (
    SELECT category, count(*) AS times, count(DISTINCT interview_id) AS interviews
    FROM mine GROUP BY category HAVING count(DISTINCT interview_id) >= $recurring
    ORDER BY interviews DESC, times DESC, category LIMIT $limit
), lines AS (
    SELECT category, next_time, max(struct_pack(day := interview_date, id := id)) AS latest
    FROM mine WHERE next_time <> '' AND category IN (SELECT category FROM top)
    GROUP BY category, next_time
    QUALIFY row_number() OVER (PARTITION BY category ORDER BY latest DESC) <= $lines
)
SELECT t.category, t.times, t.interviews,
       coalesce(list(l.next_time ORDER BY l.latest DESC) FILTER (WHERE l.next_time IS NOT NULL), [])
           AS next_time
FROM top t LEFT JOIN lines l ON l.category = t.category
GROUP BY ALL ORDER BY t.interviews DESC, t.times DESC, t.category
"""

_STRENGTHS = """
SELECT r.category, count(*) AS times, count(DISTINCT r.interview_id) AS interviews,
       coalesce(arg_max(r.what_happened, struct_pack(day := i.interview_date, id := r.id))
           FILTER (WHERE r.what_happened <> ''), '') AS example
FROM reflections r JOIN interviews i ON i.id = r.interview_id
WHERE r.kind = 'strength' AND {condition}
GROUP BY r.category
ORDER BY interviews DESC, times DESC, r.category LIMIT $limit
"""

_OWN_QUESTIONS_TO_ASK = """
SELECT r.what_happened
FROM reflections r JOIN interviews i ON i.id = r.interview_id
WHERE r.kind = 'strength' AND r.category = $good AND trim(r.what_happened) <> '' AND {condition}
GROUP BY r.what_happened
ORDER BY max(struct_pack(day := i.interview_date, id := r.id)) DESC LIMIT $limit
"""

_COMPANY_HISTORY = """
SELECT i.id AS interview_id, i.interview_date, i.role, i.round, i.outcome, e.professionalism,
       coalesce(e.notes, '') AS interviewer_notes,
       coalesce((SELECT string_agg(c.name, ', ' ORDER BY c.position) FROM contacts c
                 WHERE c.interview_id = i.id), '') AS interviewers
FROM interviews i LEFT JOIN interviewer_evaluations e ON e.interview_id = i.id
WHERE lower(trim(i.company)) = $company AND {condition}
ORDER BY i.interview_date DESC, i.id DESC LIMIT $limit
"""


def _frame(cursor: duckdb.DuckDBPyConnection, sql: str, target: BriefTarget, **extra) -> pd.DataFrame:
    condition, parameters = _history(target)
    return cursor.execute(sql.format(condition=condition), {**parameters, **extra}).df()


def recurring_mistakes(cursor: duckdb.DuckDBPyConnection, target: BriefTarget) -> pd.DataFrame:
    """Mistakes that came up in at least two interviews of the history, most widespread first, each with
    up to three of the user's own next-time lines, latest first."""
    frame = _frame(
        cursor, _MISTAKES, target, recurring=RECURRING_AT_LEAST, limit=MISTAKES_LISTED, lines=NEXT_TIME_LINES
    )
    frame["next_time"] = frame["next_time"].map(list)
    return frame


def questions_to_ask(cursor: duckdb.DuckDBPyConnection, target: BriefTarget) -> list[str]:
    """The good questions the user asked before (latest first), then the shipped ones for the round."""
    own = _frame(cursor, _OWN_QUESTIONS_TO_ASK, target, good=GOOD_QUESTIONS, limit=OWN_QUESTIONS_TO_ASK)
    listed: dict[str, str] = {}
    for text in [*own["what_happened"], *_for_round(target.round)["questions_to_ask"]]:
        listed.setdefault(" ".join(text.split()).casefold(), text.strip())
    return list(listed.values())


def make_brief(cursor: duckdb.DuckDBPyConnection, target: BriefTarget, limit: int = EXPECTED_LIMIT) -> Brief:
    """The brief for `target`, from the interviews before its day (all of them when `before` is None)."""
    condition, parameters = _history(target)
    counting = {**parameters, **_count_parameters(target, _application_of(cursor, target))}
    counts = _Counts.of(cursor.execute(_GROUP_COUNTS.format(condition=condition), counting).df())
    totals = _Totals(*first_row(cursor, _TOTALS.format(condition=condition), counting))
    ranked = _ranked(counts, totals, target.round, limit)
    history = _frame(
        cursor, _COMPANY_HISTORY, target, company=_company_key(target.company), limit=COMPANY_HISTORY_LIMIT
    )
    history["professionalism"] = history["professionalism"].astype("Int64")
    return Brief(
        target=target,
        expected=_expected(cursor, ranked, totals, target),
        mistakes=recurring_mistakes(cursor, target),
        strengths=_frame(cursor, _STRENGTHS, target, limit=STRENGTHS_LISTED),
        company_history=history,
        questions_to_ask=questions_to_ask(cursor, target),
        interviews_used=totals.interviews,
    )


# --- After the interview ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanVsActual:
    """A prepared interview against the brief made before it. `hits`: the brief's rows whose question
    came up; `surprises`: group_id, question, category of what came up unlisted; `hit_rate`: the share
    of the interview's question groups the brief listed (None without grouped questions);
    `recurred`/`avoided`: the brief's mistakes that came up again or did not."""

    brief: Brief
    hits: pd.DataFrame
    surprises: pd.DataFrame
    hit_rate: float | None
    recurred: list[str] = field(default_factory=list)
    avoided: list[str] = field(default_factory=list)


def _target_of(cursor: duckdb.DuckDBPyConnection, interview_id: int) -> BriefTarget:
    row = first_row(
        cursor,
        "SELECT company, role, round, application_id, interview_date FROM interviews WHERE id = ?",
        [interview_id],
    )
    if row is None:
        raise NotFoundError(f"There is no debrief number {interview_id}; it may have been deleted.")
    company, role, round_, application_id, day = row
    return BriefTarget(company, role, round_, application_id, before=day, exclude_interview_id=interview_id)


def plan_vs_actual(
    cursor: duckdb.DuckDBPyConnection, interview_id: int, limit: int = EXPECTED_LIMIT
) -> PlanVsActual:
    """What the brief before this interview listed and what came up: hits, surprises, mistakes."""
    brief = make_brief(cursor, _target_of(cursor, interview_id), limit)
    asked = cursor.execute(
        f"""
        WITH asked AS (
            SELECT q.text, q.category, q.position, m.group_id
            FROM questions q JOIN question_text_groups m ON m.text = q.text WHERE q.interview_id = $id
        ), {GROUP_WORDING}
        SELECT a.group_id, g.group_key, {GROUP_QUESTION} AS question, {GROUP_CATEGORY} AS category
        FROM asked a JOIN question_groups g ON g.id = a.group_id JOIN wording w ON w.group_id = a.group_id
        GROUP BY ALL ORDER BY min(a.position)
        """,  # noqa: S608 (fixed SQL text composed; every value is a parameter)
        {"id": interview_id, "bank_prefix": BANK_PREFIX},
    ).df()
    mistakes = {
        category
        for (category,) in cursor.execute(
            "SELECT DISTINCT category FROM reflections WHERE interview_id = ? AND kind = 'mistake'",
            [interview_id],
        ).fetchall()
    }
    came_up = set(asked["group_key"])
    listed = set(brief.expected["group_key"])
    listed_mistakes = list(brief.mistakes["category"])
    return PlanVsActual(
        brief=brief,
        hits=brief.expected[brief.expected["group_key"].isin(came_up)].reset_index(drop=True),
        surprises=asked[~asked["group_key"].isin(listed)][["group_id", "question", "category"]].reset_index(
            drop=True
        ),
        hit_rate=len(came_up & listed) / len(came_up) if came_up else None,
        recurred=[category for category in listed_mistakes if category in mistakes],
        avoided=[category for category in listed_mistakes if category not in mistakes],
    )


# --- Many briefs from one loaded history (the Dashboard, the backtest) ------------------------------


# What the interviews before a day asked, summed per question group: over all of them, and over those
# of each application, company and round type the window's interviews belong to (dimension, key); and,
# with no group, how many interviews and grouped questions each of those holds (one pass over the
# questions for both, kept rather than worked out again for each part of the union).
_BASE_COUNTS = """
WITH base AS (
    SELECT id, CAST(application_id AS VARCHAR) AS application, lower(trim(company)) AS company,
           lower(trim(round)) AS round
    FROM interviews WHERE interview_date < $since
), asked AS MATERIALIZED (
    SELECT q.interview_id, m.group_id, count(*) AS times
    FROM questions q JOIN question_text_groups m ON m.text = q.text
    WHERE q.interview_id IN (SELECT id FROM base) GROUP BY ALL
), keyed AS MATERIALIZED (
    SELECT a.group_id, a.times, b.application, b.company, b.round
    FROM asked a JOIN base b ON b.id = a.interview_id
), interviews AS MATERIALIZED (
    SELECT b.*, coalesce(q.questions, 0) AS questions
    FROM base b LEFT JOIN (SELECT interview_id, sum(times) AS questions FROM asked GROUP BY ALL) q
        ON q.interview_id = b.id
)
SELECT 'all' AS dimension, '' AS key, group_id, count(*) AS interviews, sum(times) AS times
FROM keyed GROUP BY group_id
UNION ALL
SELECT 'application', application, group_id, count(*), sum(times)
FROM keyed WHERE list_contains($applications, application) GROUP BY ALL
UNION ALL
SELECT 'company', company, group_id, count(*), sum(times)
FROM keyed WHERE list_contains($companies, company) GROUP BY ALL
UNION ALL
SELECT 'round', round, group_id, count(*), sum(times)
FROM keyed WHERE list_contains($rounds, round) GROUP BY ALL
UNION ALL
SELECT 'all', '', NULL, count(*), coalesce(sum(questions), 0) FROM interviews
UNION ALL
SELECT 'application', application, NULL, count(*), sum(questions) FROM interviews
WHERE list_contains($applications, application) GROUP BY ALL
UNION ALL
SELECT 'company', company, NULL, count(*), sum(questions) FROM interviews
WHERE list_contains($companies, company) GROUP BY ALL
UNION ALL
SELECT 'round', round, NULL, count(*), sum(questions) FROM interviews
WHERE list_contains($rounds, round) GROUP BY ALL
"""
_BASE_MISTAKES = """
SELECT r.category, count(DISTINCT r.interview_id) AS interviews, count(*) AS times
FROM reflections r JOIN interviews i ON i.id = r.interview_id
WHERE r.kind = 'mistake' AND i.interview_date < $since GROUP BY r.category
"""


class History:
    """Every interview's question groups and mistakes up to a day, loaded once, from which the brief of
    any interview of that period is ranked without another query: the counts `make_brief` takes from
    SQL, taken here from arrays (the tests hold both to the same answers).

    With `since`, the interviews before that day are not loaded one by one but summed in SQL per
    question group (over all of them, and per application, company and round type of the interviews
    from `since` on): the Dashboard ranks only the latest prepared interviews, and loading every
    earlier one would grow with the whole history."""

    def __init__(
        self, cursor: duckdb.DuckDBPyConnection, through: dt.date | None = None, since: dt.date | None = None
    ):
        parameters = {"through": through, "since": since}
        chosen = (
            "($through IS NULL OR i.interview_date <= $through) "
            "AND ($since IS NULL OR i.interview_date >= $since)"
        )
        # Each interview's place in date order, so that "the interviews before a day" is a prefix.
        placed = f"""WITH chosen AS (
            SELECT id, row_number() OVER (ORDER BY interview_date, id) - 1 AS place
            FROM interviews i WHERE {chosen})"""  # noqa: S608 (fixed SQL text; values are parameters)
        interviews = cursor.execute(
            f"""
            SELECT id, interview_date, lower(trim(company)) AS company, lower(trim(round)) AS round,
                   coalesce(application_id, -1) AS application_id
            FROM interviews i WHERE {chosen} ORDER BY interview_date, id
            """,  # noqa: S608 (fixed SQL text composed; every value is a parameter)
            parameters,
        ).df()
        # Each (interview, group) and (interview, mistake category) pair, by the interview's place.
        pairs = cursor.execute(
            f"""
            {placed}
            SELECT c.place, m.group_id, count(*) AS times
            FROM questions q JOIN question_text_groups m ON m.text = q.text
            JOIN chosen c ON c.id = q.interview_id
            GROUP BY ALL ORDER BY c.place, m.group_id
            """,  # noqa: S608 (fixed SQL text composed; every value is a parameter)
            parameters,
        ).fetchnumpy()
        mistakes = cursor.execute(
            f"""
            {placed}
            SELECT c.place, r.category, count(*) AS times
            FROM reflections r JOIN chosen c ON c.id = r.interview_id WHERE r.kind = 'mistake'
            GROUP BY ALL ORDER BY c.place, r.category
            """,  # noqa: S608 (fixed SQL text composed; every value is a parameter)
            parameters,
        ).fetchnumpy()
        groups = cursor.execute("SELECT id, group_key FROM question_groups ORDER BY id").fetchnumpy()
        self._ids = interviews["id"].to_numpy(dtype=np.int64)
        self._place = {int(interview_id): place for place, interview_id in enumerate(self._ids)}
        self._days = np.asarray([day.date() for day in interviews["interview_date"]], dtype=object)
        self._company = interviews["company"].to_numpy(dtype=object)
        self._round = interviews["round"].to_numpy(dtype=object)
        self._application = interviews["application_id"].to_numpy(dtype=np.int64)
        self._group_ids = np.asarray(groups["id"], dtype=np.int64)
        self._group_keys = np.asarray(groups["group_key"], dtype=object)
        self._pair_place = np.asarray(pairs["place"], dtype=np.int64)
        self._pair_group = np.searchsorted(self._group_ids, np.asarray(pairs["group_id"], dtype=np.int64))
        self._pair_times = np.asarray(pairs["times"], dtype=np.int64)
        base_mistakes = (
            cursor.execute(_BASE_MISTAKES, {"since": since}).df()
            if since is not None
            else pd.DataFrame({"category": [], "interviews": [], "times": []})
        )
        window_categories = np.asarray(mistakes["category"], dtype=object)
        self._categories = np.unique(
            np.concatenate([window_categories, base_mistakes["category"].to_numpy(dtype=object)])
        )
        self._mistake_place = np.asarray(mistakes["place"], dtype=np.int64)
        self._mistake_category = np.searchsorted(self._categories, window_categories)
        self._mistake_times = np.asarray(mistakes["times"], dtype=np.int64)
        self._base_mistakes = np.zeros((2, len(self._categories)), dtype=np.int64)
        where = np.searchsorted(self._categories, base_mistakes["category"].to_numpy(dtype=object))
        self._base_mistakes[0, where] = base_mistakes["interviews"].to_numpy(dtype=np.int64)
        self._base_mistakes[1, where] = base_mistakes["times"].to_numpy(dtype=np.int64)
        self._base_counts: dict[tuple[str, str], np.ndarray] = {}
        self._base_totals: dict[tuple[str, str], tuple[int, int]] = {}
        if since is not None:
            self._load_base(cursor, since)

    def _load_base(self, cursor: duckdb.DuckDBPyConnection, since: dt.date) -> None:
        keys = {
            "applications": sorted({str(int(value)) for value in self._application if value >= 0}),
            "companies": sorted(set(self._company)),
            "rounds": sorted(set(self._round)),
        }
        summed = cursor.execute(_BASE_COUNTS, {"since": since, **keys}).df()
        totals = summed["group_id"].isna()
        for dimension, key, interviews, questions in (
            summed[totals].drop(columns="group_id").itertuples(index=False)
        ):
            self._base_totals[(dimension, key)] = (int(interviews), int(questions))
        for (dimension, key), rows in summed[~totals].groupby(["dimension", "key"]):
            table = np.zeros((2, len(self._group_ids)), dtype=np.int64)
            where = np.searchsorted(self._group_ids, rows["group_id"].to_numpy(dtype=np.int64))
            table[0, where] = rows["interviews"].to_numpy(dtype=np.int64)
            table[1, where] = rows["times"].to_numpy(dtype=np.int64)
            self._base_counts[(dimension, key)] = table

    def _base(self, dimension: str, key: str) -> np.ndarray:
        """Interviews and times per group before the window (zeros without one)."""
        return self._base_counts.get((dimension, key), np.zeros((2, len(self._group_ids)), dtype=np.int64))

    def target(self, interview_id: int) -> BriefTarget:
        """The target of the brief made before this interview (its role is only needed to find its
        application, which is known)."""
        place = self._place[interview_id]
        application = int(self._application[place])
        return BriefTarget(
            self._company[place],
            "",
            self._round[place],
            None if application < 0 else application,
            self._days[place],
            interview_id,
        )

    def _rows_of(self, places: np.ndarray, interview_id: int) -> slice:
        place = self._place[interview_id]
        return slice(
            int(np.searchsorted(places, place, "left")), int(np.searchsorted(places, place, "right"))
        )

    def asked_keys(self, interview_id: int) -> set[str]:
        return set(self._group_keys[self._pair_group[self._rows_of(self._pair_place, interview_id)]])

    def mistakes_of(self, interview_id: int) -> set[str]:
        return set(self._categories[self._mistake_category[self._rows_of(self._mistake_place, interview_id)]])

    def _chosen(self, target: BriefTarget) -> np.ndarray:
        """Which interviews the target's brief may learn from (a mask over them)."""
        chosen = np.zeros(len(self._ids), dtype=bool)
        chosen[: int(np.searchsorted(self._days, target.before, side="left"))] = True
        if target.exclude_interview_id in self._place:
            chosen[self._place[target.exclude_interview_id]] = False
        return chosen

    def counts(self, target: BriefTarget) -> tuple[_Counts, _Totals]:
        """The per-group counts and totals `make_brief` takes from SQL, for a target with a `before` day."""
        chosen = self._chosen(target)
        application = -1 if target.application_id is None else target.application_id
        company, round_ = _company_key(target.company), _company_key(target.round)
        masks = (
            chosen & (self._application == application) & (application >= 0),
            chosen & (self._company == company),
            chosen & (self._round == round_) & bool(round_),
        )
        bases = [
            self._base("all", ""),
            self._base("application", str(application)) if application >= 0 else self._base("none", ""),
            self._base("company", company),
            self._base("round", round_) if round_ else self._base("none", ""),
        ]
        size = len(self._group_ids)
        rows = [mask[self._pair_place] for mask in (chosen, *masks)]
        columns = [
            np.bincount(self._pair_group[row], minlength=size) + base[0]
            for row, base in zip(rows, bases, strict=True)
        ]
        # The times asked, in all, in the application's rounds and in rounds of the type (whole numbers).
        times = [
            np.bincount(
                self._pair_group[rows[at]], weights=self._pair_times[rows[at]], minlength=size
            ).astype(np.int64)
            + bases[at][1]
            for at in (0, 1, 3)
        ]
        asked = columns[0] > 0
        counts = _Counts(
            self._group_ids[asked].astype(object),
            self._group_keys[asked],
            *(column[asked] for column in (*columns, *times)),
        )
        totals = [
            self._base_totals.get(("all", ""), (0, 0)),
            self._base_totals.get(("application", str(application)), (0, 0)) if application >= 0 else (0, 0),
            self._base_totals.get(("company", company), (0, 0)),
            self._base_totals.get(("round", round_), (0, 0)) if round_ else (0, 0),
        ]
        interviews = [
            int(mask.sum()) + total[0] for mask, total in zip((chosen, *masks), totals, strict=True)
        ]
        questions = [int(self._pair_times[rows[at]].sum()) + totals[at][1] for at in (0, 1, 3)]
        return counts, _Totals(*interviews, *questions)

    def recurring_mistakes(self, target: BriefTarget) -> list[str]:
        """The categories `recurring_mistakes` lists for the target."""
        rows = self._chosen(target)[self._mistake_place]
        size = len(self._categories)
        interviews = np.bincount(self._mistake_category[rows], minlength=size) + self._base_mistakes[0]
        times = (
            np.bincount(self._mistake_category[rows], weights=self._mistake_times[rows], minlength=size)
            + self._base_mistakes[1]
        )
        recurring = np.flatnonzero(interviews >= RECURRING_AT_LEAST)
        order = _first([(-interviews[i], -times[i], self._categories[i]) for i in recurring], MISTAKES_LISTED)
        return [self._categories[recurring[i]] for i in order]


@dataclass(frozen=True)
class Backtest:
    """One interview against the brief and the baseline made before it: the share of its question
    groups each listed (None when it had no grouped questions), the brief's mistakes and those avoided."""

    interview_id: int
    hit_rate: float | None
    baseline_hit_rate: float | None
    mistakes_listed: int
    mistakes_avoided: int


def backtest(history: History, interview_id: int, limit: int = EXPECTED_LIMIT) -> Backtest:
    """The brief (top `limit`) and the baseline (the `limit` most asked) before `interview_id`, scored."""
    target = history.target(interview_id)
    counts, totals = history.counts(target)
    scored, _, chosen = _scored(counts, totals, target.round, limit)
    listed = set(scored.group_key[chosen])
    baseline = set(most_asked(counts, limit))
    came_up = history.asked_keys(interview_id)
    mistakes = history.recurring_mistakes(target)
    avoided = [category for category in mistakes if category not in history.mistakes_of(interview_id)]

    def rate(keys: set[str]) -> float | None:
        return len(came_up & keys) / len(came_up) if came_up else None

    return Backtest(interview_id, rate(listed), rate(baseline), len(mistakes), len(avoided))


BRIEF_HITS_COLUMNS = [
    "interview_id", "interview_date", "company", "round", "hit_rate", "baseline_hit_rate",
    "mistakes_listed", "mistakes_avoided",
]  # fmt: skip


def brief_hit_rates(
    cursor: duckdb.DuckDBPyConnection,
    interview_filter: InterviewFilter,
    limit: int = EXPECTED_LIMIT,
    most_recent: int = MAX_PREPARED,
) -> pd.DataFrame:
    """One row per prepared interview (debriefed from a scheduled plan) in the filter, the latest
    `most_recent` of them, oldest first: its date, company and round, the share of its question groups
    its brief listed in the top `limit` and the baseline's share (your `limit` most asked before it),
    and how many recurring mistakes the brief listed and how many of them were avoided."""
    condition, parameters = interview_filter.where("i")
    prepared = cursor.execute(
        f"""
        SELECT i.id AS interview_id, i.interview_date, i.company, i.round FROM interviews i
        WHERE {condition} AND i.id IN (SELECT interview_id FROM scheduled_interviews
                                       WHERE interview_id IS NOT NULL)
        ORDER BY i.interview_date DESC, i.id DESC LIMIT $most_recent
        """,  # noqa: S608 (fixed SQL text composed; every value is a parameter)
        {**parameters, "most_recent": most_recent},
    ).df()
    if prepared.empty:
        return pd.DataFrame(columns=BRIEF_HITS_COLUMNS)
    history = History(
        cursor, through=prepared["interview_date"].max().date(), since=prepared["interview_date"].min().date()
    )
    scored = [backtest(history, int(interview_id), limit) for interview_id in prepared["interview_id"]]
    figures = pd.DataFrame([vars(result) for result in scored])
    frame = prepared.merge(figures, on="interview_id")
    frame = frame.sort_values(["interview_date", "interview_id"], ignore_index=True)
    return frame[BRIEF_HITS_COLUMNS].astype({"hit_rate": float, "baseline_hit_rate": float})


# --- The brief as Markdown and as a print-ready page ------------------------------------------------


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&$])")


def markdown_text(text: object) -> str:
    """User text as Markdown shows it literally, on one line: every character Markdown could act on is
    escaped, and line breaks become spaces (a brief's items are one line each)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _title(brief: Brief) -> str:
    target = brief.target
    details = ", ".join(part.strip() for part in (target.role, target.round) if part.strip())
    return f"{target.company.strip()}" + (f": {details}" if details else "")


def _earlier(brief: Brief) -> str:
    count = brief.interviews_used
    return f"{count:,} earlier debrief{'' if count == 1 else 's'}"


def _rating(value) -> str:
    return "not rated" if pd.isna(value) else f"{int(value)}/5"


def _empty_lines(brief: Brief) -> dict[str, str]:
    company = brief.target.company.strip()
    return {
        "expected": "No questions to expect yet: debrief a few interviews and add their questions.",
        "mistakes": "No mistake has come up in two interviews yet. Keep debriefing to see your patterns.",
        "strengths": "No strengths noted yet: add what went well to your debriefs.",
        "company": f"No debriefs at {company} yet. After this interview, debrief it here.",
        "logistics": "Nothing scheduled: add the interview to your plans to keep its time and people here.",
    }


def _expected_lines(row) -> list[str]:
    """The lines under one expected question, as (label, user text or None, plain text) pieces."""
    lines = [("Why", None, row.why)]
    if row.best_answer:
        lines.append(("Your best answer so far", row.best_answer, None))
    if row.times_asked:
        off_guard = "; it caught you off guard before" if row.off_guard_before else ""
        lines.append(("Last rating", None, f"{_rating(row.last_rating)}{off_guard}"))
    return lines


def _company_line(row) -> tuple[str, list[tuple[str, str]]]:
    """An earlier round at the company: a plain heading, and labelled pieces of the user's text."""
    day = pd.Timestamp(row.interview_date).strftime("%d %b %Y")
    professionalism = (
        "" if pd.isna(row.professionalism) else f", professionalism {int(row.professionalism)}/5"
    )
    pieces = [
        ("Round", row.round or "(round not noted)"),
        ("Role", row.role),
        ("Outcome", row.outcome or "(not noted)"),
        ("Interviewers", row.interviewers),
        ("Notes on the interviewer", row.interviewer_notes),
    ]
    return f"{day}{professionalism}", [(label, text) for label, text in pieces if text]


def brief_markdown(brief: Brief, logistics: Mapping[str, str] | None = None) -> str:
    """The brief as a Markdown document; everything the user typed is shown literally."""
    md = markdown_text
    empty = _empty_lines(brief)
    lines = [f"# Brief: {md(_title(brief))}", ""]
    lines += [f"Made from {_earlier(brief)}.", "", "## Logistics", ""]
    if logistics:
        lines += [f"- **{md(label)}:** {md(value)}" for label, value in logistics.items()]
    else:
        lines.append(empty["logistics"])
    lines += ["", "## Questions to expect", ""]
    for row in brief.expected.itertuples(index=False):
        lines.append(f"{row.rank}. **{md(row.question)}** ({md(row.category)})")
        for label, user_text, plain in _expected_lines(row):
            lines.append(f"    - {label}: {md(user_text if user_text is not None else plain)}")
    if brief.expected.empty:
        lines.append(empty["expected"])
    lines += ["", "## Mistakes you keep making", ""]
    for row in brief.mistakes.itertuples(index=False):
        lines.append(f"- **{md(row.category)}**: in {row.interviews} interviews ({row.times} times)")
        lines += [f"    - Next time: {md(text)}" for text in row.next_time]
    if brief.mistakes.empty:
        lines.append(empty["mistakes"])
    lines += ["", "## Strengths to lead with", ""]
    for row in brief.strengths.itertuples(index=False):
        example = f": {md(row.example)}" if row.example else ""
        lines.append(f"- **{md(row.category)}** (in {row.interviews} interviews){example}")
    if brief.strengths.empty:
        lines.append(empty["strengths"])
    lines += ["", f"## What you noted about {md(brief.target.company.strip())}", ""]
    for row in brief.company_history.itertuples(index=False):
        heading, pieces = _company_line(row)
        lines.append(f"- {heading}")
        lines += [f"    - {label}: {md(text)}" for label, text in pieces]
    if brief.company_history.empty:
        lines.append(md(empty["company"]))
    lines += ["", "## Questions to ask them", ""]
    lines += [f"- {md(text)}" for text in brief.questions_to_ask]
    return "\n".join(lines) + "\n"


_PAGE_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a;
       max-width: 46rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.15rem; border-bottom: 1px solid #bbb; padding-bottom: 0.2rem; margin-top: 1.6rem; }
.made-from { color: #555; margin-top: 0; }
.why, .detail { color: #444; }
.answer { white-space: pre-wrap; }
.empty { color: #555; font-style: italic; }
dt { font-weight: 600; } dd { margin: 0 0 0.4rem 0; }
li { margin-bottom: 0.35rem; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  h2 { break-after: avoid; }
  li, dd { break-inside: avoid; }
}
"""


def _h(text: object) -> str:
    return html.escape(str(text), quote=True)


def _html_section(title: str, items: list[str], empty_line: str, tag: str = "ul") -> list[str]:
    if not items:
        return [f"<h2>{title}</h2>", f'<p class="empty">{_h(empty_line)}</p>']
    return [f"<h2>{title}</h2>", f"<{tag}>", *items, f"</{tag}>"]


def brief_html(brief: Brief, logistics: Mapping[str, str] | None = None) -> str:
    """The brief as one self-contained, print-ready HTML page (inline style, nothing fetched); everything
    the user typed is escaped."""
    empty = _empty_lines(brief)
    expected = []
    for row in brief.expected.itertuples(index=False):
        details = "".join(
            f'<div class="{"answer" if user_text is not None else "why"}">{label}: '
            f"{_h(user_text if user_text is not None else plain)}</div>"
            for label, user_text, plain in _expected_lines(row)
        )
        expected.append(f"<li><strong>{_h(row.question)}</strong> ({_h(row.category)}){details}</li>")
    mistakes = [
        f"<li><strong>{_h(row.category)}</strong>: in {row.interviews} interviews ({row.times} times)"
        + "".join(f'<div class="detail">Next time: {_h(text)}</div>' for text in row.next_time)
        + "</li>"
        for row in brief.mistakes.itertuples(index=False)
    ]
    strengths = [
        f"<li><strong>{_h(row.category)}</strong> (in {row.interviews} interviews)"
        + (f'<div class="detail">{_h(row.example)}</div>' if row.example else "")
        + "</li>"
        for row in brief.strengths.itertuples(index=False)
    ]
    company = []
    for row in brief.company_history.itertuples(index=False):
        heading, pieces = _company_line(row)
        company.append(
            f"<li>{_h(heading)}"
            + "".join(f'<div class="detail">{label}: {_h(text)}</div>' for label, text in pieces)
            + "</li>"
        )
    logistics_items = [
        f"<dt>{_h(label)}</dt><dd>{_h(value)}</dd>" for label, value in (logistics or {}).items()
    ]
    body = [
        f"<h1>Brief: {_h(_title(brief))}</h1>",
        f'<p class="made-from">Made from {_earlier(brief)}.</p>',
        *_html_section("Logistics", logistics_items, empty["logistics"], "dl"),
        *_html_section("Questions to expect", expected, empty["expected"], "ol"),
        *_html_section("Mistakes you keep making", mistakes, empty["mistakes"]),
        *_html_section("Strengths to lead with", strengths, empty["strengths"]),
        *_html_section(f"What you noted about {_h(brief.target.company.strip())}", company, empty["company"]),
        *_html_section(
            "Questions to ask them", [f"<li>{_h(text)}</li>" for text in brief.questions_to_ask], ""
        ),
    ]
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>Brief: {_h(_title(brief))}</title>",
            f"<style>{_PAGE_STYLE}</style>",
            "</head>",
            "<body>",
            *body,
            "</body>",
            "</html>",
            "",
        ]
    )


def scheduled_logistics(
    cursor: duckdb.DuckDBPyConnection, target: BriefTarget, now: dt.datetime
) -> dict[str, str]:
    """When, how and with whom: the next plan not debriefed yet at the target's company (its role and
    round when given) that has not started before `now`; empty when there is none."""
    row = first_row(
        cursor,
        """
        SELECT s.starts_at, s.duration_minutes, s.format, s.interviewers, s.notes, s.round
        FROM scheduled_interviews s JOIN applications a ON a.id = s.application_id
        WHERE s.interview_id IS NULL AND s.starts_at >= $now AND lower(trim(a.company)) = $company
          AND ($role = '' OR lower(trim(a.role)) = $role) AND ($round = '' OR lower(trim(s.round)) = $round)
        ORDER BY s.starts_at, s.id LIMIT 1
        """,
        {
            "now": now,
            "company": _company_key(target.company),
            "role": _company_key(target.role),
            "round": _company_key(target.round),
        },
    )
    if row is None:
        return {}
    starts_at, minutes, format_, interviewers, notes, round_ = row
    found = {
        "When": f"{starts_at:%A %d %B %Y, %H:%M} ({minutes} minutes)",
        "Round": round_,
        "Format": format_,
        "Interviewers": interviewers,
        "Notes": notes,
    }
    return {label: value for label, value in found.items() if value}
