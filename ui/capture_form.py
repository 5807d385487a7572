"""The debrief capture form: interview details, the two columns, the interviewer, the questions.

Every change is autosaved as a draft in the store, keyed by the `draft` query parameter, so a browser
refresh brings the half-typed debrief back. Saving validates, writes the debrief in one transaction
and removes the draft. `?plan=N` starts the debrief of a scheduled interview from its plan; a date
still to come is an interview to schedule, not one to debrief.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from debrief import question_groups, repository, schedule
from debrief.capture import (
    ROW_COLUMNS,
    apply_editor_changes,
    blank_form,
    debrief_from_form,
    form_from_debrief,
    form_from_draft,
    form_from_plan,
    rows_from_frame,
)
from debrief.models import (
    MAX_CATEGORY_LENGTH,
    MAX_NAME_LENGTH,
    MAX_TEXT_LENGTH,
    Kind,
    TranscriptMeasures,
    describe_errors,
    question_categories,
    taxonomy,
)
from debrief.store import ConflictError, NotFoundError, Store, StoreError
from debrief.transcripts import prefill
from ui.fields import too_long, warn_if_too_long
from ui.keys import widget_keys
from ui.setup import PREPARE, flash, show_flash, switch_to
from ui.text import draft_label, plain, reflection_headings, severity_scale
from ui.transcript_panel import show_transcript_panel

STATE = "capture"
_key = widget_keys(STATE)
# The two columns of step 1: form field, item kind, title, quick-add label and its placeholder.
_REFLECTION_COLUMNS = (
    ("mistakes", "mistake", "Mistakes", "Add a mistake", "What went wrong? Enter to add"),
    ("strengths", "strength", "Strengths", "Add a strength", "What went well? Enter to add"),
)
RATING_LABELS = {1: "1 · poor", 2: "2", 3: "3 · fair", 4: "4", 5: "5 · excellent"}


@dataclass(frozen=True)
class Target:
    """What the form is editing: a draft key, and the stored debrief it changes (if any)."""

    draft_key: str
    interview_id: int | None
    plan_id: int | None = None


def _number(parameter: str) -> int | None:
    value = st.query_params.get(parameter, "")
    return int(value) if value.isdecimal() and value.isascii() else None


def current_target(store: Store) -> Target:
    """The draft and debrief named in the URL. Without a draft there, the form goes back to the one in
    progress: this tab's, else the newest unsaved draft of that debrief (or of a new one); only when
    there is none does it start a new draft. The draft's key is then put in the URL. The debrief of a
    scheduled interview (`?plan=N`) starts a draft of its own."""
    interview_id, plan_id = _number("id"), _number("plan")
    draft_key = st.query_params.get("draft")
    if not draft_key:
        in_this_tab = st.session_state.get(_key("loaded"))
        same_debrief = st.session_state.get(_key("interview_id")) == interview_id
        same_plan = st.session_state.get(_key("plan")) == plan_id
        draft_key = (
            (in_this_tab if in_this_tab and same_debrief and same_plan else None)
            or (repository.draft_to_resume(store, interview_id) if plan_id is None else None)
            or uuid.uuid4().hex
        )
        st.query_params["draft"] = draft_key
    return Target(draft_key, interview_id, plan_id)


def open_target(draft_key: str | None = None, interview_id: int | None = None) -> None:
    """Point the form at another draft or debrief and rerun. With neither, a new blank debrief; with
    only a debrief, its draft in progress if it has one (see `current_target`)."""
    st.query_params.clear()
    if draft_key is not None or interview_id is None:
        st.query_params["draft"] = draft_key or uuid.uuid4().hex
    if interview_id is not None:
        st.query_params["id"] = str(interview_id)
    st.session_state[_key("loaded")] = None
    st.rerun()


def _load(store: Store, target: Target) -> None:
    """Fill the widgets' state from the draft, else the stored debrief, else a blank form."""
    draft = repository.load_draft(store, target.draft_key)
    interview_id = target.interview_id or (draft.interview_id if draft else None)
    version = None
    baseline = blank_form(dt.date.today())
    if interview_id is not None:
        debrief = repository.get_debrief(store, interview_id)
        baseline, version = form_from_debrief(debrief), debrief.version
    elif target.plan_id is not None:
        baseline = form_from_plan(schedule.get_scheduled(store, target.plan_id))
    form = baseline
    if draft is not None:
        form = form_from_draft(draft.payload.get("form"), dt.date.today())
        version = draft.payload.get("version", version)
    state = st.session_state
    state.pop(_key("conflict"), None)
    state[_key("interview_id")] = interview_id
    state[_key("version")] = version
    state[_key("identity")] = store.identity()
    state[_key("baseline")] = baseline
    state[_key("autosaved")] = form if draft else None
    state[_key("autosaved_at")] = draft.saved_at if draft else None
    # Put into the widgets' state, not given as their `value`: a widget the browser already shows
    # keeps what it holds unless its state is set, so a resumed draft would come back blank.
    state.update(_widget_values(form))
    state[_key("transcript")] = form.get("transcript")
    state[_key("plan")] = form.get("plan")
    for name in ROW_COLUMNS:
        state[_key("rows", name)] = list(form.get(name) or [])
        state[_key("generation", name)] = state.get(_key("generation", name), 0) + 1
    state[_key("loaded")] = target.draft_key


