"""Dashboard benchmark: each aggregation in DuckDB against its plain-pandas twin, and full page reruns.

For 1k, 10k and 100k demo interviews (about 30 items each), it times every Dashboard aggregation in
DuckDB (the product code, result included as a DataFrame) and in pandas (bench/dashboard_pandas.py,
tables loaded before the clock starts), checks both give the same answer, and prints the ratio. Then
it times whole Dashboard and Home reruns through AppTest: with the result cache cleared first (every
query runs, as after a filter change) and with it warm (as after selecting a bar).

Generated databases are cached in bench/cache/, named after the generator's inputs, so reruns skip
the generation. `BENCH_SIZES=1000,10000 python -m bench` runs fewer sizes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pandas as pd
import streamlit as st
import streamlit.logger

from analytics import answering, interviewer, patterns
from analytics.dashboard import dashboard_data
from analytics.filters import InterviewFilter
from bench import dashboard_pandas as twin
from debrief.demo import DemoSize, load_demo
from debrief.store import RowsPage, Store

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / "cache"
SIZES = (1_000, 10_000, 100_000)
ITEMS_PER_INTERVIEW = 30
SEED = 11
END_DATE = dt.date(2026, 6, 30)
REPEATS = 7
RERUNS = 9
RATIO_TARGET = 5.0
RERUN_TARGET_SECONDS = 1.0
GROWTH_TARGET = 3.0
# What the generated data depends on: a change to any of these makes new cache files.
_GENERATOR_INPUTS = (
    ROOT / "debrief" / "demo.py",
    ROOT / "data" / "demo_vocabulary.json",
    ROOT / "data" / "taxonomy.json",
    *sorted((ROOT / "debrief" / "migrations").glob("*.sql")),
)


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def demo_database(interviews: int) -> Path:
    """A demo database of this size, generated once and kept in bench/cache/."""
    digest = hashlib.sha256()
    for path in _GENERATOR_INPUTS:
        digest.update(path.read_bytes())
    digest.update(f"{interviews}/{ITEMS_PER_INTERVIEW}/{SEED}/{END_DATE}".encode())
    path = CACHE / f"demo-{interviews}x{ITEMS_PER_INTERVIEW}-{digest.hexdigest()[:12]}.duckdb"
    if path.exists():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    _say(f"Generating {interviews:,} demo interviews into {path.relative_to(ROOT)} (once) …")
    store = Store(partial)
    try:
        load_demo(store, DemoSize(interviews, ITEMS_PER_INTERVIEW), seed=SEED, end_date=END_DATE)
    finally:
        store.close()
    partial.rename(path)
    return path


@dataclass(frozen=True)
class Aggregation:
    name: str
    in_duckdb: Callable
    in_pandas: Callable


EVERYTHING = InterviewFilter()
AGGREGATIONS = (
    Aggregation(
        "recurring mistakes",
        lambda cursor: patterns.recurring_mistakes(cursor, EVERYTHING),
        lambda tables: twin.recurring_items(tables, EVERYTHING, "mistake"),
    ),
    Aggregation(
        "recurring strengths",
        lambda cursor: patterns.recurring_strengths(cursor, EVERYTHING),
        lambda tables: twin.recurring_items(tables, EVERYTHING, "strength"),
    ),
    Aggregation(
        "monthly trend",
        lambda cursor: patterns.monthly_trend(cursor, EVERYTHING),
        lambda tables: twin.monthly_trend(tables, EVERYTHING),
    ),
    Aggregation(
        "rolling trend",
        lambda cursor: patterns.rolling_trend(cursor, EVERYTHING),
        lambda tables: twin.rolling_trend(tables, EVERYTHING),
    ),
    Aggregation(
        "mistake heat map",
        lambda cursor: patterns.category_heatmap(cursor, EVERYTHING, "mistake"),
        lambda tables: twin.category_heatmap(tables, EVERYTHING, "mistake"),
    ),
    Aggregation(
        "strength heat map",
        lambda cursor: patterns.category_heatmap(cursor, EVERYTHING, "strength"),
        lambda tables: twin.category_heatmap(tables, EVERYTHING, "strength"),
    ),
    Aggregation(
        "question categories",
        lambda cursor: patterns.question_categories(cursor, EVERYTHING),
        lambda tables: twin.question_categories(tables, EVERYTHING),
    ),
    Aggregation(
        "mistake trend line",
        lambda cursor: patterns.mistake_trend(cursor, EVERYTHING),
        lambda tables: twin.mistake_trend(tables, EVERYTHING),
    ),
    Aggregation(
        "professionalism vs ratings",
        lambda cursor: interviewer.professionalism_vs_ratings(cursor, EVERYTHING),
        lambda tables: twin.professionalism_vs_ratings(tables, EVERYTHING),
    ),
    Aggregation(
        "blame split by month",
        lambda cursor: interviewer.blame_split_by_month(cursor, EVERYTHING),
        lambda tables: twin.blame_split_by_month(tables, EVERYTHING),
    ),
    Aggregation(
        "bad interviews vs interviewer",
        lambda cursor: interviewer.unprofessional_in_bad_interviews(cursor, EVERYTHING),
        lambda tables: twin.unprofessional_in_bad_interviews(tables, EVERYTHING),
    ),
    Aggregation(
        "outcomes by round",
        lambda cursor: interviewer.outcomes_by_round(cursor, EVERYTHING),
        lambda tables: twin.outcomes_by_round(tables, EVERYTHING),
    ),
    Aggregation(
        "answering, from call transcripts",
        lambda cursor: answering.answering_by_interview(cursor, EVERYTHING),
        lambda tables: twin.answering_by_interview(tables, EVERYTHING),
    ),
    Aggregation(
        "drill-down: items behind a bar",
        lambda cursor: patterns.items_behind(cursor, EVERYTHING, "mistake", "Rambling"),
        lambda tables: twin.items_behind(tables, EVERYTHING, "mistake", "Rambling"),
    ),
)


def _median_seconds(action: Callable[[], object], repeats: int) -> tuple[float, object]:
    result = action()  # warm-up, and the answer to compare
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), result


def _comparable(result) -> object:
    if isinstance(result, RowsPage):
        return (_comparable(result.rows), result.total)
    if isinstance(result, pd.DataFrame):
        frame = result.reset_index(drop=True)
        for column in frame.columns:
            if pd.api.types.is_datetime64_any_dtype(frame[column]):
                frame[column] = frame[column].astype("datetime64[us]")
            elif pd.api.types.is_numeric_dtype(frame[column]) or pd.api.types.is_bool_dtype(frame[column]):
                frame[column] = frame[column].astype(float)
            else:
                frame[column] = frame[column].astype(str)
        return frame
    return result


def same_answer(duckdb_result, pandas_result) -> bool:
    left, right = _comparable(duckdb_result), _comparable(pandas_result)
    if isinstance(left, tuple) and isinstance(right, tuple):
        return left[1] == right[1] and same_answer(left[0], right[0])
    if isinstance(left, pd.DataFrame):
        try:
            pd.testing.assert_frame_equal(left, right, check_dtype=False, rtol=1e-9, atol=1e-9)
        except AssertionError as difference:
            _say(f"    different answers: {difference}")
            return False
        return True
    if isinstance(left, patterns.MistakeTrend) and isinstance(right, patterns.MistakeTrend):
        return left.interviews == right.interviews and all(
            abs(a - b) <= 1e-9 * max(1.0, abs(a))
            for a, b in ((left.start, right.start), (left.end, right.end))
        )
    return left == right


@dataclass(frozen=True)
class Timing:
    size: int
    name: str
    duckdb_seconds: float
    pandas_seconds: float
    same: bool

    @property
    def ratio(self) -> float:
        return self.pandas_seconds / self.duckdb_seconds


def time_aggregations(size: int, database: Path) -> list[Timing]:
    store = Store(database)
    try:
        with store.cursor() as cursor:
            tables = twin.load_tables(cursor)
            timings = []
            for aggregation in AGGREGATIONS:
                in_duckdb = partial(aggregation.in_duckdb, cursor)
                in_pandas = partial(aggregation.in_pandas, tables)
                duckdb_seconds, duckdb_result = _median_seconds(in_duckdb, REPEATS)
                pandas_seconds, pandas_result = _median_seconds(in_pandas, REPEATS)
                same = same_answer(duckdb_result, pandas_result)
                timings.append(Timing(size, aggregation.name, duckdb_seconds, pandas_seconds, same))
                _say(f"  {size:>7,} {aggregation.name}: DuckDB {duckdb_seconds * 1000:.1f} ms, "
                     f"pandas {pandas_seconds * 1000:.1f} ms, same answer: {same}")  # fmt: skip
            whole, _ = _median_seconds(lambda: dashboard_data(cursor, EVERYTHING), REPEATS)
            _say(f"  {size:>7,} everything the Dashboard computes, in DuckDB: {whole * 1000:.1f} ms")
    finally:
        store.close()
    return timings


@dataclass(frozen=True)
class Rerun:
    size: int
    page: str
    first_seconds: float
    cold_seconds: float
    warm_seconds: float


def time_reruns(size: int, database: Path, page: str | None, label: str) -> Rerun:
    """AppTest runs of a page: the first (imports, connection), then reruns, cache cleared and warm."""
    from streamlit.testing.v1 import AppTest

    # AppTest runs pages without a server, which Streamlit logs on every cache call.
    streamlit.logger.set_log_level("error")
    os.environ["DEBRIEF_DB"] = str(database)
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    if page is not None:
        app.switch_page(page)
    started = time.perf_counter()
    app.run()
    first = time.perf_counter() - started
    if app.exception:
        raise RuntimeError(f"{label} failed at {size:,} interviews: {app.exception[0].value}")

    def rerun(clear_cache: bool) -> float:
        if clear_cache:
            st.cache_data.clear()
        started = time.perf_counter()
        app.run()
        return time.perf_counter() - started

    cold = statistics.median(rerun(clear_cache=True) for _ in range(RERUNS))
    warm = statistics.median(rerun(clear_cache=False) for _ in range(RERUNS))
    _say(f"  {size:>7,} {label}: first {first:.2f} s, rerun cold {cold:.3f} s, warm {warm:.3f} s")
    return Rerun(size, label, first, cold, warm)


def _sizes() -> tuple[int, ...]:
    chosen = os.environ.get("BENCH_SIZES", "")
    return tuple(int(size) for size in chosen.split(",") if size.strip()) or SIZES


def _yes_no(same: bool) -> str:
    return "yes" if same else "**no**"


def _met(met: bool) -> str:
    return "met" if met else "missed"


def _aggregation_table(timings: list[Timing]) -> list[str]:
    lines = [
        "| Interviews | Aggregation | DuckDB (ms) | pandas (ms) | pandas ÷ DuckDB | Same answer |",
        "|---:|---|---:|---:|---:|:---:|",
    ]
    for timing in timings:
        lines.append(
            f"| {timing.size:,} | {timing.name} | {timing.duckdb_seconds * 1000:.1f} | "
            f"{timing.pandas_seconds * 1000:.1f} | {timing.ratio:.1f}× | {_yes_no(timing.same)} |"
        )
    return lines


def _totals(timings: list[Timing], sizes: tuple[int, ...]) -> list[str]:
    lines = [
        "| Interviews | All aggregations, DuckDB (ms) | All aggregations, pandas (ms) | pandas ÷ DuckDB | "
        "Slowest ratio |",
        "|---:|---:|---:|---:|---:|",
    ]
    for size in sizes:
        rows = [timing for timing in timings if timing.size == size]
        duckdb_total = sum(timing.duckdb_seconds for timing in rows)
        pandas_total = sum(timing.pandas_seconds for timing in rows)
        worst = min(rows, key=lambda timing: timing.ratio)
        lines.append(
            f"| {size:,} | {duckdb_total * 1000:.0f} | {pandas_total * 1000:.0f} | "
            f"{pandas_total / duckdb_total:.1f}× | {worst.ratio:.1f}× ({worst.name}) |"
        )
    return lines


def _rerun_table(reruns: list[Rerun]) -> list[str]:
    lines = [
        "| Page | Interviews | First run (s) | Rerun, cache cleared (median s) "
        "| Rerun, cache warm (median s) |",
        "|---|---:|---:|---:|---:|",
    ]
    for rerun in reruns:
        lines.append(
            f"| {rerun.page} | {rerun.size:,} | {rerun.first_seconds:.2f} | {rerun.cold_seconds:.3f} | "
            f"{rerun.warm_seconds:.3f} |"
        )
    return lines


def _verdicts(timings: list[Timing], reruns: list[Rerun]) -> list[str]:
    lines = []
    largest = max(timing.size for timing in timings)
    top = [timing for timing in timings if timing.size == largest]
    total_ratio = sum(timing.pandas_seconds for timing in top) / sum(timing.duckdb_seconds for timing in top)
    below = [timing.name for timing in top if timing.ratio < RATIO_TARGET]
    lines.append(
        f"- DuckDB ≥ {RATIO_TARGET:.0f}× pandas at {largest:,} interviews: all aggregations together "
        f"{total_ratio:.1f}×; "
        + (f"below target for: {', '.join(below)}." if below else "every aggregation meets it.")
    )
    mismatches = [f"{timing.name} ({timing.size:,})" for timing in timings if not timing.same]
    lines.append(
        "- Same answer in DuckDB and pandas: "
        + (
            "yes, for every aggregation and size."
            if not mismatches
            else f"**no** for {', '.join(mismatches)}."
        )
    )
    dashboard = {rerun.size: rerun for rerun in reruns if rerun.page == "Dashboard"}
    if 10_000 in dashboard:
        ten = dashboard[10_000]
        lines.append(
            f"- Dashboard rerun at 10,000 interviews < {RERUN_TARGET_SECONDS:.0f} s: cache cleared "
            f"{ten.cold_seconds:.3f} s ({_met(ten.cold_seconds < RERUN_TARGET_SECONDS)}), "
            f"warm {ten.warm_seconds:.3f} s ({_met(ten.warm_seconds < RERUN_TARGET_SECONDS)})."
        )
        if 100_000 in dashboard:
            hundred = dashboard[100_000]
            cold, warm = hundred.cold_seconds / ten.cold_seconds, hundred.warm_seconds / ten.warm_seconds
            lines.append(
                f"- Dashboard rerun at 100,000 ≤ {GROWTH_TARGET:.0f}× the 10,000 one: "
                f"cache cleared {cold:.1f}× ({_met(cold <= GROWTH_TARGET)}), "
                f"warm {warm:.1f}× ({_met(warm <= GROWTH_TARGET)})."
            )
    return lines


def run() -> str:
    sizes = _sizes()
    timings: list[Timing] = []
    reruns: list[Rerun] = []
    for size in sizes:
        database = demo_database(size)
        _say(f"Dashboard aggregations at {size:,} interviews …")
        timings.extend(time_aggregations(size, database))
        reruns.append(time_reruns(size, database, "pages/3_Dashboard.py", "Dashboard"))
        reruns.append(time_reruns(size, database, None, "Home"))
    return "\n".join(
        [
            "## Dashboard",
            "",
            f"Demo data (`DemoSize(n, items_per_interview={ITEMS_PER_INTERVIEW})`, seed {SEED}); every "
            f"aggregation over all interviews (no filter). Median of {REPEATS} runs after one warm-up; "
            "DuckDB timings include handing the result over as a DataFrame, pandas timings start from "
            "tables already in memory (text columns with few values as categoricals).",
            "",
            *_verdicts(timings, reruns),
            "",
            "### Totals",
            "",
            *_totals(timings, sizes),
            "",
            "### Each aggregation",
            "",
            *_aggregation_table(timings),
            "",
            "### Page reruns (AppTest)",
            "",
            f"Median of {RERUNS} reruns each. *Cache cleared* empties `st.cache_data` first, so every query "
            "runs (as after changing a filter or saving a debrief); *cache warm* reuses the results (as "
            "after selecting a bar). The first run includes opening the database and Python imports.",
            "",
            *_rerun_table(reruns),
        ]
    )
