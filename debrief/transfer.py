"""Full export and import: every table of `debrief.tables.TABLES`, as a zip of CSVs plus one JSON document.

The JSON document is the lossless copy and what an import reads; the CSVs are for reading the data in
a spreadsheet (formula cells neutralised, so they are not a faithful copy). An import is planned first
(every row validated, every problem listed by table, row and field) and then applied in one
transaction: all of it or nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pandas as pd
import pyarrow as pa
from pydantic import TypeAdapter, ValidationError

from debrief import applications, follow_ups, practice, question_groups
from debrief.csv_export import rows_csv_bytes
from debrief.matching import matcher_fingerprint
from debrief.models import plain_reason
from debrief.store import Progress, Store, first_row, newest_known_version, no_progress
from debrief.tables import TABLES, TABLES_BY_NAME, Row, TableSpec, describe_counts

if TYPE_CHECKING:
    from debrief.matching.matcher import QuestionMatcher

FORMAT = "debrief-export"
FORMAT_VERSION = 1
DOCUMENT_NAME = "debrief.json"
VALIDATION_CHUNK = 5_000
INSERT_CHUNK = 20_000
# Keeping exported numbers means advancing the sequence past them one number at a time; beyond this
# many it is cheaper to renumber.
MAX_SEQUENCE_ADVANCE = 5_000_000
ZIP_README = """Debrief export
==============
debrief.json  everything, exactly as stored: import this file (or this whole zip) on Debrief's Data page
              or with `python -m debrief import --from FOLDER`.
*.csv         one file per table, for reading in a spreadsheet. Cells that a spreadsheet would run
              as a formula (starting with = + - @) begin with an apostrophe there.
"""


class ImportFileError(ValueError):
    """The file cannot be imported at all (not an export, unreadable, from a newer Debrief)."""


# --- export -------------------------------------------------------------------------------------


def _select_sql(spec: TableSpec) -> str:
    # In the order the rows were added, which some lists show (the user's own categories).
    return f"SELECT {', '.join(spec.columns)} FROM {spec.name} ORDER BY rowid"  # noqa: S608 (registry names)


def read_tables(store: Store) -> dict[str, tuple[tuple[str, ...], list[tuple]]]:
    """Every exported table's columns and rows, read in one consistent snapshot."""
    tables = {}
    with store.snapshot() as cursor:
        for spec in TABLES:
            tables[spec.name] = (spec.columns, cursor.execute(_select_sql(spec)).fetchall())
    return tables


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(f"cannot export a {type(value).__name__}")


def export_document(store: Store, tables: Mapping[str, tuple[tuple[str, ...], list[tuple]]] | None = None):
    """The whole database as one JSON-ready dict: format marks, schema version, rows per table."""
    tables = tables if tables is not None else read_tables(store)
    with store.cursor() as cursor:
        grouped_by = question_groups.grouped_by(cursor)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_version": store.schema_version(),
        "exported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        # Which matcher made the question groups: an import into an empty database keeps them as they are
        # when this Debrief's matcher is the same one.
        "grouped_by": grouped_by,
        "tables": {
            name: [dict(zip(columns, row, strict=True)) for row in rows]
            for name, (columns, rows) in tables.items()
        },
    }


