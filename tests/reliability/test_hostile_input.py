"""Guarantee: hostile input in every free-text field and in imports is stored exactly and shown back as
text; CSV exports neutralise cells that start with =, +, -, @, a tab or a carriage return."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from pydantic import ValidationError

from debrief import follow_ups, notes, repository
from debrief.capture import debrief_from_form, form_from_debrief
from debrief.contacts import Contact, contacts_for, save_contacts
from debrief.csv_export import FORMULA_STARTS
from debrief.models import (
    MAX_NAME_LENGTH,
    Debrief,
    InterviewerEvaluation,
    Question,
    Reflection,
    describe_errors,
)
from debrief.notes import Note
from debrief.question_sheet import plan_question_sheet
from debrief.store import Store
from debrief.transfer import (
    ImportFileError,
    apply_import,
    export_zip,
    plan_import,
    read_export,
    read_tables,
)
from tests.conftest import assert_no_exception, make_debrief, open_page
from tests.reliability.generate import HOSTILE_TEXTS, TODAY
from ui.text import plain

SHORT_FIELDS = ("company", "role", "round", "format", "outcome")
# Every free-text field of a debrief, as (where, field).
TEXT_FIELDS = (
    *(("debrief", name) for name in (*SHORT_FIELDS, "notes")),
    ("mistake", "category"),
    ("mistake", "what_happened"),
    ("mistake", "next_time"),
    ("strength", "category"),
    ("strength", "what_happened"),
    ("interviewer", "notes"),
    ("question", "text"),
    ("question", "notes"),
    ("question", "better_answer"),
)
FORMULA_TEXTS = ["=1+1", "+1+1", "-1+1", "@SUM(1,1)", "\t=1+1", "\r=1+1", '=HYPERLINK("http://x","y")']


def fits(text: str, field: str) -> bool:
    return len(text) <= MAX_NAME_LENGTH or field not in (*SHORT_FIELDS, "category")


def hostile_debrief(text: str) -> Debrief:
    """`text` in every free-text field it fits in (short fields hold 200 characters)."""

    def short(label: str) -> str:
        return text if len(text) <= MAX_NAME_LENGTH else label

    return Debrief(
        company=short("Paste Ltd"),
        role=short("Role"),
        interview_date="2026-05-20",
        round=short("Round"),
        format=short("Format"),
        outcome=short("Outcome"),
        notes=text,
        mistakes=[Reflection(category=short("Rambling"), what_happened=text, severity=3, next_time=text)],
        strengths=[Reflection(category=short("Rapport"), what_happened=text, severity=1)],
        evaluation=InterviewerEvaluation(notes=text),
        questions=[Question(text=text, category="Behavioural", notes=text, better_answer=text)],
    )


def _steps_four_and_five(store: Store, interview_id: int, text: str) -> int:
    """`text` in the contact, thank-you note and follow-up fields; how many fields were tried."""
    tidy = " ".join(text.split())  # names and titles are kept on one line, for e-mail headers
    if len(tidy) <= MAX_NAME_LENGTH:
        save_contacts(store, interview_id, [Contact(name=tidy, title=tidy, notes=text)])
        assert contacts_for(store, interview_id) == [Contact(name=tidy, title=tidy, notes=text)]
    else:
        save_contacts(store, interview_id, [Contact(name="Jane", notes=text)])
        assert contacts_for(store, interview_id)[0].notes == text
    note = Note(text, "", "warm", "email", None, text, text)
    notes.save_draft(store, interview_id, note)
    assert notes.draft(store, interview_id) == note
    with store.cursor() as cursor:
        step = cursor.execute(
            "SELECT id FROM follow_ups WHERE interview_id = ? AND status = 'open' ORDER BY id LIMIT 1",
            [interview_id],
        ).fetchall()[0][0]
    follow_ups.mark_done(store, step, via="email", done_on=TODAY, note=text)
    with store.cursor() as cursor:
        stored = cursor.execute("SELECT note FROM follow_ups WHERE id = ?", [step]).fetchall()[0][0]
    assert stored == text
    return 7  # contact name, title, notes; note recipient, subject, body; follow-up note


def test_hostile_text_in_every_free_text_field_is_stored_exactly(store, summary):
    tried = refused = 0
    for name, text in HOSTILE_TEXTS.items():
        saved = repository.insert_debrief(store, hostile_debrief(text), today=TODAY)
        assert repository.get_debrief(store, saved.id) == saved, name
        tried += sum(fits(text, field) for _, field in TEXT_FIELDS)
        for field in SHORT_FIELDS:  # too long for a short field: refused with the field's name, not cut
            if not fits(text, field):
                with pytest.raises(ValidationError) as raised:
                    debrief_from_form({**form_from_debrief(saved), field: text})
                assert any(
                    "too long: at most 200 characters" in line for line in describe_errors(raised.value)
                )
                refused += 1
        category = repository.add_category(store, "strength", text) if len(text) <= 80 else None
        if category is not None:
            assert category == " ".join(text.split())  # names are tidied the same way for everyone
            tried += 1
        repository.save_draft(store, f"draft-{name}", saved.id, {"form": {"notes": text}})
        assert repository.load_draft(store, f"draft-{name}").payload["form"]["notes"] == text
        tried += 1
        tried += _steps_four_and_five(store, saved.id, text)
    copy = Store(":memory:")
    apply_import(copy, plan_import(read_export(export_zip(store)), "export"))
    assert read_tables(copy) == read_tables(store)
    copy.close()
    summary(
        f"hostile input: {len(HOSTILE_TEXTS)} payloads (HTML, <script>, markdown, 10,000-character paste, "
        f"emoji, right-to-left, NUL, SQL, formula) x {len(TEXT_FIELDS)} debrief fields, 7 contact, note and "
        "follow-up fields, categories and drafts: "
        f"{tried} inputs stored exactly and exported/imported exactly (contact names and titles and category "
        f"names kept on one line by design), {refused} too long for a short field refused with a message; "
        "inputs changed otherwise: 0"
    )


def _html_allowed(app) -> list[str]:
    """Markdown elements that would render raw HTML (`unsafe_allow_html`); headings and alerts never do."""
    return [element.value for element in (*app.markdown, *app.caption) if element.proto.allow_html]


def _safe(app, name: str):
    """`app` after a run that raised nothing and let no markdown element render HTML."""
    assert_no_exception(app)
    assert _html_allowed(app) == [], name
    return app


def _check_debrief_pages(saved: Debrief, text: str, name: str) -> None:
    app = _safe(open_page("pages/2_Interviews.py", query={"id": str(saved.id)}), name)
    assert plain(f"{saved.company} · {saved.role}") in [header.value for header in app.subheader], name
    frames = {tuple(frame.value.columns): frame.value for frame in app.dataframe}
    cells = {str(value) for frame in frames.values() for value in frame.to_numpy().ravel()}
    assert text in cells, f"{name}: not shown verbatim in the tables"
    assert [element.value for element in app.text] == [text, text], name  # interviewer and own notes

    form = _safe(open_page("pages/1_New_debrief.py", query={"id": str(saved.id)}), name)
    assert form.title[0].value == f"Edit debrief: {plain(saved.company)}"
    assert form.text_input(key="capture.company").value == saved.company
    assert form.text_area(key="capture.notes").value == text
    assert form.session_state["capture.rows.questions"][0]["better_answer"] == text


def _check_note_page(contact: Contact, saved: Debrief, text: str, name: str) -> None:
    """The thank-you note page of `saved`, whose contact and draft hold `text`; then the note marked sent,
    then edited so that the contact's name is missing from it."""
    app = _safe(open_page("pages/5_Thank_you_note.py", query={"id": str(saved.id)}), name)
    assert app.dataframe[0].value.to_dict("records") == [contact.model_dump()], name  # contacts table
    assert app.selectbox(key="thank_you.recipient").options == [
        " · ".join(filter(None, (contact.name, contact.title)))
    ], name
    assert app.text_area(key="thank_you.body").value == text, name
    assert [element.value for element in app.code] == [text], name  # the copy-ready text

    day = f"{app.date_input(key='thank_you.sent_on').value:%d %b %Y}"
    _safe(app.button(key="thank_you.mark_sent").click().run(), name)
    assert app.success[0].value == plain(f"Marked as sent to {contact.name} on {day}."), name
    sent = plain(f"To {contact.name} on {day} by E-mail")
    assert sent in [element.label for element in app.expander], name
    assert [element.value for element in app.text] == [text], name  # the note sent

    _safe(app.text_area(key="thank_you.body").input("Thank you for your time.").run(), name)
    missing = plain(f"The interviewer's name ({contact.name}) is missing")
    assert any(missing in warning.value for warning in app.warning), name


