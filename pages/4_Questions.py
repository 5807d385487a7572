"""The questions you get asked, grouped across interviews: most common, what to practise, downloads."""

import streamlit as st

from debrief import repository
from ui.filters import show_filters
from ui.pattern_data import read_data_version
from ui.question_lists import (
    STATE,
    load_overview,
    question_versions,
    show_grouping_fixes,
    show_lists,
    show_summary,
)
from ui.setup import NEW_DEBRIEF, page_link, setup_page, show_flash

store = setup_page("Questions", "❓")
st.title("Questions")
interview_filter = show_filters(store)
show_flash(STATE)
if repository.totals(store).questions == 0:
    st.info(
        "No questions recalled yet. After an interview, list the questions you were asked in a debrief: "
        "here they are grouped across interviews, so you see which come up again and what to practise.",
        icon="❓",
    )
    page_link(NEW_DEBRIEF)
    st.stop()

versions = question_versions(store, read_data_version(store))
overview = load_overview(store, versions, interview_filter)
if overview.is_empty:
    st.info("No questions in the interviews the filters select: widen the filters in the sidebar.", icon="🔎")
else:
    show_summary(overview)
    show_lists(store, interview_filter, overview)
show_grouping_fixes(store, versions)
