"""From a call transcript to a saved debrief, in a real browser: upload, pick yourself, see the
interviewer's questions in the debrief, take the Rambling suggestion, save."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import ARTIFACTS, expect_cell, open_app, wait_for_app
from tests.conftest import ROOT

CALL = ROOT / "tests" / "fixtures" / "transcripts" / "dev" / "02_zoom_vtt_panel_data_analyst.vtt"


def test_a_transcript_prefills_the_questions_of_a_debrief_that_is_then_saved(page: Page, app_url: str):
    open_app(page, f"{app_url}/New_debrief")
    company = page.get_by_label("Company", exact=True)
    company.fill("Transcript Journey Ltd")
    company.press("Tab")
    wait_for_app(page)
    page.get_by_text("Start from a call transcript").click()
    page.locator("input[type='file']").first.set_input_files(str(CALL))
    wait_for_app(page)
    expect(page.get_by_text("Which one is you?")).to_be_visible()
    expect(page.get_by_text("Questions found")).to_be_visible()
    # The guess is whoever talks most; the user says so explicitly.
    candidate = page.get_by_role("radiogroup").filter(has_text="Priyanka Rao")
    candidate.get_by_text("Priyanka Rao", exact=True).click()
    wait_for_app(page)
    expect_cell(page, "Tell us a bit about your current role and what a typical week looks like.")
    ARTIFACTS.mkdir(exist_ok=True)
    panel = page.get_by_test_id("stExpander").filter(has_text="Start from a call transcript")
    panel.screenshot(path=str(ARTIFACTS / "transcript-panel.png"))
    page.get_by_role("button", name="Add 12 questions to the debrief").click()
    wait_for_app(page)
    expect(page.get_by_text("Added 12 questions to section 3")).to_be_visible()
    expect(page.get_by_text("From the transcript:")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "transcript-prefilled.png"), full_page=True)
    page.get_by_role("button", name="Add it").click()
    wait_for_app(page)
    expect_cell(page, "Rambling")
    page.get_by_role("button", name="Save debrief").click()
    expect(page.get_by_text("Saved the debrief for Transcript Journey Ltd")).to_be_visible()
    expect(page.get_by_text("Figures from a transcript are part of this debrief")).to_be_attached()
    expect_cell(page, "Tell us a bit about your current role and what a typical week looks like.")
