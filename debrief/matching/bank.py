"""The shipped bank of common interview questions, and the normalisation that makes differently written
texts of one question alike (case, accents, contractions, the shorthand people jot down).

Part of what decides the grouping: its code and data/question_bank.json are in the matcher's
fingerprint (see `debrief.matching`).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import snowballstemmer

BANK_FILE = Path(__file__).resolve().parents[2] / "data" / "question_bank.json"
# How stored group keys start: a question of the bank, or a group led by one of the user's own wordings.
BANK_PREFIX = "bank:"
OWN_PREFIX = "own:"

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
_IS_CONTRACTIONS = ("what", "that", "it", "there", "who", "where", "how", "here", "he", "she")
_CONTRACTIONS = (
    (re.compile(r"\bcan't\b"), "can not"),
    (re.compile(r"\bwon't\b"), "will not"),
    (re.compile(r"\blet's\b"), "let us"),
    (re.compile(r"n't\b"), " not"),
    (re.compile(r"'re\b"), " are"),
    (re.compile(r"'ve\b"), " have"),
    (re.compile(r"'ll\b"), " will"),
    (re.compile(r"'d\b"), " would"),
    (re.compile(r"\bi'm\b"), "i am"),
    (re.compile(rf"\b({'|'.join(_IS_CONTRACTIONS)})'s\b"), r"\1 is"),
    (re.compile(r"'s\b"), ""),
)
# British and American spellings meet: organise/organize, behaviour/behavior.
_SPELLINGS = (
    (re.compile(r"(?<=\w\w\w)iz(e|es|ed|ing|ation|ations)\b"), r"is\1"),
    (re.compile(r"(?<=\w\w\w)our(s?)\b"), r"or\1"),
)
_PUNCTUATION = re.compile(r"[^\w\s]+")
# How notes of an interview often start, which says nothing about the question itself.
_NOTE_OPENERS = re.compile(
    r"^(?:(?:so|ok|okay|um+|uh+|er+m*|well|and|then|also|next|finally|lastly|classic|the classic|q|question"
    r"|q ?\d+|question ?\d+|\d+|the usual|usual|coding question|quick question|role play"
    r"|(?:they|he|she|interviewer|the interviewer|you|i|we)? ?(?:got |was |were )?"
    r"(?:asked|wanted to know|wanted)(?: me| us)?(?: about| to| if| whether| for)?)\s+)+"
)


english_stemmer = snowballstemmer.stemmer("english")


@cache
def _stem(word: str) -> str:
    return english_stemmer.stemWord(word)


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(character for character in decomposed if not unicodedata.combining(character))


@dataclass(frozen=True)
class BankQuestion:
    id: str
    category: str
    canonical: str
    texts: tuple[str, ...]

    @property
    def group_key(self) -> str:
        return f"{BANK_PREFIX}{self.id}"


@dataclass(frozen=True)
class QuestionBank:
    questions: tuple[BankQuestion, ...]
    # Word-for-word replacements that make different ways of writing one thing identical.
    abbreviations: dict[str, str]
    synonyms: dict[str, str]
    phrases: dict[str, str]
    # Pairs of opposite word stems ("strength" / "weak"): texts on different sides are different questions.
    contrasts: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()

    @cached_property
    def contrast_feature(self) -> dict[str, int]:
        """Each contrasting stem's feature: one per side of each pair."""
        return {
            stem: 2 * pair + side
            for pair, sides in enumerate(self.contrasts)
            for side, stems in enumerate(sides)
            for stem in stems
        }

    def by_key(self, group_key: str) -> BankQuestion | None:
        return self._by_key.get(group_key)

    @cached_property
    def _by_key(self) -> dict[str, BankQuestion]:
        return {question.group_key: question for question in self.questions}

    @cached_property
    def _phrase_pattern(self) -> re.Pattern[str]:
        longest_first = sorted(self.phrases, key=len, reverse=True)
        return re.compile(r"\b(" + "|".join(re.escape(phrase) for phrase in longest_first) + r")\b")

    def normalise(self, text: str) -> str:
        """The text reduced to what matters for comparing questions: one result, one question."""
        text = unicodedata.normalize("NFKC", str(text)).translate(_APOSTROPHES).casefold()
        text = _strip_accents(text)
        for pattern, replacement in _CONTRACTIONS:
            text = pattern.sub(replacement, text)
        abbreviations = self.abbreviations
        words = [abbreviations.get(word.strip("?!.,;:()[]\"'"), word) for word in text.split()]
        text = _PUNCTUATION.sub(" ", " ".join(words))
        for pattern, replacement in _SPELLINGS:
            text = pattern.sub(replacement, text)
        # Again: removing punctuation can free a shorthand word ("(abt" becomes "abt").
        text = " ".join(abbreviations.get(word, word) for word in text.split())
        text = _NOTE_OPENERS.sub("", text + " ")
        if self.phrases:
            text = self._phrase_pattern.sub(lambda match: self.phrases[match.group(1)], text)
        synonyms = self.synonyms
        return " ".join(_stem(synonyms.get(word, word)) for word in text.split())


@cache
def question_bank() -> QuestionBank:
    """The shipped bank of common interview questions."""
    document = json.loads(BANK_FILE.read_text(encoding="utf-8"))
    questions = tuple(
        BankQuestion(
            id=entry["id"],
            category=entry["category"],
            canonical=entry["canonical"],
            texts=(entry["canonical"], *entry["phrasings"], *entry["shorthand"]),
        )
        for entry in document["questions"]
    )
    contrasts = tuple(tuple(tuple(side) for side in pair) for pair in document["contrasts"])
    return QuestionBank(
        questions, document["abbreviations"], document["synonyms"], document["phrases"], contrasts
    )
