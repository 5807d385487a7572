"""The debrief as the method structures it, with the validation every save goes through."""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

MAX_TEXT_LENGTH = 20_000
MAX_NAME_LENGTH = 200
MAX_CATEGORY_LENGTH = 80
TAXONOMY_FILE = Path(__file__).resolve().parent.parent / "data" / "taxonomy.json"

# The limits every way in (the capture form, the contacts form, imports) shares, by these names.
LongText = Annotated[str, StringConstraints(max_length=MAX_TEXT_LENGTH)]
ShortText = Annotated[str, StringConstraints(max_length=MAX_NAME_LENGTH)]
RequiredLongText = Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT_LENGTH)]
RequiredShortText = Annotated[str, StringConstraints(min_length=1, max_length=MAX_NAME_LENGTH)]
CategoryName = Annotated[str, StringConstraints(min_length=1, max_length=MAX_CATEGORY_LENGTH)]
Kind = Literal["mistake", "strength"]
SEVERITY_LABELS = {1: "Minor", 2: "Noticeable", 3: "Major"}
IMPACT_LABELS = {1: "Small", 2: "Solid", 3: "Standout"}
Severity = Annotated[int, Field(ge=1, le=3)]  # a mistake's severity or a strength's impact, as labelled above
Rating = Annotated[int, Field(ge=1, le=5)]  # the interviewer's professionalism, how well I answered
ShareInControl = Annotated[int, Field(ge=0, le=100)]  # percent
MAX_KEPT_TRANSCRIPT_LENGTH = 2_000_000  # characters: a day of calls; a one-hour call is about 60,000
MAX_CALL_SECONDS = 24 * 3600.0
MAX_WORDS = 10_000_000
CallSeconds = Annotated[float, Field(ge=0, le=MAX_CALL_SECONDS, allow_inf_nan=False)]
WordCount = Annotated[int, Field(ge=0, le=MAX_WORDS)]
LongAnswersDecision = Literal["open", "accepted", "dismissed"]
KeptTranscript = Annotated[str, StringConstraints(max_length=MAX_KEPT_TRANSCRIPT_LENGTH)]


@cache
def taxonomy() -> dict[str, list[str]]:
    """The shipped lists: mistake, strength and question categories, rounds, formats, outcomes."""
    return json.loads(TAXONOMY_FILE.read_text(encoding="utf-8"))


def question_categories() -> list[str]:
    return taxonomy()["question"]


def known_question_category(value: str) -> str:
    """`value` if it is one of the shipped question categories; ValueError naming them otherwise."""
    if value not in question_categories():
        raise ValueError(f"choose one of: {', '.join(question_categories())}")
    return value


