"""Table rows that open something: a clicked row's id goes into the URL, and the page shows it."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st


def open_clicked_row(
    selection, frame: pd.DataFrame, column: str, parameter: str, opening: Callable[[], None] | None = None
) -> None:
    """When a row of `frame` is selected in `selection` (what `st.dataframe(on_select="rerun")`
    returned) and its `column` is not already `?parameter=` in the URL: put it there, call `opening`
    (to reset what follows the URL) and rerun. A row already open does nothing, so a table keyed by what
    is open never reruns in a loop."""
    rows = selection.selection.rows
    if not rows:
        return
    value = str(int(frame.iloc[rows[0]][column]))
    if st.query_params.get(parameter) == value:
        return
    st.query_params[parameter] = value
    if opening is not None:
        opening()
    st.rerun()
