"""Export and import: the CSV writer, row-level problems, refused files, progress, the command line,
and the question spreadsheet."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import zipfile

import pandas as pd
import pytest

from debrief import question_groups, repository, transfer
from debrief.cli import main
from debrief.csv_export import csv_bytes, restore_neutralised, safe_cell
from debrief.question_sheet import plan_question_sheet, template_csv
from debrief.store import Store
from debrief.transfer import (
    DOCUMENT_NAME,
    ImportFileError,
    apply_import,
    document_bytes,
    export_document,
    export_zip,
    plan_import,
    read_export,
    read_tables,
)
from tests.conftest import (
    add_demo,
    group_of,
    group_pending,
    held_by_another_process,
    make_debrief,
    needs_regrouping,
)


def test_csv_files_open_cleanly_in_spreadsheets():
    frame = pd.DataFrame(
        {
            "text": ["plain", 'comma, and "quotes"', "two\nlines", "=SUM(A1)", "-5", None],
            "number": [1, -5, 0, 3, 4, 5],
            "day": [dt.date(2026, 1, 2)] * 6,
        }
    )
    data = csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines()[:3] == [
        "text,number,day",
        "plain,1,2026-01-02",
        '"comma, and ""quotes""",-5,2026-01-02',
    ]
    rows = list(pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False)["text"])
    assert rows == ["plain", 'comma, and "quotes"', "two\nlines", "'=SUM(A1)", "'-5", ""]


@pytest.mark.parametrize(
    "text", ["=1", "+1", "-1", "@x", "\t=1", "\r=1", "\n=1", "plain", "'quoted", "", "a=b"]
)
def test_neutralising_is_undone_by_the_sheet_import(text):
    assert restore_neutralised(safe_cell(text)) == text
    assert not safe_cell(text).startswith(("=", "+", "-", "@", "\t", "\r", "\n"))


def _document(store: Store) -> dict:
    return json.loads(document_bytes(export_document(store)))


def test_every_problem_is_listed_by_table_row_and_field_and_nothing_is_written(store):
    repository.insert_debrief(store, make_debrief("Good"))
    document = _document(store)
    tables = document["tables"]
    tables["interviews"].append({**tables["interviews"][0], "id": 7, "interview_date": "20/11/2026"})
    tables["questions"][1]["category"] = "Gossip"
    tables["questions"][0]["answer_rating"] = 9
    tables["reflections"][0]["interview_id"] = 99
    tables["reflections"][1]["mood"] = "extra"
    tables["custom_categories"].append({"kind": "mistake", "name": "Twice"})
    tables["custom_categories"].append({"kind": "mistake", "name": "Twice"})
    before = read_tables(store)

    plan = plan_import(document, "damaged.json")
    problems = [str(problem) for problem in plan.problems]
    assert "interviews, row 2, interview_date: not a date (use YYYY-MM-DD)" in problems
    assert "questions, row 1, answer_rating: must be at most 5" in problems
    assert any(
        problem.startswith("questions, row 2, category: choose one of: Behavioural") for problem in problems
    )
    assert "reflections, row 2, mood: not a column of this table" in problems
    assert "custom_categories, row 2, kind, name: the same as row 1" in problems
    with pytest.raises(ImportFileError, match="Nothing imported"):
        apply_import(store, plan)
    assert read_tables(store) == before

    tables["reflections"][1].pop("mood")
    for row in tables["interviews"]:
        row["interview_date"] = "2026-11-20"
    tables["questions"][0]["answer_rating"] = 3
    tables["questions"][1]["category"] = "Technical"
    tables["custom_categories"].pop()
    problems = [str(problem) for problem in plan_import(document, "damaged.json").problems]
    assert problems == [
        "reflections, row 1, interview_id: refers to interviews 99, which is not in this file"
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04 not really a zip", "damaged"),
        (b"{not json", "not a Debrief export"),
        (b'{"format": "something else"}', "not a Debrief export"),
        (b'{"format": "debrief-export", "format_version": 99, "schema_version": 1, "tables": {}}', "newer"),
        (b'{"format": "debrief-export", "format_version": 1, "schema_version": 999, "tables": {}}', "newer"),
        (
            b'{"format": "debrief-export", "format_version": 1, "schema_version": 1, '
            b'"tables": {"interviews; DROP TABLE x": []}}',
            "does not know",
        ),
    ],
)
def test_files_that_are_not_exports_are_refused_plainly(data, message):
    with pytest.raises(ImportFileError, match=message):
        read_export(data)


