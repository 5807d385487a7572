"""Guarantee: when the disk fails (full, read-only, the file deleted underneath) a save ends with a plain
message, nothing saved before is lost, and Debrief recovers by itself in the same process once the cause
is gone. Read-only commands work on a database Debrief may not write.

The full and read-only disks are small tmpfs mounts (CI runs as root). Where mounting is impossible and
CI is unset, those tests are skipped with the reason."""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from debrief import repository, settings
from debrief import store as store_module
from debrief.cli import main
from debrief.demo import DemoSize, load_demo
from debrief.store import NotWrittenError, Store
from debrief.transfer import apply_import, export_zip, plan_import, read_export
from tests.conftest import assert_no_exception, make_debrief, open_page

LONG = "x" * 15_000


def _mount(*arguments: str) -> None:
    subprocess.run(["mount", *arguments], check=True, capture_output=True)


@contextlib.contextmanager
def _mounted(target: Path, *arguments: str) -> Iterator[Path]:
    target.mkdir(parents=True, exist_ok=True)
    try:
        _mount(*arguments, str(target))
    except (OSError, subprocess.CalledProcessError) as error:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but mounting a test disk failed: {error}")
        pytest.skip(f"cannot mount a test disk here ({error}); run as root to test disk faults")
    try:
        yield target
    finally:
        subprocess.run(["umount", "-l", str(target)], check=False, capture_output=True)


@pytest.fixture
def small_disk(tmp_path) -> Iterator[Path]:
    """A 32 MB disk of its own, to fill up (room for a small database, its copy and an import)."""
    with _mounted(tmp_path / "disk", "-t", "tmpfs", "-o", "size=32m", "tmpfs") as disk:
        yield disk


def _fill_but(disk: Path, room: int) -> Path:
    """Fill the disk but for `room` bytes; returns the file to delete to make room again."""
    status = os.statvfs(disk)
    filler = disk / "filler"
    filler.write_bytes(b"\0" * max(status.f_bavail * status.f_frsize - room, 0))
    return filler


def _fill(disk: Path) -> Path:
    """Fill the disk to the last byte; returns the file to delete to make room again."""
    filler = disk / "filler"
    with filler.open("wb", buffering=0) as file:
        for block in (65_536, 1):
            with contextlib.suppress(OSError):
                while True:
                    file.write(b"\0" * block)
    return filler


def test_a_save_on_a_full_disk_gets_a_plain_message_and_the_next_one_after_space_returns_succeeds(small_disk):
    store = Store(small_disk / "debriefs.duckdb")
    kept = repository.insert_debrief(store, make_debrief("Saved before"))
    filler = _fill(small_disk)

    for attempt in range(3):  # each refused plainly, the store still usable after
        with pytest.raises(NotWrittenError, match=r"^Not saved: the disk holding .* is full") as refusal:
            repository.insert_debrief(store, make_debrief(f"Refused {attempt}", notes=LONG))
        assert "safe" in str(refusal.value)
    assert repository.get_debrief(store, kept.id) == kept
    assert repository.count_interviews(store) == 1

    filler.unlink()
    saved = repository.insert_debrief(store, make_debrief("After space returned", notes=LONG))
    assert repository.get_debrief(store, saved.id) == saved
    assert repository.count_interviews(store) == 2
    store.close()
    reopened = Store(small_disk / "debriefs.duckdb")
    assert repository.count_interviews(reopened) == 2
    reopened.close()


def test_an_import_on_a_full_disk_leaves_every_page_working(small_disk, tmp_path):
    """An import that fills the disk must not leave DuckDB unusable (every page then failing)."""
    source = Store(tmp_path / "source.duckdb")
    load_demo(source, DemoSize(150), seed=3)
    plan = plan_import(read_export(export_zip(source)), "export.zip")
    source.close()

    store = Store(small_disk / "debriefs.duckdb")
    kept = repository.insert_debrief(store, make_debrief("Saved before"))
    filler = _fill(small_disk)
    with pytest.raises(NotWrittenError, match=r"^(Not saved|Nothing changed)"):
        apply_import(store, plan)
    assert repository.get_debrief(store, kept.id) == kept  # reads work at once, in the same process
    filler.unlink()
    apply_import(store, plan)
    assert repository.count_interviews(store) == 151
    store.close()


