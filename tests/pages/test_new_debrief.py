"""The New debrief page through its widgets: capture, validation, draft autosave, edit, conflicts."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from debrief import repository
from debrief.backup import restore_backup
from debrief.store import Store
from debrief.transfer import export_document, plan_import
from tests.conftest import assert_no_exception, backup_with, make_debrief, open_page, shown_text

PAGE = "pages/1_New_debrief.py"


def quick_add(app: AppTest, column: str, text: str, category: str | None = None) -> None:
    if category is not None:
        app.selectbox(key=f"capture.quick_category.{column}").set_value(category)
    app.text_input(key=f"capture.quick.{column}").input(text).run()


def fill_example(app: AppTest, company: str) -> None:
    app.text_input(key="capture.company").input(company)
    app.text_input(key="capture.role").input("Data analyst")
    quick_add(app, "mistakes", "Rambled through my intro", "Rambling")
    quick_add(app, "mistakes", "Guessed a salary number", "Salary misstep")
    quick_add(app, "strengths", "Clear story about the dashboard project", "Clear story")
    quick_add(app, "questions", "Tell me about yourself", "Behavioural")
    quick_add(app, "questions", "How would you test a data pipeline?", "Technical")


def test_a_debrief_captured_through_the_widgets_is_saved_with_all_its_items(database):
    app = open_page(PAGE)
    fill_example(app, "Acme")
    app.segmented_control(key="capture.evaluation.professionalism").set_value(2)
    app.slider(key="capture.evaluation.in_my_control").set_value(30)
    app.checkbox(key="capture.evaluation.awkward_pauses").check()
    app.button(key="capture.save").click().run()
    assert_no_exception(app)
    assert "Saved the debrief for Acme" in app.success[0].value
    store = Store(database)
    [row] = repository.search_interviews(store).rows.itertuples()
    saved = repository.get_debrief(store, row.id)
    assert (saved.company, saved.role) == ("Acme", "Data analyst")
    assert [(m.category, m.what_happened) for m in saved.mistakes] == [
        ("Rambling", "Rambled through my intro"),
        ("Salary misstep", "Guessed a salary number"),
    ]
    assert [s.category for s in saved.strengths] == ["Clear story"]
    assert [(q.text, q.category) for q in saved.questions] == [
        ("Tell me about yourself", "Behavioural"),
        ("How would you test a data pipeline?", "Technical"),
    ]
    assert saved.evaluation.professionalism == 2
    assert saved.evaluation.in_my_control == 30
    assert saved.evaluation.awkward_pauses is True
    assert repository.list_drafts(store) == []
    assert app.title[0].value.startswith("Edit debrief")


def test_a_debrief_without_company_is_refused_with_a_message_and_not_saved(database):
    app = open_page(PAGE)
    quick_add(app, "mistakes", "Froze on the first question")
    app.button(key="capture.save").click().run()
    assert_no_exception(app)
    assert "Company: required." in app.error[0].value
    assert repository.count_interviews(Store(database)) == 0


def test_a_half_typed_debrief_survives_a_refresh_as_a_draft(database):
    app = open_page(PAGE)
    app.text_input(key="capture.company").input("Initech")
    quick_add(app, "questions", "Why do you want to leave?", "Motivation")
    draft_key = app.query_params["draft"]
    assert any("Draft" in warning.value for warning in app.warning)

    refreshed = open_page(PAGE, query={"draft": draft_key})
    assert_no_exception(refreshed)
    assert refreshed.text_input(key="capture.company").value == "Initech"
    assert refreshed.session_state["capture.rows.questions"][0]["text"] == "Why do you want to leave?"
    assert any("Draft" in warning.value for warning in refreshed.warning)
    assert repository.count_interviews(Store(database)) == 0


def test_new_debrief_goes_back_to_the_draft_in_progress(database):
    app = open_page(PAGE)
    app.text_input(key="capture.company").input("Hooli").run()
    again = open_page(PAGE)  # the sidebar link, or a new tab: no draft in the address
    assert_no_exception(again)
    assert again.text_input(key="capture.company").value == "Hooli"
    assert again.query_params["draft"] == app.query_params["draft"]


def _typed_everywhere(app: AppTest, company: str) -> None:
    fill_example(app, company)
    app.selectbox(key="capture.round").set_value("Final")
    app.selectbox(key="capture.outcome").set_value("Waiting")
    app.segmented_control(key="capture.evaluation.professionalism").set_value(4)
    app.slider(key="capture.evaluation.in_my_control").set_value(70)
    app.checkbox(key="capture.evaluation.awkward_pauses").check()
    app.text_area(key="capture.evaluation.notes").input("Kind but late")
    app.text_area(key="capture.notes").input("Ask about the team next time").run()


def test_a_resumed_draft_comes_back_whole(database):
    app = open_page(PAGE)
    _typed_everywhere(app, "Hooli")
    typed = repository.list_drafts(Store(database))[0].payload["form"]
    app.button(key="capture.new").click().run()
    assert app.text_input(key="capture.company").value == ""
    app.text_input(key="capture.company").input("Initech").run()
    [resume] = [button for button in app.button if button.label == "Resume"]
    resume.click().run()
    assert_no_exception(app)
    assert app.text_input(key="capture.company").value == "Hooli"
    assert app.text_input(key="capture.role").value == "Data analyst"
    assert app.selectbox(key="capture.round").value == "Final"
    assert app.selectbox(key="capture.outcome").value == "Waiting"
    assert app.segmented_control(key="capture.evaluation.professionalism").value == 4
    assert app.slider(key="capture.evaluation.in_my_control").value == 70
    assert app.checkbox(key="capture.evaluation.awkward_pauses").value is True
    assert app.text_area(key="capture.evaluation.notes").value == "Kind but late"
    assert app.text_area(key="capture.notes").value == "Ask about the team next time"
    assert [row["what_happened"] for row in app.session_state["capture.rows.mistakes"]] == [
        "Rambled through my intro",
        "Guessed a salary number",
    ]
    app.run()  # the next autosave keeps every field
    assert repository.load_draft(Store(database), app.query_params["draft"]).payload["form"] == typed


def test_editing_a_saved_debrief_again_resumes_its_one_draft(database):
    store = Store(database)
    saved = repository.insert_debrief(store, make_debrief("Globex"))
    first = open_page(PAGE, query={"id": str(saved.id)})
    first.text_input(key="capture.role").input("Edited once").run()
    later = open_page(PAGE, query={"id": str(saved.id)})  # Edit from the Interviews page, later on
    assert later.text_input(key="capture.role").value == "Edited once"
    later.text_input(key="capture.role").input("Edited twice").run()
    drafts = repository.list_drafts(store)
    assert [draft.payload["form"]["role"] for draft in drafts] == ["Edited twice"]


def test_a_paste_over_a_limit_is_kept_and_flagged(database):
    app = open_page(PAGE)
    pasted = "word " * 50  # 250 characters, over the company's 200
    app.text_input(key="capture.company").input(pasted).run()
    assert app.text_input(key="capture.company").value == pasted
    assert any("250 characters, 50 over the limit of 200" in warning.value for warning in app.warning)
    app.button(key="capture.save").click().run()
    assert "Company: too long: at most 200 characters." in app.error[0].value
    assert repository.list_drafts(Store(database))[0].payload["form"]["company"] == pasted


def test_editing_a_stored_debrief_saves_a_new_version(database):
    store = Store(database)
    saved = repository.insert_debrief(store, make_debrief("Globex"))
    app = open_page(PAGE, query={"id": str(saved.id)})
    assert_no_exception(app)
    assert app.title[0].value == "Edit debrief: Globex"
    app.text_input(key="capture.role").input("Staff engineer")
    quick_add(app, "strengths", "Good questions about the roadmap", "Good questions")
    app.button(key="capture.save").click().run()
    assert_no_exception(app)
    updated = repository.get_debrief(store, saved.id)
    assert updated.version == 2
    assert updated.role == "Staff engineer"
    assert [s.what_happened for s in updated.strengths][-1] == "Good questions about the roadmap"
    assert len(updated.mistakes) == len(saved.mistakes)


def saved_from_two_tabs(database) -> tuple[Store, int, AppTest]:
    """Two tabs edit one debrief; the first saves, then the second: returns the second tab."""
    store = Store(database)
    saved = repository.insert_debrief(store, make_debrief("Globex"))
    first = open_page(PAGE, query={"id": str(saved.id)})
    second = open_page(PAGE, query={"id": str(saved.id)})
    first.text_input(key="capture.role").input("First tab").run()
    first.button(key="capture.save").click().run()
    second.text_input(key="capture.role").input("Second tab").run()
    second.button(key="capture.save").click().run()
    return store, saved.id, second


def test_a_stale_edit_is_refused_and_kept_as_a_draft(database):
    store, interview_id, second = saved_from_two_tabs(database)
    assert_no_exception(second)
    assert "changed in another tab" in second.error[0].value
    assert repository.get_debrief(store, interview_id).role == "First tab"
    assert any(draft.payload["form"]["role"] == "Second tab" for draft in repository.list_drafts(store))


def test_after_a_conflict_my_version_can_replace_the_other_one(database):
    store, interview_id, second = saved_from_two_tabs(database)
    second.button(key="capture.overwrite").click().run()
    assert_no_exception(second)
    assert "Saved the debrief for Globex" in second.success[0].value
    stored = repository.get_debrief(store, interview_id)
    assert (stored.role, stored.version) == ("Second tab", 3)
    assert repository.list_drafts(store) == []


def test_a_debrief_deleted_in_another_tab_while_edited_is_kept_as_a_new_one(database):
    store = Store(database)
    saved = repository.insert_debrief(store, make_debrief("Vanishing Ltd"))
    editing = open_page(PAGE, query={"id": str(saved.id)})
    repository.delete_debrief(store, saved.id)
    editing.text_input(key="capture.role").input("Typed after the delete").run()
    assert [draft.interview_id for draft in repository.list_drafts(store)] == [None]
    assert plan_import(export_document(store), "test").problems == []

    editing.button(key="capture.save").click().run()
    assert "deleted in another tab" in editing.warning[-1].value
    assert repository.count_interviews(store) == 0
    editing.button(key="capture.save").click().run()
    assert_no_exception(editing)
    [row] = repository.search_interviews(store).rows.itertuples()
    assert repository.get_debrief(store, row.id).role == "Typed after the delete"


def test_one_draft_saved_from_two_tabs_is_stored_once(database):
    first = open_page(PAGE)
    first.text_input(key="capture.company").input("Twice Inc").run()
    second = open_page(PAGE, query={"draft": first.query_params["draft"]})
    first.button(key="capture.save").click().run()
    second.button(key="capture.save").click().run()
    assert_no_exception(second)
    assert "already saved or discarded in another tab" in second.error[0].value
    assert repository.count_interviews(Store(database)) == 1


def test_a_category_added_on_the_page_is_offered_for_new_items(database):
    app = open_page(PAGE)
    app.radio(key="capture.new_category_kind").set_value("strength")
    app.text_input(key="capture.new_category_name").input("Whiteboard clarity")
    app.button(key="capture.add_category").click().run()
    assert_no_exception(app)
    assert "Whiteboard clarity is now a strength category" in app.success[0].value
    assert "Whiteboard clarity" in app.selectbox(key="capture.quick_category.strengths").options
    assert "Whiteboard clarity" not in app.selectbox(key="capture.quick_category.mistakes").options


def test_an_empty_category_name_is_refused_with_a_message(database):
    app = open_page(PAGE)
    app.button(key="capture.add_category").click().run()
    assert_no_exception(app)
    assert shown_text(app.error[0].value) == "A category needs a name."


def test_a_tab_opened_before_a_restore_cannot_save_over_the_restored_debrief(database, tmp_path):
    store = Store(database)
    saved = repository.insert_debrief(store, make_debrief("Before the restore"))
    store.close()
    tab = open_page(PAGE, query={"id": str(saved.id)})
    # Meanwhile, another tab restores a backup holding another debrief with the same number and version.
    restoring = Store(database)
    restore_backup(restoring, backup_with(tmp_path, companies=("Restored",)))
    restoring.close()
    tab.text_input(key="capture.role").input("Typed in the stale tab").run()
    tab.button(key="capture.save").click().run()
    assert_no_exception(tab)
    assert "changed in another tab" in tab.error[0].value
    assert repository.get_debrief(Store(database), saved.id).company == "Restored"


def test_a_malformed_draft_from_an_import_or_restore_opens_as_far_as_it_fits(database):
    """A draft of another version, or edited by hand, cannot lock the user out of New debrief."""
    store = Store(database)
    payload = {
        "form": {
            "company": "Kept",
            "role": 42,
            "interview_date": "not a date",
            "round": ["a list"],
            "mistakes": ["not a row", {"category": "Rambling", "what_happened": "kept too"}],
            "evaluation": {"professionalism": 9, "in_my_control": "lots", "awkward_pauses": True},
        },
        "version": None,
    }
    repository.save_draft(store, "odd", None, payload)
    app = open_page(PAGE)
    assert_no_exception(app)
    assert app.text_input(key="capture.company").value == "Kept"
    assert app.text_input(key="capture.role").value == ""
    assert app.session_state["capture.rows.mistakes"][0]["what_happened"] == "kept too"
    assert app.checkbox(key="capture.evaluation.awkward_pauses").value is True
    assert app.segmented_control(key="capture.evaluation.professionalism").value is None
