"""Applications and their rounds, interviews scheduled before they happen, and the demo's rounds."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from icalendar import Calendar

from debrief import applications, repository, schedule, upkeep
from debrief.cli import main
from debrief.contacts import contacts_for
from debrief.demo import DemoSize, generate_demo
from debrief.reminders import reminders_file
from debrief.store import NotFoundError, Store
from tests.conftest import make_debrief

NOW = dt.datetime(2026, 12, 2, 9, 0)


def _pipeline(store):
    return applications.pipeline(store, NOW).set_index("company")


def _debrief(store, company, role="Data analyst", day=20, outcome="Waiting", **changes):
    return repository.insert_debrief(
        store,
        make_debrief(company, role=role, interview_date=dt.date(2026, 11, day), outcome=outcome, **changes),
    )


def test_rounds_of_one_company_and_role_are_one_application_whatever_the_case(store):
    _debrief(store, "Acme", day=3, outcome="Next round")
    _debrief(store, " acme ", role="data analyst ", day=10, outcome="Next round")
    _debrief(store, "Acme", role="Product manager", day=12)
    _debrief(store, "Globex", day=14, outcome="Offer")
    table = applications.pipeline(store, NOW)
    assert sorted(zip(table["company"], table["role"], table["rounds"], strict=True)) == [
        ("Acme", "Data analyst", 2),
        ("Acme", "Product manager", 1),
        ("Globex", "Data analyst", 1),
    ]


def test_the_stage_follows_the_latest_round_unless_the_user_sets_it(store):
    _debrief(store, "Acme", day=3, outcome="Next round")
    _debrief(store, "Acme", day=10, outcome="Rejected")
    _debrief(store, "Globex", day=11, outcome="Next round")
    _debrief(store, "Initech", day=12, outcome="Withdrew")
    _debrief(store, "Umbrella", day=13, outcome="Offer")
    stages = _pipeline(store)["stage"].to_dict()
    assert stages == {
        "Acme": "rejected",
        "Globex": "interviewing",
        "Initech": "withdrawn",
        "Umbrella": "offer",
    }
    globex = int(_pipeline(store).loc["Globex", "application_id"])
    applications.set_stage(store, globex, "withdrawn")
    assert _pipeline(store).loc["Globex", ["stage", "stage_set"]].tolist() == ["withdrawn", True]
    applications.set_stage(store, globex, None)
    assert _pipeline(store).loc["Globex", "stage"] == "interviewing"
    with pytest.raises(ValueError, match="choose one of"):
        applications.set_stage(store, globex, "hired")


def test_a_moved_round_stays_until_its_company_is_edited_and_empty_applications_go(store):
    first = _debrief(store, "Acme", day=3, outcome="Next round")
    second = _debrief(store, "Acme Ltd", day=10)
    acme = int(_pipeline(store).loc["Acme", "application_id"])
    applications.move_round(store, second.id, acme)
    assert len(applications.pipeline(store, NOW)) == 1, "the application left without rounds is gone"
    assert applications.rounds(store, acme)["id"].tolist() == [first.id, second.id]
    edited = repository.update_debrief(
        store, repository.get_debrief(store, second.id).model_copy(update={"notes": "more"})
    )
    assert applications.rounds(store, acme)["id"].tolist() == [first.id, second.id], "an edit keeps the move"
    repository.update_debrief(store, edited.model_copy(update={"company": "Globex"}))
    assert sorted(_pipeline(store).index) == ["Acme", "Globex"]
    repository.delete_debrief(store, first.id)
    assert sorted(_pipeline(store).index) == ["Globex"]
    with pytest.raises(NotFoundError):
        applications.move_round(store, second.id, acme)


def test_an_older_database_has_its_interviews_filed_when_it_opens(store):
    _debrief(store, "Acme", day=3)
    _debrief(store, "ACME", day=5)
    with store.transaction() as cursor:
        cursor.execute("UPDATE interviews SET application_id = NULL")
        cursor.execute("DELETE FROM applications")
    assert upkeep.pending(store)
    upkeep.bring_up_to_date(store, dt.date(2026, 12, 2))
    assert not upkeep.pending(store)
    assert _pipeline(store).loc["Acme", "rounds"] == 2


def _plan(**changes) -> schedule.InterviewPlan:
    values = {
        "company": "Acme",
        "role": "Data analyst",
        "round": "Final",
        "starts_at": dt.datetime(2026, 12, 4, 14, 30),
        "format": "Video call",
        "interviewers": "Priya Shah; Tom Becker",
    }
    return schedule.InterviewPlan(**{**values, **changes})


def test_a_scheduled_interview_joins_its_application_and_is_upcoming_until_it_ends(store):
    earlier = _debrief(store, "Acme", day=3, outcome="Next round")
    plan_id = schedule.schedule(store, _plan())
    scheduled = schedule.get_scheduled(store, plan_id)
    assert applications.rounds(store, scheduled.application_id)["id"].tolist() == [earlier.id]
    assert [one.id for one in schedule.upcoming(store, NOW)] == [plan_id]
    assert _pipeline(store).loc["Acme", "next_at"] == dt.datetime(2026, 12, 4, 14, 30)
    during = dt.datetime(2026, 12, 4, 15, 0)
    assert [one.id for one in schedule.upcoming(store, during)] == [plan_id], "still on during the call"
    after = dt.datetime(2026, 12, 4, 15, 31)
    assert schedule.upcoming(store, after) == []
    assert [one.id for one in schedule.awaiting_debrief(store, after)] == [plan_id]
    assert schedule.awaiting_debrief(store, after + dt.timedelta(days=15)) == []


def test_moving_an_interview_counts_a_revision_and_other_edits_do_not(store):
    plan_id = schedule.schedule(store, _plan())
    schedule.reschedule(store, plan_id, _plan(notes="Bring the portfolio"))
    assert schedule.get_scheduled(store, plan_id).revision == 0
    schedule.reschedule(store, plan_id, _plan(starts_at=dt.datetime(2026, 12, 5, 9, 0)))
    moved = schedule.get_scheduled(store, plan_id)
    assert (moved.revision, moved.plan.starts_at) == (1, dt.datetime(2026, 12, 5, 9, 0))
    schedule.cancel(store, plan_id)
    assert applications.pipeline(store, NOW).empty, "an application with nothing left goes too"
    with pytest.raises(NotFoundError):
        schedule.cancel(store, plan_id)


def test_a_debrief_saved_from_its_plan_is_a_round_of_that_application_with_its_interviewers(store):
    plan_id = schedule.schedule(store, _plan())
    application_id = schedule.get_scheduled(store, plan_id).application_id
    saved = repository.insert_debrief(store, make_debrief("Acme (typed differently)"), plan_id=plan_id)
    assert schedule.plan_of_debrief(store, saved.id).id == plan_id
    assert applications.rounds(store, application_id)["id"].tolist() == [saved.id]
    assert [contact.name for contact in contacts_for(store, saved.id)] == ["Priya Shah", "Tom Becker"]
    assert schedule.upcoming(store, NOW) == []
    assert schedule.awaiting_debrief(store, NOW) == []
    again = repository.insert_debrief(store, make_debrief("Acme"), plan_id=plan_id)
    assert schedule.plan_of_debrief(store, again.id) is None, "a plan leads to one debrief"


def test_a_plan_keeps_its_text_as_typed_but_names_one_per_interviewer():
    plan = _plan(interviewers=" Priya Shah,\nTom  Becker ;; ", starts_at=dt.datetime(2026, 12, 4, 14, 30, 59))
    assert schedule.interviewer_names(plan.interviewers) == ["Priya Shah", "Tom Becker"]
    assert schedule.interviewer_names("Ana Lima\nJo Park") == ["Ana Lima", "Jo Park"]
    assert plan.starts_at == dt.datetime(2026, 12, 4, 14, 30)
    with pytest.raises(ValueError, match="duration_minutes"):
        _plan(duration_minutes=2)


def test_the_demo_makes_multi_round_applications_whose_later_rounds_ask_again():
    demo = generate_demo(DemoSize(600), seed=5, end_date=dt.date(2026, 12, 2))
    interviews = demo["interviews"]
    rounds = interviews.groupby("application_id").size()
    assert (rounds >= 3).sum() >= 20
    assert set(interviews["application_id"]) == set(demo["applications"]["id"])
    later = interviews[interviews["application_id"].duplicated()]
    first = interviews.drop_duplicates("application_id")
    assert set(later["round"]) - {"Recruiter screen"}
    assert not set(first["round"]) - {
        "Recruiter screen",
        "Phone screen",
        "First round",
    }
    questions = demo["questions"].merge(
        interviews[["id", "application_id"]], left_on="interview_id", right_on="id"
    )
    key = questions["text"].str.lower().str.rstrip("?.!")
    repeated = questions.assign(key=key).duplicated(["application_id", "key"])
    assert repeated[questions["interview_id"].isin(later["id"])].mean() > 0.05, "later rounds ask again"
    plans = demo["scheduled_interviews"]
    assert plans["interview_id"].notna().sum() > 0.3 * len(later), "some later rounds were prepared"
    assert (plans["starts_at"] > pd.Timestamp(2026, 12, 2)).sum() >= 1, "some rounds are coming up"


def test_the_reminders_file_holds_interviews_to_come_and_moves_them_in_place(store):
    plan_id = schedule.schedule(store, _plan(notes="Room 4 · bring =SUM(A1) ✅"))
    schedule.schedule(store, _plan(company="Past Ltd", starts_at=dt.datetime(2026, 11, 1, 9, 0)))
    now = dt.datetime(2026, 12, 2, 9, 0).astimezone()

    def interview_events() -> dict[str, tuple]:
        calendar = Calendar.from_ical(reminders_file(store, dt.date(2026, 12, 2), now).data)
        return {
            str(event["UID"]): (str(event["SUMMARY"]), event.decoded("DTSTART"), int(event["SEQUENCE"]))
            for event in calendar.walk("VEVENT")
            if not str(event["UID"]).startswith("follow-up-")
        }

    reminders = reminders_file(store, dt.date(2026, 12, 2), now)
    assert reminders.interviews == 1
    assert interview_events() == {
        f"interview-{plan_id}@debrief.local": (
            "Final interview at Acme (Data analyst)",
            dt.datetime(2026, 12, 4, 14, 30),
            0,
        ),
        f"prepare-{plan_id}@debrief.local": (
            "Prepare: Final interview at Acme (Data analyst) tomorrow at 14:30",
            dt.date(2026, 12, 3),
            0,
        ),
    }
    calendar = Calendar.from_ical(reminders.data)
    [interview] = [event for event in calendar.walk("VEVENT") if str(event["UID"]).startswith("interview-")]
    assert interview.decoded("DTSTART").tzinfo is None, "the user's own clock time, as typed"
    assert interview.decoded("DTEND") == dt.datetime(2026, 12, 4, 15, 30)
    assert "Room 4 · bring =SUM(A1) ✅" in str(interview["DESCRIPTION"])
    assert "Priya Shah; Tom Becker" in str(interview["DESCRIPTION"])
    schedule.reschedule(store, plan_id, _plan(starts_at=dt.datetime(2026, 12, 8, 9, 0)))
    moved = interview_events()
    assert moved[f"interview-{plan_id}@debrief.local"][1:] == (dt.datetime(2026, 12, 8, 9, 0), 1)
    assert moved[f"prepare-{plan_id}@debrief.local"][1:] == (dt.date(2026, 12, 7), 1)


def test_a_debriefed_round_takes_its_plan_along_and_a_deleted_debrief_leaves_its_plan(store):
    plan_id = schedule.schedule(store, _plan(starts_at=dt.datetime(2026, 11, 20, 10, 0)))
    saved = repository.insert_debrief(store, make_debrief("Acme"), plan_id=plan_id)
    other = _debrief(store, "Acme Ltd", day=25)
    target = schedule.get_scheduled(store, plan_id).application_id
    moved_to = int(_pipeline(store).loc["Acme Ltd", "application_id"])
    applications.move_round(store, saved.id, moved_to)
    assert schedule.get_scheduled(store, plan_id).application_id == moved_to
    assert target not in set(applications.pipeline(store, NOW)["application_id"]), "no empty application left"
    repository.delete_debrief(store, saved.id)
    kept = schedule.get_scheduled(store, plan_id)
    assert kept.interview_id is None, "the plan waits for a debrief again"
    assert [one.id for one in schedule.awaiting_debrief(store, dt.datetime(2026, 11, 25))] == [plan_id]
    assert applications.rounds(store, moved_to)["id"].tolist() == [other.id]


def test_a_daily_practice_reminder_is_added_on_request(store, tmp_path):
    def practice_events(at):
        data = reminders_file(store, dt.date(2026, 12, 2), practice_at=at).data
        return [event for event in Calendar.from_ical(data).walk("VEVENT") if "practice" in str(event["UID"])]

    assert practice_events(None) == []
    [daily] = practice_events(dt.time(19, 30))
    assert daily.decoded("DTSTART") == dt.datetime(2026, 12, 2, 19, 30)
    assert daily["RRULE"]["FREQ"] == ["DAILY"]
    out = tmp_path / "reminders.ics"
    database = tmp_path / "cli.duckdb"
    opened = Store(database)
    opened.schema_version()  # makes the file
    opened.close()
    assert main(["reminders", "--db", str(database), "--out", str(out), "--practice", "07:45"]) == 0
    assert "practice-daily@debrief.local" in out.read_text(encoding="utf-8")
    with pytest.raises(SystemExit):
        main(["reminders", "--db", str(database), "--out", str(out), "--practice", "late"])
