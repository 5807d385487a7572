"""The New debrief page's transcript panel: upload a call transcript, say which speaker is you, review
the interviewer's questions it found, and add them (and the answers' figures) to the debrief.

The file is read in this process and never stored unless the user ticks "keep the transcript".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from debrief import question_groups
from debrief.models import TranscriptMeasures, describe_errors, question_categories
from debrief.store import Store
from debrief.transcripts import prefill
from debrief.transcripts.analysis import Analysis, analyse, speakers_by_words
from debrief.transcripts.reading import (
    FORMAT_NAMES,
    MAX_TRANSCRIPT_BYTES,
    Transcript,
    TranscriptError,
    read_transcript,
)
from ui.keys import widget_keys
from ui.setup import flash, show_flash
from ui.text import plain

STATE = "transcript"
_key = widget_keys(STATE)
FILE_TYPES = ["vtt", "srt", "txt", "docx"]
T = TypeVar("T")


@dataclass(frozen=True)
class Review:
    """What the user chose in the review table: which questions, in which wording and category."""

    chosen: list[int]
    wordings: list[str]
    categories: list[str]


def _remembered(name: str, key: str, compute: Callable[[], T]) -> T:
    """`compute()` once per `key` (the uploaded file, the speaker chosen): the panel reruns with every
    keystroke in the form, and reading, analysing and matching need not run again."""
    cached = st.session_state.get(_key("memo", name))
    if cached is not None and cached[0] == key:
        return cached[1]
    result = compute()
    st.session_state[_key("memo", name)] = (key, result)
    return result


def _read(upload) -> Transcript | str:
    """The uploaded file's transcript (or the reason it cannot be read)."""
    try:
        return read_transcript(upload.getvalue(), upload.name)
    except TranscriptError as error:
        return str(error)


def _analysed(transcript: Transcript, me: str | None) -> Analysis | str:
    """The transcript's questions and answers with `me` as the candidate (or why there are none)."""
    try:
        return analyse(transcript, me)
    except TranscriptError as error:
        return str(error)


def _suggestions(store: Store, analysis: Analysis) -> list[question_groups.Suggestion]:
    with st.spinner("Matching the questions with the ones you know…"):
        return question_groups.suggestions(store, [question.text for question in analysis.questions])


def _speaker(transcript: Transcript, file_id: str) -> str | None:
    if not transcript.has_speakers:
        st.info(
            "This file names nobody, so who said what is a guess: from the pauses between lines, and from "
            "questions handing the word over. Check the questions below.",
            icon=":material/help:",
        )
        return None
    speakers = speakers_by_words(transcript.cues)
    return st.radio(
        "Which one is you?",
        speakers,
        key=_key("me", file_id),
        format_func=plain,  # a name is the file's text: shown as text, never as markdown
        horizontal=True,
        help="Guessed: the one who talks most, as the candidate usually does.",
    )


def _figures(analysis: Analysis) -> None:
    questions, share, longest, fillers = st.columns(4)
    questions.metric("Questions found", len(analysis.questions))
    share.metric("Your share of the talking", f"{analysis.my_share:.0%}")
    answer = analysis.longest_answer
    if answer is not None:
        longest.metric(
            "Longest answer",
            prefill.duration_in_words(answer.estimated_seconds),
            help=None if analysis.has_times else "Estimated from its words: this file has no times.",
        )
    rate = f"{analysis.fillers / (analysis.my_seconds / 60):.1f} a minute" if analysis.my_seconds else ""
    fillers.metric("Filler words (um, uh, like…)", analysis.fillers, help=rate or None)


def _review(
    analysis: Analysis, suggested: list[question_groups.Suggestion], file_id: str, me: str | None
) -> Review:
    categories = question_categories()
    frame = pd.DataFrame(
        {
            "add": True,
            "asked_at": [prefill.clock(question.asked_at) for question in analysis.questions],
            "question": [question.text for question in analysis.questions],
            # A follow-up leans on the answer before it: no common question fits it.
            "common": [
                "" if asked.follow_up else suggestion.wording or ""
                for asked, suggestion in zip(analysis.questions, suggested, strict=True)
            ],
            "use_common": False,
            "category": [
                suggestion.category
                if suggestion.category in categories and not asked.follow_up
                else prefill.guess_category(asked.text)
                for asked, suggestion in zip(analysis.questions, suggested, strict=True)
            ],
            "answer": [prefill.answer_summary(question) for question in analysis.questions],
            "long": ["over 2 min" if question.long else "" for question in analysis.questions],
        }
    )
    edited = st.data_editor(
        frame,
        key=_key("review", file_id, me or ""),
        hide_index=True,
        num_rows="fixed",
        disabled=["asked_at", "common", "answer", "long"],
        column_config={
            "add": st.column_config.CheckboxColumn("Add", width=50),
            "asked_at": st.column_config.TextColumn("At", width=60),
            "question": st.column_config.TextColumn("Question, as asked", width=320),
            "common": st.column_config.TextColumn("Usual wording", width=200),
            "use_common": st.column_config.CheckboxColumn("Use it", width=60),
            "category": st.column_config.SelectboxColumn(
                "Category", options=categories, required=True, width=130
            ),
            "answer": st.column_config.TextColumn("Your answer", width=140),
            "long": st.column_config.TextColumn("", width=80),
        },
        column_order=["add", "asked_at", "question", "answer", "long", "category", "common", "use_common"],
        alt="Questions found in the transcript",
    )
    wordings = [
        row["common"] if row["use_common"] and row["common"] else (row["question"] or "").strip()
        for row in edited.to_dict("records")
    ]
    chosen = [index for index, row in enumerate(edited.to_dict("records")) if row["add"] and wordings[index]]
    return Review(
        chosen, wordings, [row["category"] or prefill.DEFAULT_CATEGORY for row in edited.to_dict("records")]
    )


