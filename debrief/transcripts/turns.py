"""Who said what, in a transcript that names nobody (SubRip, WebVTT without names): each cue is the
interviewer's or the candidate's, whichever explains the call best.

Two kinds of evidence, weighed together by the Viterbi algorithm over the cues:
- what a cue says: an interviewer asks questions and hands over to the candidate's own questions; a
  candidate asks what a question means and talks at length;
- where the speaker changes: after a longer pause than the call's usual pause within a turn (the
  call's own pauses split into short and long), after a question, before an answer's first word.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np

from debrief.transcripts import sentences
from debrief.transcripts.reading import Cue
from debrief.transcripts.sentences import Kind

INTERVIEWER_GUESS = "Interviewer (guessed)"
CANDIDATE_GUESS = "You (guessed)"
_ROLES = (INTERVIEWER_GUESS, CANDIDATE_GUESS)
_ANSWER_OPENERS = sentences.phrases(
    "yes",
    "yeah",
    "yep",
    "no",
    "sure",
    "great",
    "thanks",
    "thank you",
    "okay",
    "ok",
    "so",
    "well",
    "right",
    "morning",
    "hi",
    "hello",
    "good",
    "absolutely",
    "definitely",
    "of course",
    "um",
    "uh",
    "erm",
    "mm",
    "mhm",
    "next one",
    "nice",
    "lovely",
    "brilliant",
    "perfect",
    "interesting",
    "got it",
    anchor="start",
)


def _pause_split(gaps: Sequence[float]) -> tuple[float, float] | None:
    """The pause that separates this call's short pauses (within a turn) from its long ones (between
    turns), and how far apart the two kinds lie: the best split of the pauses into two groups (the
    one with the least spread within each). None when the call's pauses are all alike."""
    ordered = np.sort(np.asarray(gaps, dtype=float))
    if len(ordered) < 4 or ordered[-1] - ordered[0] < 0.1:
        return None
    # Each cut's spread from running sums: sum of squares minus the square of the sum over the count.
    total, squares = np.cumsum(ordered), np.cumsum(ordered**2)
    low = np.arange(1, len(ordered))
    high = len(ordered) - low
    low_sum, low_squares = total[:-1], squares[:-1]
    high_sum, high_squares = total[-1] - low_sum, squares[-1] - low_squares
    spread = (low_squares - low_sum**2 / low) + (high_squares - high_sum**2 / high)
    cut = int(np.argmin(spread)) + 1
    low_mean, high_mean = ordered[:cut].mean(), ordered[cut:].mean()
    return float(low_mean + high_mean) / 2, max(float(high_mean - low_mean) / 2, 0.05)


def _interviewer_evidence(cue: Cue) -> float:
    """How much a cue sounds like the interviewer (positive) or the candidate (negative)."""
    said = sentences.split_sentences(cue.text)
    kinds = sentences.kinds_in_turn(said)
    evidence = 0.0
    if Kind.QUESTION in kinds:
        evidence += 1.5
    if Kind.HANDOVER in kinds:
        evidence += 2.0
    if any(sentences.is_clarifying(sentence) for sentence in said):
        evidence -= 2.0
    words = len(cue.text.split())
    if words > 25:
        evidence -= min((words - 25) / 25, 1.5)
    return evidence


def _change_odds(previous: Cue, cue: Cue, pauses: tuple[float, float] | None) -> float:
    """How much the boundary before `cue` looks like a change of speaker (log odds, 0 = no idea)."""
    odds = 0.0
    if pauses is not None and previous.end is not None and cue.start is not None:
        split, spread = pauses
        odds += 1.5 * max(-2.0, min(2.0, (cue.start - previous.end - split) / spread))
    last = sentences.split_sentences(previous.text)[-1]
    if last.rstrip(" \"'”’)").endswith("?") or sentences.kind_of(last) is Kind.QUESTION:
        odds += 1.5  # a question, or a request like "Tell me about the team you run.", hands over
    if _ANSWER_OPENERS.match(cue.text.strip()):
        odds += 0.5
    return odds


def guess_speakers(cues: Sequence[Cue]) -> list[Cue]:
    """The cues, each with INTERVIEWER_GUESS or CANDIDATE_GUESS as its speaker. The interviewer opens."""
    if not cues:
        return []
    gaps = [
        cue.start - previous.end
        for previous, cue in itertools.pairwise(cues)
        if cue.start is not None and previous.end is not None
    ]
    pauses = _pause_split(gaps)
    evidence = [_interviewer_evidence(cue) for cue in cues]
    # score[role]: the best total for the cues so far ending with that role; back[i][role]: the role
    # of cue i-1 on that best path.
    score = [1.0 + evidence[0] / 2, -1.0 - evidence[0] / 2]
    back: list[tuple[int, int]] = []
    for position in range(1, len(cues)):
        change = _change_odds(cues[position - 1], cues[position], pauses)
        emission = (evidence[position] / 2, -evidence[position] / 2)
        step, new_score = [], []
        for role in (0, 1):
            stay = score[role] - change / 2
            switch = score[1 - role] + change / 2
            step.append(role if stay >= switch else 1 - role)
            new_score.append(max(stay, switch) + emission[role])
        back.append((step[0], step[1]))
        score = new_score
    role = 0 if score[0] >= score[1] else 1
    roles = [role]
    for step in reversed(back):
        role = step[role]
        roles.append(role)
    roles.reverse()
    return [Cue(cue.start, cue.end, _ROLES[role], cue.text) for cue, role in zip(cues, roles, strict=True)]
