"""The one place that talks to DuckDB: connection, cursors, transactions and migrations.

One read-write connection per process, opened lazily; every caller gets its own cursor, because
Streamlit runs each browser session in its own thread and a shared cursor refuses concurrent calls.
Writes are serialised by a lock: saves are small, and one writer at a time keeps them conflict-free.

Nothing in the file is trusted to run: the connection reads no other file from SQL (DuckDB's external
access is off, extensions never load), and views or macros that Debrief's migrations did not make
(say, from a hostile backup adopted by an older Debrief) are dropped when the file is opened.
When the disk fails (full, read-only, the file deleted underneath), a save ends with a plain
`StoreError`, what was saved before stays, and the connection is opened again once the cause is gone.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import threading
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import duckdb
import pandas as pd

from debrief.copies import backup_folder, keep_copy

DEFAULT_DATABASE = Path(__file__).resolve().parent.parent / "data" / "debriefs.duckdb"
_MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")
MAINTENANCE_WAIT_SECONDS = 30
IN_MEMORY = ":memory:"  # a database with no file (tests, scratch work)
# Not user data, so neither exported nor a reason to keep a copy: the migration history belongs to the
# file; so does the record of which matcher grouped the file's questions (a database filled by an
# import has none, and its questions are grouped again once, corrections kept); and so does the file's
# identity (a restore copies it on purpose, an import must not).
BOOKKEEPING_TABLES = frozenset({"schema_version", "question_grouping", "database_identity"})


# How long work reports how far it got: a fraction from 0 to 1 and a line for the user.
Progress = Callable[[float, str], None]


def no_progress(_fraction: float, _message: str) -> None:
    return None


class StoreError(Exception):
    """A storage problem, with a message meant for the user."""


class DatabaseLockedError(StoreError):
    """Another process holds the database file."""


class NewerDatabaseError(StoreError):
    """The file was written by a newer Debrief, whose data format this one does not know."""


class ConflictError(StoreError):
    """The record changed since the caller read it."""


class NotFoundError(StoreError):
    """The record does not exist (any more)."""


class NotWrittenError(StoreError):
    """The disk refused a write (full, read-only, gone); nothing of it was kept, everything before was."""


CONFLICT_MESSAGE = (
    "This debrief was changed in another tab or window after you opened it. Your edits are kept here as "
    "a draft: replace the saved debrief with your version, or discard your changes to see the other ones."
)


def first_row(cursor: duckdb.DuckDBPyConnection, sql: str, parameters=None) -> tuple | None:
    """The first row of a query, with the result fully consumed.

    DuckDB 2 keeps a partly fetched result open and then refuses `register()` on that cursor, so
    `fetchone()` is not used.
    """
    rows = cursor.execute(sql, parameters).fetchall()
    return rows[0] if rows else None


def quoted(identifier: str) -> str:
    """A name from a catalog as an SQL identifier: in double quotes, any double quote doubled."""
    return '"' + identifier.replace('"', '""') + '"'


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


# Every connection: no file but its own reachable from SQL, no extension loaded behind its back.
LOCKED_DOWN = {
    "enable_external_access": False,
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
}
# Grouping by interview (per-interview counts and averages) runs about twice as fast as a perfect hash
# aggregate, which DuckDB only uses for key ranges up to 2^12 by default; 2^20 covers a million
# interview ids for at most a few tens of MB of table while a query runs.
_SETTINGS = {**LOCKED_DOWN, "perfect_ht_threshold": 20, "lock_configuration": True}


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


def newest_known_version() -> int:
    return migrations()[-1][0]


# The catalog and its functions, named with their system schema so that a macro of the same name in the
# file cannot stand in for them.
_OWN_TABLES = (
    "SELECT table_name FROM system.main.duckdb_tables() "
    "WHERE database_name = system.main.current_database() AND schema_name = 'main'"
)
_OWN_VIEWS = (
    "SELECT view_name FROM system.main.duckdb_views() WHERE NOT internal AND NOT temporary "
    "AND database_name = system.main.current_database() AND schema_name = 'main'"
)
_OWN_MACROS = (
    "SELECT DISTINCT function_name, function_type FROM system.main.duckdb_functions() "
    "WHERE function_type IN ('macro', 'table_macro') AND NOT internal "
    "AND database_name = system.main.current_database() AND schema_name = 'main'"
)


@contextmanager
def made_by_migrations(applied: Collection[int] | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """An in-memory database built by the migrations numbered in `applied` (default: all of them)."""
    with duckdb.connect(IN_MEMORY, config=LOCKED_DOWN) as connection:
        for number, script in migrations():
            if applied is None or number in applied:
                connection.execute(script)
        yield connection


@cache
def _objects_made_by_migrations() -> frozenset[str]:
    """The views and macros Debrief's own migrations make (none today), which opening a file keeps."""
    with made_by_migrations() as connection:
        views = [row[0] for row in connection.execute(_OWN_VIEWS).fetchall()]
        macros = [row[0] for row in connection.execute(_OWN_MACROS).fetchall()]
    return frozenset(views + macros)


