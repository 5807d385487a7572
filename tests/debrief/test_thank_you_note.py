"""The thank-you note: contacts, the composer, the checker, the exports, and notes kept with the interview."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from debrief import notes, repository
from debrief.contacts import Contact, contacts_for, contacts_from_rows, save_contacts
from debrief.models import Debrief, Question, Reflection
from debrief.note_checks import LINKEDIN_NOTE_LIMIT, RULES, check_note, note_length, word_count
from debrief.note_composer import compose_thank_you, note_subject, positive_turn, strength_phrases
from debrief.note_exports import mailto_link, note_as_eml, note_as_text, note_file_name
from tests.conftest import make_debrief

JANE = Contact(name="Jane Doe", title="Engineering manager", email="jane@acme.example")
APOLOGY = re.compile(r"\b(sorry|apologi[sz]e)\b", re.IGNORECASE)


def interview(**changes) -> Debrief:
    values = {
        "company": "Acme Analytics",
        "role": "Backend engineer",
        "interview_date": dt.date(2026, 11, 20),
        "mistakes": [
            Reflection(
                category="Rambling",
                what_happened="Ten-minute intro",
                severity=3,
                next_time="Answer in two minutes: headline first, one example, stop",
            ),
            Reflection(category="Nerves", what_happened="Froze", next_time="Pause before answering"),
        ],
        "strengths": [
            Reflection(category="Rapport", what_happened="Shared a laugh", severity=1),
            Reflection(category="Technical depth", what_happened="Event sourcing trade-offs", severity=3),
            Reflection(category="Clear story", what_happened="Migration story", severity=2),
        ],
        "questions": [
            Question(text="Tell me about yourself", category="Behavioural", answer_rating=4),
            Question(text="What salary do you expect?", category="Salary/logistics", answer_rating=5),
            Question(text="How would you design a rate limiter?", category="Technical", answer_rating=4),
        ],
    }
    values.update(changes)
    return Debrief(**values)


@pytest.mark.parametrize("tone", ["warm", "formal"])
def test_the_draft_greets_by_name_names_a_topic_and_the_two_strongest_strengths(tone):
    text = compose_thank_you(interview(), JANE, tone=tone, channel="email", sender="Sam Lee")
    assert text.startswith("Hi Jane Doe," if tone == "warm" else "Dear Jane Doe,")
    assert "Backend engineer" in text
    assert "Acme Analytics" in text
    # best answered, technical before behavioural; never the salary question
    assert "“How would you design a rate limiter?”" in text
    assert "salary" not in text.lower()
    assert "my technical depth and my clear, structured answers" in text
    assert "rapport" not in text
    assert text.count("Thank you") == 2
    assert "grateful for the" in text
    assert text.endswith("Sam Lee")
    assert not APOLOGY.search(text)
    assert check_note(text, channel="email", interviewer_name="Jane Doe") == []


@pytest.mark.parametrize("tone", ["warm", "formal"])
@pytest.mark.parametrize("channel", ["email", "linkedin"])
@pytest.mark.parametrize("which", [0, 1])
def test_a_chosen_mistake_gets_exactly_one_apology_and_no_excuse(tone, channel, which):
    debrief = interview()
    mistake = debrief.mistakes[which]
    text = compose_thank_you(debrief, JANE, tone=tone, channel=channel, mistake_to_address=mistake)
    assert len(APOLOGY.findall(text)) == 1
    assert "nervous" not in text.lower()
    assert check_note(text, channel=channel, interviewer_name="Jane Doe") == []
    if channel == "email":
        turn = "I would answer in two minutes" if which == 0 else "I would pause before answering"
        assert turn in text


def test_a_mistake_without_next_time_still_turns_positive():
    mistake = Reflection(category="Salary misstep", what_happened="Named a number")
    text = compose_thank_you(interview(), JANE, mistake_to_address=mistake)
    assert (
        "I'm sorry I handled the salary question clumsily; on reflection, I have thought it through" in text
    )


def test_the_linkedin_note_fits_the_connection_note_limit_even_with_long_texts():
    long_debrief = interview(
        company="The Extraordinarily Long-Named International Consolidated Holding Company " * 2,
        role="Principal staff backend platform reliability engineer, payments and ledgers",
        questions=[Question(text="Walk me through " + "a very detailed system " * 10, category="Technical")],
    )
    for tone in ("warm", "formal"):
        text = compose_thank_you(
            long_debrief, JANE, tone=tone, channel="linkedin", mistake_to_address=long_debrief.mistakes[0]
        )
        assert note_length(text) <= LINKEDIN_NOTE_LIMIT
        assert "Jane Doe" in text
        assert len(APOLOGY.findall(text)) == 1
        assert not {
            finding.rule for finding in check_note(text, channel="linkedin", interviewer_name="Jane Doe")
        }


def test_without_questions_or_strengths_the_draft_stays_whole():
    text = compose_thank_you(interview(questions=[], strengths=[], role=""), JANE, tone="formal")
    assert "the position at Acme Analytics" in text
    assert check_note(text, channel="email", interviewer_name="Jane Doe") == []


names = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=60).filter(str.strip)
strength_texts = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=80).filter(str.strip)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=names,
    strength=strength_texts,
    tone=st.sampled_from(["warm", "formal"]),
    channel=st.sampled_from(["email", "linkedin"]),
)
def test_any_name_and_strength_text_give_a_note_that_passes_the_checker(name, strength, tone, channel):
    contact = Contact(name=name)
    debrief = interview(strengths=[Reflection(category=strength, severity=3)])
    text = compose_thank_you(
        debrief, contact, tone=tone, channel=channel, mistake_to_address=debrief.mistakes[0]
    )
    assert contact.name in text
    if channel == "linkedin":
        assert note_length(text) <= LINKEDIN_NOTE_LIMIT
    else:
        assert word_count(text) <= 200
    findings = check_note(text, channel=channel, interviewer_name=contact.name, strengths=[strength])
    assert not {finding.rule for finding in findings} & {"name", "thanks", "strength", "length"}


GOOD_NOTE = (
    "Hi Jane,\n\nThank you for your time on Tuesday. I enjoyed our talk about rate limiters, and I hope my "
    "technical depth came through. I'm sorry my answers ran long; I would now lead with the headline.\n\n"
    "I'm grateful for the chance to continue.\n\nSam"
)
BAD_NOTES = {
    "excuse": GOOD_NOTE.replace("ran long;", "ran long because I was nervous;"),
    "apologies": GOOD_NOTE.replace("Tuesday.", "Tuesday, and sorry for the late reply."),
    "thanks": GOOD_NOTE.replace("Thank you for your time", "It was good to meet").replace(
        "I'm grateful for the chance to continue", "I hope to continue"
    ),
    "strength": GOOD_NOTE.replace(", and I hope my technical depth came through", ""),
    "name": GOOD_NOTE.replace("Hi Jane,", "Hello,"),
}


@pytest.mark.parametrize("channel", ["email", "linkedin"])
def test_a_good_note_has_no_findings(channel):
    assert note_length(GOOD_NOTE) <= LINKEDIN_NOTE_LIMIT
    assert check_note(GOOD_NOTE, channel=channel, interviewer_name="Dr. Jane Doe") == []


@pytest.mark.parametrize("rule", sorted(BAD_NOTES))
def test_each_rule_fires_on_a_note_that_breaks_it_and_says_why_and_how_to_fix(rule):
    findings = check_note(BAD_NOTES[rule], channel="email", interviewer_name="Jane Doe")
    assert [finding.rule for finding in findings] == [rule]
    assert findings[0].why
    assert findings[0].fix


@pytest.mark.parametrize(
    ("excuse", "shown"),
    [
        ("because I’m so tired", "because I'm so tired"),
        ("I didn't have time to prepare", "I didn't have time"),
        ("I did not have enough time", "I did not have enough time"),
        ("the traffic was awful", "traffic"),
        ("it wasn't my fault", "wasn't my fault"),
    ],
)
def test_excuses_are_quoted_in_the_finding(excuse, shown):
    text = GOOD_NOTE.replace("I would now lead with the headline", excuse)
    findings = check_note(text, channel="email", interviewer_name="Jane")
    assert [finding.rule for finding in findings] == ["excuse"]
    assert f"“{shown}”" in findings[0].problem


def test_length_limits_are_words_for_email_and_characters_for_linkedin():
    long_email = GOOD_NOTE + " More detail here." * 70
    assert [f.rule for f in check_note(long_email, channel="email", interviewer_name="Jane")] == ["length"]
    over_linkedin = GOOD_NOTE + " 🚀" * 60  # an emoji counts two, as LinkedIn counts it
    finding = check_note(over_linkedin, channel="linkedin", interviewer_name="Jane")
    assert [f.rule for f in finding] == ["length"]
    assert "300" in finding[0].problem
    assert check_note(over_linkedin, channel="email", interviewer_name="Jane") == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Dear Dr. Doe, thank you", "Dr. Jane Doe"),
        ("王小明您好，thank you", "王小明"),
        ("Hi JOSÉ, thanks", "José"),
    ],
)
def test_the_name_is_found_in_any_of_its_forms(text, name):
    rules = {finding.rule for finding in check_note(text, channel="email", interviewer_name=name)}
    assert "name" not in rules


def test_contacts_are_validated_and_normalised():
    contact = Contact(
        name=" Jane \n Doe ", email="Jane@Example.COM", linkedin_url="linkedin.com/in/jane-doe/?trk=x"
    )
    assert contact.name == "Jane Doe"
    assert contact.email == "Jane@example.com"
    assert contact.linkedin_url == "https://www.linkedin.com/in/jane-doe"
    contacts, problems = contacts_from_rows(
        [
            {"name": "Ok Person", "linkedin_url": "https://de.linkedin.com/in/ok-person"},
            {"name": None, "title": None},  # an empty row is skipped
            {"name": "", "email": "not-an-address"},
            {"name": "Eve", "linkedin_url": "https://evil.example/in/eve"},
            {"name": "Co", "linkedin_url": "https://www.linkedin.com/company/acme"},
        ]
    )
    assert [contact.name for contact in contacts] == ["Ok Person"]
    assert problems[0] == "Contacts, row 3, Name: required."
    assert problems[1].startswith("Contacts, row 3, E-mail: not an e-mail address")
    assert problems[2].startswith("Contacts, row 4, LinkedIn profile: not a LinkedIn address")
    assert problems[3].startswith("Contacts, row 5, LinkedIn profile: not a LinkedIn profile")


def test_contacts_are_kept_with_their_interview(store):
    saved = repository.insert_debrief(store, make_debrief())
    other = repository.insert_debrief(store, make_debrief("Other"))
    save_contacts(store, saved.id, [JANE, Contact(name="李小龙 🚀 <b>x</b>")])
    save_contacts(store, other.id, [Contact(name="Someone Else")])
    assert contacts_for(store, saved.id) == [JANE, Contact(name="李小龙 🚀 <b>x</b>")]
    save_contacts(store, saved.id, [JANE])
    assert contacts_for(store, saved.id) == [JANE]
    assert [contact.name for contact in contacts_for(store, other.id)] == ["Someone Else"]


def test_the_eml_file_is_a_draft_mail_programs_read_back_exactly():
    body = "Hi Jöhn,\n\nThank you 🚀 for the chat.\n\nBest wishes,\nSam"
    data = note_as_eml(
        body=body, subject="Thank you — interview", to_name="Jöhn O'Brien, Jr.", to_email="john@example.com"
    )
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert message["To"].addresses[0].display_name == "Jöhn O'Brien, Jr."
    assert message["To"].addresses[0].addr_spec == "john@example.com"
    assert message["Subject"] == "Thank you — interview"
    assert message["X-Unsent"] == "1"
    assert message.get_content().replace("\r\n", "\n").rstrip("\n") == body
    assert all(byte < 128 for byte in data)  # 7-bit clean


def test_the_mailto_link_is_fully_encoded_and_decodes_to_the_note():
    body = "Hi Jane,\n\nThanks & 100% + more? #1\nSam"
    link = mailto_link(to_email="jane+jobs@acme.example", subject="Thank you: a & b", body=body)
    assert " " not in link
    assert "+" not in link.split("?", 1)[1]
    parts = urlsplit(link)
    assert parts.scheme == "mailto"
    assert unquote(parts.path) == "jane+jobs@acme.example"
    query = parse_qs(parts.query)
    assert query["subject"] == ["Thank you: a & b"]
    assert query["body"] == [body.replace("\n", "\r\n")]


def test_text_file_and_file_names():
    assert note_as_text("Hi 🚀").decode("utf-8") == "Hi 🚀\n"
    assert (
        note_file_name("Ünïcode <Co>/🚀", dt.date(2026, 1, 2), "eml") == "thank-you-unicode-co-2026-01-02.eml"
    )
    assert note_file_name("🚀", dt.date(2026, 1, 2), "txt") == "thank-you-interview-2026-01-02.txt"
    assert (
        note_subject(interview(role=""), "formal")
        == "Thank you for the interview for the position at Acme Analytics"
    )


def test_the_draft_is_kept_and_replaced_by_the_sent_note(store):
    saved = repository.insert_debrief(store, make_debrief())
    first = notes.Note("Jane Doe", "jane@acme.example", "warm", "email", 0, "Thanks", "Hi Jane, first")
    notes.save_draft(store, saved.id, first)
    second = notes.Note(
        "Jane Doe", "jane@acme.example", "formal", "email", None, "Thanks", "Dear Jane, second"
    )
    notes.save_draft(store, saved.id, second)
    assert notes.draft(store, saved.id) == second
    ticked = notes.mark_sent(
        store, saved.id, second, sent_on=dt.date(2026, 11, 21), via="email", today=dt.date(2026, 11, 21)
    )
    assert ticked  # the plan was started on the spot, and its thank-you step ticked off
    assert notes.draft(store, saved.id) is None
    assert notes.sent_notes(store, saved.id) == [notes.SentNote(second, dt.date(2026, 11, 21), "email")]
    with pytest.raises(ValueError, match="Unknown tone"):
        notes.Note("Jane", "", "angry", "email", None, "", "text")


def test_strength_phrases_skip_other_and_follow_impact():
    debrief = interview(
        strengths=[
            Reflection(category="Other", what_happened="x", severity=3),
            Reflection(category="Whiteboard sketches", severity=2),
            Reflection(category="STAR answers", severity=2),
        ]
    )
    assert strength_phrases(debrief) == ["my whiteboard sketches", "my STAR answers"]


@pytest.mark.parametrize(
    ("next_time", "turn"),
    [
        ("Answer in two minutes.", "I would answer in two minutes"),
        ("Two minutes, headline first", "my plan for next time: two minutes, headline first"),
        ("I'd lead with the result", "I'd lead with the result"),
        ("", "I have thought it through and would welcome the chance to show you a better answer"),
    ],
)
def test_the_positive_turn_reads_as_a_sentence_whatever_was_jotted(next_time, turn):
    assert positive_turn(Reflection(category="Rambling", next_time=next_time)) == turn


def test_each_rule_of_the_checker_is_one_small_function_that_finds_its_own_problem():
    bad_notes = {
        "excuse": "Hi Jane, thank you. I hope my skills came through. I was so nervous.",
        "apologies": "Hi Jane, thank you. I hope my skills came through. Sorry. I apologise.",
        "length": "Hi Jane, thank you. I hope my skills came through. " + "word " * 210,
        "thanks": "Hi Jane, I hope my skills came through.",
        "strength": "Hi Jane, thank you for your time.",
        "name": "Hi there, thank you. I hope my skills came through.",
    }
    good = "Hi Jane, thank you for your time. I hope my skills came through."
    assert [rule.__name__.strip("_") for rule in RULES] == [
        "excuses",
        "apologies",
        "length",
        "thanks",
        "strength",
        "name",
    ]
    assert check_note(good, channel="email", interviewer_name="Jane Doe") == []
    for rule, text in bad_notes.items():
        found = check_note(text, channel="email", interviewer_name="Jane Doe")
        assert [finding.rule for finding in found] == [rule], rule