def _widget_values(form: dict[str, Any]) -> dict[str, Any]:
    """The form's values under the keys of the widgets that show them."""
    values = {
        _key(name): form.get(name) or ("" if name in {"company", "role", "notes"} else None)
        for name in ("company", "role", "round", "format", "outcome", "notes")
    }
    values[_key("interview_date")] = _parse_date(form.get("interview_date"))
    values.update({_key("evaluation", name): value for name, value in (form.get("evaluation") or {}).items()})
    return values


def _parse_date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _editor_key(name: str) -> str:
    return _key("editor", name, st.session_state[_key("generation", name)])


def _append_rows(name: str, new_rows: list[dict[str, Any]]) -> None:
    """Add rows to a table, keeping any edits made in it so far."""
    state = st.session_state
    rows = apply_editor_changes(state[_key("rows", name)], state.get(_editor_key(name)), ROW_COLUMNS[name])
    state[_key("rows", name)] = rows + new_rows
    state[_key("generation", name)] += 1


def _attach_transcript(question_rows: list[dict[str, Any]], measures: dict[str, Any]) -> int:
    """Add a transcript's questions (those not in the table already, so adding the same file twice
    adds nothing twice) and its figures, which replace any earlier transcript's. Returns how many
    questions were added."""
    state = st.session_state
    current = apply_editor_changes(
        state[_key("rows", "questions")], state.get(_editor_key("questions")), ROW_COLUMNS["questions"]
    )
    present = {" ".join(str(row.get("text") or "").casefold().split()) for row in current}
    new_rows = [row for row in question_rows if " ".join(row["text"].casefold().split()) not in present]
    _append_rows("questions", new_rows)
    earlier = state.get(_key("transcript")) or {}
    # A Rambling suggestion already taken or dismissed is not asked again.
    state[_key("transcript")] = {**measures, "long_answers": earlier.get("long_answers", "open")}
    return len(new_rows)


def _detach_transcript() -> None:
    st.session_state[_key("transcript")] = None


def _decide_long_answers(decision: str) -> None:
    """Accept (add the suggested "Rambling" mistake) or dismiss what the transcript's long answers
    suggest; the decision is kept with the transcript's figures."""
    transcript = dict(st.session_state[_key("transcript")])
    if decision == "accepted":
        _append_rows("mistakes", [prefill.rambling_row(TranscriptMeasures.model_validate(transcript))])
    transcript["long_answers"] = decision
    st.session_state[_key("transcript")] = transcript


def _long_answers_suggestion() -> None:
    transcript = st.session_state.get(_key("transcript"))
    if not transcript or transcript.get("long_answers") != "open":
        return
    evidence = prefill.rambling_evidence(TranscriptMeasures.model_validate(transcript))
    if evidence is None:
        return
    st.info(f"**From the transcript:** {plain(evidence)} Add a Rambling mistake?", icon=":material/timer:")
    accept, dismiss = st.columns(2)
    accept.button(
        "Add it", key=_key("long_answers", "accept"), on_click=_decide_long_answers, args=("accepted",)
    )
    dismiss.button(
        "Dismiss", key=_key("long_answers", "dismiss"), on_click=_decide_long_answers, args=("dismissed",)
    )


def _quick_add(name: str) -> None:
    """Append the quick-add line as a row, keeping any edits made in the table so far."""
    state = st.session_state
    text = (state.get(_key("quick", name)) or "").strip()
    if not text:
        return
    category = state.get(_key("quick_category", name))
    if name == "questions":
        _append_rows(name, [{"text": text, "category": category, "answer_rating": None, "off_guard": False}])
    else:
        _append_rows(name, [{"category": category, "what_happened": text, "severity": 2}])
    state[_key("quick", name)] = ""


