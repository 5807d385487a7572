"""The follow-ups: what is due (overdue first) with Done / Snooze / Stop, the plan, the calendar file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import streamlit as st

from debrief import follow_ups
from debrief.follow_ups import RECENT_DAYS, SOON_DAYS, STEP_ADVICE, PlanSettings
from debrief.models import MAX_TEXT_LENGTH
from debrief.reminders import reminders_file
from debrief.schedule import local_now, upcoming
from debrief.store import Store
from debrief.vocabulary import CHANNELS, STEPS
from ui.downloads import download_on_click
from ui.fields import warn_if_too_long
from ui.keys import widget_keys
from ui.setup import FOLLOW_UPS, THANK_YOU, apply_change, linked_line, page_link, show_flash
from ui.text import counted, plain

STATE = "followups"
_key = widget_keys(STATE)
SNOOZE_DAYS = {"Tomorrow": 1, "In 3 days": 3, "In a week": 7, "In two weeks": 14}


def show_due_line(store: Store, today: dt.date) -> None:
    """One line for Home: how many follow-ups are due, with a link to them."""
    counts = follow_ups.due_counts(store, today)
    if counts.due_now:
        overdue = f" ({counts.overdue:,} overdue)" if counts.overdue else ""
        line = f"🔔 **{counted(counts.due_now, 'follow-up')} due**{overdue}"
    elif counts.soon:
        line = f"🔔 Nothing due today; {counted(counts.soon, 'follow-up')} in the next {SOON_DAYS} days."
    else:
        line = "🔔 No follow-ups due."
    linked_line(line, FOLLOW_UPS, "Open follow-ups")


def _due_text(due: dt.date, today: dt.date) -> str:
    days = (due - today).days
    if days < 0:
        return f"🔴 Overdue by {counted(-days, 'day')}"
    if days == 0:
        return "🟠 Due today"
    if days == 1:
        return "🔵 Due tomorrow"
    return f"🔵 Due {due:%a %d %b}"


def _bounds(setting: str) -> tuple[int, int]:
    """The lowest and highest value PlanSettings accepts for `setting`."""
    metadata = PlanSettings.model_fields[setting].metadata
    return next(rule.ge for rule in metadata if hasattr(rule, "ge")), next(
        rule.le for rule in metadata if hasattr(rule, "le")
    )


def _act(change: Callable[[], object], message: str | Callable[[object], str]) -> None:
    """Make a change and, when it is made, close the panel it was made from."""

    def change_and_close() -> object:
        result = change()
        st.session_state[_key("acting")] = None
        return result

    apply_change(STATE, change_and_close, message)


def _done_panel(store: Store, row, today: dt.date) -> None:
    with st.form(_key("done_form", row.id)):
        via, note, day = st.columns([2, 3, 1])
        channel = via.radio(
            "How did you get in touch?",
            list(CHANNELS),
            format_func=CHANNELS.get,
            horizontal=True,
            key=_key("done_via", row.id),
        )
        with note:
            text = st.text_input(
                "Note (optional)", placeholder="What you said or sent", key=_key("done_note", row.id)
            )
            warn_if_too_long("Note", text, MAX_TEXT_LENGTH)
        done_on = day.date_input(
            "Done on", value=today, max_value=today, format="YYYY-MM-DD", key=_key("done_on", row.id)
        )
        cadence = None
        if row.step != "thank_you":
            lowest, highest = _bounds("cadence_months")
            cadence = st.number_input(
                "Next keep-in-touch in (months)",
                min_value=lowest,
                max_value=highest,
                value=int(row.cadence_months),
                key=_key("done_cadence", row.id),
            )
        submitted = st.form_submit_button("Mark done", type="primary")
    if submitted:
        _act(
            lambda: follow_ups.mark_done(
                store, row.id, via=channel, done_on=done_on, note=text.strip(), cadence_months=cadence
            ),
            lambda next_on: (
                f"Done: {STEPS[row.step].lower()} for {row.company}."
                + (f" Next keep-in-touch on {next_on:%d %b %Y}." if next_on else "")
            ),
        )


def _snooze_panel(store: Store, row, today: dt.date) -> None:
    choice, button = st.columns([3, 1], vertical_alignment="bottom")
    labels = {
        label: f"{label} ({today + dt.timedelta(days=days):%a %d %b})" for label, days in SNOOZE_DAYS.items()
    }
    label = choice.radio(
        "Snooze until",
        list(labels),
        format_func=labels.get,
        horizontal=True,
        key=_key("snooze_days", row.id),
    )
    if button.button("Snooze", key=_key("snooze_confirm", row.id), type="primary"):
        until = today + dt.timedelta(days=SNOOZE_DAYS[label])
        _act(
            lambda: follow_ups.snooze(store, row.id, until=until, today=today),
            f"Snoozed: {STEPS[row.step].lower()} for {row.company} until {until:%a %d %b}.",
        )


def _stop_panel(store: Store, row, today: dt.date) -> None:
    st.warning(
        f"Stop following up with {plain(row.company)}? Its open reminders are put aside; what you did is "
        "kept, and you can resume it later.",
        icon="✋",
    )
    yes, no, _ = st.columns([1, 1, 3])
    if yes.button("Stop following up", key=_key("stop_confirm", row.id), type="primary"):
        _act(
            lambda: follow_ups.stop_plan(store, row.interview_id, today),
            f"Stopped following up with {row.company}.",
        )
    if no.button("Cancel", key=_key("stop_cancel", row.id)):
        st.session_state[_key("acting")] = None
        st.rerun()


_PANELS = {"done": _done_panel, "snooze": _snooze_panel, "stop": _stop_panel}


def _follow_up(store: Store, row, today: dt.date) -> None:
    due = row.due_on.date()
    with st.container(border=True):
        text, done, snooze, stop = st.columns([6, 1, 1, 1], vertical_alignment="center")
        people = f" · {row.contacts}" if row.contacts else ""
        role = f" · {row.role}" if row.role else ""
        text.markdown(
            f"{_due_text(due, today)} · **{STEPS[row.step]}** · {plain(row.company + role + people)}"
        )
        text.caption(f"{STEP_ADVICE[row.step]} Interview on {row.interview_date:%d %b %Y}.")
        if row.step == "thank_you":
            with text:
                page_link(THANK_YOU, "Write the note", interview_id=int(row.interview_id))
        for column, action, label in (
            (done, "done", "Done"),
            (snooze, "snooze", "Snooze"),
            (stop, "stop", "Stop"),
        ):
            if column.button(label, key=_key(action, row.id)):
                st.session_state[_key("acting")] = (row.id, action)
        acting = st.session_state.get(_key("acting"))
        if acting and acting[0] == row.id:
            _PANELS[acting[1]](store, row, today)


def show_agenda(store: Store, today: dt.date) -> follow_ups.DueCounts:
    """What is due now and in the next SOON_DAYS days, overdue first, each with its actions.

    Returns the counts, which the reminders download needs too.
    """
    show_flash(STATE)
    agenda = follow_ups.agenda(store, today)
    counts = agenda.counts
    tiles = st.columns(3)
    tiles[0].metric("Overdue", f"{counts.overdue:,}")
    tiles[1].metric("Due today", f"{counts.due_today:,}")
    tiles[2].metric(f"Next {SOON_DAYS} days", f"{counts.soon:,}")
    later = ""
    if counts.later:
        later = (
            f" {counted(counts.later, 'more follow-up')} later, the next on {counts.next_later_on:%d %b %Y}."
        )
    if agenda.items.empty:
        st.success(f"Nothing due in the next {SOON_DAYS} days.{later}", icon="🎉")
        return counts
    for row in agenda.items.itertuples():
        _follow_up(store, row, today)
    shown, due = len(agenda.items), counts.overdue + counts.due_today + counts.soon
    if shown < due:
        st.caption(f"Showing the first {shown:,} of {due:,}: mark some done or snooze them to see the rest.")
    if later:
        st.caption(later.strip())
    return counts


def show_reminders_download(store: Store, today: dt.date, counts: follow_ups.DueCounts) -> None:
    reminders = counts.due_now + counts.soon + counts.later
    interviews = len(upcoming(store, local_now()))
    daily, at = st.columns([2, 1], vertical_alignment="bottom")
    practice = daily.checkbox("Add a daily reminder to practise", key=_key("practice"))
    practice_at = at.time_input(
        "At", dt.time(19, 0), key=_key("practice_at"), step=900, disabled=not practice
    )
    download_on_click(
        "Download reminders (.ics)",
        lambda: reminders_file(store, today, practice_at=practice_at if practice else None).data,
        "debrief-follow-ups.ics",
        "text/calendar",
        _key("ics"),
        icon="📅",
        disabled=reminders + interviews == 0 and not practice,
    )
    coming = (
        f", and {counted(interviews, 'interview')} to come, each with a reminder to prepare the day before"
        if interviews
        else ""
    )
    st.caption(
        f"{counted(reminders, 'reminder')} as all-day events for your calendar app (overdue ones on "
        f"today){coming}. Download again after changes: importing updates the same events."
    )


def show_stopped(store: Store, today: dt.date) -> None:
    stopped = follow_ups.stopped_plans(store)
    if not stopped.total:
        return
    with st.expander(f"Not being followed up ({stopped.total:,})", icon="⏸️"):
        if stopped.total > len(stopped.rows):
            st.caption(f"The {len(stopped.rows)} most recent interviews.")
        for row in stopped.rows.itertuples():
            why = (
                f"stopped on {row.stopped_on:%d %b %Y}"
                if row.stopped_reason == "user"
                else f"over {RECENT_DAYS} days old when follow-ups began"
            )
            text, button = st.columns([5, 1], vertical_alignment="center")
            role = f" · {row.role}" if row.role else ""
            text.markdown(f"{plain(row.company + role)} · interview {row.interview_date:%d %b %Y} · {why}")
            if button.button("Resume", key=_key("resume", row.interview_id)):
                _act(
                    lambda interview_id=row.interview_id: follow_ups.resume_plan(store, interview_id, today),
                    f"Following up with {row.company} again.",
                )


def show_recently_done(store: Store) -> None:
    done = follow_ups.recently_done(store)
    if done.empty:
        return
    done["step"] = done["step"].map(STEPS)
    done["done_via"] = done["done_via"].map(CHANNELS)
    with st.expander("Done recently", icon="✅"):
        st.dataframe(
            done,
            hide_index=True,
            column_config={
                "done_on": st.column_config.DateColumn("Done on", format="YYYY-MM-DD"),
                "step": "Follow-up",
                "company": "Company",
                "role": "Role",
                "done_via": "By",
                "note": "Note",
            },
        )


def show_plan_settings(store: Store) -> None:
    """The plan new debriefs get: editable defaults."""
    with st.expander("Plan for new debriefs", icon="🗓️"):
        defaults = follow_ups.plan_defaults(store)
        fields = PlanSettings.model_fields
        with st.form(_key("plan")):
            columns = st.columns(3)
            values = {
                name: column.number_input(
                    fields[name].title,
                    min_value=_bounds(name)[0],
                    max_value=_bounds(name)[1],
                    value=getattr(defaults, name),
                    key=_key("plan", name),
                )
                for column, name in zip(columns, fields, strict=True)
            }
            saved = st.form_submit_button("Save plan")
        st.caption(
            "Counted from the interview date; after the check-in, each keep-in-touch is due that many months "
            f"after you last got in touch. Interviews over {RECENT_DAYS} days old when their plan starts get "
            "no reminders until you resume them."
        )
        if saved:
            follow_ups.save_plan_defaults(store, PlanSettings(**values))
            st.success("Saved: new debriefs get this plan.")
