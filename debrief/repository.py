"""Saving, reading, searching and deleting debriefs, drafts and categories.

Every multi-row write runs inside one `Store.transaction()`, so a failure leaves nothing half-written.
Item rows are written as DataFrames (`INSERT ... BY NAME`), the same path the bulk demo loader uses.
What derives from a debrief is written with it, in the same transaction: its questions' groups and its
follow-up plan. Reading never writes.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import duckdb
import pandas as pd

from debrief import applications, follow_ups, practice, question_groups, schedule
from debrief.models import (
    MAX_CATEGORY_LENGTH,
    Debrief,
    InterviewerEvaluation,
    Question,
    Reflection,
    TranscriptMeasures,
    taxonomy,
)
from debrief.store import (
    CONFLICT_MESSAGE,
    ConflictError,
    NotFoundError,
    RowsPage,
    Store,
    database_identity,
    first_row,
)
from debrief.tables import TABLES

ITEM_TABLES = (
    "reflections",
    "questions",
    "interviewer_evaluations",
    "transcript_measures",
    "transcript_answers",
)
INTERVIEW_FIELDS = ("company", "role", "interview_date", "round", "format", "outcome", "notes")
SEARCH_RESULT_LIMIT = 200
# Table names from this module's own constants only (never from input), so the statements are fixed.
_INSERT_BY_NAME = {
    table: f"INSERT INTO {table} BY NAME SELECT * FROM incoming_rows"  # noqa: S608
    for table in ("applications", "interviews", "scheduled_interviews", *ITEM_TABLES)
}


def insert_frame(cursor: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    """Append a DataFrame to a table, matching columns by name (the rest take their defaults)."""
    if frame.empty:
        return
    cursor.register("incoming_rows", frame)
    cursor.execute(_INSERT_BY_NAME[table])
    cursor.unregister("incoming_rows")


def item_frames(debrief: Debrief, interview_id: int) -> dict[str, pd.DataFrame]:
    """The rows of a debrief's items, one frame per table, ready for `insert_frame`."""
    reflections = [
        {"interview_id": interview_id, "kind": kind, "position": position, **item.model_dump()}
        for kind, items in (("mistake", debrief.mistakes), ("strength", debrief.strengths))
        for position, item in enumerate(items)
    ]
    questions = [
        {"interview_id": interview_id, "position": position, **question.model_dump()}
        for position, question in enumerate(debrief.questions)
    ]
    evaluation = [{"interview_id": interview_id, **debrief.evaluation.model_dump()}]
    measures, answers = [], []
    if debrief.transcript is not None:
        measures.append({"interview_id": interview_id, **debrief.transcript.model_dump(exclude={"answers"})})
        answers = [
            {"interview_id": interview_id, "position": position, **answer.model_dump()}
            for position, answer in enumerate(debrief.transcript.answers)
        ]
    return {
        "reflections": pd.DataFrame(reflections),
        "questions": pd.DataFrame(questions),
        "interviewer_evaluations": pd.DataFrame(evaluation),
        "transcript_measures": pd.DataFrame(measures),
        "transcript_answers": pd.DataFrame(answers),
    }


def _write_items(cursor: duckdb.DuckDBPyConnection, debrief: Debrief, interview_id: int) -> None:
    for table, frame in item_frames(debrief, interview_id).items():
        insert_frame(cursor, table, frame)


_DELETE_ITEMS = {table: f"DELETE FROM {table} WHERE interview_id = ?" for table in ITEM_TABLES}  # noqa: S608


def _delete_items(cursor: duckdb.DuckDBPyConnection, interview_id: int) -> None:
    for statement in _DELETE_ITEMS.values():
        cursor.execute(statement, [interview_id])


