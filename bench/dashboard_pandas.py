"""The Dashboard's aggregations written in plain pandas: the benchmark's reference, not product code.

Each function returns what its DuckDB twin in analytics/ returns (same columns, rows and order), from
tables already loaded into DataFrames. Written the way a good pandas user would: boolean masks,
merge, groupby, vectorised arithmetic, no Python loops over rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from analytics.answering import MAX_ANSWERING_POINTS
from analytics.filters import InterviewFilter
from analytics.interviewer import BAD_INTERVIEWS, OTHER_INTERVIEWS
from analytics.patterns import (
    DRILL_DOWN_LIMIT,
    MAX_TREND_POINTS,
    MIN_TREND_INTERVIEWS,
    ROLLING_INTERVIEWS,
    ROLLING_MONTHS,
    MistakeTrend,
)
from analytics.scope import BAD_AVERAGE_RATING, BAD_OUTCOME, NOT_RECORDED, UNPROFESSIONAL_AT_MOST
from debrief.models import taxonomy
from debrief.store import RowsPage
from debrief.transcripts import LONG_ANSWER_SECONDS, WORDS_PER_MINUTE_ESTIMATE

# Low-cardinality text columns become pandas categoricals on loading, as a pandas user tuning for
# speed would do; the clock starts after loading.
_CATEGORICAL = {
    "interviews": ("company", "role", "round", "outcome"),
    "reflections": ("kind", "category"),
    "questions": ("category",),
}


@dataclass(frozen=True)
class Tables:
    interviews: pd.DataFrame
    reflections: pd.DataFrame
    evaluations: pd.DataFrame
    questions: pd.DataFrame
    transcript_measures: pd.DataFrame
    transcript_answers: pd.DataFrame


def load_tables(cursor: duckdb.DuckDBPyConnection) -> Tables:
    frames = {
        "interviews": cursor.execute(
            "SELECT id, company, role, interview_date, round, outcome FROM interviews"
        ).df(),
        "reflections": cursor.execute(
            "SELECT id, interview_id, kind, position, category, what_happened, severity, next_time "
            "FROM reflections"
        ).df(),
        "evaluations": cursor.execute(
            "SELECT interview_id, professionalism, in_my_control FROM interviewer_evaluations"
        ).df(),
        "questions": cursor.execute("SELECT interview_id, category, answer_rating FROM questions").df(),
        "transcript_measures": cursor.execute(
            "SELECT interview_id, my_seconds, everyone_seconds, my_words, everyone_words, fillers "
            "FROM transcript_measures"
        ).df(),
        "transcript_answers": cursor.execute(
            "SELECT interview_id, answer_seconds, answer_words FROM transcript_answers"
        ).df(),
    }
    for table, columns in _CATEGORICAL.items():
        frames[table] = frames[table].astype(dict.fromkeys(columns, "category"))
    return Tables(**frames)


def _month(dates: pd.Series) -> pd.Series:
    return dates.dt.to_period("M").dt.start_time.astype(dates.dtype)


def chosen(tables: Tables, interview_filter: InterviewFilter) -> pd.DataFrame:
    """The filtered interviews: id, interview_date, month, outcome (and the other columns)."""
    interviews = tables.interviews
    mask = pd.Series(True, index=interviews.index)
    if interview_filter.start is not None:
        mask &= interviews["interview_date"] >= pd.Timestamp(interview_filter.start)
    if interview_filter.end is not None:
        mask &= interviews["interview_date"] <= pd.Timestamp(interview_filter.end)
    for field, column in (
        ("companies", "company"),
        ("roles", "role"),
        ("rounds", "round"),
        ("outcomes", "outcome"),
    ):
        values = getattr(interview_filter, field)
        if values:
            mask &= interviews[column].isin(values)
    picked = interviews[mask]
    return picked.assign(month=_month(picked["interview_date"]))


def recurring_items(tables: Tables, interview_filter: InterviewFilter, kind: str) -> pd.DataFrame:
    interviews = chosen(tables, interview_filter)
    items = tables.reflections[tables.reflections["kind"] == kind].merge(
        interviews[["id", "interview_date"]],
        left_on="interview_id",
        right_on="id",
        suffixes=("", "_interview"),
    )
    grouped = (
        items.groupby("category", observed=True)
        .agg(
            items=("interview_id", "size"),
            interviews=("interview_id", "nunique"),
            last_seen=("interview_date", "max"),
        )
        .reset_index()
    )
    grouped["category"] = grouped["category"].astype(str)
    grouped["share"] = grouped["interviews"] / len(interviews)
    ordered = grouped.sort_values(["interviews", "items", "category"], ascending=[False, False, True])
    return ordered[["category", "items", "interviews", "share", "last_seen"]].reset_index(drop=True)


def _items_per_interview(tables: Tables, interviews: pd.DataFrame) -> pd.DataFrame:
    """Mistakes and strengths of each chosen interview (zero when none), in the interviews' order."""
    reflections = tables.reflections[tables.reflections["interview_id"].isin(interviews["id"])]
    flags = pd.DataFrame(
        {"mistakes": reflections["kind"].eq("mistake"), "strengths": reflections["kind"].eq("strength")}
    )
    counts = flags.groupby(reflections["interview_id"]).sum().reindex(interviews["id"], fill_value=0)
    return counts.reset_index(drop=True)


