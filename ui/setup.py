"""The one-line setup every page starts with: page config, the store, the shared sidebar."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import NamedTuple

import streamlit as st

from debrief import upkeep
from debrief.follow_ups import local_today
from debrief.store import Progress, Store, StoreError, database_path
from ui.server import is_exposed_unguarded
from ui.text import plain


class PageLink(NamedTuple):
    path: str
    label: str
    icon: str


HOME = PageLink("app.py", "Home", "🧭")
NEW_DEBRIEF = PageLink("pages/1_New_debrief.py", "New debrief", "📝")
INTERVIEWS = PageLink("pages/2_Interviews.py", "Interviews", "🗂️")
PREPARE = PageLink("pages/8_Prepare.py", "Prepare", "🎯")
PRACTICE = PageLink("pages/9_Practice.py", "Practice", "🔁")
DASHBOARD = PageLink("pages/3_Dashboard.py", "Dashboard", "📊")
QUESTIONS = PageLink("pages/4_Questions.py", "Questions", "❓")
THANK_YOU = PageLink("pages/5_Thank_you_note.py", "Thank-you note", "💌")
FOLLOW_UPS = PageLink("pages/6_Follow_ups.py", "Follow-ups", "🔔")
DATA = PageLink("pages/7_Data.py", "Data", "💾")
# The sidebar, in this order. Streamlit's own page list is hidden because it would call Home "app".
SIDEBAR_PAGES = (
    HOME,
    NEW_DEBRIEF,
    INTERVIEWS,
    PREPARE,
    PRACTICE,
    DASHBOARD,
    QUESTIONS,
    THANK_YOU,
    FOLLOW_UPS,
    DATA,
)


def page_link(
    page: PageLink, label: str | None = None, interview_id: int | None = None, query: dict | None = None
) -> None:
    """A link to `page`; with `interview_id`, to that interview on it (`?id=`, as every page reads it),
    and any other `query` parameters."""
    parameters = {**({"id": str(interview_id)} if interview_id is not None else {}), **(query or {})}
    st.page_link(page.path, label=label or page.label, icon=page.icon, query_params=parameters or None)


def switch_to(page: PageLink, query: dict[str, str] | None = None) -> None:
    """Go to `page` now, with `query` parameters (as `page_link` writes them)."""
    st.switch_page(page.path, query_params=query)


def progress_reporter(bar) -> Progress:
    """Long work's progress shown on a `st.progress` bar."""

    def report(fraction: float, message: str) -> None:
        bar.progress(min(max(fraction, 0.0), 1.0), text=plain(message))

    return report


def flash(scope: str, message: str) -> None:
    """A success message for the top of the page, shown after the rerun that follows a change."""
    st.session_state[f"{scope}.flash"] = message


def apply_change(scope: str, change: Callable[[], object], message: str | Callable[[object], str]) -> None:
    """Make a change: a refusal is shown in place; success reruns the page with `message` (or
    `message(result)`) on top."""
    try:
        result = change()
    except (StoreError, ValueError) as error:
        st.error(plain(str(error)))
        return
    flash(scope, message(result) if callable(message) else message)
    st.rerun()


def show_flash(scope: str) -> None:
    message = st.session_state.pop(f"{scope}.flash", None)
    if message:
        st.success(plain(message), icon="✅")


def linked_line(markdown: str, page: PageLink, label: str) -> None:
    """A line of text (markdown: escape user text first) with a link to the page that goes with it."""
    text, link = st.columns([3, 1], vertical_alignment="center")
    text.markdown(markdown)
    with link:
        page_link(page, label)


@st.cache_resource(show_spinner=False)
def _open_store(path: str) -> Store:
    store = Store(path)
    store.schema_version()  # opens and migrates now, so a locked file is reported here
    return store


def setup_page(title: str, icon: str) -> Store:
    """Configure the page and return the store; stops the page with a plain message if it cannot open."""
    st.set_page_config(page_title=f"{title} · Debrief", page_icon=icon, layout="wide")
    if is_exposed_unguarded(st.get_option("server.address")):
        st.error(
            "Debrief is listening on the network without its access token, so it shows nothing. Start it "
            "with `make run` (this computer only) or `make run SHARE=1` (other devices too, with a token).",
            icon="🔒",
        )
        st.stop()
    path = database_path()
    try:
        store = _open_store(str(path))
    except StoreError as error:
        st.error(plain(str(error)), icon="🔒")
        st.stop()
    if store.read_only_reason:
        st.warning(plain(store.read_only_reason), icon="🔒")
    else:
        _bring_up_to_date_once(store)
    with st.sidebar:
        for page in SIDEBAR_PAGES:
            page_link(page)
        st.divider()
        st.caption(f"Your data stays on this computer, in {plain(path)}")
    return store


_checked_databases: set[str] = set()
_checking = threading.Lock()


def _bring_up_to_date_once(store: Store) -> None:
    """Once per server and database: regroup questions after an update that shipped a new bank, and the
    like (see debrief.upkeep), with a progress bar. Every other rerun of every page only reads."""
    with _checking:
        if str(store.path) in _checked_databases:
            return
        if upkeep.pending(store):
            bar = st.progress(0.0, text="Bringing your questions and follow-ups up to date…")
            try:
                upkeep.bring_up_to_date(store, local_today(), progress_reporter(bar))
            except StoreError as error:
                st.error(plain(str(error)), icon="⚠️")
                return
            bar.empty()
        _checked_databases.add(str(store.path))
