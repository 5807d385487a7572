"""Real-browser fixtures: the app as a real Streamlit server on a free port, driven by Debian's Chromium.

Playwright cannot download its own browser on these machines, so it drives /usr/bin/chromium. Without
Chromium the tests are skipped with the reason, except under CI, where they must run.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

from debrief.store import Store
from tests.conftest import ROOT, T, debrief_server, free_port, on_database, serving

CHROMIUM = Path("/usr/bin/chromium")
# Without the networking flags Chromium keeps trying to reach Google, which this closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = ROOT / "test-artifacts"
IDLE_APP = "[data-testid='stApp'][data-test-script-state='notRunning']"


def pytest_collection_modifyitems(items) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.call_failed = report.failed
    return report


@contextmanager
def running_app(database: Path, log_path: Path) -> Iterator[str]:
    """Debrief's server as `make run` starts it, on its own database file; yields the base URL."""
    port = free_port()
    with serving(debrief_server(port), database, port, log_path) as url:
        yield url


@contextmanager
def seeded_app(tmp_path_factory, seed: Callable[[Store], T]) -> Iterator[tuple[str, T]]:
    """An app server of its own, on a new database that `seed(store)` fills first; yields the URL and what
    `seed` returned. For tests whose data must not mix with the shared `app_url` database."""
    folder = tmp_path_factory.mktemp("seeded-app")
    database = folder / "debriefs.duckdb"
    seeded = on_database(database, seed)
    with running_app(database, folder / "streamlit.log") as url:
        yield url, seeded


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but {CHROMIUM} is missing: .ci/run installs it with apt-get.")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install -y chromium): browser tests skipped.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def app_url(chromium, tmp_path_factory) -> Iterator[str]:
    """One app server for the session, on a database the browser tests share (each uses its own names)."""
    folder = tmp_path_factory.mktemp("browser-app")
    with running_app(folder / "debriefs.duckdb", folder / "streamlit.log") as url:
        yield url


@pytest.fixture
def page(chromium, request) -> Iterator[Page]:
    """A fresh browser tab; a screenshot lands in test-artifacts/ when the test fails."""
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(20_000)
    tab = context.new_page()
    yield tab
    if getattr(request.node, "call_failed", False):
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def wait_for_app(page: Page) -> None:
    """Wait until Streamlit has finished the rerun that the last action started."""
    page.wait_for_timeout(150)
    page.locator(IDLE_APP).wait_for()


def open_app(page: Page, url: str) -> None:
    page.goto(url)
    page.locator(IDLE_APP).wait_for()


def table_cell(page: Page, text: str) -> Locator:
    """A table cell showing `text` (Streamlit's canvas grids keep an accessible copy)."""
    return page.locator("[data-testid^='glide-cell-']").filter(has_text=text).first


def expect_cell(page: Page, text: str) -> None:
    """A table on the page shows `text` in a cell."""
    expect(table_cell(page, text), f"no table cell shows {text!r}").to_be_attached()
