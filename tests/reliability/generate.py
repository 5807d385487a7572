"""Generated databases for the reliability tests: debriefs with any unicode, hostile text, ids with gaps,
question groups and corrections, contacts, thank-you notes, follow-up plans, own categories, drafts,
settings, and interviews scheduled (some debriefed from their plan)."""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass

from hypothesis import strategies as st

from debrief import notes, practice, question_groups, repository, schedule, settings
from debrief.contacts import Contact, save_contacts
from debrief.models import (
    MAX_CALL_SECONDS,
    MAX_NAME_LENGTH,
    Debrief,
    InterviewerEvaluation,
    Question,
    Reflection,
    TranscriptAnswer,
    TranscriptMeasures,
    question_categories,
)
from debrief.notes import Note
from debrief.schedule import InterviewPlan
from debrief.store import Store
from debrief.vocabulary import NOTE_CHANNELS, TONES

TODAY = dt.date(2026, 6, 1)
PRACTISED = dt.datetime(2026, 6, 2, 19, 0, tzinfo=dt.UTC)
PASTE = ("I kept talking about the migration project. " * 250)[:10_000]
# Each is stored and shown exactly as typed; none has outer white space, which the form trims.
HOSTILE_TEXTS = {
    "html": "<b>bold</b> <img src=x onerror=alert(1)> <iframe src=javascript:alert(2)>",
    "script": "<script>alert('xss')</script>",
    "markdown": "# Heading\n**bold** _it_ [link](javascript:alert(1)) `code` :red[red] $x^2$ > quote",
    "paste": PASTE,
    "emoji": "👩🏽‍💻 🚀 ✅ 🇬🇧 ❤️‍🔥",
    "right-to-left": "مرحبا بالعالم שלום \u202eevil\u202c \u200f!",
    "nul": "before\x00after",
    "sql": "'; DROP TABLE interviews; -- \" OR 1=1",
    "formula": '=HYPERLINK("http://example.invalid","click")',
}
assert len(PASTE) == 10_000

# Any unicode text except surrogates (not valid UTF-8, so no editor can produce them).
_characters = st.characters(exclude_categories=("Cs",))
any_text = st.text(_characters, max_size=40) | st.sampled_from(list(HOSTILE_TEXTS.values()))
short_text = any_text.filter(lambda text: len(text) <= MAX_NAME_LENGTH)
required_name = short_text.filter(lambda text: text.strip() != "")

reflections = st.builds(
    Reflection,
    category=required_name,
    what_happened=any_text,
    severity=st.integers(1, 3),
    next_time=any_text,
)
questions = st.builds(
    Question,
    text=any_text.filter(lambda text: text.strip() != ""),
    category=st.sampled_from(question_categories()),
    answer_rating=st.none() | st.integers(1, 5),
    off_guard=st.booleans(),
    notes=any_text,
    better_answer=any_text,
)
evaluations = st.builds(
    InterviewerEvaluation,
    professionalism=st.none() | st.integers(1, 5),
    awkward_pauses=st.booleans(),
    intimidating_questions=st.booleans(),
    seemed_inexperienced=st.booleans(),
    on_time=st.booleans(),
    in_my_control=st.integers(0, 100),
    notes=any_text,
)
seconds = st.none() | st.floats(0, MAX_CALL_SECONDS, allow_nan=False)
counts = st.integers(0, 10_000_000)
transcript_answers = st.builds(
    TranscriptAnswer,
    asked_at=seconds,
    speaker=short_text,
    question=any_text.filter(lambda text: text.strip() != ""),
    follow_up=st.booleans(),
    answer_seconds=seconds,
    answer_words=counts,
    fillers=counts,
)


@st.composite
def transcripts(draw) -> TranscriptMeasures:
    """Measures whose candidate's time and words are part of everyone's, as a call's are."""
    my_seconds = draw(seconds)
    my_words = draw(st.integers(0, 5_000_000))
    return TranscriptMeasures(
        source_format=draw(st.sampled_from(["zoom-vtt", "srt", "plain"])),
        turns_guessed=draw(st.booleans()),
        my_seconds=my_seconds,
        everyone_seconds=None
        if my_seconds is None
        else draw(st.floats(my_seconds, MAX_CALL_SECONDS, allow_nan=False)),
        my_words=my_words,
        everyone_words=my_words + draw(st.integers(0, 5_000_000)),
        fillers=draw(counts),
        kept_text=draw(st.none() | any_text),
        long_answers=draw(st.sampled_from(["open", "accepted", "dismissed"])),
        answers=draw(st.lists(transcript_answers, max_size=3)),
    )


debriefs = st.builds(
    Debrief,
    company=required_name,
    role=short_text,
    interview_date=st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31)),
    round=short_text,
    format=short_text,
    outcome=short_text,
    notes=any_text,
    mistakes=st.lists(reflections, max_size=3),
    strengths=st.lists(reflections.map(lambda item: item.model_copy(update={"next_time": ""})), max_size=2),
    evaluation=evaluations,
    questions=st.lists(questions, max_size=3),
    transcript=st.none() | transcripts(),
)


contacts = st.builds(
    Contact,
    name=required_name.filter(lambda text: text.split() != []),
    title=short_text,
    email=st.sampled_from(["", "jane.doe@example.com", "ömer@例え.jp"]),
    linkedin_url=st.sampled_from(["", "https://www.linkedin.com/in/jane-doe"]),
    notes=any_text,
)
thank_you_notes = st.builds(
    Note,
    recipient=short_text,
    recipient_email=st.sampled_from(["", "jane.doe@example.com"]),
    tone=st.sampled_from(list(TONES)),
    channel=st.sampled_from(list(NOTE_CHANNELS)),
    mistake_position=st.none() | st.integers(0, 3),
    subject=short_text,
    body=any_text,
)
plans = st.builds(
    InterviewPlan,
    company=required_name,
    role=short_text,
    round=short_text,
    starts_at=st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2100, 12, 31)),
    duration_minutes=st.integers(5, 720),
    format=short_text,
    interviewers=short_text,
    notes=any_text,
)