def _attached_summary(attached: dict[str, Any], detach: Callable[[], None]) -> None:
    measures = TranscriptMeasures.model_validate(attached)
    answers = len(measures.answers)
    kept = "the transcript itself is kept too" if measures.kept_text else "the transcript itself is not kept"
    text, remove = st.columns([4, 1])
    text.success(
        f"Figures from a transcript are part of this debrief: {answers} answer{'s' if answers != 1 else ''} "
        f"measured; {kept}.",
        icon=":material/check_circle:",
    )
    remove.button("Remove them", key=_key("detach"), on_click=detach, help="The questions you added stay.")


def show_transcript_panel(
    store: Store,
    attached: dict[str, Any] | None,
    attach: Callable[[list[dict[str, Any]], dict[str, Any]], int],
    detach: Callable[[], None],
) -> None:
    """The panel. `attached`: the transcript measures the debrief holds (JSON form) or None; `attach`
    adds question rows and measures to the form (returning how many rows it added), `detach` removes
    the measures."""
    uploaded = st.session_state.get(_key("file", st.session_state.get(_key("generation"), 0)))
    with st.expander(
        "Start from a call transcript", icon=":material/subtitles:", expanded=uploaded is not None
    ):
        show_flash(STATE)
        if attached is not None:
            _attached_summary(attached, detach)
        st.caption(
            "Zoom, Teams or Meet (.vtt), SubRip (.srt), Otter or 'Name: text' lines (.txt), or the Teams "
            f"Word download (.docx), up to {MAX_TRANSCRIPT_BYTES / 1e6:.0f} MB. "
            "It is read on this computer and nothing leaves it."
        )
        upload = st.file_uploader(
            "Transcript file",
            type=FILE_TYPES,
            key=_key("file", st.session_state.get(_key("generation"), 0)),
            max_upload_size=MAX_TRANSCRIPT_BYTES // 1_000_000,
        )
        if upload is None:
            return
        transcript = _remembered("read", upload.file_id, lambda: _read(upload))
        if isinstance(transcript, str):
            st.error(plain(transcript), icon=":material/error:")
            return
        st.caption(f"Read as: {FORMAT_NAMES.get(transcript.format, transcript.format)}.")
        me = _speaker(transcript, upload.file_id)
        asked_of = f"{upload.file_id}:{me}"
        analysis = _remembered("analysis", asked_of, lambda: _analysed(transcript, me))
        if isinstance(analysis, str):
            st.error(plain(analysis), icon=":material/error:")
            return
        _figures(analysis)
        if not analysis.questions:
            st.warning(
                "No interviewer questions were found in this transcript. If you picked the wrong speaker "
                "above, pick yourself; otherwise add the questions below by hand.",
                icon=":material/search_off:",
            )
            return
        suggested = _remembered("suggested", asked_of, lambda: _suggestions(store, analysis))
        review = _review(analysis, suggested, upload.file_id, me)
        keep = st.checkbox(
            "Keep the transcript with this debrief",
            key=_key("keep", upload.file_id),
            help="Otherwise only the figures (times, words, filler words) are kept; the file is forgotten.",
        )
        count = len(review.chosen)
        if st.button(
            f"Add {count} question{'s' if count != 1 else ''} to the debrief",
            key=_key("add", upload.file_id),
            type="primary",
            disabled=count == 0,
        ):
            rows = prefill.question_rows(analysis, review.chosen, review.wordings, review.categories)
            kept = prefill.kept_text(transcript) if keep else None
            try:
                figures = prefill.measures(analysis, kept, review.chosen)
            except ValidationError as error:
                st.error(
                    f"These figures cannot be kept: {plain(describe_errors(error)[0])}",
                    icon=":material/error:",
                )
                return
            added = attach(rows, figures.model_dump(mode="json"))
            st.session_state[_key("generation")] = st.session_state.get(_key("generation"), 0) + 1
            already = count - added
            skipped = f" {already} were in the debrief already and were left out." if already else ""
            flash(
                STATE,
                f"Added {added} question{'s' if added != 1 else ''} to section 3, each with your answer in "
                f"its notes. Rate your answers there, then save.{skipped}",
            )
            st.rerun()
