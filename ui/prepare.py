"""The Prepare page: interviews coming up (scheduled here, moved or removed), and the one-page brief for
one of them or for any company, role and round, with its Markdown and print-ready downloads. Home's
line about the next interview lives here too."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from analytics.brief import Brief, BriefTarget, brief_html, brief_markdown, make_brief
from debrief import applications, practice, practice_due, schedule
from debrief.models import describe_errors, taxonomy
from debrief.schedule import InterviewPlan, ScheduledInterview
from debrief.store import NotFoundError, Store, StoreError
from ui.applications import application_label
from ui.clicked_rows import open_clicked_row
from ui.coming_up import countdown
from ui.keys import widget_keys
from ui.setup import apply_change, show_flash
from ui.text import counted, plain

STATE = "prepare"
_key = widget_keys(STATE)
_NEW_APPLICATION = 0
NO_GOOD_ANSWER = 3  # a last rating this low or lower: no good answer yet


def _logistics(scheduled: ScheduledInterview, now: dt.datetime) -> dict[str, str]:
    plan = scheduled.plan
    when = f"{plan.starts_at:%A %d %B %Y, %H:%M} ({plan.duration_minutes} min)"
    when += f", {countdown(plan.starts_at, now)}"
    details = {"When": when, "Format": plan.format, "Interviewers": plan.interviewers, "Notes": plan.notes}
    return {label: value for label, value in details.items() if value}


def _chosen_plan(coming: list[ScheduledInterview]) -> ScheduledInterview | None:
    """The plan named in the URL (`?plan=N`) if it is still to come, else the next one."""
    wanted = st.query_params.get("plan", "")
    for scheduled in coming:
        if str(scheduled.id) == wanted:
            return scheduled
    return coming[0] if coming and not st.session_state.get(_key("any_company")) else None


def _upcoming_table(coming: list[ScheduledInterview], chosen: ScheduledInterview | None, now) -> None:
    frame = schedule.upcoming_frame(coming)
    frame.insert(1, "when", [countdown(when, now) for when in frame["starts_at"]])
    selection = st.dataframe(
        frame,
        hide_index=True,
        key=_key("upcoming", chosen.id if chosen else 0),
        on_select="rerun",
        selection_mode="single-row",
        column_order=["starts_at", "when", "company", "role", "round", "format", "interviewers"],
        column_config={
            "starts_at": st.column_config.DatetimeColumn("Date and time", format="ddd D MMM YYYY, HH:mm"),
            "when": "When",
            "company": "Company",
            "role": "Role",
            "round": "Round",
            "format": "Format",
            "interviewers": "Interviewers",
        },
    )
    open_clicked_row(
        selection, frame, "id", "plan", lambda: st.session_state.update({_key("any_company"): False})
    )
    st.caption("Click a row to see its brief.")


def _plan_fields(prefix: str, plan: InterviewPlan | None, with_company: bool) -> dict:
    """The plan's fields as widgets; returns their values (company and role only for a new application)."""
    lists = taxonomy()
    values: dict = {}
    if with_company:
        company, role = st.columns(2)
        values["company"] = company.text_input("Company", key=_key(prefix, "company"), placeholder="Required")
        values["role"] = role.text_input("Role", key=_key(prefix, "role"))
    day, time, length = st.columns([2, 1, 1])
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    starts = plan.starts_at if plan else dt.datetime.combine(tomorrow, dt.time(10, 0))
    picked_day = day.date_input("Date", value=starts.date(), key=_key(prefix, "day"), format="YYYY-MM-DD")
    picked_time = time.time_input("Time", value=starts.time(), key=_key(prefix, "time"), step=300)
    values["duration_minutes"] = length.number_input(
        "Length (minutes)", 5, 720, plan.duration_minutes if plan else 60, step=15, key=_key(prefix, "length")
    )
    values["starts_at"] = dt.datetime.combine(picked_day, picked_time) if picked_day and picked_time else None
    for column, name in zip(st.columns(2), ("round", "format"), strict=True):
        current = getattr(plan, name) if plan else ""
        options = list(dict.fromkeys(lists[name] + ([current] if current else [])))
        values[name] = column.selectbox(
            name.capitalize(),
            options,
            index=options.index(current) if current else None,
            key=_key(prefix, name),
            placeholder="Choose or type…",
            accept_new_options=True,
        )
    values["interviewers"] = st.text_input(
        "Interviewers",
        value=plan.interviewers if plan else "",
        key=_key(prefix, "interviewers"),
        placeholder="Names, separated by commas",
    )
    values["notes"] = st.text_area(
        "Notes", value=plan.notes if plan else "", key=_key(prefix, "notes"), placeholder="Link, address…"
    )
    return {name: value or "" if name in {"round", "format"} else value for name, value in values.items()}


