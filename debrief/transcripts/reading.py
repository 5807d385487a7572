"""A call transcript file as a list of cues (who spoke, when, what), whatever program wrote it.

Formats: WebVTT from Zoom (`Name: text` in each cue), Teams (`<v Name>` voice tags) and Meet (the name
only where a turn starts); SubRip (no speakers); Otter-style text (`Name  0:00`, then the paragraph);
plain `Name: text` lines (no times); the Teams .docx download (`Name   0:03`, then the paragraph).
WebVTT, SubRip and .docx are read with their libraries (webvtt-py, srt, python-docx).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

import srt
import webvtt

from debrief.transcripts import spoken_seconds

MAX_TRANSCRIPT_BYTES = 5_000_000  # a one-hour call is about 100 KB of text; a .docx about 50 KB
MAX_SPEAKER_LENGTH = 120
MAX_DOCX_UNPACKED_BYTES = 5_000_000  # a .docx of an hour-long call unpacks to about 1 MB
MAX_CALL_HOURS = 24
FORMAT_NAMES = {
    "zoom-vtt": "WebVTT with speaker names (Zoom)",
    "teams-vtt": "WebVTT with voice tags (Teams)",
    "meet-vtt": "WebVTT, names where a turn starts (Meet)",
    "vtt": "WebVTT without speaker names",
    "srt": "SubRip (.srt)",
    "otter": "Text with a name and time above each paragraph (Otter)",
    "plain": "Text lines 'Name: what they said', no times",
    "teams-docx": "Word document (Teams)",
}


class TranscriptError(ValueError):
    """A file that cannot be read as a transcript; the message says why, in the user's words."""


@dataclass(frozen=True)
class Cue:
    """One stretch of speech. `start`/`end` in seconds from the call's start (None when the file has no
    times); `speaker` None when the file names nobody."""

    start: float | None
    end: float | None
    speaker: str | None
    text: str


@dataclass(frozen=True)
class Transcript:
    format: str
    cues: tuple[Cue, ...]

    @property
    def has_speakers(self) -> bool:
        return any(cue.speaker for cue in self.cues)

    @property
    def has_times(self) -> bool:
        return any(cue.start is not None for cue in self.cues)


_TIMESTAMP = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{1,2})(?:[.,](\d{1,3}))?$")
# "Priya Shah  0:00" (Otter, two or more spaces) or "Priya Shah   0:03" (Teams .docx).
_NAME_AND_TIME = re.compile(r"^(?P<name>\S.{0,118}?)\s{2,}(?P<time>\d{1,2}(?::\d{2}){1,2})\s*$")
# "Priya Shah: text" (a Zoom cue, a Meet turn's first cue, a plain line): what comes before the colon
# is a name only if it looks like one (`_looks_like_name`).
_NAME_PREFIX = re.compile(r"^(?P<name>[^\s:.?!,][^:?!]{0,80}?):\s+(?P<text>\S.*)$", re.DOTALL)
# Words a name may hold in lower case ("Ana de la Cruz", "Ludwig van Beethoven").
_NAME_PARTICLES = frozenset(
    [
        "de",
        "del",
        "della",
        "der",
        "di",
        "da",
        "das",
        "dos",
        "du",
        "la",
        "le",
        "van",
        "von",
        "den",
        "ter",
        "ten",
        "bin",
        "binti",
        "al",
        "el",
        "y",
        "e",
        "st",
        "mac",
    ]
)
_VOICE = re.compile(r"<v(?:\.[^ >]*)?\s+([^>]+)>")
_TAGS = re.compile(r"</?[a-z][^>]*>", re.IGNORECASE)


def seconds(timestamp: str) -> float:
    """'01:02:03.500', '2:03', '0:0:7.25' or '00:01:02,340' as seconds."""
    match = _TIMESTAMP.match(timestamp.strip())
    if match is None:
        raise ValueError(f"not a time: {timestamp!r}")
    hours, minutes, whole, fraction = match.groups()
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(whole) + float(f"0.{fraction or 0}")


