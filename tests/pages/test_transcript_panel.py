"""New debrief from a call transcript: upload, say which speaker you are, add the questions found, take
or dismiss the Rambling suggestion, save; bad files get a plain message."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from debrief import repository
from debrief.store import Store
from debrief.transcripts.analysis import analyse
from debrief.transcripts.reading import read_transcript
from tests.conftest import ROOT, assert_no_exception, open_page, upload

PAGE = "pages/1_New_debrief.py"
ZOOM_CALL = ROOT / "tests" / "fixtures" / "transcripts" / "dev" / "01_zoom_vtt_recruiter_backend_engineer.vtt"
UPLOADER = "transcript.file.0"


def _widget(elements, prefix: str):
    [found] = [element for element in elements if element.key and element.key.startswith(prefix)]
    return found


def _saved(database: Path):
    store = Store(database)
    [row] = repository.search_interviews(store).rows.itertuples()
    return repository.get_debrief(store, row.id)


def _upload_call(app: AppTest) -> None:
    upload(app, UPLOADER, ZOOM_CALL.name, ZOOM_CALL.read_bytes())


def test_the_questions_of_a_transcript_prefill_the_debrief_and_its_figures_are_saved(database):
    app = open_page(PAGE)
    _upload_call(app)
    expected = analyse(read_transcript(ZOOM_CALL.read_bytes(), ZOOM_CALL.name))
    speaker = _widget(app.radio, "transcript.me.")
    assert speaker.label == "Which one is you?"
    assert speaker.value == expected.me == "Daniel Osei"  # the guess: who talks most
    assert next(metric.value for metric in app.get("metric") if metric.label == "Questions found") == str(
        len(expected.questions)
    )
    _widget(app.button, "transcript.add.").click().run()
    assert_no_exception(app)
    assert any(
        f"Added {len(expected.questions)} questions to section 3" in text.value for text in app.success
    )
    app.text_input(key="capture.company").input("Brightwave").run()
    app.button(key="capture.save").click().run()
    assert_no_exception(app)
    saved = _saved(database)
    assert [question.text for question in saved.questions] == [
        question.text for question in expected.questions
    ]
    assert all(question.notes.startswith("My answer, from the transcript (") for question in saved.questions)
    assert saved.transcript is not None
    assert saved.transcript.kept_text is None  # not ticked: only the figures
    assert [answer.answer_words for answer in saved.transcript.answers] == [
        question.answer_words for question in expected.questions
    ]
    assert saved.transcript.my_words == expected.my_words


def test_a_long_answer_suggests_rambling_and_the_kept_transcript_is_saved_with_the_debrief(database):
    app = open_page(PAGE)
    _upload_call(app)
    _widget(app.checkbox, "transcript.keep.").check()
    _widget(app.button, "transcript.add.").click().run()
    suggestion = next(info.value for info in app.info if "From the transcript" in info.value)
    assert "ran 2 min" in suggestion
    assert "Add a Rambling mistake?" in suggestion
    app.button(key="capture.long_answers.accept").click().run()
    assert_no_exception(app)
    assert not any("From the transcript" in info.value for info in app.info)  # decided: no longer asked
    app.text_input(key="capture.company").input("Brightwave").run()
    app.button(key="capture.save").click().run()
    saved = _saved(database)
    [rambling] = saved.mistakes
    assert rambling.category == "Rambling"
    assert "ran 2 min" in rambling.what_happened
    assert saved.transcript.long_answers == "accepted"
    assert saved.transcript.kept_text.startswith("[0:")


def test_the_suggestion_can_be_dismissed_and_stays_dismissed_after_a_refresh(database):
    app = open_page(PAGE)
    _upload_call(app)
    _widget(app.button, "transcript.add.").click().run()
    app.button(key="capture.long_answers.dismiss").click().run()
    assert not any("From the transcript" in info.value for info in app.info)
    [draft] = repository.list_drafts(Store(database))
    assert draft.payload["form"]["transcript"]["long_answers"] == "dismissed"
    # A refresh (a new session on the same draft) brings the questions and the decision back.
    again = open_page(PAGE, query={"draft": draft.key})
    assert_no_exception(again)
    assert not any("From the transcript" in info.value for info in again.info)
    assert any("Figures from a transcript are part of this debrief" in text.value for text in again.success)


def test_adding_the_same_transcript_twice_adds_its_questions_once(database):
    app = open_page(PAGE)
    _upload_call(app)
    _widget(app.button, "transcript.add.").click().run()
    upload(app, "transcript.file.1", ZOOM_CALL.name, ZOOM_CALL.read_bytes())  # the panel's next uploader
    _widget(app.button, "transcript.add.").click().run()
    assert_no_exception(app)
    assert any(
        "Added 0 questions" in text.value and "11 were in the debrief already" in text.value
        for text in app.success
    )
    app.text_input(key="capture.company").input("Brightwave").run()
    app.button(key="capture.save").click().run()
    assert len(_saved(database).questions) == 11


def test_the_figures_can_be_removed_and_the_questions_stay(database):
    app = open_page(PAGE)
    _upload_call(app)
    _widget(app.button, "transcript.add.").click().run()
    app.button(key="transcript.detach").click().run()
    app.text_input(key="capture.company").input("Brightwave").run()
    app.button(key="capture.save").click().run()
    saved = _saved(database)
    assert saved.transcript is None
    assert len(saved.questions) > 0


def test_a_file_that_is_not_a_transcript_gets_a_plain_message(database):
    app = open_page(PAGE)
    upload(app, UPLOADER, "notes.txt", b"Just my notes.\nNothing else.")
    assert any("No speaker turns found in this file" in error.value for error in app.error)
    upload(app, UPLOADER, "latin.txt", "Ana: olé\nBo: sí".encode("cp1252"))
    assert any("This file is not UTF" in error.value for error in app.error)
    assert repository.list_drafts(Store(database)) == []  # nothing was added to the debrief


def test_a_second_transcript_does_not_ask_about_rambling_again(database):
    app = open_page(PAGE)
    _upload_call(app)
    _widget(app.button, "transcript.add.").click().run()
    app.button(key="capture.long_answers.accept").click().run()
    upload(app, "transcript.file.1", ZOOM_CALL.name, ZOOM_CALL.read_bytes())
    _widget(app.button, "transcript.add.").click().run()
    assert_no_exception(app)
    assert not any("From the transcript" in info.value for info in app.info)
    app.text_input(key="capture.company").input("Brightwave").run()
    app.button(key="capture.save").click().run()
    assert [mistake.category for mistake in _saved(database).mistakes] == ["Rambling"]


def test_speaker_names_are_shown_as_text_not_markdown(database):
    call = b"WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n"
    call += b"<v ![x](http://example.invalid/p.png)>Tell me about yourself.\n\n"
    call += b"00:00:04.000 --> 00:00:09.000\n<v **Sam**>I design warehouses and I like it a lot.\n"
    app = open_page(PAGE)
    upload(app, UPLOADER, "call.vtt", call)
    speaker = _widget(app.radio, "transcript.me.")
    assert speaker.value == "**Sam**"
    assert set(speaker.options) == {r"\*\*Sam\*\*", r"\!\[x\]\(http\://example\.invalid/p\.png\)"}
