"""Applications: one company and role, with its interviews as rounds, and the stage it has reached.

An interview is filed into the application of the same company and role (case and spaces at the ends
ignored; the newest such application when the user keeps two), made when there is none. Saves, imports
and the demo loader file what they write in their own transaction; debrief.upkeep files what an older
Debrief stored. A round moved to another application stays there until its company or role is edited.
"""

from __future__ import annotations

from typing import Literal, get_args

import duckdb
import pandas as pd

from debrief.store import NotFoundError, Store, first_row

Stage = Literal["applied", "interviewing", "offer", "rejected", "withdrawn"]
STAGES: tuple[Stage, ...] = get_args(Stage)
STAGE_LABELS: dict[Stage, str] = {
    "applied": "Applied",
    "interviewing": "Interviewing",
    "offer": "Offer",
    "rejected": "Rejected",
    "withdrawn": "Withdrawn",
}

# The stage an application reached, from its latest round's outcome; `stage` set by the user wins.
# No round yet: interviewing once one is scheduled, applied before that.
STAGE_SQL = """
    coalesce(
        a.stage,
        CASE last_round.outcome
            WHEN 'Offer' THEN 'offer' WHEN 'Rejected' THEN 'rejected' WHEN 'Withdrew' THEN 'withdrawn'
            ELSE NULL END,
        CASE WHEN last_round.outcome IS NOT NULL OR planned.next_at IS NOT NULL THEN 'interviewing'
             ELSE 'applied' END
    )
"""

# Interviews without an application, filed by company and role (case and spaces at the ends ignored):
# the applications missing are made, then each interview joins the newest application of its key.
_MAKE_MISSING_APPLICATIONS = """
INSERT INTO applications (company, role, created_at)
SELECT arg_min(trim(i.company), i.interview_date), arg_min(trim(i.role), i.interview_date), min(i.created_at)
FROM interviews i
WHERE i.application_id IS NULL AND NOT EXISTS (
    SELECT 1 FROM applications a
    WHERE lower(trim(a.company)) = lower(trim(i.company)) AND lower(trim(a.role)) = lower(trim(i.role))
)
GROUP BY lower(trim(i.company)), lower(trim(i.role))
"""
_JOIN_NEWEST_APPLICATION = """
UPDATE interviews i SET application_id = newest.id
FROM (
    SELECT lower(trim(company)) AS company, lower(trim(role)) AS role, max(id) AS id
    FROM applications GROUP BY ALL
) newest
WHERE i.application_id IS NULL
  AND newest.company = lower(trim(i.company)) AND newest.role = lower(trim(i.role))
"""


def file_unfiled(cursor: duckdb.DuckDBPyConnection) -> int:
    """Give every interview without an application the one of its company and role, making those
    missing; returns how many interviews were filed."""
    unfiled = unfiled_interviews(cursor)
    if unfiled:
        cursor.execute(_MAKE_MISSING_APPLICATIONS)
        cursor.execute(_JOIN_NEWEST_APPLICATION)
    return unfiled


def unfiled_interviews(cursor: duckdb.DuckDBPyConnection) -> int:
    return first_row(cursor, "SELECT count(*) FROM interviews WHERE application_id IS NULL")[0]


def drop_empty(cursor: duckdb.DuckDBPyConnection) -> None:
    """Remove applications left with no round and nothing scheduled (after a delete or a move)."""
    cursor.execute(
        "DELETE FROM applications WHERE id NOT IN (SELECT application_id FROM interviews "
        "WHERE application_id IS NOT NULL) AND id NOT IN (SELECT application_id FROM scheduled_interviews)"
    )


def _plan_follows(cursor: duckdb.DuckDBPyConnection, interview_id: int) -> None:
    """The plan a round was debriefed from belongs to the round's application."""
    cursor.execute(
        "UPDATE scheduled_interviews "
        "SET application_id = (SELECT application_id FROM interviews WHERE id = ?) WHERE interview_id = ?",
        [interview_id, interview_id],
    )


def refile(cursor: duckdb.DuckDBPyConnection, interview_id: int) -> None:
    """File an interview again, after its company or role was edited."""
    cursor.execute("UPDATE interviews SET application_id = NULL WHERE id = ?", [interview_id])
    file_unfiled(cursor)
    _plan_follows(cursor, interview_id)
    drop_empty(cursor)


