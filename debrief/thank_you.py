"""Step 4: a thank-you note drafted from the debrief, and a checker for what the method warns against.

The note greets the interviewer by name, thanks them for their time, names a topic from the questions,
highlights one or two strengths, owns at most one chosen mistake in one short sentence that turns
positive (from its "What I'd say next time"), and closes with gratitude for the chance to continue.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from debrief.contacts import Contact
from debrief.models import Debrief, Reflection
from debrief.vocabulary import NOTE_CHANNELS, TONES, NoteChannel, Tone, one_line

# LinkedIn takes at most 300 characters in the note sent with a connection request, the shortest of
# its message limits. Counted as the browser counts them: UTF-16 code units, so an emoji counts two.
LINKEDIN_NOTE_LIMIT = 300
EMAIL_WORD_LIMIT = 200
_TOPIC_CHARACTERS = 120
_TURN_CHARACTERS = 160

# Topics worth naming, best first; salary and logistics are not what to remind an interviewer of.
_TOPIC_PREFERENCE = {"Technical": 0, "Situational": 1, "Culture fit": 2, "Behavioural": 3, "Motivation": 4}
_STRENGTH_PHRASES = {
    "Clear story": "my clear, structured answers",
    "Technical depth": "my technical depth",
    "Rapport": "my knack for building rapport",
    "Good questions": "my curiosity about how your team works",
    "Concrete results": "my focus on concrete results",
    "Calm under pressure": "my calm under pressure",
    "Strong company research": "the homework I did on your company",
    "Enthusiasm": "my enthusiasm for the role",
    "Honest about gaps": "my honesty about what I am still learning",
}
# What the apology owns, per mistake category: the fact, in a few words, with no reason attached.
_OWNING = {
    "Rambling": "some of my answers ran long",
    "No concrete example": "I did not give you a concrete example when you asked for one",
    "Technical gap": "one of my technical answers was weaker than it should have been",
    "Nerves": "I did not come across as composed as I would have liked",
    "Weak company research": "I was not better prepared on your company's recent work",
    "Salary misstep": "I handled the salary question clumsily",
    "Negative about past employer": "I spoke about my previous employer less generously than I should have",
    "No questions for them": "I did not have better questions ready for you",
    "Unclear about motivation": "I did not explain clearly why I want this role",
    "Talked over the interviewer": "I talked over you at times",
    "Late or unprepared set-up": "I was not fully set up when we started",
}
_OWNING_OTHERWISE = "one of my answers fell short of what I can do"


def note_length(text: str) -> int:
    """Length as LinkedIn counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def word_count(text: str) -> int:
    return len(text.split())


