"""Every download button the pages draw: its label, file name, type, and the file it makes when clicked."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
import streamlit as st

from analytics.question_stats import ALL_LABELS, COMMON_LABELS, PRACTICE_LABELS
from debrief import follow_ups, repository
from debrief.backup import backup_file_name
from debrief.transfer import export_file_name
from tests.conftest import assert_no_exception, debriefs_database, make_debrief, on_database, open_page

CSV, BINARY = "text/csv", "application/octet-stream"


@pytest.fixture
def downloads(monkeypatch) -> dict[str, dict]:
    """The arguments of every st.download_button call the pages make, by label."""
    drawn: dict[str, dict] = {}
    draw = st.download_button

    def recording(label, data, **options):
        drawn[label] = {"data": data, **options}
        return draw(label, data, **options)

    monkeypatch.setattr(st, "download_button", recording)
    return drawn


def made(button: dict) -> bytes:
    assert callable(button["data"]), "the file is made when the button is clicked, not on every rerun"
    assert button["on_click"] == "ignore"
    return button["data"]()


def header(data: bytes) -> list[str]:
    return next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def shape(button: dict) -> tuple:
    return button["file_name"], button["mime"], button.get("icon")


def test_the_questions_page_downloads_three_dated_csv_files(database, downloads):
    debriefs_database(database, "Acme")
    assert_no_exception(open_page("pages/4_Questions.py"))
    today = f"{dt.date.today():%Y-%m-%d}"
    expected = {
        "Download the grouped list (CSV)": ("common-questions", COMMON_LABELS),
        "Download the practice list (CSV)": ("practice-list", PRACTICE_LABELS),
        "Download all questions (CSV)": ("all-questions", ALL_LABELS),
    }
    assert list(downloads) == list(expected)
    for label, (name, labels) in expected.items():
        assert shape(downloads[label]) == (f"{name}-{today}.csv", CSV, "⬇️")
        assert downloads[label]["key"] == f"questions.download.{name}"
        assert header(made(downloads[label])) == list(labels.values())


def test_the_data_page_downloads_an_export_a_backup_and_a_template(database, downloads):
    debriefs_database(database, "Acme")
    assert_no_exception(open_page("pages/7_Data.py"))
    assert list(downloads) == [
        "Download everything (.zip)",
        "Download a template",
        "Download a backup (.duckdb)",
    ]
    export = downloads["Download everything (.zip)"]
    assert shape(export) == (export_file_name(), BINARY, "⬇️")
    assert made(export).startswith(b"PK")
    backup = downloads["Download a backup (.duckdb)"]
    assert shape(backup) == (backup_file_name(), BINARY, "⬇️")
    assert made(backup)[8:12] == b"DUCK"
    template = downloads["Download a template"]
    assert shape(template) == ("debrief-questions-template.csv", CSV, None)
    assert header(template["data"])[:2] == ["Date", "Company"]


def test_the_follow_ups_page_downloads_the_reminders_as_a_calendar(database, downloads):
    today = follow_ups.local_today()
    on_database(
        database,
        lambda store: repository.insert_debrief(
            store, make_debrief(interview_date=today - dt.timedelta(days=2))
        ),
    )
    assert_no_exception(open_page("pages/6_Follow_ups.py"))
    reminders = downloads["Download reminders (.ics)"]
    assert shape(reminders) == ("debrief-follow-ups.ics", "text/calendar", "📅")
    assert not reminders["disabled"]
    assert made(reminders).startswith(b"BEGIN:VCALENDAR")