def test_a_zip_without_the_json_document_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("interviews.csv", "id,company\n1,Acme\n")
    with pytest.raises(ImportFileError, match=f"no {DOCUMENT_NAME}"):
        read_export(buffer.getvalue())


def test_a_zip_that_would_unpack_too_far_is_refused_before_unpacking(monkeypatch):
    monkeypatch.setattr(transfer, "MAX_DOCUMENT_BYTES", 1_000)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(DOCUMENT_NAME, " " * 5_000)
    with pytest.raises(ImportFileError, match="more than the 0 MB an import takes"):
        read_export(buffer.getvalue())


def test_json_nested_too_deep_is_refused_plainly():
    with pytest.raises(ImportFileError, match="the JSON cannot be read"):
        read_export(b"[" * 100_000)


def test_a_failure_half_way_through_an_import_writes_nothing(store, monkeypatch):
    repository.insert_debrief(store, make_debrief("Mine"))
    plan = plan_import(read_export(export_zip(store)), "export.zip")
    before = read_tables(store)
    real_insert = transfer._insert

    def disk_full_at_questions(cursor, spec, rows, skip_present):
        if spec.name == "questions":
            raise OSError("disk full")
        return real_insert(cursor, spec, rows, skip_present)

    monkeypatch.setattr(transfer, "_insert", disk_full_at_questions)
    with pytest.raises(OSError, match="disk full"):
        apply_import(store, plan)
    assert read_tables(store) == before


def test_progress_is_reported_from_start_to_finish(store):
    add_demo(store, 300, seed=1)
    reports: list[tuple[float, str]] = []
    document = read_export(export_zip(store))
    plan = plan_import(document, "export", lambda fraction, message: reports.append((fraction, message)))
    target = Store(":memory:")
    apply_import(target, plan, lambda fraction, message: reports.append((fraction, message)))
    target.close()
    fractions = [fraction for fraction, _ in reports]
    assert all(0.0 <= fraction <= 1.0 for fraction in fractions)
    assert fractions[-1] == 1.0
    assert any("Writing questions" in message for _, message in reports)
    assert len(reports) > 10


def test_renumbered_imports_keep_every_reference(store):
    original = repository.insert_debrief(store, make_debrief("Original"))
    repository.save_draft(store, "draft", original.id, {"form": {"company": "Original"}})
    document = copy.deepcopy(read_export(export_zip(store)))
    document["tables"]["drafts"][0]["draft_key"] = "another draft"
    result = apply_import(store, plan_import(document, "export"))
    assert result.renumbered
    imported = max(repository.search_interviews(store).rows["id"])
    assert imported != original.id
    assert repository.get_debrief(store, imported).model_dump(exclude={"id"}) == original.model_dump(
        exclude={"id"}
    )
    assert repository.load_draft(store, "another draft").interview_id == imported
    later = repository.insert_debrief(store, make_debrief("Later"))
    assert later.id > imported


# --- command line -------------------------------------------------------------------------------


def test_export_and_import_commands_copy_a_database(tmp_path, capsys):
    source = Store(tmp_path / "source.duckdb")
    repository.insert_debrief(source, make_debrief("Command Line Ltd"))
    expected = read_tables(source)
    source.close()
    assert main(["export", "--db", str(tmp_path / "source.duckdb"), "--out", str(tmp_path / "out")]) == 0
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == sorted(
        [f"{name}.csv" for name in expected] + [DOCUMENT_NAME, "README.txt"]
    )
    assert main(["import", "--db", str(tmp_path / "copy.duckdb"), "--from", str(tmp_path / "out")]) == 0
    assert "Imported 1 application, 1 debrief" in capsys.readouterr().out
    copied = Store(tmp_path / "copy.duckdb")
    assert read_tables(copied) == expected
    copied.close()


