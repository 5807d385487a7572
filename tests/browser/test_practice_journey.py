"""Practice in a real browser, on demo data: a due card, Show answer (by its key), Good, and after a
reload a different card; screenshots at desktop and phone widths."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from debrief import practice
from debrief.store import Store
from tests.browser.conftest import ARTIFACTS, open_app, seeded_app, wait_for_app
from tests.conftest import add_demo


def _demo(store: Store) -> None:
    add_demo(store, 120, seed=7)
    with store.transaction() as cursor:
        practice.start_missing_cards(cursor)  # nothing to do once the demo makes its own cards


def _prompt(page: Page) -> str:
    """The card's prompt: the first heading inside the rehearsal."""
    return page.locator("[data-testid='stMarkdownContainer'] h4").first.inner_text()


def test_rehearse_a_card_then_a_different_one_is_due(page: Page, tmp_path_factory):
    with seeded_app(tmp_path_factory, _demo) as (url, _):
        open_app(page, f"{url}/Practice")
        expect(page.get_by_role("heading", name="Practice", exact=True)).to_be_visible()
        first = _prompt(page)
        assert first
        expect(page.get_by_text("S shows the answer")).to_be_visible()
        expect(page.get_by_label("Your answer (optional)")).to_be_visible()
        expect(page.get_by_test_id("stDataFrame")).to_have_count(2)  # the cards, the mistakes' stages
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "practice-prompt.png"), full_page=True)

        page.get_by_role("heading", name="Practice", exact=True).click()  # focus outside any field
        page.keyboard.press("s")
        wait_for_app(page)
        good = page.get_by_role("button", name=re.compile(r"Good"))
        expect(good).to_be_visible()
        for rating in ("Again", "Hard", "Easy"):
            expect(page.get_by_role("button", name=re.compile(rating))).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / "practice-answer.png"), full_page=True)

        good.click()
        wait_for_app(page)
        expect(page.get_by_text(re.compile(r"Good: next due in"))).to_be_visible()

        open_app(page, f"{url}/Practice")
        second = _prompt(page)
        assert second
        assert second != first, (first, second)

        page.set_viewport_size({"width": 390, "height": 844})
        wait_for_app(page)
        page.get_by_role("button", name=re.compile("Show answer")).click()
        wait_for_app(page)
        expect(page.get_by_role("button", name=re.compile(r"Good"))).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / "practice-phone.png"), full_page=True)
