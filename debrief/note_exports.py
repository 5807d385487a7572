"""A thank-you note as a plain-text file, an e-mail draft (.eml) and a mailto: link."""

from __future__ import annotations

import re
import unicodedata
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from urllib.parse import quote, urlencode

from email_validator import EmailNotValidError, validate_email

from debrief.output_text import printable, printable_lines
from debrief.vocabulary import one_line

# Headers unfolded: Python folds a long display name full of commas and quotes so that mail programs
# read other addresses in it. Unfolded, every header stays far below the 998 characters a line may have
# (names and subjects are at most a few hundred).
_UNFOLDED = SMTP.clone(max_line_length=0)


def note_file_name(company: str, interview_date, extension: str) -> str:
    """E.g. thank-you-acme-analytics-2026-11-20.eml: plain ASCII, safe on every file system."""
    ascii_company = unicodedata.normalize("NFKD", company).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_company).strip("-").lower()[:60] or "interview"
    return f"thank-you-{slug}-{interview_date:%Y-%m-%d}.{extension}"


def note_as_text(body: str) -> bytes:
    return (printable_lines(body).rstrip("\n") + "\n").encode("utf-8")


def note_as_eml(*, body: str, subject: str, to_name: str = "", to_email: str = "") -> bytes:
    """An unsent e-mail that mail programs open as a draft, ready to send (X-Unsent, as Outlook reads it)."""
    message = EmailMessage(policy=SMTP)
    address = _ascii_address(to_email)
    if address:
        local_part, _, domain = address.rpartition("@")
        name = one_line(printable(to_name))
        message["To"] = Address(display_name=name, username=local_part, domain=domain)
    message["Subject"] = one_line(printable(subject))
    message["X-Unsent"] = "1"
    message.set_content(printable_lines(body), cte="quoted-printable")  # 7-bit safe for any mail program
    return message.as_bytes(policy=_UNFOLDED)


def _ascii_address(email: str) -> str | None:
    """The address as mail headers must carry it: an international domain in its ASCII (punycode) form.
    None when there is none, or its local part is not ASCII (the draft then leaves To: for the user)."""
    if not email:
        return None
    try:
        return validate_email(email, check_deliverability=False).ascii_email
    except EmailNotValidError:
        return None


def mailto_link(*, to_email: str = "", subject: str, body: str) -> str:
    """A mailto: link (RFC 6068) that opens the user's mail program with the note filled in.

    Every reserved character is percent-encoded (spaces as %20, not +) and line breaks become CRLF.
    """
    query = urlencode(
        {"subject": one_line(printable(subject)), "body": printable_lines(body).replace("\n", "\r\n")},
        quote_via=quote,
    )
    return f"mailto:{quote(to_email, safe='@')}?{query}"
