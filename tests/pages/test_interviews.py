"""The Interviews page: list, search, open, edit link, delete with confirmation, empty state."""

from __future__ import annotations

import datetime as dt

from debrief import applications, repository, schedule
from debrief.models import Question, Reflection
from debrief.store import Store
from tests.conftest import assert_no_exception, make_debrief, make_transcript, open_page, shown_text

RAMBLING = Reflection(category="Rambling", what_happened="Long intro", next_time="Two minutes, then stop")

PAGE = "pages/2_Interviews.py"


def test_an_empty_database_says_what_to_do_first(database):
    app = open_page(PAGE)
    assert_no_exception(app)
    assert "No debriefs yet" in app.info[0].value


def test_search_finds_debriefs_by_company_role_or_any_text(database):
    store = Store(database)
    repository.insert_debrief(store, make_debrief("Acme"))
    repository.insert_debrief(store, make_debrief("Globex", role="Data analyst"))
    app = open_page(PAGE)
    assert_no_exception(app)
    assert set(app.dataframe[1].value["company"]) == {"Acme", "Globex"}
    for text, expected in (
        ("glob", {"Globex"}),
        ("data ANALYST", {"Globex"}),
        ("rate limiter", {"Acme", "Globex"}),
    ):
        app.text_input(key="interviews.search").input(text).run()
        assert set(app.dataframe[1].value["company"]) == expected, text
    app.text_input(key="interviews.search").input("100%_nothing").run()
    assert "Nothing matches" in app.info[0].value


def test_open_a_debrief_then_delete_it_after_confirming(database):
    store = Store(database)
    kept = repository.insert_debrief(store, make_debrief("Kept Inc"))
    gone = repository.insert_debrief(store, make_debrief("Gone Ltd"))
    app = open_page(PAGE)
    app.selectbox(key="interviews.open").set_value(gone.id).run()
    assert_no_exception(app)
    assert app.query_params["id"] == str(gone.id)
    assert app.subheader[2].value.startswith("Gone Ltd")
    _, _, mistakes, strengths, questions = (frame.value for frame in app.dataframe)
    assert list(mistakes["What happened"]) == ["Long intro", "Named a number"]
    assert list(strengths["What happened"]) == ["Shared a laugh"]
    assert list(questions["Question"]) == ["Tell me about yourself", "Design a rate limiter"]

    app.button(key="interviews.delete").click().run()
    assert "This cannot be undone" in app.warning[0].value
    assert repository.count_interviews(store) == 2
    app.button(key="interviews.cancel").click().run()
    assert not app.warning
    app.button(key="interviews.delete").click().run()
    app.button(key="interviews.confirm").click().run()
    assert_no_exception(app)
    assert "Deleted the debrief for Gone Ltd" in app.success[0].value
    assert [row.company for row in repository.search_interviews(store).rows.itertuples()] == ["Kept Inc"]
    assert repository.get_debrief(store, kept.id) == kept


def test_a_debrief_opened_by_url_shows_directly(database):
    saved = repository.insert_debrief(Store(database), make_debrief("Direct Link GmbH"))
    app = open_page(PAGE, query={"id": str(saved.id)})
    assert_no_exception(app)
    assert app.subheader[2].value.startswith("Direct Link GmbH")


def test_a_debrief_with_transcript_figures_shows_them_and_the_kept_transcript(database):
    transcript = make_transcript(kept_text="[0:12] Priya Shah: Tell me about yourself")
    saved = repository.insert_debrief(Store(database), make_debrief("Transcribed Ltd", transcript=transcript))
    app = open_page(PAGE, query={"id": str(saved.id)})
    assert_no_exception(app)
    assert "**How I answered, from the call transcript**" in [markdown.value for markdown in app.markdown]
    assert any(
        "2 answers · longest 2 min 30 s · 65% of the talking was mine · 9 filler words" in text.value
        for text in app.get("markdown")
    )
    answers = next(frame.value for frame in app.dataframe if "Filler words" in frame.value.columns)
    assert list(answers["Question"]) == ["Tell me about yourself", "Why did you choose Kafka?"]
    assert list(answers["At"]) == ["0:12", "1:35"]
    assert "The transcript" in [expander.label for expander in app.expander]
    assert "[0:12] Priya Shah: Tell me about yourself" in [text.value for text in app.text]