def _foreign_objects(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """The statements that drop the views and macros of the file that Debrief did not make: they could
    shadow a builtin or, with file access on, read files."""
    views = [row[0] for row in connection.execute(_OWN_VIEWS).fetchall()]
    macros = connection.execute(_OWN_MACROS).fetchall()
    if not views and not macros:
        return []  # the usual case, found without building the migrations' own list
    ours = _objects_made_by_migrations()
    drops = [f"DROP VIEW main.{quoted(name)}" for name in views if name not in ours]
    for name, kind in macros:
        if name not in ours:
            table = "TABLE " if kind == "table_macro" else ""
            drops.append(f"DROP MACRO {table}IF EXISTS main.{quoted(name)}")
    return drops


def _holds_data(connection: duckdb.DuckDBPyConnection) -> bool:
    tables = [row[0] for row in connection.execute(_OWN_TABLES).fetchall()]
    checks = " UNION ALL ".join(
        f"SELECT 1 FROM (SELECT 1 FROM main.{quoted(name)} LIMIT 1)"  # noqa: S608 (quoted catalog names)
        for name in tables
        if name not in BOOKKEEPING_TABLES
    )
    return bool(checks) and first_row(connection, checks) is not None


def database_identity(cursor: duckdb.DuckDBPyConnection) -> str:
    """Which database this is: its id, made when it was created and kept by a restore, followed by the
    time of the last restore. A tab that read data under another identity must not write over it."""
    database_id, restored_at = first_row(cursor, "SELECT database_id, restored_at FROM database_identity")
    return f"{database_id}/{restored_at.isoformat() if restored_at else 'created'}"


def error_line(error: BaseException) -> str:
    """The first line of an error's message, for a one-line reason."""
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def _is_fatal(error: BaseException) -> bool:
    """Whether DuckDB gave up on the open database (it must be opened again before any other use)."""
    return isinstance(error, duckdb.FatalException) or "invalidated" in str(error)


_DISK_FAILURES = (duckdb.IOException, duckdb.FatalException, duckdb.PermissionException)


def _is_disk_failure(error: BaseException) -> bool:
    """Whether the disk refused a write; a transaction conflict or a bug is none of these."""
    if isinstance(error, duckdb.TransactionException):  # a commit the disk refused says it wrote nothing
        return "Could not write" in str(error) or _is_read_only_failure(error)
    return isinstance(error, _DISK_FAILURES) or "read-only mode" in str(error)


def _is_read_only_failure(error: BaseException) -> bool:
    text = str(error)
    return "Read-only file system" in text or "Permission denied" in text or "read-only mode" in text


class Store:
    """A DuckDB database file, migrated to the current schema on first use.

    A file the disk will not let Debrief write is opened for reading only, and `read_only_reason` says
    why; each save then tries to open it for writing again, so the app recovers by itself once the file
    is writable.
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.read_only_reason: str | None = None
        # Guards opening and closing the connection, and counts the cursors in use (see `offline`).
        self._open_lock = threading.Condition(threading.RLock())
        self._cursors_open = 0
        self._write_lock = threading.RLock()
        self._connection: duckdb.DuckDBPyConnection | None = None
        self._file_identity: tuple[int, int] | None = None
        # Write transactions committed by this store: reading a page must leave it unchanged.
        self.writes = 0

    # --- opening -------------------------------------------------------------------------------

    def _connect(self) -> duckdb.DuckDBPyConnection:
        with self._open_lock:
            if self._connection is None:
                connection = self._open_file()
                try:
                    if self.read_only_reason:
                        self._check_readable(connection)
                    else:
                        self._migrate(connection)
                except BaseException as error:
                    connection.close()
                    if isinstance(error, duckdb.Error):
                        raise StoreError(
                            f"Could not upgrade {self.path} to this version of Debrief "
                            f"({error_line(error)}). The file was left as it was."
                        ) from error
                    raise
                self._connection = connection
                self._file_identity = self._identity_of_file()
            return self._connection

    def _open_file(self) -> duckdb.DuckDBPyConnection:
        with contextlib.suppress(OSError):  # a read-only folder: opening the file says more
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            return duckdb.connect(str(self.path), config=_SETTINGS)
        except duckdb.IOException as error:
            if "lock" in str(error).lower():
                raise DatabaseLockedError(
                    f"The database file {self.path} is in use by another program "
                    "(probably another Debrief window). Close that one first, or point "
                    "DEBRIEF_DB at a different file."
                ) from error
            if self.path.is_file() and _is_read_only_failure(error):
                return self._open_read_only_instead(error)
            raise StoreError(f"Could not open the database file {self.path}: {error_line(error)}") from error
        except duckdb.Error as error:
            raise StoreError(
                f"The file {self.path} is not a Debrief database DuckDB can read: {error_line(error)}"
            ) from error

    def _open_read_only_instead(self, error: duckdb.Error) -> duckdb.DuckDBPyConnection:
        try:
            connection = duckdb.connect(str(self.path), read_only=True, config=_SETTINGS)
        except duckdb.Error:
            raise StoreError(f"Could not open the database file {self.path}: {error_line(error)}") from error
        self.read_only_reason = (
            f"Debrief cannot write to {self.path} ({error_line(error)}), so it only shows your data: "
            "nothing can be saved until the file and its folder are writable again."
        )
        return connection

    def _check_readable(self, connection: duckdb.DuckDBPyConnection) -> None:
        applied = {row[0] for row in connection.execute("SELECT version FROM schema_version").fetchall()}
        self._refuse_newer(applied)
        if any(version not in applied for version, _ in migrations()) or _foreign_objects(connection):
            raise StoreError(
                f"{self.path} needs an upgrade to this version of Debrief (or views and macros removed that "
                "Debrief did not make), which needs to write to it: open it once with write access."
            )

    def _refuse_newer(self, applied: set[int]) -> None:
        if applied and max(applied) > newest_known_version():
            raise NewerDatabaseError(
                f"{self.path} was written by a newer Debrief (data format {max(applied)}; this one knows up "
                f"to {newest_known_version()}). Update Debrief to open it."
            )

    def _migrate(self, connection: duckdb.DuckDBPyConnection) -> None:
        connection.execute(
            "CREATE TABLE IF NOT EXISTS schema_version ("
            " version INTEGER PRIMARY KEY,"
            " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
        )
        applied = {row[0] for row in connection.execute("SELECT version FROM schema_version").fetchall()}
        self._refuse_newer(applied)
        if applied:  # a file Debrief made: nothing but its own views and macros may run in it
            for drop in _foreign_objects(connection):
                connection.execute(drop)
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
            keep_copy(self.path, f"before-migration-to-v{target}")
        except OSError as error:
            raise StoreError(
                f"Debrief needs to upgrade {self.path} but could not first make a backup copy of it in "
                f"{backup_folder(self.path)} ({error}); nothing was changed."
            ) from error

    def _identity_of_file(self) -> tuple[int, int] | None:
        try:
            status = self.path.stat()
        except OSError:
            return None
        return status.st_dev, status.st_ino

    def _drop_connection(self) -> None:
        """Forget the open connection (after DuckDB gave up on it, say): the next use opens the file again."""
        with self._open_lock:
            if self._connection is not None:
                # An invalidated database may refuse even to close; it is let go all the same.
                with contextlib.suppress(duckdb.Error):
                    self._connection.close()
                self._connection = None

    # --- reading ---------------------------------------------------------------------------------

    def schema_version(self) -> int:
        with self.cursor() as cursor:
            return first_row(cursor, "SELECT max(version) FROM schema_version")[0]

    def identity(self) -> str:
        """Which database this is (see `database_identity`)."""
        with self.cursor() as cursor:
            return database_identity(cursor)

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
        except duckdb.Error as error:
            if not _is_fatal(error):
                raise
            self._drop_connection()
            raise StoreError(
                f"Debrief lost hold of {self.path} ({error_line(error)}). Nothing saved was lost; "
                "reload the page to open it again."
            ) from error
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

    # --- writing ---------------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor inside one transaction: everything done with it commits together or not at all.

        A write the disk refuses ends in `NotWrittenError` with a plain message; what was committed
        before stays, and the connection is opened again if DuckDB gave up on it.
        """
        with self._write_lock:
            self._ready_to_write()
            try:
                with self.cursor() as cursor:
                    cursor.execute("BEGIN TRANSACTION")
                    try:
                        yield cursor
                    except BaseException:
                        cursor.execute("ROLLBACK")
                        raise
                    cursor.execute("COMMIT")
            except StoreError as error:
                if isinstance(error.__cause__, duckdb.Error) and _is_fatal(error.__cause__):
                    raise self._not_written(error.__cause__) from error.__cause__
                raise
            except duckdb.Error as error:
                if not _is_disk_failure(error):
                    raise
                raise self._not_written(error) from error
            self.writes += 1

    def _not_written(self, error: duckdb.Error | OSError, outcome: str = "Not saved") -> NotWrittenError:
        if isinstance(error, duckdb.Error) and _is_fatal(error):
            self._drop_connection()
        text = str(error)
        if "No space left" in text or getattr(error, "errno", None) == errno.ENOSPC:
            reason = f"the disk holding {self.path.parent} is full. Free some space and try again"
        elif _is_read_only_failure(error):
            reason = f"{self.path} cannot be written (it or its folder is read-only). Make it writable"
        else:
            reason = f"writing {self.path} failed ({error_line(error)}). Try again in a moment"
        return NotWrittenError(f"{outcome}: {reason}; everything saved before is safe.")

    def _ready_to_write(self) -> None:
        """Before a write: the file must be writable and still the one that is open (see `_file_moved`)."""
        if self.read_only_reason is not None:
            if not (os.access(self.path, os.W_OK) and os.access(self.path.parent, os.W_OK)):
                raise NotWrittenError(f"Not saved: {self.read_only_reason}")
            self._reopen()  # writable again: open it for writing, once the readers of other tabs are done
            self.read_only_reason = None
            self._connect()  # falls back to reading only, with the reason, if still not writable
            if self.read_only_reason is not None:
                raise NotWrittenError(f"Not saved: {self.read_only_reason}")
        if self._connection is not None and self._identity_of_file() != self._file_identity:
            self._file_moved()

    def _reopen(self) -> None:
        """Close the connection once no other caller reads through it; the next use opens the file."""
        with self._open_lock:
            self._wait_for_readers()
            self._drop_connection()

    def _wait_for_readers(self) -> None:
        """With the open lock held: wait until no cursor is in use (closing the connection kills them)."""
        if not self._open_lock.wait_for(lambda: self._cursors_open == 0, MAINTENANCE_WAIT_SECONDS):
            raise NotWrittenError("The database is busy in another tab; try again in a moment.")

    def _file_moved(self) -> None:
        """The open file was deleted or replaced underneath Debrief. A deleted one is put back from what
        is still open (on Linux), so nothing saved is lost; either way the file at the path is opened
        again and this write is refused with the reason, for the user to check and save again."""
        deleted = not self.path.exists()
        if deleted:
            if not self._put_back_deleted_file():
                # The connection stays: it is the only copy left, and reading (an export) still works.
                raise NotWrittenError(
                    f"Not saved: {self.path} was deleted while Debrief was running, and Debrief could not "
                    "put it back. Export your data now from the Data page, then restart Debrief."
                )
            self._reopen()
            raise NotWrittenError(
                f"Not saved: {self.path} was deleted while Debrief was running. Debrief put it back with "
                "everything saved until then; save again."
            )
        self._reopen()
        raise NotWrittenError(
            f"Not saved: {self.path} was replaced while Debrief was running. Debrief now uses the new file; "
            "check your debrief, then save again."
        )

    def _put_back_deleted_file(self) -> bool:
        """Copy the deleted database file back from the descriptor DuckDB still holds open (on Linux):
        whole, under a temporary name first, so that a copy cut short never takes the file's place."""
        with self.cursor() as cursor:
            cursor.execute("CHECKPOINT")  # the open file then holds every committed row
        descriptors = Path("/proc/self/fd")
        if not descriptors.is_dir():
            return False
        wanted = f"{self.path.resolve(strict=False)} (deleted)"
        partial = self.path.with_name(f"{self.path.name}.{os.getpid()}.restoring")
        for entry in descriptors.iterdir():
            try:
                if str(entry.readlink()) != wanted:
                    continue
                with entry.open("rb") as source, partial.open("wb") as target:
                    shutil.copyfileobj(source, target, 1 << 20)
                    target.flush()
                    os.fsync(target.fileno())
                partial.replace(self.path)
                return True
            except OSError:
                partial.unlink(missing_ok=True)
        return False

    def keep_copy(self, reason: str) -> Path | None:
        """Keep a copy of the file as it is now, in the backups folder (if it holds any data)."""
        if str(self.path) == IN_MEMORY:
            return None
        with self._write_lock:
            try:
                with self.cursor() as cursor:
                    if not _holds_data(cursor):
                        return None
                    cursor.execute("CHECKPOINT")  # the file alone then holds every committed row
                return keep_copy(self.path, reason)
            except StoreError as error:
                if not isinstance(error.__cause__, duckdb.Error):
                    raise
                raise self._not_written(error.__cause__, "Nothing changed") from error
            except duckdb.Error as error:
                raise self._not_written(error, "Nothing changed") from error
            except OSError as error:
                raise NotWrittenError(
                    f"Nothing changed: Debrief could not first keep a copy of your data in "
                    f"{backup_folder(self.path)} ({error.strerror or error})."
                ) from error

    @contextmanager
    def offline(self) -> Iterator[Path]:
        """The database file closed, with nobody reading, writing or reopening it meanwhile.

        For copying or replacing the file (backup, restore). The next cursor reopens and migrates it.
        Do not call it while holding a cursor of this store. (DuckDB shares one open database per file
        within a process, so another Store on the same file would keep it open: the app has one.)
        """
        with self._write_lock, self._open_lock:
            self._wait_for_readers()
            self._drop_connection()
            yield self.path

    def close(self) -> None:
        self._drop_connection()