def _shorten(text: str, limit: int) -> str:
    """`text` on one line, cut at a word boundary with an ellipsis when longer than `limit` characters."""
    text = one_line(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-") + "…"


def _lower_first(text: str) -> str:
    """Lower-case a capitalised first word ("Answer" → "answer"), not "I", "STAR" or "iOS"."""
    first = text.split(" ", 1)[0]
    if first == "I" or first.startswith(("I'", "I’")):
        return text
    if first[:1].isupper() and not first[1:2].isupper():
        return text[0].lower() + text[1:]
    return text


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?", "…")) else f"{text}."


def discussion_topic(debrief: Debrief) -> str | None:
    """The question to name in the note: the best-answered one, technical and situational ones first."""
    candidates = [
        (-(question.answer_rating or 0), _TOPIC_PREFERENCE[question.category], position, question.text)
        for position, question in enumerate(debrief.questions)
        if question.category in _TOPIC_PREFERENCE and one_line(question.text)
    ]
    return one_line(min(candidates)[3]) if candidates else None


def strength_phrases(debrief: Debrief, limit: int = 2) -> list[str]:
    """Up to `limit` strengths from the Strengths column, highest impact first, as phrases for the note."""
    ranked = sorted(enumerate(debrief.strengths), key=lambda pair: (-pair[1].severity, pair[0]))
    phrases: list[str] = []
    for _, item in ranked:
        category = one_line(item.category)
        if category == "Other" or not category:
            continue
        phrase = _STRENGTH_PHRASES.get(category) or f"my {_lower_first(category)}"
        if phrase not in phrases:
            phrases.append(phrase)
        if len(phrases) == limit:
            break
    return phrases


def owned_mistake(mistake: Reflection) -> str:
    return _OWNING.get(one_line(mistake.category), _OWNING_OTHERWISE)


# How "What I'd say next time" notes usually start when they are an instruction to oneself.
_PLAN_VERBS = frozenset(
    [
        "admit",
        "aim",
        "answer",
        "ask",
        "avoid",
        "be",
        "bring",
        "check",
        "cite",
        "clarify",
        "come",
        "cut",
        "describe",
        "draw",
        "explain",
        "focus",
        "frame",
        "give",
        "keep",
        "lead",
        "learn",
        "link",
        "listen",
        "look",
        "mention",
        "name",
        "open",
        "pause",
        "plan",
        "point",
        "practise",
        "practice",
        "prepare",
        "quantify",
        "read",
        "rehearse",
        "research",
        "review",
        "say",
        "set",
        "share",
        "show",
        "skip",
        "slow",
        "speak",
        "spend",
        "start",
        "state",
        "stay",
        "stop",
        "structure",
        "study",
        "take",
        "talk",
        "tell",
        "think",
        "use",
        "walk",
        "write",
    ]
)


def positive_turn(mistake: Reflection) -> str:
    """What the user would do now, from "What I'd say next time", as the end of a sentence."""
    text = _shorten(mistake.next_time.rstrip(" .!;:,\n"), _TURN_CHARACTERS)
    if not text:
        return "I have thought it through and would welcome the chance to show you a better answer"
    first = text.split(" ", 1)[0]
    if first in {"I", "My"} or first.startswith(("I'", "I’")):
        return text
    if first.casefold() in _PLAN_VERBS:
        return f"I would {_lower_first(text)}"
    # Jotted notes ("Two minutes, headline first") are no instruction to put after "I would".
    return f"my plan for next time: {_lower_first(text)}"


def _position(debrief: Debrief, tone: Tone, role_characters: int | None = None) -> str:
    company = one_line(debrief.company)
    noun = "role" if tone == "warm" else "position"
    role = one_line(debrief.role)
    if role and role_characters != 0:
        return f"the {_shorten(role, role_characters or len(role))} {noun} at {company}"
    return f"the {noun} at {company}"


def note_subject(debrief: Debrief, tone: Tone = "warm") -> str:
    """A subject line for the e-mail."""
    if tone == "warm":
        return _shorten(f"Thank you for the conversation about {_position(debrief, tone)}", 150)
    return _shorten(f"Thank you for the interview for {_position(debrief, tone)}", 150)


def _fit(
    slots: dict[str, list[str]], shrink: Sequence[str], render: Callable[[dict[str, str]], str], fits
) -> str:
    """Render the slots' first variants; while the text does not fit, step slots down in `shrink` order."""
    chosen = dict.fromkeys(slots, 0)

    def text() -> str:
        return render({name: variants[chosen[name]] for name, variants in slots.items()})

    for name in shrink:
        if fits(text()):
            break
        chosen[name] = min(chosen[name] + 1, len(slots[name]) - 1)
    return text()


def _strength_variants(phrases: list[str], tone: Tone, short: bool) -> list[str]:
    verb, where = ("came through", "your team") if tone == "warm" else ("came across", "the position")
    if short:
        generic = f"I hope my strengths {verb}."
        return [f"I hope {phrases[0]} {verb}.", generic] if phrases else [generic]
    variants = []
    if len(phrases) > 1:
        both = f"{phrases[0]} and {phrases[1]}"
        variants.append(f"I hope {both} {verb}: they are strengths I would bring to {where}.")
    if phrases:
        variants.append(f"I hope {phrases[0]} {verb}: it is a strength I would bring to {where}.")
    variants.append("I am confident my experience and strengths would serve your team well.")
    return variants


def _apology_variants(mistake: Reflection | None, tone: Tone) -> list[str]:
    if mistake is None:
        return [""]
    owned = owned_mistake(mistake)
    opening = f"I'm sorry {owned}" if tone == "warm" else f"I apologise that {owned}"
    short_opening = "I'm sorry about one weak answer" if tone == "warm" else "I apologise for one weak answer"
    learned = "I've learned from it" if tone == "warm" else "I have learned from it"
    return [
        _sentence(f"{opening}; on reflection, {positive_turn(mistake)}"),
        f"{opening}; {learned}.",
        f"{short_opening}; {learned}.",
    ]


def _email(debrief, name, tone, mistake, sender) -> str:
    warm = tone == "warm"
    topic = discussion_topic(debrief)
    opener = "I really enjoyed our conversation about" if warm else "I particularly valued our discussion of"
    no_topic = (
        "I really enjoyed hearing how your team works."
        if warm
        else "I particularly valued learning more about your team."
    )
    slots = {
        "greeting": [f"Hi {name}," if warm else f"Dear {name},"],
        "thanks": [
            f"Thank you for taking the time to talk with me about {_position(debrief, tone, length)}."
            if warm
            else f"Thank you for your time during the interview for {_position(debrief, tone, length)}."
            for length in (None, 40, 0)
        ],
        "topic": [f"{opener} “{_shorten(topic, size)}”." for size in (_TOPIC_CHARACTERS, 50)] + [no_topic]
        if topic
        else [no_topic],
        "strengths": _strength_variants(strength_phrases(debrief), tone, short=False),
        "apology": _apology_variants(mistake, tone),
        "close": [
            "Thank you again; I'm grateful for the chance to continue the conversation."
            if warm
            else "Thank you again; I am grateful for the opportunity to continue in the process "
            "and look forward to hearing from you."
        ],
        "signoff": ["Best wishes," if warm else "Kind regards,"],
        "sender": [one_line(sender)],
    }

    def render(parts: dict[str, str]) -> str:
        paragraphs = [
            parts["greeting"],
            " ".join(part for part in (parts["thanks"], parts["topic"]) if part),
            " ".join(part for part in (parts["strengths"], parts["apology"]) if part),
            parts["close"],
            "\n".join(part for part in (parts["signoff"], parts["sender"]) if part),
        ]
        return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)

    shrink = ["topic", "thanks", "apology", "strengths", "thanks", "topic"]
    return _fit(slots, shrink, render, lambda text: word_count(text) <= EMAIL_WORD_LIMIT)


