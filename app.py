"""Home: where the user lands; first run offers demo data."""

import streamlit as st

from debrief import repository
from ui.coming_up import show_next_interview, show_practice_due
from ui.home import show_overview, show_unsaved_drafts
from ui.onboarding import needs_onboarding, show_onboarding
from ui.setup import NEW_DEBRIEF, page_link, setup_page

store = setup_page("Home", "🧭")
st.title("Debrief")
if needs_onboarding(store):
    show_onboarding(store)
elif repository.count_interviews(store) == 0:
    show_next_interview(store)
    st.info("No debriefs yet. Just had an interview? Capture it while it is fresh.", icon="📝")
    show_practice_due(store, only_when_due=True)
    show_unsaved_drafts(store)
    page_link(NEW_DEBRIEF)
else:
    show_overview(store)