def _valid_plan(values: dict) -> InterviewPlan | None:
    try:
        return InterviewPlan(**values)
    except ValidationError as error:
        problems = "\n".join(f"- {message}" for message in describe_errors(error))
        st.error(f"Not scheduled yet. Please fix:\n{problems}", icon=":material/back_hand:")
        return None


def _show_schedule_form(store: Store, expanded: bool) -> None:
    """Schedule an interview, in an application already here or a new company and role."""
    with st.expander("Schedule an interview", expanded=expanded, icon=":material/event:"):
        known = applications.pipeline(store, schedule.local_now())
        labels = {_NEW_APPLICATION: "A new company and role"} | {
            int(row.application_id): application_label(row) for row in known.itertuples()
        }
        application_id = st.selectbox(
            "Application", list(labels), format_func=labels.get, key=_key("new", "application")
        )
        values = _plan_fields("new", None, with_company=application_id == _NEW_APPLICATION)
        if st.button("Schedule it", type="primary", key=_key("new", "save"), icon=":material/event:"):
            if application_id != _NEW_APPLICATION:
                row = known[known["application_id"] == application_id].iloc[0]
                values |= {"company": row["company"], "role": row["role"]}
            plan = _valid_plan(values)
            if plan is not None:
                chosen = None if application_id == _NEW_APPLICATION else application_id

                def add() -> int:
                    plan_id = schedule.schedule(store, plan, chosen)
                    st.query_params["plan"] = str(plan_id)
                    return _cram(store, schedule.get_scheduled(store, plan_id))

                apply_change(STATE, add, lambda crammed: f"Scheduled: {_title_of(plan)}. {_crammed(crammed)}")


def _utc(starts_at: dt.datetime) -> dt.datetime:
    """A plan's wall-clock time as the practice cards' UTC."""
    return practice_due.utc_now(starts_at.astimezone())


def _cram(store: Store, scheduled: ScheduledInterview) -> int:
    """The questions its brief expects that have no good answer yet (none written, or last rated 3 or
    below) fall due in practice every day until the interview; returns how many."""
    plan = scheduled.plan
    with store.cursor() as cursor:
        brief = make_brief(cursor, BriefTarget(plan.company, plan.role, plan.round, scheduled.application_id))
    expected = brief.expected
    weak = expected[(expected["best_answer"] == "") | (expected["last_rating"].fillna(0) <= NO_GOOD_ANSWER)]
    return practice.cram_for_interview(
        store, zip(weak["group_key"], weak["question"], strict=True), _utc(plan.starts_at)
    )


def _crammed(count: int) -> str:
    if not count:
        return "Its brief is below."
    questions = counted(count, "question")
    return (
        f"Its brief is below; {questions} without a good answer yet will come up in practice every day "
        "until then."
    )


def _title_of(plan: InterviewPlan) -> str:
    return f"{plan.round or 'interview'} at {plan.company}, {plan.starts_at:%a %d %b %H:%M}"


def _show_plan_actions(store: Store, scheduled: ScheduledInterview) -> None:
    with st.expander("Move or edit this interview", icon=":material/edit:"):
        values = _plan_fields(f"edit{scheduled.id}", scheduled.plan, with_company=False)
        values |= {"company": scheduled.plan.company, "role": scheduled.plan.role}
        save, remove = st.columns(2)
        if save.button("Save changes", key=_key("edit", scheduled.id, "save")):
            plan = _valid_plan(values)
            if plan is not None:

                def change() -> int:
                    schedule.reschedule(store, scheduled.id, plan)
                    practice.uncram(store, _utc(scheduled.plan.starts_at))
                    return _cram(store, schedule.get_scheduled(store, scheduled.id))

                apply_change(STATE, change, lambda crammed: f"Saved: {_title_of(plan)}. {_crammed(crammed)}")
        if remove.button("Remove it", key=_key("edit", scheduled.id, "remove"), icon=":material/delete:"):

            def remove() -> None:
                schedule.cancel(store, scheduled.id)
                practice.uncram(store, _utc(scheduled.plan.starts_at))

            apply_change(STATE, remove, "Removed the interview.")


def _brief_for_any_company() -> BriefTarget | None:
    st.caption("Or a brief for any company, role and round, scheduled or not:")
    company, role, round_column = st.columns(3)
    name = company.text_input("Company", key=_key("any", "company"))
    role_name = role.text_input("Role", key=_key("any", "role"))
    round_name = round_column.selectbox(
        "Round", taxonomy()["round"], index=None, key=_key("any", "round"), placeholder="Any round"
    )
    if not name.strip():
        return None
    return BriefTarget(company=name, role=role_name, round=round_name or "")


def _show_list(items: list[str]) -> None:
    st.markdown("\n".join(f"- {plain(item)}" for item in items))


