"""The Dashboard's sections: headline tiles, each chart with the numbers behind it, and the drill-down
from a selected bar to the debrief items (or interviews) behind it, with links to open them.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analytics import answering, charts, interviewer, patterns
from analytics.dashboard import DashboardData, dashboard_data
from analytics.filters import InterviewFilter
from analytics.practice_effect import MIN_SAMPLE
from analytics.scope import BAD_INTERVIEW_RULE
from debrief.models import Kind
from debrief.store import RowsPage, Store
from ui.onboarding import needs_onboarding
from ui.pattern_data import CACHED_RESULTS, read_data_version
from ui.pattern_tiles import show_pattern_tiles
from ui.practice_progress import show_mistake_lifecycle
from ui.setup import HOME, INTERVIEWS, NEW_DEBRIEF, page_link
from ui.text import plain, reflection_headings, severity_in_words

_KEY = "dashboard"


def _number(label: str, format: str) -> dict[str, Any]:
    return st.column_config.NumberColumn(label, format=format)


def _percent(label: str) -> dict[str, Any]:
    """A share from 0 to 1, shown as a percentage."""
    return st.column_config.NumberColumn(label, format="percent")


def _month(label: str = "Month") -> dict[str, Any]:
    return st.column_config.DateColumn(label, format="MMM YYYY")


def _day(label: str = "Date") -> dict[str, Any]:
    return st.column_config.DateColumn(label, format="YYYY-MM-DD")


# The tables behind the charts: column name -> how to show it, in this order.
_RECURRING_COLUMNS = {
    "category": "Category",
    "items": "Times noted",
    "interviews": "Interviews",
    "share": _percent("Share of interviews"),
    "last_seen": _day("Last seen"),
}
_MONTHLY_TREND_COLUMNS = {
    "month": _month(),
    "interviews": "Interviews",
    "mistakes": "Mistakes",
    "strengths": "Strengths",
    "mistakes_per_interview": _number("Mistakes per interview", "%.2f"),
    "strengths_per_interview": _number("Strengths per interview", "%.2f"),
    "rolling_mistakes_per_interview": _number(
        f"Mistakes per interview, last {patterns.ROLLING_MONTHS} months", "%.2f"
    ),
    "rolling_strengths_per_interview": _number(
        f"Strengths per interview, last {patterns.ROLLING_MONTHS} months", "%.2f"
    ),
}
_ROLLING_TREND_COLUMNS = {
    "interview_number": "Interview",
    "interview_date": _day(),
    "mistakes": "Mistakes",
    "strengths": "Strengths",
    "rolling_mistakes": _number(f"Mistakes, last {patterns.ROLLING_INTERVIEWS}", "%.2f"),
    "rolling_strengths": _number(f"Strengths, last {patterns.ROLLING_INTERVIEWS}", "%.2f"),
}
_HEATMAP_COLUMNS = {
    "category": "Category",
    "month": _month(),
    "items": "Times noted",
    "interviews": "Interviews where it appeared",
    "interviews_that_month": "Interviews that month",
    "share": _percent("Share of that month's interviews"),
}
_PROFESSIONALISM_COLUMNS = {
    "professionalism": _number("Interviewer professionalism", "%d/5"),
    "interviews": "Interviews",
    "average_answer_rating": _number("My answers (average)", "%.2f"),
    "interviews_with_rated_answers": "Interviews with rated answers",
    "average_in_my_control": _number("In my control", "%.0f%%"),
}
_BAD_INTERVIEW_COLUMNS = {
    "interviews_group": "Interviews",
    "interviews": "How many",
    "rated": "Professionalism rated",
    "with_unprofessional_interviewer": "Unprofessional interviewer",
    "share": _percent("Share"),
}
_BLAME_SPLIT_COLUMNS = {
    "month": _month(),
    "interviews": "Interviews",
    "in_my_control": _number("In my control", "%.0f%%"),
    "outside_my_control": _number("Outside my control", "%.0f%%"),
    "bad_interviews": "Bad interviews",
    "in_my_control_when_bad": _number("In my control, bad interviews", "%.0f%%"),
}
_OUTCOME_COLUMNS = {
    "round": "Round",
    "outcome": "Outcome",
    "interviews": "Interviews",
    "share_of_round": _percent("Share of the round"),
}
# The drill-down tables.
_OPEN = st.column_config.LinkColumn(
    "Debrief", display_text="Open", help="Opens the debrief on the Interviews page"
)
_INTERVIEW_COLUMNS = {
    "interview_date": _day(),
    "company": "Company",
    "role": "Role",
    "round": "Round",
    "outcome": "Outcome",
    "professionalism": _number("Interviewer professionalism", "%d/5"),
    "average_answer_rating": _number("My answers (average)", "%.1f/5"),
    "in_my_control": _number("In my control", "%d%%"),
}


def _debrief_link(interview_ids: pd.Series) -> pd.Series:
    """Links that open each debrief on the Interviews page (relative, so any base URL works).

    Streamlit serves a pages/ file at its name without the number prefix.
    """
    url_path = re.sub(r"^\d+_", "", Path(INTERVIEWS.path).stem)
    return url_path + "?id=" + interview_ids.astype(str)


def show_empty_dashboard(store: Store, interview_filter: InterviewFilter) -> None:
    if interview_filter.is_everything:
        demo = " To look around first, load the demo data from Home." if needs_onboarding(store) else ""
        st.info(
            "No debriefs yet, so there are no patterns to show. Capture your interviews as they happen; "
            f"after a few, this page shows what keeps coming back.{demo}",
            icon="📊",
        )
        links = st.columns([1, 1, 3])
        with links[0]:
            page_link(NEW_DEBRIEF)
        if demo:
            with links[1]:
                page_link(HOME)
        return
    st.info(
        "No interviews match these filters. Widen the date range or clear a filter in the sidebar.",
        icon="🔎",
    )


def _chart(figure: go.Figure, key: str, table: pd.DataFrame, columns: dict[str, Any], selectable: bool):
    """Draw a chart and, folded below it, its numbers; returns the first selected point, if any."""
    if selectable:
        event = st.plotly_chart(
            figure, key=f"{_KEY}.{key}", on_select="rerun", selection_mode=("points",), width="stretch"
        )
        points = event.selection.points
    else:
        st.plotly_chart(figure, key=f"{_KEY}.{key}", width="stretch")
        points = []
    with st.expander("Numbers behind this chart"):
        st.dataframe(table, hide_index=True, column_config=columns, column_order=list(columns))
    return points[0] if points else None


def _show_behind(behind: RowsPage, heading: str, columns: dict[str, Any], noun: str) -> None:
    with st.container(border=True):
        st.markdown(f"**{plain(heading)}**")
        shown = len(behind.rows)
        if behind.total == 0:
            st.caption(f"No {noun} here.")
            return
        if shown < behind.total:
            st.caption(f"Showing the {shown:,} most recent of {behind.total:,} {noun}.")
        else:
            st.caption(f"{behind.total:,} {noun}. Open one to see the whole debrief.")
        rows = behind.rows.assign(debrief=_debrief_link(behind.rows["interview_id"]))
        st.dataframe(
            rows,
            hide_index=True,
            column_config={"debrief": _OPEN, **columns},
            column_order=["debrief", *columns],
        )


def _item_columns(kind: Kind) -> dict[str, Any]:
    return {
        "interview_date": _day(),
        "company": "Company",
        "role": "Role",
        "round": "Round",
        **reflection_headings(kind),
    }


def _show_items_behind(store: Store, interview_filter: InterviewFilter, kind: Kind, category: str) -> None:
    with store.cursor() as cursor:
        behind = patterns.items_behind(cursor, interview_filter, kind, category)
    behind = RowsPage(severity_in_words(behind.rows, kind), behind.total)
    _show_behind(behind, category, _item_columns(kind), charts.PLURAL[kind])


def _show_interviews_behind(store: Store, interview_filter: InterviewFilter, heading: str, **which) -> None:
    with store.cursor() as cursor:
        behind = interviewer.interviews_behind(cursor, interview_filter, **which)
    _show_behind(behind, heading, _INTERVIEW_COLUMNS, "interviews")


def _recurring_section(store: Store, interview_filter: InterviewFilter, data: DashboardData) -> None:
    st.subheader("What keeps happening")
    st.caption("Select a bar to see the items behind it.")
    selected: dict[Kind, dict | None] = {}
    for column, kind, frame in zip(
        st.columns(2, gap="large"), ("mistake", "strength"), (data.mistakes, data.strengths), strict=True
    ):
        with column:
            if frame.empty:
                st.info(f"No {charts.PLURAL[kind]} noted in these interviews.", icon="📝")
                selected[kind] = None
                continue
            figure = charts.make_recurring_figure(frame, kind)
            selected[kind] = _chart(figure, f"recurring_{kind}", frame, _RECURRING_COLUMNS, selectable=True)
    for kind, point in selected.items():
        if point is not None:
            _show_items_behind(store, interview_filter, kind, html.unescape(str(point["y"])))


def _trend_section(data: DashboardData) -> None:
    st.subheader("Are you improving?")
    by_month, by_interview = st.tabs(["By month", "Interview by interview"])
    with by_month:
        figure = charts.make_monthly_trend_figure(data.monthly_trend)
        _chart(figure, "monthly_trend", data.monthly_trend, _MONTHLY_TREND_COLUMNS, selectable=False)
    with by_interview:
        if data.summary.interviews > patterns.MAX_TREND_POINTS:
            st.caption(
                f"{data.summary.interviews:,} interviews, drawn as {len(data.rolling_trend):,} evenly spaced "
                "points (the latest always included)."
            )
        figure = charts.make_rolling_trend_figure(data.rolling_trend)
        _chart(figure, "rolling_trend", data.rolling_trend, _ROLLING_TREND_COLUMNS, selectable=False)


def _heatmap_section(data: DashboardData) -> None:
    st.subheader("When it happens")
    choice = st.radio(
        "Show",
        ["Mistakes", "Strengths"],
        horizontal=True,
        key=f"{_KEY}.heatmap_kind",
        label_visibility="collapsed",
    )
    kind: Kind = "mistake" if choice == "Mistakes" else "strength"
    frame = data.mistake_heatmap if kind == "mistake" else data.strength_heatmap
    if frame.empty:
        st.info(f"No {charts.PLURAL[kind]} noted in these interviews.", icon="📝")
        return
    _chart(
        charts.make_heatmap_figure(frame, kind), f"heatmap_{kind}", frame, _HEATMAP_COLUMNS, selectable=False
    )


def _interviewer_section(store: Store, interview_filter: InterviewFilter, data: DashboardData) -> None:
    st.subheader("The interviewer's side")
    st.caption(f"Not every bad interview was your fault. {BAD_INTERVIEW_RULE}")
    left, right = st.columns(2, gap="large")
    point = None
    with left:
        if data.professionalism.empty:
            st.info("Rate the interviewer's professionalism in your debriefs to see this.", icon="🧑‍💼")
        else:
            figure = charts.make_professionalism_figure(data.professionalism)
            point = _chart(
                figure, "professionalism", data.professionalism, _PROFESSIONALISM_COLUMNS, selectable=True
            )
    with right:
        figure = charts.make_bad_interviews_figure(data.bad_interviews)
        _chart(figure, "bad_interviews", data.bad_interviews, _BAD_INTERVIEW_COLUMNS, selectable=False)
    if point is not None:
        level = int(point["x"])
        heading = f"Interviews where you rated the interviewer {level}/5"
        _show_interviews_behind(store, interview_filter, heading, professionalism=level)
    figure = charts.make_blame_split_figure(data.blame_split)
    _chart(figure, "blame_split", data.blame_split, _BLAME_SPLIT_COLUMNS, selectable=False)


def _outcomes_section(store: Store, interview_filter: InterviewFilter, data: DashboardData) -> None:
    st.subheader("How far interviews got")
    st.caption("Select a bar to see the interviews behind it.")
    point = _chart(
        charts.make_outcomes_figure(data.outcomes),
        "outcomes",
        data.outcomes,
        _OUTCOME_COLUMNS,
        selectable=True,
    )
    if point is not None:
        round_label, outcome_label = (
            html.unescape(str(value)) for value in (point["y"], point["customdata"][0])
        )
        _show_interviews_behind(
            store,
            interview_filter,
            f"{round_label}: {outcome_label}",
            round_label=round_label,
            outcome_label=outcome_label,
        )


_ANSWERING_COLUMNS = {
    "interview_date": _day(),
    "company": "Company",
    "round": "Round",
    "answers": "Answers measured",
    "average_answer_seconds": _number("Average answer (s)", "%.0f"),
    "longest_answer_seconds": _number("Longest answer (s)", "%.0f"),
    "long_answers": "Over two minutes",
    "fillers_per_100_words": _number("Filler words per 100 words", "%.1f"),
    "my_share": _percent("Your share of the talking"),
    "words_per_minute": _number("Words per minute", "%.0f"),
}


def _answering_section(data: DashboardData) -> None:
    st.subheader("How you answered, from call transcripts")
    frame = data.answering
    if frame.empty:
        st.info(
            "Start a debrief from a call transcript (New debrief, 'Start from a call transcript') to see how "
            "long your answers run, your filler words and your share of the talking, interview by interview.",
            icon=":material/subtitles:",
        )
        return
    if len(frame) >= answering.MAX_ANSWERING_POINTS:
        st.caption(f"The latest {len(frame):,} interviews with a transcript.")
    length, fillers = st.tabs(["Answer length", "Filler words and share of the talking"])
    with length:
        if frame["average_answer_seconds"].isna().all():
            st.caption("These transcripts have no times, so only words were counted: see the other tab.")
        else:
            figure = charts.make_answer_length_figure(frame)
            _chart(figure, "answer_length", frame, _ANSWERING_COLUMNS, selectable=False)
    with fillers:
        _chart(charts.make_fillers_figure(frame), "fillers", frame, _ANSWERING_COLUMNS, selectable=False)


_BRIEF_COLUMNS = {
    "interview_date": _day(),
    "company": "Company",
    "round": "Round",
    "hit_rate": _percent("Questions the brief listed"),
    "baseline_hit_rate": _percent("Listed by your most asked questions alone"),
    "mistakes_listed": "Recurring mistakes the brief listed",
    "mistakes_avoided": "Of them avoided",
}


def _briefs_section(data: DashboardData) -> None:
    st.subheader("Preparing with a brief")
    frame = data.briefs
    if frame.empty:
        st.info(
            "Schedule your next interview on the Prepare page and debrief it from its plan afterwards: "
            "here you will see how well its brief predicted the questions, and which mistakes you avoided.",
            icon=":material/target:",
        )
        return
    scored = frame["hit_rate"].notna()
    listed, avoided = int(frame["mistakes_listed"].sum()), int(frame["mistakes_avoided"].sum())
    parts = []
    if scored.any():
        hit_rate, baseline = (
            frame.loc[scored, "hit_rate"].mean(),
            frame.loc[scored, "baseline_hit_rate"].mean(),
        )
        parts.append(
            f"over {int(scored.sum()):,} prepared interviews with grouped questions, the brief listed "
            f"{hit_rate:.0%} of the questions asked (your most asked questions alone: {baseline:.0%})"
        )
    if listed:
        parts.append(
            f"of the {listed:,} recurring mistakes it warned about, you avoided {avoided / listed:.0%}"
        )
    if parts:
        text = "; ".join(parts)
        st.markdown(text[0].upper() + text[1:] + ".")
    hits, mistakes = st.tabs(["How well your briefs predicted", "Mistakes avoided after preparing"])
    with hits:
        _chart(charts.make_brief_hits_figure(frame), "brief_hits", frame, _BRIEF_COLUMNS, selectable=False)
    with mistakes:
        figure = charts.make_mistakes_avoided_figure(frame)
        _chart(figure, "mistakes_avoided", frame, _BRIEF_COLUMNS, selectable=False)


_PRACTICE_COLUMNS = {
    "comparison": "Comparison",
    "group": "Group",
    "occurrences": "How many",
    "average_rating": _number("Answer rating (average)", "%.2f/5"),
    "share_recurred": _percent("Came up again"),
}
_PRACTISED_QUESTION_COLUMNS = {
    "interview_date": _day(),
    "company": "Company",
    "round": "Round",
    "question": "Question",
    "previously_asked": _day("Asked before on"),
    "practised": st.column_config.CheckboxColumn("Practised since"),
    "practised_on": _day("Last practised"),
    "answer_rating": _number("Answer rating", "%.1f/5"),
}
_REHEARSED_MISTAKE_COLUMNS = {
    "interview_date": _day(),
    "company": "Company",
    "round": "Round",
    "category": "Mistake",
    "next_date": _day("Next interview"),
    "rehearsed": st.column_config.CheckboxColumn("Rehearsed before it"),
    "rehearsed_on": _day("Last rehearsed"),
    "recurred": st.column_config.CheckboxColumn("Came up again there"),
}
PRACTICE_DEFINITIONS = (
    "A question counts as practised when you rated its card on the Practice page on or after the day it "
    "was last asked and before the day of the interview that asked it again; only questions asked "
    "before count. A recurring mistake counts as rehearsed when you rated its card on or after the day "
    "of the interview where it happened and before the day of your next interview; it came up again "
    f"when that next interview noted it. Each comparison needs at least {MIN_SAMPLE} on each side "
    "before it says anything."
)


def _practice_table(data: DashboardData) -> pd.DataFrame:
    """Both comparisons as one small table: which, the group, how many, the rating or the share."""
    effect = data.practice
    return pd.concat(
        [
            effect.questions.assign(comparison="Questions: answer rating the next time"),
            effect.mistakes.assign(comparison="Recurring mistakes: came up in the next interview"),
        ],
        ignore_index=True,
    )


def _practice_section(store: Store, data: DashboardData) -> None:
    st.subheader("Does practice work?")
    effect = data.practice
    if effect.reviews == 0:
        st.info(
            "Practise on the Practice page: once you have rated cards between interviews, here you will see "
            "whether the questions you practised went better the next time they were asked, and whether the "
            "mistakes you rehearsed came up again.",
            icon=":material/repeat:",
        )
    else:
        st.markdown(effect.questions_in_words())
        st.markdown(effect.mistakes_in_words())
        st.caption(PRACTICE_DEFINITIONS)
        if effect.practised + effect.not_practised + effect.rehearsed + effect.not_rehearsed:
            figure = charts.make_practice_effect_figure(effect)
            _chart(figure, "practice_effect", _practice_table(data), _PRACTICE_COLUMNS, selectable=False)
            with st.expander("The interviews behind these numbers"):
                st.caption(
                    f"The latest questions asked again (at most {len(effect.question_occurrences):,} "
                    "shown), then the latest recurring mistakes and the interview after each."
                )
                st.dataframe(
                    effect.question_occurrences,
                    hide_index=True,
                    column_config=_PRACTISED_QUESTION_COLUMNS,
                    column_order=list(_PRACTISED_QUESTION_COLUMNS),
                )
                st.dataframe(
                    effect.mistake_occurrences,
                    hide_index=True,
                    column_config=_REHEARSED_MISTAKE_COLUMNS,
                    column_order=list(_REHEARSED_MISTAKE_COLUMNS),
                )
    st.markdown("**Where each recurring mistake stands**")
    show_mistake_lifecycle(store, key=f"{_KEY}.lifecycle")


@st.cache_data(show_spinner="Finding the patterns in your interviews…", max_entries=CACHED_RESULTS)
def _dashboard(
    database: str, version: tuple, interview_filter: InterviewFilter, _store: Store
) -> DashboardData:
    with _store.snapshot() as cursor:
        return dashboard_data(cursor, interview_filter)


def load_dashboard(store: Store, interview_filter: InterviewFilter) -> DashboardData:
    return _dashboard(str(store.path), read_data_version(store), interview_filter, store)


def show_dashboard(store: Store, interview_filter: InterviewFilter, data: DashboardData) -> None:
    show_pattern_tiles(data.summary)
    _recurring_section(store, interview_filter, data)
    _trend_section(data)
    _heatmap_section(data)
    _interviewer_section(store, interview_filter, data)
    _outcomes_section(store, interview_filter, data)
    _answering_section(data)
    _briefs_section(data)
    _practice_section(store, data)
