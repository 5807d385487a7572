"""What keeps happening across interviews: recurring mistakes and strengths, trends, the month heat map.

Every function takes a DuckDB cursor and an `InterviewFilter` and returns a small pandas frame,
aggregated in SQL, so the pages stay fast however many debriefs there are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import duckdb
import pandas as pd

from analytics.filters import InterviewFilter
from analytics.scope import chosen_ids, chosen_interviews, distinct_interviews
from debrief.models import Kind
from debrief.store import RowsPage

# The rolling trend averages over this many interviews, and the monthly one over this many months.
ROLLING_INTERVIEWS = 5
ROLLING_MONTHS = 3
# The rolling trend is thinned to at most this many points: a chart cannot show more anyway.
MAX_TREND_POINTS = 400
DRILL_DOWN_LIMIT = 200
# "Going down" fits a straight line through each interview's mistakes, oldest to newest, and compares
# where it ends with where it starts; a change under 10 % either way is "steady". A line through
# every interview is steadier than comparing a few recent ones, which one bad day can swing.
MIN_TREND_INTERVIEWS = 6
STEADY_WITHIN = 0.10


def recurring_items(
    cursor: duckdb.DuckDBPyConnection, interview_filter: InterviewFilter, kind: Kind
) -> pd.DataFrame:
    """Per category: items, interviews where it appeared, their share of all chosen interviews, last seen.

    Most widespread first (interviews, then items, then name).
    """
    chosen, parameters = chosen_interviews(interview_filter)
    ids = chosen_ids(cursor, interview_filter)
    distinct, distinct_parameters = distinct_interviews(ids, "r.interview_id")
    sql = f"""
        WITH {chosen},
        counted AS (
            SELECT r.category, count(*) AS items, {distinct} AS interviews, max(c.interview_date) AS last_seen
            FROM reflections r JOIN chosen c ON c.id = r.interview_id
            WHERE r.kind = $kind
            GROUP BY r.category
        )
        SELECT category, items, interviews, interviews / $total AS share, last_seen
        FROM counted
        ORDER BY interviews DESC, items DESC, category
    """  # noqa: S608 (fixed SQL text composed; every value is a parameter)
    return cursor.execute(sql, {**parameters, **distinct_parameters, "kind": kind, "total": ids.count}).df()


def recurring_mistakes(cursor: duckdb.DuckDBPyConnection, interview_filter: InterviewFilter) -> pd.DataFrame:
    return recurring_items(cursor, interview_filter, "mistake")


def recurring_strengths(cursor: duckdb.DuckDBPyConnection, interview_filter: InterviewFilter) -> pd.DataFrame:
    return recurring_items(cursor, interview_filter, "strength")


def monthly_trend(cursor: duckdb.DuckDBPyConnection, interview_filter: InterviewFilter) -> pd.DataFrame:
    """Per month with interviews: mistakes and strengths per interview, and over the last ROLLING_MONTHS.

    The rolling figures pool the months (total items / total interviews), so a busy month weighs more.
    """
    chosen, parameters = chosen_interviews(interview_filter)
    # Summing 0/1 flags over a million items is cheaper than two filtered counts.
    sql = f"""
        WITH {chosen},
        interviews_by_month AS (SELECT month, count(*) AS interviews FROM chosen GROUP BY month),
        items_by_month AS (
            SELECT c.month,
                   sum((r.kind = 'mistake')::INTEGER)::BIGINT AS mistakes,
                   sum((r.kind = 'strength')::INTEGER)::BIGINT AS strengths
            FROM reflections r JOIN chosen c ON c.id = r.interview_id
            GROUP BY c.month
        ),
        monthly AS (
            SELECT m.month, m.interviews,
                   coalesce(i.mistakes, 0) AS mistakes, coalesce(i.strengths, 0) AS strengths
            FROM interviews_by_month m LEFT JOIN items_by_month i USING (month)
        )
        SELECT month, interviews, mistakes, strengths,
               mistakes / interviews AS mistakes_per_interview,
               strengths / interviews AS strengths_per_interview,
               sum(mistakes) OVER recent / sum(interviews) OVER recent AS rolling_mistakes_per_interview,
               sum(strengths) OVER recent / sum(interviews) OVER recent AS rolling_strengths_per_interview
        FROM monthly
        WINDOW recent AS (ORDER BY month RANGE BETWEEN INTERVAL ($months - 1) MONTH PRECEDING AND CURRENT ROW)
        ORDER BY month
    """  # noqa: S608 (fixed SQL text composed; every value is a parameter)
    return cursor.execute(sql, {**parameters, "months": ROLLING_MONTHS}).df()


def rolling_trend(cursor: duckdb.DuckDBPyConnection, interview_filter: InterviewFilter) -> pd.DataFrame:
    """Interview by interview (oldest first): mistakes and strengths, and their average over the last
    ROLLING_INTERVIEWS interviews. More than MAX_TREND_POINTS interviews are thinned evenly, keeping
    the latest; `interview_number` counts every chosen interview.
    """
    chosen, parameters = chosen_interviews(interview_filter)
    # Only the shown interviews and the few their averages reach back to have their items counted:
    # counting every interview's items and averaging over all of them costs far more. Interview n is
    # shown when (total - n) is a multiple of the step, so it is reached when the remainder is below
    # the window.
    sql = f"""
        WITH {chosen},
        thinned AS (
            SELECT count(*) AS total, greatest(1, ceil(count(*) / $max_points))::BIGINT AS step FROM chosen
        ),
        numbered AS (
            SELECT id, interview_date, row_number() OVER (ORDER BY interview_date, id) AS interview_number
            FROM chosen
        ),
        reached AS (
            SELECT n.*, (thinned.total - n.interview_number) % thinned.step = 0 AS shown
            FROM numbered n CROSS JOIN thinned
            WHERE (thinned.total - n.interview_number) % thinned.step < $window
        ),
        counted AS (
            SELECT r.interview_id,
                   count(*) FILTER (WHERE r.kind = 'mistake') AS mistakes,
                   count(*) FILTER (WHERE r.kind = 'strength') AS strengths
            FROM reflections r JOIN reached ON reached.id = r.interview_id
            GROUP BY r.interview_id
        ),
        rolled AS (
            SELECT x.interview_number, x.id AS interview_id, x.interview_date, x.shown,
                   coalesce(n.mistakes, 0) AS mistakes, coalesce(n.strengths, 0) AS strengths,
                   avg(coalesce(n.mistakes, 0)) OVER recent AS rolling_mistakes,
                   avg(coalesce(n.strengths, 0)) OVER recent AS rolling_strengths
            FROM reached x LEFT JOIN counted n ON n.interview_id = x.id
            WINDOW recent AS (ORDER BY x.interview_number RANGE BETWEEN $window - 1 PRECEDING AND CURRENT ROW)
        )
        SELECT interview_number, interview_id, interview_date, mistakes, strengths,
               rolling_mistakes, rolling_strengths
        FROM rolled WHERE shown
        ORDER BY interview_number
    """  # noqa: S608 (fixed SQL text composed; every value is a parameter)
    return cursor.execute(
        sql, {**parameters, "window": ROLLING_INTERVIEWS, "max_points": MAX_TREND_POINTS}
    ).df()


def category_heatmap(
    cursor: duckdb.DuckDBPyConnection, interview_filter: InterviewFilter, kind: Kind
) -> pd.DataFrame:
    """Every category × every month with interviews: items, interviews where it appeared, and their share
    of that month's interviews (0 where it did not appear). Categories in the order of `recurring_items`.
    """
    chosen, parameters = chosen_interviews(interview_filter)
    distinct, distinct_parameters = distinct_interviews(
        chosen_ids(cursor, interview_filter), "r.interview_id"
    )
    sql = f"""
        WITH {chosen},
        months AS (SELECT month, count(*) AS interviews_that_month FROM chosen GROUP BY month),
        hits AS (
            SELECT r.category, c.month, count(*) AS items, {distinct} AS interviews
            FROM reflections r JOIN chosen c ON c.id = r.interview_id
            WHERE r.kind = $kind
            GROUP BY r.category, c.month
        ),
        ranked AS (
            SELECT category,
                   row_number() OVER (ORDER BY sum(interviews) DESC, sum(items) DESC, category) AS rank
            FROM hits GROUP BY category
        )
        SELECT k.category, m.month,
               coalesce(h.items, 0) AS items,
               coalesce(h.interviews, 0) AS interviews,
               m.interviews_that_month,
               coalesce(h.interviews, 0) / m.interviews_that_month AS share
        FROM ranked k CROSS JOIN months m
        LEFT JOIN hits h ON h.category = k.category AND h.month = m.month
        ORDER BY k.rank, m.month
    """  # noqa: S608 (fixed SQL text composed; every value is a parameter)
    return cursor.execute(sql, {**parameters, **distinct_parameters, "kind": kind}).df()


def items_behind(
    cursor: duckdb.DuckDBPyConnection,
    interview_filter: InterviewFilter,
    kind: Kind,
    category: str,
    limit: int = DRILL_DOWN_LIMIT,
) -> RowsPage:
    """The mistakes (or strengths) of one category within the filter, newest first, with the interview
    they belong to.
    """
    condition, parameters = interview_filter.where("i")
    # Sorting every match (a hundred thousand at scale) for one page costs more than finding the date
    # of the limit-th newest match first and sorting only the matches from that date on; the texts are
    # fetched for the page shown only.
    sql = f"""
        WITH matching AS (
            SELECT r.id, r.interview_id, r.position, i.interview_date
            FROM reflections r JOIN interviews i ON i.id = r.interview_id
            WHERE {condition} AND r.kind = $kind AND r.category = $category
        ),
        cutoff AS (SELECT count(*) AS total, max(interview_date, $limit)[-1] AS day FROM matching),
        page AS (
            SELECT m.* FROM matching m CROSS JOIN cutoff
            WHERE m.interview_date >= cutoff.day
            ORDER BY m.interview_date DESC, m.interview_id DESC, m.position
            LIMIT $limit
        )
        SELECT p.interview_id, p.interview_date, i.company, i.role, i.round,
               r.category, r.what_happened, r.severity, r.next_time, cutoff.total
        FROM page p JOIN reflections r ON r.id = p.id JOIN interviews i ON i.id = p.interview_id
        CROSS JOIN cutoff
        ORDER BY p.interview_date DESC, p.interview_id DESC, p.position
    """  # noqa: S608 (fixed SQL text composed; every value is a parameter)
    frame = cursor.execute(sql, {**parameters, "kind": kind, "category": category, "limit": limit}).df()
    return RowsPage.from_frame(frame)


def question_categories(cursor: duckdb.DuckDBPyConnection, interview_filter: InterviewFilter) -> pd.DataFrame:
    """Questions asked per category, and their share of all questions asked, most asked first."""
    chosen, parameters = chosen_interviews(interview_filter)
    sql = f"""
        WITH {chosen}
        SELECT q.category, count(*) AS questions, count(*) / sum(count(*)) OVER () AS share
        FROM questions q JOIN chosen c ON c.id = q.interview_id
        GROUP BY q.category
        ORDER BY questions DESC, q.category
    """  # noqa: S608 (fixed SQL text composed; every value is a parameter)
    return cursor.execute(sql, parameters).df()


@dataclass(frozen=True)
class MistakeTrend:
    """A straight line fitted through mistakes per interview, oldest to newest: its value at the first
    interview (`start`) and at the latest (`end`), never below zero."""

    interviews: int
    start: float
    end: float

    @property
    def direction(self) -> Literal["down", "up", "steady"]:
        if self.end < self.start * (1 - STEADY_WITHIN):
            return "down"
        if self.end > self.start * (1 + STEADY_WITHIN):
            return "up"
        return "steady"


def mistake_trend(
    cursor: duckdb.DuckDBPyConnection, interview_filter: InterviewFilter
) -> MistakeTrend | None:
    """The fitted trend of mistakes per interview; None with fewer than MIN_TREND_INTERVIEWS."""
    chosen, parameters = chosen_interviews(interview_filter)
    # Least squares of mistakes (y) against the interview's number (x = 1..n) needs only n, the sum of y
    # and the sum of x*y: each mistake adds its interview's number, so no per-interview counts are built.
    sql = f"""
        WITH {chosen},
        numbered AS (SELECT id, row_number() OVER (ORDER BY interview_date, id) AS number FROM chosen)
        SELECT (SELECT count(*) FROM chosen), count(*), coalesce(sum(n.number), 0)
        FROM reflections r JOIN numbered n ON n.id = r.interview_id
        WHERE r.kind = 'mistake'
    """  # noqa: S608 (fixed SQL text composed; every value is a parameter)
    interviews, mistakes, numbered_mistakes = cursor.execute(sql, parameters).fetchall()[0]
    if interviews < MIN_TREND_INTERVIEWS:
        return None
    return _fitted_trend(interviews, int(mistakes), int(numbered_mistakes))


def _fitted_trend(n: int, sum_y: int, sum_xy: int) -> MistakeTrend:
    """The least-squares line through (1, y1) … (n, yn), from n, the sum of y and the sum of x*y.

    Whole-number arithmetic until the last division, so the line is exact to the last bit.
    """
    sum_x = n * (n + 1) // 2
    sum_xx = n * (n + 1) * (2 * n + 1) // 6
    denominator = n * sum_xx - sum_x * sum_x
    slope = n * sum_xy - sum_x * sum_y
    intercept = sum_y * sum_xx - sum_x * sum_xy
    # The line's value at x is (intercept + slope * x) / denominator.
    start = (intercept + slope) / denominator
    end = (intercept + slope * n) / denominator
    return MistakeTrend(n, max(0.0, start), max(0.0, end))


def count_interviews(cursor: duckdb.DuckDBPyConnection, interview_filter: InterviewFilter) -> int:
    return chosen_ids(cursor, interview_filter).count


@dataclass(frozen=True)
class Leader:
    """The most frequent category of something, how many it counts, and its share."""

    category: str
    count: int
    share: float


def leader(frame: pd.DataFrame, count_column: str) -> Leader | None:
    """The first row of a ranked frame (category, `count_column`, share), if there is one."""
    if frame.empty:
        return None
    top = frame.iloc[0]
    return Leader(str(top["category"]), int(top[count_column]), float(top["share"]))


@dataclass(frozen=True)
class PatternSummary:
    """The headline numbers: what Home shows and the Dashboard's tiles start from."""

    interviews: int
    top_mistake: Leader | None
    top_strength: Leader | None
    top_question_category: Leader | None
    mistake_trend: MistakeTrend | None


