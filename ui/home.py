"""Home overview: the headline patterns, drafts waiting, recent debriefs."""

from __future__ import annotations

import streamlit as st

from debrief import repository
from debrief.follow_ups import local_today
from debrief.store import Store
from ui.coming_up import show_next_interview, show_practice_due
from ui.follow_ups import show_due_line
from ui.interview_picker import show_results
from ui.pattern_data import load_summary, read_data_version
from ui.pattern_tiles import show_pattern_tiles
from ui.question_lists import show_most_asked
from ui.setup import DASHBOARD, INTERVIEWS, NEW_DEBRIEF, page_link
from ui.text import counted, draft_label

RECENT = 5


def show_unsaved_drafts(store: Store) -> None:
    """Debriefs typed but not saved yet, newest first, each a link back into the form."""
    drafts = repository.list_drafts(store)
    if not drafts:
        return
    st.warning(f"You have {counted(len(drafts), 'unsaved draft')}: resume to finish and save.", icon="📝")
    for draft in drafts[:RECENT]:
        text, link = st.columns([4, 1], vertical_alignment="center")
        text.markdown(draft_label(draft))
        with link:
            page_link(NEW_DEBRIEF, "Resume", draft.interview_id, {"draft": draft.key})
    if len(drafts) > RECENT:
        st.caption(f"The other {len(drafts) - RECENT:,} are listed on the New debrief page.")


def show_overview(store: Store) -> None:
    version = read_data_version(store)
    show_next_interview(store)
    show_pattern_tiles(load_summary(store, version))
    show_due_line(store, local_today())
    show_practice_due(store)
    show_most_asked(store, version)
    show_unsaved_drafts(store)
    links = st.columns([1, 1, 1, 2])
    with links[0]:
        page_link(NEW_DEBRIEF)
    with links[1]:
        page_link(INTERVIEWS, "All interviews")
    with links[2]:
        page_link(DASHBOARD, "All patterns")
    st.subheader("Most recent")
    show_results(repository.search_interviews(store, limit=RECENT), "")
