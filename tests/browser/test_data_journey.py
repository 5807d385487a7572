"""The Data page in a real browser: import a question spreadsheet with its preview and confirmation,
then download the export zip and find the imported debrief in it; hostile text never runs."""

from __future__ import annotations

import json
import uuid
import zipfile

from playwright.sync_api import Page, expect

from tests.browser.conftest import expect_cell, open_app, wait_for_app

HOSTILE_QUESTION = "<script>alert('question')</script> <img src=x onerror=alert('img')>"


def test_import_a_spreadsheet_then_download_everything(page: Page, app_url: str, tmp_path):
    alerts: list[str] = []
    page.on("dialog", lambda dialog: (alerts.append(dialog.message), dialog.dismiss()))
    company = f"Sheet Import {uuid.uuid4().hex[:8]}"
    sheet = tmp_path / "my questions.csv"
    sheet.write_text(
        "Date,Company,Question,Category,Rating\n"
        f"2026-04-02,{company},Tell me about a conflict,behavioral,2\n"
        f'2026-04-02,{company},"{HOSTILE_QUESTION}",Technical,4\n',
        encoding="utf-8",
    )
    open_app(page, f"{app_url}/Data")
    page.get_by_role("tab", name="Import").click()
    page.get_by_role("tabpanel").locator("input[type='file']").set_input_files(str(sheet))
    wait_for_app(page)
    expect(page.get_by_text("Preview of my questions.csv")).to_be_visible()
    expect(page.get_by_text("This file adds 1 debrief, 1 interviewer rating, 2 questions.")).to_be_visible()
    expect_cell(page, HOSTILE_QUESTION)

    page.get_by_role("button", name="Import 1 debrief").click()
    wait_for_app(page)
    expect(page.get_by_text("Imported 1 debrief")).to_be_visible()

    page.get_by_role("tab", name="Export").click()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download everything (.zip)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("debrief-export-")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    with zipfile.ZipFile(saved) as archive:
        assert "questions.csv" in archive.namelist()
        document = json.loads(archive.read("debrief.json"))
    [interview] = [row for row in document["tables"]["interviews"] if row["company"] == company]
    questions = [
        row["text"] for row in document["tables"]["questions"] if row["interview_id"] == interview["id"]
    ]
    assert questions == ["Tell me about a conflict", HOSTILE_QUESTION]

    assert page.locator("script", has_text="alert('question')").count() == 0
    assert page.locator("img[src='x']").count() == 0
    assert alerts == []
