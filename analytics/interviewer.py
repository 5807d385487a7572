"""The other side of the table: how the interviewer behaved, how much was in my control, and how far
interviews got. Not every bad interview was the candidate's fault; these frames show when it was not.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from analytics.filters import InterviewFilter
from analytics.patterns import DRILL_DOWN_LIMIT
from analytics.scope import (
    ANSWER_RATINGS,
    BAD_AVERAGE_RATING,
    BAD_OUTCOME,
    UNPROFESSIONAL_AT_MOST,
    chosen_interviews,
    recorded,
)
from debrief.models import taxonomy
from debrief.store import RowsPage

BAD_INTERVIEWS = "Bad interviews"
# The chosen interviews the interviewer was evaluated in, with my average answer rating where I gave one.
_EVALUATED = """
    FROM chosen c JOIN interviewer_evaluations e ON e.interview_id = c.id
    LEFT JOIN answer_ratings a ON a.interview_id = c.id"""
OTHER_INTERVIEWS = "Other interviews"


def professionalism_vs_ratings(
    cursor: duckdb.DuckDBPyConnection, interview_filter: InterviewFilter
) -> pd.DataFrame:
    """Per professionalism rating (1–5) given to the interviewer: interviews, the average of my own answer
    ratings there (each interview's average, averaged), and how much was in my control on average.
    """
    chosen, parameters = chosen_interviews(interview_filter)
    sql = f"""
        WITH {chosen}, {ANSWER_RATINGS}
        SELECT e.professionalism,
               count(*) AS interviews,
               avg(a.rating) AS average_answer_rating,
               count(a.rating) AS interviews_with_rated_answers,
               avg(e.in_my_control) AS average_in_my_control
        {_EVALUATED}
        WHERE e.professionalism IS NOT NULL
        GROUP BY e.professionalism
        ORDER BY e.professionalism
    """
    return cursor.execute(sql, parameters).df()


def blame_split_by_month(
    cursor: duckdb.DuckDBPyConnection, interview_filter: InterviewFilter
) -> pd.DataFrame:
    """Per month: how much of what went wrong was in my control (average %, and the rest), over all
    interviews and over the bad ones only (empty when the month had none).
    """
    chosen, parameters = chosen_interviews(interview_filter)
    sql = f"""
        WITH {chosen}, {ANSWER_RATINGS}
        SELECT c.month,
               count(*) AS interviews,
               avg(e.in_my_control) AS in_my_control,
               100 - avg(e.in_my_control) AS outside_my_control,
               count(*) FILTER (WHERE {_IS_BAD}) AS bad_interviews,
               avg(e.in_my_control) FILTER (WHERE {_IS_BAD}) AS in_my_control_when_bad
        {_EVALUATED}
        GROUP BY c.month
        ORDER BY c.month
    """
    return cursor.execute(sql, {**parameters, **_BAD_PARAMETERS}).df()


_IS_BAD = "(c.outcome = $bad_outcome OR coalesce(a.rating <= $bad_rating, false))"
_BAD_PARAMETERS = {"bad_outcome": BAD_OUTCOME, "bad_rating": BAD_AVERAGE_RATING}


def unprofessional_in_bad_interviews(
    cursor: duckdb.DuckDBPyConnection, interview_filter: InterviewFilter
) -> pd.DataFrame:
    """Two rows, bad interviews then the others: how many, how many had the interviewer's professionalism
    rated, how many of those had an unprofessional interviewer, and that share (empty when none rated).
    """
    chosen, parameters = chosen_interviews(interview_filter)
    sql = f"""
        WITH {chosen}, {ANSWER_RATINGS},
        judged AS (
            SELECT {_IS_BAD} AS bad, e.professionalism
            FROM chosen c LEFT JOIN answer_ratings a ON a.interview_id = c.id
            LEFT JOIN interviewer_evaluations e ON e.interview_id = c.id
        ),
        grouped AS (
            SELECT bad,
                   count(*) AS interviews,
                   count(professionalism) AS rated,
                   count(*) FILTER (WHERE professionalism <= $unprofessional) AS unprofessional
            FROM judged GROUP BY bad
        )
        SELECT g.name AS interviews_group,
               coalesce(x.interviews, 0) AS interviews,
               coalesce(x.rated, 0) AS rated,
               coalesce(x.unprofessional, 0) AS with_unprofessional_interviewer,
               x.unprofessional / nullif(x.rated, 0) AS share
        FROM (VALUES ($bad_name, true, 1), ($other_name, false, 2)) g(name, bad, position)
        LEFT JOIN grouped x ON x.bad = g.bad
        ORDER BY g.position
    """  # noqa: S608 (fixed SQL text composed; every value is a parameter)
    return cursor.execute(
        sql,
        {
            **parameters,
            **_BAD_PARAMETERS,
            "unprofessional": UNPROFESSIONAL_AT_MOST,
            "bad_name": BAD_INTERVIEWS,
            "other_name": OTHER_INTERVIEWS,
        },
    ).df()


def outcomes_by_round(cursor: duckdb.DuckDBPyConnection, interview_filter: InterviewFilter) -> pd.DataFrame:
    """Interviews per round and outcome, with the outcome's share of the round: how far interviews got.

    Rounds and outcomes in the taxonomy's order (earliest round first), others after by name.
    """
    condition, parameters = interview_filter.where("i")
    # Materialised: otherwise the window over rounds is planned as a self-join that counts twice.
    sql = f"""
        WITH counted AS MATERIALIZED (
            SELECT i.round, i.outcome, count(*) AS interviews
            FROM interviews i WHERE {condition}
            GROUP BY i.round, i.outcome
        )
        SELECT {recorded("round")} AS round, {recorded("outcome")} AS outcome, interviews,
               interviews / sum(interviews) OVER (PARTITION BY round) AS share_of_round
        FROM counted
        ORDER BY coalesce(list_position($rounds, counted.round), 1000), counted.round,
                 coalesce(list_position($outcomes, counted.outcome), 1000), counted.outcome
    """  # noqa: S608 (fixed SQL text composed; every value is a parameter)
    lists = taxonomy()
    return cursor.execute(sql, {**parameters, "rounds": lists["round"], "outcomes": lists["outcome"]}).df()


def interviews_behind(
    cursor: duckdb.DuckDBPyConnection,
    interview_filter: InterviewFilter,
    *,
    round_label: str | None = None,
    outcome_label: str | None = None,
    professionalism: int | None = None,
    limit: int = DRILL_DOWN_LIMIT,
) -> RowsPage:
    """The interviews behind a bar of `outcomes_by_round` (round and outcome as labelled there) or of
    `professionalism_vs_ratings`, newest first.
    """
    chosen, parameters = chosen_interviews(interview_filter)
    sql = f"""
        WITH {chosen}, {ANSWER_RATINGS}
        SELECT i.id AS interview_id, i.interview_date, i.company, i.role, i.round, i.outcome,
               e.professionalism, a.rating AS average_answer_rating, e.in_my_control,
               count(*) OVER () AS total
        FROM chosen c JOIN interviews i ON i.id = c.id
        LEFT JOIN interviewer_evaluations e ON e.interview_id = c.id
        LEFT JOIN answer_ratings a ON a.interview_id = c.id
        WHERE ($round IS NULL OR {recorded("i.round")} = $round)
          AND ($outcome IS NULL OR {recorded("i.outcome")} = $outcome)
          AND ($professionalism IS NULL OR e.professionalism = $professionalism)
        ORDER BY i.interview_date DESC, i.id DESC
        LIMIT $limit
    """  # noqa: S608 (fixed SQL text composed; every value is a parameter)
    frame = cursor.execute(
        sql,
        {
            **parameters,
            "round": round_label,
            "outcome": outcome_label,
            "professionalism": professionalism,
            "limit": limit,
        },
    ).df()
    return RowsPage.from_frame(frame)
