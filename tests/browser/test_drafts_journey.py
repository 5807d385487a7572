"""Journey: nothing typed is lost. Type a company, a role and a mistake; go to another page; come back:
everything is there. Resume an older draft: every field comes back. A pause in typing is enough for a
refresh to keep the text."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import expect_cell, open_app, wait_for_app


def _sidebar(page: Page, name: str) -> None:
    page.get_by_test_id("stSidebar").get_by_role("link", name=name, exact=True).click()
    wait_for_app(page)


def _type(page: Page, label: str, text: str) -> None:
    page.get_by_label(label, exact=True).fill(text)
    page.keyboard.press("Tab")
    wait_for_app(page)


def _blank_form(page: Page, app_url: str) -> None:
    """New debrief, on a blank form (it comes back to a draft in progress, as another test leaves one)."""
    open_app(page, f"{app_url}/New_debrief")
    if page.get_by_role("button", name="Start a new debrief").count():
        page.get_by_role("button", name="Start a new debrief").click()
        wait_for_app(page)


def test_leaving_new_debrief_and_coming_back_keeps_everything(page: Page, app_url: str):
    _blank_form(page, app_url)
    _type(page, "Company", "Comeback Ltd")
    _type(page, "Role", "Platform engineer")
    page.get_by_placeholder("What went wrong? Enter to add").fill("Forgot the STAR structure")
    page.keyboard.press("Enter")
    wait_for_app(page)
    _sidebar(page, "Interviews")
    _sidebar(page, "New debrief")
    expect(page.get_by_label("Company", exact=True)).to_have_value("Comeback Ltd")
    expect(page.get_by_label("Role", exact=True)).to_have_value("Platform engineer")
    expect_cell(page, "Forgot the STAR structure")
    # And after a refresh of the page that has no draft in its address.
    page.goto(f"{app_url}/New_debrief")
    wait_for_app(page)
    expect(page.get_by_label("Company", exact=True)).to_have_value("Comeback Ltd")


def test_a_resumed_draft_comes_back_with_every_field(page: Page, app_url: str):
    _blank_form(page, app_url)
    _type(page, "Company", "Resumed Co")
    _type(page, "Role", "Analyst")
    page.get_by_text("Awkward pauses").click()
    wait_for_app(page)
    page.get_by_label("Notes on the interviewer").fill("Kind but late")
    page.get_by_label("Role", exact=True).click()  # a text area commits when it loses focus
    wait_for_app(page)

    page.get_by_role("button", name="Start a new debrief").click()
    wait_for_app(page)
    expect(page.get_by_label("Company", exact=True)).to_have_value("")
    _type(page, "Company", "Someone else")
    row = page.get_by_text("Resumed Co ·").locator("xpath=ancestor::div[@data-testid='stHorizontalBlock'][1]")
    row.get_by_role("button", name="Resume").click()
    wait_for_app(page)
    expect(page.get_by_label("Company", exact=True)).to_have_value("Resumed Co")
    expect(page.get_by_label("Role", exact=True)).to_have_value("Analyst")
    expect(page.get_by_label("Notes on the interviewer")).to_have_value("Kind but late")
    expect(page.get_by_label("Awkward pauses")).to_be_checked()

    # Typing without Enter or Tab: a pause commits it, so a refresh keeps it.
    page.get_by_label("Role", exact=True).fill("Senior analyst")
    page.wait_for_timeout(2_000)
    wait_for_app(page)
    page.reload()
    wait_for_app(page)
    expect(page.get_by_label("Company", exact=True)).to_have_value("Resumed Co")
    expect(page.get_by_label("Role", exact=True)).to_have_value("Senior analyst")
