"""An import accepts exactly what the app's own forms accept: the row models of debrief/tables.py keep
the limits and choices of the models that own them (debrief/models.py, the contacts form, the
follow-up plan settings, the thank-you note), so that the two cannot drift apart."""

from __future__ import annotations

import datetime as dt
from typing import get_args

import pytest
from pydantic import BaseModel, ValidationError

from debrief import repository, vocabulary
from debrief.contacts import Contact
from debrief.follow_ups import PlanSettings
from debrief.models import (
    MAX_CATEGORY_LENGTH,
    Debrief,
    InterviewerEvaluation,
    Kind,
    Question,
    Reflection,
    question_categories,
)
from debrief.question_sheet import SheetRow
from debrief.tables import (
    ContactRow,
    CustomCategoryRow,
    EvaluationRow,
    FollowUpPlanRow,
    FollowUpRow,
    InterviewRow,
    QuestionRow,
    ReflectionRow,
    ThankYouNoteRow,
)

DAY = dt.date(2026, 11, 20)
MOMENT = dt.datetime(2026, 11, 20, 9, 30)
CATEGORY = question_categories()[0]
# The smallest valid value of each model, to which one field at a time is set.
VALID: dict[type[BaseModel], dict] = {
    Debrief: {"company": "Acme", "interview_date": DAY},
    Reflection: {"category": "Rambling"},
    InterviewerEvaluation: {},
    Question: {"text": "Tell me about yourself", "category": CATEGORY},
    Contact: {"name": "Jane Doe"},
    PlanSettings: {},
    InterviewRow: {
        "id": 1,
        "company": "Acme",
        "interview_date": DAY,
        "created_at": MOMENT,
        "updated_at": MOMENT,
    },
    ReflectionRow: {"id": 1, "interview_id": 1, "kind": "mistake", "position": 0, "category": "Rambling"},
    EvaluationRow: {"interview_id": 1},
    QuestionRow: {
        "id": 1,
        "interview_id": 1,
        "position": 0,
        "text": "Tell me about yourself",
        "category": CATEGORY,
    },
    SheetRow: {"date": DAY, "company": "Acme", "question": "Tell me about yourself", "category": CATEGORY},
    ContactRow: {"id": 1, "interview_id": 1, "position": 0, "name": "Jane Doe"},
    FollowUpPlanRow: {"interview_id": 1, "thank_you_days": 1, "check_in_days": 7, "cadence_months": 1},
}
# (the model that owns a limit, its field) -> (a model that validates imported rows, its field)
SAME_LIMITS = [
    *(((Debrief, name), (InterviewRow, name)) for name in ("company", "role", "round", "format", "outcome")),
    ((Debrief, "notes"), (InterviewRow, "notes")),
    ((Debrief, "company"), (SheetRow, "company")),
    ((Debrief, "role"), (SheetRow, "role")),
    *(((Reflection, name), (ReflectionRow, name)) for name in ("category", "what_happened", "severity")),
    ((Reflection, "next_time"), (ReflectionRow, "next_time")),
    *(
        ((InterviewerEvaluation, name), (EvaluationRow, name))
        for name in ("professionalism", "in_my_control")
    ),
    ((InterviewerEvaluation, "notes"), (EvaluationRow, "notes")),
    *(
        ((Question, name), (QuestionRow, name))
        for name in ("text", "answer_rating", "notes", "better_answer")
    ),
    ((Question, "text"), (SheetRow, "question")),
    ((Question, "answer_rating"), (SheetRow, "rating")),
    *(((Contact, name), (ContactRow, name)) for name in ("name", "title", "notes")),
    *(((PlanSettings, name), (FollowUpPlanRow, name)) for name in PlanSettings.model_fields),
]


def limits(model: type[BaseModel], field: str) -> dict[str, int]:
    """The bounds a model puts on a field (of its value, or of a text's length)."""
    schema = model.model_json_schema()["properties"][field]
    for option in schema.get("anyOf", [schema]):
        if option.get("type") in {"integer", "string"}:
            return {
                key: option[key] for key in ("minimum", "maximum", "minLength", "maxLength") if key in option
            }
    return {}


def probes(bounds: dict[str, int]) -> list[tuple[object, bool]]:
    """Values at each bound (accepted) and one past it (refused)."""
    values: list[tuple[object, bool]] = []
    if "minimum" in bounds:
        values += [(bounds["minimum"], True), (bounds["minimum"] - 1, False)]
    if "maximum" in bounds:
        values += [(bounds["maximum"], True), (bounds["maximum"] + 1, False)]
    if "minLength" in bounds:
        values += [("x" * bounds["minLength"], True), ("x" * (bounds["minLength"] - 1), False)]
    if "maxLength" in bounds:
        values += [("x" * bounds["maxLength"], True), ("x" * (bounds["maxLength"] + 1), False)]
    return values


def accepts(model: type[BaseModel], field: str, value: object) -> bool:
    """Whether the model takes `value` for `field`; a refusal must be about that field alone."""
    try:
        model.model_validate({**VALID[model], field: value})
    except ValidationError as error:
        refused = {problem["loc"][0] for problem in error.errors()}
    else:
        return True
    if refused != {field}:
        raise AssertionError(f"{model.__name__} refused {refused}, not only {field}")
    return False


@pytest.mark.parametrize(
    ("owner", "importer"), SAME_LIMITS, ids=[f"{o[0].__name__}.{o[1]}" for o, _ in SAME_LIMITS]
)
def test_an_import_keeps_the_limits_of_the_model_that_owns_them(owner, importer):
    bounds = limits(*owner)
    assert bounds, f"{owner} has no limit to compare"
    for value, accepted in probes(bounds):
        shown = f"{len(value)} characters" if isinstance(value, str) else value
        assert accepts(*owner, value) is accepted, f"{owner} on {shown}"
        assert accepts(*importer, value) is accepted, f"{importer} on {shown}, unlike {owner}"


@pytest.mark.parametrize(
    ("row_model", "field", "offered"),
    [
        (ThankYouNoteRow, "tone", vocabulary.TONES),
        (ThankYouNoteRow, "channel", vocabulary.NOTE_CHANNELS),
        (ThankYouNoteRow, "sent_via", vocabulary.CHANNELS),
        (FollowUpRow, "step", vocabulary.STEPS),
        (FollowUpRow, "done_via", vocabulary.CHANNELS),
        (ReflectionRow, "kind", dict.fromkeys(get_args(Kind))),
        (CustomCategoryRow, "kind", dict.fromkeys(get_args(Kind))),
    ],
)
def test_an_import_offers_the_choices_the_app_offers(row_model, field, offered):
    schema = row_model.model_json_schema()["properties"][field]
    choices = next(option["enum"] for option in schema.get("anyOf", [schema]) if "enum" in option)
    assert set(choices) == set(offered)


def test_an_own_category_name_has_the_same_limit_when_added_or_imported(store):
    longest, too_long = "x" * MAX_CATEGORY_LENGTH, "y" * (MAX_CATEGORY_LENGTH + 1)
    assert repository.add_category(store, "mistake", longest) == longest
    assert CustomCategoryRow(kind="mistake", name=longest).name == longest
    with pytest.raises(ValueError, match=f"at most {MAX_CATEGORY_LENGTH} characters"):
        repository.add_category(store, "mistake", too_long)
    with pytest.raises(ValidationError):
        CustomCategoryRow(kind="mistake", name=too_long)
