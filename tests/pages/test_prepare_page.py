"""Prepare: schedule an interview, see it counted down on Home, open its brief, move or remove it; a
date still to come on New debrief is scheduled instead; the debrief afterwards starts from the plan."""

from __future__ import annotations

import datetime as dt

from debrief import applications, repository, schedule
from debrief.contacts import contacts_for
from debrief.models import Question, Reflection
from debrief.store import Store
from tests.conftest import assert_no_exception, make_debrief, open_page, shown_text

PREPARE = "pages/8_Prepare.py"


def _soon(days: int = 2, hour: int = 14) -> dt.datetime:
    return dt.datetime.combine(dt.date.today() + dt.timedelta(days=days), dt.time(hour, 30))


def _history(store: Store) -> None:
    """An earlier round at Acme with a question asked again later, and a mistake made twice."""
    rambling = Reflection(category="Rambling", what_happened="Long intro", next_time="Two minutes, then stop")
    for day, company in ((20, "Acme"), (25, "Globex")):
        repository.insert_debrief(
            store,
            make_debrief(
                company,
                interview_date=dt.date.today() - dt.timedelta(days=day),
                outcome="Next round",
                mistakes=[rambling],
                questions=[
                    Question(
                        text="How would you cut the Harrogate depot food waste",
                        category="Technical",
                        answer_rating=2,
                        off_guard=True,
                        better_answer="Token bucket per key, then the trade-offs",
                    )
                ],
            ),
        )


def test_with_nothing_scheduled_the_page_says_what_to_do_and_offers_the_form(database):
    app = open_page(PREPARE)
    assert_no_exception(app)
    assert "No interview scheduled" in app.info[0].value
    assert app.text_input(key="prepare.any.company")
    assert any("Type a company" in info.value for info in app.info)


def test_scheduling_an_interview_shows_its_brief_with_what_came_before(database):
    store = Store(database)
    _history(store)
    app = open_page(PREPARE)
    app.selectbox(key="prepare.new.application").select(
        int(
            applications.pipeline(store, schedule.local_now()).query("company == 'Acme'")["application_id"][0]
        )
    )
    app.run()
    app.date_input(key="prepare.new.day").set_value(_soon().date())
    app.selectbox(key="prepare.new.round").set_value("Final")
    app.text_input(key="prepare.new.interviewers").input("Priya Shah, Tom Becker")
    app.button(key="prepare.new.save").click().run()
    assert_no_exception(app)
    [scheduled] = schedule.upcoming(store, schedule.local_now())
    assert (scheduled.plan.company, scheduled.plan.round) == ("Acme", "Final")
    assert "Scheduled: Final at Acme" in shown_text(app.success[0].value)
    assert "without a good answer yet will come up in practice every day" in shown_text(app.success[0].value)
    with store.cursor() as cursor:
        crammed = dict(
            cursor.execute(
                "SELECT prompt, cram_until FROM practice_cards WHERE cram_until IS NOT NULL"
            ).fetchall()
        )
    assert crammed["How would you cut the Harrogate depot food waste"] is not None
    assert "Brief: Final interview at Acme (Backend engineer)" in shown_text(app.header[0].value)
    cards = [shown_text(markdown.value) for markdown in app.markdown]
    assert cards[cards.index("**1. How would you cut the Harrogate depot food waste** · Technical") + 1] == (
        "Your best answer so far: Token bucket per key, then the trade-offs"
    )
    assert any("this application's" in shown_text(caption.value) for caption in app.caption)
    assert "Last rated 2/5; it caught you off guard before." in [shown_text(c.value) for c in app.caption]
    text = "\n".join(shown_text(markdown.value) for markdown in app.markdown)
    assert "Two minutes, then stop" in text
    assert "Priya Shah, Tom Becker" in text
    labels = [button.label for button in app.get("download_button")]
    assert labels == ["Download the brief (Markdown)", "Download a page to print (HTML)"]