def _show_expected_question(row) -> None:
    """One question to expect as a card: the question, why, your best answer, how it went last time."""
    with st.container(border=True):
        st.markdown(f"**{row.rank}. {plain(row.question)}** · {plain(row.category or '')}")
        st.caption(plain(row.why))
        if row.best_answer:
            st.markdown(f"Your best answer so far: {plain(row.best_answer)}")
        history = []
        if not pd.isna(row.last_rating):
            history.append(f"last rated {int(row.last_rating)}/5")
        if row.off_guard_before:
            history.append("it caught you off guard before")
        if history:
            st.caption(plain("; ".join(history).capitalize() + "."))


def _show_brief(brief: Brief, logistics: dict[str, str]) -> None:
    target = brief.target
    download_name = "-".join(part for part in (target.company, target.round) if part).lower()
    downloads = (
        ("Download the brief (Markdown)", brief_markdown, "md", "text/markdown", ":material/download:"),
        ("Download a page to print (HTML)", brief_html, "html", "text/html", ":material/print:"),
    )
    for column, (label, render, extension, mime, icon) in zip(st.columns(2), downloads, strict=True):
        column.download_button(
            label,
            render(brief, logistics),
            f"brief-{download_name}.{extension}",
            mime,
            key=_key("download", extension),
            icon=icon,
        )
    st.caption(f"Made from your {counted(brief.interviews_used, 'earlier debrief')} and the question bank.")
    st.subheader("Questions to expect")
    if brief.expected.empty:
        st.info(
            "No questions to expect yet: debrief a few interviews with their questions.",
            icon=":material/lightbulb:",
        )
    for row in brief.expected.itertuples():
        _show_expected_question(row)
    mistakes, strengths = st.columns(2)
    with mistakes:
        st.subheader("Your recurring mistakes")
        if brief.mistakes.empty:
            st.caption("No mistake has come up twice yet.")
        for row in brief.mistakes.itertuples():
            lines = [f"**{plain(row.category)}** · {counted(int(row.interviews), 'interview')}"]
            lines += [f"  \n→ {plain(line)}" for line in row.next_time]
            st.markdown("".join(lines))
    with strengths:
        st.subheader("Strengths to lead with")
        if brief.strengths.empty:
            st.caption("No strengths noted yet.")
        for row in brief.strengths.itertuples():
            example = f"  \n_{plain(row.example)}_" if row.example else ""
            st.markdown(f"**{plain(row.category)}** · {counted(int(row.times), 'time')}{example}")
    st.subheader(f"What you noted about {plain(target.company)}")
    if brief.company_history.empty:
        st.caption(f"No debriefs at {plain(target.company)} yet.")
    else:
        st.dataframe(brief.company_history, hide_index=True)
    st.subheader("Questions to ask them")
    _show_list(brief.questions_to_ask)
    if logistics:
        st.subheader("Logistics")
        st.markdown("\n".join(f"- **{plain(label)}:** {plain(value)}" for label, value in logistics.items()))


def show_prepare(store: Store) -> None:
    now = schedule.local_now()
    show_flash(STATE)
    coming = schedule.upcoming(store, now)
    chosen = _chosen_plan(coming)
    st.subheader("Coming up")
    if coming:
        _upcoming_table(coming, chosen, now)
    else:
        st.info(
            "No interview scheduled. Schedule your next one to get its brief, a countdown on Home and "
            "calendar reminders; or make a brief for any company below.",
            icon=":material/event:",
        )
    _show_schedule_form(store, expanded=not coming)
    st.divider()
    if chosen is not None:
        st.header(f"Brief: {plain(chosen.title)}")
        _show_plan_actions(store, chosen)
        target = BriefTarget(
            company=chosen.plan.company,
            role=chosen.plan.role,
            round=chosen.plan.round,
            application_id=chosen.application_id,
        )
        logistics = _logistics(chosen, now)
        if coming and st.button("Brief for another company instead", key=_key("other")):
            st.session_state[_key("any_company")] = True
            st.query_params.pop("plan", None)
            st.rerun()
    else:
        st.header("Brief")
        target, logistics = _brief_for_any_company(), {}
        if target is None:
            st.info("Type a company to see what to expect there.", icon=":material/target:")
            return
    try:
        with store.cursor() as cursor:
            brief = make_brief(cursor, target)
    except (NotFoundError, StoreError) as error:
        st.error(plain(str(error)), icon=":material/warning:")
        return
    _show_brief(brief, logistics)


def show_scheduled_notice() -> None:
    """After "Schedule it instead" on New debrief: what happened to the typed debrief."""
    if st.query_params.pop("scheduled", None) == "1":
        st.success(
            "Scheduled. Its debrief will start from this plan once the interview is over.",
            icon=":material/check_circle:",
        )
