"""What practice cards are due: the one rule, read by debrief.practice (which schedules the cards) and by
analytics (which counts them and may not import a module that writes). Times are naive UTC."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from debrief.store import first_row

CRAM_DAYS = 7  # an interview this close makes the questions its brief expects fall due every day

# Active cards due now, or crammed for an interview less than a week away and not rehearsed today.
DUE = """
    c.status = 'active' AND (
        c.due <= $now
        OR (c.cram_until > $now AND c.cram_until <= $now + INTERVAL (CAST($cram_days AS INTEGER)) DAY
            AND (c.last_review IS NULL OR c.last_review < $day_start))
    )
"""


def utc_now(now: dt.datetime | None = None) -> dt.datetime:
    """An instant as the naive UTC the practice tables hold (an aware one converted, naive taken as UTC)."""
    moment = now or dt.datetime.now(dt.UTC)
    return moment if moment.tzinfo is None else moment.astimezone(dt.UTC).replace(tzinfo=None)


def local_day_start(now: dt.datetime | None = None) -> dt.datetime:
    """When the user's calendar day of `now` began, in naive UTC: a crammed card reviewed since then is
    done for the day."""
    local = utc_now(now).replace(tzinfo=dt.UTC).astimezone()
    return utc_now(local.replace(hour=0, minute=0, second=0, microsecond=0))


def due_parameters(now: dt.datetime | None = None) -> dict:
    """The parameters `DUE` takes, at `now`."""
    return {"now": utc_now(now), "day_start": local_day_start(now), "cram_days": CRAM_DAYS}


def due_count(cursor: duckdb.DuckDBPyConnection, now: dt.datetime | None = None) -> int:
    return first_row(cursor, f"SELECT count(*) FROM practice_cards c WHERE {DUE}", due_parameters(now))[0]  # noqa: S608


def due_cards(
    cursor: duckdb.DuckDBPyConnection, now: dt.datetime | None = None, limit: int = 50
) -> pd.DataFrame:
    """The cards due, crammed ones first, then the longest overdue: id, kind, subject, prompt, answer,
    due, last_review, cram_until."""
    return cursor.execute(
        "SELECT c.id, c.kind, c.subject, c.prompt, c.answer, c.due, c.last_review, c.cram_until "  # noqa: S608
        f"FROM practice_cards c WHERE {DUE} "
        "ORDER BY c.cram_until IS NULL, c.cram_until, c.due, c.id LIMIT $limit",
        {**due_parameters(now), "limit": limit},
    ).df()