def _consume_draft(cursor: duckdb.DuckDBPyConnection, draft_key: str | None, must_exist: bool) -> None:
    """Remove the draft being saved, in the save's own transaction.

    With `must_exist` (a new debrief), a draft that is gone was saved (or discarded) from another tab
    meanwhile: saving it again would store the same debrief twice. An edit's draft may be gone without
    harm: the version check already refuses an edit of a debrief saved meanwhile.
    """
    if draft_key is None:
        return
    deleted = cursor.execute("DELETE FROM drafts WHERE draft_key = ? RETURNING draft_key", [draft_key])
    if not deleted.fetchall() and must_exist:
        raise ConflictError(
            "This draft was already saved or discarded in another tab or window. Find the debrief on "
            "the Interviews page, or start a new one."
        )


def insert_debrief(
    store: Store,
    debrief: Debrief,
    draft_key: str | None = None,
    today: dt.date | None = None,
    plan_id: int | None = None,
) -> Debrief:
    """Store a new debrief with all its items, its questions' groups and its follow-up plan (started as
    of `today`, by default the user's today) in one transaction; returns it with id and version.

    With `draft_key`, the draft it was typed into is removed in the same transaction. With `plan_id`,
    the debrief is the one of that scheduled interview (a round of its application, with its
    interviewers as contacts); otherwise it joins the application of its company and role.
    """
    values = [getattr(debrief, name) for name in INTERVIEW_FIELDS]
    matcher = question_groups.matcher_for(store) if debrief.questions else None
    plan = follow_ups.plan_defaults(store)
    with store.transaction() as cursor:
        _consume_draft(cursor, draft_key, must_exist=True)
        interview_id, version = first_row(
            cursor,
            "INSERT INTO interviews (company, role, interview_date, round, format, outcome, notes) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id, version",
            values,
        )
        _write_items(cursor, debrief, interview_id)
        if plan_id is not None:
            schedule.link_debrief(cursor, plan_id, interview_id)
        applications.file_unfiled(cursor)
        if matcher is not None:
            question_groups.update_groups(cursor, matcher)
        follow_ups.start_missing_plans(cursor, today or follow_ups.local_today(), plan)
        practice.start_missing_cards(cursor, interview_id=interview_id)
    return debrief.model_copy(update={"id": interview_id, "version": version})


def update_debrief(
    store: Store, debrief: Debrief, draft_key: str | None = None, identity: str | None = None
) -> Debrief:
    """Replace a stored debrief, refusing if someone saved it since `debrief.version` was read, or, with
    `identity` (`Store.identity()` when it was read), if the database was restored meanwhile.

    With `draft_key`, the draft it was edited in is removed in the same transaction.
    """
    if debrief.id is None or debrief.version is None:
        raise ValueError("update_debrief needs a debrief read from the store (id and version)")
    values = [getattr(debrief, name) for name in INTERVIEW_FIELDS]
    matcher = question_groups.matcher_for(store) if debrief.questions else None
    with store.transaction() as cursor:
        # Writes are serialised (Store.transaction), so what this read finds holds until the commit.
        stored = first_row(
            cursor,
            "SELECT interview_date, version, company, role FROM interviews WHERE id = ?",
            [debrief.id],
        )
        if stored is None:
            raise NotFoundError("This debrief was deleted in another tab or window.")
        previous_date, stored_version, *previous_application = stored
        restored_meanwhile = identity is not None and database_identity(cursor) != identity
        if stored_version != debrief.version or restored_meanwhile:
            raise ConflictError(CONFLICT_MESSAGE)
        (version,) = first_row(
            cursor,
            "UPDATE interviews SET company = ?, role = ?, interview_date = ?, round = ?, format = ?, "
            "outcome = ?, notes = ?, updated_at = current_timestamp, version = version + 1 "
            "WHERE id = ? RETURNING version",
            [*values, debrief.id],
        )
        _consume_draft(cursor, draft_key, must_exist=False)
        _delete_items(cursor, debrief.id)
        _write_items(cursor, debrief, debrief.id)
        if matcher is not None:
            question_groups.update_groups(cursor, matcher)
        practice.start_missing_cards(cursor, interview_id=debrief.id)
        if previous_date != debrief.interview_date:
            _move_first_follow_ups(cursor, debrief.id, previous_date, debrief.interview_date)
        if previous_application != [debrief.company, debrief.role]:
            applications.refile(cursor, debrief.id)
    return debrief.model_copy(update={"version": version})


