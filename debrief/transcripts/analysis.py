"""From a transcript's cues to the interviewer's questions and how the candidate answered each.

Who is who: the candidate is the speaker named by the user, else the one who talks most. In a file
that names nobody (SubRip), who said what is guessed (debrief.transcripts.turns) and said to be a guess.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from debrief.transcripts import LONG_ANSWER_SECONDS, sentences, share_of_talk, spoken_seconds
from debrief.transcripts.reading import Cue, Transcript, TranscriptError
from debrief.transcripts.sentences import Kind
from debrief.transcripts.turns import CANDIDATE_GUESS, guess_speakers

# Words and phrases that fill a pause without adding meaning. "like" and "you know" count only set
# off by commas ("it was, like, huge"), so that "I'd like to" and "do you know" do not.
_FILLERS = re.compile(
    r"\b(?:um+|uh+|erm+|er|uhm+|hmm+)\b|(?:^|,\s*)(?:like|you know|i mean|basically)(?=\s*[,.?!])|"
    r"\b(?:sort of|kind of)\b|\bsorry,? let me (?:back up|start again|rephrase)\b",
    re.IGNORECASE,
)


_MOVING_ON = {Kind.QUESTION, Kind.LOGISTICS, Kind.SMALL_TALK, Kind.HANDOVER}


@dataclass(frozen=True)
class AskedQuestion:
    """One question the interviewer asked and the candidate's answer to it."""

    asked_at: float | None  # seconds into the call
    speaker: str
    text: str  # with the sentence it leans on, if any
    follow_up: bool
    answer_text: str
    answer_seconds: float | None  # the candidate's talking time until the next question
    answer_words: int
    fillers: int

    @property
    def estimated_seconds(self) -> float:
        """Talking time, or for a file without times what the words take to say."""
        return spoken_seconds(self.answer_seconds, self.answer_words)

    @property
    def long(self) -> bool:
        return self.estimated_seconds > LONG_ANSWER_SECONDS

    @property
    def words_per_minute(self) -> float | None:
        if not self.answer_seconds:
            return None
        return self.answer_words * 60 / self.answer_seconds


@dataclass(frozen=True)
class Analysis:
    format: str
    speakers: tuple[str, ...]  # by how much they said, most first
    me: str
    me_guessed: bool  # the user has not said which speaker they are
    turns_guessed: bool  # the file names nobody: who said what was worked out
    questions: tuple[AskedQuestion, ...]
    my_seconds: float | None
    everyone_seconds: float | None
    my_words: int
    everyone_words: int
    fillers: int

    @property
    def has_times(self) -> bool:
        return self.my_seconds is not None

    @property
    def my_share(self) -> float:
        return share_of_talk(self.my_seconds, self.everyone_seconds, self.my_words, self.everyone_words)

    @property
    def longest_answer(self) -> AskedQuestion | None:
        answered = [question for question in self.questions if question.answer_words]
        return max(answered, key=lambda question: question.estimated_seconds, default=None)

    @property
    def long_answers(self) -> list[AskedQuestion]:
        return [question for question in self.questions if question.long]


def count_fillers(text: str) -> int:
    return len(_FILLERS.findall(text))


def _words(text: str) -> int:
    return len(text.split())


def _duration(cue: Cue) -> float:
    if cue.start is None or cue.end is None:
        return 0.0
    return max(cue.end - cue.start, 0.0)


def speakers_by_words(cues: Sequence[Cue]) -> list[str]:
    words: Counter[str] = Counter()
    for cue in cues:
        if cue.speaker:
            words[cue.speaker] += _words(cue.text)
    return [speaker for speaker, _ in words.most_common()]


@dataclass
class _Turn:
    speaker: str
    cues: list[Cue]

    @property
    def text(self) -> str:
        return " ".join(cue.text for cue in self.cues)


def _turns(cues: Sequence[Cue]) -> list[_Turn]:
    turns: list[_Turn] = []
    for cue in cues:
        if turns and turns[-1].speaker == cue.speaker:
            turns[-1].cues.append(cue)
        else:
            turns.append(_Turn(cue.speaker or "", [cue]))
    return turns


@dataclass(frozen=True)
class _Found:
    turn: int  # index of the interviewer's turn
    asked_at: float | None
    speaker: str
    text: str
    follow_up: bool


