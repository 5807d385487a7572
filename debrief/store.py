"""The one place that talks to DuckDB: connection, cursors, transactions and migrations.

One read-write connection per process, opened lazily; every caller gets its own cursor, because
Streamlit runs each browser session in its own thread and a shared cursor refuses concurrent calls.
Writes are serialised by a lock: saves are small, and one writer at a time keeps them conflict-free.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import duckdb

DEFAULT_DATABASE = Path(__file__).resolve().parent.parent / "data" / "debriefs.duckdb"
_MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")


class StoreError(Exception):
    """A storage problem, with a message meant for the user."""


class DatabaseLockedError(StoreError):
    """Another process holds the database file."""


class ConflictError(StoreError):
    """The record changed since the caller read it."""


class NotFoundError(StoreError):
    """The record does not exist (any more)."""


def first_row(cursor: duckdb.DuckDBPyConnection, sql: str, parameters=None) -> tuple | None:
    """The first row of a query, with the result fully consumed.

    DuckDB 2 keeps a partly fetched result open and then refuses `register()` on that cursor, so
    `fetchone()` is not used.
    """
    rows = cursor.execute(sql, parameters).fetchall()
    return rows[0] if rows else None


# Grouping by interview (per-interview counts and averages) runs about twice as fast as a perfect hash
# aggregate, which DuckDB only uses for key ranges up to 2^12 by default; 2^20 covers a million
# interview ids for at most a few tens of MB of table while a query runs.
_SETTINGS = {"perfect_ht_threshold": 20}


def database_path() -> Path:
    """The database file the app uses: `DEBRIEF_DB` if set, else data/debriefs.duckdb."""
    return Path(os.environ.get("DEBRIEF_DB") or DEFAULT_DATABASE)


def migrations() -> list[tuple[int, str]]:
    """The numbered schema migrations shipped with the package, in order."""
    found = []
    for entry in resources.files("debrief.migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.read_text(encoding="utf-8")))
    return sorted(found)


class Store:
    """A DuckDB database file, migrated to the current schema on first use."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._open_lock = threading.Lock()
        self._write_lock = threading.RLock()
        self._connection: duckdb.DuckDBPyConnection | None = None

    def _connect(self) -> duckdb.DuckDBPyConnection:
        with self._open_lock:
            if self._connection is None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                try:
                    connection = duckdb.connect(str(self.path), config=_SETTINGS)
                except duckdb.IOException as error:
                    if "lock" in str(error).lower():
                        raise DatabaseLockedError(
                            f"The database file {self.path} is in use by another program "
                            "(probably another Debrief window). Close that one first, or point "
                            "DEBRIEF_DB at a different file."
                        ) from error
                    raise StoreError(f"Could not open the database file {self.path}: {error}") from error
                except duckdb.Error as error:
                    raise StoreError(
                        f"The file {self.path} is not a Debrief database DuckDB can read: {error}"
                    ) from error
                self._migrate(connection)
                self._connection = connection
            return self._connection

    def _migrate(self, connection: duckdb.DuckDBPyConnection) -> None:
        connection.execute(
            "CREATE TABLE IF NOT EXISTS schema_version ("
            " version INTEGER PRIMARY KEY,"
            " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
        )
        # Every migration not yet applied, not just those above the highest: a file may have been
        # migrated by a build that had a later migration but not an earlier one.
        applied = {row[0] for row in connection.execute("SELECT version FROM schema_version").fetchall()}
        for version, script in migrations():
            if version in applied:
                continue
            connection.execute("BEGIN TRANSACTION")
            try:
                connection.execute(script)
                connection.execute("INSERT INTO schema_version (version) VALUES (?)", [version])
                connection.execute("COMMIT")
            except duckdb.Error:
                connection.execute("ROLLBACK")
                raise

    def schema_version(self) -> int:
        with self.cursor() as cursor:
            return first_row(cursor, "SELECT max(version) FROM schema_version")[0]

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor of its own for one caller, closed afterwards. For reads."""
        cursor = self._connect().cursor()
        try:
            yield cursor
        finally:
            cursor.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor inside one transaction: everything done with it commits together or not at all."""
        with self._write_lock, self.cursor() as cursor:
            cursor.execute("BEGIN TRANSACTION")
            try:
                yield cursor
            except BaseException:
                cursor.execute("ROLLBACK")
                raise
            cursor.execute("COMMIT")

    def close(self) -> None:
        with self._open_lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None