def test_commands_that_cannot_do_their_job_say_why_in_one_line(tmp_path, capsys):
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / DOCUMENT_NAME).write_text(
        '{"format": "debrief-export", "format_version": 1, "schema_version": 1, '
        '"tables": {"questions": [{"id": 1}]}}'
    )
    held = tmp_path / "held.duckdb"
    cases = [
        (
            ["import", "--db", str(tmp_path / "a.duckdb"), "--from", str(tmp_path / "missing")],
            "no file or folder at",
        ),
        (["import", "--db", str(tmp_path / "a.duckdb"), "--from", str(tmp_path / "bad")], "Nothing imported"),
        (["export", "--db", str(held), "--out", str(tmp_path / "out")], "in use by another program"),
        (["export", "--db", str(tmp_path / "none.duckdb"), "--out", str(tmp_path / "out")], "no database at"),
    ]
    Store(held).close()
    with held_by_another_process(held):
        for arguments, reason in cases:
            assert main(arguments) == 1, arguments
            error = capsys.readouterr().err
            assert reason in error
            assert len(error.strip().splitlines()) == 1
            assert "Traceback" not in error


# --- question spreadsheet -----------------------------------------------------------------------


def test_a_question_spreadsheet_is_read_leniently_and_grouped_into_debriefs(store):
    sheet = (
        "\ufeffINTERVIEW DATE;Employer;Job title;Stage;Question text;Type;Self-rating;Surprised;"
        "Comments;STAR\r\n"
        "2026-01-05;Acme;Analyst;Final;Tell me about yourself;behavioral;4/5;x;good;Present, past\r\n"
        "2026/01/05;Acme;Analyst;Final;Why us?;MOTIVATION;3.0;;;\r\n"
        "2026-01-09 00:00:00;Globex;;;Salary expectations?;salary;;no;;\r\n"
        ";;;;;;;;;\r\n"
    ).encode("utf-8")
    plan = plan_question_sheet(sheet, "questions.csv")
    assert plan.ok, plan.problems
    assert plan.counts() == {"interviews": 2, "interviewer_evaluations": 2, "questions": 3}
    apply_import(store, plan)
    acme, globex = (repository.get_debrief(store, number) for number in (1, 2))
    assert (acme.company, acme.role, acme.round, acme.interview_date) == (
        "Acme",
        "Analyst",
        "Final",
        dt.date(2026, 1, 5),
    )
    assert [(q.text, q.category, q.answer_rating, q.off_guard) for q in acme.questions] == [
        ("Tell me about yourself", "Behavioural", 4, True),
        ("Why us?", "Motivation", 3, False),
    ]
    assert acme.questions[0].notes == "good"
    assert acme.questions[0].better_answer == "Present, past"
    assert [q.category for q in globex.questions] == ["Salary/logistics"]


def test_a_windows_excel_sheet_in_cp1252_is_read():
    sheet = "Date,Company,Question,Category\n2026-03-01,Café Müller,Où est-ce?,Situational\n".encode("cp1252")
    plan = plan_question_sheet(sheet, "excel.csv")
    assert plan.ok
    assert plan.rows["interviews"][0]["company"] == "Café Müller"


def test_sheet_problems_name_the_spreadsheet_row_and_the_column_as_written():
    sheet = (
        b"When,Company,Question,Kind,Score,Off guard,Budget\n"
        b"2026-01-05,Acme,Tell me,Behavioural,6,maybe,100\n"
        b"05/01/2026,,Why?,Gossip,,,\n"
    )
    plan = plan_question_sheet(sheet, "sheet.csv")
    assert plan.ignored_columns == ("Budget",)
    assert [str(problem) for problem in plan.problems] == [
        "sheet.csv, row 2, Score: must be at most 5",
        "sheet.csv, row 2, Off guard: not yes or no",
        "sheet.csv, row 3, When: not a date (use YYYY-MM-DD)",
        "sheet.csv, row 3, Company: required",
        "sheet.csv, row 3, Kind: unknown category 'Gossip': choose one of Behavioural, Technical, "
        "Situational, Culture fit, Motivation, Salary/logistics",
    ]


def test_the_template_is_a_valid_sheet():
    plan = plan_question_sheet(template_csv(), "template.csv")
    assert plan.ok
    assert plan.counts()["questions"] == 2
    assert plan.counts()["interviews"] == 1


