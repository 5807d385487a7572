"""The labelled transcripts: each label is found word for word in its file, and the development part
scores what the extractor was tuned to (the held-out part is scored only by `make bench`)."""

from __future__ import annotations

import pytest

from bench.transcripts import PRECISION_GOAL, RECALL_GOAL, labels_of, score_part, transcript_files
from debrief.transcripts.reading import FORMAT_NAMES, read_transcript

PARTS = ("dev", "holdout")


@pytest.mark.parametrize("part", PARTS)
def test_each_part_has_every_format_but_one_at_most(part):
    formats = {labels_of(path)["format"] for path in transcript_files(part)}
    assert formats <= set(FORMAT_NAMES)
    assert len(formats) >= 6


@pytest.mark.parametrize(
    "path", [*transcript_files("dev"), *transcript_files("holdout")], ids=lambda p: p.name
)
def test_every_label_is_in_its_transcript(path):
    labels = labels_of(path)
    transcript = read_transcript(path.read_bytes(), path.name)
    assert transcript.format == labels["format"]
    text = " ".join(cue.text for cue in transcript.cues)
    speakers = {cue.speaker for cue in transcript.cues}
    assert labels["questions"], "a transcript without questions measures nothing"
    for question in labels["questions"]:
        assert question["text"] in text
        assert question["context"] is None or question["context"] in text
        assert question["speaker"] is None or question["speaker"] in speakers
    assert labels["me"] is None or labels["me"] in speakers


def test_the_development_part_is_extracted_as_tuned():
    score = score_part("dev")
    assert score.labelled >= 100
    assert score.precision >= max(PRECISION_GOAL, 0.95)
    assert score.recall >= max(RECALL_GOAL, 0.95)
