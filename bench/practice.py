"""Practice page reruns at 10,000 demo interviews (bench/dashboard.py's cached database), with the result
cache cleared before each: as it opens on the next due card, and with that card's answer shown. Then
one rating, stored in one transaction, timed. On a copy of the cached database, so the cache stays as
generated."""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from pathlib import Path

import streamlit as st
import streamlit.logger
from streamlit.testing.v1 import AppTest

from bench.dashboard import RERUNS, ROOT, demo_database, time_reruns
from debrief import practice, practice_due
from debrief.store import Store

INTERVIEWS = 10_000
GOAL_SECONDS = 0.3
PAGE = "pages/9_Practice.py"


def _cards(database: Path) -> tuple[int, int, int]:
    """(cards, due now, ratings logged) of the database; cards are made first if it has none (a demo
    from before practice)."""
    store = Store(database)
    try:
        with store.cursor() as cursor:
            made = cursor.execute("SELECT count(*) FROM practice_cards").fetchall()[0][0]
        if not made:
            with store.transaction() as cursor:
                practice.start_missing_cards(cursor)
        with store.cursor() as cursor:
            cards, reviews = cursor.execute(
                "SELECT (SELECT count(*) FROM practice_cards), (SELECT count(*) FROM practice_reviews)"
            ).fetchall()[0]
            due = practice_due.due_count(cursor)
    finally:
        store.close()
    return cards, due, reviews


def _time_rating(database: Path) -> float:
    """Seconds to rate the next due card Good (FSRS and the log, one transaction)."""
    store = Store(database)
    try:
        with store.cursor() as cursor:
            due = practice_due.due_cards(cursor, limit=1)
        if due.empty:
            return float("nan")
        started = time.perf_counter()
        practice.rate(store, int(due["id"].iloc[0]), "Good")
        return time.perf_counter() - started
    finally:
        store.close()


def _time_revealed(database: Path) -> float:
    """The median rerun, cache cleared, once Show answer was pressed."""
    streamlit.logger.set_log_level("error")
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    app.switch_page(PAGE)
    app.run()
    if app.exception:
        raise RuntimeError(f"Practice failed: {app.exception[0].value}")
    shows = [button for button in app.button if button.key == "practice.show"]
    if shows:
        shows[0].click()
        app.run()
    timings = []
    for _ in range(RERUNS):
        st.cache_data.clear()
        started = time.perf_counter()
        app.run()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def run() -> str:
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "practice.duckdb"
        shutil.copyfile(demo_database(INTERVIEWS), database)
        cards, due, reviews = _cards(database)
        opened = time_reruns(INTERVIEWS, database, PAGE, "Practice")
        revealed = _time_revealed(database)
        rating = _time_rating(database)
    met = max(opened.cold_seconds, revealed) < GOAL_SECONDS
    return "\n".join(
        [
            "## Practice",
            "",
            f"The Practice page at {INTERVIEWS:,} demo interviews ({cards:,} cards, {due:,} due, "
            f"{reviews:,} ratings logged), rerun through AppTest with the result cache cleared first, "
            f"median of {RERUNS} reruns.",
            "",
            "| Practice page | Rerun, cache cleared (ms) |",
            "|---|---:|",
            f"| opened on the next due card | {opened.cold_seconds * 1000:.0f} |",
            f"| with its answer shown | {revealed * 1000:.0f} |",
            "",
            f"Goal < {GOAL_SECONDS * 1000:.0f} ms: {'met' if met else 'NOT met'}. Rating a card (FSRS, then "
            f"the card and its log written in one transaction): {rating * 1000:.0f} ms.",
        ]
    )