def _quick_add_line(name: str, label: str, options: list[str], placeholder: str) -> None:
    category_column, text_column = st.columns([1, 2])
    category_column.selectbox(
        f"{label}: category", options, key=_key("quick_category", name), label_visibility="collapsed"
    )
    text_column.text_input(
        label,
        key=_key("quick", name),
        placeholder=placeholder,
        on_change=_quick_add,
        args=(name,),
        label_visibility="collapsed",
    )


def _typed_frame(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(columns))
    for column in frame.columns:
        if column in {"severity", "answer_rating"}:
            frame[column] = pd.to_numeric(frame[column]).astype("Int64")
        elif column == "off_guard":
            frame[column] = frame[column].fillna(False).astype(bool)
        else:
            frame[column] = frame[column].astype(object)
    return frame


def _rows_editor(name: str, label: str, column_config: dict) -> list[dict[str, Any]]:
    columns = ROW_COLUMNS[name]
    edited = st.data_editor(
        _typed_frame(st.session_state[_key("rows", name)], columns),
        key=_editor_key(name),
        num_rows="dynamic",
        hide_index=True,
        column_config=column_config,
        column_order=list(column_config),
        placeholder="",
        alt=label,
    )
    rows = rows_from_frame(edited, columns)
    _warn_long_cells(label, rows, column_config)
    return rows


def _warn_long_cells(title: str, rows: list[dict[str, Any]], column_config: dict) -> None:
    """A pasted cell over the limit is kept in the table, and said so (saving then names it too)."""
    for number, row in enumerate(rows, start=1):
        for column, config in column_config.items():
            message = too_long(f"{title}, row {number}, {config['label']}", row.get(column), MAX_TEXT_LENGTH)
            if message is not None:
                st.warning(plain(message), icon="✂️")


def _reflection_columns(kind: Kind, categories: list[str]) -> dict:
    headings = reflection_headings(kind)
    levels = severity_scale(kind).levels
    config = {
        "category": st.column_config.SelectboxColumn(
            headings["category"], options=categories, required=True, width=150
        ),
        "what_happened": st.column_config.TextColumn(headings["what_happened"], width=220),
        "severity": st.column_config.SelectboxColumn(
            headings["severity"], options=list(levels), format_func=levels.get, default=2, width=95
        ),
    }
    if "next_time" in headings:
        config["next_time"] = st.column_config.TextColumn(headings["next_time"], width=220)
    return config


def _question_columns() -> dict:
    return {
        "text": st.column_config.TextColumn("Question", required=True, width=300),
        "category": st.column_config.SelectboxColumn(
            "Category", options=question_categories(), required=True, width=130
        ),
        "answer_rating": st.column_config.SelectboxColumn(
            "How well I answered", options=list(RATING_LABELS), format_func=RATING_LABELS.get, width=150
        ),
        "off_guard": st.column_config.CheckboxColumn("Caught me off guard", default=False, width=140),
        "better_answer": st.column_config.TextColumn(
            "Better answer (STAR)",
            help="Situation, Task, Action, Result: the answer you want to give next time.",
            width=300,
        ),
        "notes": st.column_config.TextColumn("Notes", width=200),
    }


def _text_input(label: str, name: str, limit: int, placeholder: str | None = None) -> None:
    """A text box that commits a second after typing stops (so a refresh loses at most that second)."""
    value = st.text_input(label, key=_key(name), placeholder=placeholder, live="1s")
    warn_if_too_long(label, value, limit)


def _text_area(label: str, key: str, limit: int) -> str:
    value = st.text_area(label, key=key)
    warn_if_too_long(label, value, limit)
    return value


def _choice(label: str, name: str, options: list[str]) -> None:
    current = st.session_state.get(_key(name))
    choices = list(dict.fromkeys(options + ([current] if current else [])))
    st.selectbox(label, choices, key=_key(name), placeholder="Choose or type…", accept_new_options=True)


