"""Guarantee: files written for other programs (CSV, .ics, .eml, mailto:) hold no raw control character,
and an e-mail's To: header parses back to the contact's address whatever their name."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re
from email.utils import getaddresses
from urllib.parse import parse_qs, urlsplit

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from debrief import repository
from debrief.contacts import Contact, save_contacts
from debrief.models import MAX_NAME_LENGTH
from debrief.note_exports import mailto_link, note_as_eml, note_as_text
from debrief.reminders import reminders_file
from debrief.transfer import export_files
from tests.conftest import make_debrief

# What RFC 5545 and RFC 5322 allow besides printable text: a tab, and lines ending in CR LF.
CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
HOSTILE = "Nul\x00 esc\x1b[31m bell\x07 del\x7f c1\x85 vt\x0b end"
TODAY = dt.date(2026, 11, 26)
ADDRESS = "jo@example.com"
NAME_OF_COMMAS_QUOTES_AND_BRACKETS = ('Smith, "Jo" <evil@attacker.example>, ' * 4)[:100]


def addresses_read_back(data: bytes) -> tuple[list[str], list[str]]:
    """The To: addresses as a modern and a traditional parser (Python's two) read them."""
    modern = email.message_from_bytes(data, policy=email.policy.default)
    traditional = email.message_from_bytes(data)
    return (
        [address.addr_spec for address in modern["To"].addresses],
        [address for _, address in getaddresses([traditional["To"]])],
    )


def test_a_long_name_full_of_commas_quotes_and_brackets_parses_back_to_one_address():
    assert len(NAME_OF_COMMAS_QUOTES_AND_BRACKETS) == 100
    data = note_as_eml(
        body="Hi", subject="Thanks", to_name=NAME_OF_COMMAS_QUOTES_AND_BRACKETS, to_email=ADDRESS
    )
    assert addresses_read_back(data) == ([ADDRESS], [ADDRESS])
    modern = email.message_from_bytes(data, policy=email.policy.default)
    assert modern["To"].addresses[0].display_name == NAME_OF_COMMAS_QUOTES_AND_BRACKETS


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=MAX_NAME_LENGTH))
def test_any_display_name_parses_back_to_the_contacts_address(name):
    data = note_as_eml(body="Hi", subject="Thanks", to_name=name, to_email=ADDRESS)
    assert addresses_read_back(data) == ([ADDRESS], [ADDRESS])
    assert not CONTROL.search(data)
    assert max(len(line) for line in data.split(b"\r\n")) <= 998  # RFC 5322's limit


def test_no_control_character_reaches_an_eml_text_file_or_mailto_link():
    data = note_as_eml(body=f"Hi\n{HOSTILE}\r\nBye", subject=HOSTILE, to_name=HOSTILE, to_email=ADDRESS)
    assert not CONTROL.search(data)
    assert not CONTROL.search(note_as_text(HOSTILE).replace(b"\n", b""))
    query = parse_qs(urlsplit(mailto_link(subject=HOSTILE, body=HOSTILE)).query)
    assert not CONTROL.search((query["subject"][0] + query["body"][0]).encode())


def test_no_control_character_reaches_the_reminders_calendar(store):
    interview = repository.insert_debrief(
        store, make_debrief(HOSTILE, role=HOSTILE, interview_date=TODAY - dt.timedelta(days=1)), today=TODAY
    ).id
    save_contacts(store, interview, [Contact(name="Jane\x00Doe", email="jane@acme.example")])
    data = reminders_file(store, TODAY).data
    assert not CONTROL.search(data.replace(b"\r\n", b""))
    summaries = [str(event["SUMMARY"]) for event in Calendar.from_ical(data).walk("VEVENT")]
    assert summaries
    assert all("Nul\ufffd esc\ufffd[31m" in summary for summary in summaries)


def test_no_control_character_reaches_an_exported_csv(store):
    repository.insert_debrief(store, make_debrief(HOSTILE, notes=HOSTILE))
    for name, data in export_files(store).items():
        if name.endswith(".csv"):
            assert not CONTROL.search(data.replace(b"\r\n", b"").replace(b"\n", b"")), name


def test_an_international_address_goes_into_the_header_as_mail_programs_read_it():
    data = note_as_eml(body="Hi", subject="Thanks", to_name="Anna Bücher", to_email="anna@bücher.de")
    assert addresses_read_back(data) == (["anna@xn--bcher-kva.de"], ["anna@xn--bcher-kva.de"])
