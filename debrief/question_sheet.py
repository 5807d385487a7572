"""Import of the question list people keep in a spreadsheet: one row per question asked.

Rows with the same date, company, role and round become one debrief, their questions in sheet order.
Header names are matched leniently (case, spaces, dashes and common synonyms); row numbers in messages
are the spreadsheet's own (the header is row 1).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
from pydantic import ConfigDict, field_validator

from debrief.csv_export import csv_bytes, restore_neutralised
from debrief.models import (
    LongText,
    Rating,
    RequiredLongText,
    RequiredShortText,
    ShortText,
    question_categories,
)
from debrief.store import Progress, no_progress
from debrief.tables import TABLES_BY_NAME, Row
from debrief.transfer import MAX_DOCUMENT_BYTES, ImportFileError, ImportPlan, RowProblem, validate_rows

FIRST_DATA_ROW = 2  # the header is row 1 in the spreadsheet


@dataclass(frozen=True)
class SheetColumn:
    field: str
    title: str
    required: bool
    headers: tuple[str, ...]
    meaning: str
    example: str


SHEET_COLUMNS: tuple[SheetColumn, ...] = (
    SheetColumn("date", "Date", True, ("date", "interview date", "when", "day"),
                "the interview date, YYYY-MM-DD", "2026-03-14"),
    SheetColumn("company", "Company", True, ("company", "employer", "organisation", "organization", "firm"),
                "who interviewed you", "Acme"),
    SheetColumn("role", "Role", False, ("role", "position", "job", "job title", "title"),
                "the job", "Data analyst"),
    SheetColumn("round", "Round", False, ("round", "stage", "interview round", "interview stage"),
                "e.g. Phone screen, Final", "First round"),
    SheetColumn("question", "Question", True,
                ("question", "questions", "question text", "text", "question asked", "what they asked"),
                "the question as you remember it", "Tell me about yourself"),
    SheetColumn("category", "Category", True, ("category", "type", "question type", "kind"),
                f"one of: {', '.join(question_categories())}", "Behavioural"),
    SheetColumn("rating", "Rating", False,
                ("rating", "self rating", "answer rating", "score", "how well i answered", "my rating"),
                "how well you answered, 1 (poor) to 5 (excellent)", "3"),
    SheetColumn("off_guard", "Caught me off guard", False,
                ("caught me off guard", "off guard", "surprise", "surprised", "unexpected"),
                "yes or no", "no"),
    SheetColumn("notes", "Notes", False, ("notes", "note", "comments", "comment"),
                "anything else", ""),
    SheetColumn("better_answer", "Better answer", False,
                ("better answer", "star", "star answer", "ideal answer", "next time"),
                "the answer you want to give next time", "Situation, task, action, result…"),
)  # fmt: skip
_CATEGORY_SYNONYMS = {
    "behavioral": "Behavioural",
    "behaviour": "Behavioural",
    "behavior": "Behavioural",
    "tech": "Technical",
    "situation": "Situational",
    "culture": "Culture fit",
    "motivational": "Motivation",
    "salary": "Salary/logistics",
    "logistics": "Salary/logistics",
}
_YES = {"yes", "y", "true", "1", "x", "✓", "✔"}
_NO = {"no", "n", "false", "0", ""}
_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.casefold()).split())


_HEADER_FIELDS = {_normal(header): column.field for column in SHEET_COLUMNS for header in column.headers}
_HEADER_FIELDS.update({_normal(column.field): column.field for column in SHEET_COLUMNS})


def _category(value: str) -> str:
    known = {_normal(name): name for name in question_categories()}
    known.update(_CATEGORY_SYNONYMS)
    return known.get(_normal(value), value)


class SheetRow(Row):
    """One spreadsheet row, parsed leniently, with messages that name the fix."""

    model_config = ConfigDict(str_strip_whitespace=True)

    date: dt.date
    company: RequiredShortText
    role: ShortText = ""
    round: ShortText = ""
    question: RequiredLongText
    category: str
    rating: Rating | None = None
    off_guard: bool = False
    notes: LongText = ""
    better_answer: LongText = ""

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        match = _DATE.match(value.strip())
        if not match:
            raise ValueError("not a date (use YYYY-MM-DD)" if value.strip() else "required")
        try:
            return dt.date(*(int(part) for part in match.groups()))
        except ValueError as error:
            raise ValueError("not a date (use YYYY-MM-DD)") from error

    @field_validator("category", mode="before")
    @classmethod
    def _known_category(cls, value: Any) -> Any:
        name = _category(str(value or ""))
        if name not in question_categories():
            problem = "required" if not str(value or "").strip() else f"unknown category {value!r}"
            raise ValueError(f"{problem}: choose one of {', '.join(question_categories())}")
        return name

    @field_validator("rating", mode="before")
    @classmethod
    def _rating(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        text = value.strip().split("/")[0].strip()
        if not text:
            return None
        try:
            number = float(text)
        except ValueError as error:
            raise ValueError("not a number from 1 to 5") from error
        if not number.is_integer():
            raise ValueError("not a whole number from 1 to 5")
        return int(number)

    @field_validator("off_guard", mode="before")
    @classmethod
    def _yes_no(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        text = value.strip().casefold()
        if text in _YES:
            return True
        if text in _NO:
            return False
        raise ValueError("not yes or no")


# Longest first: UTF-32's little-endian mark starts with UTF-16's.
_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_BINARY_BYTES = bytes([*range(0x09), *range(0x0E, 0x20)])
NOT_TEXT = (
    "This file is not text (it holds binary data). Import takes a Debrief export (.zip or .json) or a "
    "spreadsheet of questions saved as CSV."
)


def _utf16_without_mark(data: bytes) -> str | None:
    """UTF-16 with no byte-order mark (as some spreadsheet programs save): in text of Latin letters,
    every other byte is zero. The encoding, or None."""
    sample = data[:4096]
    zeros_at_odd, zeros_at_even = sample[1::2].count(0), sample[0::2].count(0)
    if zeros_at_odd > len(sample) // 4 and zeros_at_even == 0:
        return "utf-16-le"
    if zeros_at_even > len(sample) // 4 and zeros_at_odd == 0:
        return "utf-16-be"
    return None


def decode_text(data: bytes) -> str:
    """A text file's bytes as text: UTF-8, UTF-16 or UTF-32 (with a byte-order mark, or UTF-16 without
    one), else Windows-1252 (Excel's "CSV (comma delimited)"). ImportFileError says which it could not be."""
    encoding = next((name for mark, name in _BYTE_ORDER_MARKS if data.startswith(mark)), None)
    sample = data[:4096]
    if encoding is None and sum(sample.count(byte) for byte in _BINARY_BYTES) > len(sample) // 20:
        encoding = _utf16_without_mark(data)  # a stray control character is still text; many are not
        if encoding is None:
            raise ImportFileError(NOT_TEXT)
    for candidate in (encoding,) if encoding else ("utf-8", "cp1252"):
        try:
            return data.decode(candidate)
        except UnicodeDecodeError:
            continue
    tried = encoding or "UTF-8 or Windows-1252"
    raise ImportFileError(
        f"This file's text is not valid {tried}: save it from your spreadsheet as 'CSV UTF-8' and upload "
        "it again."
    )


def _reader(text: str) -> Iterator[list[str]]:
    try:
        dialect = csv.Sniffer().sniff(text[:65_536], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return csv.reader(io.StringIO(text, newline=""), dialect)


@dataclass(frozen=True)
class SheetHeader:
    fields: dict[int, str]  # cell position -> SheetRow field
    titles: dict[str, str]  # field -> the header as written in the file
    ignored: tuple[str, ...]


def read_header(cells: list[str]) -> SheetHeader:
    fields: dict[int, str] = {}
    titles: dict[str, str] = {}
    ignored = []
    for position, cell in enumerate(cells):
        name = _HEADER_FIELDS.get(_normal(cell))
        if name is None or name in titles:
            if cell.strip():
                ignored.append(cell.strip())
            continue
        fields[position] = name
        titles[name] = cell.strip()
    missing = [column.title for column in SHEET_COLUMNS if column.required and column.field not in titles]
    if missing:
        raise ImportFileError(
            f"The first row must name the columns; missing: {', '.join(missing)}. "
            "See 'Spreadsheet columns' for the names understood."
        )
    return SheetHeader(fields, titles, tuple(ignored))


def _debrief_rows(rows: list[SheetRow], now: dt.datetime) -> dict[str, list[dict[str, Any]]]:
    """Table rows for the sheet: one debrief per date, company, role and round; local numbers from 1."""
    interviews: dict[tuple, dict[str, Any]] = {}
    questions = []
    positions: dict[tuple, int] = {}
    for row in rows:
        key = (row.date, row.company, row.role, row.round)
        if key not in interviews:
            interviews[key] = {
                "id": len(interviews) + 1,
                "company": row.company,
                "role": row.role,
                "interview_date": row.date,
                "round": row.round,
                "created_at": now,
                "updated_at": now,
            }
        position = positions.get(key, 0)
        positions[key] = position + 1
        questions.append(
            {
                "id": len(questions) + 1,
                "interview_id": interviews[key]["id"],
                "position": position,
                "text": row.question,
                "category": row.category,
                "answer_rating": row.rating,
                "off_guard": row.off_guard,
                "notes": row.notes,
                "better_answer": row.better_answer,
            }
        )
    return {
        "interviews": list(interviews.values()),
        # Every debrief saved through the form has an interviewer row; imported ones get the defaults.
        "interviewer_evaluations": [{"interview_id": row["id"]} for row in interviews.values()],
        "questions": questions,
    }


def plan_question_sheet(data: bytes, source: str, report: Progress = no_progress) -> ImportPlan:
    """Read and validate a question spreadsheet (CSV); nothing is written."""
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ImportFileError(
            f"This spreadsheet is {len(data) / 1e6:,.0f} MB, more than the "
            f"{MAX_DOCUMENT_BYTES / 1e6:,.0f} MB an import takes: split it, or keep only the questions."
        )
    lines = _reader(decode_text(data))
    try:
        header = read_header(next(lines, []))
        cells_per_row = [cells for cells in lines if any(cell.strip() for cell in cells)]
    except csv.Error as error:
        raise ImportFileError(f"This CSV file cannot be read: {error}.") from error
    if not cells_per_row:
        raise ImportFileError("This spreadsheet has a header row but no questions under it.")
    raw = [
        {
            name: restore_neutralised(cells[position])
            for position, name in header.fields.items()
            if position < len(cells)
        }
        for cells in cells_per_row
    ]
    plan = ImportPlan(source, ignored_columns=header.ignored)
    valid, problems = validate_rows(SheetRow, raw, source, report)
    if problems:
        plan.problems = [
            RowProblem(
                source,
                problem.row + FIRST_DATA_ROW - 1,
                header.titles.get(problem.field, problem.field),
                problem.problem,
            )
            for problem in problems
        ]
        return plan
    tables = _debrief_rows([SheetRow.model_construct(**row) for row in valid], dt.datetime.now())
    for name, rows in tables.items():
        plan.rows[name], table_problems = validate_rows(TABLES_BY_NAME[name].row_model, rows, name)
        plan.problems.extend(table_problems)
    report(1.0, "Checked every row")
    return plan


def template_csv() -> bytes:
    """A spreadsheet with the column headers and two example rows, to start from."""
    example = {column.title: column.example for column in SHEET_COLUMNS}
    second = {
        **example,
        "Question": "Why do you want to work here?",
        "Category": "Motivation",
        "Rating": "4",
        "Better answer": "",
    }
    return csv_bytes(pd.DataFrame([example, second]))


def sheet_columns_table() -> list[Mapping[str, str]]:
    """The columns understood, for the page's help table."""
    return [
        {
            "Column": column.title,
            "Required": "yes" if column.required else "",
            "What to put in it": column.meaning,
            "Also understood as": ", ".join(
                header for header in column.headers if header != column.title.casefold()
            ),
        }
        for column in SHEET_COLUMNS
    ]