def document_bytes(document: Mapping[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=1, default=_json_value).encode("utf-8")


def export_files(store: Store) -> dict[str, bytes]:
    """File name -> contents: one CSV per table, the JSON document, a short read-me."""
    tables = read_tables(store)
    files = {f"{name}.csv": rows_csv_bytes(columns, rows) for name, (columns, rows) in tables.items()}
    files[DOCUMENT_NAME] = document_bytes(export_document(store, tables))
    files["README.txt"] = ZIP_README.encode("utf-8")
    return files


def export_zip(store: Store) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, contents in export_files(store).items():
            archive.writestr(name, contents)
    return buffer.getvalue()


def write_export(store: Store, folder: Path) -> list[Path]:
    """Write the export files into `folder` (created if needed); returns the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, contents in export_files(store).items():
        path = folder / name
        path.write_bytes(contents)
        written.append(path)
    return written


def count_rows(cursor: duckdb.DuckDBPyConnection, tables: Iterable[str] | None = None) -> dict[str, int]:
    """Rows per table name (of the registered tables in `tables`, default all)."""
    present = set(tables) if tables is not None else set(TABLES_BY_NAME)
    counts = {}
    for spec in TABLES:
        if spec.name in present:
            sql = f"SELECT count(*) FROM {spec.name}"  # noqa: S608 (registry names)
            counts[spec.name] = first_row(cursor, sql)[0]
    return counts


def table_counts(store: Store) -> dict[str, int]:
    with store.cursor() as cursor:
        return count_rows(cursor)


def export_file_name(today: dt.date | None = None) -> str:
    return f"debrief-export-{(today or dt.date.today()).isoformat()}.zip"


# --- reading an export --------------------------------------------------------------------------


# The largest export JSON an import reads: real exports hold about 3.2 KB per debrief, so this is some
# 30,000 debriefs; reading and checking it takes under a minute. A small zip can unpack to far more.
MAX_DOCUMENT_BYTES = 100_000_000
ZIP_STARTS = (b"PK\x03\x04", b"PK\x05\x06")  # a zip with members, and an empty one


def _document_in_zip(data: bytes) -> bytes:
    """The export's JSON from its zip, its size checked before it is unpacked (and while it is)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.namelist()
            if not members:
                raise ImportFileError(
                    f"This zip is empty. A Debrief export zip holds {DOCUMENT_NAME} and one CSV per table."
                )
            names = [name for name in members if Path(name).name == DOCUMENT_NAME]
            if not names:
                raise ImportFileError(
                    f"This zip holds {len(members):,} files but no {DOCUMENT_NAME}, so it is not a Debrief "
                    "export. (The CSV files alone are for spreadsheets; the import reads the JSON document.)"
                )
            unpacked = archive.getinfo(names[0]).file_size
            if unpacked > MAX_DOCUMENT_BYTES:
                raise ImportFileError(_too_large(unpacked, "would unpack to"))
            with archive.open(names[0]) as member:
                document = member.read(MAX_DOCUMENT_BYTES + 1)  # a header may lie about the size
            if len(document) > MAX_DOCUMENT_BYTES:
                raise ImportFileError(_too_large(len(document), "unpacks to more than"))
            return document
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, zlib.error) as error:
        raise ImportFileError(f"This zip file is damaged or of an unusual kind ({error}).") from error
    except RuntimeError as error:  # what zipfile raises for a member protected by a password
        raise ImportFileError(f"This zip file is locked with a password ({error}).") from error


def _too_large(size: int, how: str) -> str:
    return (
        f"Its {DOCUMENT_NAME} {how} {size / 1e6:,.0f} MB, more than the {MAX_DOCUMENT_BYTES / 1e6:,.0f} MB "
        "an import takes (about 30,000 debriefs): it is not an export of your interviews."
    )


def _json_text(data: bytes) -> str:
    """JSON bytes as text, in UTF-8, UTF-16 or UTF-32 (with or without a byte-order mark)."""
    try:
        return data.decode(json.detect_encoding(data)).removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            f"This is not a Debrief export: its text is not UTF-8, UTF-16 or UTF-32 ({error.reason})."
        ) from error


def read_export(data: bytes) -> dict[str, Any]:
    """The JSON document of an export given as the zip or as the JSON file itself."""
    if data.startswith(ZIP_STARTS):
        data = _document_in_zip(data)
    elif len(data) > MAX_DOCUMENT_BYTES:
        raise ImportFileError(_too_large(len(data), "is"))
    try:
        document = json.loads(_json_text(data))
    except (ValueError, RecursionError) as error:
        raise ImportFileError(f"This is not a Debrief export: the JSON cannot be read ({error}).") from error
    check_document(document)
    return document


