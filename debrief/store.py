"""The one place that talks to DuckDB: connection, cursors, transactions and migrations.

One read-write connection per process, opened lazily; every caller gets its own cursor, because
Streamlit runs each browser session in its own thread and a shared cursor refuses concurrent calls.
Writes are serialised by a lock: saves are small, and one writer at a time keeps them conflict-free.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import duckdb
import pandas as pd

DEFAULT_DATABASE = Path(__file__).resolve().parent.parent / "data" / "debriefs.duckdb"
_MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")
BACKUPS_KEPT = 5
MAINTENANCE_WAIT_SECONDS = 30


# How long work reports how far it got: a fraction from 0 to 1 and a line for the user.
Progress = Callable[[float, str], None]


def no_progress(_fraction: float, _message: str) -> None:
    return None


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


@dataclass(frozen=True)
class RowsPage:
    """At most a page of a query's rows (interviews found, items behind a chart mark); `total` says
    how many there are in all."""

    rows: pd.DataFrame
    total: int

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> RowsPage:
        """From a query result whose `total` column holds the full count (`count(*) OVER ()`)."""
        total = int(frame["total"].iloc[0]) if len(frame) else 0
        return cls(frame.drop(columns="total"), total)


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


def backup_folder(database: Path) -> Path:
    """Where backup copies of a database file go: a `backups` folder next to it."""
    return database.parent / "backups"


def keep_backup_copy(database: Path, reason: str) -> Path:
    """Copy a database file (closed, or checkpointed with writes held) into its backups folder.

    Named `<name>.<timestamp>.<reason>.duckdb`; only the newest BACKUPS_KEPT copies of each database
    are kept.
    """
    folder = backup_folder(database)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    copy = folder / f"{database.stem}.{stamp}.{reason}{database.suffix}"
    shutil.copyfile(database, copy)
    for old in backup_copies(database)[:-BACKUPS_KEPT]:
        old.unlink(missing_ok=True)
    return copy


def backup_copies(database: Path) -> list[Path]:
    """The backup copies of a database file, oldest first."""
    name = re.compile(
        rf"^{re.escape(database.stem)}\.\d{{8}}-\d{{6}}-\d{{6}}\.[a-z0-9-]+{re.escape(database.suffix)}$"
    )
    folder = backup_folder(database)
    return sorted(path for path in folder.glob(f"{database.stem}.*") if name.match(path.name))


def _holds_data(connection: duckdb.DuckDBPyConnection) -> bool:
    tables = [row[0] for row in connection.execute("SELECT table_name FROM duckdb_tables()").fetchall()]
    # Table names from DuckDB's own catalog, quoted; no values.
    checks = " UNION ALL ".join(
        f'SELECT 1 FROM (SELECT 1 FROM "{name}" LIMIT 1)'  # noqa: S608
        for name in tables
        if name != "schema_version"
    )
    return bool(checks) and first_row(connection, checks) is not None


class Store:
    """A DuckDB database file, migrated to the current schema on first use."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        # Guards opening and closing the connection, and counts the cursors in use (see `offline`).
        self._open_lock = threading.Condition(threading.RLock())
        self._cursors_open = 0
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
                try:
                    self._migrate(connection)
                except BaseException as error:
                    connection.close()
                    if isinstance(error, duckdb.Error):
                        raise StoreError(
                            f"Could not upgrade {self.path} to this version of Debrief ({error}). The file "
                            "was left as it was."
                        ) from error
                    raise
                self._connection = connection
            return self._connection

    def _migrate(self, connection: duckdb.DuckDBPyConnection) -> None:
        connection.execute(
            "CREATE TABLE IF NOT EXISTS schema_version ("
            " version INTEGER PRIMARY KEY,"
            " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
        )
        applied = {row[0] for row in connection.execute("SELECT version FROM schema_version").fetchall()}
        # Every migration not yet applied, not only those above the highest: branches holding reserved
        # numbers may land out of order, and a database made in between must still get the lower one.
        pending = [(version, script) for version, script in migrations() if version not in applied]
        if pending and applied and _holds_data(connection):
            self._backup_before_migration(connection, pending[-1][0])
        for version, script in pending:
            connection.execute("BEGIN TRANSACTION")
            try:
                connection.execute(script)
                connection.execute("INSERT INTO schema_version (version) VALUES (?)", [version])
                connection.execute("COMMIT")
            except duckdb.Error:
                connection.execute("ROLLBACK")
                raise

    def _backup_before_migration(self, connection: duckdb.DuckDBPyConnection, target: int) -> None:
        connection.execute("CHECKPOINT")  # the file alone then holds every committed row
        try:
            keep_backup_copy(self.path, f"before-migration-to-v{target}")
        except OSError as error:
            raise StoreError(
                f"Debrief needs to upgrade {self.path} but could not first make a backup copy of it in "
                f"{backup_folder(self.path)} ({error}); nothing was changed."
            ) from error

    def schema_version(self) -> int:
        with self.cursor() as cursor:
            return first_row(cursor, "SELECT max(version) FROM schema_version")[0]

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor of its own for one caller, closed afterwards. For reads."""
        with self._open_lock:
            connection = self._connect()
            self._cursors_open += 1
        try:
            cursor = connection.cursor()
            try:
                yield cursor
            finally:
                cursor.close()
        finally:
            with self._open_lock:
                self._cursors_open -= 1
                self._open_lock.notify_all()

    @contextmanager
    def snapshot(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor for several reads that must agree: they all see the data as it was at the start,
        whatever other tabs save meanwhile."""
        with self.cursor() as cursor:
            cursor.execute("BEGIN TRANSACTION")
            try:
                yield cursor
            finally:
                cursor.execute("ROLLBACK")

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

    @contextmanager
    def offline(self) -> Iterator[Path]:
        """The database file closed, with nobody reading, writing or reopening it meanwhile.

        For copying or replacing the file (backup, restore). The next cursor reopens and migrates it.
        Do not call it while holding a cursor of this store. (DuckDB shares one open database per file
        within a process, so another Store on the same file would keep it open: the app has one.)
        """
        with self._write_lock, self._open_lock:
            if not self._open_lock.wait_for(lambda: self._cursors_open == 0, MAINTENANCE_WAIT_SECONDS):
                raise StoreError("The database is busy in another tab; try again in a moment.")
            if self._connection is not None:
                self._connection.close()
                self._connection = None
            yield self.path

    def close(self) -> None:
        with self._open_lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None