def _check_follow_ups_page(store: Store, saved: list[Debrief]) -> None:
    """The Follow-ups page with every hostile interview's check-in due and thank-you done, then with every
    plan stopped."""
    agenda = _safe(open_page("pages/6_Follow_ups.py"), "follow-ups")
    due = [
        line.value.split(" · **Check-in** · ")[1] for line in agenda.markdown if "**Check-in**" in line.value
    ]
    people = {debrief.id: contacts_for(store, debrief.id)[0].name for debrief in saved}
    assert sorted(due) == sorted(plain(f"{d.company} · {d.role} · {people[d.id]}") for d in saved)
    done = agenda.dataframe[0].value  # done recently
    assert sorted(done["note"]) == sorted(HOSTILE_TEXTS.values())
    assert sorted(done["company"]) == sorted(debrief.company for debrief in saved)

    for debrief in saved:
        follow_ups.stop_plan(store, debrief.id, TODAY)
    stopped = _safe(open_page("pages/6_Follow_ups.py"), "follow-ups, stopped")
    lines = [line.value for line in stopped.markdown if " · interview " in line.value]
    when = f"stopped on {TODAY:%d %b %Y}"
    assert sorted(lines) == sorted(
        f"{plain(f'{d.company} · {d.role}')} · interview {d.interview_date:%d %b %Y} · {when}" for d in saved
    )