def test_a_sheet_imported_into_a_database_with_debriefs_adds_new_ones(store):
    mine = repository.insert_debrief(store, make_debrief("Mine"))
    plan = plan_question_sheet(
        b"Date,Company,Question,Category\n2026-01-05,Acme,Tell me,Behavioural\n", "s.csv"
    )
    result = apply_import(store, plan)
    assert result.added["interviews"] == 1
    assert repository.get_debrief(store, mine.id) == mine
    assert repository.count_interviews(store) == 2


def test_question_groups_already_here_are_shared_and_corrections_appended(store):
    repository.insert_debrief(store, make_debrief("Grouped"))
    group_pending(store)
    question_groups.move_out(store, "Design a rate limiter")
    before = read_tables(store)
    result = apply_import(store, plan_import(read_export(export_zip(store)), "export"))
    after = read_tables(store)
    assert result.added["question_groups"] == 0
    assert result.already_present["question_groups"] == len(before["question_groups"][1])
    assert result.already_present["question_text_groups"] == len(before["question_text_groups"][1])
    assert result.added["question_group_corrections"] == 1
    assert after["question_groups"] == before["question_groups"]
    # The imported correction is applied by the regrouping the import does; the groups stay as they
    # were, since it repeats a correction already here.
    assert not needs_regrouping(store)
    assert group_pending(store) == 0
    assert sorted(after["question_text_groups"][1]) == sorted(before["question_text_groups"][1])


def test_groups_an_import_brings_are_redone_by_this_matcher(tmp_path):
    source = Store(tmp_path / "source.duckdb")
    repository.insert_debrief(source, make_debrief("Elsewhere"))
    group_pending(source)
    exported = export_zip(source)
    source.close()
    target = Store(tmp_path / "target.duckdb")
    repository.insert_debrief(target, make_debrief("Here", questions=[]))
    group_pending(target)
    assert not needs_regrouping(target)
    document = read_export(exported)
    document["grouped_by"] = "another matcher's fingerprint"
    for row in document["tables"]["question_text_groups"]:
        row["auto_key"] = "bank:made-by-another-matcher"
    apply_import(target, plan_import(document, "export"))
    assert not needs_regrouping(target)  # regrouped by the import itself
    with target.cursor() as cursor:
        auto_keys = {row[0] for row in cursor.execute("SELECT auto_key FROM question_text_groups").fetchall()}
    assert "bank:made-by-another-matcher" not in auto_keys
    assert group_pending(target) == 0
    target.close()


def test_a_correction_an_import_brings_for_questions_already_here_is_applied(tmp_path):
    source = Store(tmp_path / "source.duckdb")
    repository.insert_debrief(source, make_debrief("Elsewhere"))
    group_pending(source)
    before_correction = export_zip(source)
    question_groups.move_out(source, "Design a rate limiter")
    with_correction = export_zip(source)
    source.close()
    target = Store(tmp_path / "target.duckdb")
    apply_import(target, plan_import(read_export(before_correction), "export"))
    group_pending(target)
    result = apply_import(target, plan_import(read_export(with_correction), "export"))
    assert result.added["question_text_groups"] == 0
    assert result.added["question_group_corrections"] == 1
    group_pending(target)
    group_key = group_of(target)["Design a rate limiter"]
    target.close()
    assert group_key.startswith("alone:")


def test_the_question_list_that_debrief_writes_reads_back_as_a_question_sheet(tmp_path):
    source = Store(tmp_path / "source.duckdb")
    saved = repository.insert_debrief(source, make_debrief("Round Trip Ltd"))
    source.close()
    out = tmp_path / "questions.csv"
    assert main(["questions", "--db", str(tmp_path / "source.duckdb"), "--out", str(out)]) == 0
    plan = plan_question_sheet(out.read_bytes(), out.name)
    assert plan.ok, plan.problems
    assert plan.ignored_columns == ("Grouped as",)
    fields = ("text", "category", "answer_rating", "off_guard")
    questions = [tuple(row[name] for name in fields) for row in plan.rows["questions"]]
    assert questions == [(q.text, q.category, q.answer_rating, q.off_guard) for q in saved.questions]
