"""Prepare for the next interview: what is coming up, and its one-page brief (`?plan=N`)."""

import streamlit as st

from ui.prepare import show_prepare, show_scheduled_notice
from ui.setup import setup_page

store = setup_page("Prepare", "🎯")
st.title("Prepare")
show_scheduled_notice()
show_prepare(store)
