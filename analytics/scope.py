"""SQL pieces every pattern query shares: the interviews a filter chooses, and what makes one "bad"."""

from __future__ import annotations

from typing import Any

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


# Each chosen interview's average answer rating (interviews without rated answers have no row).
ANSWER_RATINGS = """
answer_ratings AS (
    SELECT interview_id, avg(answer_rating) AS rating
    FROM questions
    WHERE answer_rating IS NOT NULL AND interview_id IN (SELECT id FROM chosen)
    GROUP BY interview_id
)"""


def recorded(column: str) -> str:
    """An SQL expression showing an empty text column as NOT_RECORDED (a fixed string, not user input)."""
    return f"CASE WHEN {column} = '' THEN '{NOT_RECORDED}' ELSE {column} END"
