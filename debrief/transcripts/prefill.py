"""What a transcript puts into a debrief: its questions as rows of the capture form, the measures kept
with the debrief, and the "Rambling" mistake that answers over two minutes suggest."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from debrief.models import MAX_KEPT_TRANSCRIPT_LENGTH, MAX_TEXT_LENGTH, TranscriptAnswer, TranscriptMeasures
from debrief.transcripts import LONG_ANSWER_SECONDS, spoken_seconds
from debrief.transcripts.analysis import Analysis, AskedQuestion
from debrief.transcripts.reading import Transcript

# A category for a question that neither the bank nor the user's own groups know, from its words.
_CATEGORY_CLUES = {
    "Salary/logistics": (
        "salary",
        "pay",
        "compensation",
        "notice period",
        "start date",
        "when could you start",
        "relocat",
        "visa",
        "right to work",
        "hours",
        "commute",
        "expectations",
    ),
    "Motivation": (
        "why (?:do you want|this (?:role|company|job)|us|are you (?:leaving|looking|interested))",
        "motivat",
        "interest(?:ed|s) you",
        "what attracted",
        "where do you see yourself",
        "career goals",
    ),
    "Technical": (
        "design",
        "architect",
        "code",
        "coding",
        "algorithm",
        "sql",
        "database",
        "system",
        "scale",
        "debug",
        "api",
        "excel",
        "technical",
        "model",
        "pipeline",
        "test(?:ing)?",
        "deploy",
        "data",
        "metric",
    ),
    "Situational": (
        "what would you do",
        "how would you",
        "imagine",
        "suppose",
        "if you (?:were|had)",
        "say you",
        "what if",
        "scenario",
    ),
    "Culture fit": (
        "culture",
        "values",
        "team(?:work)? (?:environment|style)",
        "work(?:ing)? style",
        "manag(?:e|ed) by",
        "feedback",
        "colleagues describe",
    ),
    "Behavioural": (
        "tell me about a time",
        "describe a time",
        "example",
        "when have you",
        "a situation where",
        "walk me through",
        "tell me about",
    ),
}
_COMPILED_CLUES = tuple(
    (category, re.compile(rf"\b(?:{'|'.join(clues)})", re.IGNORECASE))
    for category, clues in _CATEGORY_CLUES.items()
)
DEFAULT_CATEGORY = "Behavioural"


def guess_category(text: str) -> str:
    for category, clue in _COMPILED_CLUES:
        if clue.search(text):
            return category
    return DEFAULT_CATEGORY


def duration_in_words(seconds: float) -> str:
    """'2 min 05 s', '45 s'."""
    whole = round(seconds)
    return f"{whole // 60} min {whole % 60:02d} s" if whole >= 60 else f"{whole} s"


def clock(seconds: float | None) -> str:
    """'1:02:03' or '2:03': where in the call; '' when the file has no times."""
    if seconds is None:
        return ""
    whole = int(seconds)
    hours, minutes, rest = whole // 3600, whole % 3600 // 60, whole % 60
    return f"{hours}:{minutes:02d}:{rest:02d}" if hours else f"{minutes}:{rest:02d}"


def answer_summary(question: AskedQuestion) -> str:
    """'2 min 10 s, 310 words' (or for a file without times, '310 words')."""
    words = f"{question.answer_words:,} word{'s' if question.answer_words != 1 else ''}"
    if question.answer_seconds is None:
        return words
    return f"{duration_in_words(question.answer_seconds)}, {words}"


def answer_note(question: AskedQuestion) -> str:
    """The question's notes in the debrief: the answer as the transcript has it."""
    if not question.answer_text:
        return "No answer found in the transcript."
    heading = f"My answer, from the transcript ({answer_summary(question)}): "
    room = MAX_TEXT_LENGTH - len(heading)
    text = question.answer_text
    return heading + (text if len(text) <= room else text[: room - 1] + "…")


def question_rows(
    analysis: Analysis, chosen: Sequence[int], wordings: Sequence[str], categories: Sequence[str]
) -> list[dict[str, Any]]:
    """Rows for the capture form's questions table: for each chosen question (its index), the wording
    to keep and the category, the answer in its notes."""
    return [
        {
            "text": wordings[index],
            "category": categories[index],
            "answer_rating": None,
            "off_guard": False,
            "notes": answer_note(analysis.questions[index]),
            "better_answer": "",
        }
        for index in chosen
    ]


