"""Thank-you notes stored with their interview: the draft being written, and the notes sent."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from debrief import follow_ups, repository
from debrief.models import MAX_TEXT_LENGTH
from debrief.store import Store
from debrief.vocabulary import NOTE_CHANNELS, TONES


@dataclass(frozen=True)
class Note:
    """A note as the user left it: to whom, the choices it was drafted with, and its text."""

    recipient: str
    recipient_email: str
    tone: str
    channel: str
    mistake_position: int | None
    subject: str
    body: str

    def __post_init__(self) -> None:
        if self.tone not in TONES or self.channel not in NOTE_CHANNELS:
            raise ValueError(f"Unknown tone {self.tone!r} or channel {self.channel!r}.")
        if len(self.body) > MAX_TEXT_LENGTH:
            raise ValueError(f"The note can have at most {MAX_TEXT_LENGTH:,} characters.")


# The thank_you_notes columns a Note is stored in, named as its fields.
_COLUMNS = tuple(field.name for field in fields(Note))


@dataclass(frozen=True)
class SentNote:
    note: Note
    sent_on: dt.date
    sent_via: str


def _values(interview_id: int, note: Note, now: dt.datetime | None) -> list:
    return [interview_id, *(getattr(note, name) for name in _COLUMNS), follow_ups.utc_timestamp(now)]


_DELETE_DRAFT = "DELETE FROM thank_you_notes WHERE interview_id = ? AND sent_on IS NULL"
_STORED_COLUMNS = ("interview_id", *_COLUMNS, "saved_at", "sent_on", "sent_via")
_INSERT = (
    f"INSERT INTO thank_you_notes ({', '.join(_STORED_COLUMNS)}) "  # noqa: S608 (column names)
    f"VALUES ({', '.join('?' for _ in _STORED_COLUMNS)})"
)
_SELECT = (
    f"SELECT {', '.join(_COLUMNS)}, sent_on, sent_via FROM thank_you_notes "  # noqa: S608 (column names)
    "WHERE interview_id = ? AND (sent_on IS NOT NULL) = ? ORDER BY sent_on DESC NULLS FIRST, saved_at DESC"
)


def save_draft(store: Store, interview_id: int, note: Note, now: dt.datetime | None = None) -> None:
    """Keep the note being written, so that a refresh does not lose it (one draft per interview)."""
    with store.transaction() as cursor:
        repository.require_interview(cursor, interview_id)
        cursor.execute(_DELETE_DRAFT, [interview_id])
        cursor.execute(_INSERT, [*_values(interview_id, note, now), None, None])


def discard_draft(store: Store, interview_id: int) -> None:
    with store.transaction() as cursor:
        cursor.execute(_DELETE_DRAFT, [interview_id])


def _notes(store: Store, interview_id: int, sent: bool) -> list[tuple]:
    with store.cursor() as cursor:
        return cursor.execute(_SELECT, [interview_id, sent]).fetchall()


def draft(store: Store, interview_id: int) -> Note | None:
    rows = _notes(store, interview_id, sent=False)
    return Note(*rows[0][: len(_COLUMNS)]) if rows else None


def sent_notes(store: Store, interview_id: int) -> list[SentNote]:
    """The notes sent for an interview, most recent first."""
    return [
        SentNote(Note(*row[: len(_COLUMNS)]), row[-2], row[-1])
        for row in _notes(store, interview_id, sent=True)
    ]


def mark_sent(
    store: Store,
    interview_id: int,
    note: Note,
    *,
    sent_on: dt.date,
    via: str,
    today: dt.date,
    now: dt.datetime | None = None,
) -> bool:
    """Store the note as sent (replacing the draft) and tick off the interview's thank-you follow-up.

    Returns True when an open thank-you follow-up was ticked off. One transaction.
    """
    if via not in NOTE_CHANNELS:
        raise ValueError(f"Choose how you sent it: {', '.join(NOTE_CHANNELS.values())}.")
    settings = follow_ups.plan_defaults(store)
    with store.transaction() as cursor:
        repository.require_interview(cursor, interview_id)
        follow_ups.start_missing_plans(cursor, today, settings)
        cursor.execute(_DELETE_DRAFT, [interview_id])
        cursor.execute(_INSERT, [*_values(interview_id, note, now), sent_on, via])
        return follow_ups.complete_thank_you(
            cursor,
            interview_id,
            via=via,
            done_on=sent_on,
            note=f"Thank-you note sent to {note.recipient}",
            now=now,
        )