def _linkedin(debrief, name, tone, mistake) -> str:
    warm = tone == "warm"
    topic = discussion_topic(debrief)
    company = one_line(debrief.company)
    greeting = f"Hi {name}," if warm else f"Dear {name},"
    talk = "thank you for talking with me" if warm else "thank you for your time discussing"
    topic_opener = "I enjoyed our chat about" if warm else "I valued our discussion of"
    slots = {
        "opening": [
            f"{greeting} {talk} {'about ' if warm else ''}{_position(debrief, tone)}.",
            f"{greeting} {talk} {'about ' if warm else ''}{_position(debrief, tone, 0)}.",
            f"{greeting} thank you for your time at {company}.",
            f"{greeting} thank you for your time.",
        ],
        "topic": [f"{topic_opener} “{_shorten(topic, size)}”." for size in (80, 40)] + [""]
        if topic
        else [""],
        "strengths": _strength_variants(strength_phrases(debrief, limit=1), tone, short=True),
        "apology": _apology_variants(mistake, tone)[1:] or [""],
        "close": [
            "I'm grateful for the chance to continue the conversation."
            if warm
            else "I am grateful for the opportunity to continue the process.",
            "Grateful for the chance to continue.",
        ],
    }

    def render(parts: dict[str, str]) -> str:
        return " ".join(part for part in parts.values() if part)

    shrink = ["topic", "opening", "apology", "topic", "opening", "close", "topic", "opening", "strengths"]
    text = _fit(slots, shrink, render, lambda text: note_length(text) <= LINKEDIN_NOTE_LIMIT)
    while note_length(text) > LINKEDIN_NOTE_LIMIT:  # only an extremely long name or company gets here
        text = text[: LINKEDIN_NOTE_LIMIT - 2].rstrip() + "…"
    return text


def compose_thank_you(
    debrief: Debrief,
    contact: Contact,
    *,
    tone: Tone = "warm",
    channel: NoteChannel = "email",
    mistake_to_address: Reflection | None = None,
    sender: str = "",
) -> str:
    """A draft thank-you note to `contact` about `debrief`.

    With `mistake_to_address`, one short sentence owns that mistake and says what the user would do
    now. E-mails stay within about EMAIL_WORD_LIMIT words; a LinkedIn connection note within
    LINKEDIN_NOTE_LIMIT characters (shorter variants of each part are used until it fits).
    """
    if tone not in TONES:
        raise ValueError(f"tone must be one of {', '.join(TONES)}")
    if channel not in NOTE_CHANNELS:
        raise ValueError(f"channel must be one of {', '.join(NOTE_CHANNELS)}")
    name = one_line(contact.name)
    if channel == "linkedin":
        return _linkedin(debrief, name, tone, mistake_to_address)
    return _email(debrief, name, tone, mistake_to_address, sender)


