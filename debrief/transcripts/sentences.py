"""What one sentence of a call is: an interviewer's question to answer, small talk, logistics, a check
that the other side follows ("Right?"), the hand-over to the candidate's own questions, or a statement.

Plain rules over the words, deterministic and offline; the labelled transcripts in
tests/fixtures/transcripts measure them (`make bench`).
"""

from __future__ import annotations

import re
from enum import Enum

_SENTENCE_END = re.compile(r"(?<=[.?!])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])")


def phrases(*alternatives: str, anchor: str = "search") -> re.Pattern[str]:
    """One pattern for a list of phrases (regular expressions), matched as whole words: anywhere
    (`search`), at the start (`start`) or as the whole text (`whole`)."""
    body = "|".join(alternatives)
    pattern = {"search": rf"\b(?:{body})\b", "start": rf"^(?:{body})\b", "whole": rf"^(?:{body})$"}[anchor]
    return re.compile(pattern, re.IGNORECASE)


# Words that open a sentence without changing what it asks ("So, moving on — how do you…").
_OPENER_WORDS = (
    "so",
    "ok",
    "okay",
    "alright",
    "all right",
    "right",
    "great",
    "good",
    "cool",
    "now",
    "next",
    "and",
    "well",
    "perfect",
    "lovely",
    "brilliant",
    "then",
    "also",
    "moving on",
    "next up",
    "last one",
    "final one",
    "final question",
    "one more",
    "one last thing",
    "thanks",
    "thank you",
    "got it",
    "fine",
    "sure",
    "yes",
    "yeah",
    "mm",
    "hmm",
    "um",
    "uh",
    "anyway",
    "fantastic",
    "nice",
    "interesting",
    "actually",
    "in that case",
    "building on that",
    "on that note",
    "following on",
    "first",
    "firstly",
    "first of all",
    "to start",
    "to start with",
    "to begin",
    "to begin with",
    "again",
    "to (?:kick|start) (?:us|things|this|it) off",
    "let's (?:start|begin|kick off)(?: with (?:this|that|one))?",
    "for my (?:first|next|last) question",
    "my (?:first|next|last) question(?: is)?",
    "question (?:one|two|three)",
)
_OPENERS = re.compile(rf"^(?:(?:{'|'.join(_OPENER_WORDS)})(?:\s*[,.!:;—–-]+\s*|\s+))+", re.IGNORECASE)
# How a sentence without a question mark asks for an answer ("Walk me through your CV.").
_PROMPT = phrases(
    "tell (?:me|us)",
    "walk (?:me|us)",
    "talk (?:me|us)",
    "talk to (?:me|us)",
    "take (?:me|us) through",
    "run (?:me|us) through",
    r"give (?:me|us) (?:an?|some|one|your|a few|the)\b(?! (?:sec|second|moment|minute))",
    "describe",
    "explain",
    "share (?:an?|some|one|your|with)",
    "show (?:me|us)",
    "outline",
    "summari[sz]e",
    "think (?:of|about|back)",
    "pick (?:a|an|one)",
    "design",
    "sketch",
    "rate",
    "rank",
    "score (?:yourself|your|it)",
    "name (?:a|an|one|two|three|your|the)",
    "list",
    "compare",
    "estimate",
    "calculate",
    "define",
    "sell (?:me|us)",
    "convince (?:me|us)",
    "pitch",
    "persuade (?:me|us)",
    "go through",
    "how about",
    "i'd (?:like|love) (?:you to|to hear|to know|to understand)",
    "i want (?:you to|to hear|to know|to understand)",
    "i'm (?:curious|interested) (?:about|in|to)",
    "i'd be (?:curious|interested)",
    "could you",
    "can you",
    "would you",
    "please (?:tell|describe|explain|walk)",
    "i'd like to (?:start|begin|kick off) with",
    "pitch me",
    "sell (?:me|us) (?:this|that|the)",
    anchor="start",
)
_SHORT_PROMPT = phrases("pitch me", "sell (?:me|us)", "convince (?:me|us)", "go ahead", anchor="start")
_SMALL_TALK = phrases(
    # the line
    "hear (?:me|you|us)",
    "see (?:me|you|us)",
    "on mute",
    "audio",
    "video",
    "camera",
    "connection",
    "internet",
    "wifi",
    "wi-fi",
    "is that better",
    "hear that",
    "(?:any )?trouble (?:getting in|joining|finding|with the link)",
    # the day, the weather, the journey
    "how(?:'s| is| was| has) (?:your|the) (?:day|morning|afternoon|week|weekend|evening)",
    "how(?:'s| is| was| has) (?:your )?(?:day|morning|afternoon|week|weekend) been",
    "how are you(?: doing| keeping| getting on)?(?: today| this (?:morning|afternoon))?$",
    "how(?:'s| is) it going",
    "how are things",
    "how have you been",
    "weather",
    "rain",
    "raining",
    "snow",
    "snowing",
    "sunny",
    "cold out",
    "hot out",
    "find (?:the|us|our) (?:link|place|office|building|room)",
    "find us",
    "the link (?:ok|okay|alright|all right|fine)",
    "get here",
    "coffee",
    "water",
    "a tea",
    "cup of",
    "traffic",
    "parking",
    "journey",
    "(?:good|nice|lovely) to (?:meet|see)",
    "calling from",
    "dial(?:l)?ing in from",
    "yesterday",
    "last night",
    "the link",
    "dogs?",
    "cats?",
    "pets?",
)
_LOGISTICS = phrases(
    # arranging the process
    "calendar",
    "invite",
    "invitation",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "next week",
    "tomorrow",
    "time slot",
    "slot",
    "(?:that|this|the) time (?:work|suit)",
    "work for you",
    "suit you",
    "availability for",
    "good number",
    "best number",
    "reach you",
    "(?:send|email|forward) (?:you|it|that|over|the|a)",
    "email address",
    "record(?:ing)? (?:this|the call|it)",
    "(?:share|sharing|see) (?:my|your|the) screen",
    "screen share",
    "(?:book|schedule|set up|line up) (?:a|the|another|your)",
    "next (?:round|stage|step|steps|interview) (?:with|will|would|is)",
    "(?:the|a) (?:zoom|teams|meet) link",
    "take notes",
    "still a good time",
    "have a hard stop",
    "running (?:over|late)",
    "a few more minutes",
    # asking to hear it again
    "repeat (?:that|the question)",
    "say that again",
    "come again",
    "didn't catch",
    "did not catch",
    # a panel handing the word on to each other
    "(?:want|like) to (?:go|jump in|come in|take (?:it|this|the next one))",
    "go next",
    "(?:did|do) you have (?:another|one more|anything)",
    "anything (?:from you|to add)",
    "over to you",
    "your turn",
    "kick (?:us )?off",
    "(?:squeeze|sneak|jump) (?:one|a quick one|in)",
    "the recruiter (?:tell|told|mention|explain|share|send|say)",
    "number ending",
    "best (?:one|number|way to reach)",
)
# Checks that the other side follows, wanting no answer ("Right?", "Shall we start?").
_CHECK = phrases(
    "right",
    "you know",
    "you see",
    "makes? sense",
    "sounds? good",
    "okay",
    "ok",
    "yeah",
    "yes",
    "no",
    "true",
    "does that (?:make sense|help|work)",
    "does that answer (?:it|that|your question)",
    "is that (?:ok|okay|alright|all right|fine|clear|right)",
    "fair",
    "fair enough",
    "got it",
    "(?:still )?with me",
    "(?:are you )?ready",
    "all good",
    "good to go",
    "cool",
    "sure",
    "(?:you )?follow",
    "isn't it",
    "wasn't it",
    "don't you think",
    "sorry",
    "pardon",
    "what",
    "really",
    "oh",
    "hmm",
    "huh",
    "mm",
    "interesting",
    "nice",
    "good",
    "great",
    "shall (?:we|i) (?:start|begin|get started|kick off|dive in|get going|crack on|continue|go on)",
    "happy to (?:start|begin|go|continue)",
    "(?:before we (?:start|begin)[, ]+)?(?:do you have )?any questions"
    "(?: at all| so far| on that| about that)?(?: before we [a-z ]+)?",
    "where (?:were|was) (?:we|i)",
    anchor="whole",
)
# A statement turned into a check by its tail: "It happens to all of us, right?"
_TAG = re.compile(
    r"(?:,|—|–|-)\s*(?:right|you know|yeah|yes|no|okay|ok|isn't it|wasn't it|aren't they|don't you think|"
    r"correct|true|agreed|see what i mean|know what i mean|if that makes sense|"
    r"(?:is|are|was|were|do|does|did|have|has|can|could|would|will|isn't|aren't|wasn't|weren't|don't|"
    r"doesn't|didn't|haven't|hasn't|can't|couldn't|wouldn't|won't) (?:it|they|he|she|you|we|there|that|i))$"
    r"|^(?:does|do|is|would|will) (?:that|this|it) (?:sound|seem|look|work|be) ?(?:ok|okay|good|alright|"
    r"all right|fine|reasonable|fair)?(?: (?:with|for) you)?$",
    re.IGNORECASE,
)
# The interviewer handing over to the candidate's own questions.
_HANDOVER = phrases(
    "questions? (?:for|to ask) (?:me|us|the panel|the team)",
    "(?:anything|something) (?:you'd|you would|you want to|you'd like to|you would like to) (?:like to )?ask",
    "what (?:questions|else) (?:do you|would you|can i|could i|can we) (?:have|like|answer)",
    "questions (?:you have )?about (?:the role|us|the company|the team)",
    "(?:over|turn(?: it)?(?: over)?) to you(?: for (?:questions|any questions))",
    "floor is yours",
    "(?:do you have|got) any questions(?: at all| for (?:me|us))?",
    "what would you like to (?:ask|know)",
    "what questions (?:have you got|do you have|would you like to ask)",
)
# Questions a candidate asks mid-interview to understand the question, not to be answered.
_CLARIFYING = phrases(
    "do you mean",
    "did you mean",
    "are you asking",
    "you mean",
    "is that (?:what you mean|what you're after)",
    "should i (?:focus|talk|pick|start|go)",
    "would you like me to",
    "do you want me to",
    "shall i",
    "(?:can|could) you repeat",
    "say that again",
    "is it okay if i",
    "is that the kind of",
    "like in my current role",
    r"in my current (?:role|job)\?",
    "one from",
    "from work or",
    "can i (?:just )?check",
    "just to (?:check|clarify|confirm)",
    "to clarify",
)
_WH_WORD = phrases(
    "why",
    "how",
    "what",
    "which",
    "who",
    "when",
    "where",
    "whereabouts",
    "and why",
    "and how",
    "so why",
    "such as",
    anchor="start",
)
_ACKNOWLEDGEMENT = phrases(
    "great",
    "thanks",
    "thank you",
    "ok",
    "okay",
    "got it",
    "interesting",
    "nice",
    "perfect",
    "lovely",
    "brilliant",
    "fantastic",
    "cool",
    "right",
    "mm",
    "mhm",
    "uh-huh",
    "sure",
    "understood",
    "good",
    "fair enough",
    "wonderful",
    "excellent",
    "awesome",
    "amazing",
    "wow",
    "makes sense",
    "i see",
    "appreciate",
    "that's (?:great|helpful|really|interesting|fair|good|clear|super|very|a great|a good|useful|impressive)",
    "that is (?:great|helpful|really|interesting)",
    "no",
    "yes",
    "yeah",
    "yep",
    "exactly",
    "absolutely",
    "correct",
    "spot on",
    anchor="start",
)
_ANAPHOR = phrases("that", "this", "it", "they", "them", "those", "these", "there", "such", "its", "their")
_SCENARIO = phrases(
    "imagine",
    "suppose",
    "say",
    "let's say",
    "picture",
    "here's",
    "here is",
    "our",
    "we",
    "we've",
    "we're",
    "the",
    "a",
    "an",
    "you're",
    "you are",
    "you've",
    "you have",
    "at",
    "in",
    "last",
    "this",
    "one of",
    "there's",
    "there is",
    "currently",
    "right now",
    anchor="start",
)
_FOLLOW_UP = phrases(
    "why",
    "and",
    "so why",
    "how did",
    "what did",
    "what happened",
    "what was",
    "what were",
    "what would you (?:do|change)",
    "tell me more",
    "how come",
    "did you",
    "was that",
    "were you",
    "what made you",
    "how did that",
    "looking back",
    "in hindsight",
    "if you (?:did|had)",
    "what if",
    "how would that",
    "(?:could|can) you (?:go|say) (?:deeper|more)",
    "go on",
    "such as",
    "like what",
    "for example",
    "any examples?",
    anchor="start",
)
_NEW_TOPIC = phrases(
    "moving on",
    "next question",
    "let's (?:switch|move|change|turn|talk about)",
    "switch(?:ing)? (?:gears|tack)",
    "change (?:gears|tack|of topic)",
    "different (?:topic|area|direction)",
    "another (?:question|area|topic)",
    "on to",
    "onto",
    "shift(?:ing)? to",
)


