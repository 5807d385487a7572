"""The list of interviews found, and the selectbox that opens one (kept in the URL as `?id=`)."""

from __future__ import annotations

import streamlit as st

from debrief import repository
from debrief.models import Debrief
from debrief.store import NotFoundError, RowsPage, Store
from ui.text import counted, plain

PICKER_KEY = "interviews.open"
_COLUMNS = {
    "interview_date": st.column_config.DateColumn("Date", format="YYYY-MM-DD"),
    "company": "Company",
    "role": "Role",
    "round": "Round",
    "format": "Format",
    "outcome": "Outcome",
    "mistakes": st.column_config.NumberColumn("Mistakes"),
    "strengths": st.column_config.NumberColumn("Strengths"),
    "questions": st.column_config.NumberColumn("Questions"),
}


def show_no_match(result: RowsPage, search: str) -> bool:
    """Says so when the search found nothing; whether it did."""
    if result.total == 0:
        st.info(
            f"Nothing matches “{plain(search.strip())}”. Try a company, a role or a word you wrote.",
            icon="🔎",
        )
    return result.total == 0


def show_results(result: RowsPage, search: str) -> None:
    if show_no_match(result, search):
        return
    shown = len(result.rows)
    if shown < result.total:
        st.caption(
            f"Showing the {shown:,} most recent of {result.total:,} matches: search to narrow them down."
        )
    else:
        st.caption(counted(result.total, "debrief"))
    st.dataframe(result.rows, hide_index=True, column_config=_COLUMNS, column_order=list(_COLUMNS))


def _label(row) -> str:
    parts = [f"{row.interview_date:%Y-%m-%d}", row.company, row.role, row.round]
    return " · ".join(str(part) for part in parts if part)


def _pick_interview(result: RowsPage) -> int | None:
    """The interview the user opened, if any; remembered in the URL so a refresh keeps it open."""
    labels = {int(row.id): _label(row) for row in result.rows.itertuples()}
    requested = st.query_params.get("id", "")
    selected = int(requested) if requested.isdigit() else None
    if not labels:
        return selected
    if selected is not None and selected not in labels:
        labels = {selected: f"Debrief #{selected}", **labels}
    options = list(labels)
    choice = st.selectbox(
        "Open a debrief",
        options,
        index=options.index(selected) if selected in options else None,
        format_func=labels.get,
        placeholder="Choose an interview to see its debrief",
        key=PICKER_KEY,
    )
    if choice is not None and str(choice) != requested:
        st.query_params["id"] = str(choice)
    return choice


def open_picked(store: Store, result: RowsPage, hint: str | None = None) -> Debrief | None:
    """The debrief opened from `result` (see `_pick_interview`), or None: nothing picked yet (`hint`
    shown, if given), or the debrief was deleted meanwhile (said so)."""
    interview_id = _pick_interview(result)
    if interview_id is None:
        if hint:
            st.info(hint, icon="👆")
        return None
    try:
        return repository.get_debrief(store, interview_id)
    except NotFoundError as error:
        st.warning(str(error))
        return None
