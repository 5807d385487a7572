"""Interviews planned before they happen: when, which round, with whom; and the debrief they lead to.

A plan belongs to an application (the one of its company and role unless chosen). Times are the
user's own wall-clock time, as typed. Moving a plan counts a revision, so the calendar event updates in
place. Once the interview's debrief is saved from the plan, the plan points at it and its interviewers
become the debrief's contacts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated

import duckdb
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, field_validator

from debrief import applications
from debrief.models import LongText, RequiredShortText, ShortText
from debrief.store import NotFoundError, Store, first_row
from debrief.vocabulary import one_line

DurationMinutes = Annotated[int, Field(ge=5, le=720)]
# A plan whose time has passed waits this long for its debrief before Home stops asking for it.
DEBRIEF_WAIT = dt.timedelta(days=14)


def local_now(now: dt.datetime | None = None) -> dt.datetime:
    """The user's wall-clock time now (this computer's zone), as plans store it."""
    return (now or dt.datetime.now(dt.UTC)).astimezone().replace(tzinfo=None, microsecond=0)


def interviewer_names(text: str) -> list[str]:
    """The names in a plan's interviewers field (separated by commas, semicolons or new lines)."""
    parts = text.replace(";", ",").replace("\n", ",").split(",")
    return [name for name in (one_line(part) for part in parts) if name]


