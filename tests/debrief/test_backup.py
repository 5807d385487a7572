"""Backups: a consistent copy of the file, a restore that validates and rebuilds before replacing
anything, the copies Debrief keeps by itself, and the store going offline safely. (Hostile backup files
are in tests/reliability/test_hostile_backups.py.)"""

from __future__ import annotations

import threading
import time

import duckdb
import pytest

from debrief import repository
from debrief import store as store_module
from debrief.backup import BackupError, backup_bytes, check_backup, restore_backup_bytes
from debrief.copies import kept_copies
from debrief.store import Store, StoreError, migrations
from debrief.transfer import read_tables
from tests.conftest import make_debrief, with_extra_migration

LATEST = migrations()[-1][0]


def test_a_backup_holds_every_committed_row_and_restores_identically(tmp_path):
    source = Store(tmp_path / "source.duckdb")
    repository.insert_debrief(source, make_debrief("Backed up"))
    repository.save_draft(source, "draft", None, {"form": {"company": "half"}})
    data = backup_bytes(source)
    assert check_backup(data).describe() == (
        f"A Debrief database (data format {LATEST}) with 1 application, 1 debrief, 3 mistakes and strengths, "
        "1 interviewer rating, 2 questions, 2 question groups, 2 grouped question wordings, "
        "1 follow-up plan, 2 follow-ups, 2 practice cards, 1 unsaved draft."
    )
    target = Store(tmp_path / "target.duckdb")
    repository.insert_debrief(target, make_debrief("Replaced"))
    replaced = read_tables(target)
    result = restore_backup_bytes(target, data, "backup.duckdb")
    assert read_tables(target) == read_tables(source)
    assert result.previous_copy is not None
    assert result.previous_copy.parent == tmp_path / "backups"
    previous = Store(result.previous_copy)
    assert read_tables(previous) == replaced
    previous.close()
    # The source keeps working after its backup closed it for a moment.
    repository.insert_debrief(source, make_debrief("After the backup"))
    assert repository.count_interviews(source) == 2


def _duckdb_file(path, *statements: str) -> bytes:
    connection = duckdb.connect(str(path))
    for statement in statements:
        connection.execute(statement)
    connection.close()
    return path.read_bytes()


@pytest.mark.parametrize(
    ("statements", "reason"),
    [
        (("CREATE TABLE notes (x INTEGER)",), "not made by Debrief"),
        (("CREATE TABLE schema_version (version INTEGER)",), "schema version is empty"),
        (
            (
                "CREATE TABLE schema_version (version INTEGER)",
                f"INSERT INTO schema_version VALUES ({LATEST + 1})",
            ),
            "newer Debrief",
        ),
        (
            (
                "CREATE TABLE schema_version (version INTEGER)",
                "INSERT INTO schema_version VALUES (1)",
                "CREATE TABLE interviews (id BIGINT)",
            ),
            "is missing|does not have the columns",
        ),
    ],
)
def test_a_file_that_is_not_a_debrief_database_is_refused_and_nothing_is_replaced(
    tmp_path, statements, reason
):
    live = Store(tmp_path / "live.duckdb")
    repository.insert_debrief(live, make_debrief("Untouched"))
    before = read_tables(live)
    with pytest.raises(BackupError, match=reason):
        restore_backup_bytes(live, _duckdb_file(tmp_path / "other.duckdb", *statements), "other.duckdb")
    assert read_tables(live) == before
    assert kept_copies(live.path) == []


def test_a_file_that_is_not_a_database_at_all_is_refused(tmp_path):
    with pytest.raises(BackupError, match="not a Debrief backup"):
        check_backup(b"id,company\n1,Acme\n")
    with pytest.raises(BackupError, match="not a Debrief backup"):
        check_backup(b"")


def test_a_backup_from_an_older_version_is_upgraded_when_restored(tmp_path, monkeypatch):
    old = Store(tmp_path / "old.duckdb")
    saved = repository.insert_debrief(old, make_debrief("Old times"))
    data = backup_bytes(old)
    old.close()
    with_extra_migration(monkeypatch)
    live = Store(tmp_path / "live.duckdb")
    restore_backup_bytes(live, data, "old.duckdb")
    assert live.schema_version() == LATEST + 1
    assert repository.get_debrief(live, saved.id) == saved


def test_only_databases_with_data_get_a_copy_before_a_migration(tmp_path, monkeypatch):
    empty, full = Store(tmp_path / "empty.duckdb"), Store(tmp_path / "full.duckdb")
    empty.schema_version()
    repository.insert_debrief(full, make_debrief())
    empty.close()
    full.close()
    with_extra_migration(monkeypatch)
    for path in (empty.path, full.path):
        Store(path).close()
        Store(path).schema_version()
    assert kept_copies(empty.path) == []
    assert len(kept_copies(full.path)) == 1


def test_going_offline_waits_for_readers_to_finish(store):
    store.schema_version()
    events: list[str] = []
    reading = threading.Event()

    def slow_reader() -> None:
        with store.cursor() as cursor:
            reading.set()
            time.sleep(0.3)
            cursor.execute("SELECT 1").fetchall()
            events.append("read finished")

    reader = threading.Thread(target=slow_reader)
    reader.start()
    reading.wait()
    with store.offline():
        events.append("offline")
    reader.join()
    assert events == ["read finished", "offline"]


def test_going_offline_gives_up_plainly_when_a_reader_never_finishes(store, monkeypatch):
    monkeypatch.setattr(store_module, "MAINTENANCE_WAIT_SECONDS", 0.2)
    release = threading.Event()
    holding = threading.Event()

    def stuck_reader() -> None:
        with store.cursor():
            holding.set()
            release.wait()

    reader = threading.Thread(target=stuck_reader)
    reader.start()
    holding.wait()
    with pytest.raises(StoreError, match="busy"), store.offline():
        pass
    release.set()
    reader.join()
    assert store.schema_version() == LATEST


def test_a_restore_that_another_store_keeps_from_taking_effect_says_so(tmp_path):
    source = Store(tmp_path / "source.duckdb")
    repository.insert_debrief(source, make_debrief("In the backup"))
    data = backup_bytes(source)
    live = Store(tmp_path / "live.duckdb")
    live.schema_version()
    other_holder = Store(live.path)  # e.g. a second Store made by mistake in the same process
    other_holder.schema_version()
    with pytest.raises(BackupError, match="restart Debrief"):
        restore_backup_bytes(live, data, "backup.duckdb")
    other_holder.close()
