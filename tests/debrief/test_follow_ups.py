"""Follow-up plans: scheduling across month ends and time zones, done / snooze / stop, the .ics export."""

from __future__ import annotations

import datetime as dt
import runpy
import subprocess
import sys
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from debrief import follow_ups, notes, repository
from debrief.cli import main
from debrief.contacts import Contact, save_contacts
from debrief.follow_ups import PlanSettings, add_months, local_today
from debrief.reminders import reminders_file
from debrief.store import ConflictError, NotFoundError, Store
from tests.conftest import ROOT, make_debrief

TODAY = dt.date(2026, 11, 26)
AUCKLAND = ZoneInfo("Pacific/Auckland")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")


def open_steps(store: Store, interview_id: int) -> list[tuple[str, dt.date]]:
    with store.cursor() as cursor:
        return cursor.execute(
            "SELECT step, due_on FROM follow_ups WHERE interview_id = ? AND status = 'open' ORDER BY due_on",
            [interview_id],
        ).fetchall()


def step_id(store: Store, interview_id: int, step: str, status: str = "open") -> int:
    """The id of the interview's follow-up `step`, which must be in `status`."""
    with store.cursor() as cursor:
        return cursor.execute(
            "SELECT id FROM follow_ups WHERE interview_id = ? AND step = ? AND status = ?",
            [interview_id, step, status],
        ).fetchall()[0][0]


def saved(
    store: Store, company: str = "Acme", day: dt.date = dt.date(2026, 11, 20), today: dt.date | None = None
) -> int:
    """A debrief of an interview on `day`, saved `today` (by default the same day): its plan starts then."""
    return repository.insert_debrief(store, make_debrief(company, interview_date=day), today=today or day).id


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2027, 1, 31), 1, dt.date(2027, 2, 28)),
        (dt.date(2028, 1, 31), 1, dt.date(2028, 2, 29)),
        (dt.date(2026, 8, 31), 1, dt.date(2026, 9, 30)),
        (dt.date(2026, 12, 31), 1, dt.date(2027, 1, 31)),
        (dt.date(2026, 11, 30), 3, dt.date(2027, 2, 28)),
        (dt.date(2026, 3, 31), -1, dt.date(2026, 2, 28)),
        (dt.date(2026, 1, 15), 12, dt.date(2027, 1, 15)),
    ],
)
def test_months_are_added_calendar_wise_and_month_ends_are_kept(day, months, expected):
    assert add_months(day, months) == expected


@given(st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31)), st.integers(1, 24))
def test_adding_months_keeps_the_day_or_lands_on_the_month_end(day, months):
    later = add_months(day, months)
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
    assert later.day == day.day or (later.day < day.day and (later + dt.timedelta(1)).day == 1)


def test_today_is_the_users_calendar_day_in_their_zone():
    instant = dt.datetime(2026, 2, 28, 12, 0, tzinfo=dt.UTC)
    assert local_today(instant, AUCKLAND) == dt.date(2026, 3, 1)
    assert local_today(instant, LOS_ANGELES) == dt.date(2026, 2, 28)
    with pytest.raises(ValueError, match="aware"):
        local_today(dt.datetime(2026, 2, 28, 12, 0))


def test_each_recent_debrief_gets_a_plan_with_the_defaults_and_old_ones_start_stopped(store):
    recent = saved(store, "Recent", dt.date(2026, 11, 20), today=TODAY)
    old = saved(store, "Old", dt.date(2026, 9, 1), today=TODAY)
    with store.cursor() as cursor:  # each got its plan when it was saved
        assert follow_ups.interviews_without_plan(cursor) == 0
    assert open_steps(store, recent) == [
        ("thank_you", dt.date(2026, 11, 21)),
        ("check_in", dt.date(2026, 11, 27)),
    ]
    assert open_steps(store, old) == []
    stopped = follow_ups.stopped_plans(store)
    assert stopped.total == 1
    assert stopped.rows.iloc[0]["stopped_reason"] == "older"
    counts = follow_ups.due_counts(store, TODAY)
    assert (counts.overdue, counts.due_today, counts.soon, counts.later) == (1, 0, 1, 0)


