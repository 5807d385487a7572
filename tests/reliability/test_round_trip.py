"""Guarantee: export then import gives identical data; an import into a database that has data appends.

Also: the export registry covers every table of the schema, so no table is silently left out.
"""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, example, given, settings

from debrief import repository
from debrief.backup import table_columns
from debrief.settings import set_setting
from debrief.store import BOOKKEEPING_TABLES, Store
from debrief.tables import TABLES, TABLES_BY_NAME
from debrief.transfer import apply_import, export_zip, plan_import, read_export, read_tables
from tests.conftest import make_debrief, make_transcript
from tests.reliability.generate import (
    GROUP_TABLES,
    Scenario,
    every_table_scenario,
    fill,
    row_total,
    scenarios,
)

# Derandomised: the same examples every run, so the suite's figures and outcome are stable in CI.
PROPERTY_SETTINGS = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def test_every_table_of_the_schema_is_in_the_export_registry(store):
    with store.cursor() as cursor:
        schema = {table: [name for name, _ in columns] for table, columns in table_columns(cursor).items()}
        sequences = {
            row[0] for row in cursor.execute("SELECT sequence_name FROM duckdb_sequences()").fetchall()
        }
    missing = set(schema) - set(TABLES_BY_NAME) - BOOKKEEPING_TABLES
    assert not missing, f"add a TableSpec for {sorted(missing)} to debrief/tables.py"
    seen: set[str] = set()
    for spec in TABLES:
        assert list(spec.columns) == schema[spec.name], f"{spec.name}: row model fields != table columns"
        assert set(spec.key) <= set(spec.columns)
        assert spec.sequence is None or spec.sequence in sequences
        assert set(spec.references.values()) <= seen, f"{spec.name} refers to a table listed after it"
        seen.add(spec.name)


def _export_import(source: Store, target: Store) -> None:
    plan = plan_import(read_export(export_zip(source)), "export.zip")
    assert plan.ok, plan.problems
    apply_import(target, plan)


def test_export_then_import_into_an_empty_database_gives_identical_data(summary):
    tried = Counter()
    covered: set[str] = set()

    @settings(PROPERTY_SETTINGS, max_examples=30)
    @given(scenarios)
    @example(every_table_scenario(make_debrief("Every table", transcript=make_transcript("Priya: Hi"))))
    def round_trip(scenario: Scenario) -> None:
        source, target = Store(":memory:"), Store(":memory:")
        try:
            fill(source, scenario)
            _export_import(source, target)
            original, copied = read_tables(source), read_tables(target)
            assert copied == original
        finally:
            source.close()
            target.close()
        tried["databases"] += 1
        tried["debriefs"] += len(original["interviews"][1])
        tried["rows"] += row_total(original)
        covered.update(name for name, (_, rows) in original.items() if rows)

    round_trip()
    assert covered == set(TABLES_BY_NAME), f"no generated rows for {set(TABLES_BY_NAME) - covered}"
    summary(
        f"round trip: {tried['databases']} generated databases ({tried['debriefs']} debriefs, "
        f"{tried['rows']} rows, unicode and hostile text) exported and imported into an empty database: "
        f"every table identical ({len(covered)}/{len(TABLES_BY_NAME)} tables had rows), "
        "rows lost: 0, rows changed: 0"
    )


def _debriefs(store: Store) -> Counter:
    """Every stored debrief's content, numbers left out (they may change on import)."""
    ids = repository.search_interviews(store, limit=10_000).rows["id"]
    return Counter(
        repository.get_debrief(store, int(interview_id)).model_dump_json(exclude={"id", "version"})
        for interview_id in ids
    )


def test_an_import_into_a_database_with_data_appends_without_clashing(summary):
    tried = Counter()

    @settings(PROPERTY_SETTINGS, max_examples=15)
    @given(scenarios, scenarios)
    def append(incoming: Scenario, existing: Scenario) -> None:
        source, target = Store(":memory:"), Store(":memory:")
        try:
            fill(source, incoming)
            fill(target, existing)
            before_tables, before_debriefs = read_tables(target), _debriefs(target)
            _export_import(source, target)
            after_tables = read_tables(target)
            for name, (_, rows) in before_tables.items():
                if name in GROUP_TABLES:  # an import that brings groups regroups every question, as it says
                    continue
                kept = {repr(row) for row in after_tables[name][1]}  # rows may hold lists
                assert all(repr(row) in kept for row in rows), f"{name}: a row that was there changed or went"
            assert _debriefs(target) == before_debriefs + _debriefs(source)
            # The numbers keep working: a new debrief saved afterwards gets a free number.
            repository.insert_debrief(target, make_debrief())
        finally:
            source.close()
            target.close()
        tried["imports"] += 1
        tried["rows"] += row_total(before_tables)

    append()
    summary(
        f"append: {tried['imports']} exports imported into databases holding {tried['rows']} rows of their "
        "own: existing rows changed: 0, imported debriefs lost: 0, number clashes: 0"
    )


def test_importing_the_same_export_twice_gives_two_copies_of_each_debrief_and_one_of_the_rest(store):
    saved = repository.insert_debrief(store, make_debrief("Twice"))
    repository.add_category(store, "mistake", "Overselling")
    set_setting(store, "first_run_done", "demo")
    plan = plan_import(read_export(export_zip(store)), "export.zip")
    result = apply_import(store, plan)
    assert result.renumbered
    assert result.added["interviews"] == 1
    assert result.already_present == {
        **dict.fromkeys(result.added, 0),
        "custom_categories": 1,
        "settings": 1,
        "question_groups": 2,  # the groups of its two questions, made when it was saved
        "question_text_groups": 2,
    }
    copies = repository.search_interviews(store, "Twice").rows["id"].tolist()
    assert len(copies) == 2
    first, second = (repository.get_debrief(store, int(number)) for number in copies)
    assert first.model_dump(exclude={"id"}) == second.model_dump(exclude={"id"})
    assert saved.id in copies
    assert repository.categories(store, "mistake").count("Overselling") == 1
