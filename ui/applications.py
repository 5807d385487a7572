"""The pipeline on the Interviews page: every application with its stage, rounds and last contact; one
opened (`?application=N`) shows its rounds, each opening its debrief (`?id=N`), its stage to set by
hand, and a round to move to another application."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from debrief import applications, schedule
from debrief.applications import STAGE_LABELS, STAGES
from debrief.store import Store, StoreError
from ui.clicked_rows import open_clicked_row
from ui.debrief_view import STATE
from ui.interview_picker import PICKER_KEY
from ui.keys import widget_keys
from ui.setup import PREPARE, apply_change, flash, page_link
from ui.text import counted, plain

_key = widget_keys("applications")
SHOWN = 300
_FOLLOWS_ROUNDS = "follows"


def application_label(row) -> str:
    """'Acme · Data analyst' (the company alone when no role was given)."""
    return f"{row.company} · {row.role}" if row.role else row.company


def _pipeline_table(pipeline: pd.DataFrame, opened: int | None) -> None:
    shown = pipeline.head(SHOWN).assign(stage=lambda frame: frame["stage"].map(STAGE_LABELS))
    selection = st.dataframe(
        shown,
        hide_index=True,
        key=_key("pipeline", opened or 0),
        on_select="rerun",
        selection_mode="single-row",
        placeholder="—",
        column_order=["company", "role", "stage", "rounds", "last_outcome", "last_contact", "next_at"],
        column_config={
            "company": "Company",
            "role": "Role",
            "stage": "Stage",
            "rounds": st.column_config.NumberColumn("Rounds"),
            "last_outcome": "Latest outcome",
            "last_contact": st.column_config.DateColumn("Last contact", format="YYYY-MM-DD"),
            "next_at": st.column_config.DatetimeColumn("Next interview", format="ddd D MMM, HH:mm"),
        },
    )
    more = (
        f"Showing the {SHOWN:,} most recently active of {len(pipeline):,}. " if len(pipeline) > SHOWN else ""
    )
    st.caption(f"{more}Click a row to see its rounds.")
    open_clicked_row(selection, shown, "application_id", "application")


def _stage_changed(store: Store, application, labels: dict[str, str]) -> None:
    """The stage chosen by the user (only then: a rerun never writes it)."""
    chosen = st.session_state[_key("stage", application.application_id)]
    stage = None if chosen == _FOLLOWS_ROUNDS else chosen
    try:
        applications.set_stage(store, int(application.application_id), stage)
    except (StoreError, ValueError) as error:
        st.session_state[_key("stage_error")] = str(error)
        return
    flash(STATE, f"{application_label(application)}: stage {labels[chosen].lower()}.")


def _stage_choice(store: Store, application) -> None:
    options = [_FOLLOWS_ROUNDS, *STAGES]
    follows = f"Follows the rounds ({STAGE_LABELS[application.stage]})" if not application.stage_set else None
    labels = {_FOLLOWS_ROUNDS: follows or "Follows the rounds", **STAGE_LABELS}
    current = application.stage if application.stage_set else _FOLLOWS_ROUNDS
    st.selectbox(
        "Stage",
        options,
        index=options.index(current),
        format_func=labels.get,
        key=_key("stage", application.application_id),
        help="Set by the latest round's outcome unless you set it here.",
        on_change=_stage_changed,
        args=(store, application, labels),
    )
    error = st.session_state.pop(_key("stage_error"), None)
    if error:
        st.error(plain(error), icon=":material/warning:")


def _rounds_table(rounds: pd.DataFrame, application_id: int) -> None:
    selection = st.dataframe(
        rounds,
        hide_index=True,
        key=_key("rounds", application_id, st.query_params.get("id", "")),
        on_select="rerun",
        selection_mode="single-row",
        column_order=["interview_date", "round", "format", "outcome"],
        column_config={
            "interview_date": st.column_config.DateColumn("Date", format="YYYY-MM-DD"),
            "round": "Round",
            "format": "Format",
            "outcome": "Outcome",
        },
    )
    st.caption("Click a round to open its debrief below.")
    # The picker below follows the URL.
    open_clicked_row(selection, rounds, "id", "id", lambda: st.session_state.pop(PICKER_KEY, None))


def _move_round(store: Store, rounds: pd.DataFrame, pipeline: pd.DataFrame, application_id: int) -> None:
    others = pipeline[pipeline["application_id"] != application_id]
    if rounds.empty or others.empty:
        return
    with st.expander("Move a round to another application", icon=":material/swap_horiz:"):
        round_labels = {
            int(row.id): " · ".join(part for part in (f"{row.interview_date:%Y-%m-%d}", row.round) if part)
            for row in rounds.itertuples()
        }
        targets = {int(row.application_id): application_label(row) for row in others.itertuples()}
        which, where = st.columns(2)
        interview_id = which.selectbox(
            "Round", list(round_labels), format_func=round_labels.get, key=_key("move", "round")
        )
        target = where.selectbox(
            "To",
            list(targets),
            format_func=targets.get,
            key=_key("move", "to"),
            index=None,
            placeholder="Choose an application",
        )
        if st.button("Move it", key=_key("move", "go"), disabled=target is None):
            apply_change(
                STATE,
                lambda: applications.move_round(store, interview_id, target),
                f"Moved the round of {round_labels[interview_id]} to {targets[target]}.",
            )


def _opened(pipeline: pd.DataFrame):
    wanted = st.query_params.get("application", "")
    found = pipeline[pipeline["application_id"].astype(str) == wanted]
    return None if found.empty else next(found.itertuples())


def show_pipeline(store: Store) -> None:
    """Every application, and the one opened with its rounds, stage, plans and the round mover."""
    now = schedule.local_now()
    pipeline = applications.pipeline(store, now)
    if pipeline.empty:
        return
    st.subheader("Applications")
    application = _opened(pipeline)
    _pipeline_table(pipeline, application.application_id if application is not None else None)
    if application is None:
        return
    application_id = int(application.application_id)
    heading, stage = st.columns([3, 1], vertical_alignment="bottom")
    heading.markdown(
        f"#### {plain(application_label(application))} · {counted(int(application.rounds), 'round')}"
    )
    with stage:
        _stage_choice(store, application)
    rounds = applications.rounds(store, application_id)
    if rounds.empty:
        st.caption("No round debriefed yet.")
    else:
        _rounds_table(rounds, application_id)
    for scheduled in schedule.upcoming(store, now):
        if scheduled.application_id == application_id:
            text, link = st.columns([3, 1], vertical_alignment="center")
            text.markdown(
                f"📅 Coming up: **{plain(scheduled.title)}**, {scheduled.plan.starts_at:%a %d %b %H:%M}"
            )
            with link:
                page_link(PREPARE, "Its brief", query={"plan": str(scheduled.id)})
    _move_round(store, rounds, pipeline, application_id)
