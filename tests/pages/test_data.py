"""The Data page through its widgets: export, import with preview and confirmation, restore."""

from __future__ import annotations

from debrief import repository
from debrief.backup import backup_bytes, restore_backup
from debrief.copies import kept_copies
from debrief.store import Store
from debrief.transfer import export_zip, read_tables
from tests.conftest import assert_no_exception, backup_with, make_debrief, open_page, shown_text, upload

PAGE = "pages/7_Data.py"
SHEET = (
    b"Date,Company,Role,Question,Category,Rating\n"
    b"2026-04-01,Initech,Analyst,Tell me about yourself,Behavioural,3\n"
    b"2026-04-01,Initech,Analyst,Why Initech?,Motivation,\n"
)


def test_an_empty_database_says_what_to_do(database):
    app = open_page(PAGE)
    assert_no_exception(app)
    assert "Nothing to export yet" in app.info[0].value
    assert [tab.label for tab in app.tabs] == ["Export", "Import", "Backup and restore"]


def test_the_export_tab_says_what_is_in_the_database(database):
    repository.insert_debrief(Store(database), make_debrief())
    app = open_page(PAGE)
    assert_no_exception(app)
    assert "Your database holds 1 application, 1 debrief, 3 mistakes and strengths" in app.markdown[0].value
    labels = [button.proto.label for button in app.get("download_button")]
    assert "Download everything (.zip)" in labels
    assert "Download a backup (.duckdb)" in labels


def test_a_spreadsheet_is_previewed_then_imported_once_on_confirmation(database):
    store = Store(database)
    mine = repository.insert_debrief(store, make_debrief("Mine"))
    app = open_page(PAGE)
    upload(app, "data.import_file", "questions.csv", SHEET)
    assert "This file adds 1 debrief, 1 interviewer rating, 2 questions." in [md.value for md in app.markdown]
    debriefs, questions = (
        frame.value for frame in app.dataframe if "Company" in frame.value or "Question" in frame.value
    )
    assert list(debriefs["Company"]) == ["Initech"]
    assert list(questions["Question"]) == ["Tell me about yourself", "Why Initech?"]
    assert repository.count_interviews(store) == 1  # nothing written before confirming

    app.button(key="data.confirm_import").click().run()
    assert_no_exception(app)
    assert "Imported 1 debrief" in app.success[0].value
    assert repository.count_interviews(store) == 2
    assert repository.get_debrief(store, mine.id) == mine
    app.run()  # a rerun with the same file still uploaded imports nothing more
    assert repository.count_interviews(store) == 2
    assert not [button for button in app.button if button.key == "data.confirm_import"]


def test_a_spreadsheet_with_mistakes_lists_them_and_imports_nothing(database):
    app = open_page(PAGE)
    upload(app, "data.import_file", "bad.csv", SHEET.replace(b"Behavioural,3", b"Gossip,9"))
    assert "Nothing imported: 2 problems in bad\\.csv" in app.error[0].value
    problems = app.dataframe[-1].value
    assert list(problems["Row"]) == [2, 2]
    assert list(problems["Column"]) == ["Category", "Rating"]
    assert not [button for button in app.button if button.key == "data.confirm_import"]
    assert repository.count_interviews(Store(database)) == 0


def test_an_export_zip_is_imported_whole(database, tmp_path):
    source = Store(tmp_path / "other.duckdb")
    repository.insert_debrief(source, make_debrief("From the old laptop"))
    app = open_page(PAGE)
    upload(app, "data.import_file", "debrief-export.zip", export_zip(source))
    app.button(key="data.confirm_import").click().run()
    assert_no_exception(app)
    assert read_tables(Store(database)) == read_tables(source)


def test_a_file_that_is_not_an_export_is_refused_plainly(database):
    app = open_page(PAGE)
    upload(app, "data.import_file", "notes.json", b'{"my": "notes"}')
    assert "not a Debrief export" in app.error[0].value


def test_a_backup_is_checked_then_restored_after_confirming(database, tmp_path):
    other = Store(tmp_path / "other.duckdb")
    repository.insert_debrief(other, make_debrief("In the backup"))
    backup = backup_bytes(other)
    current = Store(database)
    repository.insert_debrief(current, make_debrief("Current"))
    current.close()  # the app's own store is the one that swaps the file
    app = open_page(PAGE)
    upload(app, "data.restore_file", "backup.duckdb", backup)
    assert "with 1 application, 1 debrief" in app.info[0].value
    assert app.button(key="data.confirm_restore").disabled
    app.checkbox(key="data.restore_understood").check().run()
    app.button(key="data.confirm_restore").click().run()
    assert_no_exception(app)
    assert "Restored" in app.success[0].value
    assert read_tables(Store(database)) == read_tables(other)
    assert len(kept_copies(database)) == 1


def test_a_file_that_is_not_a_backup_is_refused_and_nothing_replaced(database):
    store = Store(database)
    repository.insert_debrief(store, make_debrief("Current"))
    before = read_tables(store)
    app = open_page(PAGE)
    upload(app, "data.restore_file", "backup.duckdb", b"this is not a database")
    assert "not a Debrief backup" in app.error[0].value
    assert not [button for button in app.button if button.key == "data.confirm_restore"]
    assert read_tables(store) == before


def test_a_backup_whose_rows_fail_the_checks_lists_them_and_replaces_nothing(database, tmp_path):
    store = Store(database)
    repository.insert_debrief(store, make_debrief("Current"))
    before = read_tables(store)
    store.close()
    backup = backup_with(
        tmp_path, "UPDATE interviews SET company = ''", "UPDATE questions SET category = 'Tarot'"
    )
    app = open_page(PAGE)
    upload(app, "data.restore_file", "backup.duckdb", backup.read_bytes())
    assert_no_exception(app)
    assert shown_text(app.error[0].value) == (
        "Nothing restored: this backup's rows fail Debrief's checks (3 problems), the first: interviews, "
        "row 1, company: required."
    )
    problems = app.dataframe[-1].value
    assert list(problems["Where"]) == ["interviews", "questions", "questions"]
    assert list(problems["Column"]) == ["company", "category", "category"]
    assert not [button for button in app.button if button.key == "data.confirm_restore"]
    assert read_tables(Store(database)) == before


def test_the_copies_kept_are_listed_and_any_of_them_can_be_restored(database, tmp_path):
    store = Store(database)
    repository.insert_debrief(store, make_debrief("The original"))
    original = read_tables(store)
    for company in ("First restore", "Second restore"):
        restore_backup(store, backup_with(tmp_path, companies=(company,)))
    store.close()
    app = open_page(PAGE)
    assert_no_exception(app)
    copies = next(frame.value for frame in app.dataframe if "Why" in frame.value)
    assert list(copies["Why"]) == ["before a restore", "before a restore"]
    oldest = kept_copies(database)[0]
    app.selectbox(key="data.copy_to_restore").set_value(oldest.path.name).run()
    assert "with 1 application, 1 debrief" in app.info[0].value
    app.checkbox(key="data.restore_understood").check().run()
    app.button(key="data.confirm_restore").click().run()
    assert_no_exception(app)
    assert "Restored" in app.success[0].value
    assert read_tables(Store(database)) == original
