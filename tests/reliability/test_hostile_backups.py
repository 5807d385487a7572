"""Guarantee: a backup file brings no code and no bad rows into Debrief. Each hostile file is refused or
cleaned with a one-line reason, and the live data is unchanged until a clean rebuild replaces it."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest

from debrief import repository
from debrief.backup import BackupError, backup_bytes, restore_backup
from debrief.cli import main
from debrief.copies import kept_copies
from debrief.store import CONFLICT_MESSAGE, ConflictError, Store, newest_known_version
from debrief.transfer import read_tables
from tests.conftest import backup_with, make_debrief, with_extra_migration

SECRET = "the contents of a private file"


@pytest.fixture
def live(tmp_path) -> Store:
    """The user's database, with one debrief of their own."""
    store = Store(tmp_path / "live" / "debriefs.duckdb")
    repository.insert_debrief(store, make_debrief("Mine"))
    yield store
    store.close()


@pytest.fixture
def private_file(tmp_path) -> Path:
    path = tmp_path / "private.txt"
    path.write_text(SECRET)
    return path


def live_file_with(tmp_path: Path, *statements: str) -> Path:
    """A database file of Debrief's with one debrief, then `statements` run on it by another program."""
    path = tmp_path / "debriefs.duckdb"
    store = Store(path)
    repository.insert_debrief(store, make_debrief("Acme"))
    store.close()
    connection = duckdb.connect(str(path))
    for statement in statements:
        connection.execute(statement)
    connection.close()
    return path


def _refused(live: Store, backup: Path, reason: str) -> str:
    before = read_tables(live)
    with pytest.raises(BackupError, match=reason) as refusal:
        restore_backup(live, backup)
    assert read_tables(live) == before
    assert "\n" not in str(refusal.value)
    return str(refusal.value)


def test_a_macro_overriding_a_builtin_is_never_adopted(tmp_path, live, private_file):
    backup = backup_with(
        tmp_path,
        "CREATE MACRO lower(x) AS 'planted'",
        "CREATE MACRO concat_ws(a, b, c, d, e, f, g) AS 'planted'",
        f"CREATE MACRO leak() AS TABLE SELECT * FROM read_text('{private_file}')",
    )
    restore_backup(live, backup)
    # Search uses lower-casing and concat_ws: it still finds the restored debrief by any word.
    assert repository.search_interviews(live, "acme").total == 1
    with live.cursor() as cursor:
        assert cursor.execute("SELECT lower('ABC')").fetchall() == [("abc",)]
        macros = cursor.execute(
            "SELECT function_name FROM duckdb_functions() WHERE database_name = current_database() "
            "AND function_type IN ('macro', 'table_macro') AND NOT internal"
        ).fetchall()
    assert macros == []


def test_the_live_connection_reads_no_file_from_sql(live, private_file):
    with live.cursor() as cursor, pytest.raises(duckdb.PermissionException):
        cursor.execute(f"SELECT * FROM read_text('{private_file}')").fetchall()
    with live.cursor() as cursor, pytest.raises(duckdb.Error):
        cursor.execute("SET enable_external_access = true")


def test_macros_and_views_adopted_by_an_older_debrief_are_dropped_when_the_file_opens(tmp_path, private_file):
    path = live_file_with(
        tmp_path,
        "CREATE MACRO current_database() AS 'elsewhere'",  # would hide every view and macro from the sweep
        "CREATE MACRO lower(x) AS 'planted'",
        "CREATE MACRO duckdb_tables() AS TABLE SELECT 'evil' AS table_name",
        f"CREATE VIEW leak AS SELECT * FROM read_text('{private_file}')",
    )
    reopened = Store(path)
    assert repository.search_interviews(reopened, "ACME").total == 1
    with reopened.cursor() as cursor:
        assert cursor.execute("SELECT lower('ABC')").fetchall() == [("abc",)]
        assert cursor.execute("SELECT count(*) FROM duckdb_views() WHERE NOT internal").fetchall() == [(0,)]
    reopened.close()


def test_a_view_in_place_of_a_table_is_refused_without_running_it(tmp_path, live, private_file):
    backup = backup_with(
        tmp_path,
        "DROP TABLE settings",
        f"CREATE VIEW settings AS SELECT 'k' AS key, content AS value FROM read_text('{private_file}')",
    )
    message = _refused(live, backup, "settings is missing or not a table")
    assert SECRET not in message


