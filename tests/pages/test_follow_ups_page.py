"""The Follow-ups page through AppTest: overdue first; done, snooze, stop, resume; the plan; the Home line."""

from __future__ import annotations

import datetime as dt

from debrief import follow_ups, repository, settings
from debrief.store import Store
from tests.conftest import assert_no_exception, button, make_debrief, open_page, shown_text

PAGE = "pages/6_Follow_ups.py"


def lines(app) -> list[str]:
    return [shown_text(item.value) for item in app.markdown if "·" in item.value]


def test_without_debriefs_the_page_says_what_to_do(database):
    app = open_page(PAGE)
    assert_no_exception(app)
    assert "Each debrief you save gets a follow-up plan" in app.info[0].value


def test_due_follow_ups_come_overdue_first_and_can_be_done_snoozed_stopped_and_resumed(database):
    today = follow_ups.local_today()
    store = Store(database)
    interview_id = repository.insert_debrief(
        store, make_debrief("Acme", interview_date=today - dt.timedelta(days=6))
    ).id
    app = open_page(PAGE)
    assert_no_exception(app)
    assert [(metric.label, metric.value) for metric in app.metric] == [
        ("Overdue", "1"),
        ("Due today", "0"),
        ("Next 7 days", "1"),
    ]
    assert lines(app) == [
        "🔴 Overdue by 5 days · **Thank-you note** · Acme · Backend engineer",
        "🔵 Due tomorrow · **Check-in** · Acme · Backend engineer",
    ]
    thank_you, check_in = (int(value) for value in follow_ups.agenda(store, today).items["id"])

    app.button(key=f"followups.done.{thank_you}").click().run()
    app.radio(key=f"followups.done_via.{thank_you}").set_value("phone")
    app.text_input(key=f"followups.done_note.{thank_you}").input("Called Jane")
    button(app, "Mark done").click().run()
    assert_no_exception(app)
    assert shown_text(app.success[0].value) == "Done: thank-you note for Acme."
    assert lines(app) == ["🔵 Due tomorrow · **Check-in** · Acme · Backend engineer"]
    done = follow_ups.recently_done(store)
    assert list(done[["step", "done_via", "note"]].itertuples(index=False, name=None)) == [
        ("thank_you", "phone", "Called Jane")
    ]

    app.button(key=f"followups.snooze.{check_in}").click().run()
    app.radio(key=f"followups.snooze_days.{check_in}").set_value("In two weeks")
    app.button(key=f"followups.snooze_confirm.{check_in}").click().run()
    assert_no_exception(app)
    assert "Nothing due in the next 7 days" in shown_text(app.success[-1].value)
    assert "the next on" in shown_text(app.success[-1].value)

    follow_ups.snooze(store, check_in, until=today + dt.timedelta(days=1), today=today)
    app.run()
    app.button(key=f"followups.stop.{check_in}").click().run()
    app.button(key=f"followups.stop_confirm.{check_in}").click().run()
    assert_no_exception(app)
    assert shown_text(app.success[0].value) == "Stopped following up with Acme."
    assert follow_ups.due_counts(store, today).soon == 0
    app.button(key=f"followups.resume.{interview_id}").click().run()
    assert_no_exception(app)
    assert lines(app) == ["🔵 Due tomorrow · **Check-in** · Acme · Backend engineer"]
    assert [item.label for item in app.get("download_button")] == ["Download reminders (.ics)"]


def test_the_plan_for_new_debriefs_can_be_changed(database):
    repository.insert_debrief(Store(database), make_debrief("Acme"))
    app = open_page(PAGE)
    app.number_input(key="followups.plan.check_in_days").set_value(10)
    app.number_input(key="followups.plan.cadence_months").set_value(2)
    button(app, "Save plan").click().run()
    assert_no_exception(app)
    assert follow_ups.plan_defaults(Store(database)) == follow_ups.PlanSettings(
        check_in_days=10, cadence_months=2
    )


def test_home_says_how_many_follow_ups_are_due_and_links_to_them(database):
    today = follow_ups.local_today()
    repository.insert_debrief(
        Store(database), make_debrief("Acme", interview_date=today - dt.timedelta(days=8))
    )
    settings.set_setting(Store(database), "first_run_done", "empty")
    app = open_page()
    assert_no_exception(app)
    assert "🔔 **2 follow-ups due** (2 overdue)" in [shown_text(item.value) for item in app.markdown]
    assert ("Follow_ups", "Open follow-ups") in [
        (link.proto.page, link.proto.label) for link in app.get("page_link")
    ]
