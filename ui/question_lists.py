"""The Questions page's widgets: the grouped list, the practice list, every question, the CSV downloads
and the grouping corrections."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial

import pandas as pd
import streamlit as st

from analytics.filters import InterviewFilter
from analytics.question_stats import (
    ALL_LABELS,
    COMMON_LABELS,
    PRACTICE_LABELS,
    QuestionOverview,
    all_questions,
    group_wordings,
    grouping_version,
    most_asked_question,
    question_groups_for_correction,
    question_overview,
)
from debrief import question_groups
from debrief.csv_export import csv_bytes
from debrief.store import Store
from ui.downloads import download_on_click
from ui.keys import widget_keys
from ui.setup import QUESTIONS, apply_change, flash, linked_line, progress_reporter
from ui.text import plain

STATE = "questions"
_key = widget_keys(STATE)
SHOWN_GROUPS = 100
SHOWN_PRACTICE = 25
SHOWN_QUESTIONS = 300
_CACHED_RESULTS = 16
_RATING = st.column_config.NumberColumn(format="%.1f", help="1 = answered badly, 5 = answered very well")
_COLUMNS = {
    "last_asked": st.column_config.DateColumn("Last asked", format="YYYY-MM-DD"),
    "interview_date": st.column_config.DateColumn("Interview date", format="YYYY-MM-DD"),
    "average_rating": _RATING,
    "practice_score": st.column_config.NumberColumn(
        "Practice score", format="%.1f", help="Times asked × (6 − average rating): high means practise it"
    ),
    "best_answer": st.column_config.TextColumn(
        "Best answer so far", help="The most recent better answer you wrote for this question"
    ),
    "off_guard": st.column_config.CheckboxColumn("Caught me off guard"),
}


def question_versions(store: Store, data_version: tuple) -> tuple:
    """What the cached question lists hang on: the data version the page read for this rerun, and the
    grouping version (corrections change groups without changing any debrief)."""
    with store.cursor() as cursor:
        return data_version, grouping_version(cursor)


@st.cache_data(show_spinner=False, max_entries=_CACHED_RESULTS)
def _overview(
    database: str, versions: tuple, interview_filter: InterviewFilter, _store: Store
) -> QuestionOverview:
    with _store.snapshot() as cursor:
        # Only the questions the table shows: at 100,000 interviews all of them would fill the cache.
        return question_overview(cursor, interview_filter, newest_questions=SHOWN_QUESTIONS)


@st.cache_data(show_spinner=False, max_entries=_CACHED_RESULTS)
def _groups(database: str, versions: tuple, _store: Store) -> pd.DataFrame:
    with _store.cursor() as cursor:
        return question_groups_for_correction(cursor)


@st.cache_data(show_spinner=False, max_entries=_CACHED_RESULTS)
def _most_asked(database: str, versions: tuple, _store: Store) -> pd.DataFrame:
    with _store.cursor() as cursor:
        return most_asked_question(cursor)


def show_most_asked(store: Store, data_version: tuple) -> None:
    """One line for Home: the question asked most often across every interview, and where to practise."""
    top = _most_asked(str(store.path), question_versions(store, data_version), store)
    if top.empty:
        return
    question = top.iloc[0]
    linked_line(
        f"❓ **Most asked question:** {plain(question.question)} "
        f"({question.times_asked:,} times, in {question.interviews:,} interviews)",
        QUESTIONS,
        "Practise your questions",
    )


def load_overview(store: Store, versions: tuple, interview_filter: InterviewFilter) -> QuestionOverview:
    """The page's lists for a filter at `versions` (question_versions); cached until a debrief or a
    grouping changes."""
    return _overview(str(store.path), versions, interview_filter, store)


def _table(frame: pd.DataFrame, labels: dict[str, str], shown: int, total: int) -> None:
    if total > shown:
        st.caption(f"Showing the first {shown:,} of {total:,} questions; the download has them all.")
    columns = {name: _COLUMNS.get(name, label) for name, label in labels.items()}
    for name, config in columns.items():
        if not isinstance(config, str):
            config["label"] = labels[name]
    st.dataframe(frame.head(shown), hide_index=True, column_config=columns, column_order=list(labels))


def _every_question_csv(store: Store, interview_filter: InterviewFilter) -> bytes:
    with store.snapshot() as cursor:
        return csv_bytes(all_questions(cursor, interview_filter), ALL_LABELS)


def _download(label: str, make: Callable[[], bytes], name: str) -> None:
    file_name = f"{name}-{dt.date.today():%Y-%m-%d}.csv"
    download_on_click(label, make, file_name, "text/csv", _key("download", name))


def show_summary(overview: QuestionOverview) -> None:
    tiles = st.columns(3)
    tiles[0].metric("Questions recalled", f"{overview.questions_asked:,}")
    tiles[1].metric("Different questions", f"{len(overview.common):,}")
    top = overview.common.iloc[0]
    tiles[2].metric("Most common", f"{top.times_asked}×", help=plain(top.question))
    st.caption(f"Most common: {plain(top.question)}")


def show_lists(store: Store, interview_filter: InterviewFilter, overview: QuestionOverview) -> None:
    common, practice, every = st.tabs(["Most common", "Practice list", "All questions"])
    with common:
        st.caption("Differently worded versions of one question are counted together.")
        _table(overview.common, COMMON_LABELS, SHOWN_GROUPS, len(overview.common))
        make = partial(csv_bytes, overview.common, COMMON_LABELS)
        _download("Download the grouped list (CSV)", make, "common-questions")
    with practice:
        st.caption("Asked often and answered badly comes first: rehearse the better answers at the top.")
        _table(overview.practice, PRACTICE_LABELS, SHOWN_PRACTICE, len(overview.practice))
        make = partial(csv_bytes, overview.practice, PRACTICE_LABELS)
        _download("Download the practice list (CSV)", make, "practice-list")
    with every:
        _table(overview.every_question, ALL_LABELS, SHOWN_QUESTIONS, overview.questions_asked)
        make = partial(_every_question_csv, store, interview_filter)
        _download("Download all questions (CSV)", make, "all-questions")


def _group_picker(label: str, groups: pd.DataFrame, key: str, exclude: int | None = None) -> int | None:
    options = [int(group_id) for group_id in groups["group_id"] if group_id != exclude]
    names = {
        int(row.group_id): f"{row.question} ({row.times_asked}×)" for row in groups.itertuples(index=False)
    }
    return st.selectbox(
        label,
        options,
        index=None,
        format_func=names.__getitem__,  # a dict's method, unlike a lambda, can be kept in session state
        placeholder="Choose a question",
        key=key,
    )


def show_grouping_fixes(store: Store, versions: tuple) -> None:
    """Merge two groups, move a wording out of its group, undo a correction, regroup everything."""
    with st.expander("Fix the grouping", icon="🧩"):
        groups = _groups(str(store.path), versions, store)
        st.markdown("**Merge two questions** that are really the same question.")
        left, right = st.columns(2)
        with left:
            source = _group_picker("Merge this question", groups, _key("merge", "source"))
        with right:
            target = _group_picker("into this one", groups, _key("merge", "target"), exclude=source)
        if st.button("Merge", key=_key("merge"), disabled=source is None or target is None):
            merge = partial(question_groups.merge_groups, store, source, target)
            apply_change(STATE, merge, "Merged: counted together now.")

        st.markdown("**Move a wording out** of a group it does not belong to.")
        left, right = st.columns(2)
        with left:
            group = _group_picker("Question group", groups, _key("split", "group"))
        wordings = pd.DataFrame(columns=["text", "times_asked"])
        if group is not None:
            with store.cursor() as cursor:
                wordings = group_wordings(cursor, group)
        with right:
            text = st.selectbox(
                "Wording to move out",
                wordings["text"].tolist(),
                index=None,
                placeholder="Choose a group first" if group is None else "Choose a wording",
                key=_key("split", "text"),
            )
        if st.button("Move out into its own group", key=_key("split"), disabled=text is None):
            move_out = partial(question_groups.move_out, store, text)
            apply_change(STATE, move_out, f"Moved “{text}” into a group of its own.")

        _show_corrections(store)


def _show_corrections(store: Store) -> None:
    stored = question_groups.corrections(store)
    st.markdown("**Your corrections** are kept, and applied again whenever questions are regrouped.")
    if stored.empty:
        st.caption("None yet.")
    else:
        summaries = dict(zip(stored["id"].astype(int), stored["summary"], strict=True))
        left, right = st.columns([3, 1], vertical_alignment="bottom")
        with left:
            chosen = st.selectbox(
                "Correction", list(summaries), format_func=summaries.get, key=_key("undo", "choice")
            )
        with right:
            if st.button("Undo it", key=_key("undo")):
                apply_change(STATE, partial(question_groups.undo_correction, store, chosen), "Undone.")
    if st.button("Regroup every question", key=_key("regroup"), help="Match every wording again"):
        progress = st.progress(0.0, text="Regrouping…")
        question_groups.regroup_all(store, progress_reporter(progress))
        flash(STATE, "Regrouped every question; your corrections still apply.")
        st.rerun()