def test_an_interview_can_be_moved_and_removed(database):
    store = Store(database)
    plan_id = schedule.schedule(store, schedule.InterviewPlan(company="Acme", starts_at=_soon()))
    app = open_page(PREPARE, {"plan": str(plan_id)})
    app.time_input(key=f"prepare.edit{plan_id}.time").set_value(dt.time(9, 0))
    app.button(key=f"prepare.edit.{plan_id}.save").click().run()
    assert_no_exception(app)
    moved = schedule.get_scheduled(store, plan_id)
    assert (moved.plan.starts_at.time(), moved.revision) == (dt.time(9, 0), 1)
    with store.cursor() as cursor:
        assert (
            cursor.execute("SELECT count(*) FROM practice_cards WHERE cram_until IS NOT NULL").fetchone()[0]
            > 0
        )
    app.button(key=f"prepare.edit.{plan_id}.remove").click().run()
    assert_no_exception(app)
    with store.cursor() as cursor:
        assert cursor.execute(
            "SELECT count(*) FROM practice_cards WHERE cram_until IS NOT NULL"
        ).fetchone() == (0,)
    assert schedule.upcoming(store, schedule.local_now()) == []
    assert "Removed the interview." in shown_text(app.success[0].value)


def test_home_counts_down_to_the_next_interview_and_links_to_its_brief(database):
    store = Store(database)
    repository.insert_debrief(store, make_debrief("Acme"))
    plan_id = schedule.schedule(
        store, schedule.InterviewPlan(company="Globex", round="Panel", starts_at=_soon(days=1, hour=9))
    )
    app = open_page()
    assert_no_exception(app)
    assert "Next: Panel interview at Globex**, tomorrow at 09:30" in shown_text(app.info[0].value)
    links = [(link.proto.page, link.proto.label, link.proto.query_string) for link in app.get("page_link")]
    assert ("Prepare", "Open its brief", f"plan={plan_id}") in links


def test_a_past_plan_asks_for_its_debrief_which_starts_from_the_plan(database):
    store = Store(database)
    repository.insert_debrief(store, make_debrief("Acme"))
    yesterday = dt.datetime.combine(dt.date.today() - dt.timedelta(days=1), dt.time(10, 0))
    plan_id = schedule.schedule(
        store,
        schedule.InterviewPlan(
            company="Globex",
            role="Data analyst",
            round="Final",
            format="On-site",
            starts_at=yesterday,
            interviewers="Jo Park",
        ),
    )
    home = open_page()
    assert "Final interview at Globex (Data analyst)** was on" in shown_text(home.warning[0].value)
    app = open_page("pages/1_New_debrief.py", {"plan": str(plan_id)})
    assert_no_exception(app)
    assert app.text_input(key="capture.company").value == "Globex"
    assert app.selectbox(key="capture.round").value == "Final"
    assert app.selectbox(key="capture.format").value == "On-site"
    assert app.date_input(key="capture.interview_date").value == yesterday.date()
    assert "Jo Park will be its contacts, for the thank-you note." in "".join(
        shown_text(caption.value) for caption in app.caption
    )
    app.button(key="capture.save").click().run()
    assert_no_exception(app)
    saved = schedule.get_scheduled(store, plan_id).interview_id
    assert saved is not None
    assert [contact.name for contact in contacts_for(store, saved)] == ["Jo Park"]
    assert schedule.awaiting_debrief(store, schedule.local_now()) == []


def test_a_date_still_to_come_on_new_debrief_is_scheduled_instead(database):
    store = Store(database)
    app = open_page("pages/1_New_debrief.py")
    app.text_input(key="capture.company").input("Initech").run()
    app.date_input(key="capture.interview_date").set_value(dt.date.today() + dt.timedelta(days=3)).run()
    assert any("is still to come" in shown_text(warning.value) for warning in app.warning)
    app.button(key="capture.save").click().run()
    assert "Not saved: the interview date is still to come" in app.error[0].value
    assert repository.count_interviews(store) == 0
    app.button(key="capture.schedule").click().run()
    assert_no_exception(app)
    [scheduled] = schedule.upcoming(store, schedule.local_now())
    assert (scheduled.plan.company, scheduled.plan.starts_at.date()) == (
        "Initech",
        dt.date.today() + dt.timedelta(days=3),
    )
    assert repository.list_drafts(store) == []
