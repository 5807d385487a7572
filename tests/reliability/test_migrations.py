"""Guarantee: a database written by every earlier schema version opens and migrates with its data intact,
and a copy of it is kept before any migration."""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from debrief import repository
from debrief.copies import kept_copies
from debrief.store import Store, StoreError, migrations
from debrief.transfer import apply_import, export_zip, plan_import, read_export, read_tables
from tests.conftest import make_debrief, with_extra_migration
from tests.fixtures.make_schema_fixtures import FIXTURES, json_value, rows_by_table

LATEST = migrations()[-1][0]


def fixture_versions() -> list[int]:
    found = (re.fullmatch(r"schema_v(\d+)\.duckdb\.gz", path.name) for path in FIXTURES.iterdir())
    return sorted(int(match.group(1)) for match in found if match)


def open_fixture(version: int, folder: Path) -> Path:
    path = folder / f"v{version}" / "debriefs.duckdb"
    path.parent.mkdir(parents=True)
    path.write_bytes(gzip.decompress((FIXTURES / f"schema_v{version}.duckdb.gz").read_bytes()))
    return path


def _canonical(row: dict, columns) -> str:
    return json.dumps({column: row[column] for column in columns}, sort_keys=True, default=json_value)


def test_there_is_a_fixture_for_every_schema_version():
    assert fixture_versions() == [number for number, _ in migrations()], (
        "a migration has no fixture: add its sample rows to tests/fixtures/make_schema_fixtures.py and run it"
    )


def test_a_database_from_every_schema_version_opens_migrated_with_every_row(tmp_path, summary):
    checked = 0
    versions = fixture_versions()
    for version in versions:
        path = open_fixture(version, tmp_path)
        expected = json.loads((FIXTURES / f"schema_v{version}.json").read_text(encoding="utf-8"))
        store = Store(path)
        assert store.schema_version() == LATEST
        with store.cursor() as cursor:
            found = rows_by_table(cursor)
        for table, rows in expected.items():
            assert rows, f"schema_v{version}.json: {table} has no sample rows"
            columns = list(rows[0])
            present = Counter(_canonical(row, columns) for row in found[table])
            for row in rows:
                assert present[_canonical(row, columns)] > 0, f"v{version}: lost from {table}: {row}"
                checked += 1
        copies = kept_copies(path)
        assert len(copies) == (1 if version < LATEST else 0), copies
        # The migrated database works: a new debrief gets a free number, and its export imports whole.
        repository.insert_debrief(store, make_debrief("After the upgrade"))
        copy = Store(":memory:")
        apply_import(copy, plan_import(read_export(export_zip(store)), "export"))
        assert read_tables(copy) == read_tables(store)
        copy.close()
        store.close()
    summary(
        f"migrations: databases written at schema versions {', '.join(map(str, versions))} opened and "
        f"migrated to v{LATEST}: {checked} rows checked, rows lost: 0"
    )


def test_a_copy_is_kept_before_a_migration_and_a_failed_one_changes_nothing(tmp_path, monkeypatch, summary):
    path = tmp_path / "debriefs.duckdb"
    store = Store(path)
    saved = repository.insert_debrief(store, make_debrief("Kept safe"))
    before = read_tables(store)
    store.close()

    with_extra_migration(monkeypatch, "CREATE TABLE half_done (x INTEGER); SELECT error('disk full');")
    with pytest.raises(StoreError, match="left as it was"):
        Store(path).schema_version()
    monkeypatch.undo()
    reopened = Store(path)
    assert reopened.schema_version() == LATEST
    assert read_tables(reopened) == before
    reopened.close()

    with_extra_migration(monkeypatch, "ALTER TABLE interviews ADD COLUMN mood VARCHAR DEFAULT '';")
    upgraded = Store(path)
    assert upgraded.schema_version() == LATEST + 1
    assert repository.get_debrief(upgraded, saved.id) == saved
    upgraded.close()
    copies = kept_copies(path)
    assert [copy.reason for copy in copies] == [f"before-migration-to-v{LATEST + 1}"] * 2
    for copy in copies:  # each copy is the database as it was before
        monkeypatch.undo()
        kept = Store(copy.path)
        assert read_tables(kept) == before
        kept.close()
    summary(
        "migration safety: 2 migrations attempted (1 failing half-way, fault injected), backup copies kept "
        "before each: 2/2, each copy complete, rows lost: 0"
    )
