"""The brief's backtest: how much of each interview's questions the brief made before it listed.

For every demo interview, the brief is ranked only from the interviews before its day (one history
loaded once, `analytics.brief.History`), and scored by the share of the interview's question groups
its top 10 listed, against the baseline of the user's 10 most asked groups before it. Reported for the
later rounds of multi-round applications (the brief's goal: at least 1.3 times the baseline) and over
every interview, on the development seed the weights were tuned on and on a held-out seed scored only
at checkpoints. Then the time to make one brief at 10,000 demo interviews (bench/dashboard.py's
cached database).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from analytics.brief import (
    EXPECTED_LIMIT,
    ROUND_PRIOR_QUESTIONS,
    WEIGHTS,
    BriefTarget,
    History,
    backtest,
    make_brief,
)
from bench.dashboard import END_DATE, demo_database
from debrief.demo import DemoSize, load_demo
from debrief.store import Store

BACKTEST_INTERVIEWS = 2_000
DEV_SEED = 5
HELD_OUT_SEED = 29
RATIO_GOAL = 1.3
TIMED_INTERVIEWS = 10_000
TIMING_RUNS = 7
TIME_GOAL_SECONDS = 0.3


@dataclass(frozen=True)
class Score:
    interviews: int
    brief: float  # mean share of an interview's question groups the brief listed
    baseline: float

    @property
    def ratio(self) -> float:
        return self.brief / self.baseline if self.baseline else float("inf")


def _score(results) -> Score:
    scored = [result for result in results if result.hit_rate is not None]
    if not scored:
        return Score(0, 0.0, 0.0)
    return Score(
        len(scored),
        statistics.fmean(result.hit_rate for result in scored),
        statistics.fmean(result.baseline_hit_rate for result in scored),
    )


def backtest_seed(seed: int, interviews: int = BACKTEST_INTERVIEWS) -> tuple[Score, Score]:
    """(later rounds of multi-round applications, every interview) for a fresh demo of this seed."""
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "demo.duckdb")
        try:
            load_demo(store, DemoSize(interviews), seed=seed, end_date=END_DATE)
            with store.cursor() as cursor:
                later = {
                    interview_id
                    for (interview_id,) in cursor.execute(
                        "SELECT id FROM interviews i WHERE EXISTS (SELECT 1 FROM interviews e "
                        "WHERE e.application_id = i.application_id AND e.interview_date < i.interview_date)"
                    ).fetchall()
                }
                ids = [row[0] for row in cursor.execute("SELECT id FROM interviews ORDER BY id").fetchall()]
                history = History(cursor)
        finally:
            store.close()
    results = {interview_id: backtest(history, interview_id, EXPECTED_LIMIT) for interview_id in ids}
    return _score(results[i] for i in sorted(later)), _score(results.values())


def time_brief() -> tuple[float, int, str]:
    """The median seconds to make one brief at 10,000 demo interviews, the interviews it read and the
    company it was for (the one with the most rounds)."""
    store = Store(demo_database(TIMED_INTERVIEWS))
    try:
        with store.snapshot() as cursor:
            company, role, round_ = cursor.execute(
                "SELECT company, role, 'Final' FROM interviews GROUP BY company, role "
                "ORDER BY count(*) DESC, company, role LIMIT 1"
            ).fetchall()[0]
            target = BriefTarget(company, role, round_)
            make_brief(cursor, target)  # warm
            seconds = []
            for _ in range(TIMING_RUNS):
                started = time.perf_counter()
                made = make_brief(cursor, target)
                seconds.append(time.perf_counter() - started)
    finally:
        store.close()
    return statistics.median(seconds), made.interviews_used, company


def _row(name: str, score: Score) -> str:
    return (
        f"| {name} | {score.interviews:,} | {score.brief:.3f} | {score.baseline:.3f} | {score.ratio:.2f}x |"
    )


def run() -> str:
    print("Backtesting the brief on the development seed …", file=sys.stderr, flush=True)
    dev_later, dev_all = backtest_seed(DEV_SEED)
    print("… and on the held-out seed …", file=sys.stderr, flush=True)
    held_later, held_all = backtest_seed(HELD_OUT_SEED)
    seconds, used, company = time_brief()
    met = held_later.ratio >= RATIO_GOAL
    weights = ", ".join(f"{name} {value}" for name, value in vars(WEIGHTS).items())
    weights += f"; round share starts from {ROUND_PRIOR_QUESTIONS} questions' worth of the overall share"
    return "\n".join(
        [
            "## The brief for an upcoming interview",
            "",
            f"Backtest on demo data ({BACKTEST_INTERVIEWS:,} interviews, ending {END_DATE}): for each "
            "interview, a brief made only from the interviews before its day; the mean share of its "
            f"question groups the brief's top {EXPECTED_LIMIT} listed, against the baseline of the "
            f"{EXPECTED_LIMIT} most asked groups before it. Weights ({weights}) tuned on the "
            "development seed only.",
            "",
            "| Interviews | Scored | Brief | Baseline | Ratio |",
            "|---|---|---|---|---|",
            _row(f"later rounds, dev seed {DEV_SEED} (tuned on)", dev_later),
            _row(f"later rounds, held-out seed {HELD_OUT_SEED}", held_later),
            _row(f"every interview, dev seed {DEV_SEED}", dev_all),
            _row(f"every interview, held-out seed {HELD_OUT_SEED}", held_all),
            "",
            f"Goal on the held-out later rounds: ratio ≥ {RATIO_GOAL}: {'met' if met else 'NOT met'}.",
            "",
            f"Making one brief at {TIMED_INTERVIEWS:,} demo interviews ({company}, Final round, from "
            f"{used:,} debriefs): {seconds * 1000:.0f} ms, median of {TIMING_RUNS} "
            f"(goal < {TIME_GOAL_SECONDS * 1000:.0f} ms).",
        ]
    )
