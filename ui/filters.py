"""The sidebar filters the analysis pages share: date range, companies, roles, rounds, outcomes."""

from __future__ import annotations

import streamlit as st

from analytics.filters import InterviewFilter, filter_choices
from debrief.store import Store

_KEY = "filters"
_LISTS = (("companies", "Company"), ("roles", "Role"), ("rounds", "Round"), ("outcomes", "Outcome"))


def _keep(name: str) -> str:
    """Streamlit forgets a widget's value when another page is shown; a plain key of ours does not."""
    return f"{_KEY}.kept.{name}"


def _remember(name: str) -> None:
    st.session_state[_keep(name)] = st.session_state[f"{_KEY}.{name}"]


def _restore(name: str, options: list[str]) -> None:
    """Give a list widget its remembered choice, among the options there are now, before it is drawn."""
    state = st.session_state
    if f"{_KEY}.{name}" not in state:
        state[f"{_KEY}.{name}"] = [item for item in state.get(_keep(name), []) if item in options]


def show_filters(store: Store) -> InterviewFilter:
    """Draw the filters in the sidebar and return what they select (everything, when left alone)."""
    with store.cursor() as cursor:
        choices = filter_choices(cursor)
    with st.sidebar:
        st.subheader("Filters")
        if choices.first_date is None:
            st.caption("Filters appear once there are debriefs.")
            return InterviewFilter()
        if _keep("dates") not in st.session_state:
            # Untouched, the range follows the data, so a debrief saved later is not filtered out.
            st.session_state[f"{_KEY}.dates"] = (choices.first_date, choices.last_date)
        dates = st.date_input(
            "Interview dates", key=f"{_KEY}.dates", on_change=_remember, args=("dates",), format="YYYY-MM-DD"
        )
        selected: dict[str, tuple[str, ...]] = {}
        for name, label in _LISTS:
            options = getattr(choices, name)
            _restore(name, options)
            picked = st.multiselect(
                label, options, key=f"{_KEY}.{name}", placeholder="All", on_change=_remember, args=(name,)
            )
            selected[name] = tuple(picked)
    start = dates[0] if len(dates) > 0 else None
    end = dates[1] if len(dates) > 1 else None
    return InterviewFilter(start=start, end=end, **selected)
