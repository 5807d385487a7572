"""Grouping recalled interview questions: differently worded versions of one question get one label.

Texts are normalised (case, accents, contractions, the shorthand people jot down) and compared as
TF-IDF vectors over word and character n-grams. A linear classifier trained on the wordings of the
shipped bank (data/question_bank.json) picks the bank question a text most likely asks; the text joins
that question's group if it is close enough to one of its wordings. The rest are grouped among
themselves: each
joins the most similar earlier "leader" text, or leads a new group. Everything is deterministic and
offline. The vectoriser hashes n-grams, so it needs no vocabulary: words the bank has never seen get
the highest weight, which keeps "design a parking lot" apart from "design a URL shortener".
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import math
import os
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import NamedTuple

import numpy as np
import scipy.sparse as sp
import snowballstemmer
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, HashingVectorizer, TfidfTransformer
from sklearn.preprocessing import normalize
from sklearn.svm import LinearSVC

BANK_FILE = Path(__file__).resolve().parent.parent / "data" / "question_bank.json"
BANK_PREFIX = "bank:"
OWN_PREFIX = "own:"
# Similarity (cosine, 0-1) a text needs to join a bank question, or another text's group.
BANK_THRESHOLD = 0.25
OWN_THRESHOLD = 0.2
# How much more similar a text must be to a bank question per share of words the bank never uses.
NOVELTY_PENALTY = 0.5
# How much lower the bar is per unit of lead over the next closest bank question.
LEAD_BONUS = 0.5
# How much lower the bar is per unit of lead of the classifier's score for the picked question over
# its next best (LinearSVC decision values: about 1 separates a question's wordings from the rest).
CLASSIFIER_LEAD_BONUS = 0.3
# How many of a batch's texts matched to a bank question can take in similar texts of the batch.
EXEMPLARS_PER_QUESTION = 20
# Weight of word n-grams against character n-grams in the similarity.
WORD_WEIGHT = 0.3
# Weight of agreeing on contrasting words (strength or weakness, most or least).
CONTRAST_WEIGHT = 0.1
# A question is a sentence or two; a long paste is compared on its beginning only.
COMPARED_CHARACTERS = 300
_CHUNK_ROWS = 2048

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


_stemmer = snowballstemmer.stemmer("english")
# Words that frame a sentence rather than say what it asks: a bank question not using one of them
# is no sign that a text asks something else.
_FILLER_WORDS = frozenset(_stemmer.stemWords(sorted(ENGLISH_STOP_WORDS)))


@cache
def _stem(word: str) -> str:
    return _stemmer.stemWord(word)


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


def normalise(text: str) -> str:
    """`text` normalised with the shipped bank's shorthand and synonyms."""
    return question_bank().normalise(text)


class ClosestQuestions(NamedTuple):
    """Per text: the bank question picked, the similarity to its nearest wording, the highest
    similarity to any other question's wordings, and the classifier's lead for the pick."""

    question: np.ndarray
    similarity: np.ndarray
    runner_up: np.ndarray
    classifier_lead: np.ndarray


