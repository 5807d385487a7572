"""Question extraction from call transcripts: precision and recall on the labelled transcripts written
for the project (tests/fixtures/transcripts: dev/ for tuning, holdout/ scored only at checkpoints), and
the time to read a one-hour transcript.

Scoring: an extracted question is right when a labelled question's sentence lies within it (an
extraction may carry the statement it leans on, or a second sentence of the same turn); a labelled
question is found when an extraction holds it. So one extraction that holds two labelled questions
asked in one breath, answered once, finds both.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from pathlib import Path

from debrief.transcripts.analysis import analyse
from debrief.transcripts.reading import read_transcript

TRANSCRIPTS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "transcripts"
PRECISION_GOAL = 0.85
RECALL_GOAL = 0.9
HOUR_SECONDS_GOAL = 1.0


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


@dataclass(frozen=True)
class Score:
    files: int
    extracted: int
    right: int
    labelled: int
    found: int

    @property
    def precision(self) -> float:
        return self.right / self.extracted if self.extracted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.labelled if self.labelled else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(*(a + b for a, b in zip(self.__dict__.values(), other.__dict__.values(), strict=True)))


def transcript_files(part: str) -> list[Path]:
    folder = TRANSCRIPTS / part
    return sorted(path for path in folder.iterdir() if path.suffix in {".vtt", ".srt", ".txt", ".docx"})


def labels_of(path: Path) -> dict:
    return json.loads(path.with_name(f"{path.stem}.labels.json").read_text(encoding="utf-8"))


def score_file(path: Path) -> tuple[Score, list[str], list[str]]:
    """The file's score, the extractions that hold no labelled question, the labelled ones not found."""
    labels = labels_of(path)
    analysis = analyse(read_transcript(path.read_bytes(), path.name), labels.get("me"))
    extracted = [_normal(question.text) for question in analysis.questions]
    wanted = [_normal(label["text"]) for label in labels["questions"]]
    right = [any(label in text for label in wanted) for text in extracted]
    found = [any(label in text for text in extracted) for label in wanted]
    wrong = [q.text for q, ok in zip(analysis.questions, right, strict=True) if not ok]
    missed = [label["text"] for label, ok in zip(labels["questions"], found, strict=True) if not ok]
    return Score(1, len(extracted), sum(right), len(wanted), sum(found)), wrong, missed


def score_part(part: str) -> Score:
    total = Score(0, 0, 0, 0, 0)
    for path in transcript_files(part):
        total += score_file(path)[0]
    return total


def one_hour_transcript() -> bytes:
    """A SubRip call of an hour, names left out (the slowest path: who said what is guessed over every
    line), made of the dev set's timed transcripts played one after another."""
    cues, offset = [], 0.0
    sources = [path for path in transcript_files("dev") if labels_of(path)["format"] != "plain"]
    while offset < 3600:
        for path in sources:
            transcript = read_transcript(path.read_bytes(), path.name)
            for cue in transcript.cues:
                cues.append((offset + cue.start, offset + cue.end, cue.text))
            offset = cues[-1][1] + 1
    lines = []
    for number, (start, end, text) in enumerate(cues, start=1):
        lines += [str(number), f"{_stamp(start)} --> {_stamp(end)}", text, ""]
    return "\n".join(lines).encode("utf-8")


def _stamp(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d},{int(seconds % 1 * 1000):03d}"


def _row(part: str, score: Score) -> str:
    return (
        f"| {part} | {score.files} | {score.labelled} | {score.extracted} | {score.precision:.3f} | "
        f"{score.recall:.3f} |"
    )


def run() -> str:
    dev, holdout = score_part("dev"), score_part("holdout")
    data = one_hour_transcript()
    started = time.perf_counter()
    analyse(read_transcript(data, "hour.srt"))
    hour_seconds = time.perf_counter() - started
    met = holdout.precision >= PRECISION_GOAL and holdout.recall >= RECALL_GOAL
    return "\n".join(
        [
            "## Questions from call transcripts",
            "",
            "Labelled transcripts written for the project (tests/fixtures/transcripts). An extraction is "
            "right when a labelled question lies within it; a labelled question is found when an "
            "extraction holds it.",
            "",
            "| Set | Transcripts | Labelled questions | Extracted | Precision | Recall |",
            "|---|---|---|---|---|---|",
            _row("dev (tuned on)", dev),
            _row("holdout (checkpoints only)", holdout),
            "",
            f"Goal on the holdout: precision ≥ {PRECISION_GOAL}, recall ≥ {RECALL_GOAL}: "
            f"{'met' if met else 'NOT met'}.",
            "",
            f"Reading and analysing a one-hour transcript ({len(data) / 1000:.0f} KB of SubRip, "
            f"{len(read_transcript(data, 'hour.srt').cues):,} lines without names, so who said what is "
            f"guessed over all of them): {hour_seconds:.2f} s (goal < {HOUR_SECONDS_GOAL:.0f} s).",
        ]
    )
