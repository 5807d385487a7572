"""The pattern numbers the pages show, cached per database, data version and filter.

The data version changes with every saved, edited, deleted or imported debrief, so a cached result is
never stale and no writer has to remember to clear the cache.
"""

from __future__ import annotations

import streamlit as st

from analytics.dashboard import DashboardData, dashboard_data
from analytics.filters import InterviewFilter
from analytics.patterns import PatternSummary, data_version, pattern_summary
from debrief.store import Store

_CACHED_RESULTS = 16


def read_data_version(store: Store) -> tuple:
    """The data version now. It is a pass over every interview: a page reads it once per rerun and hands
    it to everything it loads."""
    with store.cursor() as cursor:
        return data_version(cursor)


@st.cache_data(show_spinner="Finding the patterns in your interviews…", max_entries=_CACHED_RESULTS)
def _dashboard(
    database: str, version: tuple, interview_filter: InterviewFilter, _store: Store
) -> DashboardData:
    with _store.snapshot() as cursor:
        return dashboard_data(cursor, interview_filter)


@st.cache_data(show_spinner=False, max_entries=_CACHED_RESULTS)
def _summary(database: str, version: tuple, _store: Store) -> PatternSummary:
    with _store.snapshot() as cursor:
        return pattern_summary(cursor)


def load_dashboard(store: Store, interview_filter: InterviewFilter) -> DashboardData:
    return _dashboard(str(store.path), read_data_version(store), interview_filter, store)


def load_summary(store: Store, version: tuple) -> PatternSummary:
    """The headline numbers over every interview (what Home shows), at the data version `version`."""
    return _summary(str(store.path), version, store)