class QuestionMatcher:
    """The fitted vectoriser and the bank's vectors. Build once (see `matcher()`), reuse for every call."""

    def __init__(self, bank: QuestionBank):
        self.bank = bank
        self._words = HashingVectorizer(
            analyzer="word",
            ngram_range=(1, 2),
            token_pattern=r"(?u)\b\w+\b",
            n_features=2**20,
            alternate_sign=False,
            norm=None,
            lowercase=False,
        )
        self._characters = HashingVectorizer(
            analyzer="char_wb",
            ngram_range=(3, 5),
            n_features=2**20,
            alternate_sign=False,
            norm=None,
            lowercase=False,
        )
        normalised = [[bank.normalise(text) for text in question.texts] for question in bank.questions]
        bank_texts = [text for texts in normalised for text in texts]
        # A bank question's texts are consecutive columns; these are where each question's begin.
        self._question_starts = np.cumsum([0] + [len(texts) for texts in normalised[:-1]])
        self._word_idf = TfidfTransformer(sublinear_tf=True, norm=None).fit(self._words.transform(bank_texts))
        self._character_idf = TfidfTransformer(sublinear_tf=True, norm=None).fit(
            self._characters.transform(bank_texts)
        )
        bank_vectors = self.vectors(bank_texts)
        self._bank_vectors = bank_vectors.T.tocsr()
        # A linear classifier over the bank's wordings weighs the n-grams that tell its questions apart,
        # where the nearest single wording can be one that merely shares a frame ("how do you handle").
        # N-grams no bank wording uses get no weight from it, so it only looks at those the bank uses.
        self._bank_features = np.unique(bank_vectors.indices)
        question_of_text = np.repeat(np.arange(len(normalised)), [len(texts) for texts in normalised])
        classifier = LinearSVC(random_state=0).fit(bank_vectors[:, self._bank_features], question_of_text)
        self._question_weights = classifier.coef_.T.astype(np.float32)
        self._question_intercepts = classifier.intercept_.astype(np.float32)
        self._question_words = [frozenset(" ".join(texts).split()) for texts in normalised]
        documents = Counter(word for text in bank_texts for word in set(text.split()))
        self._unseen_weight = math.log(1 + len(bank_texts)) + 1
        self._word_weight = {
            word: math.log((1 + len(bank_texts)) / (1 + count)) + 1 for word, count in documents.items()
        }

    def novelty(self, normalised_text: str, question: int) -> float:
        """The share of the text's word weight on words that bank question never uses (0 to 1).

        "How would you design a news feed?" shares only its frame with the bank's "How would you
        design an API?"; the words it does not share say it is another question.
        """
        words = normalised_text.split()
        weight_of, unseen = self._word_weight, self._unseen_weight
        weights = [1.0 if word in _FILLER_WORDS else weight_of.get(word, unseen) for word in words]
        total = sum(weights)
        known = self._question_words[question]
        unseen = sum(weight for word, weight in zip(words, weights, strict=True) if word not in known)
        return unseen / total if total else 0.0

    def vectors(self, normalised_texts: Sequence[str]) -> sp.csr_matrix:
        """One unit-length row per text; the dot product of two rows is their similarity."""
        cut = [text[:COMPARED_CHARACTERS] for text in normalised_texts]
        words = normalize(self._word_idf.transform(self._words.transform(cut)))
        characters = normalize(self._character_idf.transform(self._characters.transform(cut)))
        contrasts = normalize(self._contrasts(cut))
        combined = sp.hstack(
            [
                np.sqrt(WORD_WEIGHT) * words,
                np.sqrt(1 - WORD_WEIGHT - CONTRAST_WEIGHT) * characters,
                np.sqrt(CONTRAST_WEIGHT) * contrasts,
            ]
        )
        # Single precision: plenty for similarities, and half the memory traffic in the products.
        return normalize(combined.tocsr()).astype(np.float32)

    def _contrasts(self, normalised_texts: Sequence[str]) -> sp.csr_matrix:
        feature = self.bank.contrast_feature
        rows, columns = [], []
        for row, text in enumerate(normalised_texts):
            for column in {feature[word] for word in text.split() if word in feature}:
                rows.append(row)
                columns.append(column)
        shape = (len(normalised_texts), max(2 * len(self.bank.contrasts), 1))
        return sp.csr_matrix((np.ones(len(rows)), (rows, columns)), shape=shape)

    def closest_bank_questions(self, vectors: sp.csr_matrix) -> ClosestQuestions:
        """For each row, the bank question the classifier picks and how sure the match is."""
        starts = range(0, vectors.shape[0], _CHUNK_ROWS)
        if len(starts) > 1:
            # Sparse products release the interpreter lock: chunks run side by side on every core.
            with ThreadPoolExecutor(max_workers=os.cpu_count()) as pool:
                chunks = list(
                    pool.map(lambda start: self._closest_in(vectors[start : start + _CHUNK_ROWS]), starts)
                )
        else:
            chunks = [self._closest_in(vectors)]
        return ClosestQuestions(*(np.concatenate(parts) for parts in zip(*chunks, strict=True)))

    def _closest_in(self, vectors: sp.csr_matrix) -> ClosestQuestions:
        similarity = (vectors @ self._bank_vectors).toarray()
        per_question = np.maximum.reduceat(similarity, self._question_starts, axis=1)
        decision = vectors[:, self._bank_features] @ self._question_weights + self._question_intercepts
        picked = decision.argmax(axis=1)
        rows = np.arange(len(picked))
        score = per_question[rows, picked]
        per_question[rows, picked] = -1
        top_decision = decision[rows, picked]
        decision[rows, picked] = -np.inf
        return ClosestQuestions(
            question=picked,
            similarity=score,
            runner_up=np.minimum(per_question.max(axis=1), score),
            classifier_lead=top_decision - decision.max(axis=1),
        )

    def _bank_bars(self, keys: Sequence[str], closest: ClosestQuestions) -> np.ndarray:
        """The similarity each text needs to join its picked bank question. Words that question never
        uses raise the bar; a clear lead over the next closest question lowers it (sharing only a frame
        like "how would you design" makes several bank questions about equally close), and so does a
        clear lead in the classifier's scores."""
        novelty = np.array(
            [self.novelty(key, question) for key, question in zip(keys, closest.question, strict=True)]
        )
        return (
            BANK_THRESHOLD
            + NOVELTY_PENALTY * novelty
            - LEAD_BONUS * (closest.similarity - closest.runner_up)
            - CLASSIFIER_LEAD_BONUS * closest.classifier_lead
        )

    def group_keys(self, texts: Sequence[str], leaders: Iterable[str] = ()) -> list[str]:
        """The group key of each text: `bank:<id>` for a bank question, else `own:<leader text>`.

        `leaders` are normalised texts that already lead groups of their own (from earlier calls), so
        new texts can join those groups; the result does not depend on how texts were batched.
        """
        key_of = {text: self.bank.normalise(text) for text in dict.fromkeys(texts)}
        keys = [key_of[text] for text in texts]
        unique = list(dict.fromkeys(keys))
        if not unique:
            return []
        vectors = self.vectors(unique)
        closest = self.closest_bank_questions(vectors)
        bars = self._bank_bars(unique, closest)
        assigned: dict[str, str] = {}
        unmatched = []
        for position, key in enumerate(unique):
            if closest.similarity[position] >= bars[position]:
                assigned[key] = self.bank.questions[closest.question[position]].group_key
            else:
                unmatched.append(position)
        if not unmatched:
            return [assigned[key] for key in keys]
        counts = Counter(keys)
        # Frequent wordings lead: the group is named after how the question is usually written.
        unmatched.sort(key=lambda position: -counts[unique[position]])
        # The most used wordings of each bank question found here (a bounded number, so that a
        # huge batch stays fast) can take in texts close to them.
        taken: Counter[str] = Counter()
        matched = []
        for position in sorted(range(len(unique)), key=lambda position: -counts[unique[position]]):
            group_key = assigned.get(unique[position])
            if group_key is not None and taken[group_key] < EXEMPLARS_PER_QUESTION:
                taken[group_key] += 1
                matched.append(position)
        # The rest join a text that matched the bank (as closely as the bank itself would need), a
        # group from earlier calls, or one another.
        known_keys = [assigned[unique[position]] for position in matched]
        known_vectors = [vectors[matched]]
        leaders = list(dict.fromkeys(leaders))
        if leaders:
            known_keys += [OWN_PREFIX + leader for leader in leaders]
            known_vectors.append(self.vectors(leaders))
        known_bars = np.where(
            np.arange(len(known_keys)) < len(matched), bars[unmatched][:, None], OWN_THRESHOLD
        )
        assigned.update(
            _follow_leaders(
                [unique[p] for p in unmatched],
                vectors[unmatched],
                known_keys,
                sp.vstack(known_vectors),
                known_bars,
            )
        )
        return [assigned[key] for key in keys]