def _move_first_follow_ups(
    cursor: duckdb.DuckDBPyConnection, interview_id: int, old_date: dt.date, new_date: dt.date
) -> None:
    """The thank-you and check-in count from the interview: a corrected date moves the open ones."""
    cursor.execute(
        "UPDATE follow_ups SET due_on = due_on + CAST(CAST(? AS DATE) - CAST(? AS DATE) AS INTEGER), "
        "revision = revision + 1 "
        "WHERE interview_id = ? AND status = 'open' AND step IN ('thank_you', 'check_in')",
        [new_date, old_date, interview_id],
    )


def require_interview(cursor: duckdb.DuckDBPyConnection, interview_id: int) -> None:
    """Inside a transaction that writes rows of an interview: refuse if it was deleted meanwhile, so no
    row is left pointing at nothing."""
    if first_row(cursor, "SELECT count(*) FROM interviews WHERE id = ?", [interview_id])[0] == 0:
        raise NotFoundError("This debrief was deleted in another tab or window.")


def current_version(store: Store, interview_id: int) -> int:
    """The version of a stored debrief now: what a save that replaces someone else's changes builds on."""
    with store.cursor() as cursor:
        row = first_row(cursor, "SELECT version FROM interviews WHERE id = ?", [interview_id])
    if row is None:
        raise NotFoundError("This debrief was deleted in another tab or window.")
    return row[0]


def _records(cursor: duckdb.DuckDBPyConnection, sql: str, parameters: list[Any]) -> list[dict[str, Any]]:
    result = cursor.execute(sql, parameters)
    columns = [column[0] for column in result.description]
    return [dict(zip(columns, row, strict=True)) for row in result.fetchall()]


def get_debrief(store: Store, interview_id: int) -> Debrief:
    with store.cursor() as cursor:
        interview = _records(
            cursor,
            "SELECT id, version, company, role, interview_date, round, format, outcome, notes "
            "FROM interviews WHERE id = ?",
            [interview_id],
        )
        if not interview:
            raise NotFoundError(f"There is no debrief number {interview_id}; it may have been deleted.")
        reflections = _records(
            cursor,
            "SELECT kind, category, what_happened, severity, next_time FROM reflections "
            "WHERE interview_id = ? ORDER BY position",
            [interview_id],
        )
        questions = _records(
            cursor,
            "SELECT text, category, answer_rating, off_guard, notes, better_answer FROM questions "
            "WHERE interview_id = ? ORDER BY position",
            [interview_id],
        )
        evaluation = _records(
            cursor,
            "SELECT professionalism, awkward_pauses, intimidating_questions, seemed_inexperienced, "
            "on_time, in_my_control, notes FROM interviewer_evaluations WHERE interview_id = ?",
            [interview_id],
        )
        measures = _records(
            cursor,
            "SELECT source_format, turns_guessed, my_seconds, everyone_seconds, my_words, everyone_words, "
            "fillers, kept_text, long_answers FROM transcript_measures WHERE interview_id = ?",
            [interview_id],
        )
        answers = _records(
            cursor,
            "SELECT asked_at, speaker, question, follow_up, answer_seconds, answer_words, fillers "
            "FROM transcript_answers WHERE interview_id = ? ORDER BY position",
            [interview_id],
        )
    by_kind: dict[str, list[Reflection]] = {"mistake": [], "strength": []}
    for row in reflections:
        by_kind[row.pop("kind")].append(Reflection(**row))
    return Debrief(
        **interview[0],
        mistakes=by_kind["mistake"],
        strengths=by_kind["strength"],
        questions=[Question(**row) for row in questions],
        evaluation=InterviewerEvaluation(**evaluation[0]) if evaluation else InterviewerEvaluation(),
        transcript=TranscriptMeasures(**measures[0], answers=answers) if measures else None,
    )