def _details_section() -> None:
    lists = taxonomy()
    company, role, date = st.columns([2, 2, 1])
    with company:
        _text_input("Company", "company", MAX_NAME_LENGTH, placeholder="Required")
    with role:
        _text_input("Role", "role", MAX_NAME_LENGTH)
    date.date_input("Interview date", key=_key("interview_date"), format="YYYY-MM-DD")
    round_column, format_column, outcome_column = st.columns(3)
    with round_column:
        _choice("Round", "round", lists["round"])
    with format_column:
        _choice("Format", "format", lists["format"])
    with outcome_column:
        _choice("Outcome", "outcome", lists["outcome"])


def _columns_section(store: Store) -> tuple[list, list]:
    st.subheader("1 · The good and the ugly")
    st.caption(
        "Pick a category, type what happened and press Enter: the line joins the table. "
        "Then fill in the rest in the table; select a row and press Delete to remove it."
    )
    columns = st.columns([3, 2], gap="medium")
    rows = {}
    for column, (name, kind, title, add_label, placeholder) in zip(columns, _REFLECTION_COLUMNS, strict=True):
        with column:
            st.markdown(f"**{title}**")
            categories = repository.categories(store, kind)
            _quick_add_line(name, add_label, categories, placeholder)
            rows[name] = _rows_editor(name, title, _reflection_columns(kind, categories))
            if kind == "mistake":
                _long_answers_suggestion()
    with st.expander("Add your own category", expanded=_key("category_added") in st.session_state):
        kind_column, name_column = st.columns([1, 2])
        kind_column.radio("For", ["mistake", "strength"], key=_key("new_category_kind"), horizontal=True)
        new_name = name_column.text_input("New category", key=_key("new_category_name"))
        with name_column:
            warn_if_too_long("New category", new_name, MAX_CATEGORY_LENGTH)
        st.button("Add category", key=_key("add_category"), on_click=_add_category, args=(store,))
        outcome = st.session_state.pop(_key("category_added"), None)
        if outcome is not None:
            added, message = outcome
            (st.success if added else st.error)(plain(message))
    return rows["mistakes"], rows["strengths"]


def _add_category(store: Store) -> None:
    """Runs before the page is drawn again, so the category lists already offer the new one."""
    state = st.session_state
    kind = state[_key("new_category_kind")]
    try:
        added = repository.add_category(store, kind, state.get(_key("new_category_name")) or "")
    except ValueError as error:
        state[_key("category_added")] = (False, str(error))
    else:
        state[_key("category_added")] = (True, f"{added} is now a {kind} category.")
        state[_key("new_category_name")] = ""


def _interviewer_section() -> dict[str, Any]:
    st.subheader("2 · The interviewer")
    st.caption("Not all of it was your fault. Rate the other side too.")
    left, right = st.columns(2, gap="large")
    with left:
        professionalism = st.segmented_control(
            "Professionalism",
            list(RATING_LABELS),
            format_func=RATING_LABELS.get,
            key=_key("evaluation", "professionalism"),
        )
        in_my_control = st.slider(
            "How much of what went wrong was in my control? (%)",
            0,
            100,
            step=10,
            key=_key("evaluation", "in_my_control"),
            help="The rest was down to the interviewer or the circumstances.",
        )
        flags = {
            name: st.checkbox(label, key=_key("evaluation", name))
            for name, label in (
                ("awkward_pauses", "Awkward pauses"),
                ("intimidating_questions", "Intimidating or hostile questions"),
                ("seemed_inexperienced", "Interviewer seemed inexperienced"),
                ("on_time", "Started on time"),
            )
        }
    with right:
        notes = _text_area("Notes on the interviewer", _key("evaluation", "notes"), MAX_TEXT_LENGTH)
    return {"professionalism": professionalism, "in_my_control": in_my_control, "notes": notes, **flags}


def _questions_section() -> list:
    st.subheader("3 · Questions they asked")
    st.caption("List them while you remember: you will be asked many of them again.")
    _quick_add_line(
        "questions", "Add a question", question_categories(), "The question as you remember it. Enter"
    )
    return _rows_editor("questions", "Questions", _question_columns())


def _current_form(mistakes: list, strengths: list, questions: list, evaluation: dict) -> dict[str, Any]:
    state = st.session_state
    date = state.get(_key("interview_date"))
    return {
        "company": state.get(_key("company")) or "",
        "role": state.get(_key("role")) or "",
        "interview_date": date.isoformat() if date else None,
        "round": state.get(_key("round")),
        "format": state.get(_key("format")),
        "outcome": state.get(_key("outcome")),
        "notes": state.get(_key("notes")) or "",
        "mistakes": mistakes,
        "strengths": strengths,
        "questions": questions,
        "evaluation": evaluation,
        "transcript": state.get(_key("transcript")),
        "plan": state.get(_key("plan")),
    }