def test_hostile_text_is_shown_back_as_text(database, summary):
    store = Store(database)
    saved, views, reruns = [], 0, 0
    for name, text in HOSTILE_TEXTS.items():
        debrief = repository.insert_debrief(store, hostile_debrief(text), today=TODAY)
        saved.append(debrief)
        _check_debrief_pages(debrief, text, name)
        _steps_four_and_five(store, debrief.id, text)
        _check_note_page(contacts_for(store, debrief.id)[0], debrief, text, name)
        views += 3  # Interviews, New debrief, Thank-you note
        reruns += 2  # the note marked sent, then edited
    _check_follow_ups_page(store, saved)
    views += 2  # plans running, then stopped
    summary(
        f"shown as text: {len(HOSTILE_TEXTS)} hostile debriefs, with their contacts, thank-you notes and "
        f"follow-ups, opened on 4 pages ({views} page views, {reruns} reruns marking a note sent and editing "
        "it): markdown with HTML allowed: 0, text shown verbatim in tables, text areas, inputs, choice lists "
        "and code, escaped in headings, follow-up lines, alerts and expander labels"
    )


def _csv_cells(archive: zipfile.ZipFile, tables: tuple[str, ...] | None = None) -> list[str]:
    """Every cell of the export's CSV files (of `tables` only, if given)."""
    cells = []
    for name in archive.namelist():
        if name.endswith(".csv") and (tables is None or name.removesuffix(".csv") in tables):
            text = archive.read(name).decode("utf-8")
            assert text.startswith("\ufeff"), f"{name}: no byte-order mark for Excel"
            cells.extend(cell for row in csv.reader(io.StringIO(text[1:], newline="")) for cell in row)
    return cells