def test_a_read_only_database_is_shown_and_saves_say_why_until_it_is_writable_again(tmp_path):
    """A read-only folder (a read-only bind mount) with the database in it."""
    folder = tmp_path / "data"
    folder.mkdir()
    writable = Store(folder / "debriefs.duckdb")
    kept = repository.insert_debrief(writable, make_debrief("Read only"))
    writable.close()
    view = tmp_path / "view"
    with _mounted(view, "--bind", str(folder)) as mounted:
        _mount("-o", "remount,bind,ro", str(mounted))
        store = Store(mounted / "debriefs.duckdb")
        assert repository.get_debrief(store, kept.id) == kept
        assert "cannot write" in store.read_only_reason
        with pytest.raises(NotWrittenError, match="Not saved: Debrief cannot write"):
            repository.insert_debrief(store, make_debrief("Refused"))
        store.close()

        for command in ("export", "reminders", "questions"):  # each in a process of its own, as run
            out = tmp_path / ("out" if command == "export" else f"{command}.out")
            assert main([command, "--db", str(mounted / "debriefs.duckdb"), "--out", str(out)]) == 0, command

        store = Store(mounted / "debriefs.duckdb")
        assert store.schema_version() > 0
        _mount("-o", "remount,bind,rw", str(mounted))
        saved = repository.insert_debrief(store, make_debrief("Writable again"))
        assert store.read_only_reason is None
        assert repository.get_debrief(store, saved.id) == saved
        store.close()


def test_a_database_deleted_underneath_is_put_back_with_everything_saved(tmp_path):
    path = tmp_path / "debriefs.duckdb"
    store = Store(path)
    kept = repository.insert_debrief(store, make_debrief("Saved before"))
    path.unlink()
    with pytest.raises(NotWrittenError, match=r"was deleted while Debrief was running\. Debrief put it back"):
        repository.insert_debrief(store, make_debrief("Refused once"))
    assert path.is_file()
    saved = repository.insert_debrief(store, make_debrief("Saved again"))
    store.close()
    reopened = Store(path)
    assert repository.get_debrief(reopened, kept.id) == kept
    assert repository.get_debrief(reopened, saved.id) == saved
    reopened.close()


def test_a_database_replaced_underneath_is_opened_anew_before_anything_is_written(tmp_path):
    path = tmp_path / "debriefs.duckdb"
    other = Store(tmp_path / "other.duckdb")
    repository.insert_debrief(other, make_debrief("The other file"))
    other.close()
    store = Store(path)
    repository.insert_debrief(store, make_debrief("Mine"))
    (tmp_path / "other.duckdb").replace(path)
    with pytest.raises(NotWrittenError, match="was replaced while Debrief was running"):
        repository.insert_debrief(store, make_debrief("Refused once"))
    assert repository.search_interviews(store, "The other file").total == 1
    store.close()


def test_the_new_debrief_page_says_plainly_when_the_disk_is_full_and_saves_once_there_is_room(
    small_disk, monkeypatch
):
    database = small_disk / "debriefs.duckdb"
    monkeypatch.setenv("DEBRIEF_DB", str(database))
    settings.set_setting(Store(database), "first_run_done", "empty")
    app = open_page("pages/1_New_debrief.py")
    app.text_input(key="capture.company").input("Full Disk Ltd")
    app.text_area(key="capture.notes").input(LONG).run()
    filler = _fill(small_disk)
    app.text_area(key="capture.notes").input(LONG + " and more").run()
    assert_no_exception(app)
    assert any("Draft not autosaved" in error.value for error in app.error)
    app.button(key="capture.save").click().run()
    assert_no_exception(app)
    assert any("the disk holding" in error.value and "is full" in error.value for error in app.error)

    filler.unlink()
    app.button(key="capture.save").click().run()
    assert_no_exception(app)
    assert "Saved the debrief for Full Disk Ltd" in app.success[0].value


def test_a_save_whose_checkpoint_fails_is_refused_and_the_store_opens_the_file_again(tmp_path, monkeypatch):
    """DuckDB gives up on a database whose checkpoint fails ("database has been invalidated"): the save
    says it was not saved, and the next one, once there is room, works in the same process."""
    monkeypatch.setattr(store_module, "_SETTINGS", {**store_module._SETTINGS, "checkpoint_threshold": "1KB"})
    with _mounted(tmp_path / "disk", "-t", "tmpfs", "-o", "size=32m", "tmpfs") as disk:
        store = Store(disk / "debriefs.duckdb")
        kept = repository.insert_debrief(store, make_debrief("Saved before"))
        filler = _fill_but(disk, 150_000)
        with pytest.raises(NotWrittenError, match="is full"):
            repository.insert_debrief(store, make_debrief("Refused", notes=LONG))
        assert repository.get_debrief(store, kept.id) == kept  # the file opened again, for reading
        filler.unlink()
        saved = repository.insert_debrief(store, make_debrief("After space returned"))
        store.close()
        reopened = Store(disk / "debriefs.duckdb")
        assert {row.company for row in repository.search_interviews(reopened).rows.itertuples()} == {
            kept.company,
            saved.company,
        }
        reopened.close()