class _Model(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid", frozen=True)


class Reflection(_Model):
    """One item in the Mistakes or Strengths column."""

    category: RequiredShortText = Field(title="Category")
    what_happened: LongText = Field("", title="What happened")
    severity: Severity = Field(2, title="Severity")
    next_time: LongText = Field("", title="What I'd say next time")


class InterviewerEvaluation(_Model):
    professionalism: Rating | None = Field(None, title="Professionalism")
    awkward_pauses: bool = Field(False, title="Awkward pauses")
    intimidating_questions: bool = Field(False, title="Intimidating questions")
    seemed_inexperienced: bool = Field(False, title="Interviewer seemed inexperienced")
    on_time: bool = Field(True, title="Started on time")
    in_my_control: ShareInControl = Field(50, title="Share in my control")
    notes: LongText = Field("", title="Notes on the interviewer")


class Question(_Model):
    text: RequiredLongText = Field(title="Question")
    category: str = Field(title="Category")
    answer_rating: Rating | None = Field(None, title="How well I answered")
    off_guard: bool = Field(False, title="Caught me off guard")
    notes: LongText = Field("", title="Notes")
    better_answer: LongText = Field("", title="Better answer")

    _known_category = field_validator("category")(known_question_category)


def within_the_call(measures):
    """The candidate's talking time and words are part of everyone's, never more (a model validator of
    the transcript's measures, wherever they come from)."""
    seconds = (measures.my_seconds, measures.everyone_seconds)
    if None not in seconds and seconds[0] > seconds[1]:
        raise ValueError("my talking time is more than everyone's")
    if measures.my_words > measures.everyone_words:
        raise ValueError("my words are more than everyone's")
    return measures


class TranscriptAnswer(_Model):
    """One interviewer question found in a call transcript, and how the candidate answered it."""

    asked_at: CallSeconds | None = Field(None, title="Asked at")
    speaker: ShortText = Field("", title="Asked by")
    question: RequiredLongText = Field(title="Question")
    follow_up: bool = Field(False, title="Follow-up")
    answer_seconds: CallSeconds | None = Field(None, title="Answer (seconds)")
    answer_words: WordCount = Field(0, title="Answer (words)")
    fillers: WordCount = Field(0, title="Filler words")


class TranscriptMeasures(_Model):
    """What a call transcript measured of the candidate's talking. Seconds are None for a file without
    times; `kept_text` holds the transcript only when the user chose to keep it."""

    source_format: RequiredShortText = Field(title="Transcript format")
    turns_guessed: bool = Field(False, title="Speakers guessed")
    my_seconds: CallSeconds | None = Field(None, title="My talking time")
    everyone_seconds: CallSeconds | None = Field(None, title="Everyone's talking time")
    my_words: WordCount = Field(0, title="My words")
    everyone_words: WordCount = Field(0, title="Everyone's words")
    fillers: WordCount = Field(0, title="Filler words")
    kept_text: KeptTranscript | None = Field(None, title="Kept transcript")
    # What the user made of the "Rambling" mistake suggested by answers over two minutes.
    long_answers: LongAnswersDecision = Field("open", title="Long answers")
    answers: list[TranscriptAnswer] = Field(default_factory=list, title="Answers")

    _mine_within_everyone = model_validator(mode="after")(within_the_call)


class Debrief(_Model):
    """Everything captured about one interview. `id` and `version` are set once it is stored."""

    id: int | None = None
    version: int | None = None
    company: RequiredShortText = Field(title="Company")
    role: ShortText = Field("", title="Role")
    interview_date: dt.date = Field(title="Interview date")
    round: ShortText = Field("", title="Round")
    format: ShortText = Field("", title="Format")
    outcome: ShortText = Field("", title="Outcome")
    notes: LongText = Field("", title="Notes")
    mistakes: list[Reflection] = Field(default_factory=list, title="Mistakes")
    strengths: list[Reflection] = Field(default_factory=list, title="Strengths")
    evaluation: InterviewerEvaluation = Field(default_factory=InterviewerEvaluation, title="Interviewer")
    questions: list[Question] = Field(default_factory=list, title="Questions")
    transcript: TranscriptMeasures | None = Field(None, title="Transcript")


_COLLECTION_MODELS: dict[str, type[_Model]] = {
    "mistakes": Reflection,
    "strengths": Reflection,
    "questions": Question,
    "evaluation": InterviewerEvaluation,
    "transcript": TranscriptMeasures,
}


def _field_title(model: type[BaseModel], name: str) -> str:
    field = model.model_fields.get(name)
    return field.title if field is not None and field.title else name.replace("_", " ").capitalize()


def plain_reason(error: dict) -> str:
    """What is wrong with one value, in a form's words (from one entry of `ValidationError.errors()`)."""
    kind = error["type"]
    context = error.get("ctx") or {}
    if kind in {"missing", "string_too_short"} or (kind.endswith("_type") and error.get("input") is None):
        return "required"
    if kind == "string_too_long":
        return f"too long: at most {context.get('max_length'):,} characters"
    if kind in {"date_from_datetime_parsing", "date_parsing", "date_type"}:
        return "not a date (use YYYY-MM-DD)"
    if kind == "greater_than_equal":
        return f"must be at least {context.get('ge')}"
    if kind == "less_than_equal":
        return f"must be at most {context.get('le')}"
    if kind == "value_error":
        return str(context.get("error", error["msg"]))
    return error["msg"]


def describe_errors(error: ValidationError) -> list[str]:
    """One plain sentence per problem, naming the column, row and field as the form labels them."""
    messages = []
    for problem in error.errors():
        location = list(problem["loc"])
        where: list[str] = []
        model: type[BaseModel] = Debrief
        name = location.pop(0) if location else ""
        if name in _COLLECTION_MODELS:
            where.append(_field_title(Debrief, name))
            model = _COLLECTION_MODELS[name]
            if location and isinstance(location[0], int):
                where.append(f"row {location.pop(0) + 1}")
            name = location.pop(0) if location else ""
        if name:
            where.append(_field_title(model, str(name)))
        messages.append(f"{', '.join(where) or 'Debrief'}: {plain_reason(problem)}.")
    return messages