@dataclass(frozen=True)
class Scenario:
    """What to put into a database: debriefs (some deleted and some edited afterwards), and for the
    first debrief kept: contacts, a thank-you note (sent or a draft) and a follow-up plan; question
    groups and perhaps a grouping correction; extras."""

    debriefs: list[Debrief]
    deleted: list[bool]
    edited: list[bool]
    contacts: list[Contact]
    note: Note | None
    note_sent: bool
    grouping_correction: bool
    categories: list[tuple[str, str]]
    draft_text: str | None
    setting: str | None
    plan: InterviewPlan | None = None
    plan_debriefed: bool = False
    practice_card: tuple[str, str] | None = None
    practice_ratings: tuple[str, ...] = ()


scenarios = st.builds(
    Scenario,
    debriefs=st.lists(debriefs, min_size=1, max_size=4),
    deleted=st.lists(st.booleans(), min_size=4, max_size=4),
    edited=st.lists(st.booleans(), min_size=4, max_size=4),
    contacts=st.lists(contacts, max_size=2),
    note=st.none() | thank_you_notes,
    note_sent=st.booleans(),
    grouping_correction=st.booleans(),
    categories=st.lists(
        st.tuples(st.sampled_from(["mistake", "strength"]), st.text(_characters, min_size=1, max_size=20)),
        max_size=3,
    ),
    draft_text=st.none() | any_text,
    setting=st.none() | any_text,
    plan=st.none() | plans,
    plan_debriefed=st.booleans(),
    practice_card=st.none() | st.tuples(any_text.filter(lambda text: text.strip() != ""), any_text),
    practice_ratings=st.lists(st.sampled_from(list(practice.RATINGS)), max_size=3).map(tuple),
)


def fill(store: Store, scenario: Scenario) -> None:
    """Write the scenario through the repository, the way the app does."""
    saved = [repository.insert_debrief(store, debrief, today=TODAY) for debrief in scenario.debriefs]
    for debrief, deleted, edited in zip(saved, scenario.deleted, scenario.edited, strict=False):
        if deleted:
            repository.delete_debrief(store, debrief.id)
        elif edited:
            repository.update_debrief(store, debrief.model_copy(update={"questions": debrief.questions[:1]}))
    for kind, name in scenario.categories:
        # A name that is blank once white space is tidied is refused, as in the app.
        with contextlib.suppress(ValueError):
            repository.add_category(store, kind, name)
    kept = [debrief for debrief, gone in zip(saved, scenario.deleted, strict=False) if not gone]
    first = kept[0] if kept else None
    if first is not None:
        save_contacts(store, first.id, scenario.contacts)
        if scenario.note is not None and scenario.note_sent:
            notes.mark_sent(
                store, first.id, scenario.note, sent_on=first.interview_date, via="email", today=TODAY
            )
        elif scenario.note is not None:
            notes.save_draft(store, first.id, scenario.note)
    texts = [question.text for debrief in kept for question in debrief.questions]
    if scenario.grouping_correction and texts:
        question_groups.move_out(store, texts[0])
    if scenario.draft_text is not None:
        interview_id = first.id if first else None
        repository.save_draft(store, "draft-1", interview_id, {"form": {"notes": scenario.draft_text}})
    if scenario.setting is not None:
        settings.set_setting(store, "a setting", scenario.setting)
    if scenario.plan is not None:
        plan_id = schedule.schedule(store, scenario.plan)
        if scenario.plan_debriefed:
            happened = scenario.debriefs[0].model_copy(update={"company": scenario.plan.company})
            repository.insert_debrief(store, happened, today=TODAY, plan_id=plan_id)
    if scenario.practice_card is not None:
        prompt, answer = scenario.practice_card
        card = practice.add_own_card(store, prompt, answer, now=PRACTISED)
        for minutes, rating in enumerate(scenario.practice_ratings):
            practice.rate(
                store, card, rating, now=PRACTISED + dt.timedelta(minutes=minutes), typed_answer=answer
            )


def every_table_scenario(debrief: Debrief) -> Scenario:
    """A scenario that puts rows into every table, whatever examples the strategies happen to draw."""
    return Scenario(
        debriefs=[debrief],
        deleted=[False] * 4,
        edited=[False] * 4,
        contacts=[Contact(name="Jane Doe")],
        note=Note("Jane Doe", "", sorted(TONES)[0], sorted(NOTE_CHANNELS)[0], None, "Thank you", "Thanks"),
        note_sent=False,
        grouping_correction=True,
        categories=[("mistake", "My own category")],
        draft_text="A draft",
        setting="A setting",
        plan=InterviewPlan(
            company="Planned Ltd", starts_at=dt.datetime(2026, 6, 8, 10), interviewers="Jo Park"
        ),
        plan_debriefed=True,
        practice_card=("Why this company?", "Their data platform"),
        practice_ratings=("Again", "Good"),
    )


# Worked out from the other rows when they are written: an import regroups every question, so how many
# group rows there are afterwards depends on what was there before, not only on what came in.
GROUP_TABLES = frozenset({"question_groups", "question_text_groups"})


def row_total(tables: dict) -> int:
    """How many rows the tables of `read_tables` hold in all, the question groups left out."""
    return sum(len(rows) for name, (_, rows) in tables.items() if name not in GROUP_TABLES)
