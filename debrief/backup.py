"""Backups of the database file: a consistent copy to download, and a restore that validates first.

A backup is the DuckDB file itself, copied while the store is closed and nobody can write (so every
committed row is in it, and nothing half-written). A restore checks that the file is a Debrief database
of a known schema version with the tables and columns that version has, upgrades it in a scratch
folder, and only then swaps it in; the file it replaces is kept in the backups folder.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb

from debrief.store import Store, StoreError, backup_folder, keep_backup_copy, migrations
from debrief.tables import describe_counts
from debrief.transfer import count_rows, table_counts

DUCKDB_MAGIC = b"DUCK"
_COLUMNS_SQL = (
    "SELECT table_name, column_name, data_type FROM duckdb_columns() "
    "WHERE NOT internal AND table_name <> 'schema_version' ORDER BY table_name, column_index"
)


class BackupError(StoreError):
    """The file cannot be restored; the message says why in plain words."""


@dataclass(frozen=True)
class BackupSummary:
    schema_version: int
    counts: dict[str, int]  # rows per table

    def describe(self) -> str:
        counted = describe_counts(self.counts)
        return f"A Debrief database (data format {self.schema_version}) with {counted or 'no data yet'}."


@dataclass(frozen=True)
class RestoreResult:
    summary: BackupSummary
    previous_copy: Path | None


def backup_file_name(today: dt.date | None = None) -> str:
    return f"debrief-backup-{(today or dt.date.today()).isoformat()}.duckdb"


def backup_bytes(store: Store) -> bytes:
    """The database file as it is now, every committed row included."""
    store.schema_version()  # creates the file if it does not exist yet
    with store.offline() as path:
        return path.read_bytes()


@cache
def _schema_after(applied: tuple[int, ...]) -> dict[str, list[tuple[str, str]]]:
    """Table -> (column, type) of a database built by the migrations numbered in `applied`."""
    with duckdb.connect(":memory:") as connection:
        for number, script in migrations():
            if number in applied:
                connection.execute(script)
        return table_columns(connection)


def table_columns(connection: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str]]]:
    """Table -> (column, type) of the database's own tables, schema_version left out."""
    schema: dict[str, list[tuple[str, str]]] = {}
    for table, column, kind in connection.execute(_COLUMNS_SQL).fetchall():
        schema.setdefault(table, []).append((column, kind))
    return schema


def _check_history(connection: duckdb.DuckDBPyConnection) -> tuple[int, ...]:
    """The migrations applied to the database, if Debrief knows them all."""
    tables = {row[0] for row in connection.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    if "schema_version" not in tables:
        raise BackupError("This database was not made by Debrief (it has no schema version table).")
    rows = connection.execute("SELECT version FROM schema_version ORDER BY version").fetchall()
    applied = tuple(row[0] for row in rows)
    known = [number for number, _ in migrations()]
    if not applied:
        raise BackupError("This database was not made by Debrief (its schema version is empty).")
    if applied[-1] > known[-1]:
        raise BackupError(
            f"This backup comes from a newer Debrief (data format {applied[-1]}; this one knows up to "
            f"{known[-1]}). Update Debrief first."
        )
    unknown = sorted(set(applied) - set(known))
    if unknown:
        raise BackupError(f"This database has schema changes this Debrief does not know ({unknown}).")
    return applied


def _check_schema(connection: duckdb.DuckDBPyConnection, applied: tuple[int, ...]) -> None:
    expected, found = _schema_after(applied), table_columns(connection)
    for table, columns in expected.items():
        if table not in found:
            raise BackupError(f"This database is damaged or not from Debrief: the table {table} is missing.")
        if found[table] != columns:
            raise BackupError(
                f"This database is damaged or not from Debrief: the table {table} does not have the "
                f"columns of data format {applied[-1]}."
            )


def inspect_backup(path: Path) -> BackupSummary:
    """Check that `path` is a Debrief database of a known schema version; what it holds."""
    with path.open("rb") as file:
        header = file.read(16)
    if header[8:12] != DUCKDB_MAGIC:
        raise BackupError("This is not a Debrief backup: a backup is a DuckDB database file (.duckdb).")
    try:
        connection = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as error:
        raise BackupError(f"This database file cannot be opened: {error}") from error
    try:
        applied = _check_history(connection)
        _check_schema(connection, applied)
        counts = count_rows(connection, _schema_after(applied))
    except duckdb.Error as error:
        raise BackupError(f"This database file is damaged: {error}") from error
    finally:
        connection.close()
    return BackupSummary(applied[-1], counts)


def _upgrade(path: Path) -> None:
    candidate = Store(path)
    try:
        candidate.schema_version()
    except (StoreError, duckdb.Error) as error:
        raise BackupError(f"This backup could not be upgraded to the current data format: {error}") from error
    finally:
        candidate.close()


def check_backup(data: bytes) -> BackupSummary:
    """Validate an uploaded backup without touching the live database."""
    with tempfile.TemporaryDirectory(prefix="debrief-check-") as work:
        candidate = Path(work) / "candidate.duckdb"
        candidate.write_bytes(data)
        return inspect_backup(candidate)


def restore_backup(store: Store, data: bytes) -> RestoreResult:
    """Replace the live database with a validated, upgraded backup; the replaced file is kept."""
    folder = backup_folder(store.path)
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder, prefix="restoring-") as work:
        candidate = Path(work) / store.path.name
        candidate.write_bytes(data)
        summary = inspect_backup(candidate)
        _upgrade(candidate)
        with store.offline() as live:
            previous = keep_backup_copy(live, "before-restore") if live.exists() else None
            stale_log = live.with_name(live.name + ".wal")
            if stale_log.exists():  # belongs to the replaced file; it must not be replayed onto the new one
                if previous is not None:
                    shutil.copyfile(stale_log, previous.with_name(previous.name + ".wal"))
                stale_log.unlink()
            candidate.replace(live)
    # Another Store on this file in this process would keep the replaced file open, and reconnecting
    # would then find the old data: say so rather than pretend the restore took effect.
    counts = table_counts(store)
    if any(counts.get(name) != count for name, count in summary.counts.items()):
        raise BackupError(
            "The backup was put in place, but this Debrief still sees the old data: restart Debrief."
        )
    return RestoreResult(summary, previous)
