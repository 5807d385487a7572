"""Where each recurring mistake stands (open, rehearsed, not repeated, retired), with the setting of how
many interviews without it make it "not repeated". Shown on the Dashboard and on the Practice page.

The setting is read on every rerun and written only when the user changes the number (the widget's
`on_change`), never on a page's read.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from analytics.practice_effect import NOT_REPEATED_AFTER, mistake_lifecycle
from debrief.settings import get_setting, set_setting
from debrief.store import Store

SETTING = "practice_not_repeated_after"
MOST_INTERVIEWS = 50  # the largest "not repeated after" the number input takes

LIFECYCLE_COLUMNS: dict[str, Any] = {
    "category": "Mistake",
    "stage": "Stage",
    "last_happened": st.column_config.DateColumn("Last happened", format="YYYY-MM-DD"),
    "interviews_since": "Interviews since",
    "last_rehearsed": st.column_config.DateColumn("Last rehearsed", format="YYYY-MM-DD"),
    "times_noted": "Times noted",
}


def not_repeated_after(store: Store) -> int:
    """The saved setting, or the default when it is missing or not a number in range."""
    saved = get_setting(store, SETTING)
    try:
        value = int(saved) if saved is not None else NOT_REPEATED_AFTER
    except ValueError:
        return NOT_REPEATED_AFTER
    return value if 1 <= value <= MOST_INTERVIEWS else NOT_REPEATED_AFTER


def _save(store: Store, widget_key: str) -> None:
    set_setting(store, SETTING, str(int(st.session_state[widget_key])))


def show_mistake_lifecycle(store: Store, key: str = "practice_progress") -> None:
    """The lifecycle table over every interview, and the number input for its "not repeated" stage.
    `key` prefixes the widget's key, so that two pages may each show it."""
    widget_key = f"{key}.not_repeated_after"
    interviews = st.number_input(
        "Not repeated after this many interviews without it",
        min_value=1,
        max_value=MOST_INTERVIEWS,
        value=not_repeated_after(store),
        step=1,
        key=widget_key,
        on_change=_save,
        args=(store, widget_key),
        help="A mistake that has not come up in this many of your latest interviews counts as not repeated.",
    )
    with store.cursor() as cursor:
        frame = mistake_lifecycle(cursor, int(interviews))
    if frame.empty:
        st.info(
            "No mistake has come up in two interviews yet. Once one does, it gets a card on the Practice "
            "page, and here you will see it move from open to rehearsed, not repeated and retired.",
            icon=":material/repeat:",
        )
        return
    counts = frame["stage"].value_counts()
    st.caption(
        "Each recurring mistake (noted in two interviews or more, or with a card), over all your "
        "interviews: **open** until you rehearse its card, **rehearsed** once you did since it last "
        f"happened, **not repeated** when it did not come up in your last {int(interviews)} interviews, "
        "**retired** once you retire its card on the Practice page. "
        + ", ".join(f"{stage}: {counts[stage]}" for stage in frame["stage"].unique())
        + "."
    )
    st.dataframe(
        frame, hide_index=True, column_config=LIFECYCLE_COLUMNS, column_order=list(LIFECYCLE_COLUMNS)
    )