class Kind(Enum):
    QUESTION = "question"  # one the candidate is meant to answer
    SMALL_TALK = "small talk"
    LOGISTICS = "logistics"
    CHECK = "check"  # "Right?", "Makes sense?": no answer wanted
    HANDOVER = "handover"  # "Do you have any questions for us?"
    STATEMENT = "statement"


def split_sentences(text: str) -> list[str]:
    return [sentence.strip() for sentence in _SENTENCE_END.split(text) if sentence.strip()]


def core(sentence: str) -> str:
    """The sentence without the words that open it ("So, okay, …") and its closing punctuation."""
    return _OPENERS.sub("", sentence.strip()).strip(" \"'“”‘’()").rstrip(" ?.!…").strip()


def kind_of(sentence: str) -> Kind:
    """What an interviewer's sentence is."""
    text = core(sentence)
    asks = sentence.rstrip(" \"'”’)").endswith("?")
    lowered = text.lower()
    if asks and _HANDOVER.search(lowered):
        return Kind.HANDOVER
    if asks and (not text or _CHECK.match(lowered) or _TAG.search(lowered)):
        return Kind.CHECK
    words = text.split()
    if asks and len(words) <= 2 and not _WH_WORD.match(lowered):
        return Kind.CHECK
    if not asks and not (_prompts(text) and (len(words) >= 4 or _SHORT_PROMPT.match(text))):
        return Kind.STATEMENT
    if _SMALL_TALK.search(lowered):
        return Kind.SMALL_TALK
    if _LOGISTICS.search(lowered):
        return Kind.LOGISTICS
    return Kind.QUESTION


