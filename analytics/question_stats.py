"""The questions you were asked, counted by group: most common, the practice list, every question.

Each function takes a cursor and the shared `InterviewFilter` and aggregates in DuckDB. They read the
stored groups (debrief.question_groups keeps them up to date); a question not grouped yet still
appears in the full list, with an empty group.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from analytics.filters import InterviewFilter
from debrief.matching.bank import BANK_PREFIX

# A rating not given counts as middling when ranking what to practise.
UNRATED_AS = 3

# Each group's usual wording and category among the rows of an `asked` relation (group_id, text,
# category): the text written most often (shortest when tied), the category given most often.
GROUP_WORDING = """
wording AS (
    SELECT group_id,
           arg_max(text, struct_pack(uses := uses, shorter := -length(text), text := text)) AS usual_text,
           arg_max(category, struct_pack(uses := category_uses, category := category)) AS usual_category
    FROM (
        SELECT group_id, text, category, count(*) OVER (PARTITION BY group_id, text) AS uses,
               count(*) OVER (PARTITION BY group_id, category) AS category_uses
        FROM asked
    )
    GROUP BY group_id
)"""
# A group's question and category as the lists show them (`g` the group, `w` its wording): the bank's
# wording for a bank question, else the usual one. Needs the parameter $bank_prefix.
GROUP_QUESTION = "CASE WHEN starts_with(g.group_key, $bank_prefix) THEN g.canonical ELSE w.usual_text END"
GROUP_CATEGORY = "coalesce(g.category, w.usual_category)"

# The questions in the filter with their interview and group, and each group's usual wording there.
_ASKED = f"""
WITH asked AS (
    SELECT q.id, q.interview_id, q.text, q.category, q.answer_rating, q.off_guard, q.notes,
           q.better_answer, i.company, i.interview_date, m.group_id
    FROM questions q
    JOIN interviews i ON i.id = q.interview_id
    JOIN question_text_groups m ON m.text = q.text
    WHERE {{condition}}
), {GROUP_WORDING}, by_group AS (
    SELECT a.group_id,
           {GROUP_QUESTION} AS question,
           {GROUP_CATEGORY} AS category,
           count(*) AS times_asked,
           count(DISTINCT a.interview_id) AS interviews,
           count(DISTINCT a.company) AS companies,
           max(a.interview_date) AS last_asked,
           round(avg(a.answer_rating), 2) AS average_rating,
           min(a.answer_rating) AS lowest_rating,
           count(*) FILTER (WHERE a.off_guard) AS times_off_guard,
           arg_max(a.better_answer, struct_pack(day := a.interview_date, id := a.id))
               FILTER (WHERE a.better_answer <> '') AS better_answer,
           arg_max(a.notes, struct_pack(day := a.interview_date, id := a.id))
               FILTER (WHERE a.notes <> '') AS notes,
           count(DISTINCT a.text) AS wordings
    FROM asked a
    JOIN question_groups g ON g.id = a.group_id
    JOIN wording w ON w.group_id = a.group_id
    GROUP BY ALL
)
"""  # noqa: S608 (fixed SQL text composed; the condition only names columns)

# Every figure of each group in `by_group`, and the practice score the lists are ordered by.
_GROUP_FIGURES = """
    SELECT group_id, question, category, times_asked, interviews, companies, last_asked,
           average_rating, lowest_rating, times_off_guard,
           round(times_asked * (6 - coalesce(average_rating, $unrated)), 2) AS practice_score,
           better_answer, notes, wordings
    FROM by_group
"""

# The groups asked most often over every interview (more than one when tied). Counting is cheap;
# working out every figure of every group, as the full lists do, is not.
_MOST_ASKED_GROUPS = """
    m.group_id IN (
        SELECT group_id FROM (
            SELECT counted.group_id, count(*) AS times_asked,
                   count(DISTINCT question.interview_id) AS interviews
            FROM questions question JOIN question_text_groups counted ON counted.text = question.text
            GROUP BY counted.group_id
        )
        QUALIFY rank() OVER (ORDER BY times_asked DESC, interviews DESC) = 1
    )
"""


def _query(cursor: duckdb.DuckDBPyConnection, body: str, interview_filter: InterviewFilter, **extra):
    condition, parameters = interview_filter.where("i")
    sql = _ASKED.format(condition=condition) + body
    return cursor.execute(sql, {**parameters, "bank_prefix": BANK_PREFIX, **extra}).df()


def question_groups_asked(
    cursor: duckdb.DuckDBPyConnection, interview_filter: InterviewFilter
) -> pd.DataFrame:
    """One row per question group in the filter, with every figure the two lists below are built from.

    One aggregation in DuckDB; the lists only pick columns and order the (small) result.
    """
    return _query(cursor, _GROUP_FIGURES, interview_filter, unrated=UNRATED_AS)


def most_asked_question(cursor: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The first row of the common list over every interview (empty when nothing is grouped), with
    figures worked out for the most asked group alone."""
    sql = _ASKED.format(condition=_MOST_ASKED_GROUPS) + _GROUP_FIGURES
    parameters = {"unrated": UNRATED_AS, "bank_prefix": BANK_PREFIX}
    return common_list(cursor.execute(sql, parameters).df()).head(1)


def _ordered(frame: pd.DataFrame, largest_first: tuple[str, str], columns: list[str]) -> pd.DataFrame:
    """`frame` ordered by two figures, largest first, then by question, as SQL's ORDER BY would."""
    by = [*largest_first, "question"]
    return frame.sort_values(by, ascending=[False, False, True], kind="stable", ignore_index=True)[columns]


