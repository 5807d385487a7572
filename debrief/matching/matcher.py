"""Grouping recalled interview questions: differently worded versions of one question get one key.

Texts are normalised (`debrief.matching.bank`) and compared as TF-IDF vectors over word and character
n-grams. A linear classifier trained on the wordings of the shipped bank picks the bank question a text
most likely asks; the text joins that question's group if it is close enough to one of its wordings.
The rest are grouped among themselves: each joins the most similar earlier "leader" text, or leads a
new group. Everything is deterministic and offline. The vectoriser hashes n-grams, so it needs no
vocabulary: words the bank has never seen get the highest weight, which keeps "design a parking lot"
apart from "design a URL shortener".

This module is what decides the grouping: its code is in the matcher's fingerprint. Training takes
seconds, so a trained matcher is kept on disk (`debrief.matching.cache`) as plain arrays (`state`).
"""

from __future__ import annotations

import math
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import NamedTuple

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, HashingVectorizer, TfidfTransformer
from sklearn.preprocessing import normalize
from sklearn.svm import LinearSVC

from debrief.matching.bank import OWN_PREFIX, QuestionBank, english_stemmer

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

# Words that frame a sentence rather than say what it asks: a bank question not using one of them
# is no sign that a text asks something else.
_FILLER_WORDS = frozenset(english_stemmer.stemWords(sorted(ENGLISH_STOP_WORDS)))


class ClosestQuestions(NamedTuple):
    """Per text: the bank question picked, the similarity to its nearest wording, the highest
    similarity to any other question's wordings, and the classifier's lead for the pick."""

    question: np.ndarray
    similarity: np.ndarray
    runner_up: np.ndarray
    classifier_lead: np.ndarray


class MatcherState(NamedTuple):
    """What training a matcher produced, as plain arrays: what `debrief.matching.cache` keeps on disk
    (no pickle, so a file handed to the user can hold data but never code)."""

    word_idf: np.ndarray
    character_idf: np.ndarray
    bank_vector_data: np.ndarray  # the bank's vectors, one row per bank wording, as CSR parts
    bank_vector_indices: np.ndarray
    bank_vector_indptr: np.ndarray
    bank_vector_columns: np.ndarray  # a one-element array: the vectors' width
    question_starts: np.ndarray
    bank_features: np.ndarray
    question_weights: np.ndarray
    question_intercepts: np.ndarray
    question_words: np.ndarray  # every question's words, one after the other
    question_word_counts: np.ndarray  # how many of them belong to each question
    weighted_words: np.ndarray
    word_weights: np.ndarray
    unseen_weight: np.ndarray  # a one-element array


def _idf(values: np.ndarray) -> TfidfTransformer:
    transformer = TfidfTransformer(sublinear_tf=True, norm=None)
    transformer.idf_ = values
    return transformer


class Vectoriser:
    """Normalised texts as unit-length vectors: the dot product of two is their similarity. Word and
    character n-grams are hashed, so no vocabulary is needed; `word_idf` and `character_idf` weigh them
    by how rare they are in the bank."""

    def __init__(self, bank: QuestionBank, word_idf: np.ndarray, character_idf: np.ndarray):
        self.bank = bank
        self.word_idf, self.character_idf = word_idf, character_idf
        self._words = _hashing("word", (1, 2), token_pattern=r"(?u)\b\w+\b")
        self._characters = _hashing("char_wb", (3, 5))
        self._word_weights, self._character_weights = _idf(word_idf), _idf(character_idf)

    @classmethod
    def fitted(cls, bank: QuestionBank, normalised_bank_texts: Sequence[str]) -> Vectoriser:
        """A vectoriser whose n-gram weights come from the bank's own wordings."""
        words = _hashing("word", (1, 2), token_pattern=r"(?u)\b\w+\b").transform(normalised_bank_texts)
        characters = _hashing("char_wb", (3, 5)).transform(normalised_bank_texts)
        fit = TfidfTransformer(sublinear_tf=True, norm=None).fit
        return cls(bank, fit(words).idf_, fit(characters).idf_)

    def __call__(self, normalised_texts: Sequence[str]) -> sp.csr_matrix:
        cut = [text[:COMPARED_CHARACTERS] for text in normalised_texts]
        words = normalize(self._word_weights.transform(self._words.transform(cut)))
        characters = normalize(self._character_weights.transform(self._characters.transform(cut)))
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


