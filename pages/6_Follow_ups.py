"""Step 5: keep in touch. What is due now and soon, overdue first; done, snooze, stop; calendar reminders."""

import streamlit as st

from debrief import repository
from debrief.follow_ups import local_today
from ui.follow_ups import (
    show_agenda,
    show_plan_settings,
    show_recently_done,
    show_reminders_download,
    show_stopped,
)
from ui.setup import NEW_DEBRIEF, page_link, setup_page

store = setup_page("Follow-ups", "🔔")
st.title("Follow-ups")
st.caption(
    "A thank-you note within a day, a check-in about a week later, then a short keep-in-touch every month "
    "until you stop: by e-mail, LinkedIn or phone."
)
if repository.count_interviews(store) == 0:
    st.info("No debriefs yet. Each debrief you save gets a follow-up plan.", icon="📝")
    page_link(NEW_DEBRIEF)
    st.stop()
today = local_today()
counts = show_agenda(store, today)
show_reminders_download(store, today, counts)
show_stopped(store, today)
show_recently_done(store)
show_plan_settings(store)