def common_list(groups: pd.DataFrame) -> pd.DataFrame:
    """Most asked first: how often, where, when last, how well answered, and your best answer so far
    (the most recent better answer you wrote for it)."""
    common = groups.rename(columns={"better_answer": "best_answer"})
    columns = [
        "group_id", "question", "category", "times_asked", "interviews", "companies", "last_asked",
        "average_rating", "best_answer", "wordings",
    ]  # fmt: skip
    return _ordered(common, ("times_asked", "interviews"), columns)


def practice_order(groups: pd.DataFrame) -> pd.DataFrame:
    """Questions to rehearse: the ones asked most often and answered worst come first.

    The score is times asked × (6 − average rating), so a question asked five times and answered 2/5
    (score 20) outranks one asked eight times and answered 4/5 (score 16).
    """
    columns = [
        "group_id", "question", "category", "times_asked", "average_rating", "lowest_rating",
        "times_off_guard", "practice_score", "better_answer", "notes",
    ]  # fmt: skip
    return _ordered(groups, ("practice_score", "times_asked"), columns)


def all_questions(
    cursor: duckdb.DuckDBPyConnection, interview_filter: InterviewFilter, limit: int | None = None
) -> pd.DataFrame:
    """Every question in the filter (the newest `limit`, if given), newest interview first, with the
    group it belongs to."""
    condition, parameters = interview_filter.where("i")
    sql = f"""
        SELECT i.interview_date, i.company, i.role, i.round, q.text AS question,
               g.canonical AS grouped_as, q.category, q.answer_rating, q.off_guard, q.notes, q.better_answer
        FROM questions q
        JOIN interviews i ON i.id = q.interview_id
        LEFT JOIN question_text_groups m ON m.text = q.text
        LEFT JOIN question_groups g ON g.id = m.group_id
        WHERE {condition}
        ORDER BY i.interview_date DESC, i.id DESC, q.position
        LIMIT $limit
    """  # noqa: S608 (fixed SQL text composed; every value is a parameter)
    return cursor.execute(sql, {**parameters, "limit": limit}).df()


def grouping_version(cursor: duckdb.DuckDBPyConnection) -> tuple:
    """Changes whenever a question text is grouped, regrouped or corrected: what cached lists hang on."""
    sql = """
        SELECT (SELECT count(*) FROM question_text_groups),
               (SELECT bit_xor(hash(text, group_id)) FROM question_text_groups),
               (SELECT count(*) FROM question_group_corrections)
    """
    return tuple(cursor.execute(sql).fetchall()[0])


def question_groups_for_correction(cursor: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every group (not only those in the filter), most asked first: group_id, question, times_asked."""
    return _query(
        cursor,
        "SELECT group_id, question, times_asked FROM by_group ORDER BY times_asked DESC, question",
        InterviewFilter(),
    )


def group_wordings(cursor: duckdb.DuckDBPyConnection, group_id: int) -> pd.DataFrame:
    """The different texts in one group, most used first: text, times_asked."""
    return cursor.execute(
        """
        SELECT q.text, count(*) AS times_asked
        FROM questions q JOIN question_text_groups m ON m.text = q.text
        WHERE m.group_id = ?
        GROUP BY q.text
        ORDER BY times_asked DESC, q.text
        """,
        [group_id],
    ).df()


# Column labels, as the page's tables and the CSV files name them.
COMMON_LABELS = {
    "question": "Question",
    "category": "Category",
    "times_asked": "Times asked",
    "interviews": "Interviews",
    "companies": "Companies",
    "last_asked": "Last asked",
    "average_rating": "Average rating",
    "best_answer": "Best answer so far",
    "wordings": "Wordings",
}
PRACTICE_LABELS = {
    "question": "Question",
    "category": "Category",
    "times_asked": "Times asked",
    "average_rating": "Average rating",
    "lowest_rating": "Lowest rating",
    "times_off_guard": "Caught me off guard",
    "practice_score": "Practice score",
    "better_answer": "Better answer to rehearse",
    "notes": "Latest notes",
}
ALL_LABELS = {
    "interview_date": "Interview date",
    "company": "Company",
    "role": "Role",
    "round": "Round",
    "question": "Question",
    "grouped_as": "Grouped as",
    "category": "Category",
    "answer_rating": "How well I answered",
    "off_guard": "Caught me off guard",
    "notes": "Notes",
    "better_answer": "Better answer",
}


@dataclass(frozen=True)
class QuestionOverview:
    """What the Questions page shows for a filter: the grouped list, the practice list, every question."""

    common: pd.DataFrame
    practice: pd.DataFrame
    every_question: pd.DataFrame  # the newest ones only, when the overview was asked for a few
    questions_asked: int

    @property
    def is_empty(self) -> bool:
        return self.questions_asked == 0


def question_overview(
    cursor: duckdb.DuckDBPyConnection, interview_filter: InterviewFilter, newest_questions: int | None = None
) -> QuestionOverview:
    """The grouped and practice lists whole, and every question or only the `newest_questions`."""
    groups = question_groups_asked(cursor, interview_filter)
    return QuestionOverview(
        common=common_list(groups),
        practice=practice_order(groups),
        every_question=all_questions(cursor, interview_filter, newest_questions),
        questions_asked=int(groups["times_asked"].sum()),
    )