QUESTION_LIST_HEADER = ("time", "speaker", "question", "answer_seconds", "answer_words")


def question_list(analysis: Analysis) -> list[tuple[str, str, str, str, int]]:
    """One row per interviewer question: where in the call (h:mm:ss, blank without times), who asked,
    the question, and the candidate's answer's talking time (seconds, blank without times) and words."""
    return [
        (
            clock(question.asked_at),
            question.speaker,
            question.text,
            "" if question.answer_seconds is None else f"{question.answer_seconds:.1f}",
            question.answer_words,
        )
        for question in analysis.questions
    ]


def kept_text(transcript: Transcript) -> str:
    """The transcript as lines '[2:03] Name: what they said', cut to the length a debrief keeps."""
    lines = []
    for cue in transcript.cues:
        when = f"[{clock(cue.start)}] " if cue.start is not None else ""
        who = f"{cue.speaker}: " if cue.speaker else ""
        lines.append(f"{when}{who}{cue.text}")
    return "\n".join(lines)[:MAX_KEPT_TRANSCRIPT_LENGTH]


def measures(
    analysis: Analysis, transcript_text: str | None, chosen: Sequence[int] | None = None
) -> TranscriptMeasures:
    """What is kept with the debrief: the answer figures of the `chosen` questions (their indices; by
    default all: one the user left out was no question), the call's totals, and the transcript itself
    only when given (the user ticked "keep the transcript")."""
    picked = [analysis.questions[index] for index in chosen] if chosen is not None else analysis.questions
    return TranscriptMeasures(
        source_format=analysis.format,
        turns_guessed=analysis.turns_guessed,
        my_seconds=analysis.my_seconds,
        everyone_seconds=analysis.everyone_seconds,
        my_words=analysis.my_words,
        everyone_words=analysis.everyone_words,
        fillers=analysis.fillers,
        kept_text=transcript_text,
        answers=[
            TranscriptAnswer(
                asked_at=question.asked_at,
                speaker=question.speaker,
                question=question.text[:MAX_TEXT_LENGTH],
                follow_up=question.follow_up,
                answer_seconds=question.answer_seconds,
                answer_words=question.answer_words,
                fillers=question.fillers,
            )
            for question in picked
        ],
    )


def _estimated_seconds(answer: TranscriptAnswer) -> float:
    return spoken_seconds(answer.answer_seconds, answer.answer_words)


def long_answers(transcript: TranscriptMeasures) -> list[TranscriptAnswer]:
    """Answers over two minutes, longest first (estimated from words where the file had no times)."""
    long = [answer for answer in transcript.answers if _estimated_seconds(answer) > LONG_ANSWER_SECONDS]
    return sorted(long, key=_estimated_seconds, reverse=True)


def _how_long(answer: TranscriptAnswer) -> str:
    if answer.answer_seconds is None:
        return f"about {duration_in_words(_estimated_seconds(answer))} ({answer.answer_words:,} words)"
    return f"{duration_in_words(answer.answer_seconds)} ({answer.answer_words:,} words)"


def _quoted(text: str, limit: int = 80) -> str:
    return f"“{text if len(text) <= limit else text[: limit - 1] + '…'}”"


def rambling_evidence(transcript: TranscriptMeasures) -> str | None:
    """Why the transcript suggests a "Rambling" mistake, in a sentence; None when no answer ran over
    two minutes."""
    long = long_answers(transcript)
    if not long:
        return None
    first = long[0]
    evidence = f"My answer to {_quoted(first.question)} ran {_how_long(first)}"
    if len(long) > 1:
        evidence += f", and {len(long) - 1} more answer{'s' if len(long) > 2 else ''} ran over two minutes"
    return evidence + "."


def rambling_row(transcript: TranscriptMeasures) -> dict[str, Any]:
    """The mistake row the suggestion adds: major when an answer ran over four minutes."""
    longest = _estimated_seconds(long_answers(transcript)[0])
    return {
        "category": "Rambling",
        "what_happened": rambling_evidence(transcript),
        "severity": 3 if longest > 2 * LONG_ANSWER_SECONDS else 2,
        "next_time": "",
    }