def test_a_corrected_interview_date_moves_the_open_thank_you_and_check_in(store):
    interview = saved(store, "Acme", dt.date(2026, 11, 20))
    follow_ups.mark_done(store, step_id(store, interview, "thank_you"), via="email", done_on=TODAY)
    debrief = repository.get_debrief(store, interview)
    repository.update_debrief(store, debrief.model_copy(update={"interview_date": dt.date(2026, 11, 2)}))
    assert open_steps(store, interview) == [("check_in", dt.date(2026, 11, 9))]
    debrief = repository.get_debrief(store, interview)
    repository.update_debrief(store, debrief.model_copy(update={"role": "Same day, other role"}))
    assert open_steps(store, interview) == [("check_in", dt.date(2026, 11, 9))]


def test_edited_defaults_apply_to_plans_created_afterwards(store):
    follow_ups.save_plan_defaults(store, PlanSettings(thank_you_days=0, check_in_days=14, cadence_months=2))
    interview_id = saved(store)
    assert open_steps(store, interview_id) == [
        ("thank_you", dt.date(2026, 11, 20)),
        ("check_in", dt.date(2026, 12, 4)),
    ]
    assert follow_ups.plan_defaults(store).cadence_months == 2


def test_what_is_due_depends_on_the_users_day_not_on_utc(store):
    saved(store, day=dt.date(2026, 2, 21))  # check-in due 28 Feb
    instant = dt.datetime(2026, 2, 28, 12, 0, tzinfo=dt.UTC)  # 1 March already in Auckland
    in_auckland = follow_ups.due_counts(store, local_today(instant, AUCKLAND))
    in_los_angeles = follow_ups.due_counts(store, local_today(instant, LOS_ANGELES))
    assert (in_auckland.overdue, in_auckland.due_today) == (2, 0)
    assert (in_los_angeles.overdue, in_los_angeles.due_today) == (1, 1)


def test_keep_in_touch_follows_monthly_from_the_users_day_across_month_ends(store):
    interview_id = saved(store, day=dt.date(2027, 1, 24))
    # Done late in the evening of 31 January in Los Angeles: already 1 February in UTC.
    instant = dt.datetime(2027, 2, 1, 7, 30, tzinfo=dt.UTC)
    done_on = local_today(instant, LOS_ANGELES)
    check_in = step_id(store, interview_id, "check_in")
    next_on = follow_ups.mark_done(store, check_in, via="email", done_on=done_on, now=instant)
    assert next_on == dt.date(2027, 2, 28)
    with store.cursor() as cursor:
        assert cursor.execute(
            "SELECT done_on, done_at FROM follow_ups WHERE id = ?", [check_in]
        ).fetchall() == [(dt.date(2027, 1, 31), dt.datetime(2027, 2, 1, 7, 30))]
    keep = step_id(store, interview_id, "keep_in_touch")
    assert follow_ups.mark_done(store, keep, via="linkedin", done_on=dt.date(2027, 2, 28)) == dt.date(
        2027, 3, 28
    )
    keep = step_id(store, interview_id, "keep_in_touch")
    assert follow_ups.mark_done(
        store, keep, via="phone", done_on=dt.date(2027, 3, 31), note="Coffee", cadence_months=3
    ) == dt.date(2027, 6, 30)
    assert open_steps(store, interview_id) == [
        ("thank_you", dt.date(2027, 1, 25)),
        ("keep_in_touch", dt.date(2027, 6, 30)),
    ]
    done = follow_ups.recently_done(store)
    assert list(done["done_via"]) == ["phone", "linkedin", "email"]
    assert done.iloc[0]["note"] == "Coffee"


def test_done_twice_unknown_or_with_a_bad_channel_is_refused(store):
    interview_id = saved(store)
    thank_you = step_id(store, interview_id, "thank_you")
    assert (
        follow_ups.mark_done(store, thank_you, via="email", done_on=TODAY) is None
    )  # no keep-in-touch after it
    with pytest.raises(ConflictError, match="already marked done"):
        follow_ups.mark_done(store, thank_you, via="email", done_on=TODAY)
    with pytest.raises(NotFoundError):
        follow_ups.mark_done(store, 999, via="email", done_on=TODAY)
    with pytest.raises(ValueError, match="E-mail, LinkedIn, Phone"):
        follow_ups.mark_done(store, step_id(store, interview_id, "check_in"), via="pigeon", done_on=TODAY)
    assert open_steps(store, interview_id) == [("check_in", dt.date(2026, 11, 27))]


