"""The thank-you note checker: what the method warns against in a note, as small rules in one list.

Each rule looks at the note (`NoteDraft`) and returns a `Finding` (what, why it matters, how to fix it)
or None. `check_note` runs them all in order; a new warning is one more function in RULES.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from debrief.vocabulary import NoteChannel, one_line

WORDS_FILE = Path(__file__).resolve().parent.parent / "data" / "thank_you_words.json"
# LinkedIn takes at most 300 characters in the note sent with a connection request, the shortest of
# its message limits. Counted as the browser counts them: UTF-16 code units, so an emoji counts two.
LINKEDIN_NOTE_LIMIT = 300
EMAIL_WORD_LIMIT = 200


@cache
def note_words() -> dict[str, Any]:
    """The word lists of thank-you notes (data/thank_you_words.json)."""
    return json.loads(WORDS_FILE.read_text(encoding="utf-8"))


def note_length(text: str) -> int:
    """Length as LinkedIn counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def word_count(text: str) -> int:
    return len(text.split())


@dataclass(frozen=True)
class Finding:
    """Something in a note the method warns against: what, why it matters, and how to fix it."""

    rule: str
    problem: str
    why: str
    fix: str


@dataclass(frozen=True)
class NoteDraft:
    """A note as the rules see it: its text, where it goes, to whom, and the strengths it could name."""

    text: str
    channel: NoteChannel
    interviewer_name: str
    strengths: Sequence[str]

    @property
    def plain(self) -> str:
        return self.text.replace("’", "'")


_FEELINGS = (
    r"(?:so |very |really |a bit |quite |a little |too )?"
    r"(?:nervous|tired|sick|ill|anxious|stressed|exhausted|unwell|jet-?lagged|distracted|flustered)"
)
_EXCUSES = re.compile(
    rf"\b(?:because |as |since )?I(?: was| felt| am|'m| got) {_FEELINGS}\b"
    r"|\b(?:because )?I did(?:n't| not) have (?:enough |much |the )?(?:time|chance to prepare|sleep)\b"
    r"|\b(?:because )?I (?:had|have) (?:had )?(?:no|little) time\b"
    r"|\bbecause of (?:my |the )?(?:nerves|traffic|jet ?lag|time difference|schedule|workload|internet)\b"
    r"|\bI (?:was|wasn't|was not) (?:not )?feeling (?:well|myself|great)\b"
    r"|\b(?:had|having) a (?:long|rough|bad|busy|hard) (?:day|week|night|morning)\b"
    r"|\b(?:bad|slow|poor|patchy) (?:internet|connection|wi-?fi)\b"
    r"|\btraffic\b"
    r"|\b(?:wasn't|was not|isn't|is not) my fault\b"
    r"|\b(?:no one|nobody) told me\b"
    r"|\bthe question was (?:unfair|unclear|confusing|tricky)\b",
    re.IGNORECASE,
)
_APOLOGIES = re.compile(
    r"\bsorry\b|\bapologi[sz]e\b|\bapolog(?:y|ies)\b|\bforgive me\b|\bplease excuse\b|\bI regret\b",
    re.IGNORECASE,
)
_THANKS = re.compile(r"\bthank|\bgrateful\b|\bappreciat", re.IGNORECASE)
_STRENGTH_WORDS = re.compile(
    r"\bstrengths?\b|\bexperience\b|\bskills?\b|\bI (?:would|could|can|will) bring\b"
    r"|\bcame (?:through|across)\b|\bmy (?:ability|background|track record)\b",
    re.IGNORECASE,
)


def _normalised(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).replace("’", "'").casefold().split())


def _mentions_name(text: str, name: str) -> bool:
    """The full name, or any real part of it ("Jane" for "Dr. Jane Doe"), appears in the text."""
    text, name = _normalised(text), _normalised(name)
    if name in text:
        return True
    parts = [
        part
        for part in re.split(r"[\s,.]+", name)
        if len(part) > 1 and part not in note_words()["honorifics"]
    ]
    return any(re.search(rf"(?<!\w){re.escape(part)}(?!\w)", text) for part in parts)


