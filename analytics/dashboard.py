"""Everything the Dashboard shows for one filter, computed in one go (and cached as one by the page)."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from analytics import answering, interviewer, patterns
from analytics.brief import brief_hit_rates
from analytics.filters import InterviewFilter
from analytics.patterns import PatternSummary
from analytics.practice_effect import PracticeEffect, practice_effect


@dataclass(frozen=True)
class DashboardData:
    summary: PatternSummary
    mistakes: pd.DataFrame
    strengths: pd.DataFrame
    monthly_trend: pd.DataFrame
    rolling_trend: pd.DataFrame
    mistake_heatmap: pd.DataFrame
    strength_heatmap: pd.DataFrame
    professionalism: pd.DataFrame
    blame_split: pd.DataFrame
    bad_interviews: pd.DataFrame
    outcomes: pd.DataFrame
    answering: pd.DataFrame
    briefs: pd.DataFrame
    practice: PracticeEffect


def dashboard_data(cursor: duckdb.DuckDBPyConnection, interview_filter: InterviewFilter) -> DashboardData:
    mistakes = patterns.recurring_mistakes(cursor, interview_filter)
    strengths = patterns.recurring_strengths(cursor, interview_filter)
    summary = patterns.summarise(
        patterns.count_interviews(cursor, interview_filter),
        mistakes,
        strengths,
        patterns.question_categories(cursor, interview_filter),
        patterns.mistake_trend(cursor, interview_filter),
    )
    return DashboardData(
        summary=summary,
        mistakes=mistakes,
        strengths=strengths,
        monthly_trend=patterns.monthly_trend(cursor, interview_filter),
        rolling_trend=patterns.rolling_trend(cursor, interview_filter),
        mistake_heatmap=patterns.category_heatmap(cursor, interview_filter, "mistake"),
        strength_heatmap=patterns.category_heatmap(cursor, interview_filter, "strength"),
        professionalism=interviewer.professionalism_vs_ratings(cursor, interview_filter),
        blame_split=interviewer.blame_split_by_month(cursor, interview_filter),
        bad_interviews=interviewer.unprofessional_in_bad_interviews(cursor, interview_filter),
        outcomes=interviewer.outcomes_by_round(cursor, interview_filter),
        answering=answering.answering_by_interview(cursor, interview_filter),
        briefs=brief_hit_rates(cursor, interview_filter),
        practice=practice_effect(cursor, interview_filter),
    )
