"""The copies Debrief keeps by itself: by age, count and size, the oldest of a run always kept."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from debrief.copies import (
    KEPT_BYTES,
    KEPT_DAYS,
    KEPT_NEWEST,
    KeptCopy,
    copies_to_remove,
    keep_copy,
    kept_copies,
)

NOW = dt.datetime(2026, 12, 2, 12, 0)


def copies(ages: list[dt.timedelta], size: int = 1_000) -> list[KeptCopy]:
    """Copies made `ages` ago (given oldest first)."""
    return [KeptCopy(Path(f"copy-{n}"), NOW - age, "before-restore", size) for n, age in enumerate(ages)]


def test_any_number_of_restores_in_a_row_keeps_the_data_from_before_the_first(tmp_path):
    database = tmp_path / "debriefs.duckdb"
    database.write_bytes(b"the data before any restore")
    first = keep_copy(database, "before-restore", NOW)
    for minute in range(1, 12):
        database.write_bytes(f"restored {minute}".encode())
        keep_copy(database, "before-restore", NOW + dt.timedelta(minutes=minute))
    kept = kept_copies(database)
    assert len(kept) == 12
    assert kept[0].path == first
    assert first.read_bytes() == b"the data before any restore"


def test_copies_older_than_the_window_go_except_the_newest_few():
    made = copies([dt.timedelta(days=days) for days in (400, 300, 200, 100, 90, 80, 70, 60, 2, 1)])
    removed = copies_to_remove(made, NOW)
    assert removed == made[: len(made) - KEPT_NEWEST]
    young = copies([dt.timedelta(days=KEPT_DAYS - 1)] * 20)
    assert copies_to_remove(young, NOW) == []


def test_over_the_size_budget_the_middle_goes_first_and_the_oldest_and_newest_stay():
    size = KEPT_BYTES // 4
    made = copies([dt.timedelta(hours=hours) for hours in range(10, 0, -1)], size=size)
    removed = copies_to_remove(made, NOW)
    kept = [copy for copy in made if copy not in removed]
    assert sum(copy.size for copy in kept) <= KEPT_BYTES
    assert kept[0] == made[0]
    assert kept[-1] == made[-1]
    assert removed == made[1:7]  # the oldest in the middle went first


def test_what_each_copy_is_for_reads_in_words(tmp_path):
    database = tmp_path / "debriefs.duckdb"
    database.write_bytes(b"x")
    for reason in ("before-restore", "before-import", "before-migration-to-v5"):
        keep_copy(database, reason)
    assert [copy.why for copy in kept_copies(database)] == [
        "before a restore",
        "before an import",
        "before an upgrade of the data format",
    ]
