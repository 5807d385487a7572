"""A thank-you note in a real browser: from the overdue follow-up to a note written, checked, sent."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from debrief import follow_ups, repository, settings
from debrief.store import Store
from tests.browser.conftest import expect_cell, open_app, seeded_app, wait_for_app
from tests.conftest import make_debrief

COMPANY = "Browser Note Co"


def one_interview_two_days_ago(store: Store) -> None:
    interview_date = follow_ups.local_today() - dt.timedelta(days=2)
    repository.insert_debrief(store, make_debrief(COMPANY, interview_date=interview_date))
    settings.set_setting(store, "first_run_done", "empty")


@pytest.fixture(scope="module")
def note_app_url(chromium, tmp_path_factory) -> Iterator[str]:
    """An app of its own on a database seeded with one interview two days ago (its thank-you is overdue)."""
    with seeded_app(tmp_path_factory, one_interview_two_days_ago) as (url, _):
        yield url


def starting_with(prefix: str) -> re.Pattern:
    return re.compile(f"^{re.escape(prefix)}")


def follow_up(page: Page, step: str):
    return page.get_by_text(f"{step} · {COMPANY}")


def test_write_edit_download_and_send_a_note_then_the_follow_up_is_done(
    page: Page, note_app_url: str, tmp_path
):
    open_app(page, f"{note_app_url}/Follow_ups")
    expect(follow_up(page, "Thank-you note")).to_be_visible()
    expect(follow_up(page, "Check-in")).to_be_visible()
    page.get_by_role("link", name="Write the note").click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Thank-you note")).to_be_visible()

    page.get_by_label("Name", exact=True).fill("Jane Doe")
    page.get_by_label("E-mail", exact=True).fill("jane@browser.example")
    page.get_by_role("button", name="Add contact").click()
    wait_for_app(page)
    draft = page.get_by_label("Your note (edit freely)")
    expect(draft).to_have_value(starting_with("Hi Jane Doe,"))
    page.get_by_text("Formal", exact=True).click()
    wait_for_app(page)
    expect(draft).to_have_value(starting_with("Dear Jane Doe,"))

    excuse = draft.input_value().replace(
        "Thank you again;", "I rambled because I was nervous. Thank you again;"
    )
    draft.fill(excuse)
    draft.press("Tab")
    wait_for_app(page)
    expect(page.get_by_text("Sounds like an excuse")).to_be_visible()
    final = (
        draft.input_value()
        .replace("I rambled because I was nervous. ", "")
        .replace("Kind regards,", "Kind regards,\nSam")
    )
    draft.fill(final)
    draft.press("Tab")
    wait_for_app(page)
    expect(page.get_by_text("Nothing the method warns against")).to_be_visible()
    expect(page.get_by_text("Edited by you")).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download .txt").click()
    download = download_info.value
    interview_date = follow_ups.local_today() - dt.timedelta(days=2)
    assert download.suggested_filename == f"thank-you-browser-note-co-{interview_date:%Y-%m-%d}.txt"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.read_text(encoding="utf-8") == final + "\n"
    mail = page.get_by_role("link", name="Open in your mail app")
    assert mail.get_attribute("href").startswith("mailto:jane@browser.example?subject=Thank%20you")

    page.get_by_role("button", name="Mark as sent").click()
    wait_for_app(page)
    expect(page.get_by_text("Marked as sent to Jane Doe")).to_be_visible()
    expect(page.get_by_text(starting_with("To Jane Doe on"))).to_be_visible()

    open_app(page, f"{note_app_url}/Follow_ups")
    expect(follow_up(page, "Check-in")).to_be_visible()
    expect(follow_up(page, "Thank-you note")).to_have_count(0)
    page.get_by_text("Done recently").click()
    wait_for_app(page)
    expect_cell(page, "Thank-you note sent to Jane Doe")
