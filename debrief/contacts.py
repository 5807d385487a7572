"""Who interviewed you: name, title, e-mail, LinkedIn profile and notes, per interview."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from debrief import repository
from debrief.capture import clean_rows
from debrief.models import LongText, RequiredShortText, ShortText, plain_reason
from debrief.store import Store
from debrief.vocabulary import email_address, linkedin_profile, one_line

CONTACT_COLUMNS = ("name", "title", "email", "linkedin_url", "notes")


class Contact(BaseModel):
    """Someone you met at the interview."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid", frozen=True)

    name: RequiredShortText = Field(title="Name")
    title: ShortText = Field("", title="Title")
    email: ShortText = Field("", title="E-mail")
    linkedin_url: ShortText = Field("", title="LinkedIn profile")
    notes: LongText = Field("", title="Notes")

    _one_line = field_validator("name", "title", mode="before")(one_line)

    _email_address = field_validator("email")(email_address)
    _linkedin_profile = field_validator("linkedin_url")(linkedin_profile)


def contacts_from_rows(rows: Iterable[Mapping[str, Any]]) -> tuple[list[Contact], list[str]]:
    """Validate the contacts table as typed: the contacts, and one plain sentence per problem.

    Rows left entirely empty are skipped.
    """
    contacts: list[Contact] = []
    problems: list[str] = []
    for number, row in enumerate(clean_rows(rows, CONTACT_COLUMNS), start=1):
        values = {key: value for key, value in row.items() if value is not None and str(value).strip()}
        if not values:
            continue
        try:
            contacts.append(Contact(**values))
        except ValidationError as error:
            for problem in error.errors():
                field = str(problem["loc"][0]) if problem["loc"] else ""
                title = Contact.model_fields[field].title if field in Contact.model_fields else "Contact"
                problems.append(f"Contacts, row {number}, {title}: {plain_reason(problem)}.")
    return contacts, problems


def contacts_for(store: Store, interview_id: int) -> list[Contact]:
    with store.cursor() as cursor:
        rows = cursor.execute(
            "SELECT name, title, email, linkedin_url, notes FROM contacts WHERE interview_id = ? "
            "ORDER BY position",
            [interview_id],
        ).fetchall()
    return [Contact(**dict(zip(CONTACT_COLUMNS, row, strict=True))) for row in rows]


def save_contacts(store: Store, interview_id: int, contacts: list[Contact]) -> None:
    """Replace the interview's contacts with `contacts`, in one transaction."""
    with store.transaction() as cursor:
        repository.require_interview(cursor, interview_id)
        cursor.execute("DELETE FROM contacts WHERE interview_id = ?", [interview_id])
        if contacts:
            cursor.executemany(
                "INSERT INTO contacts (interview_id, position, name, title, email, linkedin_url, notes) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    [interview_id, position, *(getattr(contact, name) for name in CONTACT_COLUMNS)]
                    for position, contact in enumerate(contacts)
                ],
            )
