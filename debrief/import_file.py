"""What a file given to Import is, read by its contents rather than its name, and its import plan.

A Debrief export (a zip, its JSON, or the folder `export` writes) and a spreadsheet of questions (CSV)
are imported; anything else is refused with a message that says what the file looks like and what the
import expected (a backup is restored, not imported; a workbook is saved as CSV first).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from debrief.question_sheet import decode_text, plan_question_sheet
from debrief.store import Progress, no_progress
from debrief.transfer import (
    ZIP_STARTS,
    ImportFileError,
    ImportPlan,
    plan_import,
    read_export,
    read_export_folder,
)

_OFFICE_MARK = "[Content_Types].xml"  # in every .xlsx, .docx and .pptx
EXPECTED = "Import takes a Debrief export (.zip or .json) or a spreadsheet of questions saved as CSV."


def _is_office_document(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return _OFFICE_MARK in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _refusal(data: bytes) -> str | None:
    """Why `data` is no file to import, or None if it may be one."""
    if not data.strip():
        return "This file is empty. " + EXPECTED
    if data[8:12] == b"DUCK":
        return (
            "This is a database file, most likely a Debrief backup: restore it (Data page, Backup and "
            "restore, or `python -m debrief restore`) rather than importing it."
        )
    if data.startswith(b"%PDF"):
        return "This is a PDF document. " + EXPECTED
    if data.startswith(ZIP_STARTS) and _is_office_document(data):
        return (
            "This is an Excel workbook (or another Office document), not a CSV file: in your spreadsheet, "
            "save it as 'CSV UTF-8' and import that."
        )
    return None


def _looks_like_json(data: bytes) -> bool:
    try:
        text = decode_text(data[:4096])
    except ImportFileError:
        return False
    return text.lstrip("\ufeff \t\r\n")[:1] in {"{", "["}


def plan_file(data: bytes, name: str, report: Progress = no_progress) -> ImportPlan:
    """The checked import plan of a file's contents; ImportFileError when it is no file to import."""
    refusal = _refusal(data)
    if refusal is not None:
        raise ImportFileError(refusal)
    if data.startswith(ZIP_STARTS) or _looks_like_json(data):
        return plan_import(read_export(data), name, report)
    return plan_question_sheet(data, name, report)


def plan_path(path: Path, report: Progress = no_progress) -> ImportPlan:
    """The checked import plan of an export folder, or of a file (see `plan_file`)."""
    if path.is_dir():
        return plan_import(read_export_folder(path), str(path), report)
    if not path.is_file():
        raise ImportFileError(f"There is no file or folder at {path}.")
    return plan_file(path.read_bytes(), path.name, report)
