"""The Thank-you note page through AppTest: contacts, the draft and its checks, marking it sent."""

from __future__ import annotations

import datetime as dt

from debrief import follow_ups, notes, repository, settings
from debrief.contacts import Contact, contacts_for, save_contacts
from debrief.store import Store
from tests.conftest import assert_no_exception, button, make_debrief, open_page, shown_text

PAGE = "pages/5_Thank_you_note.py"


def saved_debrief(database) -> int:
    store = Store(database)
    interview_id = repository.insert_debrief(
        store, make_debrief("Acme", interview_date=follow_ups.local_today() - dt.timedelta(days=1))
    ).id
    store.close()
    return interview_id


def test_without_debriefs_the_page_says_to_capture_one_first(database):
    app = open_page(PAGE)
    assert_no_exception(app)
    assert "Capture the interview first" in app.info[0].value


def test_add_the_interviewer_then_the_draft_and_its_checks_appear(database):
    interview_id = saved_debrief(database)
    app = open_page(PAGE, {"id": str(interview_id)})
    assert_no_exception(app)
    assert "a name is enough" in app.info[-1].value
    app.text_input(key="thank_you.new_name").input("Jane Doe")
    app.text_input(key="thank_you.new_linkedin").input("https://example.com/jane")
    button(app, "Add contact").click().run()
    assert "not a LinkedIn address" in app.error[0].value
    app.text_input(key="thank_you.new_name").input("Jane Doe")
    app.text_input(key="thank_you.new_linkedin").input("linkedin.com/in/jane-doe")
    button(app, "Add contact").click().run()
    assert_no_exception(app)
    assert contacts_for(Store(database), interview_id) == [
        Contact(name="Jane Doe", linkedin_url="https://www.linkedin.com/in/jane-doe")
    ]
    body = app.text_area(key="thank_you.body").value
    assert body.startswith("Hi Jane Doe,")
    assert "“Design a rate limiter”" in body
    assert "Nothing the method warns against" in app.success[-1].value
    app.text_input(key="thank_you.sender").input("Sam Lee").run()
    assert app.text_area(key="thank_you.body").value.endswith("Best wishes,\nSam Lee")
    assert settings.get_setting(Store(database), "note_sender_name") == "Sam Lee"

    app.radio(key="thank_you.tone").set_value("formal")
    app.selectbox(key="thank_you.mistake").set_value(0).run()
    body = app.text_area(key="thank_you.body").value
    assert body.startswith("Dear Jane Doe,")
    assert (
        "I apologise that some of my answers ran long; on reflection, my plan for next time: two minutes."
        in body
    )
    assert [item.label for item in app.get("download_button")] == ["Download .txt", "Download .eml"]
    mail_link = app.get("link_button")[0].proto.url
    assert mail_link.startswith("mailto:?subject=Thank%20you%20for%20the%20interview")

    app.radio(key="thank_you.channel").set_value("linkedin").run()
    body = app.text_area(key="thank_you.body").value
    assert body.startswith("Dear Jane Doe, thank you")
    assert len(body) <= 300
    assert app.radio(key="thank_you.sent_via").value == "linkedin"
    assert [item.label for item in app.get("download_button")] == ["Download .txt"]
    assert app.get("link_button")[0].proto.url == "https://www.linkedin.com/in/jane-doe"


def test_an_edited_draft_is_checked_kept_and_marked_sent(database):
    interview_id = saved_debrief(database)
    store = Store(database)
    save_contacts(store, interview_id, [Contact(name="Jane Doe", email="jane@acme.example")])
    app = open_page(PAGE, {"id": str(interview_id)})
    edited = app.text_area(key="thank_you.body").value.replace(
        "Thank you again;", "Sorry, I rambled because I was nervous. Sorry again. Thank you again;"
    )
    app.text_area(key="thank_you.body").input(edited).run()
    assert_no_exception(app)
    problems = [warning.value for warning in app.warning]
    assert any(
        "Sounds like an excuse" in problem and "because I was nervous" in problem for problem in problems
    )
    assert any("2 apologies" in problem for problem in problems)
    assert notes.draft(store, interview_id).body == edited

    again = open_page(PAGE, {"id": str(interview_id)})  # a refresh, or coming back later
    assert again.text_area(key="thank_you.body").value == edited
    again.radio(key="thank_you.sent_via").set_value("linkedin")
    button(again, "Mark as sent").click().run()
    assert_no_exception(again)
    assert shown_text(again.success[0].value).endswith("The thank-you follow-up is ticked off.")
    sent = notes.sent_notes(store, interview_id)
    assert [(item.note.body, item.sent_via) for item in sent] == [(edited, "linkedin")]
    assert notes.draft(store, interview_id) is None
    assert again.text_area(key="thank_you.body").value.startswith("Hi Jane Doe,")  # a fresh draft


def test_an_open_debrief_links_to_its_thank_you_note(database):
    interview_id = saved_debrief(database)
    app = open_page("pages/2_Interviews.py", {"id": str(interview_id)})
    assert_no_exception(app)
    links = {link.proto.label: link.proto for link in app.get("page_link")}
    assert links["Write a thank-you note"].page == "Thank_you_note"
    assert links["Write a thank-you note"].query_string == f"id={interview_id}"


def test_the_interview_chooser_hints_searches_and_says_when_a_debrief_is_gone(database):
    saved_debrief(database)
    app = open_page(PAGE)
    assert_no_exception(app)
    assert "Choose the interview you want to thank someone for." in [info.value for info in app.info]
    app.text_input(key="thank_you.search").input("Zyzzyva").run()
    assert "Nothing matches “Zyzzyva”" in app.info[0].value

    gone = open_page(PAGE, {"id": "999"})
    assert_no_exception(gone)
    assert "no debrief number 999" in gone.warning[0].value
    assert not any("Choose the interview" in info.value for info in gone.info)
