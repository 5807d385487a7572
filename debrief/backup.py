"""Backups of the database file: a consistent copy to download, and a restore that rebuilds, never adopts.

A backup is the DuckDB file itself, copied while the store is closed and nobody can write (so every
committed row is in it, and nothing half-written).

A restore trusts nothing in the file. It is attached read-only to an in-memory database with file
access and extension loading turned off, so nothing in it can reach the disk; only base tables are
read, by quoted names; its views and macros are never on the search path, so they never run. The rows
of the tables Debrief knows are copied into the schema their data format had, brought up to date by
Debrief's own migrations, validated row by row by the same models as an import, and written into a new
database file made by the migrations. Only then is it swapped in; the file it replaces is kept as a copy.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import duckdb

from debrief import question_groups
from debrief.copies import backup_folder, keep_copy
from debrief.store import (
    LOCKED_DOWN,
    Progress,
    Store,
    StoreError,
    error_line,
    made_by_migrations,
    migrations,
    newest_known_version,
    no_progress,
    quoted,
)
from debrief.tables import TABLES, describe_counts
from debrief.transfer import ImportPlan, apply_import, plan_import, table_counts

DUCKDB_MAGIC = b"DUCK"
BACKUP_SCHEMA = "backup_file"
# Far above anyone's interviews (10,000 debriefs are about 400,000 rows), far below what would fill
# the memory: a small file of repeated values can hold billions of rows.
MAX_BACKUP_ROWS = 5_000_000
MAX_BACKUP_CHARACTERS = 2_000_000_000
# Generated columns are left out: one computes its value when read, so a table with one in place of a
# stored column does not have the columns Debrief's tables have.
_COLUMNS_SQL = (
    "SELECT c.table_name, c.column_name, c.data_type FROM system.main.duckdb_columns() c "
    "JOIN system.main.duckdb_tables() t USING (database_name, schema_name, table_name) "
    "WHERE c.database_name = coalesce(?, system.main.current_database()) AND c.schema_name = 'main' "
    "AND c.table_name <> 'schema_version' AND NOT c.is_generated "
    "ORDER BY c.table_name, c.column_index"
)


class BackupError(StoreError):
    """The file cannot be restored; the message says why in plain words. `plan`, when the file is a
    Debrief database whose rows fail validation, lists every problem by table, row and column."""

    def __init__(self, message: str, plan: ImportPlan | None = None):
        super().__init__(message)
        self.plan = plan


@dataclass(frozen=True)
class RestorePlan:
    """A backup read and validated, ready to become the database; nothing written yet."""

    schema_version: int
    plan: ImportPlan
    database_id: str

    def describe(self) -> str:
        counted = describe_counts(self.plan.counts())
        return f"A Debrief database (data format {self.schema_version}) with {counted or 'no data yet'}."


@dataclass(frozen=True)
class RestoreResult:
    summary: RestorePlan
    previous_copy: Path | None


def backup_file_name(today: dt.date | None = None) -> str:
    return f"debrief-backup-{(today or dt.date.today()).isoformat()}.duckdb"


def backup_bytes(store: Store) -> bytes:
    """The database file as it is now, every committed row included."""
    store.schema_version()  # creates the file if it does not exist yet
    with store.offline() as path:
        if path.with_name(path.name + ".wal").exists():  # closing could not fold recent saves into the file
            raise StoreError("No backup made: Debrief could not finish writing recent changes; try again.")
        return path.read_bytes()


@cache
def _schema_after(applied: tuple[int, ...]) -> dict[str, list[tuple[str, str]]]:
    """Table -> (column, type) of a database built by the migrations numbered in `applied`."""
    with made_by_migrations(applied) as connection:
        return table_columns(connection, "memory")


def table_columns(
    connection: duckdb.DuckDBPyConnection, database: str | None = None
) -> dict[str, list[tuple[str, str]]]:
    """Table -> (column, type) of the base tables of `database` (default: the connection's own), with
    schema_version left out."""
    schema: dict[str, list[tuple[str, str]]] = {}
    for table, column, kind in connection.execute(_COLUMNS_SQL, [database]).fetchall():
        schema.setdefault(table, []).append((column, kind))
    return schema


@contextmanager
def _attached(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """An in-memory database with the file at `path` attached read-only as `backup_file`; from then on
    no SQL can reach a file, load an extension, or change those settings back."""
    # File access is needed for the ATTACH itself, and turned off right after it.
    settings = {key: value for key, value in LOCKED_DOWN.items() if key != "enable_external_access"}
    connection = duckdb.connect(":memory:", config=settings)
    try:
        literal = "'" + str(path).replace("'", "''") + "'"
        try:
            attach = f"ATTACH {literal} AS {BACKUP_SCHEMA} (READ_ONLY)"  # ATTACH takes no parameters
            connection.execute(attach)
        except duckdb.Error as error:
            raise BackupError(f"This database file cannot be opened: {error_line(error)}") from error
        connection.execute("SET enable_external_access = false")
        connection.execute("SET lock_configuration = true")
        yield connection
    finally:
        connection.close()


def _check_history(connection: duckdb.DuckDBPyConnection) -> tuple[int, ...]:
    """The migrations applied to the backup, if Debrief knows them all."""
    if "schema_version" not in _base_tables(connection):
        raise BackupError("This database was not made by Debrief (it has no schema version table).")
    rows = connection.execute(
        f"SELECT version FROM {BACKUP_SCHEMA}.main.schema_version ORDER BY version"  # noqa: S608 (fixed names)
    ).fetchall()
    applied = tuple(row[0] for row in rows if isinstance(row[0], int))
    known = [number for number, _ in migrations()]
    if not applied:
        raise BackupError("This database was not made by Debrief (its schema version is empty).")
    if applied[-1] > newest_known_version():
        raise BackupError(
            f"This backup comes from a newer Debrief (data format {applied[-1]}; this one knows up to "
            f"{newest_known_version()}). Update Debrief first."
        )
    unknown = sorted(set(applied) - set(known))
    if unknown:
        raise BackupError(f"This database has schema changes this Debrief does not know ({unknown}).")
    return applied


def _base_tables(connection: duckdb.DuckDBPyConnection) -> set[str]:
    rows = connection.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = ? AND schema_name = 'main'",
        [BACKUP_SCHEMA],
    ).fetchall()
    return {row[0] for row in rows}


def _check_schema(connection: duckdb.DuckDBPyConnection, applied: tuple[int, ...]) -> dict[str, list]:
    """The tables Debrief's migrations `applied` make, each present in the backup as a base table with
    exactly their columns; other tables, views and macros in the file are left unread."""
    expected, found = _schema_after(applied), table_columns(connection, BACKUP_SCHEMA)
    for table, columns in expected.items():
        if table not in found:
            raise BackupError(
                f"This database is damaged or not from Debrief: {table} is missing or not a table."
            )
        if found[table] != columns:
            raise BackupError(
                f"This database is damaged or not from Debrief: the table {table} does not have the "
                f"columns of data format {applied[-1]}."
            )
    return expected


def _check_size(connection: duckdb.DuckDBPyConnection, expected: dict[str, list]) -> None:
    """Refuse a file that would unpack to more rows or text than any real history (before reading it)."""
    rows = characters = 0
    for table, columns in expected.items():
        lengths = " + ".join(
            f"coalesce(sum(strlen(CAST({quoted(name)} AS VARCHAR))), 0)" for name, _ in columns
        )
        sql = f"SELECT count(*), {lengths} FROM {BACKUP_SCHEMA}.main.{quoted(table)}"  # noqa: S608 (quoted)
        count, length = connection.execute(sql).fetchall()[0]
        rows, characters = rows + count, characters + length
    if rows > MAX_BACKUP_ROWS or characters > MAX_BACKUP_CHARACTERS:
        raise BackupError(
            f"This backup holds {rows:,} rows and {characters / 1e6:,.0f} million characters, more than a "
            f"restore takes ({MAX_BACKUP_ROWS:,} rows, {MAX_BACKUP_CHARACTERS / 1e6:,.0f} million "
            "characters): it is not a backup of your interviews."
        )


def _rebuild_in_memory(
    connection: duckdb.DuckDBPyConnection, applied: tuple[int, ...], expected: dict[str, list]
) -> None:
    """The backup's rows in Debrief's own schema of its data format, then brought up to date."""
    for number, script in migrations():
        if number in applied:
            connection.execute(script)
    for table, columns in expected.items():
        names = ", ".join(quoted(name) for name, _ in columns)
        target = quoted(table)
        try:
            seeded = f"DELETE FROM memory.main.{target}"  # noqa: S608 (quoted; rows a migration seeds)
            connection.execute(seeded)
            connection.execute(
                f"INSERT INTO memory.main.{target} ({names}) "  # noqa: S608 (quoted catalog names)
                f"SELECT {names} FROM {BACKUP_SCHEMA}.main.{target}"
            )
        except duckdb.Error as error:
            raise BackupError(
                f"This backup's {table} breaks the rules of Debrief's data: {error_line(error)}"
            ) from error
    connection.execute("DETACH " + BACKUP_SCHEMA)
    for number, script in migrations():
        if number not in applied:
            connection.execute(script)


def _rows(connection: duckdb.DuckDBPyConnection) -> dict[str, list[dict[str, Any]]]:
    tables = {}
    for spec in TABLES:
        names = ", ".join(quoted(column) for column in spec.columns)
        sql = f"SELECT {names} FROM memory.main.{quoted(spec.name)} ORDER BY rowid"  # noqa: S608 (quoted)
        result = connection.execute(sql)
        tables[spec.name] = [dict(zip(spec.columns, row, strict=True)) for row in result.fetchall()]
    return tables


def plan_restore(path: Path, source: str = "the backup", report: Progress = no_progress) -> RestorePlan:
    """Read and validate the backup file at `path`, touching nothing else. Raises BackupError."""
    try:
        with path.open("rb") as file:
            header = file.read(16)
    except OSError as error:
        raise BackupError(f"This backup cannot be read: {error.strerror or error}.") from error
    if header[8:12] != DUCKDB_MAGIC:
        raise BackupError("This is not a Debrief backup: a backup is a DuckDB database file (.duckdb).")
    report(0.0, "Opening the backup")
    with _attached(path) as connection:
        try:
            applied = _check_history(connection)
            expected = _check_schema(connection, applied)
            _check_size(connection, expected)
            report(0.1, "Reading the backup's tables")
            _rebuild_in_memory(connection, applied, expected)
            rows = _rows(connection)
            identity = connection.execute("SELECT database_id FROM database_identity").fetchall()
            # A backup without its identity row gets a new one (the migration's own default).
            database_id = identity[0][0] if identity else uuid.uuid4()
            grouped_by = question_groups.grouped_by(connection)
        except duckdb.Error as error:
            raise BackupError(f"This database file is damaged: {error_line(error)}") from error
    checked = plan_import({"tables": rows, "grouped_by": grouped_by}, source, report)
    if not checked.ok:
        raise BackupError(
            f"Nothing restored: this backup's rows fail Debrief's checks ({counted_problems(checked)}), "
            f"the first: {checked.problems[0]}.",
            checked,
        )
    return RestorePlan(applied[-1], checked, str(database_id))


def counted_problems(plan: ImportPlan) -> str:
    return f"{len(plan.problems):,} problem{'' if len(plan.problems) == 1 else 's'}"


@contextmanager
def _uploaded(data: bytes, name: str) -> Iterator[Path]:
    """An uploaded backup as a file (DuckDB opens files), in a temporary folder removed afterwards."""
    try:
        with tempfile.TemporaryDirectory(prefix="debrief-upload-") as work:
            path = Path(work) / (Path(name).name or "backup.duckdb")
            path.write_bytes(data)
            yield path
    except OSError as error:
        reason = f"Nothing restored: the upload could not be stored to be checked ({error})."
        raise BackupError(reason) from error


def check_backup(data: bytes, name: str = "backup.duckdb") -> RestorePlan:
    """Validate an uploaded backup without touching the live database."""
    with _uploaded(data, name) as path:
        return plan_restore(path, name)


def _build(path: Path, restored: RestorePlan, live: Store, report: Progress) -> None:
    """A new database file at `path`, made by the migrations, holding the validated rows; its questions
    grouped by the matcher kept beside the `live` database (not trained again in a scratch folder)."""
    matcher = question_groups.matcher_for(live) if restored.plan.rows.get("questions") else None
    fresh = Store(path)
    try:
        apply_import(fresh, restored.plan, report, matcher)
        with fresh.transaction() as cursor:
            cursor.execute(
                "UPDATE database_identity SET database_id = ?, restored_at = current_timestamp",
                [restored.database_id],
            )
    finally:
        fresh.close()


def restore_backup(store: Store, source: Path, report: Progress = no_progress) -> RestoreResult:
    """Replace the live database with a rebuilt, validated copy of the backup at `source`; the replaced
    file is kept as a copy. Raises BackupError (nothing changed) when the backup is refused."""
    restored = plan_restore(source, source.name, report)
    try:
        previous = _put_in_place(store, restored, report)
    except OSError as error:
        raise BackupError(f"Nothing restored: the disk refused ({error}). Your data is as it was.") from error
    # Another Store on this file in this process would keep the replaced file open, and reconnecting
    # would then find the old data: say so rather than pretend the restore took effect.
    counts = table_counts(store)
    if any(counts.get(name) != count for name, count in restored.plan.counts().items()):
        raise BackupError(
            "The backup was put in place, but this Debrief still sees the old data: restart Debrief."
        )
    return RestoreResult(restored, previous)


def _put_in_place(store: Store, restored: RestorePlan, report: Progress) -> Path | None:
    """Build the restored database beside the live one, then swap it in; the replaced file's copy."""
    folder = backup_folder(store.path)
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder, prefix="restoring-") as work:
        candidate = Path(work) / store.path.name
        _build(candidate, restored, store, report)
        report(1.0, "Putting the restored data in place")
        with store.offline() as live:
            previous = keep_copy(live, "before-restore") if live.exists() else None
            stale_log = live.with_name(live.name + ".wal")
            if stale_log.exists():  # belongs to the replaced file; it must not be replayed onto the new one
                if previous is not None:
                    shutil.copyfile(stale_log, previous.with_name(previous.name + ".wal"))
                stale_log.unlink()
            candidate.replace(live)
    return previous


def restore_backup_bytes(
    store: Store, data: bytes, name: str, report: Progress = no_progress
) -> RestoreResult:
    """`restore_backup` of an uploaded file."""
    with _uploaded(data, name) as path:
        return restore_backup(store, path, report)
