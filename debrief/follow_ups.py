"""The keep-in-touch plan of each interview: a thank-you note, a check-in, then a regular keep-in-touch.

Time: due, done and snooze dates are calendar days (`datetime.date`) in the user's own time zone.
`local_today()` turns the current UTC instant into the user's date once, at the edge (a page, the
command line); everything here takes `today` as an argument. A due date therefore stays on its day
whatever the clock does later (daylight saving, travel), and the .ics export writes all-day events,
which calendar apps show on that same day in any zone. The moment a follow-up was marked done is
also kept, as a UTC timestamp (`done_at`), beside the user's day (`done_on`).

A plan is made when its interview is written (the capture form, the demo generator, an import), in the
same transaction, with the defaults the user set (`start_missing_plans`); reading follow-ups never
writes. An interview that was already more than RECENT_DAYS old by then (demo data, an old interview
typed in later) gets a plan that starts stopped, so the list does not fill up with reminders about
interviews long past; any can be resumed.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from debrief.models import MAX_TEXT_LENGTH
from debrief.settings import get_setting, set_setting
from debrief.store import ConflictError, NotFoundError, RowsPage, Store, first_row
from debrief.vocabulary import CHANNELS, CadenceMonths, CheckInDays, Step, ThankYouDays

STEP_ADVICE: dict[Step, str] = {
    "thank_you": "Send a short thank-you note: their name, thanks, one topic, one or two strengths.",
    "check_in": "Ask politely how the process is going, and say you are still keen.",
    "keep_in_touch": "Send a short update or something useful to them, by e-mail or LinkedIn.",
}
RECENT_DAYS = 30
SOON_DAYS = 7
AGENDA_LIMIT = 50
PLAN_SETTING = "follow_up_plan"


class PlanSettings(BaseModel):
    """When a plan's steps fall due, counted from the interview date (the keep-in-touch from the last one)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    thank_you_days: ThankYouDays = Field(1, title="Thank-you note within (days)")
    check_in_days: CheckInDays = Field(7, title="Check in after (days)")
    cadence_months: CadenceMonths = Field(1, title="Then keep in touch every (months)")


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; a day the month lacks becomes its last (31 Jan + 1 month = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def local_today(now: dt.datetime | None = None, zone: dt.tzinfo | None = None) -> dt.date:
    """The user's calendar day at the instant `now` (default: now) in `zone` (default: this computer's)."""
    instant = now or dt.datetime.now(dt.UTC)
    if instant.tzinfo is None:
        raise ValueError("`now` must be an aware datetime: a bare clock time names no instant")
    return instant.astimezone(zone).date()


def utc_timestamp(now: dt.datetime | None = None) -> dt.datetime:
    """An instant as the naive UTC datetime our TIMESTAMP columns hold."""
    instant = now or dt.datetime.now(dt.UTC)
    return instant.astimezone(dt.UTC).replace(tzinfo=None)


def plan_defaults(store: Store) -> PlanSettings:
    stored = get_setting(store, PLAN_SETTING)
    if stored:
        try:
            return PlanSettings.model_validate_json(stored)
        except ValidationError:
            pass  # a setting from an older version: fall back to the shipped defaults
    return PlanSettings()


def save_plan_defaults(store: Store, settings: PlanSettings) -> None:
    set_setting(store, PLAN_SETTING, settings.model_dump_json())


def start_missing_plans(cursor: duckdb.DuckDBPyConnection, today: dt.date, settings: PlanSettings) -> int:
    """Inside the caller's transaction: give every interview without a plan one. Returns how many."""
    recent_from = today - dt.timedelta(days=RECENT_DAYS)
    steps_sql = """
        INSERT INTO follow_ups (interview_id, step, due_on)
        SELECT i.id, s.step,
               i.interview_date + CASE s.step WHEN 'thank_you' THEN CAST($thank AS INTEGER)
                                              ELSE CAST($check AS INTEGER) END
        FROM interviews i CROSS JOIN (VALUES ('thank_you', 1), ('check_in', 2)) AS s(step, step_order)
        WHERE i.interview_date >= $recent_from
          AND NOT EXISTS (SELECT 1 FROM follow_up_plans p WHERE p.interview_id = i.id)
        ORDER BY i.id, s.step_order
    """
    cursor.execute(
        steps_sql,
        {"thank": settings.thank_you_days, "check": settings.check_in_days, "recent_from": recent_from},
    )
    plans_sql = """
        INSERT INTO follow_up_plans
            (interview_id, thank_you_days, check_in_days, cadence_months, stopped_on, stopped_reason)
        SELECT i.id, $thank, $check, $cadence,
               CASE WHEN i.interview_date < $recent_from THEN CAST($today AS DATE) END,
               CASE WHEN i.interview_date < $recent_from THEN 'older' END
        FROM interviews i
        WHERE NOT EXISTS (SELECT 1 FROM follow_up_plans p WHERE p.interview_id = i.id)
        RETURNING interview_id
    """
    created = cursor.execute(
        plans_sql,
        {
            "thank": settings.thank_you_days,
            "check": settings.check_in_days,
            "cadence": settings.cadence_months,
            "recent_from": recent_from,
            "today": today,
        },
    ).fetchall()
    return len(created)


_INTERVIEWS_WITHOUT_PLAN = (
    "SELECT count(*) FROM interviews i "
    "WHERE NOT EXISTS (SELECT 1 FROM follow_up_plans p WHERE p.interview_id = i.id)"
)


def interviews_without_plan(cursor: duckdb.DuckDBPyConnection) -> int:
    return first_row(cursor, _INTERVIEWS_WITHOUT_PLAN)[0]


@dataclass(frozen=True)
class DueCounts:
    overdue: int
    due_today: int
    soon: int
    later: int
    next_later_on: dt.date | None

    @property
    def due_now(self) -> int:
        return self.overdue + self.due_today


_COUNTS_SQL = """
    SELECT count(*) FILTER (WHERE f.due_on < $today),
           count(*) FILTER (WHERE f.due_on = $today),
           count(*) FILTER (WHERE f.due_on > $today AND f.due_on <= $horizon),
           count(*) FILTER (WHERE f.due_on > $horizon),
           min(f.due_on) FILTER (WHERE f.due_on > $horizon)
    FROM follow_ups f JOIN interviews i ON i.id = f.interview_id
    WHERE f.status = 'open'
"""
_OPEN_FOLLOW_UPS_SQL = """
    WITH people AS (
        SELECT interview_id,
               string_agg(name, ', ' ORDER BY position) AS contacts,
               string_agg(email, ', ' ORDER BY position) FILTER (WHERE email <> '') AS emails
        FROM contacts GROUP BY interview_id
    )
    SELECT f.id, f.interview_id, f.step, f.due_on, f.revision, i.company, i.role, i.round,
           i.interview_date, coalesce(n.contacts, '') AS contacts, coalesce(n.emails, '') AS emails,
           p.cadence_months
    FROM follow_ups f
    JOIN interviews i ON i.id = f.interview_id
    JOIN follow_up_plans p ON p.interview_id = f.interview_id
    LEFT JOIN people n ON n.interview_id = f.interview_id
    WHERE f.status = 'open' AND f.due_on <= $until
    ORDER BY f.due_on, i.interview_date, f.id
    LIMIT $limit
"""


def due_counts(store: Store, today: dt.date) -> DueCounts:
    """How many open follow-ups are overdue, due today, due within SOON_DAYS, and later."""
    with store.cursor() as cursor:
        row = first_row(cursor, _COUNTS_SQL, {"today": today, "horizon": today + dt.timedelta(SOON_DAYS)})
    return DueCounts(*row)


@dataclass(frozen=True)
class Agenda:
    """Open follow-ups due by SOON_DAYS from today, overdue first (at most `limit` rows), and the counts."""

    items: pd.DataFrame
    counts: DueCounts


def agenda(store: Store, today: dt.date, limit: int = AGENDA_LIMIT) -> Agenda:
    counts = due_counts(store, today)
    with store.cursor() as cursor:
        items = cursor.execute(
            _OPEN_FOLLOW_UPS_SQL, {"until": today + dt.timedelta(SOON_DAYS), "limit": limit}
        ).df()
    return Agenda(items, counts)


def open_follow_ups(store: Store) -> pd.DataFrame:
    """Every open follow-up, soonest first: what the reminders calendar holds."""
    with store.cursor() as cursor:
        return cursor.execute(_OPEN_FOLLOW_UPS_SQL, {"until": dt.date.max, "limit": None}).df()


def _open_step(cursor: duckdb.DuckDBPyConnection, follow_up_id: int) -> tuple:
    row = first_row(
        cursor,
        "SELECT f.interview_id, f.step, f.status, p.cadence_months, p.stopped_on FROM follow_ups f "
        "JOIN follow_up_plans p ON p.interview_id = f.interview_id WHERE f.id = ?",
        [follow_up_id],
    )
    if row is None:
        raise NotFoundError("This follow-up no longer exists: its debrief may have been deleted.")
    if row[2] != "open":
        raise ConflictError(f"This follow-up was already marked {row[2]}, perhaps in another tab.")
    return row


def _check_channel(via: str) -> None:
    if via not in CHANNELS:
        raise ValueError(f"Choose how you got in touch: {', '.join(CHANNELS.values())}.")


_CLOSE_BY_ID = (
    "UPDATE follow_ups SET status = 'done', done_on = $done_on, done_at = $done_at, done_via = $via, "
    "note = $note WHERE status = 'open' AND id = $id"
)
_CLOSE_THANK_YOU = (
    "UPDATE follow_ups SET status = 'done', done_on = $done_on, done_at = $done_at, done_via = $via, "
    "note = $note WHERE status = 'open' AND interview_id = $id AND step = 'thank_you' RETURNING id"
)


def _closing(*, via: str, done_on: dt.date, note: str, now: dt.datetime | None, target: int) -> dict:
    return {"done_on": done_on, "done_at": utc_timestamp(now), "via": via, "note": note, "id": target}


def mark_done(
    store: Store,
    follow_up_id: int,
    *,
    via: str,
    done_on: dt.date,
    note: str = "",
    cadence_months: int | None = None,
    now: dt.datetime | None = None,
) -> dt.date | None:
    """Record that the user got in touch; returns the date of the next keep-in-touch, if one follows.

    After a check-in or a keep-in-touch, the next keep-in-touch is due `cadence_months` after the day
    they got in touch (the plan's cadence, changed for good when `cadence_months` is given).
    """
    _check_channel(via)
    if len(note) > MAX_TEXT_LENGTH:
        raise ValueError(f"The note can have at most {MAX_TEXT_LENGTH:,} characters.")
    if cadence_months is not None:
        PlanSettings(cadence_months=cadence_months)  # the same bounds as the plan's
    with store.transaction() as cursor:
        interview_id, step, _, cadence, stopped_on = _open_step(cursor, follow_up_id)
        cursor.execute(
            _CLOSE_BY_ID, _closing(via=via, done_on=done_on, note=note, now=now, target=follow_up_id)
        )
        if cadence_months is not None and cadence_months != cadence:
            cursor.execute(
                "UPDATE follow_up_plans SET cadence_months = ? WHERE interview_id = ?",
                [cadence_months, interview_id],
            )
            cadence = cadence_months
        if step == "thank_you" or stopped_on is not None:
            return None
        already = first_row(
            cursor,
            "SELECT count(*) FROM follow_ups WHERE interview_id = ? AND step = 'keep_in_touch' "
            "AND status = 'open'",
            [interview_id],
        )[0]
        if already:
            return None
        next_on = add_months(done_on, cadence)
        cursor.execute(
            "INSERT INTO follow_ups (interview_id, step, due_on) VALUES (?, 'keep_in_touch', ?)",
            [interview_id, next_on],
        )
    return next_on


def complete_thank_you(
    cursor: duckdb.DuckDBPyConnection,
    interview_id: int,
    *,
    via: str,
    done_on: dt.date,
    note: str,
    now: dt.datetime | None = None,
) -> bool:
    """Inside the caller's transaction: the interview's open thank-you step is done (False: none open)."""
    parameters = _closing(via=via, done_on=done_on, note=note, now=now, target=interview_id)
    return bool(cursor.execute(_CLOSE_THANK_YOU, parameters).fetchall())


def snooze(store: Store, follow_up_id: int, *, until: dt.date, today: dt.date) -> None:
    """Move an open follow-up to `until`, a later day than today."""
    if until <= today:
        raise ValueError("Snooze to a day after today.")
    with store.transaction() as cursor:
        _open_step(cursor, follow_up_id)
        cursor.execute(
            "UPDATE follow_ups SET due_on = ?, revision = revision + 1 WHERE id = ?", [until, follow_up_id]
        )


def stop_plan(store: Store, interview_id: int, today: dt.date) -> None:
    """Stop following up on an interview: its open follow-ups are put aside, the history is kept."""
    with store.transaction() as cursor:
        stopped = cursor.execute(
            "UPDATE follow_up_plans SET stopped_on = ?, stopped_reason = 'user' "
            "WHERE interview_id = ? AND stopped_on IS NULL RETURNING interview_id",
            [today, interview_id],
        ).fetchall()
        if not stopped:
            raise ConflictError("Follow-ups for this interview were already stopped.")
        cursor.execute(
            "UPDATE follow_ups SET status = 'stopped', revision = revision + 1 "
            "WHERE interview_id = ? AND status = 'open'",
            [interview_id],
        )


def resume_plan(store: Store, interview_id: int, today: dt.date) -> None:
    """Follow up again: what was put aside comes back, or else a keep-in-touch is due today."""
    with store.transaction() as cursor:
        resumed = cursor.execute(
            "UPDATE follow_up_plans SET stopped_on = NULL, stopped_reason = NULL "
            "WHERE interview_id = ? AND stopped_on IS NOT NULL RETURNING interview_id",
            [interview_id],
        ).fetchall()
        if not resumed:
            raise ConflictError("Follow-ups for this interview are already running.")
        reopened = cursor.execute(
            "UPDATE follow_ups SET status = 'open', revision = revision + 1 "
            "WHERE interview_id = ? AND status = 'stopped' RETURNING id",
            [interview_id],
        ).fetchall()
        if not reopened:
            cursor.execute(
                "INSERT INTO follow_ups (interview_id, step, due_on) VALUES (?, 'keep_in_touch', ?)",
                [interview_id, today],
            )


def stopped_plans(store: Store, limit: int = 20) -> RowsPage:
    """Interviews not being followed up, most recent interview first (at most `limit`)."""
    with store.cursor() as cursor:
        frame = cursor.execute(
            "SELECT p.interview_id, i.company, i.role, i.interview_date, p.stopped_on, p.stopped_reason, "
            "count(*) OVER () AS total "
            "FROM follow_up_plans p JOIN interviews i ON i.id = p.interview_id "
            "WHERE p.stopped_on IS NOT NULL ORDER BY i.interview_date DESC, i.id DESC LIMIT ?",
            [limit],
        ).df()
    return RowsPage.from_frame(frame)


def recently_done(store: Store, limit: int = 10) -> pd.DataFrame:
    with store.cursor() as cursor:
        return cursor.execute(
            "SELECT f.done_on, f.step, i.company, i.role, f.done_via, f.note "
            "FROM follow_ups f JOIN interviews i ON i.id = f.interview_id "
            "WHERE f.status = 'done' ORDER BY f.done_on DESC, f.done_at DESC, f.id DESC LIMIT ?",
            [limit],
        ).df()