def test_an_injecting_table_name_is_left_unread(tmp_path, live):
    evil = "x\" UNION ALL SELECT 1 FROM (SELECT error('injected')) --"
    backup = backup_with(tmp_path, f'CREATE TABLE "{evil.replace(chr(34), chr(34) * 2)}" (a INTEGER)')
    restore_backup(live, backup)
    with live.cursor() as cursor:
        tables = {row[0] for row in cursor.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert evil not in tables
    assert repository.search_interviews(live, "Acme").total == 1


def test_an_injecting_table_name_in_the_live_file_does_not_break_an_upgrade(tmp_path, monkeypatch):
    path = live_file_with(
        tmp_path, 'CREATE TABLE "a"" LIMIT 0) UNION ALL SELECT error(\'injected\') --" (x INTEGER)'
    )
    shipped = newest_known_version()
    with_extra_migration(monkeypatch)
    upgraded = Store(path)
    assert upgraded.schema_version() == shipped + 1  # the upgrade check ran over the odd name, quoted
    assert len(kept_copies(path)) == 1
    upgraded.close()


@pytest.mark.parametrize(
    ("statement", "where"),
    [
        ("UPDATE questions SET category = 'Astrology' WHERE position = 0", "questions, row 1, category"),
        ("UPDATE interviews SET company = ''", "interviews, row 1, company"),
        (
            "INSERT INTO contacts (interview_id, position, name, email) "
            "VALUES (1, 0, 'Eve', 'not an address')",
            "contacts, row 1, email",
        ),
        ("UPDATE reflections SET position = -5 WHERE id = 1", "reflections, row 1, position"),
    ],
)
def test_rows_the_app_would_refuse_are_reported_by_table_row_and_column(tmp_path, live, statement, where):
    backup = backup_with(tmp_path, statement)
    before = read_tables(live)
    with pytest.raises(BackupError, match="fail Debrief's checks") as refusal:
        restore_backup(live, backup)
    assert where in str(refusal.value)
    assert any(str(problem).startswith(where) for problem in refusal.value.plan.problems)
    assert read_tables(live) == before


def test_a_backup_from_a_newer_debrief_is_refused(tmp_path, live):
    backup = backup_with(
        tmp_path, f"INSERT INTO schema_version (version) VALUES ({newest_known_version() + 1})"
    )
    _refused(live, backup, "newer Debrief")


@pytest.mark.parametrize("size", [0, 16, 4096, 300_000])
def test_random_bytes_are_refused(tmp_path, live, size):
    backup = tmp_path / "random.duckdb"
    backup.write_bytes(os.urandom(size))
    _refused(live, backup, "not a Debrief backup")


def test_random_bytes_behind_a_duckdb_header_are_refused(tmp_path, live):
    real = backup_with(tmp_path).read_bytes()
    backup = tmp_path / "damaged.duckdb"
    backup.write_bytes(real[:4096] + os.urandom(len(real) - 4096))
    _refused(live, backup, "cannot be opened|damaged")


def test_a_file_unpacking_to_millions_of_rows_is_refused_before_it_is_read(tmp_path, live):
    backup = backup_with(
        tmp_path,
        "DROP TABLE settings",
        "CREATE TABLE settings (key VARCHAR, value VARCHAR)",  # its key no longer unique
        "INSERT INTO settings SELECT 'key', '' FROM range(6000000)",
    )
    assert backup.stat().st_size < 12_000_000  # a small upload
    _refused(live, backup, "more than a restore takes")


def test_a_clean_backup_restores_with_its_identity_and_refuses_a_stale_tab(tmp_path, live):
    """A tab that opened debrief 1 before the restore must not write over the restored debrief 1."""
    opened = repository.get_debrief(live, 1)
    identity_before = live.identity()
    restore_backup(live, backup_with(tmp_path, companies=("Restored Ltd",)))
    assert repository.get_debrief(live, 1).company == "Restored Ltd"
    assert repository.get_debrief(live, 1).version == opened.version  # same id, same version
    assert live.identity() != identity_before
    with pytest.raises(ConflictError, match="changed in another tab"):
        repository.update_debrief(
            live, opened.model_copy(update={"notes": "stale"}), identity=identity_before
        )
    assert repository.get_debrief(live, 1).company == "Restored Ltd"
    assert CONFLICT_MESSAGE.startswith("This debrief was changed in another tab")


def test_the_identity_is_kept_by_a_restore_and_not_by_an_import(tmp_path, live):
    source = Store(tmp_path / "source.duckdb")
    repository.insert_debrief(source, make_debrief("Source"))
    source_id = source.identity().split("/")[0]
    data = backup_bytes(source)
    source.close()
    backup = tmp_path / "backup.duckdb"
    backup.write_bytes(data)
    restore_backup(live, backup)
    assert live.identity().split("/")[0] == source_id


def test_the_command_line_restores_and_refuses_in_one_line(tmp_path, live, capsys):
    database = live.path
    live.close()
    good = backup_with(tmp_path, companies=("Cli Ltd",))
    assert main(["restore", "--db", str(database), "--from", str(good)]) == 0
    assert "Restored" in capsys.readouterr().out
    restored = Store(database)
    assert repository.search_interviews(restored, "Cli Ltd").total == 1
    before = read_tables(restored)
    restored.close()

    (tmp_path / "notes.txt").write_text("id,company\n1,Acme\n")
    assert main(["restore", "--db", str(database), "--from", str(tmp_path / "notes.txt")]) == 1
    error = capsys.readouterr().err
    assert error.startswith("debrief restore: This is not a Debrief backup")
    assert error.count("\n") == 1
    assert main(["restore", "--db", str(database), "--from", str(tmp_path / "missing.duckdb")]) == 1
    assert "there is no backup file" in capsys.readouterr().err
    again = Store(database)
    assert read_tables(again) == before
    again.close()


def test_a_generated_column_in_place_of_a_stored_one_is_refused_without_computing_it(tmp_path, live):
    backup = backup_with(
        tmp_path,
        "DROP TABLE settings",
        "CREATE TABLE settings (key VARCHAR, value VARCHAR GENERATED ALWAYS AS (repeat('x', 100)) VIRTUAL)",
    )
    _refused(live, backup, "settings does not have the columns")


def test_a_backup_without_its_identity_row_is_restored_with_a_new_one(tmp_path, live):
    restore_backup(live, backup_with(tmp_path, "DELETE FROM database_identity", companies=("No Id",)))
    assert repository.search_interviews(live, "No Id").total == 1
    assert live.identity()