def application_for(cursor: duckdb.DuckDBPyConnection, company: str, role: str) -> int:
    """The application of this company and role (the newest, if there are two), made if there is none."""
    found = first_row(
        cursor,
        "SELECT max(id) FROM applications WHERE lower(trim(company)) = lower(trim(?)) "
        "AND lower(trim(role)) = lower(trim(?))",
        [company, role],
    )
    if found[0] is not None:
        return found[0]
    return first_row(
        cursor,
        "INSERT INTO applications (company, role) VALUES (trim(?), trim(?)) RETURNING id",
        [company, role],
    )[0]


def _require(cursor: duckdb.DuckDBPyConnection, application_id: int) -> None:
    if first_row(cursor, "SELECT count(*) FROM applications WHERE id = ?", [application_id])[0] == 0:
        raise NotFoundError("This application is gone: it was removed in another tab or window.")


def move_round(store: Store, interview_id: int, application_id: int) -> None:
    """Make an interview a round of another application (its company and role texts stay as typed)."""
    with store.transaction() as cursor:
        _require(cursor, application_id)
        moved = cursor.execute(
            "UPDATE interviews SET application_id = ? WHERE id = ? RETURNING id",
            [application_id, interview_id],
        ).fetchall()
        if not moved:
            raise NotFoundError("This debrief was deleted in another tab or window.")
        _plan_follows(cursor, interview_id)
        drop_empty(cursor)


def set_stage(store: Store, application_id: int, stage: Stage | None) -> None:
    """Set the stage by hand, or with None let it follow the rounds again."""
    if stage is not None and stage not in STAGES:
        raise ValueError(f"choose one of: {', '.join(STAGES)}")
    with store.transaction() as cursor:
        _require(cursor, application_id)
        cursor.execute("UPDATE applications SET stage = ? WHERE id = ?", [stage, application_id])


_PIPELINE = f"""
WITH last_round AS (
    SELECT application_id, arg_max(outcome, (interview_date, id)) AS outcome,
           max(interview_date) AS last_interview, count(*) AS rounds
    FROM interviews WHERE application_id IS NOT NULL GROUP BY application_id
), planned AS (
    SELECT application_id, min(starts_at) AS next_at
    FROM scheduled_interviews WHERE interview_id IS NULL AND starts_at >= $now GROUP BY application_id
), contact AS (
    SELECT i.application_id, max(f.done_on) AS last_follow_up
    FROM follow_ups f JOIN interviews i ON i.id = f.interview_id
    WHERE f.status = 'done' GROUP BY i.application_id
)
SELECT a.id AS application_id, a.company, a.role, {STAGE_SQL} AS stage, a.stage IS NOT NULL AS stage_set,
       coalesce(last_round.rounds, 0) AS rounds, last_round.outcome AS last_outcome,
       greatest(last_round.last_interview, contact.last_follow_up) AS last_contact,
       planned.next_at
FROM applications a
LEFT JOIN last_round ON last_round.application_id = a.id
LEFT JOIN planned ON planned.application_id = a.id
LEFT JOIN contact ON contact.application_id = a.id
"""  # noqa: S608 (fixed SQL text: the stage rule above)


def pipeline(store: Store, now) -> pd.DataFrame:
    """Every application with its stage, rounds, latest outcome, last contact (a round or a follow-up
    done) and next scheduled interview after `now`: the most recently active first."""
    with store.cursor() as cursor:
        return cursor.execute(
            _PIPELINE + " ORDER BY coalesce(planned.next_at, CAST(greatest(last_round.last_interview, "
            "contact.last_follow_up) AS TIMESTAMP), a.created_at) DESC, a.id DESC",
            {"now": now},
        ).df()


def rounds(store: Store, application_id: int) -> pd.DataFrame:
    """An application's debriefed rounds, oldest first."""
    with store.cursor() as cursor:
        return cursor.execute(
            "SELECT id, interview_date, round, format, outcome FROM interviews "
            "WHERE application_id = ? ORDER BY interview_date, id",
            [application_id],
        ).df()
