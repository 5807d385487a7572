"""Every application with its rounds, and every debrief: search, open, edit, delete."""

import streamlit as st

from debrief import repository
from ui.applications import show_pipeline
from ui.debrief_view import STATE, show_actions, show_debrief, show_plan_against_what_happened
from ui.interview_picker import open_picked, show_results
from ui.setup import NEW_DEBRIEF, page_link, setup_page, show_flash

store = setup_page("Interviews", "🗂️")
st.title("Interviews")
show_flash(STATE)
show_pipeline(store)

st.subheader("Every debrief")
search = st.text_input(
    "Search debriefs", key="interviews.search", placeholder="Company, role, or any word from a debrief"
)
result = repository.search_interviews(store, search)
if result.total == 0 and not search.strip():
    st.info("No debriefs yet. Capture your first interview while it is fresh.", icon="📝")
    page_link(NEW_DEBRIEF)
    st.stop()
show_results(result, search)

debrief = open_picked(store, result)
if debrief is not None:
    st.divider()
    show_debrief(debrief)
    show_plan_against_what_happened(store, debrief)
    show_actions(store, debrief)