def _question_in(turn: _Turn, position: int) -> _Found | tuple[str, None] | None:
    """The question an interviewer's turn asks (its question sentences, with the statement the first
    leans on), ('handover', None) where the turn hands over to the candidate's questions, else None."""
    located = [(cue, sentence) for cue in turn.cues for sentence in sentences.split_sentences(cue.text)]
    kinds = sentences.kinds_in_turn([sentence for _, sentence in located])
    asked = [index for index, kind in enumerate(kinds) if kind is Kind.QUESTION]
    if Kind.HANDOVER in kinds and (not asked or kinds.index(Kind.HANDOVER) < asked[0]):
        return ("handover", None)
    if not asked:
        return None
    first = asked[0]
    parts = [located[index][1] for index in asked]
    follow_up = sentences.reads_as_follow_up(located[first][1], turn.text)
    if first > 0 and kinds[first - 1] is Kind.STATEMENT:
        previous = located[first - 1][1]
        if sentences.leans_on_context(located[first][1], previous):
            parts.insert(0, previous)
            follow_up = False  # what it refers to is said right before it, not in the last answer
    cue = located[first][0]
    return _Found(position, cue.start, turn.speaker, " ".join(parts), follow_up)


def _answer(turns: Sequence[_Turn], me: str, has_times: bool) -> tuple[str, float | None, int, int]:
    cues = [cue for turn in turns if turn.speaker == me for cue in turn.cues]
    text = " ".join(cue.text for cue in cues)
    spoken = sum(_duration(cue) for cue in cues) if has_times else None
    return text, spoken, _words(text), count_fillers(text)


def analyse(transcript: Transcript, me: str | None = None) -> Analysis:
    """The interviewer's questions in `transcript` and the candidate's answers. `me`: the candidate's
    name as the file labels it (default: whoever talks most). Raises TranscriptError for an unknown
    name or a call with one speaker."""
    cues = list(transcript.cues)
    turns_guessed = not transcript.has_speakers
    if turns_guessed:
        cues = guess_speakers(cues)
    speakers = speakers_by_words(cues)
    if len(speakers) < 2:
        raise TranscriptError(
            "Only one speaker was found in this transcript: Debrief needs the interviewer's side too."
        )
    if me is not None and me not in speakers:
        raise TranscriptError(
            f"Nobody called {me!r} speaks in this transcript. Speakers: {', '.join(speakers)}."
        )
    me_guessed = me is None
    if turns_guessed:
        me = CANDIDATE_GUESS
    me = me or speakers[0]
    turns = _turns(cues)
    found: list[_Found] = []
    end = len(turns)
    for position, turn in enumerate(turns):
        if turn.speaker == me:
            continue
        question = _question_in(turn, position)
        if isinstance(question, tuple):
            if found:  # the candidate's own questions start: the interview's questions are over
                end = position
                break
        elif question is not None:
            # The first question follows up nothing.
            found.append(question if found else dataclasses.replace(question, follow_up=False))
    has_times = transcript.has_times
    # An answer runs until the interviewer moves on (a question, logistics, small talk, the hand-over);
    # "Mm-hmm" or "Right." on their side does not end it.
    moves_on = [
        position
        for position, turn in enumerate(turns[:end])
        if turn.speaker != me
        and _MOVING_ON & set(sentences.kinds_in_turn(sentences.split_sentences(turn.text)))
    ]
    asked = []
    for question in found:
        following = bisect.bisect_right(moves_on, question.turn)
        stop = moves_on[following] if following < len(moves_on) else end
        text, spoken, words, fillers = _answer(turns[question.turn + 1 : stop], me, has_times)
        asked.append(
            AskedQuestion(
                question.asked_at,
                question.speaker,
                question.text,
                question.follow_up,
                text,
                spoken,
                words,
                fillers,
            )
        )
    mine = [cue for cue in cues if cue.speaker == me]
    return Analysis(
        format=transcript.format,
        speakers=tuple(speakers),
        me=me,
        me_guessed=me_guessed,
        turns_guessed=turns_guessed,
        questions=tuple(asked),
        my_seconds=sum(_duration(cue) for cue in mine) if has_times else None,
        everyone_seconds=sum(_duration(cue) for cue in cues) if has_times else None,
        my_words=sum(_words(cue.text) for cue in mine),
        everyone_words=sum(_words(cue.text) for cue in cues),
        fillers=sum(count_fillers(cue.text) for cue in mine),
    )
