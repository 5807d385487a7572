"""Home's lines about what comes next, kept light (Home is the first page a new process shows): the next
interview with a countdown, interviews waiting for their debrief, and the practice cards due."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from debrief import practice_due, schedule
from debrief.store import Store
from ui.setup import NEW_DEBRIEF, PRACTICE, PREPARE, linked_line, page_link
from ui.text import counted, plain


def countdown(starts_at: dt.datetime, now: dt.datetime) -> str:
    """How long until an interview, as people say it: "in 40 minutes", "today at 14:30", "tomorrow at
    09:00", "in 5 days"; "now" while it runs."""
    if starts_at <= now:
        return "now"
    minutes = int((starts_at - now).total_seconds() // 60)
    days = (starts_at.date() - now.date()).days
    if minutes < 60:
        return f"in {counted(max(minutes, 1), 'minute')}"
    if days == 0:
        return f"today at {starts_at:%H:%M}"
    if days == 1:
        return f"tomorrow at {starts_at:%H:%M}"
    return f"in {days} days"


def _when(starts_at: dt.datetime, now: dt.datetime) -> str:
    """The countdown, with the day and time where it does not say them."""
    told = countdown(starts_at, now)
    return f"{told} ({starts_at:%a %d %b}, {starts_at:%H:%M})" if told.endswith("days") else told


def show_next_interview(store: Store) -> None:
    """Home: the next interview with a countdown and its brief; interviews waiting for their debrief."""
    now = schedule.local_now()
    for scheduled in schedule.awaiting_debrief(store, now):
        text, link = st.columns([4, 1], vertical_alignment="center")
        text.warning(
            f"**{plain(scheduled.title)}** was on {scheduled.plan.starts_at:%a %d %b}: capture its "
            "debrief while you remember it.",
            icon=":material/edit_note:",
        )
        with link:
            page_link(NEW_DEBRIEF, "Debrief it", query={"plan": str(scheduled.id)})
    coming = schedule.upcoming(store, now)
    if not coming:
        return
    scheduled = coming[0]
    text, link = st.columns([4, 1], vertical_alignment="center")
    later = f" · {counted(len(coming) - 1, 'more')} coming up" if len(coming) > 1 else ""
    text.info(
        f"**Next: {plain(scheduled.title)}**, {plain(_when(scheduled.plan.starts_at, now))}{later}",
        icon=":material/target:",
    )
    with link:
        page_link(PREPARE, "Open its brief", query={"plan": str(scheduled.id)})


def show_practice_due(store: Store, only_when_due: bool = False) -> None:
    """How many practice cards are due, with a link to Practice (one count). `only_when_due`: nothing
    when none is (Home before any debrief)."""
    with store.cursor() as cursor:
        due = practice_due.due_count(cursor)
    if due:
        linked_line(f":material/repeat: **{counted(due, 'practice card')} due**", PRACTICE, "Practise now")
    elif not only_when_due:
        linked_line(":material/repeat: No practice cards due.", PRACTICE, "Open Practice")
