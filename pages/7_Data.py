"""Your data: export it, import an export or a question spreadsheet, back up and restore the database."""

import streamlit as st

from ui.data_tools import show_backup, show_export, show_import, show_kept_copies, show_restore
from ui.setup import setup_page

store = setup_page("Data", "💾")
st.title("Your data")
st.caption("Keep a copy, move to another computer, or bring in the questions you kept in a spreadsheet.")
export_tab, import_tab, backup_tab = st.tabs(["Export", "Import", "Backup and restore"])
with export_tab:
    show_export(store)
with import_tab:
    show_import(store)
with backup_tab:
    show_backup(store)
    st.divider()
    show_restore(store)
    st.divider()
    show_kept_copies(store)