def test_csv_exports_neutralise_formula_cells_and_the_json_keeps_them_exact(store, summary):
    # Rows imported from an export keep leading tabs and returns (the form would trim them).
    document = json.loads(json.dumps(read_export(export_zip(store))))
    saved = make_debrief("Formula Ltd")
    for number, text in enumerate(FORMULA_TEXTS, start=1):
        document["tables"]["interviews"].append(
            {
                "id": number,
                "company": text,
                "role": text,
                "interview_date": "2026-01-01",
                "notes": text,
                "created_at": "2026-01-01T10:00:00",
                "updated_at": "2026-01-01T10:00:00",
            }
        )
        document["tables"]["questions"].append(
            {"id": number, "interview_id": number, "position": 0, "text": text, "category": "Technical"}
        )
    plan = plan_import(document, "formulas")
    assert plan.ok, plan.problems
    apply_import(store, plan)
    repository.insert_debrief(store, saved)

    archive = zipfile.ZipFile(io.BytesIO(export_zip(store)))
    cells = _csv_cells(archive)
    dangerous = [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    assert dangerous == []
    written = _csv_cells(archive, ("interviews", "questions"))  # the fields the formulas were put in
    neutralised = [cell for cell in written if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS)]
    assert len(neutralised) == 4 * len(FORMULA_TEXTS)  # company, role, notes, question text
    exact = json.loads(archive.read("debrief.json"))["tables"]
    assert [row["company"] for row in exact["interviews"][: len(FORMULA_TEXTS)]] == FORMULA_TEXTS
    summary(
        f"CSV formulas: {len(FORMULA_TEXTS)} formula texts (=, +, -, @, tab, CR) in 4 fields: "
        f"{len(neutralised)} CSV cells neutralised, formula cells left: 0; JSON copy exact"
    )


def test_hostile_text_in_a_spreadsheet_import_is_stored_exactly_and_previewed_as_text(database, summary):
    rows = [
        {"Date": "2026-02-02", "Company": f"Company {name}", "Question": text, "Category": "Technical",
         "Notes": text, "Better answer": text}
        for name, text in HOSTILE_TEXTS.items()
    ] + [
        {"Date": "2026-02-03", "Company": "'" + text, "Question": "'" + text, "Category": "Technical",
         "Notes": "", "Better answer": ""}
        for text in FORMULA_TEXTS if text.strip() == text
    ]  # fmt: skip
    sheet = io.StringIO()
    writer = csv.DictWriter(sheet, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    data = sheet.getvalue().encode("utf-8")

    app = open_page("pages/7_Data.py")
    app.file_uploader(key="data.import_file").set_value(("hostile <b>sheet</b>.csv", data, "text/csv")).run()
    assert_no_exception(app)
    assert _html_allowed(app) == []
    assert "**Preview of hostile \\<b\\>sheet\\</b\\>\\.csv**" in [element.value for element in app.markdown]
    preview = next(frame.value for frame in app.dataframe if "Question" in frame.value.columns)
    assert list(preview["Question"])[: len(HOSTILE_TEXTS)] == list(HOSTILE_TEXTS.values())
    app.button(key="data.confirm_import").click().run()
    assert_no_exception(app)

    store = Store(database)
    texts = [row[3] for row in read_tables(store)["questions"][1]]
    assert texts[: len(HOSTILE_TEXTS)] == list(HOSTILE_TEXTS.values())
    # A neutralised cell (as Debrief's own CSV exports write them) comes back as it was typed.
    assert texts[len(HOSTILE_TEXTS) :] == [text for text in FORMULA_TEXTS if text.strip() == text]
    summary(
        f"hostile import: a spreadsheet of {len(rows)} hostile rows previewed as text and imported: "
        f"{len(rows)} questions stored exactly, neutralised formula cells restored as typed; changed: 0"
    )


def _refusal(data: bytes) -> str:
    """Why a spreadsheet cannot be imported (empty if it can)."""
    try:
        plan = plan_question_sheet(data, "bad.csv")
    except ImportFileError as error:
        return str(error)
    return " | ".join(str(problem) for problem in plan.problems)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (bytes(range(256)) * 4, "not text"),
        (b"%PDF-1.4 a document, not a sheet", "missing: Date, Company, Question, Category"),
        (b"Date,Company\n2026-01-01,Acme\n", "missing: Question, Category"),
        (b"Date,Company,Question,Category\n", "no questions"),
        (b"Date,Company,Question,Category\n2026-01-01,Acme," + b"x" * 20_001 + b",Technical\n", "too long"),
        (b"Date,Company,Question,Category\n2026-01-01,Acme,\x00'; DROP TABLE questions;--,SQL\n", "unknown"),
    ],
)
def test_a_malformed_spreadsheet_is_refused_plainly(data, reason):
    assert reason in _refusal(data)
