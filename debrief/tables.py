"""Every table that holds the user's data, in one registry that export, import and backups rely on.

Adding a table is one `TableSpec` entry in `TABLES` (after the tables it refers to) with a pydantic row
model whose fields are exactly the table's columns. tests/reliability/test_round_trip.py fails when a
table of the schema is missing here or a model's fields differ from its columns.

Row models validate imported rows as they are stored: text is kept exactly (no trimming), with the
same limits and choices the capture form enforces: the very types of debrief/models.py, the follow-up
plan settings and the thank-you note, never restated here.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from debrief.applications import Stage
from debrief.models import (
    CallSeconds,
    CategoryName,
    KeptTranscript,
    Kind,
    LongAnswersDecision,
    LongText,
    Rating,
    RequiredLongText,
    RequiredShortText,
    Severity,
    ShareInControl,
    ShortText,
    WordCount,
    known_question_category,
    within_the_call,
)
from debrief.practice import CardKind, CardStatus
from debrief.schedule import DurationMinutes
from debrief.vocabulary import (
    CadenceMonths,
    CheckInDays,
    FollowUpChannel,
    NoteChannel,
    Step,
    ThankYouDays,
    Tone,
    email_address,
    linkedin_profile,
)

# Every whole number within its column's type, so an import refuses it by row and column rather than
# failing when it is written: BIGINT for ids, INTEGER for positions, versions and revisions.
BIGINT_MAX = 2**63 - 1
INTEGER_MAX = 2**31 - 1
Identifier = Annotated[int, Field(ge=1, le=BIGINT_MAX)]
Position = Annotated[int, Field(ge=0, le=INTEGER_MAX)]
Version = Annotated[int, Field(ge=1, le=INTEGER_MAX)]


def not_blank(value: str) -> str:
    """A required text kept exactly, but not one of spaces only (the form trims those to nothing)."""
    if not value.strip():
        raise ValueError("required")
    return value


class Row(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class ApplicationRow(Row):
    id: Identifier
    company: RequiredShortText
    role: ShortText = ""
    stage: Stage | None = None
    created_at: dt.datetime

    _named_company = field_validator("company")(not_blank)


class InterviewRow(Row):
    id: Identifier
    company: RequiredShortText
    role: ShortText = ""
    interview_date: dt.date
    round: ShortText = ""
    format: ShortText = ""
    outcome: ShortText = ""
    notes: LongText = ""
    created_at: dt.datetime
    updated_at: dt.datetime
    version: Version = 1
    application_id: Identifier | None = None


class ScheduledInterviewRow(Row):
    id: Identifier
    application_id: Identifier
    round: ShortText = ""
    starts_at: dt.datetime
    duration_minutes: DurationMinutes = 60
    format: ShortText = ""
    interviewers: ShortText = ""
    notes: LongText = ""
    interview_id: Identifier | None = None
    revision: Position = 0


class ReflectionRow(Row):
    id: Identifier
    interview_id: Identifier
    kind: Kind
    position: Position
    category: RequiredShortText
    what_happened: LongText = ""
    severity: Severity = 2
    next_time: LongText = ""


class EvaluationRow(Row):
    interview_id: Identifier
    professionalism: Rating | None = None
    awkward_pauses: bool = False
    intimidating_questions: bool = False
    seemed_inexperienced: bool = False
    on_time: bool = True
    in_my_control: ShareInControl = 50
    notes: LongText = ""


class QuestionRow(Row):
    id: Identifier
    interview_id: Identifier
    position: Position
    text: RequiredLongText
    category: str
    answer_rating: Rating | None = None
    off_guard: bool = False
    notes: LongText = ""
    better_answer: LongText = ""

    _known_category = field_validator("category")(known_question_category)  # the capture form's check
    _worded_text = field_validator("text")(not_blank)


class QuestionGroupRow(Row):
    id: Identifier
    group_key: RequiredLongText
    canonical: LongText
    category: ShortText | None = None


class QuestionTextGroupRow(Row):
    text: RequiredLongText
    text_key: LongText
    auto_key: RequiredLongText
    group_id: Identifier


class QuestionCorrectionRow(Row):
    id: Identifier
    action: Literal["merge", "move_out"]
    subjects: list[RequiredLongText] = Field(min_length=1)
    target: RequiredLongText
    summary: LongText
    corrected_at: dt.datetime


class ContactRow(Row):
    id: Identifier
    interview_id: Identifier
    position: Position
    name: RequiredShortText
    title: ShortText = ""
    email: ShortText = ""
    linkedin_url: ShortText = ""
    notes: LongText = ""

    @field_validator("email", "linkedin_url")
    @classmethod
    def _as_the_contacts_form_checks(cls, value: str, info) -> str:
        # The contacts form's own checks (they raise ValueError with the reason); the stored form of
        # the value is kept exactly.
        check = email_address if info.field_name == "email" else linkedin_profile
        check(value)
        return value


class ThankYouNoteRow(Row):
    id: Identifier
    interview_id: Identifier
    recipient: LongText
    recipient_email: LongText = ""
    tone: Tone
    channel: NoteChannel
    mistake_position: Position | None = None
    subject: LongText = ""
    body: LongText
    saved_at: dt.datetime
    sent_on: dt.date | None = None
    sent_via: FollowUpChannel | None = None


class FollowUpPlanRow(Row):
    interview_id: Identifier
    thank_you_days: ThankYouDays
    check_in_days: CheckInDays
    cadence_months: CadenceMonths
    stopped_on: dt.date | None = None
    stopped_reason: Literal["user", "older"] | None = None


class FollowUpRow(Row):
    id: Identifier
    interview_id: Identifier
    step: Step
    due_on: dt.date
    status: Literal["open", "done", "stopped"] = "open"
    revision: Position = 0
    done_on: dt.date | None = None
    done_at: dt.datetime | None = None
    done_via: FollowUpChannel | None = None
    note: LongText = ""


class TranscriptMeasuresRow(Row):
    interview_id: Identifier
    source_format: RequiredShortText
    turns_guessed: bool = False
    my_seconds: CallSeconds | None = None
    everyone_seconds: CallSeconds | None = None
    my_words: WordCount = 0
    everyone_words: WordCount = 0
    fillers: WordCount = 0
    kept_text: KeptTranscript | None = None
    long_answers: LongAnswersDecision = "open"

    _mine_within_everyone = model_validator(mode="after")(within_the_call)
    _named_format = field_validator("source_format")(not_blank)


class TranscriptAnswerRow(Row):
    id: Identifier
    interview_id: Identifier
    position: Position
    asked_at: CallSeconds | None = None
    speaker: ShortText = ""
    question: RequiredLongText
    follow_up: bool = False
    answer_seconds: CallSeconds | None = None
    answer_words: WordCount = 0
    fillers: WordCount = 0

    _worded_question = field_validator("question")(not_blank)


class PracticeCardRow(Row):
    id: Identifier
    kind: CardKind
    subject: LongText = ""
    prompt: RequiredLongText
    answer: LongText = ""
    status: CardStatus = "active"
    created_at: dt.datetime
    fsrs_state: Annotated[int, Field(ge=1, le=3)] = 1
    fsrs_step: Position | None = None
    stability: Annotated[float, Field(gt=0, allow_inf_nan=False)] | None = None
    difficulty: Annotated[float, Field(ge=1, le=10, allow_inf_nan=False)] | None = None
    due: dt.datetime
    last_review: dt.datetime | None = None
    cram_until: dt.datetime | None = None

    _worded_prompt = field_validator("prompt")(not_blank)


class PracticeReviewRow(Row):
    id: Identifier
    card_id: Identifier
    rating: Annotated[int, Field(ge=1, le=4)]
    reviewed_at: dt.datetime
    typed_answer: LongText = ""


class CustomCategoryRow(Row):
    kind: Kind
    name: CategoryName


class DraftRow(Row):
    draft_key: RequiredShortText
    interview_id: Identifier | None = None
    payload: str
    saved_at: dt.datetime

    @field_validator("payload")
    @classmethod
    def _json_object(cls, value: str) -> str:
        try:
            parsed = json.loads(value)
        except ValueError as error:
            raise ValueError("not a JSON document") from error
        if not isinstance(parsed, dict) or not isinstance(parsed.get("form"), dict):
            raise ValueError('not a draft (a JSON object with the form\'s fields under "form")')
        if not isinstance(parsed.get("version"), int | None) or isinstance(parsed.get("version"), bool):
            raise ValueError("not a draft (its version is not a whole number)")
        return value


class SettingRow(Row):
    key: RequiredShortText
    value: LongText


@dataclass(frozen=True)
class TableSpec:
    """How one table is exported and imported.

    `key`: the columns that identify a row. With `sequence`, the key is one number drawn from that
    sequence: an import keeps the exported numbers when the database never issued them (so an export
    imported into an empty database is identical) and renumbers otherwise, with every reference
    following. Without `sequence`, a row whose key is already present is kept as it is and the
    imported duplicate skipped (categories, settings, and the 1:1 rows keyed by their interview).
    `merge_on`: for a numbered table, columns that identify the same row in another database (the
    question group of a given key): such a row already here is not imported again, and references to
    it go to the one here.
    `references`: column -> the table whose key it holds (nullable columns may be empty).
    `label` and `singular`: what the user calls the rows, for previews and messages.
    """

    name: str
    row_model: type[Row]
    key: tuple[str, ...]
    label: str
    singular: str
    sequence: str | None = None
    merge_on: tuple[str, ...] = ()
    references: Mapping[str, str] = field(default_factory=dict)

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(self.row_model.model_fields)


# In dependency order: a table comes after every table it refers to.
TABLES: tuple[TableSpec, ...] = (
    # Applications (migration 007): a company and role, whose rounds are its interviews.
    # Imported applications are added as they are, like the debriefs that are their rounds: one can
    # apply to the same company and role twice, a year apart.
    TableSpec(
        "applications", ApplicationRow, ("id",), "applications", "application", sequence="application_ids"
    ),
    TableSpec(
        "interviews",
        InterviewRow,
        ("id",),
        "debriefs",
        "debrief",
        sequence="interview_ids",
        references={"application_id": "applications"},
    ),
    # Interviews planned before they happen (migration 007), and the debrief each led to.
    TableSpec(
        "scheduled_interviews",
        ScheduledInterviewRow,
        ("id",),
        "scheduled interviews",
        "scheduled interview",
        sequence="scheduled_interview_ids",
        references={"application_id": "applications", "interview_id": "interviews"},
    ),
    TableSpec(
        "reflections",
        ReflectionRow,
        ("id",),
        "mistakes and strengths",
        "mistake or strength",
        sequence="item_ids",
        references={"interview_id": "interviews"},
    ),
    TableSpec(
        "interviewer_evaluations",
        EvaluationRow,
        ("interview_id",),
        "interviewer ratings",
        "interviewer rating",
        references={"interview_id": "interviews"},
    ),
    TableSpec(
        "questions",
        QuestionRow,
        ("id",),
        "questions",
        "question",
        sequence="item_ids",
        references={"interview_id": "interviews"},
    ),
    # Question grouping (migration 002). The groups are the matcher's work and can be rebuilt, but they
    # travel too, so that an export imported into an empty database is identical; the corrections are
    # the user's own. A group whose key is already here is the same group.
    TableSpec(
        "question_groups",
        QuestionGroupRow,
        ("id",),
        "question groups",
        "question group",
        sequence="question_group_ids",
        merge_on=("group_key",),
    ),
    TableSpec(
        "question_text_groups",
        QuestionTextGroupRow,
        ("text",),
        "grouped question wordings",
        "grouped question wording",
        references={"group_id": "question_groups"},
    ),
    TableSpec(
        "question_group_corrections",
        QuestionCorrectionRow,
        ("id",),
        "grouping corrections",
        "grouping correction",
        sequence="question_correction_ids",
    ),
    # Steps 4 and 5 (migration 003): who interviewed, thank-you notes, the follow-up plan and its steps.
    TableSpec(
        "contacts",
        ContactRow,
        ("id",),
        "contacts",
        "contact",
        sequence="contact_ids",
        references={"interview_id": "interviews"},
    ),
    TableSpec(
        "thank_you_notes",
        ThankYouNoteRow,
        ("id",),
        "thank-you notes",
        "thank-you note",
        sequence="note_ids",
        references={"interview_id": "interviews"},
    ),
    TableSpec(
        "follow_up_plans",
        FollowUpPlanRow,
        ("interview_id",),
        "follow-up plans",
        "follow-up plan",
        references={"interview_id": "interviews"},
    ),
    TableSpec(
        "follow_ups",
        FollowUpRow,
        ("id",),
        "follow-ups",
        "follow-up",
        sequence="follow_up_ids",
        references={"interview_id": "interviews"},
    ),
    # What call transcripts measured (migration 006), and the transcript itself where the user kept it.
    TableSpec(
        "transcript_measures",
        TranscriptMeasuresRow,
        ("interview_id",),
        "transcript measures",
        "transcript measure",
        references={"interview_id": "interviews"},
    ),
    TableSpec(
        "transcript_answers",
        TranscriptAnswerRow,
        ("id",),
        "answers measured in transcripts",
        "answer measured in a transcript",
        sequence="transcript_answer_ids",
        references={"interview_id": "interviews"},
    ),
    # Practice (migration 008): cards, their FSRS state, and every rating given.
    TableSpec(
        "practice_cards",
        PracticeCardRow,
        ("id",),
        "practice cards",
        "practice card",
        sequence="practice_card_ids",
    ),
    TableSpec(
        "practice_reviews",
        PracticeReviewRow,
        ("id",),
        "practice ratings",
        "practice rating",
        sequence="practice_review_ids",
        references={"card_id": "practice_cards"},
    ),
    TableSpec("custom_categories", CustomCategoryRow, ("kind", "name"), "own categories", "own category"),
    # Unsaved drafts are the user's typing too: a move to a new computer must not lose them.
    TableSpec(
        "drafts",
        DraftRow,
        ("draft_key",),
        "unsaved drafts",
        "unsaved draft",
        references={"interview_id": "interviews"},
    ),
    # Settings travel with the data (the first-run choice, later preferences); on import into a
    # database that has its own, the existing ones win.
    TableSpec("settings", SettingRow, ("key",), "settings", "setting"),
)
TABLES_BY_NAME: dict[str, TableSpec] = {spec.name: spec for spec in TABLES}


def describe_counts(counts: Mapping[str, int]) -> str:
    """'3 debriefs, 1 question' from rows per table name (tables without rows left out)."""
    return ", ".join(
        f"{count:,} {spec.singular if count == 1 else spec.label}"
        for spec in TABLES
        if (count := counts.get(spec.name, 0))
    )