def delete_debrief(store: Store, interview_id: int) -> None:
    with store.transaction() as cursor:
        deleted = cursor.execute(
            "DELETE FROM interviews WHERE id = ? RETURNING id", [interview_id]
        ).fetchall()
        if not deleted:
            raise NotFoundError("This debrief was already deleted.")
        # Everything the table registry says hangs off an interview goes with it, so a table added
        # later cannot be forgotten here; except the plan it was debriefed from, which waits for a
        # debrief again.
        cursor.execute(
            "UPDATE scheduled_interviews SET interview_id = NULL WHERE interview_id = ?", [interview_id]
        )
        for spec in TABLES:
            if spec.references.get("interview_id") == "interviews" and spec.name != "scheduled_interviews":
                sql = f"DELETE FROM {spec.name} WHERE interview_id = ?"  # noqa: S608 (registry names)
                cursor.execute(sql, [interview_id])
        applications.drop_empty(cursor)


def count_interviews(store: Store) -> int:
    with store.cursor() as cursor:
        return first_row(cursor, "SELECT count(*) FROM interviews")[0]


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


_TEXT_MATCH = """
    concat_ws(' ', i.company, i.role, i.round, i.format, i.outcome, i.notes) ILIKE $pattern ESCAPE '\\'
    OR i.id IN (SELECT interview_id FROM reflections
                WHERE concat_ws(' ', category, what_happened, next_time) ILIKE $pattern ESCAPE '\\')
    OR i.id IN (SELECT interview_id FROM questions
                WHERE concat_ws(' ', text, notes, better_answer) ILIKE $pattern ESCAPE '\\')
    OR i.id IN (SELECT interview_id FROM interviewer_evaluations WHERE notes ILIKE $pattern ESCAPE '\\')
"""


def search_interviews(store: Store, text: str = "", limit: int = SEARCH_RESULT_LIMIT) -> RowsPage:
    """Interviews whose company, role, round, notes or any item text contains `text`, newest first.

    At most `limit` rows come back; `total` says how many matched.
    """
    pattern = _like_pattern(text.strip())
    # Without search text every interview matches: the text conditions would scan every item for nothing.
    matching = _TEXT_MATCH if text.strip() else "true"
    sql = f"""
            WITH page AS (
                SELECT i.id, i.interview_date, i.company, i.role, i.round, i.format, i.outcome,
                       count(*) OVER () AS total
                FROM interviews i
                WHERE {matching}
                ORDER BY i.interview_date DESC, i.id DESC
                LIMIT $limit
            ), item_counts AS (
                -- Counted for the page only: the whole table may hold millions of items.
                SELECT r.interview_id,
                       count(*) FILTER (WHERE r.kind = 'mistake') AS mistakes,
                       count(*) FILTER (WHERE r.kind = 'strength') AS strengths
                FROM reflections r SEMI JOIN page ON page.id = r.interview_id
                GROUP BY r.interview_id
            ), question_counts AS (
                SELECT q.interview_id, count(*) AS questions
                FROM questions q SEMI JOIN page ON page.id = q.interview_id
                GROUP BY q.interview_id
            )
            SELECT page.id, page.interview_date, page.company, page.role, page.round, page.format,
                   page.outcome, coalesce(c.mistakes, 0) AS mistakes, coalesce(c.strengths, 0) AS strengths,
                   coalesce(q.questions, 0) AS questions, page.total
            FROM page
            LEFT JOIN item_counts c ON c.interview_id = page.id
            LEFT JOIN question_counts q ON q.interview_id = page.id
            ORDER BY page.interview_date DESC, page.id DESC
            """  # noqa: S608 (fixed SQL text composed; every value is a parameter)
    parameters = {"limit": limit, **({"pattern": pattern} if text.strip() else {})}
    with store.cursor() as cursor:
        frame = cursor.execute(sql, parameters).df()
    return RowsPage.from_frame(frame)


