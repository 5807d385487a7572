"""Follow-up reminders as an iCalendar (.ics) file that calendar apps import.

Each open follow-up becomes an all-day event on its due day; an overdue one goes on the day of the
export instead, so the reminder is not filed away in the past. All-day events carry no time zone,
so they land on the same day whatever zone the calendar app is set to. Each event's UID is its
follow-up's, and SEQUENCE counts reschedules: importing a newer file updates events rather than
duplicating them (in apps that honour UIDs). A reminder pops up at 09:00 on the day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from icalendar import Alarm, Calendar, Event

from debrief.follow_ups import STEP_ADVICE, open_follow_ups
from debrief.output_text import printable, printable_lines
from debrief.store import Store

PRODUCT_ID = "-//Debrief//Follow-up reminders//EN"
UID_DOMAIN = "debrief.local"
ALARM_AFTER_MIDNIGHT = dt.timedelta(hours=9)


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
    events: int
    overdue: int


def _reminder_file_from_rows(
    follow_ups: pd.DataFrame, today: dt.date, now: dt.datetime | None = None
) -> ReminderFile:
    """A calendar with one event per follow-up row (as `open_follow_ups` returns them), as .ics bytes,
    with how many events it holds and how many of them are overdue (counted as they are placed)."""
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
        # No control character may stand in an iCalendar text (RFC 5545); a title is one line.
        title = " ".join(printable(reminder_title(row.step, row.company, row.contacts)).split())
        event = Event()
        event.add("uid", f"follow-up-{row.id}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("sequence", int(row.revision))
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
        event.add("summary", f"{title} (overdue)" if overdue else title)
        event.add("description", printable_lines(_description(row, due if overdue else None)))
        event.add("transp", "TRANSPARENT")  # a reminder, not a busy slot
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", title)
        alarm.add("trigger", ALARM_AFTER_MIDNIGHT)
        event.add_component(alarm)
        calendar.add_component(event)
    return ReminderFile(calendar.to_ical(), len(follow_ups), overdue_events)


def reminders_file(store: Store, today: dt.date, now: dt.datetime | None = None) -> ReminderFile:
    """Every open follow-up as .ics bytes, with how many events and how many of them are overdue."""
    return _reminder_file_from_rows(open_follow_ups(store), today, now)
