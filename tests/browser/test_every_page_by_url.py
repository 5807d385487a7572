"""Every page opened directly by its URL in a real browser: it draws itself, with no error shown."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import open_app

# URL path, the page's heading, its link in the sidebar.
PAGES = [
    ("", "Debrief", "Home"),
    ("New_debrief", "New debrief", "New debrief"),
    ("Interviews", "Interviews", "Interviews"),
    ("Prepare", "Prepare", "Prepare"),
    ("Practice", "Practice", "Practice"),
    ("Dashboard", "Dashboard", "Dashboard"),
    ("Questions", "Questions", "Questions"),
    ("Thank_you_note", "Thank-you note", "Thank-you note"),
    ("Follow_ups", "Follow-ups", "Follow-ups"),
    ("Data", "Your data", "Data"),
]


@pytest.mark.parametrize(("path", "title", "_link"), PAGES)
def test_each_page_opens_by_its_url(page: Page, app_url: str, path: str, title: str, _link: str):
    open_app(page, f"{app_url}/{path}")
    expect(page.get_by_role("heading", name=title, exact=True).first).to_be_visible()
    assert page.locator("[data-testid='stException']").count() == 0
    # The sidebar links every page, so each is one click from any other.
    sidebar = page.get_by_test_id("stSidebar")
    for *_, link in PAGES:
        expect(sidebar.get_by_role("link", name=link, exact=True)).to_be_visible()
