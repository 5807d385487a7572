"""The words that several parts of Debrief share, kept at the bottom of the house so that no feature
module imports another for a type name: the follow-up plan's steps, channels and bounds, the thank-you
note's tones and channels, and the checks of a contact's fields (which the contacts form and imports
both apply)."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email
from pydantic import Field

# Step 5: the follow-up plan.
Step = Literal["thank_you", "check_in", "keep_in_touch"]
FollowUpChannel = Literal["email", "linkedin", "phone"]
STEPS: dict[Step, str] = {
    "thank_you": "Thank-you note",
    "check_in": "Check-in",
    "keep_in_touch": "Keep in touch",
}
CHANNELS: dict[FollowUpChannel, str] = {"email": "E-mail", "linkedin": "LinkedIn", "phone": "Phone"}
ThankYouDays = Annotated[int, Field(ge=0, le=14)]
CheckInDays = Annotated[int, Field(ge=1, le=90)]
CadenceMonths = Annotated[int, Field(ge=1, le=12)]

# Step 4: the thank-you note.
Tone = Literal["warm", "formal"]
NoteChannel = Literal["email", "linkedin"]
TONES: dict[Tone, str] = {"warm": "Warm", "formal": "Formal"}
NOTE_CHANNELS: dict[NoteChannel, str] = {"email": "E-mail", "linkedin": "LinkedIn connection note"}

# Who interviewed you.
LINKEDIN_EXAMPLE = "https://www.linkedin.com/in/jane-doe"


def one_line(value: Any) -> Any:
    """Text with every run of whitespace (line breaks included) made one space.

    Names and titles go into e-mail headers and greetings, where a line break would do harm.
    """
    return " ".join(value.split()) if isinstance(value, str) else value


def email_address(value: str) -> str:
    """An e-mail address in its normalised form ('' stays ''); ValueError with the reason if it is not one."""
    if not value:
        return ""
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise ValueError(f"not an e-mail address ({str(error).rstrip('.')})") from None


def linkedin_profile(value: str) -> str:
    """A LinkedIn profile address in its usual https form ('' stays ''); ValueError if it is not one."""
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