@dataclass(frozen=True)
class Finding:
    """Something in a note the method warns against: what, why it matters, and how to fix it."""

    rule: str
    problem: str
    why: str
    fix: str


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
_HONORIFICS = {"dr", "mr", "mrs", "ms", "mx", "miss", "prof", "sir", "dame", "herr", "frau"}


def _normalised(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).replace("’", "'").casefold().split())


def _mentions_name(text: str, name: str) -> bool:
    """The full name, or any real part of it ("Jane" for "Dr. Jane Doe"), appears in the text."""
    text, name = _normalised(text), _normalised(name)
    if name in text:
        return True
    parts = [part for part in re.split(r"[\s,.]+", name) if len(part) > 1 and part not in _HONORIFICS]
    return any(re.search(rf"(?<!\w){re.escape(part)}(?!\w)", text) for part in parts)


def check_note(
    text: str, *, channel: NoteChannel, interviewer_name: str, strengths: Sequence[str] = ()
) -> list[Finding]:
    """What the method warns against in `text`, each with why and how to fix it; empty when it is fine.

    `strengths` (the debrief's strength categories or phrases) count as a strength mentioned, beside
    the usual wordings ("my experience", "strengths I would bring", "came through").
    """
    findings: list[Finding] = []
    plain = text.replace("’", "'")
    excuses = list(dict.fromkeys(match.group(0).strip() for match in _EXCUSES.finditer(plain)))
    if excuses:
        findings.append(
            Finding(
                "excuse",
                "Sounds like an excuse: " + ", ".join(f"“{excuse}”" for excuse in excuses),
                "A reason for a mistake reads as blaming circumstances; owning it briefly reads as maturity.",
                "Delete the reason. Keep one short sentence that owns the mistake and says what you would "
                "do now.",
            )
        )
    apologies = [match.group(0) for match in _APOLOGIES.finditer(plain)]
    if len(apologies) > 1:
        findings.append(
            Finding(
                "apologies",
                f"{len(apologies)} apologies (" + ", ".join(f"“{word}”" for word in apologies) + ")",
                "One short apology shows you own the mistake; more make the mistake what the note is about.",
                "Keep a single apology for the one mistake you chose and remove the others.",
            )
        )
    if channel == "linkedin":
        length = note_length(text)
        if length > LINKEDIN_NOTE_LIMIT:
            findings.append(
                Finding(
                    "length",
                    f"{length} characters: over LinkedIn's {LINKEDIN_NOTE_LIMIT}",
                    f"LinkedIn cuts a connection-request note at {LINKEDIN_NOTE_LIMIT} characters.",
                    "Keep the thanks, one strength and the close; or send it by e-mail instead.",
                )
            )
    else:
        words = word_count(text)
        if words > EMAIL_WORD_LIMIT:
            findings.append(
                Finding(
                    "length",
                    f"{words} words: over about {EMAIL_WORD_LIMIT}",
                    "A short note gets read to the end; a long one reads as if you were still arguing.",
                    "Keep the thanks, one topic, one or two strengths, at most one apology and the close.",
                )
            )
    if not _THANKS.search(plain):
        findings.append(
            Finding(
                "thanks",
                "No thanks",
                "Thanking them for their time is the point of the note.",
                "Add a sentence that thanks them for their time.",
            )
        )
    normalised = _normalised(text)
    if not _STRENGTH_WORDS.search(plain) and not any(
        _normalised(strength) in normalised for strength in strengths if strength.strip()
    ):
        findings.append(
            Finding(
                "strength",
                "No strength mentioned",
                "The note is your chance to leave them with what you do well, not only with the mistake.",
                "Name one or two strengths from your Strengths column, e.g. “I hope my technical depth "
                "came through.”",
            )
        )
    if not interviewer_name.strip():
        findings.append(
            Finding(
                "name",
                "No interviewer name",
                "A note addressed to no one reads like a form letter.",
                "Add the interviewer's name to the contact, and greet them with it.",
            )
        )
    elif not _mentions_name(text, interviewer_name):
        findings.append(
            Finding(
                "name",
                f"The interviewer's name ({one_line(interviewer_name)}) is missing",
                "A note addressed to no one reads like a form letter.",
                f"Greet them by name: “Hi {one_line(interviewer_name)},”.",
            )
        )
    return findings
