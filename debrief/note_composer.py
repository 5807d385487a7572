"""Step 4: a thank-you note drafted from the debrief (what it is checked against: debrief.note_checks).

The note greets the interviewer by name, thanks them for their time, names a topic from the questions,
highlights one or two strengths, owns at most one chosen mistake in one short sentence that turns
positive (from its "What I'd say next time"), and closes with gratitude for the chance to continue.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from debrief.contacts import Contact
from debrief.models import Debrief, Reflection
from debrief.note_checks import EMAIL_WORD_LIMIT, LINKEDIN_NOTE_LIMIT, note_length, note_words, word_count
from debrief.vocabulary import NOTE_CHANNELS, TONES, NoteChannel, Tone, one_line

_TOPIC_CHARACTERS = 120
_TURN_CHARACTERS = 160


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
    # Topics worth naming, best first; salary and logistics are not what to remind an interviewer of.
    preference = note_words()["topic_categories_best_first"]
    candidates = [
        (-(question.answer_rating or 0), preference.index(question.category), position, question.text)
        for position, question in enumerate(debrief.questions)
        if question.category in preference and one_line(question.text)
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
        phrase = note_words()["strength_phrases"].get(category) or f"my {_lower_first(category)}"
        if phrase not in phrases:
            phrases.append(phrase)
        if len(phrases) == limit:
            break
    return phrases


def owned_mistake(mistake: Reflection) -> str:
    """What the apology owns: the fact, in a few words, with no reason attached."""
    words = note_words()
    return words["owning"].get(one_line(mistake.category), words["owning_otherwise"])


def positive_turn(mistake: Reflection) -> str:
    """What the user would do now, from "What I'd say next time", as the end of a sentence."""
    text = _shorten(mistake.next_time.rstrip(" .!;:,\n"), _TURN_CHARACTERS)
    if not text:
        return "I have thought it through and would welcome the chance to show you a better answer"
    first = text.split(" ", 1)[0]
    if first in {"I", "My"} or first.startswith(("I'", "I’")):
        return text
    if first.casefold() in note_words()["plan_verbs"]:
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