def _autosave(store: Store, target: Target, form: dict[str, Any], force: bool = False) -> bool:
    """Keep the draft in step with the form (`force`: write it even if it seems to be); True when the
    form differs from what is saved. A draft the disk refuses is said so, and tried again next time."""
    state = st.session_state
    changed = form != state[_key("baseline")]
    try:
        if changed and (force or form != state[_key("autosaved")]):
            payload = {"form": form, "version": state[_key("version")]}
            repository.save_draft(store, target.draft_key, state[_key("interview_id")], payload)
            state[_key("autosaved")] = form
            state[_key("autosaved_at")] = dt.datetime.now()
        elif not changed and state[_key("autosaved")] is not None:
            repository.discard_draft(store, target.draft_key)
            state[_key("autosaved")] = None
        state.pop(_key("autosave_failed"), None)
    except StoreError as error:
        state[_key("autosave_failed")] = str(error)
    return changed


def _save(store: Store, target: Target, form: dict[str, Any]) -> None:
    state = st.session_state
    interview_id, version = state[_key("interview_id")], state[_key("version")]
    try:
        debrief = debrief_from_form(form, interview_id, version)
    except ValidationError as error:
        problems = "\n".join(f"- {message}" for message in describe_errors(error))
        st.error(f"Not saved yet. Please fix:\n{problems}", icon="✋")
        return
    if interview_id is None and debrief.interview_date > dt.date.today():
        st.error("Not saved: the interview date is still to come. Schedule it instead (above).", icon="✋")
        return
    try:
        if interview_id is None:
            # Only a draft this tab wrote is consumed (none if the disk refused every autosave).
            written = target.draft_key if state[_key("autosaved")] is not None else None
            saved = repository.insert_debrief(store, debrief, written, plan_id=form.get("plan"))
        else:
            saved = repository.update_debrief(store, debrief, target.draft_key, state[_key("identity")])
    except NotFoundError:
        # Deleted in another tab: what was typed here is still in the form and its draft.
        state[_key("interview_id")] = state[_key("version")] = None
        st.warning(
            "This debrief was deleted in another tab or window. Your text is still here: save again to "
            "keep it as a new debrief.",
            icon="⚠️",
        )
        return
    except ConflictError as error:
        state[_key("conflict")] = str(error)
        _autosave(store, target, form, force=True)  # the edits stay in a draft, as the message says
        return
    except StoreError as error:
        st.error(plain(str(error)), icon="⚠️")
        return
    flash(STATE, f"Saved the debrief for {saved.company} ({saved.interview_date:%d %b %Y}).")
    open_target(uuid.uuid4().hex, saved.id)


def _show_plan(store: Store) -> None:
    """The debrief of a scheduled interview says so, and who will become its contacts."""
    plan_id = st.session_state.get(_key("plan"))
    if plan_id is None:
        return
    try:
        scheduled = schedule.get_scheduled(store, plan_id)
    except NotFoundError:
        st.session_state[_key("plan")] = None  # removed meanwhile: the debrief stands on its own
        return
    if scheduled.interview_id is not None:
        st.warning(
            f"The debrief of your {plain(scheduled.title)} is already saved: this one will be a debrief of "
            "its own.",
            icon=":material/info:",
        )
        st.session_state[_key("plan")] = None
        return
    names = schedule.interviewer_names(scheduled.plan.interviewers)
    people = f" {', '.join(names)} will be its contacts, for the thank-you note." if names else ""
    st.caption(plain(f"The debrief of your {scheduled.title}, started from its plan.{people}"))


def _offer_to_schedule(store: Store, target: Target) -> None:
    """A date still to come names an interview to prepare for: say so, and schedule it on request."""
    state = st.session_state
    day = state.get(_key("interview_date"))
    if day is None or day <= dt.date.today():
        return
    st.warning(
        f"**{day:%A %d %B %Y} is still to come.** A debrief is for an interview that has happened; "
        "schedule this one instead, and Debrief will brief you for it and start its debrief from the "
        "plan afterwards.",
        icon=":material/event:",
    )
    if st.button("Schedule it instead", key=_key("schedule"), icon=":material/event:"):
        try:
            plan = schedule.InterviewPlan(
                company=state.get(_key("company")) or "",
                role=state.get(_key("role")) or "",
                round=state.get(_key("round")) or "",
                format=state.get(_key("format")) or "",
                starts_at=dt.datetime.combine(day, dt.time(9, 0)),
                notes=state.get(_key("notes")) or "",
            )
        except ValidationError:
            st.error("Type the company first, then schedule it.", icon="✋")
            return
        try:
            plan_id = schedule.schedule(store, plan, instead_of_draft=target.draft_key)
        except StoreError as error:
            st.error(plain(str(error)), icon="⚠️")
            return
        state[_key("loaded")] = None
        switch_to(PREPARE, {"plan": str(plan_id), "scheduled": "1"})


