"""The store: migrations, round trips, atomic saves, concurrency, conflicts, a locked file."""

from __future__ import annotations

import datetime as dt
import threading

import duckdb
import pytest

from debrief import repository, schedule
from debrief.cli import main
from debrief.store import (
    ConflictError,
    DatabaseLockedError,
    NewerDatabaseError,
    NotFoundError,
    Store,
    first_row,
    migrations,
)
from tests.conftest import (
    assert_no_exception,
    held_by_another_process,
    make_debrief,
    make_transcript,
    open_page,
)

TABLES = ("interviews", "reflections", "questions", "interviewer_evaluations")


def row_counts(store: Store) -> dict[str, int]:
    with store.cursor() as cursor:
        return {table: cursor.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0] for table in TABLES}


def test_an_empty_file_is_migrated_to_the_latest_version(tmp_path):
    store = Store(tmp_path / "new.duckdb")
    assert store.schema_version() == migrations()[-1][0]
    assert row_counts(store) == dict.fromkeys(TABLES, 0)
    store.close()
    reopened = Store(tmp_path / "new.duckdb")
    assert reopened.schema_version() == migrations()[-1][0]
    reopened.close()


def test_migrations_are_numbered_from_one_unique_and_increasing():
    # Not necessarily contiguous while branches that hold reserved numbers are merged one by one.
    numbers = [number for number, _ in migrations()]
    assert numbers[0] == 1
    assert numbers == sorted(set(numbers))


def test_grouping_by_interview_may_use_a_perfect_hash_table(store):
    with store.cursor() as cursor:
        assert first_row(cursor, "SELECT current_setting('perfect_ht_threshold')")[0] == 20


def test_a_full_debrief_round_trips(store):
    original = make_debrief(company="Ünïcode 🚀 <script>alert(1)</script>")
    saved = repository.insert_debrief(store, original)
    assert saved.id is not None
    assert saved.version == 1
    assert repository.get_debrief(store, saved.id) == saved
    assert row_counts(store) == {
        "interviews": 1,
        "reflections": 3,
        "questions": 2,
        "interviewer_evaluations": 1,
    }


def test_an_error_in_the_middle_of_a_save_leaves_no_rows(store, monkeypatch):
    real_insert = repository.insert_frame

    def fail_on_questions(cursor, table, frame):
        if table == "questions":
            raise RuntimeError("disk full")
        real_insert(cursor, table, frame)

    monkeypatch.setattr(repository, "insert_frame", fail_on_questions)
    with pytest.raises(RuntimeError, match="disk full"):
        repository.insert_debrief(store, make_debrief())
    assert row_counts(store) == dict.fromkeys(TABLES, 0)


def test_a_failed_update_keeps_the_previous_version_whole(store, monkeypatch):
    saved = repository.insert_debrief(store, make_debrief())
    monkeypatch.setattr(repository, "insert_frame", lambda *_: (_ for _ in ()).throw(RuntimeError("boom")))
    with pytest.raises(RuntimeError):
        repository.update_debrief(store, saved.model_copy(update={"company": "Changed"}))
    assert repository.get_debrief(store, saved.id) == saved


def test_update_replaces_items_and_bumps_the_version(store):
    saved = repository.insert_debrief(store, make_debrief())
    changed = saved.model_copy(update={"company": "Globex", "mistakes": saved.mistakes[:1], "questions": []})
    updated = repository.update_debrief(store, changed)
    assert updated.version == 2
    assert repository.get_debrief(store, saved.id) == updated
    assert row_counts(store)["questions"] == 0


def test_a_stale_edit_gets_a_conflict_instead_of_overwriting(store):
    saved = repository.insert_debrief(store, make_debrief())
    repository.update_debrief(store, saved.model_copy(update={"company": "First tab"}))
    with pytest.raises(ConflictError, match="changed in another tab"):
        repository.update_debrief(store, saved.model_copy(update={"company": "Second tab"}))
    assert repository.get_debrief(store, saved.id).company == "First tab"


def test_a_refused_update_keeps_its_draft_and_says_why_before_anything_else(store):
    saved = repository.insert_debrief(store, make_debrief())
    repository.save_draft(store, "editing", saved.id, {"form": {"company": "Second tab"}})
    repository.update_debrief(store, saved.model_copy(update={"company": "First tab"}))
    with pytest.raises(ConflictError, match="changed in another tab"):
        repository.update_debrief(store, saved.model_copy(update={"company": "Second tab"}), "editing")
    assert [draft.key for draft in repository.list_drafts(store)] == ["editing"]
    # A stale edit whose draft is gone too: the version conflict is what the user is told.
    with pytest.raises(ConflictError, match="changed in another tab"):
        repository.update_debrief(store, saved.model_copy(update={"company": "Third tab"}), "gone")

    repository.delete_debrief(store, saved.id)
    with pytest.raises(NotFoundError, match="deleted in another tab"):
        repository.update_debrief(store, saved.model_copy(update={"version": 2}), "gone")
    assert row_counts(store) == dict.fromkeys(TABLES, 0)


def test_delete_removes_the_debrief_and_all_its_items(store):
    kept = repository.insert_debrief(store, make_debrief("Kept"))
    gone = repository.insert_debrief(store, make_debrief("Gone"))
    repository.delete_debrief(store, gone.id)
    with pytest.raises(NotFoundError):
        repository.get_debrief(store, gone.id)
    assert repository.get_debrief(store, kept.id) == kept
    assert row_counts(store) == {
        "interviews": 1,
        "reflections": 3,
        "questions": 2,
        "interviewer_evaluations": 1,
    }
    with pytest.raises(NotFoundError):
        repository.delete_debrief(store, gone.id)


