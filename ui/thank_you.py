"""The thank-you note page's parts: the interview, who interviewed you, the draft and its checks, sending."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from debrief import notes, repository, settings
from debrief.capture import rows_from_frame
from debrief.contacts import CONTACT_COLUMNS, Contact, contacts_for, contacts_from_rows, save_contacts
from debrief.models import MAX_NAME_LENGTH, MAX_TEXT_LENGTH, Debrief
from debrief.note_checks import EMAIL_WORD_LIMIT, LINKEDIN_NOTE_LIMIT, check_note, note_length, word_count
from debrief.note_composer import compose_thank_you, note_subject, strength_phrases
from debrief.note_exports import mailto_link, note_as_eml, note_as_text, note_file_name
from debrief.store import Store, StoreError
from debrief.vocabulary import CHANNELS, NOTE_CHANNELS, TONES
from ui.fields import warn_if_too_long
from ui.interview_picker import open_picked, show_no_match
from ui.keys import widget_keys
from ui.setup import FOLLOW_UPS, flash, page_link
from ui.text import plain

STATE = "thank_you"
_key = widget_keys(STATE)
SENDER_SETTING = "note_sender_name"
# Some mail programs cut a mailto: link longer than about 2,000 characters.
MAILTO_SAFE_LENGTH = 1900
NO_MISTAKE = -1  # a selectbox shows None as "nothing chosen yet", so "no apology" needs a value of its own
_CONTACT_LABELS = {name: Contact.model_fields[name].title for name in CONTACT_COLUMNS}


def choose_interview(store: Store) -> Debrief | None:
    """The interview the note is about (kept in the URL as `?id=`), or None with a hint drawn."""
    search = st.text_input(
        "Find the interview", key=_key("search"), placeholder="Company, role, or any word from the debrief"
    )
    result = repository.search_interviews(store, search)
    show_no_match(result, search)
    return open_picked(store, result, hint="Choose the interview you want to thank someone for.")


_NEW_CONTACT = {
    "name": ("Name", MAX_NAME_LENGTH, "Required"),
    "title": ("Title", MAX_NAME_LENGTH, "e.g. Engineering manager"),
    "email": ("E-mail", MAX_NAME_LENGTH, None),
    "linkedin_url": ("LinkedIn profile", MAX_NAME_LENGTH, "https://www.linkedin.com/in/…"),
    "notes": ("Notes", MAX_TEXT_LENGTH, None),
}
_NEW_CONTACT_KEYS = {
    "name": "new_name",
    "title": "new_title",
    "email": "new_email",
    "linkedin_url": "new_linkedin",
    "notes": "new_notes",
}


def _add_contact(store: Store, debrief: Debrief, contacts: list[Contact]) -> None:
    """Runs before the page is drawn again: a contact that passes is saved and the boxes emptied; one
    that does not keeps everything typed, with the reasons."""
    state = st.session_state
    values = {name: state.get(_key(key)) or "" for name, key in _NEW_CONTACT_KEYS.items()}
    added, problems = contacts_from_rows([values])
    if problems or not added:
        state[_key("contact_problems")] = problems or ["Contacts: type at least a name."]
        return
    try:
        save_contacts(store, debrief.id, [*contacts, *added])
    except StoreError as error:
        state[_key("contact_problems")] = [str(error)]
        return
    for key in _NEW_CONTACT_KEYS.values():
        state[_key(key)] = ""
    flash(STATE, f"Added {added[0].name}.")
    state[_key("contacts_generation")] = state.get(_key("contacts_generation"), 0) + 1


def _add_contact_form(store: Store, debrief: Debrief, contacts: list[Contact]) -> None:
    with st.form(_key("add_contact", debrief.id), border=not contacts):
        name, title = st.columns(2)
        email, linkedin = st.columns(2)
        places = {"name": name, "title": title, "email": email, "linkedin_url": linkedin, "notes": st}
        for field, (label, limit, placeholder) in _NEW_CONTACT.items():
            with places[field].container():
                typed = st.text_input(label, placeholder=placeholder, key=_key(_NEW_CONTACT_KEYS[field]))
                warn_if_too_long(label, typed, limit)
        st.form_submit_button(
            "Add contact", icon="➕", on_click=_add_contact, args=(store, debrief, contacts)
        )
    problems = st.session_state.pop(_key("contact_problems"), None)
    if problems:
        st.error("Not added yet. Please fix:\n" + "\n".join(f"- {plain(reason)}" for reason in problems))


def _contacts_table(store: Store, debrief: Debrief, contacts: list[Contact]) -> None:
    """The saved contacts, editable in place; a Save button appears once something changed."""
    generation = st.session_state.get(_key("contacts_generation"), 0)
    frame = pd.DataFrame([contact.model_dump() for contact in contacts], columns=list(CONTACT_COLUMNS))
    edited = st.data_editor(
        frame.astype(object),
        key=_key("contacts", debrief.id, generation),
        num_rows="dynamic",
        hide_index=True,
        column_order=list(CONTACT_COLUMNS),
        column_config={name: st.column_config.TextColumn(label) for name, label in _CONTACT_LABELS.items()},
        placeholder="",
    )
    rows = rows_from_frame(edited, CONTACT_COLUMNS)
    changed, problems = contacts_from_rows(rows)
    if not problems and changed == contacts:
        return
    st.caption("You changed the contacts: save to keep the changes.")
    if st.button("Save contacts", type="primary", key=_key("save_contacts")):
        if problems:
            st.error(
                "Not saved yet. Please fix:\n" + "\n".join(f"- {plain(problem)}" for problem in problems)
            )
            return
        save_contacts(store, debrief.id, changed)
        st.session_state[_key("contacts_generation")] = generation + 1
        flash(STATE, "Saved the contacts.")
        st.rerun()


def show_contacts(store: Store, debrief: Debrief) -> list[Contact]:
    """Who interviewed you: a quick-add form and the table of saved contacts. Returns the saved ones."""
    st.subheader("Who interviewed you")
    contacts = contacts_for(store, debrief.id)
    if contacts:
        _contacts_table(store, debrief, contacts)
        with st.expander("Add another contact"):
            _add_contact_form(store, debrief, contacts)
    else:
        st.caption("Add the interviewer: the note greets them by name, and follow-ups list them.")
        _add_contact_form(store, debrief, contacts)
    return contacts


def _load_choices(store: Store, debrief: Debrief, contacts: list[Contact]) -> None:
    """Set the note's widgets from the interview's saved draft, or from the defaults."""
    state = st.session_state
    saved = notes.draft(store, debrief.id)
    names = [contact.name for contact in contacts]
    state[_key("recipient")] = names.index(saved.recipient) if saved and saved.recipient in names else 0
    state[_key("tone")] = saved.tone if saved else "warm"
    state[_key("channel")] = saved.channel if saved else "email"
    position = saved.mistake_position if saved else None
    known = position is not None and position < len(debrief.mistakes)
    state[_key("mistake")] = position if known else NO_MISTAKE
    if saved is not None:
        state[_key("body")] = saved.body
    else:
        state.pop(_key("body"), None)
    state[_key("sender")] = settings.get_setting(store, SENDER_SETTING) or ""
    state[_key("saved_draft")] = saved
    state[_key("composed_for")] = None
    state[_key("composed")] = None
    state[_key("loaded")] = debrief.id


def _remember_sender(store: Store) -> None:
    settings.set_setting(store, SENDER_SETTING, st.session_state[_key("sender")].strip())


def _mistake_label(debrief: Debrief, position: int) -> str:
    if position == NO_MISTAKE:
        return "None: no apology"
    mistake = debrief.mistakes[position]
    detail = f": {mistake.what_happened}" if mistake.what_happened else ""
    label = f"{mistake.category}{detail}"
    return label if len(label) <= 90 else label[:89] + "…"


def _choices(store: Store, debrief: Debrief, contacts: list[Contact]) -> None:
    recipient, tone, channel = st.columns([2, 1, 2])
    # Labels as dicts: their bound .get pickles, which Streamlit's serializable session state requires.
    recipients = {index: " · ".join(filter(None, (c.name, c.title))) for index, c in enumerate(contacts)}
    recipient.selectbox(
        "Note to",
        list(recipients),
        format_func=recipients.get,
        key=_key("recipient"),
    )
    tone.radio("Tone", list(TONES), format_func=TONES.get, key=_key("tone"), horizontal=True)
    channel.radio(
        "Channel",
        list(NOTE_CHANNELS),
        format_func=NOTE_CHANNELS.get,
        key=_key("channel"),
        horizontal=True,
        help=f"A LinkedIn connection-request note can hold {LINKEDIN_NOTE_LIMIT} characters.",
    )
    mistake, sender = st.columns([3, 2])
    mistakes = {
        position: _mistake_label(debrief, position)
        for position in (NO_MISTAKE, *range(len(debrief.mistakes)))
    }
    mistake.selectbox(
        "Mistake to address",
        list(mistakes),
        format_func=mistakes.get,
        key=_key("mistake"),
        help="At most one: a short sentence that owns it, with no excuse, and says what you would do now "
        "(from its “What I'd say next time”).",
    )
    with sender:
        signed = st.text_input(
            "Sign with your name",
            key=_key("sender"),
            on_change=_remember_sender,
            args=(store,),
            placeholder="Used to sign e-mails",
        )
        warn_if_too_long("Sign with your name", signed, MAX_NAME_LENGTH)


def _rewrite(composed: str) -> None:
    st.session_state[_key("body")] = composed


def _findings(body: str, channel: str, debrief: Debrief, recipient: Contact) -> None:
    strengths = [
        *strength_phrases(debrief, limit=len(debrief.strengths)),
        *(s.category for s in debrief.strengths),
    ]
    findings = check_note(body, channel=channel, interviewer_name=recipient.name, strengths=strengths)
    st.markdown("**Checks**")
    if channel == "linkedin":
        st.caption(
            f"{note_length(body)} / {LINKEDIN_NOTE_LIMIT} characters (LinkedIn's connection-note limit)"
        )
    else:
        st.caption(f"{word_count(body)} words (keep it to about {EMAIL_WORD_LIMIT})")
    if not findings:
        st.success(
            "Nothing the method warns against: no excuses, at most one apology, short, thanks, a strength, "
            "their name.",
            icon="👍",
        )
    for finding in findings:
        st.warning(
            f"**{plain(finding.problem)}**  \n{plain(finding.why)}  \n*Fix:* {plain(finding.fix)}", icon="⚠️"
        )


def _draft(store: Store, debrief: Debrief, contacts: list[Contact]) -> notes.Note:
    """The editable draft beside its checks; returns the note as it stands."""
    state = st.session_state
    recipient = contacts[state[_key("recipient")]]
    position = None if state[_key("mistake")] == NO_MISTAKE else state[_key("mistake")]
    tone, channel = state[_key("tone")], state[_key("channel")]
    composed = compose_thank_you(
        debrief,
        recipient,
        tone=tone,
        channel=channel,
        mistake_to_address=None if position is None else debrief.mistakes[position],
        sender=state[_key("sender")],
    )
    choice = (debrief.id, state[_key("recipient")], tone, channel, position, state[_key("sender")])
    edited = _key("body") in state and state[_key("body")] != state[_key("composed")]
    if state[_key("composed_for")] != choice:
        if not edited:
            state[_key("body")] = composed
        state[_key("sent_via")] = channel  # "Sent by" follows the channel chosen for the note
        state[_key("composed_for")], state[_key("composed")] = choice, composed
    draft_column, checks_column = st.columns([3, 2], gap="large")
    with draft_column:
        body = st.text_area("Your note (edit freely)", key=_key("body"), height=340)
        warn_if_too_long("Your note", body, MAX_TEXT_LENGTH)
        if body != composed:
            st.caption("Edited by you: new choices above do not rewrite it.")
            st.button(
                "Start again from the debrief",
                key=_key("rewrite"),
                on_click=_rewrite,
                args=(composed,),
                icon="🔄",
            )
    with checks_column:
        _findings(body, channel, debrief, recipient)
    note = notes.Note(
        recipient.name, recipient.email, tone, channel, position, note_subject(debrief, tone), body
    )
    saved = state[_key("saved_draft")]
    if body != composed and note != saved:
        notes.save_draft(store, debrief.id, note)
        state[_key("saved_draft")] = note
    elif body == composed and saved is not None:
        notes.discard_draft(store, debrief.id)
        state[_key("saved_draft")] = None
    return note


def _send(store: Store, debrief: Debrief, recipient: Contact, note: notes.Note, today: dt.date) -> None:
    st.subheader("Send it")
    with st.expander("Copy-ready text (the copy button is at its top right)"):
        st.code(note.body, language=None, wrap_lines=True)
    buttons = st.columns(4)
    buttons[0].download_button(
        "Download .txt",
        note_as_text(note.body),
        file_name=note_file_name(debrief.company, debrief.interview_date, "txt"),
        mime="text/plain",
        key=_key("download_txt"),
        on_click="ignore",
        icon="📄",
    )
    if note.channel == "email":
        buttons[1].download_button(
            "Download .eml",
            note_as_eml(
                body=note.body, subject=note.subject, to_name=recipient.name, to_email=recipient.email
            ),
            file_name=note_file_name(debrief.company, debrief.interview_date, "eml"),
            mime="message/rfc822",
            key=_key("download_eml"),
            on_click="ignore",
            icon="✉️",
            help="Opens in your mail program as a draft, ready to send.",
        )
        link = mailto_link(to_email=recipient.email, subject=note.subject, body=note.body)
        buttons[2].link_button("Open in your mail app", link, icon="📧")
        if not recipient.email:
            st.caption("Add their e-mail address to the contact to fill in the To: line.")
        if len(link) > MAILTO_SAFE_LENGTH:
            st.caption(
                "This note is long for a mail link, which some mail apps cut: the .eml download is whole."
            )
    elif recipient.linkedin_url:
        buttons[1].link_button("Open their LinkedIn profile", recipient.linkedin_url, icon="🔗")
    else:
        st.caption("Add their LinkedIn profile to the contact for a link to it here.")
    sent_on, via, mark = st.columns([1, 2, 1], vertical_alignment="bottom")
    sent_day = sent_on.date_input(
        "Sent on", value=today, max_value=today, key=_key("sent_on"), format="YYYY-MM-DD"
    )
    channel = via.radio(
        "Sent by",
        list(NOTE_CHANNELS),
        format_func=CHANNELS.get,
        key=_key("sent_via"),
        horizontal=True,
    )
    if mark.button("Mark as sent", type="primary", key=_key("mark_sent"), icon="✅"):
        try:
            ticked = notes.mark_sent(store, debrief.id, note, sent_on=sent_day, via=channel, today=today)
        except (StoreError, ValueError) as error:
            st.error(plain(str(error)))
            return
        follow_up = " The thank-you follow-up is ticked off." if ticked else ""
        flash(STATE, f"Marked as sent to {recipient.name} on {sent_day:%d %b %Y}.{follow_up}")
        st.session_state[_key("loaded")] = None
        st.rerun()


def show_sent_notes(store: Store, debrief: Debrief) -> None:
    sent = notes.sent_notes(store, debrief.id)
    if not sent:
        return
    st.markdown("**Sent**")
    for item in sent:
        label = f"To {item.note.recipient} on {item.sent_on:%d %b %Y} by {CHANNELS[item.sent_via]}"
        with st.expander(plain(label), icon="✅"):
            st.text(item.note.body)
    page_link(FOLLOW_UPS, "See your follow-ups")


def show_note(store: Store, debrief: Debrief, contacts: list[Contact], today: dt.date) -> None:
    """Choices, the editable draft with its checks, and the ways to send it; plus the notes already sent."""
    st.subheader("Your note")
    show_sent_notes(store, debrief)
    if st.session_state.get(_key("loaded")) != debrief.id or _key("tone") not in st.session_state:
        _load_choices(store, debrief, contacts)
    if st.session_state[_key("recipient")] >= len(contacts):
        st.session_state[_key("recipient")] = 0
    _choices(store, debrief, contacts)
    note = _draft(store, debrief, contacts)
    _send(store, debrief, contacts[st.session_state[_key("recipient")]], note, today)