def _show_conflict(store: Store, target: Target, form: dict[str, Any]) -> None:
    """Someone saved this debrief meanwhile: keep theirs (discard mine) or replace it with mine."""
    message = st.session_state.get(_key("conflict"))
    if message is None:
        return
    st.error(plain(message), icon="⚠️")
    if st.session_state[_key("interview_id")] is None:
        return
    if st.button("Replace it with my version", key=_key("overwrite")):
        st.session_state.pop(_key("conflict"))
        try:
            st.session_state[_key("version")] = repository.current_version(
                store, st.session_state[_key("interview_id")]
            )
            st.session_state[_key("identity")] = store.identity()
        except NotFoundError:
            st.session_state[_key("interview_id")] = st.session_state[_key("version")] = None
        _save(store, target, form)


def show_capture_form(store: Store, target: Target) -> None:
    state = st.session_state
    if _key("matcher_prepared") not in state:
        question_groups.prepare_matcher(store)
        state[_key("matcher_prepared")] = True
    # Streamlit drops widget state when the user visits another page, so reload then too.
    if state.get(_key("loaded")) != target.draft_key or _key("company") not in state:
        try:
            _load(store, target)
        except StoreError as error:
            st.error(plain(str(error)))
            if st.button("Start a new debrief", key=_key("recover")):
                open_target()
            return
    editing = state[_key("interview_id")] is not None
    st.title(f"Edit debrief: {plain(state[_key('baseline')]['company'])}" if editing else "New debrief")
    show_flash(STATE)
    status = st.empty()

    _details_section()
    if not editing:
        _show_plan(store)
        _offer_to_schedule(store, target)
    show_transcript_panel(store, state.get(_key("transcript")), _attach_transcript, _detach_transcript)
    mistakes, strengths = _columns_section(store)
    evaluation = _interviewer_section()
    questions = _questions_section()
    _text_area("Anything else to remember", _key("notes"), MAX_TEXT_LENGTH)

    form = _current_form(mistakes, strengths, questions, evaluation)
    unsaved = _autosave(store, target, form)
    if _key("autosave_failed") in state:
        status.error(f"**Draft not autosaved.** {plain(state[_key('autosave_failed')])}", icon="⚠️")
    elif unsaved:
        saved_at = state[_key("autosaved_at")]
        status.warning(f"**Draft** · not saved yet · autosaved {saved_at:%H:%M:%S}", icon="📝")
    elif editing:
        status.info("Saved. Change anything and it becomes a draft until you save again.", icon="💾")

    save_column, new_column, discard_column = st.columns([1, 1, 1])
    if save_column.button("Save debrief", type="primary", key=_key("save"), disabled=not unsaved and editing):
        _save(store, target, form)
    if unsaved and discard_column.button("Discard changes", key=_key("discard")):
        repository.discard_draft(store, target.draft_key)
        open_target(uuid.uuid4().hex, state[_key("interview_id")])
    if (editing or unsaved) and new_column.button("Start a new debrief", key=_key("new")):
        open_target()
    _show_conflict(store, target, form)


def show_other_drafts(store: Store, current_key: str) -> None:
    """Unsaved drafts other than the one open, each with Resume and Discard."""
    drafts = [draft for draft in repository.list_drafts(store) if draft.key != current_key]
    if not drafts:
        return
    with st.expander(f"Unsaved drafts ({len(drafts)})", expanded=True, icon="📝"):
        for draft in drafts:
            text, resume, discard = st.columns([4, 1, 1])
            text.markdown(draft_label(draft))
            if resume.button("Resume", key=_key("resume", draft.key)):
                open_target(draft.key, draft.interview_id)
            if discard.button("Discard", key=_key("drop", draft.key)):
                repository.discard_draft(store, draft.key)
                st.rerun()
