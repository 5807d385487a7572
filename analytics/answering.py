"""How the candidate answered, as call transcripts measured it: per interview, how long the answers ran,
how many ran over two minutes, filler words and the share of the talking. Are the answers getting
shorter? Fewer fillers?"""

from __future__ import annotations

import duckdb
import pandas as pd

from analytics.filters import InterviewFilter
from analytics.scope import chosen_interviews
from debrief.transcripts import LONG_ANSWER_SECONDS, WORDS_PER_MINUTE_ESTIMATE

# Interviews with a transcript are few (one per call the user had transcribed); past this many, the
# latest are shown.
MAX_ANSWERING_POINTS = 500


def answering_by_interview(
    cursor: duckdb.DuckDBPyConnection, interview_filter: InterviewFilter
) -> pd.DataFrame:
    """One row per chosen interview with transcript figures, oldest first: its date, company and round;
    answers measured, their average (of the questions answered at all) and longest talking time
    (seconds; empty where the file had no times), answers over two minutes (estimated from words
    without times), filler words per 100 words, the share of the talking (by time, else by words)
    and words per minute."""
    chosen, parameters = chosen_interviews(interview_filter)
    sql = f"""
        WITH {chosen},
        answers AS (
            SELECT interview_id,
                   count(*) AS answers,
                   avg(answer_seconds) FILTER (WHERE answer_words > 0) AS average_answer_seconds,
                   max(answer_seconds) AS longest_answer_seconds,
                   count(*) FILTER (
                       WHERE coalesce(answer_seconds, answer_words * 60.0 / $words_per_minute) > $long_seconds
                   ) AS long_answers
            FROM transcript_answers GROUP BY interview_id
        ),
        latest AS (
            SELECT c.id, c.interview_date FROM chosen c JOIN transcript_measures m ON m.interview_id = c.id
            ORDER BY c.interview_date DESC, c.id DESC LIMIT $max_points
        )
        SELECT l.id AS interview_id, l.interview_date, i.company, i.round,
               coalesce(a.answers, 0) AS answers,
               a.average_answer_seconds, a.longest_answer_seconds,
               coalesce(a.long_answers, 0) AS long_answers,
               m.fillers * 100.0 / nullif(m.my_words, 0) AS fillers_per_100_words,
               coalesce(m.my_seconds / nullif(m.everyone_seconds, 0),
                        m.my_words / nullif(m.everyone_words, 0)) AS my_share,
               m.my_words / nullif(m.my_seconds / 60, 0) AS words_per_minute
        FROM latest l
        JOIN interviews i ON i.id = l.id
        JOIN transcript_measures m ON m.interview_id = l.id
        LEFT JOIN answers a ON a.interview_id = l.id
        ORDER BY l.interview_date, l.id
    """  # noqa: S608 (parameterised)
    values = {
        **parameters,
        "words_per_minute": WORDS_PER_MINUTE_ESTIMATE,
        "long_seconds": LONG_ANSWER_SECONDS,
        "max_points": MAX_ANSWERING_POINTS,
    }
    return cursor.execute(sql, values).df()
