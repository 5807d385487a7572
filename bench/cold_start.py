"""Cold start: how long a fresh process takes to show Home, against a trivial page.

Each run is a new Python process that runs one page once through AppTest and exits: Home on a
database of 300 demo interviews, or a trivial page that imports the same libraries (streamlit, duckdb,
pandas, plotly) and draws a title and a table. The two alternate, RUNS times each, and the medians are
compared: the goal is Home within 1.5x of the trivial page. (Before the question matcher was kept on
disk and scikit-learn left off the reading pages, Home took about 3.5x.)
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from debrief.demo import DemoSize, load_demo
from debrief.store import Store

ROOT = Path(__file__).resolve().parent.parent
INTERVIEWS = 300
RUNS = 5
TARGET_RATIO = 1.5
TRIVIAL_PAGE = """
import duckdb
import pandas as pd
import plotly.express as px
import streamlit as st

st.title("Trivial")
st.dataframe(pd.DataFrame({"a": [1, 2, 3]}))
"""
FIRST_RUN = """
import sys
from streamlit.testing.v1 import AppTest

app = AppTest.from_file(sys.argv[1], default_timeout=120).run()
assert not app.exception, [exception.value for exception in app.exception]
"""


def _fresh_process_seconds(page: Path, database: Path) -> float:
    environment = {**os.environ, "DEBRIEF_DB": str(database)}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", FIRST_RUN, str(page)], cwd=ROOT, env=environment, check=True)
    return time.perf_counter() - started


def run() -> str:
    with tempfile.TemporaryDirectory(prefix="debrief-cold-start-") as folder:
        database = Path(folder) / "debriefs.duckdb"
        store = Store(database)
        load_demo(store, DemoSize(INTERVIEWS), seed=7)
        store.close()
        trivial = Path(folder) / "trivial.py"
        trivial.write_text(TRIVIAL_PAGE, encoding="utf-8")
        home_seconds, trivial_seconds = [], []
        _fresh_process_seconds(ROOT / "app.py", database)  # the first open brings the database up to date
        for _ in range(RUNS):
            trivial_seconds.append(_fresh_process_seconds(trivial, database))
            home_seconds.append(_fresh_process_seconds(ROOT / "app.py", database))
    home, plain = statistics.median(home_seconds), statistics.median(trivial_seconds)
    ratio = home / plain
    return "\n".join(
        [
            "## Cold start",
            "",
            "| measure | result | target |",
            "| --- | --- | --- |",
            f"| a fresh process's first run of Home ({INTERVIEWS} demo interviews; median of {RUNS}) "
            f"| {home:.2f} s | |",
            f"| a fresh process's first run of a trivial page importing the same libraries (median of "
            f"{RUNS}) | {plain:.2f} s | |",
            f"| Home against the trivial page | {ratio:.2f}x | ≤ {TARGET_RATIO}x |",
            "",
            "Each run is a new Python process running the page once through AppTest, the two alternating. "
            "The question matcher's load time is in the question grouping section.",
        ]
    )


if __name__ == "__main__":
    print(run())
