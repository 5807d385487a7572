"""Follow-up reminders as an iCalendar (.ics) file that calendar apps import.

Each open follow-up becomes an all-day event on its due day; an overdue one goes on the day of the
export instead, so the reminder is not filed away in the past. All-day events carry no time zone,
so they land on the same day whatever zone the calendar app is set to. Each event's UID is its
follow-up's, and SEQUENCE counts reschedules: importing a newer file updates events rather than
duplicating them (in apps that honour UIDs). A reminder pops up at 09:00 on the day.

Interviews scheduled and still to come are events at their own time, in the user's wall-clock time
(floating, as the user typed it), each with a "prepare" reminder the day before; both keep their UIDs
when the interview moves, with SEQUENCE counting the moves, so the calendar moves them too. On request,
a daily reminder to practise, at the user's chosen time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from icalendar import Alarm, Calendar, Event

from debrief.follow_ups import STEP_ADVICE, open_follow_ups
from debrief.output_text import printable, printable_lines
from debrief.schedule import ScheduledInterview, local_now, upcoming
from debrief.store import Store

PRODUCT_ID = "-//Debrief//Follow-up reminders//EN"
UID_DOMAIN = "debrief.local"
ALARM_AFTER_MIDNIGHT = dt.timedelta(hours=9)
PRACTICE_MINUTES = dt.timedelta(minutes=15)


def reminder_title(step: str, company: str, contacts: str) -> str:
    people = f"{contacts} at {company}" if contacts else company
    if step == "thank_you":
        return f"Send a thank-you note to {people}"
    if step == "check_in":
        return f"Check in with {people}"
    return f"Keep in touch with {people}"


def _description(row, overdue_since: dt.date | None) -> str:
    interview = " · ".join(part for part in (f"{row.interview_date:%d %b %Y}", row.role, row.round) if part)
    lines = [STEP_ADVICE[row.step], f"Interview: {row.company} · {interview}"]
    if row.emails:
        lines.append(f"E-mail: {row.emails}")
    if overdue_since is not None:
        lines.append(f"Overdue: it was due on {overdue_since:%d %b %Y}.")
    lines.append("Mark it done on Debrief's Follow-ups page.")
    return "\n".join(lines)


@dataclass(frozen=True)
class ReminderFile:
    data: bytes
    events: int  # follow-ups
    overdue: int
    interviews: int


def _one_line(text: str) -> str:
    """A title: no control character may stand in an iCalendar text (RFC 5545), and it is one line."""
    return " ".join(printable(text).split())


def _reminder(title: str, trigger: dt.timedelta) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", title)
    alarm.add("trigger", trigger)
    return alarm


def _interview_description(scheduled: ScheduledInterview) -> str:
    plan = scheduled.plan
    lines = [
        f"{label}: {value}"
        for label, value in (("Format", plan.format), ("Interviewers", plan.interviewers))
        if value
    ]
    if plan.notes:
        lines.append(plan.notes)
    lines.append("Your brief for it is on Debrief's Prepare page.")
    return "\n".join(lines)


def _interview_events(scheduled: ScheduledInterview, stamp: dt.datetime) -> list[Event]:
    """The interview itself, and a reminder to prepare for it the day before."""
    plan = scheduled.plan
    title = _one_line(scheduled.title)
    interview = Event()
    interview.add("uid", f"interview-{scheduled.id}@{UID_DOMAIN}")
    interview.add("dtstamp", stamp)
    interview.add("sequence", scheduled.revision)
    interview.add("dtstart", plan.starts_at)
    interview.add("dtend", plan.starts_at + dt.timedelta(minutes=plan.duration_minutes))
    interview.add("summary", title)
    interview.add("description", printable_lines(_interview_description(scheduled)))
    interview.add_component(_reminder(title, -dt.timedelta(hours=1)))
    day_before = plan.starts_at.date() - dt.timedelta(days=1)
    prepare_title = _one_line(f"Prepare: {scheduled.title} tomorrow at {plan.starts_at:%H:%M}")
    prepare = Event()
    prepare.add("uid", f"prepare-{scheduled.id}@{UID_DOMAIN}")
    prepare.add("dtstamp", stamp)
    prepare.add("sequence", scheduled.revision)
    prepare.add("dtstart", day_before)
    prepare.add("dtend", day_before + dt.timedelta(days=1))
    prepare.add("summary", prepare_title)
    prepare.add(
        "description",
        "Read your brief on Debrief's Prepare page: the questions to expect, your best answers, "
        "your recurring mistakes and what you noted about them before.",
    )
    prepare.add("transp", "TRANSPARENT")
    prepare.add_component(_reminder(prepare_title, ALARM_AFTER_MIDNIGHT))
    return [interview, prepare]


def _practice_event(at: dt.time, today: dt.date, stamp: dt.datetime) -> Event:
    """A daily reminder to practise, from today, at the user's own clock time (floating)."""
    event = Event()
    event.add("uid", f"practice-daily@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    start = dt.datetime.combine(today, at)
    event.add("dtstart", start)
    event.add("dtend", start + PRACTICE_MINUTES)
    event.add("rrule", {"freq": "daily"})
    event.add("summary", "Practise your answers (Debrief)")
    event.add(
        "description",
        "Open Debrief's Practice page: the cards due today, questions first for an interview coming up.",
    )
    event.add("transp", "TRANSPARENT")
    event.add_component(_reminder("Practise your answers", dt.timedelta(0)))
    return event


def _reminder_file_from_rows(
    follow_ups: pd.DataFrame,
    today: dt.date,
    now: dt.datetime | None = None,
    interviews: Sequence[ScheduledInterview] = (),
    practice_at: dt.time | None = None,
) -> ReminderFile:
    """A calendar with one event per follow-up row (as `open_follow_ups` returns them) and two per
    scheduled interview, as .ics bytes, with how many follow-ups it holds, how many of them are
    overdue (counted as they are placed) and how many interviews."""
    stamp = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Debrief follow-ups")
    overdue_events = 0
    for row in follow_ups.itertuples():
        due = pd.Timestamp(row.due_on).date()
        overdue = due < today
        overdue_events += int(overdue)
        day = today if overdue else due
        title = _one_line(reminder_title(row.step, row.company, row.contacts))
        event = Event()
        event.add("uid", f"follow-up-{row.id}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("sequence", int(row.revision))
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
        event.add("summary", f"{title} (overdue)" if overdue else title)
        event.add("description", printable_lines(_description(row, due if overdue else None)))
        event.add("transp", "TRANSPARENT")  # a reminder, not a busy slot
        event.add_component(_reminder(title, ALARM_AFTER_MIDNIGHT))
        calendar.add_component(event)
    for scheduled in interviews:
        for event in _interview_events(scheduled, stamp):
            calendar.add_component(event)
    if practice_at is not None:
        calendar.add_component(_practice_event(practice_at, today, stamp))
    return ReminderFile(calendar.to_ical(), len(follow_ups), overdue_events, len(interviews))


def reminders_file(
    store: Store, today: dt.date, now: dt.datetime | None = None, practice_at: dt.time | None = None
) -> ReminderFile:
    """Every open follow-up and every interview still to come as .ics bytes, with how many follow-ups,
    how many of them are overdue and how many interviews; with `practice_at`, a daily reminder to
    practise at that time (opt-in)."""
    coming = upcoming(store, local_now(now))
    return _reminder_file_from_rows(open_follow_ups(store), today, now, coming, practice_at)