def read_export_folder(folder: Path) -> dict[str, Any]:
    """The export written by `write_export` (or the zip itself, if `folder` is the zip file)."""
    if folder.is_file():
        return read_export(folder.read_bytes())
    document = folder / DOCUMENT_NAME
    if not document.is_file():
        raise ImportFileError(f"{folder} has no {DOCUMENT_NAME}: it is not a Debrief export folder.")
    return read_export(document.read_bytes())


def check_document(document: Any) -> None:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ImportFileError("This is not a Debrief export (its format mark is missing).")
    if not isinstance(document.get("format_version"), int) or document["format_version"] > FORMAT_VERSION:
        raise ImportFileError("This export was made by a newer version of Debrief; update Debrief first.")
    schema = document.get("schema_version")
    if not isinstance(schema, int) or schema > newest_known_version():
        raise ImportFileError(
            f"This export comes from a newer Debrief (data format {schema}, this one reads up to "
            f"{newest_known_version()}); update Debrief first."
        )
    tables = document.get("tables")
    if not isinstance(tables, dict) or not all(isinstance(rows, list) for rows in tables.values()):
        raise ImportFileError("This export is damaged: its tables are missing.")
    unknown = sorted(set(tables) - set(TABLES_BY_NAME))
    if unknown:
        raise ImportFileError(f"This export has tables this Debrief does not know: {', '.join(unknown)}.")


# --- planning an import -------------------------------------------------------------------------


@dataclass(frozen=True)
class RowProblem:
    """One problem in an imported file: where (table or sheet), which row (1-based), which field."""

    where: str
    row: int
    field: str
    problem: str

    def __str__(self) -> str:
        place = f"{self.where}, row {self.row}" + (f", {self.field}" if self.field else "")
        return f"{place}: {self.problem}"


@dataclass
class ImportPlan:
    """Validated rows per table, ready to apply, or the problems that stop the import."""

    source: str
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    problems: list[RowProblem] = field(default_factory=list)
    # Spreadsheet columns the import does not know, said in the preview rather than silently dropped.
    ignored_columns: tuple[str, ...] = ()
    # The fingerprint of the matcher that made the question groups the file brings, if it says.
    grouped_by: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def counts(self) -> dict[str, int]:
        """Rows per table name."""
        return {name: len(rows) for name, rows in self.rows.items()}

    def refusal(self) -> str:
        """Why nothing can be imported, in one line."""
        more = f" (and {len(self.problems) - 1:,} more)" if len(self.problems) > 1 else ""
        return f"Nothing imported: {self.problems[0]}{more}"

    def total_rows(self) -> int:
        return sum(len(rows) for rows in self.rows.values())

    def preview(self, table: str, limit: int) -> pd.DataFrame:
        spec = TABLES_BY_NAME[table]
        return pd.DataFrame(self.rows.get(table, [])[:limit], columns=list(spec.columns))


def plain_problem(error: dict) -> str:
    """A pydantic error in words a user understands."""
    kind = error["type"]
    if kind == "extra_forbidden":
        return "not a column of this table"
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return "not a whole number"
    if kind in {"bool_parsing", "bool_type"}:
        return "not yes or no"
    if kind in {"datetime_parsing", "datetime_type", "datetime_from_date_parsing"}:
        return "not a date and time (use YYYY-MM-DD HH:MM:SS)"
    if kind == "literal_error":
        return f"choose one of: {error.get('ctx', {}).get('expected', '')}"
    if kind in {"model_type", "dict_type"}:
        return "not a row (expected an object with named fields)"
    if kind == "string_type":
        return "not text"
    return plain_reason(error)


def problems_from(error: ValidationError, where: str, first_row_number: int) -> list[RowProblem]:
    """RowProblems from the validation of a list of rows (error locations start with the row index)."""
    problems = []
    for problem in error.errors():
        location = list(problem["loc"])
        index = location.pop(0) if location and isinstance(location[0], int) else 0
        name = ".".join(str(part) for part in location)
        problems.append(RowProblem(where, first_row_number + index, name, plain_problem(problem)))
    return problems


