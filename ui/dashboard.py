"""The Dashboard's sections: headline tiles, each chart with the numbers behind it, and the drill-down
from a selected bar to the debrief items (or interviews) behind it, with links to open them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analytics import charts, interviewer, patterns
from analytics.dashboard import DashboardData
from analytics.filters import InterviewFilter
from analytics.patterns import Behind, Kind
from analytics.scope import BAD_INTERVIEW_RULE
from debrief.models import IMPACT_LABELS, SEVERITY_LABELS
from debrief.store import Store
from ui.onboarding import needs_onboarding
from ui.pattern_tiles import show_pattern_tiles
from ui.setup import HOME, INTERVIEWS, NEW_DEBRIEF, page_link
from ui.text import plain

_KEY = "dashboard"
_PLURAL = {"mistake": "mistakes", "strength": "strengths"}
_PERCENT = st.column_config.NumberColumn(format="percent")
_MONTH = st.column_config.DateColumn(format="MMM YYYY")
_DAY = st.column_config.DateColumn(format="YYYY-MM-DD")
_OPEN = st.column_config.LinkColumn(
    "Debrief", display_text="Open", help="Opens the debrief on the Interviews page"
)
_RECURRING_COLUMNS = {
    "category": "Category",
    "items": "Times noted",
    "interviews": "Interviews",
    "share": _PERCENT | {"label": "Share of interviews"},
    "last_seen": _DAY | {"label": "Last seen"},
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


def _show_behind(behind: Behind, heading: str, columns: dict[str, Any], noun: str) -> None:
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
    columns: dict[str, Any] = {
        "interview_date": _DAY | {"label": "Date"},
        "company": "Company",
        "role": "Role",
        "round": "Round",
        "category": "Category",
        "what_happened": "What happened",
        "severity": "Severity" if kind == "mistake" else "Impact",
    }
    if kind == "mistake":
        columns["next_time"] = "What I'd say next time"
    return columns


def _show_items_behind(store: Store, interview_filter: InterviewFilter, kind: Kind, category: str) -> None:
    with store.cursor() as cursor:
        behind = patterns.items_behind(cursor, interview_filter, kind, category)
    labels = SEVERITY_LABELS if kind == "mistake" else IMPACT_LABELS
    behind = Behind(behind.rows.assign(severity=behind.rows["severity"].map(labels)), behind.total)
    _show_behind(behind, category, _item_columns(kind), _PLURAL[kind])


_INTERVIEW_COLUMNS = {
    "interview_date": _DAY | {"label": "Date"},
    "company": "Company",
    "role": "Role",
    "round": "Round",
    "outcome": "Outcome",
    "professionalism": st.column_config.NumberColumn("Interviewer professionalism", format="%d/5"),
    "average_answer_rating": st.column_config.NumberColumn("My answers (average)", format="%.1f/5"),
    "in_my_control": st.column_config.NumberColumn("In my control", format="%d%%"),
}


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
                st.info(f"No {_PLURAL[kind]} noted in these interviews.", icon="📝")
                selected[kind] = None
                continue
            figure = charts.make_recurring_figure(frame, kind)
            selected[kind] = _chart(figure, f"recurring_{kind}", frame, _RECURRING_COLUMNS, selectable=True)
    for kind, point in selected.items():
        if point is not None:
            _show_items_behind(store, interview_filter, kind, str(point["y"]))


def _trend_section(data: DashboardData) -> None:
    st.subheader("Are you improving?")
    by_month, by_interview = st.tabs(["By month", "Interview by interview"])
    with by_month:
        _chart(
            charts.make_monthly_trend_figure(data.monthly_trend),
            "monthly_trend",
            data.monthly_trend,
            {
                "month": _MONTH | {"label": "Month"},
                "interviews": "Interviews",
                "mistakes": "Mistakes",
                "strengths": "Strengths",
                "mistakes_per_interview": st.column_config.NumberColumn(
                    "Mistakes per interview", format="%.2f"
                ),
                "strengths_per_interview": st.column_config.NumberColumn(
                    "Strengths per interview", format="%.2f"
                ),
                "rolling_mistakes_per_interview": st.column_config.NumberColumn(
                    f"Mistakes per interview, last {patterns.ROLLING_MONTHS} months", format="%.2f"
                ),
                "rolling_strengths_per_interview": st.column_config.NumberColumn(
                    f"Strengths per interview, last {patterns.ROLLING_MONTHS} months", format="%.2f"
                ),
            },
            selectable=False,
        )
    with by_interview:
        if data.summary.interviews > patterns.MAX_TREND_POINTS:
            st.caption(
                f"{data.summary.interviews:,} interviews, drawn as {len(data.rolling_trend):,} evenly spaced "
                "points (the latest always included)."
            )
        _chart(
            charts.make_rolling_trend_figure(data.rolling_trend),
            "rolling_trend",
            data.rolling_trend,
            {
                "interview_number": "Interview",
                "interview_date": _DAY | {"label": "Date"},
                "mistakes": "Mistakes",
                "strengths": "Strengths",
                "rolling_mistakes": st.column_config.NumberColumn(
                    f"Mistakes, last {patterns.ROLLING_INTERVIEWS}", format="%.2f"
                ),
                "rolling_strengths": st.column_config.NumberColumn(
                    f"Strengths, last {patterns.ROLLING_INTERVIEWS}", format="%.2f"
                ),
            },
            selectable=False,
        )


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
        st.info(f"No {_PLURAL[kind]} noted in these interviews.", icon="📝")
        return
    _chart(
        charts.make_heatmap_figure(frame, kind),
        f"heatmap_{kind}",
        frame,
        {
            "category": "Category",
            "month": _MONTH | {"label": "Month"},
            "items": "Times noted",
            "interviews": "Interviews where it appeared",
            "interviews_that_month": "Interviews that month",
            "share": _PERCENT | {"label": "Share of that month's interviews"},
        },
        selectable=False,
    )


def _interviewer_section(store: Store, interview_filter: InterviewFilter, data: DashboardData) -> None:
    st.subheader("The interviewer's side")
    st.caption(f"Not every bad interview was your fault. {BAD_INTERVIEW_RULE}")
    left, right = st.columns(2, gap="large")
    with left:
        if data.professionalism.empty:
            st.info("Rate the interviewer's professionalism in your debriefs to see this.", icon="🧑‍💼")
            point = None
        else:
            point = _chart(
                charts.make_professionalism_figure(data.professionalism),
                "professionalism",
                data.professionalism,
                {
                    "professionalism": st.column_config.NumberColumn(
                        "Interviewer professionalism", format="%d/5"
                    ),
                    "interviews": "Interviews",
                    "average_answer_rating": st.column_config.NumberColumn(
                        "My answers (average)", format="%.2f"
                    ),
                    "interviews_with_rated_answers": "Interviews with rated answers",
                    "average_in_my_control": st.column_config.NumberColumn("In my control", format="%.0f%%"),
                },
                selectable=True,
            )
    with right:
        _chart(
            charts.make_bad_interviews_figure(data.bad_interviews),
            "bad_interviews",
            data.bad_interviews,
            {
                "interviews_group": "Interviews",
                "interviews": "How many",
                "rated": "Professionalism rated",
                "with_unprofessional_interviewer": "Unprofessional interviewer",
                "share": _PERCENT | {"label": "Share"},
            },
            selectable=False,
        )
    if point is not None:
        level = int(point["x"])
        _show_interviews_behind(
            store,
            interview_filter,
            f"Interviews where you rated the interviewer {level}/5",
            professionalism=level,
        )
    _chart(
        charts.make_blame_split_figure(data.blame_split),
        "blame_split",
        data.blame_split,
        {
            "month": _MONTH | {"label": "Month"},
            "interviews": "Interviews",
            "in_my_control": st.column_config.NumberColumn("In my control", format="%.0f%%"),
            "outside_my_control": st.column_config.NumberColumn("Outside my control", format="%.0f%%"),
            "bad_interviews": "Bad interviews",
            "in_my_control_when_bad": st.column_config.NumberColumn(
                "In my control, bad interviews", format="%.0f%%"
            ),
        },
        selectable=False,
    )


def _outcomes_section(store: Store, interview_filter: InterviewFilter, data: DashboardData) -> None:
    st.subheader("How far interviews got")
    st.caption("Select a bar to see the interviews behind it.")
    point = _chart(
        charts.make_outcomes_figure(data.outcomes),
        "outcomes",
        data.outcomes,
        {
            "round": "Round",
            "outcome": "Outcome",
            "interviews": "Interviews",
            "share_of_round": _PERCENT | {"label": "Share of the round"},
        },
        selectable=True,
    )
    if point is not None:
        round_label, outcome_label = str(point["y"]), str(point["customdata"][0])
        _show_interviews_behind(
            store,
            interview_filter,
            f"{round_label}: {outcome_label}",
            round_label=round_label,
            outcome_label=outcome_label,
        )


def show_dashboard(store: Store, interview_filter: InterviewFilter, data: DashboardData) -> None:
    show_pattern_tiles(data.summary)
    _recurring_section(store, interview_filter, data)
    _trend_section(data)
    _heatmap_section(data)
    _interviewer_section(store, interview_filter, data)
    _outcomes_section(store, interview_filter, data)