def pattern_summary(
    cursor: duckdb.DuckDBPyConnection, interview_filter: InterviewFilter | None = None
) -> PatternSummary:
    """The headline numbers for the chosen interviews (all of them without a filter)."""
    interview_filter = interview_filter or InterviewFilter()
    return summarise(
        count_interviews(cursor, interview_filter),
        recurring_mistakes(cursor, interview_filter),
        recurring_strengths(cursor, interview_filter),
        question_categories(cursor, interview_filter),
        mistake_trend(cursor, interview_filter),
    )


def summarise(
    interviews: int,
    mistakes: pd.DataFrame,
    strengths: pd.DataFrame,
    questions: pd.DataFrame,
    trend: MistakeTrend | None,
) -> PatternSummary:
    """The summary from frames already computed (the Dashboard has them anyway)."""
    return PatternSummary(
        interviews=interviews,
        top_mistake=leader(mistakes, "interviews"),
        top_strength=leader(strengths, "interviews"),
        top_question_category=leader(questions, "questions"),
        mistake_trend=trend,
    )


def data_version(cursor: duckdb.DuckDBPyConnection) -> tuple:
    """Changes whenever a debrief is added, edited, deleted, imported or moved to another application,
    a plan is debriefed, or a practice card is rated or retired: what cached results hang on.

    Saving a debrief gives its interviews row a new id or version and time; the item counts catch
    writes that touch only items. Cheap: one pass over the interviews, small tables, counts for the rest.
    """
    sql = """
        SELECT (SELECT count(*) FROM interviews),
               (SELECT bit_xor(hash(id, version, updated_at, application_id)) FROM interviews),
               (SELECT count(*) FROM reflections),
               (SELECT count(*) FROM questions),
               (SELECT count(*) FROM interviewer_evaluations),
               (SELECT bit_xor(hash(id, interview_id)) FROM scheduled_interviews),
               (SELECT count(*) FROM practice_reviews),
               (SELECT bit_xor(hash(id, status)) FROM practice_cards)
    """
    return tuple(cursor.execute(sql).fetchall()[0])