def test_snooze_moves_a_follow_up_out_of_the_overdue_list(store):
    interview_id = saved(store)
    thank_you = step_id(store, interview_id, "thank_you")
    with pytest.raises(ValueError, match="after today"):
        follow_ups.snooze(store, thank_you, until=TODAY, today=TODAY)
    follow_ups.snooze(store, thank_you, until=dt.date(2026, 11, 29), today=TODAY)
    counts = follow_ups.due_counts(store, TODAY)
    assert (counts.overdue, counts.soon) == (0, 2)
    items = follow_ups.agenda(store, TODAY).items
    assert list(items["step"]) == ["check_in", "thank_you"]
    assert list(items["revision"]) == [0, 1]


def test_stop_puts_the_open_follow_ups_aside_and_resume_brings_them_back(store):
    interview_id = saved(store)
    follow_ups.stop_plan(store, interview_id, TODAY)
    assert open_steps(store, interview_id) == []
    assert follow_ups.agenda(store, TODAY).items.empty
    with pytest.raises(ConflictError):
        follow_ups.stop_plan(store, interview_id, TODAY)
    check_in = step_id(store, interview_id, "check_in", status="stopped")
    with pytest.raises(ConflictError, match="already marked stopped"):
        follow_ups.mark_done(store, check_in, via="email", done_on=TODAY)
    follow_ups.resume_plan(store, interview_id, TODAY)
    assert [step for step, _ in open_steps(store, interview_id)] == ["thank_you", "check_in"]


def test_resuming_an_old_interview_starts_with_a_keep_in_touch_today(store):
    old = saved(store, day=dt.date(2026, 1, 5), today=TODAY)
    follow_ups.resume_plan(store, old, TODAY)
    assert open_steps(store, old) == [("keep_in_touch", TODAY)]
    assert follow_ups.stopped_plans(store).total == 0


def test_the_agenda_lists_overdue_first_and_is_capped(store):
    for day in (22, 10, 15, 20):
        saved(store, f"Day {day}", dt.date(2026, 11, day))
    agenda = follow_ups.agenda(store, TODAY, limit=3)
    assert list(agenda.items["due_on"].dt.day) == [11, 16, 17]
    assert (agenda.counts.overdue, agenda.counts.due_today, agenda.counts.soon) == (6, 0, 2)


def test_sending_the_note_ticks_off_the_thank_you_and_deleting_the_debrief_clears_everything(store):
    interview_id = saved(store)
    save_contacts(store, interview_id, [Contact(name="Jane Doe")])
    note = notes.Note("Jane Doe", "", "warm", "linkedin", None, "", "Hi Jane Doe, thank you")
    notes.mark_sent(store, interview_id, note, sent_on=TODAY, via="linkedin", today=TODAY)
    assert [step for step, _ in open_steps(store, interview_id)] == ["check_in"]
    assert follow_ups.recently_done(store).iloc[0]["note"] == "Thank-you note sent to Jane Doe"
    repository.delete_debrief(store, interview_id)
    with store.cursor() as cursor:
        for table in ("contacts", "thank_you_notes", "follow_up_plans", "follow_ups"):
            assert cursor.execute(f"SELECT count(*) FROM {table}").fetchall() == [(0,)]


def events(data: bytes) -> list[tuple[str, dt.date, int]]:
    calendar = Calendar.from_ical(data)
    return [
        (str(event["SUMMARY"]), event.decoded("DTSTART"), int(event["SEQUENCE"]))
        for event in calendar.walk("VEVENT")
    ]


