"""SQL pieces every pattern query shares: the interviews a filter chooses, and what makes one "bad"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb

from analytics.filters import InterviewFilter

# A bad interview, in plain words: rejected, or my answers averaged 2 out of 5 or lower.
BAD_OUTCOME = "Rejected"
BAD_AVERAGE_RATING = 2
# An unprofessional interviewer: professionalism rated 1 or 2 out of 5.
UNPROFESSIONAL_AT_MOST = 2
NOT_RECORDED = "(not recorded)"
BAD_INTERVIEW_RULE = (
    f"A bad interview is one with the outcome {BAD_OUTCOME}, or where your answers averaged "
    f"{BAD_AVERAGE_RATING}/5 or lower. An unprofessional interviewer is one you rated "
    f"{UNPROFESSIONAL_AT_MOST}/5 or lower for professionalism."
)


def chosen_interviews(interview_filter: InterviewFilter) -> tuple[str, dict[str, Any]]:
    """A `chosen` common table expression (id, interview_date, month, outcome) and its parameters."""
    condition, parameters = interview_filter.where("i")
    columns = "i.id, i.interview_date, date_trunc('month', i.interview_date)::DATE AS month, i.outcome"
    sql = f"chosen AS (SELECT {columns} FROM interviews i WHERE {condition})"  # noqa: S608 (parameterised)
    return sql, parameters


# Per-interview aggregates are computed over every interview and joined to `chosen` afterwards:
# restricting them to the chosen ones first (a semi-join over a million rows) costs more than it saves.

# Each interview's average answer rating (interviews without rated answers have no row).
ANSWER_RATINGS = """
answer_ratings AS (
    SELECT interview_id, avg(answer_rating) AS rating
    FROM questions WHERE answer_rating IS NOT NULL
    GROUP BY interview_id
)"""

# A bitmap over the interview id range counts distinct interviews per group 3-4 times faster than
# count(DISTINCT) at 100,000 interviews, but each group's bitmap spans the whole range: it is only
# used while the ids are dense (as the id sequence makes them), never for scattered imported ids.
_DENSE_IDS_PER_INTERVIEW = 4
_DENSE_IDS_SLACK = 10_000


@dataclass(frozen=True)
class ChosenIds:
    """How many interviews the filter chooses, and the range of their ids."""

    count: int
    first: int | None
    last: int | None


def chosen_ids(cursor: duckdb.DuckDBPyConnection, interview_filter: InterviewFilter) -> ChosenIds:
    condition, parameters = interview_filter.where("i")
    sql = f"SELECT count(*), min(i.id), max(i.id) FROM interviews i WHERE {condition}"  # noqa: S608 (parameterised)
    return ChosenIds(*cursor.execute(sql, parameters).fetchall()[0])


def distinct_interviews(ids: ChosenIds, column: str) -> tuple[str, dict[str, Any]]:
    """An SQL aggregate counting the distinct interview ids in `column` (which must be among the chosen),
    and its parameters."""
    if ids.count and ids.last - ids.first <= _DENSE_IDS_PER_INTERVIEW * ids.count + _DENSE_IDS_SLACK:
        return f"bit_count(bitstring_agg({column}, $first_id, $last_id))", {
            "first_id": ids.first,
            "last_id": ids.last,
        }
    return f"count(DISTINCT {column})", {}


def recorded(column: str) -> str:
    """An SQL expression showing an empty text column as NOT_RECORDED (a fixed string, not user input)."""
    return f"CASE WHEN {column} = '' THEN '{NOT_RECORDED}' ELSE {column} END"
