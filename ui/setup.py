"""The one-line setup every page starts with: page config, the store, the shared sidebar."""

from __future__ import annotations

import streamlit as st

from debrief.store import Store, StoreError, database_path
from ui.text import plain

NEW_DEBRIEF_PAGE = "pages/1_New_debrief.py"
INTERVIEWS_PAGE = "pages/2_Interviews.py"
HOME_PAGE = "app.py"


@st.cache_resource(show_spinner=False)
def _open_store(path: str) -> Store:
    store = Store(path)
    store.schema_version()  # opens and migrates now, so a locked file is reported here
    return store


def setup_page(title: str, icon: str) -> Store:
    """Configure the page and return the store; stops the page with a plain message if it cannot open."""
    st.set_page_config(page_title=f"{title} · Debrief", page_icon=icon, layout="wide")
    path = database_path()
    try:
        store = _open_store(str(path))
    except StoreError as error:
        st.error(str(error), icon="🔒")
        st.stop()
    with st.sidebar:
        # Our own links instead of Streamlit's page list, which would call the Home page "app".
        st.page_link(HOME_PAGE, label="Home", icon="🧭")
        st.page_link(NEW_DEBRIEF_PAGE, label="New debrief", icon="📝")
        st.page_link(INTERVIEWS_PAGE, label="Interviews", icon="🗂️")
        st.divider()
        st.caption(f"Your data stays on this computer, in {plain(path)}")
    return store
