"""CSV for spreadsheets: UTF-8 with a byte-order mark, proper quoting, formulas neutralised."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from debrief.csv_export import BOM, csv_bytes, restore_neutralised, runs_as_formula, safe_cell, write_csv
from debrief.output_text import printable

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def read_back(data: bytes) -> list[list[str]]:
    assert data.startswith(BOM.encode("utf-8"))
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_round_trip_keeps_commas_quotes_line_breaks_and_unicode():
    frame = pd.DataFrame(
        {
            "question": ['Why "us", and why now?', "Line one\nline two", "Ünïcode 🚀 日本語"],
            "rating": [3, None, 5],
            "asked": [dt.date(2026, 3, 1), dt.date(2026, 3, 2), None],
            "off_guard": [True, False, True],
        }
    )
    rows = read_back(
        csv_bytes(
            frame, {"question": "Question", "rating": "Rating", "asked": "Asked", "off_guard": "Off guard"}
        )
    )
    assert rows == [
        ["Question", "Rating", "Asked", "Off guard"],
        ['Why "us", and why now?', "3.0", "2026-03-01", "yes"],
        ["Line one\nline two", "", "2026-03-02", "no"],
        ["Ünïcode 🚀 日本語", "5.0", "", "yes"],
    ]


@pytest.mark.parametrize(
    "formula",
    [
        "=1+1",
        "+SUM(A1:A2)",
        "-2+3",
        "@cmd",
        "\tcmd",
        "\r=cmd",
        '=HYPERLINK("http://x")',
        " =1+1",  # leading whitespace of any kind
        "   +1+1",
        "\u00a0=1+1",
        "\u3000-1+1",
        "\u200b=1+1",  # zero width
        "＝1+1",  # full-width signs
        "＋1+1",
        "－1+1",
        "＠SUM(1)",
        "﹦1+1",
    ],
)
def test_cells_that_would_run_as_formulas_are_neutralised(formula):
    assert safe_cell(formula) == "'" + formula
    rows = read_back(csv_bytes(pd.DataFrame({"question": [formula]})))
    assert rows[1] == ["'" + formula]


def test_numbers_and_harmless_text_are_left_alone():
    assert safe_cell(-3) == "-3"
    assert safe_cell("Tell me about yourself") == "Tell me about yourself"
    assert safe_cell("a = b") == "a = b"


def test_the_file_starts_with_a_byte_order_mark(tmp_path):
    path = tmp_path / "questions.csv"
    write_csv(pd.DataFrame({"question": ["Why us?"]}), path)
    assert path.read_bytes()[:3] == b"\xef\xbb\xbf"


@given(st.lists(st.text(), max_size=6))
def test_any_text_comes_back_as_written_unless_neutralised(texts):
    rows = read_back(csv_bytes(pd.DataFrame({"question": texts}, dtype=object)))
    assert len(rows) == len(texts) + 1
    for text, row in zip(texts, rows[1:], strict=True):
        written = printable(text)
        expected = "'" + written if runs_as_formula(written) or written.startswith("'") else written
        assert row == [expected]
        assert restore_neutralised(row[0]) == written
        assert not CONTROL.search(row[0])


def test_control_characters_are_never_written_raw():
    rows = read_back(csv_bytes(pd.DataFrame({"question": ["a\x00b\x1bc\x7f", "tab\tand\nline"]})))
    assert rows[1:] == [["a\ufffdb\ufffdc\ufffd"], ["tab\tand\nline"]]
