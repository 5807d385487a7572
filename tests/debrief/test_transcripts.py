"""Call transcripts: every format read, who is who, which sentences are the interviewer's questions, the
answers' figures, and bad files refused with a plain message."""

from __future__ import annotations

import contextlib
import io
import zipfile

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from debrief.models import TranscriptMeasures
from debrief.transcripts import prefill
from debrief.transcripts.analysis import analyse, count_fillers
from debrief.transcripts.reading import (
    MAX_TRANSCRIPT_BYTES,
    Cue,
    Transcript,
    TranscriptError,
    read_transcript,
    seconds,
)
from debrief.transcripts.sentences import Kind, kind_of
from debrief.transcripts.turns import CANDIDATE_GUESS, INTERVIEWER_GUESS, guess_speakers

ZOOM = b"""WEBVTT

1
00:00:01.000 --> 00:00:03.000
Priya Shah: Hi Sam, can you hear me okay?

2
00:00:03.500 --> 00:00:05.000
Sam Lee: Yes, loud and clear.

3
00:00:06.000 --> 00:00:12.000
Priya Shah: Great. Our Leeds site throws away 8% of its produce. How would you reduce that?

4
00:00:13.000 --> 00:00:43.000
Sam Lee: Um, I would start with the data, you know, where the waste happens, and then, like, fix the ordering.

5
00:00:43.200 --> 00:01:13.000
Sam Lee: Then I'd like to try smaller, more frequent deliveries and measure it for a month.

6
00:01:14.000 --> 00:01:16.000
Priya Shah: Why a month?

7
00:01:17.000 --> 00:01:27.000
Sam Lee: Because a month covers every delivery pattern we have.

8
00:01:28.000 --> 00:01:31.000
Priya Shah: Does Tuesday at 3 work for the next round? I'll send the invite.

9
00:01:32.000 --> 00:01:34.000
Sam Lee: Tuesday works.

10
00:01:35.000 --> 00:01:38.000
Priya Shah: Lovely. Do you have any questions for me?

11
00:01:39.000 --> 00:01:44.000
Sam Lee: What does a good first month look like for this role?

12
00:01:45.000 --> 00:01:55.000
Priya Shah: Learning the sites, mostly. Does that answer it?
"""


def test_zoom_cues_give_speakers_times_and_text():
    transcript = read_transcript(ZOOM, "call.vtt")
    assert transcript.format == "zoom-vtt"
    first = transcript.cues[0]
    assert (first.start, first.end, first.speaker, first.text) == (
        1.0,
        3.0,
        "Priya Shah",
        "Hi Sam, can you hear me okay?",
    )


def test_the_interviewer_questions_are_found_without_small_talk_logistics_or_the_candidates_own():
    analysis = analyse(read_transcript(ZOOM, "call.vtt"))
    assert analysis.me == "Sam Lee"
    assert analysis.me_guessed
    assert [question.text for question in analysis.questions] == [
        "Our Leeds site throws away 8% of its produce. How would you reduce that?",  # with its context
        "Why a month?",
    ]
    assert [question.follow_up for question in analysis.questions] == [False, True]
    assert analysis.questions[0].asked_at == 6.0


def test_each_answer_is_measured_until_the_next_question():
    analysis = analyse(read_transcript(ZOOM, "call.vtt"))
    first, second = analysis.questions
    assert first.answer_seconds == pytest.approx(30.0 + 29.8)
    assert first.answer_words == 19 + 15
    assert first.fillers == 3  # um, "you know," and ", like,"; "I'd like to" is not one
    # The logistics and the closing belong to no answer: the last question's answer ends at them.
    assert (second.answer_seconds, second.answer_words) == (10.0, 9)
    assert analysis.my_seconds == pytest.approx(1.5 + 30 + 29.8 + 10 + 2 + 5)
    assert analysis.my_share == pytest.approx(analysis.my_seconds / analysis.everyone_seconds)


