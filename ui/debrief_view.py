"""A stored debrief shown read-only, with Edit and Delete."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.brief import plan_vs_actual
from debrief import repository, schedule
from debrief.models import Debrief, Kind, Reflection, TranscriptMeasures
from debrief.store import Store, StoreError
from debrief.transcripts import prefill, share_of_talk
from ui.interview_picker import PICKER_KEY
from ui.keys import widget_keys
from ui.setup import NEW_DEBRIEF, THANK_YOU, flash, page_link
from ui.text import plain, reflection_headings, severity_in_words

STATE = "interviews"
_key = widget_keys(STATE)


def _items_table(title: str, frame: pd.DataFrame, labels: dict[str, str], empty: str) -> None:
    st.markdown(f"**{title}**")
    if frame.empty:
        st.caption(empty)
        return
    st.dataframe(frame[list(labels)].rename(columns=labels), hide_index=True)


def _reflections(items: list[Reflection], kind: Kind) -> pd.DataFrame:
    """The items with their severity in words."""
    frame = pd.DataFrame([item.model_dump() for item in items])
    return frame if frame.empty else severity_in_words(frame, kind)


def show_debrief(debrief: Debrief) -> None:
    st.subheader(plain(" · ".join(part for part in (debrief.company, debrief.role) if part)))
    st.caption(
        plain(
            " · ".join(
                part
                for part in (
                    f"{debrief.interview_date:%d %b %Y}",
                    debrief.round,
                    debrief.format,
                    debrief.outcome,
                )
                if part
            )
        )
    )
    left, right = st.columns(2, gap="large")
    with left:
        _items_table(
            "Mistakes",
            _reflections(debrief.mistakes, "mistake"),
            reflection_headings("mistake"),
            "No mistakes noted.",
        )
    with right:
        _items_table(
            "Strengths",
            _reflections(debrief.strengths, "strength"),
            reflection_headings("strength"),
            "No strengths noted.",
        )
    evaluation = debrief.evaluation
    st.markdown("**The interviewer**")
    flags = [
        label
        for label, on in (
            ("awkward pauses", evaluation.awkward_pauses),
            ("intimidating questions", evaluation.intimidating_questions),
            ("seemed inexperienced", evaluation.seemed_inexperienced),
            ("started late", not evaluation.on_time),
        )
        if on
    ]
    professionalism = f"{evaluation.professionalism}/5" if evaluation.professionalism else "not rated"
    summary = [f"Professionalism {professionalism}", f"{evaluation.in_my_control}% of it was in my control"]
    st.write(" · ".join(summary + flags))
    if evaluation.notes:
        st.text(evaluation.notes)
    _items_table(
        "Questions",
        pd.DataFrame([question.model_dump() for question in debrief.questions]),
        {
            "text": "Question",
            "category": "Category",
            "answer_rating": "How well I answered",
            "off_guard": "Caught me off guard",
            "better_answer": "Better answer",
            "notes": "Notes",
        },
        "No questions noted.",
    )
    if debrief.transcript is not None:
        _transcript_figures(debrief.transcript)
    if debrief.notes:
        st.markdown("**Notes**")
        st.text(debrief.notes)


def _transcript_figures(transcript: TranscriptMeasures) -> None:
    """What the call transcript measured: the call's totals, each answer, the transcript if kept."""
    st.markdown("**How I answered, from the call transcript**")
    answers = transcript.answers
    timed = [answer.answer_seconds for answer in answers if answer.answer_seconds is not None]
    share = share_of_talk(
        transcript.my_seconds, transcript.everyone_seconds, transcript.my_words, transcript.everyone_words
    )
    figures = [
        f"{len(answers)} answer{'s' if len(answers) != 1 else ''}",
        f"{share:.0%} of the talking was mine",
        f"{transcript.fillers} filler word{'s' if transcript.fillers != 1 else ''}",
    ]
    if timed:
        figures.insert(1, f"longest {prefill.duration_in_words(max(timed))}")
    st.write(" · ".join(figures))
    if transcript.turns_guessed:
        st.caption("The transcript named nobody, so who said what was guessed.")
    frame = pd.DataFrame([answer.model_dump() for answer in answers])
    if not frame.empty:
        frame["asked_at"] = [prefill.clock(answer.asked_at) for answer in answers]
        _items_table(
            "Answers",
            frame,
            {
                "asked_at": "At",
                "question": "Question",
                "answer_seconds": "Answer (seconds)",
                "answer_words": "Words",
                "fillers": "Filler words",
            },
            "",
        )
    if transcript.kept_text:
        with st.expander("The transcript"):
            st.text(transcript.kept_text)


def show_plan_against_what_happened(store: Store, debrief: Debrief) -> None:
    """For a debrief captured from a scheduled interview: which questions its brief expected came up,
    which came as a surprise, and which of the mistakes it warned about came back."""
    if debrief.id is None or schedule.plan_of_debrief(store, debrief.id) is None:
        return
    with store.cursor() as cursor:
        outcome = plan_vs_actual(cursor, debrief.id)
    st.markdown("**Your brief against what happened**")
    if outcome.hit_rate is None:
        st.caption("No question of this interview is grouped yet, so there is nothing to compare.")
    else:
        asked = len(outcome.hits) + len(outcome.surprises)
        st.markdown(
            f"The brief listed **{len(outcome.hits)} of the {asked} questions** that came up "
            f"({outcome.hit_rate:.0%})."
        )
    came_up, surprise = st.columns(2, gap="large")
    with came_up:
        _items_table(
            "Expected, and asked",
            outcome.hits,
            {"rank": "Rank in the brief", "question": "Question"},
            "None of the expected questions came up.",
        )
    with surprise:
        _items_table(
            "Surprises",
            outcome.surprises,
            {"question": "Question", "category": "Category"},
            "No surprises: the brief listed every question asked.",
        )
    if outcome.recurred or outcome.avoided:
        lines = [f"- Came back: {plain(category)}" for category in outcome.recurred]
        lines += [f"- Avoided: {plain(category)}" for category in outcome.avoided]
        st.markdown("**The recurring mistakes it warned about**\n" + "\n".join(lines))


def show_actions(store: Store, debrief: Debrief) -> None:
    """Edit opens the capture form; Delete asks for confirmation first."""
    confirm_key = _key("confirm_delete")
    edit, delete, note, _ = st.columns([1, 1, 2, 2], vertical_alignment="center")
    if edit.button("Edit", key=_key("edit"), icon="✏️"):
        st.switch_page(NEW_DEBRIEF.path, query_params={"id": str(debrief.id)})
    with note:
        page_link(THANK_YOU, "Write a thank-you note", interview_id=debrief.id)
    if delete.button("Delete", key=_key("delete"), icon="🗑️"):
        st.session_state[confirm_key] = debrief.id
    if st.session_state.get(confirm_key) != debrief.id:
        return
    st.warning(
        f"Delete the debrief for {plain(debrief.company)} on {debrief.interview_date:%d %b %Y}, with all its "
        "items? This cannot be undone.",
        icon="⚠️",
    )
    yes, no, _ = st.columns([1, 1, 4])
    if yes.button("Yes, delete it", key=_key("confirm"), type="primary"):
        try:
            repository.delete_debrief(store, debrief.id)
        except StoreError as error:
            st.error(plain(str(error)))
            return
        st.session_state[confirm_key] = None
        flash(STATE, f"Deleted the debrief for {debrief.company}.")
        st.session_state.pop(PICKER_KEY, None)
        st.query_params.clear()
        st.rerun()
    if no.button("Cancel", key=_key("cancel")):
        st.session_state[confirm_key] = None
        st.rerun()
