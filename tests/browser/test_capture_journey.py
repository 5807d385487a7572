"""Capturing a debrief in a real browser: fill, save, refresh, find it again; hostile text stays text."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import IDLE_APP, expect_cell, open_app, wait_for_app

HOSTILE = "<script>alert(1)</script> 🚀 ünïcode"


def quick_add(page: Page, label: str, text: str) -> None:
    field = page.get_by_label(label, exact=True)
    field.fill(text)
    field.press("Enter")
    wait_for_app(page)


def test_capture_save_refresh_and_find_with_items(page: Page, app_url: str):
    alerts: list[str] = []
    page.on("dialog", lambda dialog: (alerts.append(dialog.message), dialog.dismiss()))
    open_app(page, f"{app_url}/New_debrief")

    company = page.get_by_label("Company", exact=True)
    company.fill("Browser Journey Ltd")
    company.press("Tab")
    role = page.get_by_label("Role", exact=True)
    role.fill(HOSTILE)
    role.press("Tab")
    wait_for_app(page)
    quick_add(page, "Add a mistake", "Rambled through the intro")
    quick_add(page, "Add a mistake", "No numbers for the migration story")
    quick_add(page, "Add a strength", "Calm system design walkthrough")
    quick_add(page, "Add a question", "Tell me about yourself")
    quick_add(page, "Add a question", "Design a URL shortener")
    expect(page.get_by_text("Draft", exact=True)).to_be_visible()
    expect_cell(page, "Rambled through the intro")
    expect_cell(page, "Design a URL shortener")

    page.reload()
    page.wait_for_load_state()
    wait_for_app(page)
    expect(page.get_by_label("Company", exact=True)).to_have_value("Browser Journey Ltd")
    expect_cell(page, "No numbers for the migration story")

    page.get_by_role("button", name="Save debrief").click()
    expect(page.get_by_text("Saved the debrief for Browser Journey Ltd")).to_be_visible()
    page.reload()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Edit debrief: Browser Journey Ltd")).to_be_visible()

    open_app(page, f"{app_url}/Interviews")
    search = page.get_by_label("Search debriefs")
    search.fill("Browser Journey")
    search.press("Enter")
    wait_for_app(page)
    expect(page.get_by_text("1 debrief", exact=True)).to_be_visible()
    page.get_by_label("Open a debrief").click()
    page.get_by_role("option", name="Browser Journey Ltd").click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name=f"Browser Journey Ltd · {HOSTILE}")).to_be_visible()
    for text in (
        "Rambled through the intro",
        "No numbers for the migration story",
        "Calm system design walkthrough",
        "Tell me about yourself",
        "Design a URL shortener",
    ):
        expect_cell(page, text)
    assert page.locator("script", has_text="alert(1)").count() == 0
    assert alerts == []


def test_typing_at_once_after_the_page_opens_keeps_the_interviewer_defaults(page: Page, app_url: str):
    """Typing before the first run has finished used to reset the slider to 0% and untick 'on time'."""
    page.goto(f"{app_url}/New_debrief")
    page.locator(IDLE_APP).wait_for()  # before the first run has even started
    company = page.get_by_label("Company", exact=True)
    company.fill("Quick Typist Ltd")
    company.press("Tab")
    wait_for_app(page)
    quick_add(page, "Add a mistake", "Spoke too fast")
    expect(page.get_by_test_id("stSliderThumbValue").first).to_have_text("50")
    expect(page.get_by_label("Started on time")).to_be_checked()
    page.get_by_role("button", name="Save debrief").click()
    expect(page.get_by_text("Saved the debrief for Quick Typist Ltd")).to_be_visible()
    wait_for_app(page)
    expect(page.get_by_test_id("stSliderThumbValue").first).to_have_text("50")
    expect(page.get_by_label("Started on time")).to_be_checked()