def test_the_user_says_who_they_are_and_an_unknown_name_is_refused():
    transcript = read_transcript(ZOOM, "call.vtt")
    as_priya = analyse(transcript, "Priya Shah")
    assert as_priya.me == "Priya Shah"
    assert not as_priya.me_guessed
    with pytest.raises(
        TranscriptError,
        match=r"Nobody called 'Bob' speaks in this transcript\. Speakers: Sam Lee, Priya Shah\.",
    ):
        analyse(transcript, "Bob")


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Tell me about a time you disagreed with your manager.", Kind.QUESTION),
        ("So, to kick us off, walk me through your CV.", Kind.QUESTION),
        ("That's helpful. So, moving on — how do you prioritise when everything is urgent?", Kind.QUESTION),
        ("Pitch me.", Kind.QUESTION),
        ("How are you doing on those targets?", Kind.QUESTION),
        ("Can you hear me okay?", Kind.SMALL_TALK),
        ("How's your day been?", Kind.SMALL_TALK),
        ("How are you?", Kind.SMALL_TALK),
        ("Does Tuesday at 3 work for the next round?", Kind.LOGISTICS),
        ("Can you see my screen?", Kind.LOGISTICS),
        ("Ben, do you want to go next?", Kind.LOGISTICS),
        ("Right?", Kind.CHECK),
        ("It happens to all of us, doesn't it?", Kind.CHECK),
        ("Does that sound okay?", Kind.CHECK),
        ("Any questions before we start?", Kind.CHECK),
        ("What questions have you got for us?", Kind.HANDOVER),
        ("Do you have any questions for me?", Kind.HANDOVER),
        ("We sell furniture online.", Kind.STATEMENT),
        ("Let me tell you about the team.", Kind.STATEMENT),
    ],
)
def test_what_a_sentence_of_the_interviewer_is(sentence, kind):
    assert kind_of(sentence) is kind


def test_fillers_are_counted_only_where_they_fill():
    assert count_fillers("Um, it was, like, huge, you know. Uh, sorry, let me back up.") == 5
    assert count_fillers("I'd like to know if you know the answer. Do you know?") == 0


TEAMS = b"""WEBVTT

a1/1-0
00:00:00.000 --> 00:00:04.000
<v Priya Shah>Walk me through your CV.</v>

a1/2-0
00:00:04.500 --> 00:00:10.000
<v Sam Lee>I started in retail, then moved into logistics planning.</v>
"""
MEET = b"""WEBVTT

00:00:00.000 --> 00:00:03.000
Priya Shah: Tell me about a project you led.

00:00:03.500 --> 00:00:08.000
Sam Lee: I led the move to a new warehouse system.

00:00:08.000 --> 00:00:12.000
It took nine months and went live on time.
"""
SRT = b"""1
00:00:00,000 --> 00:00:03,000
Tell me about a project you led.

2
00:00:04,000 --> 00:00:09,000
I led the move to a new warehouse system, it took nine months.

3
00:00:09,200 --> 00:00:12,000
And it went live on time, with the team trained.

4
00:00:13,500 --> 00:00:15,000
Great. What went wrong along the way?

5
00:00:16,000 --> 00:00:22,000
The supplier was late with the scanners, so we ran a paper fallback for a week.
"""
OTTER = b"""Priya Shah  0:00
Tell me about a project you led.

Sam Lee  0:04
I led the move to a new warehouse system.
It took nine months.

Priya Shah  1:02:03
Why nine?
"""
PLAIN = b"""Priya Shah: Tell me about a project you led.
Sam Lee: I led the move to a new warehouse system.
Priya Shah: Why that one?
Sam Lee: It was the biggest.
"""


def _teams_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("Interview with Sam Lee - Transcript")
    for line in (
        "Priya Shah   0:03",
        "Tell me about a project you led.",
        "Sam Lee   0:07",
        "The warehouse move.",
    ):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "kind", "speakers", "first_start"),
    [
        (TEAMS, "teams.vtt", "teams-vtt", ["Priya Shah", "Sam Lee"], 0.0),
        (MEET, "meet.vtt", "meet-vtt", ["Priya Shah", "Sam Lee", "Sam Lee"], 0.0),
        (SRT, "call.srt", "srt", [None] * 5, 0.0),
        (OTTER, "otter.txt", "otter", ["Priya Shah", "Sam Lee", "Priya Shah"], 0.0),
        (PLAIN, "call.txt", "plain", ["Priya Shah", "Sam Lee", "Priya Shah", "Sam Lee"], None),
        (_teams_docx(), "call.docx", "teams-docx", ["Priya Shah", "Sam Lee"], 3.0),
    ],
)
def test_every_format_is_read(data, name, kind, speakers, first_start):
    transcript = read_transcript(data, name)
    assert transcript.format == kind
    assert [cue.speaker for cue in transcript.cues] == speakers
    assert transcript.cues[0].start == first_start
    assert transcript.cues[0].text == "Walk me through your CV." if kind == "teams-vtt" else True


def test_otter_paragraphs_run_until_the_next_speaker_and_join_their_lines():
    transcript = read_transcript(OTTER, "otter.txt")
    assert transcript.cues[1] == Cue(
        4.0, 3723.0, "Sam Lee", "I led the move to a new warehouse system. It took nine months."
    )


def test_a_colon_in_a_sentence_names_nobody():
    lines = SRT.replace(
        b"And it went live on time", b"We tracked three things: time, cost and people. It went live"
    )
    transcript = read_transcript(lines, "call.srt")
    assert {cue.speaker for cue in transcript.cues} == {None}
    assert transcript.cues[2].text.startswith("We tracked three things: time")
    with pytest.raises(TranscriptError, match="No speaker turns"):
        read_transcript(b"Note: bring the CV.\nNote: ask about the team.\n", "notes.txt")


