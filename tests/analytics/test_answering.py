"""How the candidate answered, from call transcripts: per interview figures on known data, the filters,
and the charts with one interview."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from analytics import charts
from analytics.answering import answering_by_interview
from analytics.filters import InterviewFilter
from debrief import repository
from debrief.models import TranscriptAnswer, TranscriptMeasures
from tests.conftest import make_debrief, make_transcript


@pytest.fixture
def answered(store):
    repository.insert_debrief(
        store, make_debrief("Acme", interview_date=dt.date(2026, 3, 1), transcript=make_transcript())
    )
    no_times = TranscriptMeasures(
        source_format="plain",
        my_words=900,
        everyone_words=1200,
        fillers=18,
        answers=[TranscriptAnswer(question="Why us?", answer_words=400, fillers=10)],  # about 2 min 40 s
    )
    repository.insert_debrief(
        store, make_debrief("Globex", interview_date=dt.date(2026, 1, 10), transcript=no_times)
    )
    repository.insert_debrief(store, make_debrief("Initech"))  # no transcript: not in the figures
    return store


EVERYTHING = InterviewFilter()


def _figures(store, interview_filter=EVERYTHING) -> pd.DataFrame:
    with store.cursor() as cursor:
        return answering_by_interview(cursor, interview_filter)


def test_each_transcribed_interview_has_its_figures_oldest_first(answered):
    frame = _figures(answered)
    assert list(frame["company"]) == ["Globex", "Acme"]
    globex, acme = frame.to_dict("records")
    assert acme["answers"] == 2
    assert acme["average_answer_seconds"] == pytest.approx((70.0 + 150.25) / 2)
    assert acme["longest_answer_seconds"] == 150.25
    assert acme["long_answers"] == 1
    assert acme["fillers_per_100_words"] == pytest.approx(9 * 100 / 650)
    assert acme["my_share"] == pytest.approx(260.5 / 400)
    assert acme["words_per_minute"] == pytest.approx(650 / (260.5 / 60))
    # Without times: no seconds, a share by words, and a long answer estimated from its words.
    assert pd.isna(globex["average_answer_seconds"])
    assert pd.isna(globex["words_per_minute"])
    assert globex["my_share"] == pytest.approx(900 / 1200)
    assert globex["long_answers"] == 1


def test_the_sidebar_filters_apply(answered):
    assert list(_figures(answered, InterviewFilter(companies=("Acme",)))["company"]) == ["Acme"]
    assert _figures(answered, InterviewFilter(start=dt.date(2026, 6, 1))).empty


def test_one_interview_charts_as_a_date_with_minutes_and_a_two_minute_line(answered):
    frame = _figures(answered, InterviewFilter(companies=("Acme",)))
    length = json.loads(charts.make_answer_length_figure(frame).to_json())
    assert length["layout"]["xaxis"]["type"] == "category"
    assert length["data"][0]["x"] == ["01 Mar 2026 · Acme"]
    assert length["layout"]["shapes"][0]["y0"] == 2  # two minutes
    assert length["layout"]["title"]["text"] == "How long your answers ran"
    fillers = json.loads(charts.make_fillers_figure(frame).to_json())
    assert fillers["layout"]["yaxis2"]["range"] == [0, 100]
    assert [trace["name"] for trace in fillers["data"]] == [
        "Filler words per 100 words",
        "Your share of the talking (%)",
    ]


def test_a_company_name_is_shown_as_text_in_the_charts(store):
    repository.insert_debrief(store, make_debrief("<b>Bold</b> Ltd", transcript=make_transcript()))
    frame = _figures(store)
    figure = json.loads(charts.make_answer_length_figure(frame).to_json())
    assert figure["data"][0]["x"][0].endswith("&lt;b&gt;Bold&lt;/b&gt; Ltd")


def test_an_unanswered_question_does_not_pull_the_average_down(store):
    transcript = make_transcript()
    silent = transcript.answers[0].model_copy(update={"answer_seconds": 0.0, "answer_words": 0, "fillers": 0})
    repository.insert_debrief(
        store,
        make_debrief(transcript=transcript.model_copy(update={"answers": [*transcript.answers, silent]})),
    )
    [row] = _figures(store).to_dict("records")
    assert row["answers"] == 3
    assert row["average_answer_seconds"] == pytest.approx((70.0 + 150.25) / 2)


def test_two_rounds_on_one_day_at_one_company_are_two_points(store):
    for round_ in ("Technical", "Panel"):
        repository.insert_debrief(store, make_debrief("Acme", round=round_, transcript=make_transcript()))
    repository.insert_debrief(store, make_debrief("Acme", round="Panel", transcript=make_transcript()))
    figure = json.loads(charts.make_answer_length_figure(_figures(store)).to_json())
    labels = figure["data"][0]["x"]
    assert len(set(labels)) == 3
    assert labels[0] == "20 Nov 2026 · Acme · Technical"
    assert sorted(labels[1:]) == ["20 Nov 2026 · Acme · Panel", "20 Nov 2026 · Acme · Panel (2)"]
