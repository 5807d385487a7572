"""The question list downloaded in a real Chromium: every question, grouped, formulas neutralised."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from debrief import repository, settings
from debrief.models import Question
from debrief.store import Store
from tests.browser.conftest import open_app, seeded_app, wait_for_app
from tests.conftest import make_debrief

ASKED = [
    ("Acme Rockets", ["Tell me about yourself", "What is your greatest weakness?", '=HYPERLINK("http://x")']),
    ("Globex", ["tell me abt urself", "Why do you want to work for us? 🚀"]),
    (
        "Initech",
        ["so, introduce yourself", "biggest weakness", "How would you build an elevator controller?"],
    ),
]


def the_questions_asked(store: Store) -> None:
    for day, (company, texts) in enumerate(ASKED, start=1):
        questions = [Question(text=text, category="Behavioural", answer_rating=3) for text in texts]
        repository.insert_debrief(
            store, make_debrief(company, interview_date=dt.date(2026, 2, day), questions=questions)
        )
    settings.set_setting(store, "first_run_done", "empty")


@pytest.fixture(scope="module")
def questions_app(chromium, tmp_path_factory) -> Iterator[str]:
    """An app server of its own, on a database holding exactly the questions above."""
    with seeded_app(tmp_path_factory, the_questions_asked) as (url, _):
        yield url


def download(page: Page, tab: str, button: str) -> list[dict[str, str]]:
    page.get_by_role("tab", name=tab).click()
    with page.expect_download() as started:
        page.get_by_role("button", name=button).click()
    data = started.value.path().read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_download_the_question_lists(page: Page, questions_app: str):
    # This app server's first visit to Questions waits for the question matcher: about 5 s when the
    # machine is idle, several times that when other work shares its two cores.
    page.set_default_timeout(60_000)
    open_app(page, f"{questions_app}/Questions")
    expect(page.get_by_role("heading", name="Questions")).to_be_visible()
    wait_for_app(page)

    every = download(page, "All questions", "Download all questions (CSV)")
    assert sorted(row["Question"] for row in every) == sorted(
        "'" + text if text.startswith("=") else text for _company, texts in ASKED for text in texts
    )
    grouped_as = {row["Question"]: row["Grouped as"] for row in every}
    assert (
        grouped_as["tell me abt urself"] == grouped_as["so, introduce yourself"] == "Tell me about yourself"
    )
    assert {row["Company"] for row in every} == {"Acme Rockets", "Globex", "Initech"}

    grouped = download(page, "Most common", "Download the grouped list (CSV)")
    assert (grouped[0]["Question"], grouped[0]["Times asked"], grouped[0]["Companies"]) == (
        "Tell me about yourself",
        "3",
        "3",
    )
    assert len(grouped) == 5
