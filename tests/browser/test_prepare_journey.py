"""Preparing for an interview in a real browser: schedule it, read and download its brief, capture its
debrief afterwards from the plan, and see the brief against what happened."""

from __future__ import annotations

import datetime as dt
import re

from playwright.sync_api import Page, expect

from debrief import repository
from debrief.models import Question, Reflection
from tests.browser.conftest import ARTIFACTS, open_app, seeded_app, wait_for_app
from tests.conftest import make_debrief

WASTE = "How would you cut the Harrogate depot food waste"
BETTER = "Weigh it per aisle for a week, then fix the worst three"
NEXT_TIME = "Two minutes, then stop and ask"


def _history(store) -> None:
    """An earlier round of the application, and a mistake made at two companies."""
    rambling = Reflection(category="Rambling", what_happened="Long intro", severity=2, next_time=NEXT_TIME)
    today = dt.date.today()
    repository.insert_debrief(
        store,
        make_debrief(
            "Journey Labs",
            role="Data analyst",
            round="Phone screen",
            interview_date=today - dt.timedelta(days=12),
            outcome="Next round",
            mistakes=[rambling],
            questions=[Question(text=WASTE, category="Situational", answer_rating=2, better_answer=BETTER)],
        ),
    )
    repository.insert_debrief(
        store, make_debrief("Other Co", interview_date=today - dt.timedelta(days=20), mistakes=[rambling])
    )


def _fill(page: Page, label: str, text: str, within=None) -> None:
    field = (within or page).get_by_label(label, exact=True)
    field.fill(text)
    field.press("Enter")
    wait_for_app(page)


def _choose(page: Page, label: str, option: str, within=None) -> None:
    (within or page).get_by_label(label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_for_app(page)


def _set_date(page: Page, within, day: dt.date) -> None:
    """Streamlit's date field is typed into segment by segment: year, month, day."""
    field = within.get_by_role("group", name="Date")
    field.get_by_role("spinbutton").first.click()
    page.keyboard.type(f"{day:%Y%m%d}")
    expect(field).to_contain_text(f"{day:%Y}")
    expect(field).to_contain_text(f"{day:%d}")
    page.keyboard.press("Enter")
    wait_for_app(page)


def test_schedule_brief_then_debrief_from_the_plan(page: Page, tmp_path_factory, tmp_path):
    with seeded_app(tmp_path_factory, _history) as (url, _):
        open_app(page, f"{url}/Prepare")
        expect(page.get_by_text("No interview scheduled")).to_be_visible()
        form = page.get_by_test_id("stExpander").filter(has_text="Schedule an interview")
        _choose(page, "Application", "Journey Labs · Data analyst", form)
        _choose(page, "Round", "Final", form)
        _fill(page, "Interviewers", "Priya Shah, Tom Becker", form)
        form.get_by_role("button", name="Schedule it").click()
        wait_for_app(page)
        expect(page.get_by_text("Scheduled: Final at Journey Labs")).to_be_visible()
        expect(
            page.get_by_role("heading", name="Brief: Final interview at Journey Labs (Data analyst)")
        ).to_be_visible()
        expect(page.get_by_text(f"1. {WASTE}")).to_be_visible()
        expect(page.get_by_text(f"Your best answer so far: {BETTER}")).to_be_visible()
        expect(page.get_by_text(NEXT_TIME)).to_be_visible()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "prepare-brief.png"), full_page=True)

        with page.expect_download() as download:
            page.get_by_role("button", name="Download the brief (Markdown)").click()
        markdown = tmp_path / "brief.md"
        download.value.save_as(markdown)
        text = markdown.read_text(encoding="utf-8")
        assert "# Brief: Journey Labs" in text
        for expected in (WASTE, NEXT_TIME, "Priya Shah, Tom Becker"):
            assert expected in text
        with page.expect_download() as download:
            page.get_by_role("button", name="Download a page to print (HTML)").click()
        printable = tmp_path / "brief.html"
        download.value.save_as(printable)
        assert "@media print" in printable.read_text(encoding="utf-8")

        # Home counts down to it.
        open_app(page, url)
        expect(page.get_by_text(re.compile(r"Next: Final interview at Journey Labs"))).to_be_visible()

        # The interview took place yesterday after all: moved, it asks for its debrief.
        open_app(page, f"{url}/Prepare")
        editor = page.get_by_test_id("stExpander").filter(has_text="Move or edit this interview")
        editor.get_by_text("Move or edit this interview").click()
        wait_for_app(page)
        yesterday = dt.date.today() - dt.timedelta(days=1)
        _set_date(page, editor, yesterday)
        editor.get_by_role("button", name="Save changes").click()
        expect(page.get_by_text(f"Saved: Final at Journey Labs, {yesterday:%a %d %b}")).to_be_visible()
        open_app(page, url)
        expect(page.get_by_text(re.compile("capture its debrief"))).to_be_visible()
        page.get_by_role("link", name="Debrief it").click()
        wait_for_app(page)
        expect(page.get_by_label("Company", exact=True)).to_have_value("Journey Labs")
        expect(page.get_by_label("Role", exact=True)).to_have_value("Data analyst")
        _fill(page, "Add a question", WASTE)
        _fill(page, "Add a question", "Why do you want to leave retail analytics")
        page.get_by_role("button", name="Save debrief").click()
        expect(page.get_by_text("Saved the debrief for Journey Labs")).to_be_visible()
        saved = re.search(r"[?&]id=(\d+)", page.url).group(1)

        open_app(page, f"{url}/Interviews?id={saved}")
        expect(page.get_by_text("Your brief against what happened")).to_be_visible()
        expect(page.get_by_text(re.compile(r"The brief listed 1 of the 2 questions"))).to_be_visible()
        expect(page.get_by_text("Avoided: Rambling")).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / "prepare-plan-against-actual.png"), full_page=True)
