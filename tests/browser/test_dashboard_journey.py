"""The Dashboard in a real browser: Plotly draws every chart, and selecting a bar lists the items behind
it, each with a link that opens its debrief."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from analytics.filters import InterviewFilter
from analytics.patterns import items_behind, recurring_mistakes
from debrief.store import RowsPage, Store
from tests.browser.conftest import open_app, seeded_app, table_cell, wait_for_app
from tests.conftest import add_demo

CHARTS = 14  # nine, the two of call transcripts and the two of briefs (tabs draw both), practice's one


@dataclass(frozen=True)
class DemoApp:
    url: str
    categories: list[str]
    behind_top_mistake: RowsPage


def demo_data(store: Store) -> tuple[list[str], RowsPage]:
    """Demo interviews; returns their recurring mistakes and the items behind the top one."""
    add_demo(store, 80, seed=7, end_date=dt.date(2026, 11, 20))
    with store.cursor() as cursor:
        categories = recurring_mistakes(cursor, InterviewFilter())["category"].tolist()
        return categories, items_behind(cursor, InterviewFilter(), "mistake", categories[0])


@pytest.fixture(scope="module")
def demo_app(chromium, tmp_path_factory) -> Iterator[DemoApp]:
    """An app server of its own on demo data, so the shared `app_url` database stays as it is."""
    with seeded_app(tmp_path_factory, demo_data) as (url, (categories, behind)):
        yield DemoApp(url, categories, behind)


def test_charts_render_and_a_selected_bar_lists_the_items_behind_it(page: Page, demo_app: DemoApp):
    open_app(page, f"{demo_app.url}/Dashboard")
    # Plotly draws after the page's run ends; with the other test worker busy that can take seconds.
    expect(page.locator(".js-plotly-plot")).to_have_count(CHARTS, timeout=30_000)
    expect(page.locator(".js-plotly-plot .main-svg").first).to_be_visible()
    answer_length = page.locator(".js-plotly-plot").filter(has_text="How long your answers ran")
    expect(answer_length.locator(".scatterlayer path.point").first).to_be_attached()
    mistakes_chart = page.locator(".js-plotly-plot").filter(has_text="Recurring mistakes")
    bars = mistakes_chart.locator("g.point")
    expect(bars).to_have_count(len(demo_app.categories))

    top = bars.first.bounding_box()
    page.mouse.click(top["x"] + top["width"] / 2, top["y"] + top["height"] / 2)
    wait_for_app(page)

    behind = demo_app.behind_top_mistake
    newest = behind.rows.iloc[0]
    expect(page.get_by_text(f"{behind.total:,} mistakes. Open one to see the whole debrief.")).to_be_visible()
    expect(table_cell(page, newest.company)).to_be_attached()
    link = f"Interviews?id={newest.interview_id}"
    expect(table_cell(page, link)).to_be_attached()

    # The link opens the debrief on the Interviews page, in a new tab.
    table = page.locator("[data-testid='stDataFrame']").filter(has=table_cell(page, link))
    table.scroll_into_view_if_needed()
    grid = table.locator("canvas").first.bounding_box()
    first_link = (grid["x"] + 22, grid["y"] + 35 + 17)  # the first column of the first row
    page.mouse.move(*first_link)
    with page.context.expect_page() as opened:
        page.mouse.click(*first_link)
    debrief = opened.value
    debrief.wait_for_load_state()
    assert debrief.url.endswith(f"/{link}")
    wait_for_app(debrief)
    expect(debrief.get_by_role("heading", name=f"{newest.company} · {newest.role}")).to_be_visible()
    debrief.close()
