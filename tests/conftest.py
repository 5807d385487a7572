from __future__ import annotations

import datetime as dt
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from debrief import question_groups, repository, settings
from debrief import store as store_module
from debrief.backup import backup_bytes
from debrief.demo import DemoSize, load_demo
from debrief.models import (
    Debrief,
    InterviewerEvaluation,
    Question,
    Reflection,
    TranscriptAnswer,
    TranscriptMeasures,
)
from debrief.question_groups import CACHE_VARIABLE
from debrief.store import Store, migrations

# One trained question matcher for the whole run, its own processes (app servers, importers) included:
# training takes seconds, loading it a fraction of one.
os.environ.setdefault(CACHE_VARIABLE, str(Path(tempfile.gettempdir()) / "debrief-tests-matcher"))


@pytest.fixture
def store(tmp_path):
    opened = Store(tmp_path / "debriefs.duckdb")
    yield opened
    opened.close()


# The reliability suite's summary (tests/reliability/): each guarantee's test records one line with its
# figures, printed at the end of every run (plain `pytest` and `make test` included, no `-s` needed).
# The lines travel with the test's report, so they reach the end of the run from pytest-xdist's workers
# too; the hooks live here because only this conftest is loaded where the run is reported.
_PROPERTY = "reliability summary"
_LINES: list[str] = []  # in the process that reports the run


@pytest.fixture
def summary(request) -> Callable[[str], None]:
    """Record a line of the reliability summary, e.g. summary("crash: 3 imports killed, rows lost: 0")."""
    return lambda line: request.node.user_properties.append((_PROPERTY, line))


def pytest_runtest_logreport(report) -> None:
    if report.when == "call":
        _LINES.extend(value for name, value in report.user_properties if name == _PROPERTY)


def pytest_terminal_summary(terminalreporter) -> None:
    if _LINES:
        terminalreporter.section("reliability guarantees")
        for line in _LINES:
            terminalreporter.write_line(line)


def make_debrief(company: str = "Acme", **changes) -> Debrief:
    """A complete debrief: two mistakes, one strength, two questions, an evaluation."""
    values = {
        "company": company,
        "role": "Backend engineer",
        "interview_date": dt.date(2026, 11, 20),
        "round": "First round",
        "format": "Video call",
        "outcome": "Waiting",
        "notes": "Panel of two",
        "mistakes": [
            Reflection(category="Rambling", what_happened="Long intro", severity=3, next_time="Two minutes"),
            Reflection(category="Salary misstep", what_happened="Named a number", severity=2),
        ],
        "strengths": [Reflection(category="Rapport", what_happened="Shared a laugh", severity=1)],
        "evaluation": InterviewerEvaluation(
            professionalism=2, awkward_pauses=True, in_my_control=30, notes="Late and distracted"
        ),
        "questions": [
            Question(text="Tell me about yourself", category="Behavioural", answer_rating=2, off_guard=False),
            Question(
                text="Design a rate limiter",
                category="Technical",
                answer_rating=4,
                off_guard=True,
                better_answer="Token bucket",
            ),
        ],
    }
    values.update(changes)
    return Debrief(**values)


def make_transcript(kept_text: str | None = None) -> TranscriptMeasures:
    """What a call transcript measured: two answers, the second over two minutes."""
    return TranscriptMeasures(
        source_format="zoom-vtt",
        my_seconds=260.5,
        everyone_seconds=400.0,
        my_words=650,
        everyone_words=1000,
        fillers=9,
        kept_text=kept_text,
        answers=[
            TranscriptAnswer(
                asked_at=12.0,
                speaker="Priya Shah",
                question="Tell me about yourself",
                answer_seconds=70.0,
                answer_words=180,
                fillers=2,
            ),
            TranscriptAnswer(
                asked_at=95.5,
                speaker="Priya Shah",
                question="Why did you choose Kafka?",
                follow_up=True,
                answer_seconds=150.25,
                answer_words=400,
                fillers=7,
            ),
        ],
    )


ROOT = Path(__file__).resolve().parent.parent
T = TypeVar("T")


def on_database(path: Path, work: Callable[[Store], T]) -> T:
    """`work(store)` on the database file at `path`, whose store is closed again afterwards: the app under
    test (AppTest, or a server in another process) opens the file itself."""
    store = Store(path)
    try:
        return work(store)
    finally:
        store.close()


def add_debriefs(store: Store, *companies: str) -> list[int]:
    """One `make_debrief` per company, past the first-run offer of demo data; their ids."""
    settings.set_setting(store, "first_run_done", "empty")
    return [repository.insert_debrief(store, make_debrief(company)).id for company in companies]


def debriefs_database(path: Path, *companies: str) -> list[int]:
    """The database file at `path` with one debrief per company added (`add_debriefs`), closed again."""
    return on_database(path, lambda store: add_debriefs(store, *companies))


def group_of(store: Store) -> dict[str, str]:
    """Each grouped question text and its group's key."""
    with store.cursor() as cursor:
        rows = cursor.execute(
            "SELECT m.text, g.group_key FROM question_text_groups m "
            "JOIN question_groups g ON g.id = m.group_id"
        ).fetchall()
    return dict(rows)


def group_pending(store: Store) -> int:
    """Group what the store's groups lack (every text again, if another matcher made them), as opening
    the database does; how many texts were grouped."""
    matcher = question_groups.matcher_for(store)
    with store.transaction() as cursor:
        return question_groups.update_groups(cursor, matcher)


