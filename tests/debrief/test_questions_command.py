"""`python -m debrief questions`: the question list as CSV, or a one-line reason why not."""

from __future__ import annotations

import csv
import io

from debrief import repository
from debrief.cli import main
from debrief.models import Question
from debrief.store import Store
from tests.conftest import make_debrief


def test_writes_every_question_and_the_grouped_list(tmp_path, capsys):
    database = tmp_path / "debriefs.duckdb"
    store = Store(database)
    questions = [
        Question(text=text, category="Behavioural") for text in ("Why us?", "why us", "=cmd|' /C calc'!A0")
    ]
    repository.insert_debrief(store, make_debrief("Acme", questions=questions))
    store.close()

    out = tmp_path / "questions.csv"
    assert main(["questions", "--db", str(database), "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == f"Wrote 3 questions to {out}."
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert [row["Question"] for row in rows] == ["Why us?", "why us", "'=cmd|' /C calc'!A0"]
    assert rows[0]["Grouped as"] == rows[1]["Grouped as"] == "Why do you want to work for us?"

    assert main(["questions", "--db", str(database), "--out", str(out), "--list", "grouped"]) == 0
    grouped = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert (grouped[0]["Question"], grouped[0]["Times asked"]) == ("Why do you want to work for us?", "2")


def test_fails_with_one_line_when_the_database_is_missing(tmp_path, capsys):
    code = main(["questions", "--db", str(tmp_path / "none.duckdb"), "--out", str(tmp_path / "q.csv")])
    assert code == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert "no database at" in error
    assert not (tmp_path / "none.duckdb").exists()
