"""The pattern numbers the pages show, cached per database, data version and filter.

The data version changes with every saved, edited, deleted or imported debrief, so a cached result is
never stale and no writer has to remember to clear the cache. The Dashboard's own numbers are cached the
same way in ui/dashboard.py, so Home (the first page a new process shows) loads only what it shows.
"""

from __future__ import annotations

import streamlit as st

from analytics.patterns import PatternSummary, data_version, pattern_summary
from debrief.store import Store

CACHED_RESULTS = 16


def read_data_version(store: Store) -> tuple:
    """The data version now. It is a pass over every interview: a page reads it once per rerun and hands
    it to everything it loads."""
    with store.cursor() as cursor:
        return data_version(cursor)


@st.cache_data(show_spinner=False, max_entries=CACHED_RESULTS)
def _summary(database: str, version: tuple, _store: Store) -> PatternSummary:
    with _store.snapshot() as cursor:
        return pattern_summary(cursor)


def load_summary(store: Store, version: tuple) -> PatternSummary:
    """The headline numbers over every interview (what Home shows), at the data version `version`."""
    return _summary(str(store.path), version, store)