def validate_rows(
    model: type[Row],
    rows: list[Any],
    where: str,
    report: Progress = no_progress,
    progress_span: tuple[float, float] = (0.0, 1.0),
) -> tuple[list[dict[str, Any]], list[RowProblem]]:
    """Validate rows in chunks; the valid rows as dicts, and every problem.

    Progress is reported as moving through `progress_span` (start, end) of the whole job.
    """
    start_fraction, end_fraction = progress_span
    adapter = TypeAdapter(list[model])
    valid: list[dict[str, Any]] = []
    problems: list[RowProblem] = []
    for start in range(0, len(rows), VALIDATION_CHUNK):
        chunk = rows[start : start + VALIDATION_CHUNK]
        try:
            valid.extend(row.model_dump() for row in adapter.validate_python(chunk))
        except ValidationError as error:
            problems.extend(problems_from(error, where, start + 1))
        checked = min(start + VALIDATION_CHUNK, len(rows))
        fraction = start_fraction + (end_fraction - start_fraction) * checked / len(rows)
        report(fraction, f"Checked {checked:,} of {len(rows):,} rows of {where}")
    return valid, problems


def _check_keys(spec: TableSpec, rows: list[dict[str, Any]]) -> list[RowProblem]:
    """Rows that repeat another's key (or `merge_on` values): each would be the same row."""
    problems = []
    for columns in (spec.key, spec.merge_on):
        if not columns:
            continue
        seen: dict[tuple, int] = {}
        for number, row in enumerate(rows, start=1):
            values = tuple(row[column] for column in columns)
            if values in seen:
                reason = f"the same as row {seen[values]}"
                problems.append(RowProblem(spec.name, number, ", ".join(columns), reason))
            else:
                seen[values] = number
    return problems


def _check_references(
    spec: TableSpec, rows: list[dict[str, Any]], keys: Mapping[str, set | None]
) -> list[RowProblem]:
    problems = []
    for column, target in spec.references.items():
        known = keys.get(target, set())
        if known is None:  # that table has problems of its own, already listed
            continue
        for number, row in enumerate(rows, start=1):
            value = row[column]
            if value is not None and value not in known:
                reason = f"refers to {target} {value}, which is not in this file"
                problems.append(RowProblem(spec.name, number, column, reason))
    return problems


def plan_import(document: Mapping[str, Any], source: str, report: Progress = no_progress) -> ImportPlan:
    """Validate every row of every table of an export document; nothing is written."""
    grouped_by = document.get("grouped_by")
    plan = ImportPlan(source, grouped_by=grouped_by if isinstance(grouped_by, str) else None)
    tables = document["tables"]
    total = max(sum(len(tables.get(spec.name, [])) for spec in TABLES), 1)
    checked = 0
    keys: dict[str, set | None] = {}
    for spec in TABLES:
        raw = tables.get(spec.name, [])
        span = (checked / total, (checked + len(raw)) / total)
        rows, problems = validate_rows(spec.row_model, raw, spec.name, report, span)
        checked += len(raw)
        if problems:
            plan.problems.extend(problems)
            keys[spec.name] = None
            continue
        plan.problems.extend(_check_keys(spec, rows))
        plan.problems.extend(_check_references(spec, rows, keys))
        if len(spec.key) == 1:
            keys[spec.name] = {row[spec.key[0]] for row in rows}
        plan.rows[spec.name] = rows
    report(1.0, "Checked every row")
    return plan


# --- applying an import -------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    added: dict[str, int]
    already_present: dict[str, int]
    renumbered: bool

    def summary(self) -> str:
        added = describe_counts(self.added) or "nothing"
        text = f"Imported {added}."
        kept = describe_counts(self.already_present)
        if kept:
            text += f" Already present and kept as they were: {kept}."
        if self.renumbered:
            text += " Debriefs were given new numbers to sit alongside the ones already here."
        return text