def monthly_trend(tables: Tables, interview_filter: InterviewFilter) -> pd.DataFrame:
    interviews = chosen(tables, interview_filter)
    counts = _items_per_interview(tables, interviews)
    per_interview = pd.concat([interviews[["month"]].reset_index(drop=True), counts], axis=1)
    monthly = per_interview.groupby("month").agg(
        interviews=("month", "size"), mistakes=("mistakes", "sum"), strengths=("strengths", "sum")
    )
    monthly["mistakes_per_interview"] = monthly["mistakes"] / monthly["interviews"]
    monthly["strengths_per_interview"] = monthly["strengths"] / monthly["interviews"]
    # Calendar months, gaps included, so that "the last 3 months" means months, not rows.
    every_month = pd.date_range(monthly.index.min(), monthly.index.max(), freq="MS").astype(
        monthly.index.dtype
    )
    recent = monthly[["interviews", "mistakes", "strengths"]].reindex(every_month, fill_value=0)
    recent = recent.rolling(ROLLING_MONTHS, min_periods=1).sum().reindex(monthly.index)
    monthly["rolling_mistakes_per_interview"] = recent["mistakes"] / recent["interviews"]
    monthly["rolling_strengths_per_interview"] = recent["strengths"] / recent["interviews"]
    return monthly.reset_index()