def test_delete_leaves_no_row_of_any_table_pointing_at_the_debrief(store):
    from debrief import notes
    from debrief.contacts import Contact, save_contacts

    plan_id = schedule.schedule(
        store, schedule.InterviewPlan(company="Gone", starts_at=dt.datetime(2026, 11, 20, 10))
    )
    gone = repository.insert_debrief(
        store, make_debrief("Gone", transcript=make_transcript("Priya: Hi")), plan_id=plan_id
    )
    save_contacts(store, gone.id, [Contact(name="Jane Doe")])
    notes.save_draft(store, gone.id, notes.Note("Jane Doe", "", "warm", "email", None, "Thanks", "Thank you"))
    repository.save_draft(store, "draft-1", gone.id, {"form": {"notes": "more"}})
    # Read from the schema, not from the registry that delete_debrief itself goes by.
    with store.cursor() as cursor:
        referring = [
            name
            for (name,) in cursor.execute(
                "SELECT table_name FROM information_schema.columns WHERE column_name = 'interview_id'"
            ).fetchall()
        ]

    def rows_pointing_at_gone() -> dict[str, int]:
        with store.cursor() as cursor:
            return {
                name: first_row(cursor, f"SELECT count(*) FROM {name} WHERE interview_id = ?", [gone.id])[0]
                for name in referring
            }

    assert all(rows_pointing_at_gone().values())
    repository.delete_debrief(store, gone.id)
    assert rows_pointing_at_gone() == dict.fromkeys(referring, 0)


def test_eight_threads_saving_and_editing_at_once_lose_nothing(store):
    per_thread = 12
    errors: list[BaseException] = []

    def work(thread: int) -> None:
        try:
            for number in range(per_thread):
                saved = repository.insert_debrief(store, make_debrief(f"T{thread}-{number}"))
                repository.update_debrief(store, saved.model_copy(update={"role": f"edited {thread}"}))
        except BaseException as error:  # collected and asserted below, in the main thread
            errors.append(error)

    threads = [threading.Thread(target=work, args=(thread,)) for thread in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    counts = row_counts(store)
    assert counts == {
        "interviews": 8 * per_thread,
        "reflections": 8 * per_thread * 3,
        "questions": 8 * per_thread * 2,
        "interviewer_evaluations": 8 * per_thread,
    }
    companies = set(repository.search_interviews(store, limit=1000).rows["company"])
    assert companies == {f"T{thread}-{number}" for thread in range(8) for number in range(per_thread)}
    print(f"\nconcurrency: 8 threads, {8 * per_thread} saves and {8 * per_thread} edits, rows lost: 0")


def test_a_second_process_gets_a_plain_message_naming_the_file(tmp_path):
    path = tmp_path / "held.duckdb"
    with held_by_another_process(path), pytest.raises(DatabaseLockedError) as raised:
        Store(path).schema_version()
    assert str(path) in str(raised.value)
    assert "another program" in str(raised.value)


def test_a_file_that_is_not_a_database_is_reported_plainly(tmp_path):
    path = tmp_path / "notes.duckdb"
    path.write_text("these are my notes, not a database")
    with pytest.raises(Exception, match=r"not a Debrief database|Could not open") as raised:
        Store(path).schema_version()
    assert not isinstance(raised.value, duckdb.Error)


def test_the_user_extends_the_shipped_categories(store):
    shipped = repository.categories(store, "mistake")
    assert "Rambling" in shipped
    assert repository.add_category(store, "mistake", "  Forgot   the  interviewer's name ") == (
        "Forgot the interviewer's name"
    )
    assert repository.add_category(store, "mistake", "forgot the INTERVIEWER'S name") == (
        "Forgot the interviewer's name"
    )
    assert repository.add_category(store, "mistake", "rambling") == "Rambling"
    assert repository.categories(store, "mistake") == [*shipped, "Forgot the interviewer's name"]
    assert repository.categories(store, "strength") == repository.categories(Store(store.path), "strength")
    for kind, name, problem in (
        ("mistake", "   ", "needs a name"),
        ("mistake", "x" * 81, "at most 80"),
        ("question", "Brain teaser", "Only mistake and strength"),
    ):
        with pytest.raises(ValueError, match=problem):
            repository.add_category(store, kind, name)


def test_a_snapshot_does_not_see_what_is_saved_meanwhile(store):
    repository.insert_debrief(store, make_debrief("Before"))
    with store.snapshot() as cursor:
        first = cursor.execute("SELECT count(*) FROM interviews").fetchall()[0][0]
        repository.insert_debrief(store, make_debrief("Meanwhile"))
        second = cursor.execute("SELECT count(*) FROM interviews").fetchall()[0][0]
    assert first == second == 1
    assert repository.count_interviews(store) == 2


def _from_a_newer_debrief(path) -> None:
    store = Store(path)
    repository.insert_debrief(store, make_debrief("Kept as it is"))
    store.close()
    connection = duckdb.connect(str(path))
    connection.execute("INSERT INTO schema_version (version) VALUES (?)", [migrations()[-1][0] + 1])
    connection.close()


def test_a_database_from_a_newer_debrief_is_refused_everywhere_that_writes(tmp_path, database, capsys):
    path = tmp_path / "newer.duckdb"
    _from_a_newer_debrief(path)
    before = path.read_bytes()
    with pytest.raises(NewerDatabaseError, match=r"written by a newer Debrief .* Update Debrief to open it"):
        Store(path).schema_version()
    assert main(["demo", "--interviews", "2", "--db", str(path)]) == 1
    error = capsys.readouterr().err
    assert "newer Debrief" in error
    assert error.count("\n") == 1
    _from_a_newer_debrief(database)
    app = open_page()
    assert_no_exception(app)
    assert "newer Debrief" in app.error[0].value
    assert path.read_bytes() == before