def _follow_leaders(
    keys: list[str],
    vectors: sp.csr_matrix,
    known_keys: list[str],
    known_vectors: sp.csr_matrix,
    known_bars: np.ndarray,
) -> dict[str, str]:
    """Leader clustering: in order, each text joins the known text or earlier leader it is most
    similar to beyond the similarity needed (`known_bars` per text and known text, OWN_THRESHOLD
    between texts), or leads a new group of its own.

    Texts are compared with leaders only (those of earlier chunks, and earlier texts of their own
    chunk), never with every other text: when most texts join a group the work grows with the number
    of groups, not with the square of the number of texts.
    """
    result: dict[str, str] = {}
    leaders: list[int] = []
    for start in range(0, len(keys), _CHUNK_ROWS):
        block = vectors[start : start + _CHUNK_ROWS]
        earlier_leaders = np.array(leaders, dtype=np.int64)
        to_earlier = _similar_enough(block, vectors[earlier_leaders])
        within = _similar_enough(block, block)
        known_margin = np.full((block.shape[0], 1), -1.0)
        if known_keys:
            known_margin = (block @ known_vectors.T).toarray() - known_bars[start : start + block.shape[0]]
        leads_in_block = np.zeros(block.shape[0], dtype=bool)
        for row in range(block.shape[0]):
            position = start + row
            best_similarity, leader = -1.0, position
            span = slice(to_earlier.indptr[row], to_earlier.indptr[row + 1])
            if span.start < span.stop:
                similarities = to_earlier.data[span]
                best = int(similarities.argmax())
                best_similarity = similarities[best]
                leader = int(earlier_leaders[to_earlier.indices[span][best]])
            span = slice(within.indptr[row], within.indptr[row + 1])
            columns = within.indices[span]
            similarities = within.data[span]
            candidates = (columns < row) & leads_in_block[columns]
            if candidates.any():
                similarities, columns = similarities[candidates], columns[candidates]
                best = int(similarities.argmax())
                # Ties go to the earliest leader, as if all leaders were compared in order.
                if similarities[best] > best_similarity:
                    best_similarity, leader = similarities[best], start + int(columns[best])
            best_earlier = best_similarity - OWN_THRESHOLD if best_similarity >= 0 else -1.0
            best_known = known_margin[row].max()
            if best_known >= 0 and best_known >= best_earlier:
                result[keys[position]] = known_keys[int(known_margin[row].argmax())]
                continue
            if leader == position:
                leads_in_block[row] = True
                leaders.append(position)
            result[keys[position]] = OWN_PREFIX + keys[leader]
    return result


