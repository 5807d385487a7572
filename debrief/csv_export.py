"""CSV files that open safely in Excel, LibreOffice and Google Sheets.

UTF-8 with a byte-order mark (so Excel reads accents and emoji), standard csv-module quoting, and any
text cell that a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a
carriage return) is prefixed with an apostrophe, which spreadsheets show as plain text (OWASP's advice
against CSV injection). The lossless copy of the data is the JSON document of the full export, which is
what the full import reads; the question-sheet import takes the apostrophe off again
(`restore_neutralised`), so a question list exported by Debrief comes back as it was typed.
"""

from __future__ import annotations

import csv
import io
from typing import Any, BinaryIO

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ENCODING = "utf-8-sig"


def neutralise(value: Any) -> Any:
    """A text cell a spreadsheet would evaluate becomes text; everything else is left as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def restore_neutralised(value: str) -> str:
    """A cell as it was before `neutralise`: an apostrophe followed by a formula start is dropped."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def _cell(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float) and value != value:  # NaN
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return neutralise(value)


def write_csv(frame: pd.DataFrame, file: BinaryIO) -> None:
    """Write `frame` (header row, then one line per row; no index) to a binary file."""
    text = io.TextIOWrapper(file, encoding=ENCODING, newline="", write_through=True)
    try:
        writer = csv.writer(text)
        writer.writerow([neutralise(str(column)) for column in frame.columns])
        for row in frame.itertuples(index=False, name=None):
            writer.writerow([_cell(value) for value in row])
    finally:
        text.detach()  # leave `file` open for the caller


def csv_bytes(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    write_csv(frame, buffer)
    return buffer.getvalue()