def test_the_ics_file_has_an_all_day_event_per_open_follow_up_on_its_day(store):
    acme = saved(store, "Acme", dt.date(2026, 11, 20))
    saved(store, "Globex", dt.date(2026, 11, 25))
    save_contacts(store, acme, [Contact(name="Jane Doe", email="jane@acme.example"), Contact(name="Li Wei")])
    reminders = reminders_file(store, TODAY)
    assert (reminders.events, reminders.overdue) == (4, 1)
    assert events(reminders.data) == [
        ("Send a thank-you note to Jane Doe, Li Wei at Acme (overdue)", TODAY, 0),
        ("Send a thank-you note to Globex", dt.date(2026, 11, 26), 0),
        ("Check in with Jane Doe, Li Wei at Acme", dt.date(2026, 11, 27), 0),
        ("Check in with Globex", dt.date(2026, 12, 2), 0),
    ]
    calendar = Calendar.from_ical(reminders.data)
    first = calendar.walk("VEVENT")[0]
    assert type(first.decoded("DTSTART")) is dt.date  # all day: no time, no zone
    assert first.decoded("DTEND") == TODAY + dt.timedelta(days=1)
    assert "due on 21 Nov 2026" in str(first["DESCRIPTION"])
    assert "jane@acme.example" in str(first["DESCRIPTION"])
    assert str(first["UID"]).endswith("@debrief.local")
    assert calendar.walk("VALARM")[0].decoded("TRIGGER") == dt.timedelta(hours=9)

    assert reminders.overdue == follow_ups.due_counts(store, TODAY).overdue  # what the page says

    follow_ups.snooze(store, step_id(store, acme, "thank_you"), until=dt.date(2026, 12, 1), today=TODAY)
    assert ("Send a thank-you note to Jane Doe, Li Wei at Acme", dt.date(2026, 12, 1), 1) in events(
        reminders_file(store, TODAY).data
    )
    assert reminders_file(store, TODAY).overdue == 0


def test_the_reminders_command_writes_the_file_or_says_in_one_line_why_not(tmp_path, capsys, monkeypatch):
    database = tmp_path / "debriefs.duckdb"
    command = ["reminders", "--db", str(database), "--out"]
    # The first run goes through debrief/__main__.py, as `python -m debrief` does: its exit status is main's.
    monkeypatch.setattr(sys, "argv", ["debrief", *command, str(tmp_path / "r.ics")])
    with pytest.raises(SystemExit) as missing:
        runpy.run_module("debrief", run_name="__main__")
    assert missing.value.code == 1
    assert capsys.readouterr().err.strip() == f"debrief reminders: there is no database at {database}"
    store = Store(database)
    saved(store, day=dt.date.today())
    store.close()
    assert main([*command, str(tmp_path / "r.ics")]) == 0
    assert "Wrote 2 follow-up reminders (" in capsys.readouterr().out
    assert len(events((tmp_path / "r.ics").read_bytes())) == 2
    assert main([*command, str(tmp_path / "no" / "r.ics")]) == 1
    nowhere = capsys.readouterr().err
    assert nowhere.count("\n") == 1
    assert "does not exist" in nowhere


def test_python_m_debrief_runs_a_command_end_to_end(tmp_path):
    """The one test that starts the command line as its own process: the other command tests call
    `main` in-process, which is much faster."""
    database = tmp_path / "debriefs.duckdb"
    store = Store(database)
    saved(store, day=dt.date.today())
    store.close()
    out = tmp_path / "r.ics"
    wrote = subprocess.run(
        [sys.executable, "-m", "debrief", "reminders", "--db", str(database), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert wrote.returncode == 0, wrote.stderr
    assert "Wrote 2 follow-up reminders" in wrote.stdout
    assert len(events(out.read_bytes())) == 2


def test_nothing_is_written_for_a_debrief_deleted_meanwhile(store):
    interview = saved(store)
    repository.delete_debrief(store, interview)
    note = notes.Note("Jane", "", "warm", "email", None, "Thanks", "Thank you, Jane.")
    for write in (
        lambda: save_contacts(store, interview, [Contact(name="Jane")]),
        lambda: notes.save_draft(store, interview, note),
        lambda: notes.mark_sent(store, interview, note, sent_on=TODAY, via="email", today=TODAY),
    ):
        with pytest.raises(NotFoundError):
            write()
    with store.cursor() as cursor:
        sql = "SELECT (SELECT count(*) FROM contacts), (SELECT count(*) FROM thank_you_notes)"
        assert cursor.execute(sql).fetchall()[0] == (0, 0)
