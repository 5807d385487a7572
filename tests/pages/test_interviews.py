"""The Interviews page: list, search, open, edit link, delete with confirmation, empty state."""

from __future__ import annotations

from debrief import repository
from debrief.store import Store
from tests.conftest import assert_no_exception, make_debrief, make_transcript, open_page

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
    assert set(app.dataframe[0].value["company"]) == {"Acme", "Globex"}
    for text, expected in (
        ("glob", {"Globex"}),
        ("data ANALYST", {"Globex"}),
        ("rate limiter", {"Acme", "Globex"}),
    ):
        app.text_input(key="interviews.search").input(text).run()
        assert set(app.dataframe[0].value["company"]) == expected, text
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
    assert app.subheader[0].value.startswith("Gone Ltd")
    _, mistakes, strengths, questions = (frame.value for frame in app.dataframe)
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
    assert app.subheader[0].value.startswith("Direct Link GmbH")


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