class InterviewPlan(BaseModel):
    """What the user knows of an interview before it happens."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid", frozen=True)

    company: RequiredShortText = Field(title="Company")
    role: ShortText = Field("", title="Role")
    round: ShortText = Field("", title="Round")
    starts_at: dt.datetime = Field(title="Date and time")
    duration_minutes: DurationMinutes = Field(60, title="Length (minutes)")
    format: ShortText = Field("", title="Format")
    interviewers: ShortText = Field("", title="Interviewers")
    notes: LongText = Field("", title="Notes")

    @field_validator("starts_at")
    @classmethod
    def _wall_clock(cls, value: dt.datetime) -> dt.datetime:
        return value.replace(tzinfo=None, second=0, microsecond=0)


@dataclass(frozen=True)
class ScheduledInterview:
    id: int
    application_id: int
    interview_id: int | None
    revision: int
    plan: InterviewPlan

    @property
    def title(self) -> str:
        """'Final interview at Acme (Data analyst)'."""
        plan = self.plan
        what = f"{plan.round} interview" if plan.round else "Interview"
        return f"{what} at {plan.company}" + (f" ({plan.role})" if plan.role else "")


_PLAN_COLUMNS = ("round", "starts_at", "duration_minutes", "format", "interviewers", "notes")
_SELECT_PLANS = (
    "SELECT s.id, s.application_id, s.interview_id, s.revision, a.company, a.role, s.round, s.starts_at, "
    "s.duration_minutes, s.format, s.interviewers, s.notes "
    "FROM scheduled_interviews s JOIN applications a ON a.id = s.application_id"
)


def schedule(
    store: Store, plan: InterviewPlan, application_id: int | None = None, instead_of_draft: str | None = None
) -> int:
    """Store a plan, in `application_id` or the application of its company and role; returns its id.
    `instead_of_draft`: the debrief draft typed for it before it happened, removed in the same
    transaction."""
    with store.transaction() as cursor:
        if instead_of_draft is not None:
            cursor.execute("DELETE FROM drafts WHERE draft_key = ?", [instead_of_draft])
        if application_id is None:
            application_id = applications.application_for(cursor, plan.company, plan.role)
        elif first_row(cursor, "SELECT count(*) FROM applications WHERE id = ?", [application_id])[0] == 0:
            raise NotFoundError("This application is gone: it was removed in another tab or window.")
        return first_row(
            cursor,
            "INSERT INTO scheduled_interviews (application_id, round, starts_at, duration_minutes, format, "
            "interviewers, notes) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [application_id, *(getattr(plan, column) for column in _PLAN_COLUMNS)],
        )[0]


def reschedule(store: Store, plan_id: int, plan: InterviewPlan) -> None:
    """Replace a plan's details (its company and role stay its application's); a new time or length
    counts a revision."""
    with store.transaction() as cursor:
        stored = first_row(
            cursor, "SELECT starts_at, duration_minutes FROM scheduled_interviews WHERE id = ?", [plan_id]
        )
        if stored is None:
            raise NotFoundError("This scheduled interview was removed in another tab or window.")
        moved = stored != (plan.starts_at, plan.duration_minutes)
        cursor.execute(
            "UPDATE scheduled_interviews SET round = ?, starts_at = ?, duration_minutes = ?, format = ?, "
            "interviewers = ?, notes = ?, revision = revision + ? WHERE id = ?",
            [*(getattr(plan, column) for column in _PLAN_COLUMNS), int(moved), plan_id],
        )


def cancel(store: Store, plan_id: int) -> None:
    with store.transaction() as cursor:
        removed = cursor.execute(
            "DELETE FROM scheduled_interviews WHERE id = ? RETURNING id", [plan_id]
        ).fetchall()
        if not removed:
            raise NotFoundError("This scheduled interview was already removed.")
        applications.drop_empty(cursor)


def _scheduled(row: tuple) -> ScheduledInterview:
    plan_id, application_id, interview_id, revision, company, role, *details = row
    values = dict(zip(_PLAN_COLUMNS, details, strict=True))
    return ScheduledInterview(
        plan_id, application_id, interview_id, revision, InterviewPlan(company=company, role=role, **values)
    )


def get_scheduled(store: Store, plan_id: int) -> ScheduledInterview:
    with store.cursor() as cursor:
        row = first_row(cursor, _SELECT_PLANS + " WHERE s.id = ?", [plan_id])
    if row is None:
        raise NotFoundError(f"There is no scheduled interview number {plan_id}; it may have been removed.")
    return _scheduled(row)


def plan_of_debrief(store: Store, interview_id: int) -> ScheduledInterview | None:
    """The plan a debrief was captured from, if any."""
    with store.cursor() as cursor:
        row = first_row(cursor, _SELECT_PLANS + " WHERE s.interview_id = ?", [interview_id])
    return None if row is None else _scheduled(row)


# Plans not debriefed that have not ended at $now, soonest first; and those that ended in the
# $since..$now window without a debrief, latest first.
_UPCOMING = (
    _SELECT_PLANS
    + " WHERE s.interview_id IS NULL AND s.starts_at + to_minutes(s.duration_minutes) > $now"
    + " ORDER BY s.starts_at, s.id"
)
_AWAITING = (
    _SELECT_PLANS
    + " WHERE s.interview_id IS NULL AND s.starts_at + to_minutes(s.duration_minutes) <= $now"
    + " AND s.starts_at > $since ORDER BY s.starts_at DESC, s.id DESC"
)


def _plans(store: Store, sql: str, parameters: dict) -> list[ScheduledInterview]:
    with store.cursor() as cursor:
        return [_scheduled(row) for row in cursor.execute(sql, parameters).fetchall()]


def upcoming(store: Store, now: dt.datetime) -> list[ScheduledInterview]:
    """Plans not debriefed that have not ended yet, soonest first."""
    return _plans(store, _UPCOMING, {"now": now})


def awaiting_debrief(store: Store, now: dt.datetime) -> list[ScheduledInterview]:
    """Plans whose interview ended in the last two weeks without a debrief yet, latest first."""
    return _plans(store, _AWAITING, {"now": now, "since": now - DEBRIEF_WAIT})


def link_debrief(cursor: duckdb.DuckDBPyConnection, plan_id: int, interview_id: int) -> None:
    """Inside the save of a debrief captured from a plan: the plan points at it, the debrief is a round
    of the plan's application, and the interviewers named in the plan are its contacts."""
    found = first_row(
        cursor,
        "SELECT application_id, interviewers, interview_id FROM scheduled_interviews WHERE id = ?",
        [plan_id],
    )
    if found is None or found[2] not in (None, interview_id):
        return  # the plan was removed or already debriefed meanwhile: the debrief stands on its own
    application_id, interviewers, _ = found
    cursor.execute("UPDATE scheduled_interviews SET interview_id = ? WHERE id = ?", [interview_id, plan_id])
    cursor.execute("UPDATE interviews SET application_id = ? WHERE id = ?", [application_id, interview_id])
    names = interviewer_names(interviewers)
    (known,) = first_row(cursor, "SELECT count(*) FROM contacts WHERE interview_id = ?", [interview_id])
    if names and known == 0:
        cursor.executemany(
            "INSERT INTO contacts (interview_id, position, name) VALUES (?, ?, ?)",
            [[interview_id, position, name] for position, name in enumerate(names)],
        )


def upcoming_frame(plans: list[ScheduledInterview]) -> pd.DataFrame:
    """Plans as a table for a page: when, company, role, round, format, interviewers."""
    return pd.DataFrame(
        [
            {
                "id": scheduled.id,
                "starts_at": scheduled.plan.starts_at,
                "company": scheduled.plan.company,
                "role": scheduled.plan.role,
                "round": scheduled.plan.round,
                "format": scheduled.plan.format,
                "interviewers": scheduled.plan.interviewers,
            }
            for scheduled in plans
        ],
        columns=["id", "starts_at", "company", "role", "round", "format", "interviewers"],
    )