def _similar_enough(rows: sp.csr_matrix, others: sp.csr_matrix) -> sp.csr_matrix:
    """Similarities of `rows` to `others` (one row per row), keeping only those of OWN_THRESHOLD or more."""
    similarity = (rows @ others.T).tocsr()
    similarity.data[similarity.data < OWN_THRESHOLD] = 0
    similarity.eliminate_zeros()
    similarity.sort_indices()
    return similarity


@cache
def matcher_fingerprint() -> str:
    """Changes whenever the groups could: a new bank, new matching code or a new stemmer or classifier
    library. Stored groups made under another fingerprint are redone (see debrief.question_groups)."""
    digest = hashlib.sha256(BANK_FILE.read_bytes())
    digest.update(Path(__file__).read_bytes())
    # The stemmer and the classifier can change how texts are grouped from one release to the next.
    for library in ("snowballstemmer", "scikit-learn"):
        digest.update(importlib.metadata.version(library).encode())
    return digest.hexdigest()


_building_matcher = threading.Lock()


def matcher() -> QuestionMatcher:
    """The matcher for the shipped bank, built on first use (a few seconds: it trains the classifier)
    and kept for the life of the process. Callers during the build wait for it rather than build twice."""
    with _building_matcher:
        return _shipped_matcher()


@cache
def _shipped_matcher() -> QuestionMatcher:
    return QuestionMatcher(question_bank())


def start_building_matcher() -> None:
    """Build the matcher in the background, so that the first grouping need not wait for it."""
    threading.Thread(target=matcher, name="question-matcher", daemon=True).start()


def group_questions(texts: Sequence[str]) -> list[int]:
    """One label per text; texts with the same label ask the same underlying question.

    Labels count from 0 in order of first appearance, so the same texts always get the same labels.
    """
    labels: dict[str, int] = {}
    return [labels.setdefault(key, len(labels)) for key in matcher().group_keys(texts)]