def test_a_file_that_names_nobody_gets_guessed_turns_and_says_so():
    analysis = analyse(read_transcript(SRT, "call.srt"))
    assert analysis.turns_guessed
    assert [question.text for question in analysis.questions] == [
        "Tell me about a project you led.",
        "What went wrong along the way?",
    ]
    assert analysis.questions[0].answer_words == 13 + 10


def test_guessed_turns_follow_the_pauses_and_the_questions():
    cues = read_transcript(SRT, "call.srt").cues
    assert [cue.speaker for cue in guess_speakers(cues)] == [
        INTERVIEWER_GUESS,
        CANDIDATE_GUESS,
        CANDIDATE_GUESS,
        INTERVIEWER_GUESS,
        CANDIDATE_GUESS,
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("01:02:03.500", 3723.5), ("2:03", 123.0), ("0:0:7.25", 7.25), ("00:01:02,340", 62.34)],
)
def test_times_in_every_notation(text, expected):
    assert seconds(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "empty.vtt", "empty"),
        (b"x" * (MAX_TRANSCRIPT_BYTES + 1), "big.txt", "at most 5 MB"),
        ("Priya: caf\u00e9 ol\u00e9\nSam: s\u00ed".encode("cp1252"), "latin.txt", "not UTF-8"),
        (b"\x00\x01\x02 binary", "blob.txt", "binary"),
        (b"Just some notes I wrote.\nNothing else here.", "notes.txt", "No speaker turns"),
        (b"PK\x03\x04 not really a zip", "broken.docx", r"damaged or not a \.docx"),
        (b"WEBVTT\n\nthis is not a cue\n00:00 --> nonsense\n", "broken.vtt", "cannot be read|no speech"),
    ],
)
def test_bad_files_get_a_plain_reason(data, name, message):
    with pytest.raises(TranscriptError, match=message):
        read_transcript(data, name)


def test_utf16_with_a_byte_order_mark_is_read():
    assert read_transcript(PLAIN.decode().encode("utf-16"), "call.txt").format == "plain"


def test_a_transcript_with_one_speaker_is_refused():
    with pytest.raises(TranscriptError, match="Only one speaker"):
        analyse(read_transcript(b"Sam Lee  0:00\nHello?\n\nSam Lee  0:05\nAnyone there?\n", "call.txt"))


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_any_bytes_are_read_or_refused_with_a_reason_never_a_crash(data):
    try:
        transcript = read_transcript(data, "upload.txt")
    except TranscriptError:
        return
    with contextlib.suppress(TranscriptError):
        analyse(transcript)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["Priya Shah", "Sam Lee", None]), st.text(min_size=1, max_size=80)),
        min_size=2,
        max_size=12,
    )
)
def test_any_turns_analyse_to_questions_of_the_other_speakers(turns):
    cues = tuple(
        Cue(float(i), float(i) + 0.9, speaker, text)
        for i, (speaker, text) in enumerate(turns)
        if text.strip()
    )
    try:
        analysis = analyse(Transcript("zoom-vtt", cues))
    except TranscriptError:
        return
    assert all(question.speaker != analysis.me for question in analysis.questions)
    assert all(
        question.answer_words >= 0 and (question.answer_seconds or 0) >= 0 for question in analysis.questions
    )
    TranscriptMeasures.model_validate(prefill.measures(analysis, None).model_dump())


def test_answers_over_two_minutes_suggest_a_rambling_mistake_with_the_evidence():
    analysis = analyse(read_transcript(ZOOM, "call.vtt"))
    measures = prefill.measures(analysis, None)
    assert prefill.rambling_evidence(measures) is None
    long = measures.model_copy(
        update={
            "answers": [
                measures.answers[0].model_copy(update={"answer_seconds": 130.0, "answer_words": 320}),
                measures.answers[1].model_copy(update={"answer_seconds": 250.0, "answer_words": 600}),
            ]
        }
    )
    assert prefill.rambling_evidence(long) == (
        "My answer to “Why a month?” ran 4 min 10 s (600 words), and 1 more answer ran over two minutes."
    )
    assert prefill.rambling_row(long) == {
        "category": "Rambling",
        "what_happened": prefill.rambling_evidence(long),
        "severity": 3,  # over four minutes
        "next_time": "",
    }


def test_without_times_a_long_answer_is_estimated_from_its_words():
    measures = prefill.measures(analyse(read_transcript(PLAIN, "call.txt")), None)
    wordy = measures.model_copy(
        update={"answers": [measures.answers[0].model_copy(update={"answer_words": 400})]}
    )
    assert prefill.rambling_evidence(wordy) == (
        "My answer to “Tell me about a project you led.” ran about 2 min 40 s (400 words)."
    )