def _hashing(analyzer: str, ngram_range: tuple[int, int], **options) -> HashingVectorizer:
    return HashingVectorizer(
        analyzer=analyzer,
        ngram_range=ngram_range,
        n_features=2**20,
        alternate_sign=False,
        norm=None,
        lowercase=False,
        **options,
    )


class QuestionMatcher:
    """The bank's vectors and the classifier trained on them. Train once (`trained`, seconds) or load
    what was trained (`QuestionMatcher(bank, state)`, a fraction of a second), then reuse it."""

    def __init__(self, bank: QuestionBank, state: MatcherState):
        self.bank = bank
        self.state = state
        self.vectors = Vectoriser(bank, state.word_idf, state.character_idf)
        bank_vectors = sp.csr_matrix(
            (state.bank_vector_data, state.bank_vector_indices, state.bank_vector_indptr),
            shape=(len(state.bank_vector_indptr) - 1, int(state.bank_vector_columns[0])),
        )
        self._bank_vectors = bank_vectors.T.tocsr()
        self._question_starts = state.question_starts
        self._bank_features = state.bank_features
        self._question_weights = state.question_weights
        self._question_intercepts = state.question_intercepts
        ends = np.cumsum(state.question_word_counts)
        self._question_words = [
            frozenset(state.question_words[end - count : end].tolist())
            for end, count in zip(ends, state.question_word_counts, strict=True)
        ]
        self._word_weight = dict(zip(state.weighted_words.tolist(), state.word_weights.tolist(), strict=True))
        self._unseen_weight = float(state.unseen_weight[0])

    @classmethod
    def trained(cls, bank: QuestionBank) -> QuestionMatcher:
        """A matcher trained on the bank's wordings (seconds: it fits the classifier)."""
        normalised = [[bank.normalise(text) for text in question.texts] for question in bank.questions]
        bank_texts = [text for texts in normalised for text in texts]
        vectoriser = Vectoriser.fitted(bank, bank_texts)
        bank_vectors = vectoriser(bank_texts)
        # A linear classifier over the bank's wordings weighs the n-grams that tell its questions apart,
        # where the nearest single wording can be one that merely shares a frame ("how do you handle").
        # N-grams no bank wording uses get no weight from it, so it only looks at those the bank uses.
        bank_features = np.unique(bank_vectors.indices)
        question_of_text = np.repeat(np.arange(len(normalised)), [len(texts) for texts in normalised])
        classifier = LinearSVC(random_state=0).fit(bank_vectors[:, bank_features], question_of_text)
        documents = Counter(word for text in bank_texts for word in set(text.split()))
        weights = {
            word: math.log((1 + len(bank_texts)) / (1 + count)) + 1 for word, count in documents.items()
        }
        question_words = [sorted(set(" ".join(texts).split())) for texts in normalised]
        state = MatcherState(
            word_idf=vectoriser.word_idf,
            character_idf=vectoriser.character_idf,
            bank_vector_data=bank_vectors.data,
            bank_vector_indices=bank_vectors.indices,
            bank_vector_indptr=bank_vectors.indptr,
            bank_vector_columns=np.array([bank_vectors.shape[1]]),
            # A bank question's texts are consecutive rows; these are where each question's begin.
            question_starts=np.cumsum([0] + [len(texts) for texts in normalised[:-1]]),
            bank_features=bank_features,
            question_weights=classifier.coef_.T.astype(np.float32),
            question_intercepts=classifier.intercept_.astype(np.float32),
            question_words=np.array([word for words in question_words for word in words], dtype=str),
            question_word_counts=np.array([len(words) for words in question_words]),
            weighted_words=np.array(list(weights), dtype=str),
            word_weights=np.array(list(weights.values())),
            unseen_weight=np.array([math.log(1 + len(bank_texts)) + 1]),
        )
        return cls(bank, state)

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
