"""Demo data: deterministic, realistic patterns, written in bulk in one transaction, and its command."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from debrief import demo as demo_module
from debrief import repository
from debrief.cli import main
from debrief.demo import DemoSize, _first_asked, generate_demo, load_demo, vocabulary
from debrief.store import Store
from tests.conftest import make_debrief

END = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def demo() -> dict[str, pd.DataFrame]:
    return generate_demo(DemoSize(2000), seed=3, end_date=END)


def test_the_same_seed_gives_the_same_data(demo):
    again = generate_demo(DemoSize(2000), seed=3, end_date=END)
    for table, frame in demo.items():
        pd.testing.assert_frame_equal(frame, again[table])
    other = generate_demo(DemoSize(2000), seed=4, end_date=END)
    assert not demo["reflections"].equals(other["reflections"])


def test_a_few_mistakes_recur_far_more_than_the_rest(demo):
    shares = demo["reflections"].query("kind == 'mistake'")["category"].value_counts(normalize=True)
    assert shares.iloc[0] > 3 * shares.iloc[-1]


def test_some_mistakes_fade_as_the_candidate_improves(demo):
    mistakes = demo["reflections"].query("kind == 'mistake'")
    first_id = demo["interviews"]["id"].min()
    early = mistakes[mistakes["interview_id"] < first_id + 1000]
    late = mistakes[mistakes["interview_id"] >= first_id + 1000]
    assert len(late) < 0.85 * len(early), "fewer mistakes per interview later on"
    assert (late["category"] == "Nerves").mean() < (early["category"] == "Nerves").mean()


def test_recurring_questions_are_worded_differently_across_interviews(demo):
    texts = set(demo["questions"]["text"].str.lower())
    phrasings = {text.lower().rstrip("?.!") for text in vocabulary()["questions"][0]["phrasings"]}
    used = {text for text in phrasings if text in texts or f"{text}?" in texts}
    assert len(used) >= 4, used


def test_every_interview_is_dated_in_the_past_two_years_and_fully_described(demo):
    interviews = demo["interviews"]
    assert interviews["interview_date"].max() <= END
    assert interviews["interview_date"].min() >= END - dt.timedelta(days=730)
    assert interviews[["company", "role", "round", "format", "outcome"]].ne("").all().all()
    assert set(demo["interviewer_evaluations"]["interview_id"]) == set(interviews["id"])


def test_loading_adds_to_what_is_there_and_every_debrief_reads_back(store):
    mine = repository.insert_debrief(store, make_debrief("Mine"))
    assert load_demo(store, DemoSize(50), seed=1, end_date=END) == 50
    assert repository.count_interviews(store) == 51
    assert repository.get_debrief(store, mine.id) == mine
    newest = repository.search_interviews(store, limit=5).rows
    for interview_id in newest["id"]:
        assert repository.get_debrief(store, int(interview_id)).company


def test_a_failed_load_leaves_nothing(store, monkeypatch):
    def fail(cursor, table, frame):
        if table == "questions":
            raise RuntimeError("disk full")
        cursor.execute("SELECT 1")

    monkeypatch.setattr(demo_module, "insert_frame", fail)
    with pytest.raises(RuntimeError):
        load_demo(store, DemoSize(20), seed=1)
    assert repository.count_interviews(store) == 0


def test_the_demo_command_fills_a_database(tmp_path, capsys):
    path = tmp_path / "demo.duckdb"
    assert main(["demo", "--interviews", "30", "--seed", "5", "--db", str(path)]) == 0
    assert "Added 30 demo interviews" in capsys.readouterr().out
    store = Store(path)
    assert repository.count_interviews(store) == 30
    store.close()


def test_the_demo_command_explains_a_bad_file_in_one_line(tmp_path, capsys):
    path = tmp_path / "not-a-db.duckdb"
    path.write_text("my notes")
    assert main(["demo", "--interviews", "3", "--db", str(path)]) == 1
    error = capsys.readouterr().err.strip()
    assert error.startswith("debrief demo:")
    assert "\n" not in error


def test_a_repeat_of_a_repeat_asks_what_the_first_one_asked():
    repeats = np.array([-1, 0, 1, -1, 2, 3])
    assert _first_asked(repeats).tolist() == [-1, 0, 0, -1, 0, 3]