def test_the_rows_for_the_debrief_carry_the_chosen_wording_and_the_answer():
    analysis = analyse(read_transcript(ZOOM, "call.vtt"))
    rows = prefill.question_rows(
        analysis, [1], ["Why a month?", "Why wait a month?"], ["Technical", "Situational"]
    )
    assert rows == [
        {
            "text": "Why wait a month?",
            "category": "Situational",
            "answer_rating": None,
            "off_guard": False,
            "notes": "My answer, from the transcript (10 s, 9 words): Because a month covers every delivery "
            "pattern we have.",
            "better_answer": "",
        }
    ]


def test_the_kept_transcript_is_readable_text_with_times_and_names():
    text = prefill.kept_text(read_transcript(ZOOM, "call.vtt"))
    assert text.splitlines()[0] == "[0:01] Priya Shah: Hi Sam, can you hear me okay?"


def test_a_docx_that_is_a_zip_but_not_a_document_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(TranscriptError, match=r"damaged or not a \.docx"):
        read_transcript(out.getvalue(), "call.docx")


def _docx_with_body(xml: bytes) -> bytes:
    """The Teams .docx above with its document.xml replaced."""
    source = zipfile.ZipFile(io.BytesIO(_teams_docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in source.infolist():
            body = xml if member.filename == "word/document.xml" else source.read(member)
            archive.writestr(member.filename, body)
    return out.getvalue()


def test_a_small_docx_that_unpacks_to_a_huge_document_is_refused_before_reading():
    paragraphs = b"<w:p><w:r><w:t>aaaa</w:t></w:r></w:p>" * 200_000  # 7.6 MB that compresses to little
    bomb = _docx_with_body(b"<w:document><w:body>" + paragraphs + b"</w:body></w:document>")
    assert len(bomb) < 200_000
    with pytest.raises(TranscriptError, match="This Word file unpacks to 8 MB"):
        read_transcript(bomb, "call.docx")


def test_a_docx_with_broken_xml_is_refused_plainly():
    whole = zipfile.ZipFile(io.BytesIO(_teams_docx())).read("word/document.xml")
    with pytest.raises(TranscriptError, match=r"damaged or not a \.docx"):
        read_transcript(_docx_with_body(whole[:-50]), "call.docx")


def test_times_past_a_day_are_refused_and_long_names_are_cut():
    late = ZOOM.replace(b"00:01:45.000 --> 00:01:55.000", b"30:00:01.000 --> 30:00:05.000")
    with pytest.raises(TranscriptError, match="past 24 hours"):
        read_transcript(late, "call.vtt")
    long_name = TEAMS.replace(b"<v Priya Shah>", b"<v " + b"A" * 250 + b">")
    assert {len(cue.speaker) for cue in read_transcript(long_name, "teams.vtt").cues} == {120, 7}


def test_names_with_titles_are_speakers_and_phrases_with_a_colon_are_not():
    titled = ZOOM.replace(b"Priya Shah:", b"Dr. Priya Shah:")
    assert read_transcript(titled, "call.vtt").cues[0].speaker == "Dr. Priya Shah"
    phrase = MEET.replace(b"It took nine months", b"Here's the thing: it took nine months")
    transcript = read_transcript(phrase, "meet.vtt")
    assert [cue.speaker for cue in transcript.cues] == ["Priya Shah", "Sam Lee", "Sam Lee"]
    assert transcript.cues[2].text.startswith("Here's the thing: it took")


def test_only_the_questions_the_user_keeps_are_measured():
    analysis = analyse(read_transcript(ZOOM, "call.vtt"))
    kept = prefill.measures(analysis, None, chosen=[1])
    assert [answer.question for answer in kept.answers] == ["Why a month?"]
    assert kept.my_words == analysis.my_words  # the call's totals stay whole


def test_imported_transcript_rows_that_the_app_could_not_open_are_refused():
    from debrief.tables import TABLES_BY_NAME

    measures_row = TABLES_BY_NAME["transcript_measures"].row_model
    answers_row = TABLES_BY_NAME["transcript_answers"].row_model
    good = {"interview_id": 1, "source_format": "zoom-vtt", "my_words": 10, "everyone_words": 20}
    measures_row(**good)
    for bad in (
        {"source_format": "   "},
        {"my_words": 30},
        {"my_seconds": 50.0, "everyone_seconds": 40.0},
        {"my_seconds": float("nan")},
    ):
        with pytest.raises(ValueError, match=r"required|more than everyone|finite|valid number"):
            measures_row(**{**good, **bad})
    with pytest.raises(ValueError, match="required"):
        answers_row(id=1, interview_id=1, position=0, question="  ")
