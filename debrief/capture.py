"""The capture form's contents as plain data: what a draft stores, and how it becomes a Debrief.

A form is a JSON-safe dict (strings, numbers, booleans, None, lists of row dicts), so a half-typed
debrief can be autosaved as it is, including rows that would not yet pass validation. A debrief of an
interview scheduled beforehand starts from its plan, and keeps the plan's number under "plan".
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
from pydantic import ValidationError

from debrief.models import Debrief, InterviewerEvaluation, TranscriptMeasures
from debrief.schedule import ScheduledInterview

REFLECTION_COLUMNS = ("category", "what_happened", "severity", "next_time")
QUESTION_COLUMNS = ("text", "category", "answer_rating", "off_guard", "notes", "better_answer")
ROW_COLUMNS = {"mistakes": REFLECTION_COLUMNS, "strengths": REFLECTION_COLUMNS, "questions": QUESTION_COLUMNS}
DETAIL_FIELDS = ("company", "role", "interview_date", "round", "format", "outcome", "notes")
_ROW_DEFAULTS = {"severity": 2, "off_guard": False}
_REQUIRED_CELLS = {"category", "text"}


def blank_form(today: dt.date) -> dict[str, Any]:
    evaluation = InterviewerEvaluation().model_dump()
    return {
        "company": "",
        "role": "",
        "interview_date": today.isoformat(),
        "round": None,
        "format": None,
        "outcome": None,
        "notes": "",
        "mistakes": [],
        "strengths": [],
        "questions": [],
        "evaluation": evaluation,
        "transcript": None,
        "plan": None,
    }


def form_from_plan(scheduled: ScheduledInterview) -> dict[str, Any]:
    """A new debrief's form filled from its interview's plan: company, role, round, format and day."""
    plan = scheduled.plan
    form = blank_form(plan.starts_at.date())
    form.update(company=plan.company, role=plan.role, plan=scheduled.id)
    form.update(round=plan.round or None, format=plan.format or None)
    return form


def form_from_draft(form: Any, today: dt.date) -> dict[str, Any]:
    """A stored draft's form with every field of the kind the form's widgets take: a draft written by
    another version, imported or restored, cannot break the form. What does not fit is left blank."""
    clean = blank_form(today)
    if not isinstance(form, Mapping):
        return clean
    for name in ("company", "role", "notes"):
        clean[name] = form.get(name) if isinstance(form.get(name), str) else ""
    for name in ("round", "format", "outcome"):
        clean[name] = form.get(name) if isinstance(form.get(name), str) and form.get(name) else None
    if _valid_date(form.get("interview_date")):
        clean["interview_date"] = form["interview_date"]
    for name, columns in ROW_COLUMNS.items():
        rows = form.get(name)
        if isinstance(rows, list):
            clean[name] = clean_rows([row for row in rows if isinstance(row, Mapping)], columns)
    evaluation = form.get("evaluation")
    if isinstance(evaluation, Mapping):
        for name, value in evaluation.items():
            if name in clean["evaluation"] and _fits_evaluation(name, value):
                clean["evaluation"][name] = value
    clean["transcript"] = _valid_transcript(form.get("transcript"))
    plan = form.get("plan")
    clean["plan"] = plan if isinstance(plan, int) and not isinstance(plan, bool) and plan > 0 else None
    return clean


def _valid_transcript(value: Any) -> dict[str, Any] | None:
    """A draft's transcript measures as the form keeps them, or None where they are not valid."""
    if value is None:
        return None
    try:
        return TranscriptMeasures.model_validate(value).model_dump(mode="json")
    except ValidationError:
        return None


def _fits_evaluation(name: str, value: Any) -> bool:
    """Whether `value` is one the interviewer section's widget for `name` can show."""
    whole = isinstance(value, int) and not isinstance(value, bool)
    if name == "professionalism":
        return value is None or (whole and 1 <= value <= 5)
    if name == "in_my_control":
        return whole and 0 <= value <= 100
    if name == "notes":
        return isinstance(value, str)
    return isinstance(value, bool)


def _valid_date(value: Any) -> bool:
    try:
        dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


def form_from_debrief(debrief: Debrief) -> dict[str, Any]:
    data = debrief.model_dump(mode="json", exclude={"id", "version"})
    for name in ("round", "format", "outcome"):
        data[name] = data[name] or None
    data["strengths"] = [{k: row[k] for k in REFLECTION_COLUMNS} for row in data["strengths"]]
    data["plan"] = None
    return data


def _plain(value: Any) -> Any:
    """A cell value as JSON-safe Python: NaN and pandas' missing markers become None."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return _plain(value.item())
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def clean_rows(rows: Iterable[Mapping[str, Any]], columns: Iterable[str]) -> list[dict[str, Any]]:
    """Rows keeping only `columns`, with JSON-safe values."""
    columns = tuple(columns)
    return [{column: _plain(row.get(column)) for column in columns} for row in rows]


def rows_from_frame(frame: pd.DataFrame, columns: Iterable[str]) -> list[dict[str, Any]]:
    return clean_rows(frame.to_dict("records"), columns)


def apply_editor_changes(
    rows: list[dict[str, Any]], changes: Mapping[str, Any] | None, columns: Iterable[str]
) -> list[dict[str, Any]]:
    """The rows a `st.data_editor` shows: its base rows with its pending edit state applied.

    The edit state has `edited_rows` ({position: {column: value}}), `added_rows` and `deleted_rows`
    (positions in the base rows).
    """
    columns = tuple(columns)
    result = [dict(row) for row in rows]
    if not changes:
        return clean_rows(result, columns)
    for position, edits in (changes.get("edited_rows") or {}).items():
        index = int(position)
        if 0 <= index < len(result):
            result[index].update(edits)
    deleted = {int(position) for position in changes.get("deleted_rows") or []}
    result = [row for index, row in enumerate(result) if index not in deleted]
    result.extend(dict(row) for row in changes.get("added_rows") or [])
    return clean_rows(result, columns)


def _is_blank(row: Mapping[str, Any]) -> bool:
    return all(
        value is None or (isinstance(value, str) and not value.strip()) or _ROW_DEFAULTS.get(key) == value
        for key, value in row.items()
    )


def _filled_rows(rows: Iterable[Mapping[str, Any]], columns: Iterable[str]) -> list[dict[str, Any]]:
    """Rows the user typed something into; empty cells take the field defaults, except required ones."""
    filled = []
    for row in clean_rows(rows, columns):
        if _is_blank(row):
            continue
        filled.append(
            {
                key: "" if value is None else value
                for key, value in row.items()
                if value is not None or key in _REQUIRED_CELLS
            }
        )
    return filled


def debrief_from_form(
    form: Mapping[str, Any], interview_id: int | None = None, version: int | None = None
) -> Debrief:
    """Validate a form into a Debrief. Raises pydantic.ValidationError with every problem found."""
    data: dict[str, Any] = {name: form.get(name) for name in DETAIL_FIELDS}
    for name in ("role", "round", "format", "outcome", "notes", "company"):
        data[name] = data[name] or ""
    for name, columns in ROW_COLUMNS.items():
        data[name] = _filled_rows(form.get(name) or [], columns)
    for row in data["strengths"]:
        row.pop("next_time", None)
    evaluation = form.get("evaluation") or {}
    data["evaluation"] = {key: value for key, value in evaluation.items() if value is not None}
    data["transcript"] = form.get("transcript")
    return Debrief(id=interview_id, version=version, **data)