def _looks_like_name(name: str) -> bool:
    """A name has at most five words, each capitalised ("Dr. Megan Hollis", "Speaker 2", "王伟"), or a
    particle; "Here's the thing" and "The short version is" are not names."""
    words = name.split()
    return 0 < len(words) <= 5 and all(
        word[0].isupper() or word[0].isdigit() or not word[0].islower() or word.casefold() in _NAME_PARTICLES
        for word in words
    )


def _speaker_prefix(text: str) -> tuple[str | None, str]:
    match = _NAME_PREFIX.match(text)
    if match is None or not _looks_like_name(match.group("name")):
        return None, text
    return match.group("name").strip(), match.group("text").strip()


def _decoded(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise TranscriptError(
            "This file is not UTF-8 text. Open it in a text editor and save it as UTF-8, then try again."
        ) from error
    if "\x00" in text:
        raise TranscriptError("This file holds binary data, not the text of a transcript.")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _named_by_prefix(timed: list[tuple[float, float, str]]) -> tuple[list[Cue], bool, bool]:
    """Cues from (start, end, text) lines whose text may start with 'Name: '. Such prefixes name the
    speakers only where the file labels them: two names or more, on a tenth of the lines at least (a
    line like "We tracked three things: errors, latency…" names nobody). A line without a name goes on
    with the speaker before it (Meet names a speaker only where their turn starts). Returns the cues,
    whether they are named, and whether some lines carried no name."""
    parsed = [(start, end, *_speaker_prefix(text)) for start, end, text in timed]
    named = [speaker for _, _, speaker, _ in parsed if speaker]
    if len(set(named)) < 2 or len(named) < max(2, len(parsed) / 10):
        return [Cue(start, end, None, text) for start, end, text in timed if text], False, True
    cues, previous = [], None
    for start, end, speaker, text in parsed:
        previous = speaker or previous
        if text:
            cues.append(Cue(start, end, previous, text))
    return cues, True, len(named) < len(parsed)


def _from_vtt(text: str) -> Transcript:
    try:
        captions = webvtt.from_string(text)
    except (webvtt.errors.MalformedFileError, webvtt.errors.MalformedCaptionError, ValueError) as error:
        raise TranscriptError(f"This WebVTT file cannot be read: {error}") from error
    timed = [(seconds(caption.start), seconds(caption.end), caption.raw_text) for caption in captions]
    if any(_VOICE.search(raw) for _, _, raw in timed):
        cues, previous = [], None
        for start, end, raw in timed:
            voice = _VOICE.search(raw)
            previous = voice.group(1).strip()[:MAX_SPEAKER_LENGTH] if voice else previous
            body = " ".join(_TAGS.sub("", raw).split())
            if body:
                cues.append(Cue(start, end, previous, body))
        return Transcript("teams-vtt", tuple(cues))
    plain_lines = [(start, end, " ".join(_TAGS.sub("", raw).split())) for start, end, raw in timed]
    cues, named, some_unnamed = _named_by_prefix(plain_lines)
    kind = ("meet-vtt" if some_unnamed else "zoom-vtt") if named else "vtt"
    return Transcript(kind, tuple(cues))


def _from_srt(text: str) -> Transcript:
    try:
        subtitles = list(srt.parse(text))
    except srt.SRTParseError as error:
        raise TranscriptError(f"This SubRip (.srt) file cannot be read: {error}") from error
    timed = [
        (
            subtitle.start.total_seconds(),
            subtitle.end.total_seconds(),
            " ".join(_TAGS.sub("", subtitle.content).split()),
        )
        for subtitle in subtitles
    ]
    return Transcript("srt", tuple(_named_by_prefix(timed)[0]))


def _from_headed_paragraphs(lines: list[str], kind: str) -> Transcript:
    """Otter and Teams .docx: a 'Name  0:00' line, then what they said until the next such line."""
    turns: list[tuple[str, float, list[str]]] = []
    for line in lines:
        heading = _NAME_AND_TIME.match(line.strip())
        if heading:
            turns.append((heading.group("name").strip(), seconds(heading.group("time")), []))
        elif turns and line.strip():
            turns[-1][2].append(line.strip())
    cues = []
    for position, (speaker, start, paragraph) in enumerate(turns):
        text = " ".join(" ".join(paragraph).split())
        if not text:
            continue
        following = turns[position + 1][1] if position + 1 < len(turns) else None
        # The file times only where each turn starts: the turn lasts until the next one starts, or
        # for the last one as long as its words take to say.
        end = (
            following
            if following is not None and following > start
            else start + spoken_seconds(None, len(text.split()))
        )
        cues.append(Cue(start, end, speaker, text))
    return Transcript(kind, tuple(cues))


def _from_plain(lines: list[str]) -> Transcript:
    cues: list[Cue] = []
    for line in lines:
        if not line.strip():
            continue
        speaker, text = _speaker_prefix(line.strip())
        if speaker is not None:
            cues.append(Cue(None, None, speaker, " ".join(text.split())))
        elif cues:  # a paragraph that goes on over several lines
            last = cues[-1]
            cues[-1] = Cue(None, None, last.speaker, f"{last.text} {' '.join(line.split())}")
    return Transcript("plain", tuple(cues))


def _docx_lines(data: bytes) -> list[str]:
    # python-docx (with lxml) takes a tenth of a second to import and only a .docx needs it: imported
    # here, every page's cold start does not pay for it.
    import docx
    from lxml import etree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile as error:
        raise TranscriptError("This Word file cannot be read: it is damaged or not a .docx.") from error
    if unpacked > MAX_DOCX_UNPACKED_BYTES:
        # Checked before reading: a small .docx can unpack to gigabytes of XML.
        raise TranscriptError(
            f"This Word file unpacks to {unpacked / 1e6:,.0f} MB; a transcript's is at most "
            f"{MAX_DOCX_UNPACKED_BYTES / 1e6:.0f} MB."
        )
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as error:
        raise TranscriptError("This Word file cannot be read: it is damaged or not a .docx.") from error
    lines = []
    for paragraph in document.paragraphs:
        lines.extend(paragraph.text.replace("\v", "\n").split("\n"))
    return lines


def _from_lines(lines: list[str], kind_if_headed: str) -> Transcript:
    headed = sum(1 for line in lines if _NAME_AND_TIME.match(line.strip()))
    names = [name for line in lines if (name := _speaker_prefix(line.strip())[0]) is not None]
    if headed >= 2 and headed >= len(names) / 4:
        return _from_headed_paragraphs(lines, kind_if_headed)
    if len(set(names)) >= 2:
        return _from_plain(lines)
    raise TranscriptError(
        "No speaker turns found in this file. Debrief reads WebVTT (.vtt), SubRip (.srt), Word (.docx) "
        "and text with lines like 'Name: what they said' or 'Name  0:00' above each paragraph."
    )


def read_transcript(data: bytes, file_name: str = "") -> Transcript:
    """The cues of a transcript file. Raises TranscriptError with a plain reason for a file that is
    too big, not text, or holds no recognisable turns."""
    if len(data) > MAX_TRANSCRIPT_BYTES:
        raise TranscriptError(
            f"This file is {len(data) / 1e6:.1f} MB; a transcript can be at most "
            f"{MAX_TRANSCRIPT_BYTES / 1e6:.0f} MB (a one-hour call is about 0.1 MB)."
        )
    if not data.strip():
        raise TranscriptError("This file is empty.")
    if data.startswith(b"PK\x03\x04"):
        transcript = _from_lines(_docx_lines(data), "teams-docx")
    else:
        text = _decoded(data)
        stripped = text.lstrip("\ufeff \n\t")
        if stripped.startswith("WEBVTT"):
            transcript = _from_vtt(stripped)
        elif file_name.lower().endswith(".srt") or re.match(r"\d+\s*\n\s*\d[\d:,.]*\s*-->", stripped):
            transcript = _from_srt(stripped)
        else:
            transcript = _from_lines(text.split("\n"), "otter")
    if not transcript.cues:
        raise TranscriptError("This transcript holds no speech.")
    if any((cue.end or 0) > MAX_CALL_HOURS * 3600 for cue in transcript.cues):
        raise TranscriptError(f"This transcript has times past {MAX_CALL_HOURS} hours: it is not one call.")
    return transcript
