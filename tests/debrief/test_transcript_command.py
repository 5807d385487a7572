"""`python -m debrief transcript`: the question list as CSV, and a one-line reason when it cannot."""

from __future__ import annotations

import csv

from debrief.cli import main
from tests.conftest import ROOT

CALL = ROOT / "tests" / "fixtures" / "transcripts" / "dev" / "01_zoom_vtt_recruiter_backend_engineer.vtt"


def test_the_questions_are_written_one_row_each(tmp_path, capsys):
    out = tmp_path / "questions.csv"
    assert main(["transcript", "--in", str(CALL), "--me", "Daniel Osei", "--out", str(out)]) == 0
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert list(rows[0]) == ["time", "speaker", "question", "answer_seconds", "answer_words"]
    assert len(rows) == 11
    assert rows[0]["speaker"] == "Megan Hollis"
    assert rows[0]["time"].count(":") == 1
    assert float(rows[0]["answer_seconds"]) > 0
    assert int(rows[0]["answer_words"]) > 0
    assert "Wrote 11 interviewer questions" in capsys.readouterr().out


def test_a_file_that_names_nobody_says_the_speakers_are_a_guess(tmp_path, capsys):
    call = next((ROOT / "tests" / "fixtures" / "transcripts" / "dev").glob("*.srt"))
    assert main(["transcript", "--in", str(call), "--out", str(tmp_path / "q.csv")]) == 0
    assert "who said what is a guess" in capsys.readouterr().out


def test_what_cannot_be_done_is_said_in_one_line(tmp_path, capsys):
    notes = tmp_path / "notes.txt"
    notes.write_text("just some notes", encoding="utf-8")
    cases = [
        (["--in", str(tmp_path / "missing.vtt")], "there is no file at"),
        (["--in", str(notes)], "No speaker turns found"),
        (["--in", str(CALL), "--me", "Nobody"], "Nobody called 'Nobody' speaks"),
    ]
    for arguments, reason in cases:
        assert main(["transcript", *arguments, "--out", str(tmp_path / "q.csv")]) == 1
        error = capsys.readouterr().err
        assert error.startswith("debrief transcript: ")
        assert reason in error
        assert error.count("\n") == 1
    assert main(["transcript", "--in", str(CALL), "--out", str(tmp_path / "no" / "q.csv")]) == 1
    assert "does not exist" in capsys.readouterr().err
