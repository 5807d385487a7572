"""Home: the first-run choice between demo data and an empty start, then the overview."""

from __future__ import annotations

from debrief import repository, settings
from debrief.models import Question
from debrief.store import Store
from tests.conftest import assert_no_exception, held_by_another_process, make_debrief, open_page, shown_text


def test_first_run_offers_demo_data_and_loads_it(database):
    app = open_page()
    assert_no_exception(app)
    assert app.button(key="onboarding.demo").label == "Load demo data"
    app.button(key="onboarding.demo").click().run()
    assert_no_exception(app)
    assert repository.count_interviews(Store(database)) == 120
    assert "#### 120" in [markdown.value for markdown in app.markdown]


def test_start_empty_leads_to_the_first_debrief(database):
    app = open_page()
    app.button(key="onboarding.empty").click().run()
    assert_no_exception(app)
    assert "No debriefs yet" in app.info[0].value
    assert repository.count_interviews(Store(database)) == 0
    assert not open_page().button  # the choice is remembered


def test_the_overview_shows_the_latest_debriefs(database):
    repository.insert_debrief(Store(database), make_debrief("Acme"))
    app = open_page()
    assert_no_exception(app)
    assert "#### 1" in [markdown.value for markdown in app.markdown]
    assert list(app.dataframe[0].value["company"]) == ["Acme"]


def test_a_database_held_by_another_program_gets_a_plain_message(database):
    with held_by_another_process(database):
        for page in (None, "pages/1_New_debrief.py", "pages/2_Interviews.py"):
            app = open_page(page)
            assert_no_exception(app)
            assert str(database) in shown_text(app.error[0].value)
            assert "in use by another program" in shown_text(app.error[0].value)


def test_home_names_the_most_asked_question_and_links_to_practise_it(database):
    store = Store(database)
    for company, wording in (("Acme", "Tell me about yourself"), ("Globex", "so, introduce yourself")):
        repository.insert_debrief(
            store, make_debrief(company, questions=[Question(text=wording, category="Behavioural")])
        )
    app = open_page()
    assert_no_exception(app)
    lines = [shown_text(markdown.value) for markdown in app.markdown]
    assert "❓ **Most asked question:** Tell me about yourself (2 times, in 2 interviews)" in lines
    assert ("Questions", "Practise your questions") in [
        (link.proto.page, link.proto.label) for link in app.get("page_link")
    ]


def test_an_unsaved_draft_is_mentioned_before_any_debrief_is_saved(database):
    settings.set_setting(Store(database), "first_run_done", "empty")
    repository.save_draft(Store(database), "k1", None, {"form": {"company": "Half typed"}, "version": None})
    app = open_page()
    assert_no_exception(app)
    assert "You have 1 unsaved draft" in app.warning[0].value