def _prompts(text: str) -> bool:
    """Whether a sentence without a question mark asks for an answer ("Walk me through your CV."),
    also after a short lead-in ("For this one, talk me through…")."""
    if _PROMPT.match(text):
        return True
    lead, comma, rest = text.partition(",")
    return bool(comma) and len(lead.split()) <= 5 and bool(_PROMPT.match(rest.strip()))


def kinds_in_turn(turn_sentences: list[str]) -> list[Kind]:
    """What each sentence of one interviewer's turn is; a short question straight after small talk is
    small talk too ("How's your day been? Have you come off a shift?")."""
    kinds = [kind_of(sentence) for sentence in turn_sentences]
    for index in range(1, len(kinds)):
        after_small_talk = kinds[index - 1] is Kind.SMALL_TALK
        if after_small_talk and kinds[index] is Kind.QUESTION and len(turn_sentences[index].split()) <= 8:
            kinds[index] = Kind.SMALL_TALK
    return kinds


def is_clarifying(sentence: str) -> bool:
    """A candidate's question about the question ("Do you mean in my current role?")."""
    return sentence.rstrip().endswith("?") and bool(_CLARIFYING.search(sentence))


def is_acknowledgement(sentence: str) -> bool:
    return bool(_ACKNOWLEDGEMENT.match(sentence.strip(" \"'“‘")))


def leans_on_context(question: str, previous: str) -> bool:
    """Whether `question` needs the statement before it to be understood ("Our Leeds site throws away 8%
    of its produce." then "How would you reduce that?"), or names its topic ("Your Excel.")."""
    topic = core(previous)
    if not topic or is_acknowledgement(previous) or _SMALL_TALK.search(previous):
        return False
    if _LOGISTICS.search(previous) or previous.rstrip().endswith("?"):
        return False
    if len(topic.split()) <= 4:  # a topic named before the question: "Your Excel. Rate it out of ten."
        return True
    return bool(_ANAPHOR.search(core(question))) or bool(_SCENARIO.match(topic))


def reads_as_follow_up(question: str, turn_text: str) -> bool:
    """Whether a question digs into the answer just given rather than opening a topic."""
    if _NEW_TOPIC.search(turn_text):
        return False
    text = core(question)
    return bool(_FOLLOW_UP.match(text)) or (len(text.split()) <= 12 and bool(_ANAPHOR.search(text)))