def _last_issued(cursor: duckdb.DuckDBPyConnection, sequence: str) -> int:
    """The last number the sequence issued (0 when none)."""
    sql = "SELECT coalesce(last_value, 0) FROM duckdb_sequences() WHERE sequence_name = ?"
    return first_row(cursor, sql, [sequence])[0]


def _sequence_state(cursor: duckdb.DuckDBPyConnection, sequence: str, tables: Iterable[TableSpec]) -> int:
    """The highest number the sequence issued or any of its tables holds (0 when none)."""
    highest = [_last_issued(cursor, sequence)]
    for spec in tables:
        sql = f"SELECT coalesce(max({spec.key[0]}), 0) FROM {spec.name}"  # noqa: S608 (registry names)
        highest.append(first_row(cursor, sql)[0])
    return max(highest)


def _keep_numbers(cursor: duckdb.DuckDBPyConnection, plan: ImportPlan) -> dict[str, bool]:
    """Per sequence: can the exported numbers be kept (none ever issued here), or must they be renumbered?"""
    decisions = {}
    for sequence in {spec.sequence for spec in TABLES if spec.sequence}:
        specs = [spec for spec in TABLES if spec.sequence == sequence]
        incoming = [row[spec.key[0]] for spec in specs for row in plan.rows.get(spec.name, [])]
        if not incoming:
            decisions[sequence] = True
            continue
        used = _sequence_state(cursor, sequence, specs)
        decisions[sequence] = min(incoming) > used and max(incoming) - used <= MAX_SEQUENCE_ADVANCE
    return decisions


def _advance_sequence(cursor: duckdb.DuckDBPyConnection, sequence: str, past: int) -> None:
    """Make the sequence's next number larger than `past`."""
    issued = _last_issued(cursor, sequence)
    if past > issued:
        sql = f"SELECT max(nextval('{sequence}')) FROM range(?)"  # noqa: S608 (registry names)
        cursor.execute(sql, [past - issued]).fetchall()


def _new_numbers(cursor: duckdb.DuckDBPyConnection, sequence: str, old: list[int]) -> dict[int, int]:
    """Fresh numbers from the sequence for `old`, keeping their order."""
    sql = f"SELECT nextval('{sequence}') FROM range(?)"  # noqa: S608 (registry names)
    fresh = sorted(row[0] for row in cursor.execute(sql, [len(old)]).fetchall())
    return dict(zip(sorted(old), fresh, strict=True))


def _insert(cursor: duckdb.DuckDBPyConnection, spec: TableSpec, rows: list[dict], skip_present: bool) -> int:
    """Insert rows in their order (all columns by name); returns how many were added.

    With `skip_present`, rows whose key is already in the table are left out. (Not INSERT OR IGNORE:
    DuckDB does not keep the rows' order with it, and the order of custom categories is what lists show.)
    """
    if not rows:
        return 0
    incoming = pa.Table.from_pylist(rows)
    incoming = incoming.append_column("import_order", pa.array(range(len(rows)), pa.int64()))
    cursor.register("imported_rows", incoming)
    # Table and column names come from the registry; every value is in the registered rows.
    same_key = " AND ".join(f"t.{column} = i.{column}" for column in spec.key)
    absent = f"NOT EXISTS (SELECT 1 FROM {spec.name} t WHERE {same_key})" if skip_present else "true"  # noqa: S608
    sql = (
        f"INSERT INTO {spec.name} BY NAME SELECT * EXCLUDE (import_order) "  # noqa: S608
        f"FROM imported_rows i WHERE {absent} ORDER BY import_order"
    )
    added = first_row(cursor, sql)[0]
    cursor.unregister("imported_rows")
    return added


def _rows_here(cursor: duckdb.DuckDBPyConnection, spec: TableSpec) -> dict[tuple, int]:
    """The `merge_on` values of the rows already in the table -> their key."""
    sql = f"SELECT {spec.key[0]}, {', '.join(spec.merge_on)} FROM {spec.name}"  # noqa: S608 (registry)
    return {tuple(row[1:]): row[0] for row in cursor.execute(sql).fetchall()}


