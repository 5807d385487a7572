"""Guarantee: a file given to Import is refused or checked row by row, never written half or failing
late. Each message says what the file is and what the import expected; live data stays unchanged."""

from __future__ import annotations

import codecs
import io
import json
import time
import zipfile

import pytest

from debrief import repository, transfer
from debrief.cli import main
from debrief.import_file import plan_file
from debrief.question_sheet import template_csv
from debrief.store import Store
from debrief.transfer import DOCUMENT_NAME, ImportFileError, export_document, read_tables
from tests.conftest import make_debrief


@pytest.fixture
def export(store) -> dict:
    repository.insert_debrief(store, make_debrief("Exported"))
    return json.loads(json.dumps(export_document(store), default=str))


def _zip(**members: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("table", "column", "value", "problem"),
    [
        ("reflections", "position", 2**64, "must be at most 2147483647"),
        ("interviews", "id", 2**70, "must be at most 9223372036854775807"),
        ("interviews", "version", 2**40, "must be at most 2147483647"),
        ("questions", "position", -(2**64), "must be at least 0"),
        ("interviewer_evaluations", "in_my_control", 10**30, "must be at most 100"),
    ],
)
def test_integers_beyond_their_column_are_refused_by_table_row_and_column(
    export, table, column, value, problem
):
    export["tables"][table][0][column] = value
    plan = transfer.plan_import(export, "export.json")
    assert not plan.ok
    assert f"{table}, row 1, {column}: {problem}" in [str(found) for found in plan.problems]


def test_the_command_line_refuses_a_huge_integer_in_one_line(tmp_path, export, capsys):
    export["tables"]["reflections"][0]["position"] = 2**64
    source = tmp_path / "export.json"
    source.write_text(json.dumps(export))
    database = tmp_path / "target.duckdb"
    assert main(["import", "--db", str(database), "--from", str(source)]) == 1
    error = capsys.readouterr().err
    assert error.startswith("debrief import: Nothing imported: reflections, row 1, position: must be at most")
    assert error.count("\n") == 1
    assert not database.exists()  # refused before the database is opened, or made


def test_a_zip_bomb_is_refused_from_its_declared_size_at_once(monkeypatch):
    monkeypatch.setattr(transfer, "MAX_DOCUMENT_BYTES", 1_000_000)
    bomb = _zip(**{DOCUMENT_NAME: b" " * 30_000_000})
    assert len(bomb) < 100_000
    started = time.perf_counter()
    with pytest.raises(ImportFileError, match=r"would unpack to 30 MB, more than the 1 MB"):
        plan_file(bomb, "bomb.zip")
    assert time.perf_counter() - started < 5


def test_a_zip_whose_header_understates_its_size_is_read_no_further(monkeypatch):
    document = json.dumps({"format": "debrief-export", "padding": " " * 200_000}).encode()
    data = bytearray(_zip(**{DOCUMENT_NAME: document}))
    # Claim 1,000 bytes in the central directory (uncompressed size, at offset 24 of its entry).
    entry = data.rindex(b"PK\x01\x02")
    data[entry + 24 : entry + 28] = (1_000).to_bytes(4, "little")
    with pytest.raises(ImportFileError, match="damaged"):
        plan_file(bytes(data), "lying.zip")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "This file is empty"),
        (_zip(), "This zip is empty"),
        (_zip(**{"interviews.csv": b"id\n1\n"}), "holds 1 files but no debrief.json"),
        (_zip(**{"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<x/>"}), "Excel workbook"),
        (b"\x00" * 8 + b"DUCK" + b"\x00" * 100, "most likely a Debrief backup: restore it"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "This is a PDF document"),
        (bytes(range(256)) * 8, "not text"),
        (b'{"format": "something else"}', "not a Debrief export"),
    ],
)
def test_a_file_that_is_not_an_import_says_what_it_is_and_what_was_expected(data, message):
    with pytest.raises(ImportFileError, match=message) as refusal:
        plan_file(data, "upload")
    assert "\n" not in str(refusal.value)


@pytest.mark.parametrize(
    "encoded",
    [
        codecs.BOM_UTF16_LE + template_csv().decode("utf-8-sig").encode("utf-16-le"),
        codecs.BOM_UTF16_BE + template_csv().decode("utf-8-sig").encode("utf-16-be"),
        template_csv().decode("utf-8-sig").encode("utf-16-le"),  # no byte-order mark
        codecs.BOM_UTF32_LE + template_csv().decode("utf-8-sig").encode("utf-32-le"),
        template_csv().decode("utf-8-sig").encode("cp1252"),
    ],
)
def test_a_spreadsheet_in_any_common_encoding_is_read(encoded):
    plan = plan_file(encoded, "questions.csv")
    assert plan.ok, plan.problems
    assert [row["text"] for row in plan.rows["questions"]] == [
        "Tell me about yourself",
        "Why do you want to work here?",
    ]


def test_an_export_in_utf16_is_read(export):
    data = codecs.BOM_UTF16_LE + json.dumps(export, ensure_ascii=False).encode("utf-16-le")
    assert plan_file(data, "export.json").ok


def test_the_command_line_imports_a_spreadsheet_too(tmp_path, capsys):
    sheet = tmp_path / "questions.csv"
    sheet.write_bytes(template_csv())
    assert main(["import", "--db", str(tmp_path / "db.duckdb"), "--from", str(sheet)]) == 0
    assert "Imported 1 debrief" in capsys.readouterr().out


def test_the_command_line_says_what_a_backup_given_to_import_is(tmp_path, capsys):
    store = Store(tmp_path / "live.duckdb")
    repository.insert_debrief(store, make_debrief("Live"))
    before = read_tables(store)
    store.close()
    backup = tmp_path / "backup.duckdb"
    backup.write_bytes((tmp_path / "live.duckdb").read_bytes())
    assert main(["import", "--db", str(tmp_path / "live.duckdb"), "--from", str(backup)]) == 1
    assert "restore it" in capsys.readouterr().err
    reopened = Store(tmp_path / "live.duckdb")
    assert read_tables(reopened) == before
    reopened.close()


def test_a_zip_whose_compressed_data_is_damaged_is_refused_plainly():
    data = bytearray(
        _zip(**{DOCUMENT_NAME: json.dumps({"format": "debrief-export", "x": "y" * 5000}).encode()})
    )
    start = data.index(b"PK\x03\x04") + 30 + len(DOCUMENT_NAME)  # the member's compressed bytes
    data[start : start + 20] = bytes(20)
    with pytest.raises(ImportFileError, match="damaged"):
        plan_file(bytes(data), "damaged.zip")
