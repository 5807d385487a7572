"""Does practice work? Two comparisons on the user's own history, and where each recurring mistake stands.

Days are compared as days: interviews have a date only, so a review counts from the (UTC) day it was
given, and a review on an interview's day counts as after that interview, never before it.

- A question group is *practised before* an interview that asks it when its question card was reviewed
  on or after the day of the group's previous real occurrence (the interview before this one that asked
  it) and before this interview's day. Only occurrences with a previous occurrence count: the question
  must have been asked before, so that "practised since it was last asked" means something. Each
  occurrence's answer rating is the mean of the group's rated answers in that interview (unrated ones are
  left out, and an occurrence with none is not counted). Compared: the mean rating of practised against
  not practised occurrences.
- A recurring mistake (a category noted in two interviews or more) noted at interview t is *rehearsed*
  when its mistake card was reviewed on or after t's day and before the day of the next interview (in
  date order, every interview counted); it *recurred* when that next interview noted the same category.
  Only occurrences with a next interview count. Compared: the share that recurred among rehearsed and
  among not rehearsed occurrences.

Either comparison concludes only with at least `MIN_SAMPLE` occurrences on each side. The filter chooses
which occurrences are compared (the interview asking the question; the interview t of a mistake); the
previous and next interviews are looked up among all interviews.

The lifecycle (`mistake_lifecycle`) moves each recurring mistake from open to rehearsed (its card reviewed
since it last happened) to not repeated (absent from the last N interviews) to retired (its card
retired).
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from analytics.filters import InterviewFilter

MIN_SAMPLE = 5  # occurrences needed on each side of a comparison before it says anything
RECURRING_AT_LEAST = 2  # interviews a mistake came up in before it counts as recurring
NOT_REPEATED_AFTER = 3  # interviews without a mistake before it counts as not repeated (the default)
OCCURRENCES_SHOWN = 200  # the latest occurrences listed behind each comparison
PRACTISED, NOT_PRACTISED = "Practised", "Not practised"
REHEARSED, NOT_REHEARSED = "Rehearsed", "Not rehearsed"
# The lifecycle's stages, in the order a mistake moves through them.
OPEN, STAGE_REHEARSED, NOT_REPEATED, RETIRED = "open", "rehearsed", "not repeated", "retired"
STAGES = (OPEN, STAGE_REHEARSED, NOT_REPEATED, RETIRED)

# Each occurrence of a question group asked before, with the latest review of its card before the day
# of this interview (an ASOF join: one lookup per occurrence, however many reviews there are).
_QUESTION_OCCURRENCES = """
WITH asked AS (
    SELECT m.group_id, q.interview_id, avg(q.answer_rating) AS answer_rating
    FROM questions q JOIN question_text_groups m ON m.text = q.text
    GROUP BY m.group_id, q.interview_id
), ordered AS (
    SELECT a.group_id, a.interview_id, i.interview_date, a.answer_rating,
           lag(i.interview_date) OVER (PARTITION BY a.group_id ORDER BY i.interview_date, i.id)
               AS previously_asked
    FROM asked a JOIN interviews i ON i.id = a.interview_id
), reviews AS (
    SELECT g.id AS group_id, r.reviewed_at::DATE AS review_day
    FROM practice_reviews r
    JOIN practice_cards c ON c.id = r.card_id AND c.kind = 'question'
    JOIN question_groups g ON g.group_key = c.subject
), scored AS (
    SELECT o.*, r.review_day
    FROM ordered o ASOF LEFT JOIN reviews r
      ON r.group_id = o.group_id AND o.interview_date > r.review_day
    WHERE o.previously_asked IS NOT NULL AND o.answer_rating IS NOT NULL
), occurrences AS MATERIALIZED (
    SELECT s.group_id, s.interview_id, s.interview_date, s.previously_asked, s.answer_rating,
           coalesce(s.review_day >= s.previously_asked, false) AS practised,
           CASE WHEN s.review_day >= s.previously_asked THEN s.review_day END AS practised_on,
           i.company, i.round, g.canonical AS question
    FROM scored s JOIN interviews i ON i.id = s.interview_id JOIN question_groups g ON g.id = s.group_id
    WHERE {condition}
)
"""

# Each noted occurrence of a recurring mistake that has a next interview, with the latest review of its
# card before that next interview's day, and whether the next interview noted it again.
_MISTAKE_OCCURRENCES = """
WITH sequence AS (
    SELECT id, interview_date, lead(id) OVER w AS next_id, lead(interview_date) OVER w AS next_date
    FROM interviews WINDOW w AS (ORDER BY interview_date, id)
), noted AS (
    SELECT DISTINCT interview_id, category FROM reflections WHERE kind = 'mistake'
), recurring AS (
    SELECT category FROM noted GROUP BY category HAVING count(*) >= $recurring
), made AS (
    SELECT n.category, n.interview_id, s.interview_date, s.next_id, s.next_date
    FROM noted n JOIN recurring USING (category) JOIN sequence s ON s.id = n.interview_id
    WHERE s.next_id IS NOT NULL
), reviews AS (
    SELECT c.subject AS category, r.reviewed_at::DATE AS review_day
    FROM practice_reviews r JOIN practice_cards c ON c.id = r.card_id AND c.kind = 'mistake'
), scored AS (
    SELECT m.*, r.review_day
    FROM made m ASOF LEFT JOIN reviews r ON r.category = m.category AND m.next_date > r.review_day
), occurrences AS MATERIALIZED (
    SELECT s.category, s.interview_id, s.interview_date, i.company, i.round, s.next_date,
           coalesce(s.review_day >= s.interview_date, false) AS rehearsed,
           CASE WHEN s.review_day >= s.interview_date THEN s.review_day END AS rehearsed_on,
           again.interview_id IS NOT NULL AS recurred
    FROM scored s JOIN interviews i ON i.id = s.interview_id
    LEFT JOIN noted again ON again.interview_id = s.next_id AND again.category = s.category
    WHERE {condition}
)
"""

QUESTION_SUMMARY_COLUMNS = ["group", "occurrences", "average_rating"]
MISTAKE_SUMMARY_COLUMNS = ["group", "occurrences", "recurred", "share_recurred"]
QUESTION_OCCURRENCE_COLUMNS = [
    "interview_date", "company", "round", "question", "previously_asked", "practised", "practised_on",
    "answer_rating",
]  # fmt: skip
MISTAKE_OCCURRENCE_COLUMNS = [
    "interview_date", "company", "round", "category", "next_date", "rehearsed", "rehearsed_on", "recurred",
]  # fmt: skip
LIFECYCLE_COLUMNS = [
    "category", "stage", "last_happened", "interviews_since", "last_rehearsed", "times_noted",
]  # fmt: skip


@dataclass(frozen=True)
class PracticeEffect:
    """The two comparisons. `questions`: group (Practised, Not practised), occurrences, average_rating
    (NaN with no occurrence). `mistakes`: group (Rehearsed, Not rehearsed), occurrences, recurred,
    share_recurred (NaN with no occurrence). Both always have their two rows, practised first.
    `question_occurrences` and `mistake_occurrences`: the latest `OCCURRENCES_SHOWN` occurrences behind
    each, newest first (columns as `QUESTION_OCCURRENCE_COLUMNS` and `MISTAKE_OCCURRENCE_COLUMNS`).
    `reviews`: how many ratings were ever given to question and mistake cards (0: no practice yet)."""

    questions: pd.DataFrame
    mistakes: pd.DataFrame
    question_occurrences: pd.DataFrame
    mistake_occurrences: pd.DataFrame
    reviews: int

    def _count(self, frame: pd.DataFrame, group: str) -> int:
        return int(frame.loc[frame["group"] == group, "occurrences"].iloc[0])

    @property
    def practised(self) -> int:
        return self._count(self.questions, PRACTISED)

    @property
    def not_practised(self) -> int:
        return self._count(self.questions, NOT_PRACTISED)

    @property
    def rehearsed(self) -> int:
        return self._count(self.mistakes, REHEARSED)

    @property
    def not_rehearsed(self) -> int:
        return self._count(self.mistakes, NOT_REHEARSED)

    @property
    def questions_enough(self) -> bool:
        return min(self.practised, self.not_practised) >= MIN_SAMPLE

    @property
    def mistakes_enough(self) -> bool:
        return min(self.rehearsed, self.not_rehearsed) >= MIN_SAMPLE

    def _value(self, frame: pd.DataFrame, group: str, column: str) -> float:
        return float(frame.loc[frame["group"] == group, column].iloc[0])

    def questions_in_words(self) -> str:
        """The question comparison in a sentence, or why it cannot conclude yet."""
        if not self.questions_enough:
            return too_little_data(self.practised, self.not_practised, "practised", "not practised")
        practised = self._value(self.questions, PRACTISED, "average_rating")
        others = self._value(self.questions, NOT_PRACTISED, "average_rating")
        return (
            f"Questions you practised since they were last asked were answered {practised:.1f}/5 on "
            f"average in the next interview that asked them ({self.practised:,} answers), against "
            f"{others:.1f}/5 for those you did not practise ({self.not_practised:,} answers)."
        )

    def mistakes_in_words(self) -> str:
        """The mistake comparison in a sentence, or why it cannot conclude yet."""
        if not self.mistakes_enough:
            return too_little_data(self.rehearsed, self.not_rehearsed, "rehearsed", "not rehearsed")
        rehearsed = self._value(self.mistakes, REHEARSED, "share_recurred")
        others = self._value(self.mistakes, NOT_REHEARSED, "share_recurred")
        return (
            f"Of the recurring mistakes you rehearsed before your next interview, {rehearsed:.0%} came up "
            f"again there ({self.rehearsed:,} times rehearsed), against {others:.0%} of those you did not "
            f"rehearse ({self.not_rehearsed:,})."
        )


def too_little_data(done: int, not_done: int, done_words: str, not_done_words: str) -> str:
    return (
        f"Too little data to conclude: {done:,} {done_words} and {not_done:,} {not_done_words} so far "
        f"(at least {MIN_SAMPLE} of each needed)."
    )


def _after(occurrences_sql: str, condition: str, select: str) -> str:
    """An occurrences query (its `{condition}` the filter's, which only names columns) and a SELECT on it."""
    return occurrences_sql.format(condition=condition) + select  # fixed SQL text; values are parameters


# The occurrences are found once (materialised) and give both the figures of each side and the latest
# rows behind them, as one result: the sides' rows have `side_occurrences`, the latest rows do not.
# Per side (practised or not), the count and figure; and the latest occurrences, for the table behind.
_QUESTION_SIDES = """
, sides AS (
    SELECT practised, count(*) AS side_occurrences, avg(answer_rating) AS side_rating
    FROM occurrences GROUP BY ALL
)
, latest AS (
    SELECT * FROM occurrences ORDER BY interview_date DESC, interview_id DESC, question LIMIT $shown
)
SELECT * FROM sides UNION ALL BY NAME SELECT * FROM latest
"""
_MISTAKE_SIDES = """
, sides AS (
    SELECT rehearsed, count(*) AS side_occurrences, count(*) FILTER (WHERE recurred) AS side_recurred,
           avg(recurred::INTEGER) AS side_share
    FROM occurrences GROUP BY ALL
)
, latest AS (
    SELECT * FROM occurrences ORDER BY interview_date DESC, interview_id DESC, category LIMIT $shown
)
SELECT * FROM sides UNION ALL BY NAME SELECT * FROM latest
"""


def _split(
    frame: pd.DataFrame, side: str, labels: tuple[str, str], figures: dict[str, str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The two sides' figures (both sides, in order: one without occurrences counts zero, its mean or
    share NaN) and the latest rows, newest first."""
    is_side = frame["side_occurrences"].notna()
    ends = frame[is_side].set_index(side)
    summary = pd.DataFrame(
        {
            "group": list(labels),
            "occurrences": [int(ends["side_occurrences"].get(flag, 0)) for flag in (True, False)],
            **{
                name: [float(ends[column].get(flag, float("nan"))) for flag in (True, False)]
                for name, column in figures.items()
            },
        }
    )
    rows = frame[~is_side].reset_index(drop=True)
    return summary, rows


def practice_effect(cursor: duckdb.DuckDBPyConnection, interview_filter: InterviewFilter) -> PracticeEffect:
    """Practised against not practised question groups, rehearsed against not rehearsed recurring mistakes,
    over the interviews the filter chooses (see the module's docstring for the definitions)."""
    condition, parameters = interview_filter.where("i")
    questions = cursor.execute(
        _after(
            _QUESTION_OCCURRENCES,
            condition,
            _QUESTION_SIDES,
        ),
        {**parameters, "shown": OCCURRENCES_SHOWN},
    ).df()
    mistakes = cursor.execute(
        _after(
            _MISTAKE_OCCURRENCES,
            condition,
            _MISTAKE_SIDES,
        ),
        {**parameters, "recurring": RECURRING_AT_LEAST, "shown": OCCURRENCES_SHOWN},
    ).df()
    question_summary, question_rows = _split(
        questions, "practised", (PRACTISED, NOT_PRACTISED), {"average_rating": "side_rating"}
    )
    mistake_summary, mistake_rows = _split(
        mistakes,
        "rehearsed",
        (REHEARSED, NOT_REHEARSED),
        {"recurred": "side_recurred", "share_recurred": "side_share"},
    )
    mistake_summary["recurred"] = mistake_summary["recurred"].fillna(0).astype(int)
    reviews = cursor.execute(
        "SELECT count(*) FROM practice_reviews r JOIN practice_cards c ON c.id = r.card_id "
        "WHERE c.kind IN ('question', 'mistake')"
    ).fetchall()[0][0]
    return PracticeEffect(
        questions=question_summary[QUESTION_SUMMARY_COLUMNS],
        mistakes=mistake_summary[MISTAKE_SUMMARY_COLUMNS],
        question_occurrences=question_rows[QUESTION_OCCURRENCE_COLUMNS],
        mistake_occurrences=mistake_rows[MISTAKE_OCCURRENCE_COLUMNS],
        reviews=int(reviews),
    )


def mistake_lifecycle(
    cursor: duckdb.DuckDBPyConnection, not_repeated_after: int = NOT_REPEATED_AFTER
) -> pd.DataFrame:
    """Where each mistake category stands, over every interview: each one noted in two interviews or more,
    or with a mistake card. Its stage is the first that holds of: `retired` (its card is retired),
    `not repeated` (at least `not_repeated_after` interviews came after the last one that noted it, in
    date order), `rehearsed` (its card was reviewed on or after the day it last happened), `open`.
    Columns: category, stage, last_happened (NaT if never noted), interviews_since (interviews after
    that one; all of them if never noted), last_rehearsed (the latest review's day, or NaT),
    times_noted. Ordered by stage, then the latest happened first."""
    if not_repeated_after < 1:
        raise ValueError("not_repeated_after: at least one interview")
    return cursor.execute(
        """
        WITH sequence AS (
            SELECT id, row_number() OVER (ORDER BY interview_date, id) AS place FROM interviews
        ), total AS (
            SELECT count(*) AS interviews FROM interviews
        ), noted AS (
            SELECT r.category, count(*) AS times_noted, count(DISTINCT r.interview_id) AS interviews,
                   max(s.place) AS last_place
            FROM reflections r JOIN sequence s ON s.id = r.interview_id
            WHERE r.kind = 'mistake' GROUP BY r.category
        ), cards AS (
            SELECT c.subject AS category, bool_or(c.status = 'retired') AS retired,
                   max(r.reviewed_at)::DATE AS last_rehearsed
            FROM practice_cards c LEFT JOIN practice_reviews r ON r.card_id = c.id
            WHERE c.kind = 'mistake' GROUP BY c.subject
        ), tracked AS (
            SELECT coalesce(n.category, c.category) AS category,
                   coalesce(n.times_noted, 0) AS times_noted,
                   i.interview_date AS last_happened,
                   (SELECT interviews FROM total) - coalesce(n.last_place, 0) AS interviews_since,
                   c.last_rehearsed, coalesce(c.retired, false) AS retired
            FROM noted n FULL JOIN cards c ON c.category = n.category
            LEFT JOIN sequence s ON s.place = n.last_place
            LEFT JOIN interviews i ON i.id = s.id
            WHERE n.interviews >= $recurring OR c.category IS NOT NULL
        )
        SELECT category,
               CASE WHEN retired THEN $retired
                    WHEN interviews_since >= $after THEN $not_repeated
                    WHEN last_rehearsed >= last_happened THEN $rehearsed
                    ELSE $open END AS stage,
               last_happened, interviews_since, last_rehearsed, times_noted
        FROM tracked
        ORDER BY list_position($stages, stage), last_happened DESC NULLS LAST, category
        """,
        {
            "recurring": RECURRING_AT_LEAST,
            "after": not_repeated_after,
            "retired": RETIRED,
            "not_repeated": NOT_REPEATED,
            "rehearsed": STAGE_REHEARSED,
            "open": OPEN,
            "stages": list(STAGES),
        },
    ).df()[LIFECYCLE_COLUMNS]