def _excuses(note: NoteDraft) -> Finding | None:
    excuses = list(dict.fromkeys(match.group(0).strip() for match in _EXCUSES.finditer(note.plain)))
    if not excuses:
        return None
    return Finding(
        "excuse",
        "Sounds like an excuse: " + ", ".join(f"“{excuse}”" for excuse in excuses),
        "A reason for a mistake reads as blaming circumstances; owning it briefly reads as maturity.",
        "Delete the reason. Keep one short sentence that owns the mistake and says what you would do now.",
    )


def _apologies(note: NoteDraft) -> Finding | None:
    apologies = [match.group(0) for match in _APOLOGIES.finditer(note.plain)]
    if len(apologies) <= 1:
        return None
    return Finding(
        "apologies",
        f"{len(apologies)} apologies (" + ", ".join(f"“{word}”" for word in apologies) + ")",
        "One short apology shows you own the mistake; more make the mistake what the note is about.",
        "Keep a single apology for the one mistake you chose and remove the others.",
    )


def _length(note: NoteDraft) -> Finding | None:
    if note.channel == "linkedin":
        length = note_length(note.text)
        if length <= LINKEDIN_NOTE_LIMIT:
            return None
        return Finding(
            "length",
            f"{length} characters: over LinkedIn's {LINKEDIN_NOTE_LIMIT}",
            f"LinkedIn cuts a connection-request note at {LINKEDIN_NOTE_LIMIT} characters.",
            "Keep the thanks, one strength and the close; or send it by e-mail instead.",
        )
    words = word_count(note.text)
    if words <= EMAIL_WORD_LIMIT:
        return None
    return Finding(
        "length",
        f"{words} words: over about {EMAIL_WORD_LIMIT}",
        "A short note gets read to the end; a long one reads as if you were still arguing.",
        "Keep the thanks, one topic, one or two strengths, at most one apology and the close.",
    )


def _thanks(note: NoteDraft) -> Finding | None:
    if _THANKS.search(note.plain):
        return None
    return Finding(
        "thanks",
        "No thanks",
        "Thanking them for their time is the point of the note.",
        "Add a sentence that thanks them for their time.",
    )


def _strength(note: NoteDraft) -> Finding | None:
    normalised = _normalised(note.text)
    named = any(_normalised(strength) in normalised for strength in note.strengths if strength.strip())
    if _STRENGTH_WORDS.search(note.plain) or named:
        return None
    return Finding(
        "strength",
        "No strength mentioned",
        "The note is your chance to leave them with what you do well, not only with the mistake.",
        "Name one or two strengths from your Strengths column, e.g. “I hope my technical depth came "
        "through.”",
    )


def _name(note: NoteDraft) -> Finding | None:
    why = "A note addressed to no one reads like a form letter."
    if not note.interviewer_name.strip():
        return Finding(
            "name",
            "No interviewer name",
            why,
            "Add the interviewer's name to the contact, and greet them with it.",
        )
    if _mentions_name(note.text, note.interviewer_name):
        return None
    name = one_line(note.interviewer_name)
    return Finding(
        "name", f"The interviewer's name ({name}) is missing", why, f"Greet them by name: “Hi {name},”."
    )


# Every rule, in the order their findings are listed.
RULES: tuple[Callable[[NoteDraft], Finding | None], ...] = (
    _excuses,
    _apologies,
    _length,
    _thanks,
    _strength,
    _name,
)


def check_note(
    text: str, *, channel: NoteChannel, interviewer_name: str, strengths: Sequence[str] = ()
) -> list[Finding]:
    """What the method warns against in `text`, each with why and how to fix it; empty when it is fine.

    `strengths` (the debrief's strength categories or phrases) count as a strength mentioned, beside
    the usual wordings ("my experience", "strengths I would bring", "came through").
    """
    note = NoteDraft(text, channel, interviewer_name, strengths)
    return [finding for rule in RULES if (finding := rule(note)) is not None]