def test_a_debrief_whose_answers_lack_some_times_opens(database):
    transcript = make_transcript()
    first, second = transcript.answers
    mixed = transcript.model_copy(update={"answers": [first, second.model_copy(update={"asked_at": None})]})
    saved = repository.insert_debrief(Store(database), make_debrief("Half Timed Ltd", transcript=mixed))
    app = open_page(PAGE, query={"id": str(saved.id)})
    assert_no_exception(app)
    answers = next(frame.value for frame in app.dataframe if "Filler words" in frame.value.columns)
    assert list(answers["At"]) == ["0:12", ""]


def test_a_deleted_debrief_opened_by_url_says_so(database):
    repository.insert_debrief(Store(database), make_debrief("Still Here"))
    app = open_page(PAGE, query={"id": "999"})
    assert_no_exception(app)
    assert "no debrief number 999" in app.warning[0].value


def test_applications_list_their_stage_and_rounds_which_open_their_debriefs(database):
    store = Store(database)
    screen = repository.insert_debrief(
        store,
        make_debrief("Acme", interview_date=dt.date(2026, 11, 2), round="Phone screen", outcome="Next round"),
    )
    final = repository.insert_debrief(
        store, make_debrief("Acme", interview_date=dt.date(2026, 11, 16), round="Final", outcome="Offer")
    )
    stray = repository.insert_debrief(store, make_debrief("ACME Corp", interview_date=dt.date(2026, 11, 9)))
    app = open_page(PAGE)
    assert_no_exception(app)
    pipeline = app.dataframe[0].value
    assert list(zip(pipeline["company"], pipeline["stage"], pipeline["rounds"], strict=True)) == [
        ("Acme", "Offer", 2),
        ("ACME Corp", "Interviewing", 1),
    ]
    acme = int(pipeline["application_id"].iloc[0])
    app = open_page(PAGE, query={"application": str(acme), "id": str(final.id)})
    assert_no_exception(app)
    assert "Acme · Backend engineer · 2 rounds" in shown_text(app.markdown[0].value)
    assert list(app.dataframe[1].value["id"]) == [screen.id, final.id]
    assert app.subheader[2].value.startswith("Acme")  # the round opened below

    app.selectbox(key="applications.move.round").set_value(screen.id)
    app.selectbox(key="applications.move.to").set_value(int(pipeline["application_id"].iloc[1])).run()
    app.button(key="applications.move.go").click().run()
    assert_no_exception(app)
    assert "Moved the round of 2026-11-02 · Phone screen to ACME Corp" in shown_text(app.success[0].value)
    assert applications.rounds(store, acme)["id"].tolist() == [final.id]

    app.selectbox(key=f"applications.stage.{acme}").set_value("withdrawn").run()
    assert_no_exception(app)
    assert applications.pipeline(store, dt.datetime(2026, 12, 2)).set_index("company").loc[
        "Acme", "stage"
    ] == ("withdrawn")
    assert stray.id in applications.rounds(store, int(pipeline["application_id"].iloc[1]))["id"].tolist()


def test_a_prepared_debrief_shows_its_brief_against_what_happened(database):
    store = Store(database)
    repository.insert_debrief(
        store,
        make_debrief("Acme", interview_date=dt.date(2026, 11, 2), outcome="Next round", mistakes=[RAMBLING]),
    )
    repository.insert_debrief(
        store, make_debrief("Globex", interview_date=dt.date(2026, 11, 5), mistakes=[RAMBLING])
    )
    plan_id = schedule.schedule(
        store,
        schedule.InterviewPlan(
            company="Acme", role="Backend engineer", starts_at=dt.datetime(2026, 11, 16, 10)
        ),
    )
    prepared = repository.insert_debrief(
        store,
        make_debrief(
            "Acme",
            interview_date=dt.date(2026, 11, 16),
            mistakes=[],
            questions=[
                Question(text="Tell me about yourself", category="Behavioural"),
                Question(text="How would you cut the Harrogate depot food waste", category="Situational"),
            ],
        ),
        plan_id=plan_id,
    )
    app = open_page(PAGE, query={"id": str(prepared.id)})
    assert_no_exception(app)
    lines = [shown_text(markdown.value) for markdown in app.markdown]
    assert "The brief listed **1 of the 2 questions** that came up (50%)." in lines
    frames = [frame.value for frame in app.dataframe]
    at = next(index for index, frame in enumerate(frames) if "Rank in the brief" in frame.columns)
    hits, surprises = frames[at], frames[at + 1]  # side by side
    assert list(hits["Question"]) == ["Tell me about yourself"]
    assert list(surprises["Question"]) == ["How would you cut the Harrogate depot food waste"]
    assert any("Avoided: Rambling" in line for line in lines)