def _numbered(
    cursor: duckdb.DuckDBPyConnection, spec: TableSpec, rows: list[dict], keep_numbers: bool
) -> tuple[list[dict], dict[int, int]]:
    """The rows to insert, numbered, and each imported number -> its number here (for references).

    A row matching one already here on `merge_on` is not inserted: references go to the one here.
    """
    key = spec.key[0]
    numbers: dict[int, int] = {}
    if spec.merge_on:
        here = _rows_here(cursor, spec)
        for row in rows:
            same = here.get(tuple(row[column] for column in spec.merge_on))
            if same is not None:
                numbers[row[key]] = same
        rows = [row for row in rows if row[key] not in numbers]
    if rows and keep_numbers:
        _advance_sequence(cursor, spec.sequence, max(row[key] for row in rows))
    elif rows:
        fresh = _new_numbers(cursor, spec.sequence, [row[key] for row in rows])
        numbers.update(fresh)
        rows = [{**row, key: fresh[row[key]]} for row in rows]
    return rows, numbers


def apply_import(
    store: Store, plan: ImportPlan, report: Progress = no_progress, matcher: QuestionMatcher | None = None
) -> ImportResult:
    """Write a valid plan in one transaction, appending to what is there; all of it or nothing. A copy of
    the data as it was is kept first (see `debrief.copies`). The questions are grouped by `matcher`,
    by default the one kept beside `store`."""
    if not plan.ok:
        raise ImportFileError(plan.refusal())
    store.keep_copy("before-import")
    questions = plan.rows.get("questions") or plan.rows.get("question_group_corrections")
    if matcher is None and questions:
        matcher = question_groups.matcher_for(store)
    plan_settings = follow_ups.plan_defaults(store)
    total = max(plan.total_rows(), 1)
    written = 0
    added: dict[str, int] = {}
    present: dict[str, int] = {}
    renumbered = False
    with store.transaction() as cursor:
        # Groups made by this very matcher, into a database without questions: kept exactly as they are.
        keep_groups = plan.grouped_by == matcher_fingerprint() and question_groups.nothing_grouped(cursor)
        keep = _keep_numbers(cursor, plan)
        new_keys: dict[str, dict[int, int]] = {}
        for spec in TABLES:
            rows = plan.rows.get(spec.name, [])
            for column, target in spec.references.items():
                if target in new_keys:
                    mapping = new_keys[target]
                    rows = [{**row, column: mapping.get(row[column], row[column])} for row in rows]
            inserting = rows
            if spec.sequence and rows:
                inserting, new_keys[spec.name] = _numbered(cursor, spec, rows, keep[spec.sequence])
                renumbered = renumbered or (bool(inserting) and not keep[spec.sequence])
            count = 0
            for start in range(0, len(inserting), INSERT_CHUNK):
                chunk = inserting[start : start + INSERT_CHUNK]
                count += _insert(cursor, spec, chunk, skip_present=spec.sequence is None)
                written += len(chunk)
                done = f"{start + len(chunk):,} of {len(inserting):,}"
                report(written / total, f"Writing {spec.label}: {done}")
            added[spec.name] = count
            present[spec.name] = len(rows) - count
        if matcher is not None:
            report(1.0, "Grouping the questions")
            brought_groups = added.get("question_text_groups") or added.get("question_group_corrections")
            if keep_groups:
                question_groups.mark_grouped_by_this_matcher(cursor)
            elif brought_groups:
                # Groups from another matcher, or to merge with the groups here; corrections apply only
                # by a regrouping.
                question_groups.regroup(cursor, matcher)
            question_groups.update_groups(cursor, matcher)
        follow_ups.start_missing_plans(cursor, follow_ups.local_today(), plan_settings)
        applications.file_unfiled(cursor)
        practice.start_missing_cards(cursor)
        report(1.0, "Saving the import")
    report(1.0, "Import complete")
    return ImportResult(added, present, renumbered)