def needs_regrouping(store: Store) -> bool:
    """Whether the stored question groups were made by another matcher than today's (or their maker was
    forgotten, as after an import), so that the next sync regroups every text."""
    with store.cursor() as cursor:
        stored = cursor.execute("SELECT matcher_fingerprint FROM question_grouping").fetchall()
        any_grouped = cursor.execute("SELECT EXISTS (SELECT 1 FROM question_text_groups)").fetchall()[0][0]
    # The grouping module's fingerprint, which tests replace to play an update.
    return any_grouped and stored != [(question_groups.matcher_fingerprint(),)]


def add_demo(store: Store, interviews: int, seed: int, end_date: dt.date | None = None) -> None:
    """Add `interviews` demo interviews (the same seed gives the same data), dated over the two years up to
    `end_date`, by default today."""
    load_demo(store, DemoSize(interviews), seed=seed, end_date=end_date)


def demo_database(path: Path, interviews: int, seed: int, end_date: dt.date | None = None) -> Path:
    """The database file at `path` with demo interviews added (`add_demo`), closed again."""
    on_database(path, lambda store: add_demo(store, interviews, seed, end_date))
    return path


@pytest.fixture
def database(tmp_path, monkeypatch) -> Path:
    """A fresh database file that the app under test (`open_page`) uses through DEBRIEF_DB."""
    path = tmp_path / "app.duckdb"
    monkeypatch.setenv("DEBRIEF_DB", str(path))
    return path


def upload(app: AppTest, key: str, name: str, data: bytes) -> None:
    """Give the file uploader `key` a file, as if the user picked it."""
    app.file_uploader(key=key).set_value((name, data, "application/octet-stream")).run()
    assert_no_exception(app)


def open_page(page: str | None = None, query: dict[str, str] | None = None) -> AppTest:
    """Run a page the way the browser does: from app.py, switched to `page` (e.g. "pages/2_Interviews.py").

    A page run as its own entry point could not link back to app.py, so AppTest starts from app.py.
    """
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if page is not None:
        app.switch_page(page)
    for name, value in (query or {}).items():
        app.query_params[name] = value
    return app.run()


def assert_no_exception(app: AppTest) -> None:
    assert not app.exception, [exception.value for exception in app.exception]


STARTUP_SECONDS = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_healthy(url: str, server: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the app exited at start-up:\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the app did not answer within {STARTUP_SECONDS} s:\n{log_path.read_text()}")


@contextmanager
def serving(command: list[str], database: Path, port: int, log_path: Path) -> Iterator[str]:
    """`command` (a Debrief server on `port`, on its own database file) running until the block ends;
    yields its base URL once it answers. The whole process group is stopped (`make run` starts a child)."""
    url = f"http://127.0.0.1:{port}"
    environment = {
        **os.environ,
        "DEBRIEF_DB": str(database),
        "STREAMLIT_SERVER_HEADLESS": "true",
        "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none",
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
    }
    with log_path.open("w") as log:
        server = subprocess.Popen(
            command, cwd=ROOT, env=environment, stdout=log, stderr=log, start_new_session=True
        )
        try:
            _wait_until_healthy(url, server, log_path)
            yield url
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()


def debrief_server(port: int, *options: str) -> list[str]:
    """The command `make run` runs (`make run SHARE=1` with --share)."""
    return [sys.executable, "-m", "ui.server", "--port", str(port), *options]


_HOLD_DATABASE = (
    "import duckdb, sys, time; connection = duckdb.connect(sys.argv[1]); print('holding', flush=True); "
    "time.sleep(60)"
)


@contextmanager
def held_by_another_process(path: Path) -> Iterator[None]:
    """Another program (a second Debrief, say) holds the database file open meanwhile."""
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_DATABASE, str(path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        yield
    finally:
        holder.kill()
        holder.wait()


def shown_text(markdown: str) -> str:
    """What the reader sees of markdown that `ui.text.plain` escaped."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("  \n", "\n")


def button(app, label: str):
    """The AppTest button labelled `label`."""
    return next(item for item in app.button if item.label == label)


def texts(elements) -> list[str]:
    return [element.value for element in elements]


def backup_with(tmp_path: Path, *statements: str, companies: tuple[str, ...] = ("Acme",)) -> Path:
    """A real Debrief backup of `companies`' debriefs, then `statements` run on it as an attacker would.
    Each call makes a file of its own in `tmp_path`."""
    folder = Path(tempfile.mkdtemp(prefix="backup-", dir=tmp_path))
    source = Store(folder / "source" / "debriefs.duckdb")
    for company in companies:
        repository.insert_debrief(source, make_debrief(company))
    data = backup_bytes(source)
    source.close()
    path = folder / "backup.duckdb"
    path.write_bytes(data)
    connection = duckdb.connect(str(path))
    for statement in statements:
        connection.execute(statement)
    connection.close()
    return path


def with_extra_migration(monkeypatch, script: str = "CREATE TABLE extra (x INTEGER);") -> None:
    """Until `monkeypatch` is undone, stores migrate on to one schema version more than ships, by `script`."""
    shipped = migrations()
    monkeypatch.setattr(store_module, "migrations", lambda: [*shipped, (shipped[-1][0] + 1, script)])
