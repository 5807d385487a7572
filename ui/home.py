"""Home overview: what has been logged, recent debriefs, drafts waiting."""

from __future__ import annotations

import streamlit as st

from debrief import repository
from debrief.followups import local_today
from debrief.store import Store
from ui.follow_ups import show_due_line
from ui.interview_picker import show_results
from ui.setup import INTERVIEWS, NEW_DEBRIEF, page_link

RECENT = 5


def show_overview(store: Store) -> None:
    counts = repository.totals(store)
    tiles = st.columns(4)
    tiles[0].metric("Interviews logged", f"{counts.interviews:,}")
    tiles[1].metric("Mistakes noted", f"{counts.mistakes:,}")
    tiles[2].metric("Strengths noted", f"{counts.strengths:,}")
    tiles[3].metric("Questions recalled", f"{counts.questions:,}")
    show_due_line(store, local_today())
    if counts.drafts:
        st.warning(
            f"You have {counts.drafts} unsaved draft{'s' if counts.drafts != 1 else ''}: resume it on the "
            "New debrief page.",
            icon="📝",
        )
    links = st.columns([1, 1, 3])
    with links[0]:
        page_link(NEW_DEBRIEF)
    with links[1]:
        page_link(INTERVIEWS, "All interviews")
    st.subheader("Most recent")
    show_results(repository.search_interviews(store, limit=RECENT), "")
