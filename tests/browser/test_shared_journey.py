"""Journey: Debrief shared with a phone (`make run SHARE=1`): the phone sees only the token page until the
token is given, then every page, also after a refresh."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from tests.browser.conftest import IDLE_APP, expect_cell
from tests.conftest import add_debriefs, debrief_server, free_port, on_database, serving
from ui.server import token_file


def test_a_phone_needs_the_token_once_then_sees_the_debriefs(chromium: Browser, tmp_path):
    database = tmp_path / "debriefs.duckdb"
    on_database(database, lambda store: add_debriefs(store, "Phone Co"))
    port = free_port()
    with serving(debrief_server(port, "--share"), database, port, tmp_path / "share.log") as url:
        token = token_file(database).read_text().strip()
        phone = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
        page = phone.new_page()
        page.goto(f"{url}/Interviews")
        expect(page.get_by_label("Access token")).to_be_visible()
        expect(page.get_by_text("Phone Co")).to_have_count(0)

        page.get_by_label("Access token").fill("not the token")
        page.get_by_role("button", name="Open Debrief").click()
        expect(page.get_by_text("That is not this Debrief's token.")).to_be_visible()

        page.get_by_label("Access token").fill(token)
        page.get_by_role("button", name="Open Debrief").click()
        page.locator(IDLE_APP).wait_for(timeout=30_000)
        expect(page.get_by_role("heading", name="Interviews")).to_be_visible()
        assert "token" not in page.url
        expect_cell(page, "Phone Co")
        page.reload()
        page.locator(IDLE_APP).wait_for(timeout=30_000)
        expect(page.get_by_role("heading", name="Interviews")).to_be_visible()
        page.screenshot(path=str(tmp_path / "phone.png"), full_page=True)
        phone.close()