def rolling_trend(tables: Tables, interview_filter: InterviewFilter) -> pd.DataFrame:
    interviews = chosen(tables, interview_filter).sort_values(["interview_date", "id"])
    counts = _items_per_interview(tables, interviews)
    frame = pd.concat(
        [
            interviews[["id", "interview_date"]]
            .reset_index(drop=True)
            .rename(columns={"id": "interview_id"}),
            counts,
        ],
        axis=1,
    )
    frame.insert(0, "interview_number", np.arange(1, len(frame) + 1))
    window = frame[["mistakes", "strengths"]].rolling(ROLLING_INTERVIEWS, min_periods=1).mean()
    frame["rolling_mistakes"] = window["mistakes"]
    frame["rolling_strengths"] = window["strengths"]
    total = len(frame)
    step = max(1, -(-total // MAX_TREND_POINTS))
    return frame[(total - frame["interview_number"]) % step == 0].reset_index(drop=True)


def category_heatmap(tables: Tables, interview_filter: InterviewFilter, kind: str) -> pd.DataFrame:
    interviews = chosen(tables, interview_filter)
    months = interviews.groupby("month").size().rename("interviews_that_month")
    items = tables.reflections[tables.reflections["kind"] == kind].merge(
        interviews[["id", "month"]], left_on="interview_id", right_on="id"
    )
    items["category"] = items["category"].astype(str)
    hits = items.groupby(["category", "month"]).agg(
        items=("interview_id", "size"), interviews=("interview_id", "nunique")
    )
    totals = hits.groupby(level="category").sum().reset_index()
    ranking = totals.sort_values(["interviews", "items", "category"], ascending=[False, False, True])[
        "category"
    ]
    grid = pd.MultiIndex.from_product([ranking, months.index], names=["category", "month"])
    frame = hits.reindex(grid, fill_value=0).reset_index()
    frame = frame.merge(months, left_on="month", right_index=True)
    frame["share"] = frame["interviews"] / frame["interviews_that_month"]
    return frame[["category", "month", "items", "interviews", "interviews_that_month", "share"]]


def question_categories(tables: Tables, interview_filter: InterviewFilter) -> pd.DataFrame:
    interviews = chosen(tables, interview_filter)
    asked = tables.questions.loc[tables.questions["interview_id"].isin(interviews["id"]), "category"]
    counts = asked.value_counts().rename_axis("category").reset_index(name="questions")
    counts = counts[counts["questions"] > 0].astype({"category": str})
    counts["share"] = counts["questions"] / counts["questions"].sum()
    return counts.sort_values(["questions", "category"], ascending=[False, True]).reset_index(drop=True)


def mistake_trend(tables: Tables, interview_filter: InterviewFilter) -> MistakeTrend | None:
    interviews = chosen(tables, interview_filter).sort_values(["interview_date", "id"])
    if len(interviews) < MIN_TREND_INTERVIEWS:
        return None
    mistakes = _items_per_interview(tables, interviews)["mistakes"].to_numpy(dtype=float)
    number = np.arange(1, len(mistakes) + 1)
    slope, intercept = np.polyfit(number, mistakes, 1)
    n = len(mistakes)
    return MistakeTrend(n, max(0.0, intercept + slope), max(0.0, intercept + slope * n))


def _answer_ratings(tables: Tables, interviews: pd.DataFrame) -> pd.Series:
    rated = tables.questions.dropna(subset=["answer_rating"])
    rated = rated[rated["interview_id"].isin(interviews["id"])]
    return rated.groupby("interview_id")["answer_rating"].mean().rename("rating")


def _judged(tables: Tables, interview_filter: InterviewFilter) -> pd.DataFrame:
    """Each chosen interview with its evaluation, average answer rating and whether it was bad."""
    interviews = chosen(tables, interview_filter)
    frame = interviews.merge(tables.evaluations, left_on="id", right_on="interview_id", how="left")
    frame = frame.merge(_answer_ratings(tables, interviews), left_on="id", right_index=True, how="left")
    frame["bad"] = (frame["outcome"] == BAD_OUTCOME).to_numpy() | (
        frame["rating"] <= BAD_AVERAGE_RATING
    ).to_numpy()
    return frame


def professionalism_vs_ratings(tables: Tables, interview_filter: InterviewFilter) -> pd.DataFrame:
    frame = _judged(tables, interview_filter).dropna(subset=["professionalism"])
    grouped = frame.groupby("professionalism").agg(
        interviews=("id", "size"),
        average_answer_rating=("rating", "mean"),
        interviews_with_rated_answers=("rating", "count"),
        average_in_my_control=("in_my_control", "mean"),
    )
    return grouped.reset_index()


def blame_split_by_month(tables: Tables, interview_filter: InterviewFilter) -> pd.DataFrame:
    frame = _judged(tables, interview_filter).dropna(subset=["in_my_control"])
    frame["in_my_control_when_bad"] = frame["in_my_control"].where(frame["bad"])
    grouped = frame.groupby("month").agg(
        interviews=("id", "size"),
        in_my_control=("in_my_control", "mean"),
        bad_interviews=("bad", "sum"),
        in_my_control_when_bad=("in_my_control_when_bad", "mean"),
    )
    grouped.insert(2, "outside_my_control", 100 - grouped["in_my_control"])
    return grouped.reset_index()


def unprofessional_in_bad_interviews(tables: Tables, interview_filter: InterviewFilter) -> pd.DataFrame:
    frame = _judged(tables, interview_filter)
    frame["rated"] = frame["professionalism"].notna()
    frame["unprofessional"] = frame["professionalism"] <= UNPROFESSIONAL_AT_MOST
    grouped = frame.groupby("bad").agg(
        interviews=("id", "size"),
        rated=("rated", "sum"),
        with_unprofessional_interviewer=("unprofessional", "sum"),
    )
    grouped = grouped.reindex([True, False], fill_value=0)
    grouped["share"] = grouped["with_unprofessional_interviewer"] / grouped["rated"].where(
        grouped["rated"] > 0
    )
    grouped.insert(0, "interviews_group", [BAD_INTERVIEWS, OTHER_INTERVIEWS])
    return grouped.reset_index(drop=True)


def _recorded(values: pd.Series) -> pd.Series:
    text = values.astype(str)
    return text.mask(text == "", NOT_RECORDED)


def _taxonomy_position(values: pd.Series, order: list[str]) -> pd.Series:
    return values.map({name: position for position, name in enumerate(order)}).fillna(len(order))


def outcomes_by_round(tables: Tables, interview_filter: InterviewFilter) -> pd.DataFrame:
    interviews = chosen(tables, interview_filter)
    counted = interviews.groupby(["round", "outcome"], observed=True).size().reset_index(name="interviews")
    counted[["round", "outcome"]] = counted[["round", "outcome"]].astype(str)
    lists = taxonomy()
    counted["round_position"] = _taxonomy_position(counted["round"], lists["round"])
    counted["outcome_position"] = _taxonomy_position(counted["outcome"], lists["outcome"])
    counted = counted.sort_values(["round_position", "round", "outcome_position", "outcome"])
    counted["share_of_round"] = counted["interviews"] / counted.groupby("round")["interviews"].transform(
        "sum"
    )
    counted["round"] = _recorded(counted["round"])
    counted["outcome"] = _recorded(counted["outcome"])
    return counted[["round", "outcome", "interviews", "share_of_round"]].reset_index(drop=True)


def items_behind(tables: Tables, interview_filter: InterviewFilter, kind: str, category: str) -> RowsPage:
    interviews = chosen(tables, interview_filter)
    reflections = tables.reflections
    items = reflections[(reflections["kind"] == kind) & (reflections["category"] == category)].merge(
        interviews[["id", "interview_date", "company", "role", "round"]],
        left_on="interview_id",
        right_on="id",
        suffixes=("", "_interview"),
    )
    items = items.sort_values(["interview_date", "interview_id", "position"], ascending=[False, False, True])
    columns = [
        "interview_id", "interview_date", "company", "role", "round",
        "category", "what_happened", "severity", "next_time",
    ]  # fmt: skip
    rows = items.head(DRILL_DOWN_LIMIT)[columns].reset_index(drop=True)
    rows[["company", "role", "round", "category"]] = rows[["company", "role", "round", "category"]].astype(
        str
    )
    return RowsPage(rows, len(items))


def answering_by_interview(tables: Tables, interview_filter: InterviewFilter) -> pd.DataFrame:
    interviews = chosen(tables, interview_filter)
    measured = interviews.merge(tables.transcript_measures, left_on="id", right_on="interview_id")
    latest = measured.sort_values(["interview_date", "id"], ascending=False).head(MAX_ANSWERING_POINTS)
    answers = tables.transcript_answers
    estimated = answers["answer_seconds"].fillna(answers["answer_words"] * 60.0 / WORDS_PER_MINUTE_ESTIMATE)
    answered_seconds = answers["answer_seconds"].where(answers["answer_words"] > 0)
    per_interview = (
        answers.assign(long=estimated > LONG_ANSWER_SECONDS, answered_seconds=answered_seconds)
        .groupby("interview_id")
        .agg(
            answers=("answer_words", "size"),
            average_answer_seconds=("answered_seconds", "mean"),
            longest_answer_seconds=("answer_seconds", "max"),
            long_answers=("long", "sum"),
        )
    )
    frame = latest.merge(per_interview, left_on="id", right_index=True, how="left")
    share_by_time = frame["my_seconds"] / frame["everyone_seconds"].replace(0, np.nan)
    share_by_words = frame["my_words"] / frame["everyone_words"].replace(0, np.nan)
    result = pd.DataFrame(
        {
            "interview_id": frame["id"],
            "interview_date": frame["interview_date"],
            "company": frame["company"].astype(object),
            "round": frame["round"].astype(object),
            "answers": frame["answers"].fillna(0).astype("int64"),
            "average_answer_seconds": frame["average_answer_seconds"],
            "longest_answer_seconds": frame["longest_answer_seconds"],
            "long_answers": frame["long_answers"].fillna(0).astype("int64"),
            "fillers_per_100_words": frame["fillers"] * 100.0 / frame["my_words"].replace(0, np.nan),
            "my_share": share_by_time.fillna(share_by_words),
            "words_per_minute": frame["my_words"] / (frame["my_seconds"] / 60).replace(0, np.nan),
        }
    )
    return result.sort_values(["interview_date", "interview_id"]).reset_index(drop=True)
