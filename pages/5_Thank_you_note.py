"""Step 4: a thank-you note drafted from the debrief, checked, copied or downloaded, and marked sent."""

import streamlit as st

from debrief import repository
from debrief.follow_ups import local_today
from ui.setup import NEW_DEBRIEF, page_link, setup_page, show_flash
from ui.thank_you import STATE, choose_interview, show_contacts, show_note

store = setup_page("Thank-you note", "💌")
st.title("Thank-you note")
st.caption(
    "Short, with no excuses: thank them for their time, name a topic you discussed, one or two of your "
    "strengths, at most one apology that turns positive, and gratitude for the chance to continue."
)
show_flash(STATE)
if repository.count_interviews(store) == 0:
    st.info("No debriefs yet. Capture the interview first: the note is drafted from it.", icon="📝")
    page_link(NEW_DEBRIEF)
    st.stop()
debrief = choose_interview(store)
if debrief is None:
    st.stop()
contacts = show_contacts(store, debrief)
if not contacts:
    st.info("Add who interviewed you (a name is enough) and the draft appears here.", icon="👆")
    st.stop()
show_note(store, debrief, contacts, local_today())
