"""Who interviewed you: name, title, e-mail, LinkedIn profile and notes, per interview."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from debrief import repository
from debrief.capture import clean_rows
from debrief.models import LongText, RequiredShortText, ShortText, plain_reason
from debrief.store import Store

CONTACT_COLUMNS = ("name", "title", "email", "linkedin_url", "notes")
LINKEDIN_EXAMPLE = "https://www.linkedin.com/in/jane-doe"


def one_line(value: Any) -> Any:
    """Text with every run of whitespace (line breaks included) made one space.

    Names and titles go into e-mail headers and greetings, where a line break would do harm.
    """
    return " ".join(value.split()) if isinstance(value, str) else value


def linkedin_profile(value: str) -> str:
    """A LinkedIn profile address in its usual https form; ValueError if it is not one."""
    text = value.strip()
    if not text:
        return ""
    if "://" not in text:
        text = f"https://{text}"
    parts = urlsplit(text)
    host = (parts.hostname or "").lower()
    on_linkedin = host == "linkedin.com" or host.endswith(".linkedin.com")
    if parts.scheme not in {"http", "https"} or not on_linkedin:
        raise ValueError(f"not a LinkedIn address; a profile looks like {LINKEDIN_EXAMPLE}")
    path = parts.path.rstrip("/")
    segments = path.split("/")
    if len(segments) < 3 or segments[1] not in {"in", "pub"} or not segments[2]:
        raise ValueError(f"not a LinkedIn profile (it needs /in/ and a name), like {LINKEDIN_EXAMPLE}")
    return f"https://www.linkedin.com{path}"


class Contact(BaseModel):
    """Someone you met at the interview."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid", frozen=True)

    name: RequiredShortText = Field(title="Name")
    title: ShortText = Field("", title="Title")
    email: ShortText = Field("", title="E-mail")
    linkedin_url: ShortText = Field("", title="LinkedIn profile")
    notes: LongText = Field("", title="Notes")

    _one_line = field_validator("name", "title", mode="before")(one_line)

    @field_validator("email")
    @classmethod
    def _an_email_address(cls, value: str) -> str:
        if not value:
            return ""
        try:
            return validate_email(value, check_deliverability=False).normalized
        except EmailNotValidError as error:
            raise ValueError(f"not an e-mail address ({str(error).rstrip('.')})") from None

    @field_validator("linkedin_url")
    @classmethod
    def _a_linkedin_profile(cls, value: str) -> str:
        return linkedin_profile(value)


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