def categories(store: Store, kind: str) -> list[str]:
    """The shipped categories of a kind, then the ones the user added, in the order they were added."""
    with store.cursor() as cursor:
        added = [
            row[0]
            for row in cursor.execute(
                "SELECT name FROM custom_categories WHERE kind = ? ORDER BY rowid", [kind]
            ).fetchall()
        ]
    shipped = taxonomy()[kind]
    return shipped + [name for name in added if name not in shipped]


def add_category(store: Store, kind: str, name: str) -> str:
    """Extend the taxonomy of `kind` ('mistake' or 'strength'); returns the cleaned name."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValueError("A category needs a name.")
    if len(cleaned) > MAX_CATEGORY_LENGTH:
        raise ValueError(f"A category name can have at most {MAX_CATEGORY_LENGTH} characters.")
    if kind not in {"mistake", "strength"}:
        raise ValueError(f"Only mistake and strength categories can be extended, not {kind!r}.")
    existing = {existing.casefold(): existing for existing in categories(store, kind)}
    if cleaned.casefold() in existing:
        return existing[cleaned.casefold()]
    with store.transaction() as cursor:
        cursor.execute("INSERT INTO custom_categories (kind, name) VALUES (?, ?)", [kind, cleaned])
    return cleaned


@dataclass(frozen=True)
class Draft:
    key: str
    interview_id: int | None
    payload: dict[str, Any]
    saved_at: dt.datetime


def save_draft(store: Store, key: str, interview_id: int | None, payload: dict[str, Any]) -> None:
    """Keep the typing safe. A draft of a debrief deleted meanwhile is kept as a draft of a new one."""
    with store.transaction() as cursor:
        cursor.execute(
            "INSERT OR REPLACE INTO drafts (draft_key, interview_id, payload, saved_at) "
            "SELECT ?, (SELECT id FROM interviews WHERE id = ?), ?, current_timestamp",
            [key, interview_id, json.dumps(payload, ensure_ascii=False)],
        )


def load_draft(store: Store, key: str) -> Draft | None:
    with store.cursor() as cursor:
        row = first_row(
            cursor, "SELECT draft_key, interview_id, payload, saved_at FROM drafts WHERE draft_key = ?", [key]
        )
    if row is None:
        return None
    return Draft(row[0], row[1], json.loads(row[2]), row[3])


def draft_to_resume(store: Store, interview_id: int | None) -> str | None:
    """The key of the newest unsaved draft of a debrief (`interview_id`), or of a new one (None)."""
    with store.cursor() as cursor:
        row = first_row(
            cursor,
            "SELECT draft_key FROM drafts WHERE interview_id IS NOT DISTINCT FROM ? "
            "ORDER BY saved_at DESC, draft_key LIMIT 1",
            [interview_id],
        )
    return row[0] if row else None


def list_drafts(store: Store) -> list[Draft]:
    with store.cursor() as cursor:
        rows = cursor.execute(
            "SELECT draft_key, interview_id, payload, saved_at FROM drafts ORDER BY saved_at DESC"
        ).fetchall()
    return [Draft(row[0], row[1], json.loads(row[2]), row[3]) for row in rows]


def discard_draft(store: Store, key: str) -> None:
    with store.transaction() as cursor:
        cursor.execute("DELETE FROM drafts WHERE draft_key = ?", [key])


@dataclass(frozen=True)
class Totals:
    interviews: int
    mistakes: int
    strengths: int
    questions: int
    drafts: int


def totals(store: Store) -> Totals:
    with store.cursor() as cursor:
        row = first_row(
            cursor,
            """
            SELECT (SELECT count(*) FROM interviews),
                   (SELECT count(*) FROM reflections WHERE kind = 'mistake'),
                   (SELECT count(*) FROM reflections WHERE kind = 'strength'),
                   (SELECT count(*) FROM questions),
                   (SELECT count(*) FROM drafts)
            """,
        )
    return Totals(*row)
