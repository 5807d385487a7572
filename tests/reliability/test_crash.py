"""Guarantee: a process killed with SIGKILL in the middle of a large import leaves a database that opens,
with every row it had before and no row of that import."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from debrief import repository
from debrief.store import Store
from debrief.transfer import apply_import, plan_import, read_export_folder, read_tables, write_export
from tests.conftest import ROOT, demo_database, make_debrief, on_database
from tests.reliability.generate import GROUP_TABLES, row_total

# Runs the import in a child process, announcing each step; at the step named in argv[3] it stops
# there (holding its open transaction) so that the parent can kill it at exactly that point.
IMPORTER = """
import sys, time
from pathlib import Path
from debrief.store import Store
from debrief.transfer import apply_import, plan_import, read_export_folder

store = Store(sys.argv[1])
plan = plan_import(read_export_folder(Path(sys.argv[2])), "export")
print("planned", flush=True)

def report(fraction, message):
    if sys.argv[3] and message.startswith(sys.argv[3]):
        print("reached", message, flush=True)
        time.sleep(120)

apply_import(store, plan, report)
print("committed", flush=True)
time.sleep(120)
"""
KILL_POINTS = (  # the start of a progress message
    "Writing debriefs",
    "Writing mistakes and strengths",
    "Writing questions",
    "Saving the import",  # every row written, the commit not yet done
)
LARGE = 3_000


@dataclass(frozen=True)
class LargeExport:
    folder: Path
    rows: int


@pytest.fixture(scope="module")
def large_export(tmp_path_factory) -> LargeExport:
    folder = tmp_path_factory.mktemp("large-export")

    def export(store: Store) -> int:
        write_export(store, folder / "export")
        return row_total(read_tables(store))

    rows = on_database(demo_database(folder / "source.duckdb", LARGE, seed=3), export)
    return LargeExport(folder / "export", rows)


def _database_with_own_rows(path: Path) -> dict:
    store = Store(path)
    for number in range(3):
        repository.insert_debrief(store, make_debrief(f"Before the crash {number}"))
    before = read_tables(store)
    store.close()
    return before


def _start_import(database: Path, export: LargeExport, stop_at: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", IMPORTER, str(database), str(export.folder), stop_at],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )


def _kill(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL


def test_an_import_killed_at_any_step_leaves_the_database_as_it_was(tmp_path, large_export, summary):
    for number, stop_at in enumerate(KILL_POINTS):
        database = tmp_path / f"killed-{number}.duckdb"
        before = _database_with_own_rows(database)
        process = _start_import(database, large_export, stop_at)
        assert process.stdout.readline().strip() == "planned"
        line = process.stdout.readline()
        assert line.startswith("reached"), f"the import never reached {stop_at!r}: {line!r}"
        _kill(process)

        reopened = Store(database)
        assert read_tables(reopened) == before, f"killed at {stop_at!r}: the database changed"
        if number == 0:  # and it still takes the whole import afterwards
            apply_import(reopened, plan_import(read_export_folder(large_export.folder), "export"))
            assert row_total(read_tables(reopened)) == row_total(before) + large_export.rows
        reopened.close()
    kills = len(KILL_POINTS)
    summary(
        f"crash: {kills} imports of {large_export.rows:,} rows killed with SIGKILL at chosen steps "
        f"(faults injected: {kills}): databases that open {kills}/{kills}, rows of the import left "
        "behind: 0, earlier rows lost: 0"
    )


def test_an_import_killed_at_a_random_moment_is_all_or_nothing(tmp_path, large_export, summary):
    """The first run is killed after its commit and times the import; the others at random moments
    within that time."""
    rng = random.Random(6)
    outcomes = {"nothing": 0, "everything": 0}
    runs = 5
    import_seconds = None
    for number in range(runs):
        database = tmp_path / f"random-{number}.duckdb"
        before = _database_with_own_rows(database)
        process = _start_import(database, large_export, "")
        assert process.stdout.readline().strip() == "planned"
        started = time.monotonic()
        if import_seconds is None:
            assert process.stdout.readline().strip() == "committed"
            import_seconds = time.monotonic() - started
        else:
            time.sleep(rng.uniform(0.0, import_seconds))
        _kill(process)
        reopened = Store(database)
        after = read_tables(reopened)
        reopened.close()
        for name, (_, rows) in before.items():
            if name not in GROUP_TABLES:  # a whole import regroups every question, as it says
                assert after[name][1][: len(rows)] == rows, f"{name}: earlier rows changed"
        added = row_total(after) - row_total(before)
        assert added in {0, large_export.rows}, f"a partial import of {added} rows survived the crash"
        outcomes["everything" if added else "nothing"] += 1
    summary(
        f"crash at random moments: {runs} imports of {large_export.rows:,} rows killed with SIGKILL "
        f"(faults injected: {runs}) within the {import_seconds:.2f} s an import takes: "
        f"{outcomes['nothing']} left nothing, {outcomes['everything']} kept everything, partial imports: 0, "
        "earlier rows lost: 0"
    )
