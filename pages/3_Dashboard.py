"""Patterns across interviews: what keeps happening, whether it is getting better, the interviewer's side."""

import streamlit as st

from ui.dashboard import load_dashboard, show_dashboard, show_empty_dashboard
from ui.filters import show_filters
from ui.setup import setup_page

store = setup_page("Dashboard", "📊")
st.title("Dashboard")
interview_filter = show_filters(store)
data = load_dashboard(store, interview_filter)
if data.summary.interviews == 0:
    show_empty_dashboard(store, interview_filter)
    st.stop()
show_dashboard(store, interview_filter, data)
