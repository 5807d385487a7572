"""CSV files that open cleanly in Excel and cannot run as spreadsheet formulas.

UTF-8 with a byte-order mark (so Excel reads accents and emoji right), every field quoted as the csv
module needs, no control character written raw, and any text cell that a spreadsheet would read as a
formula prefixed with a single quote, which spreadsheets show as plain text (OWASP's CSV injection
advice): a cell starting with =, +, -, @, a tab or a line break, also after leading spaces (any kind,
the no-break space included) or invisible characters, and also with the full-width ＝ ＋ － ＠ or the
small ﹦ ﹢ ﹣ ﹫ that spreadsheets may read as those signs.

The neutralising is for spreadsheets only: the lossless copy of the data is the JSON document of the
full export, which is what the full import reads. The question-sheet import takes the quote off again
(`restore_neutralised`), so a question list exported by Debrief comes back as it was typed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from debrief.output_text import printable

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
_FORMULA_SIGNS = ("=", "+", "-", "@", "＝", "＋", "－", "＠", "﹦", "﹢", "﹣", "﹫")
# Characters a spreadsheet may skip before it looks for a formula sign: spaces of every kind (the
# no-break one included) and the zero-width ones.
_SKIPPED = re.compile(r"^[\s\u200b\u200c\u200d\u2060\ufeff]*")


def runs_as_formula(text: str) -> bool:
    """Whether a spreadsheet could read `text` as a formula (see the module's docstring)."""
    return text.startswith(FORMULA_STARTS) or _SKIPPED.sub("", text, count=1).startswith(_FORMULA_SIGNS)


def safe_cell(value: Any) -> str:
    """One cell as text: empty for missing values, dates as YYYY-MM-DD, formulas neutralised."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        value = value.item()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (dt.datetime, pd.Timestamp)):
        return value.isoformat(sep=" ") if value.time() != dt.time() else value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = printable(str(value))
    # A text that starts with a quote gets one too, so that taking one quote off restores any cell.
    return "'" + text if runs_as_formula(text) or text.startswith("'") else text


def restore_neutralised(text: str) -> str:
    """A cell as it was before `safe_cell` neutralised it: the quote it put in front is dropped."""
    rest = text[1:]
    if text.startswith("'") and (runs_as_formula(rest) or rest.startswith("'")):
        return rest
    return text


def write_rows(out: io.TextIOBase, header: Iterable[str], rows: Iterable[Iterable[Any]]) -> None:
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([safe_cell(name) for name in header])
    writer.writerows([safe_cell(value) for value in row] for row in rows)


def _rows_text(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> str:
    out = io.StringIO()
    write_rows(out, header, rows)
    return out.getvalue()


def csv_text(frame: pd.DataFrame, headers: dict[str, str] | None = None) -> str:
    """The frame as CSV text (without the byte-order mark); `headers` renames and picks columns."""
    if headers is not None:
        frame = frame[list(headers)]
    names = [headers.get(column, column) for column in frame.columns] if headers else list(frame.columns)
    return _rows_text(names, frame.itertuples(index=False, name=None))


def rows_csv_bytes(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> bytes:
    """Rows as fetched from a query, as a CSV file's bytes (no frame needed)."""
    return (BOM + _rows_text(header, rows)).encode("utf-8")


def csv_bytes(frame: pd.DataFrame, headers: dict[str, str] | None = None) -> bytes:
    """The frame as a CSV file's bytes, ready for a download button."""
    return (BOM + csv_text(frame, headers)).encode("utf-8")


def write_csv(frame: pd.DataFrame, path: Path, headers: dict[str, str] | None = None) -> None:
    path.write_bytes(csv_bytes(frame, headers))
