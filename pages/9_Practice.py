"""Practice: rehearse the cards due (questions you struggled with, recurring mistakes, your own)."""

import streamlit as st

from ui.practice import show_practice
from ui.setup import setup_page

store = setup_page("Practice", "🔁")
st.title("Practice")
show_practice(store)
