"""The trained question matcher, kept: for the life of the process, and on disk beside the database so
that a new process loads it in a fraction of a second instead of training it for seconds.

The file holds plain arrays (numpy's format, read without pickle, so it can hold data but never code)
and the fingerprint of the matcher that made them. A file that is damaged, foreign, made by another
matcher, or whose arrays do not answer the bank's own questions as they did when it was written, is
ignored and replaced: it is never trusted blindly.
"""

from __future__ import annotations

import contextlib
import os
import threading
import zipfile
from pathlib import Path

import numpy as np

from debrief.matching.bank import QuestionBank, question_bank
from debrief.matching.fingerprint import matcher_fingerprint
from debrief.matching.matcher import MatcherState, QuestionMatcher

FILE_PREFIX = "question-matcher-"
_CHECK_ANSWERS = "bank_canonical_keys"  # what the bank's canonical wordings were grouped as, when written
_building = threading.Lock()
_kept: dict[str, QuestionMatcher] = {}  # by fingerprint: one matcher per process
_checked: set[tuple[Path, str]] = set()  # folders whose file this process has read or written


def cache_file(folder: Path, fingerprint: str) -> Path:
    return folder / f"{FILE_PREFIX}{fingerprint[:24]}.npz"


def cached_matcher(folder: Path | None) -> QuestionMatcher:
    """The shipped bank's matcher: this process's, else the one kept in `folder`, else trained. The first
    time a process uses a folder, a file there that is missing or not to be trusted is written anew.
    Callers during a training wait for it rather than train twice."""
    fingerprint = matcher_fingerprint()
    with _building:
        matcher = _kept.get(fingerprint)
        trusted = None
        if folder is not None and (folder, fingerprint) not in _checked:
            trusted = load_matcher(folder, fingerprint)
            matcher = matcher or trusted
        if matcher is None:
            matcher = QuestionMatcher.trained(question_bank())
        if folder is not None and (folder, fingerprint) not in _checked:
            if trusted is None:
                with contextlib.suppress(OSError):  # a cache it cannot write only costs time
                    save_matcher(matcher, folder, fingerprint)
            _checked.add((folder, fingerprint))
        _kept.clear()
        _kept[fingerprint] = matcher
        return matcher


def _bank_answers(matcher: QuestionMatcher) -> np.ndarray:
    canonicals = [question.canonical for question in matcher.bank.questions]
    return np.array(matcher.group_keys(canonicals), dtype=str)


def save_matcher(matcher: QuestionMatcher, folder: Path, fingerprint: str) -> Path:
    """Write the matcher's arrays to `folder` (replacing any other matcher's file), all or nothing."""
    folder.mkdir(parents=True, exist_ok=True)
    path = cache_file(folder, fingerprint)
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")  # processes may write at once
    with partial.open("wb") as file:
        np.savez_compressed(
            file,
            fingerprint=np.array(fingerprint),
            **{_CHECK_ANSWERS: _bank_answers(matcher)},
            **matcher.state._asdict(),
        )
    partial.replace(path)
    for other in folder.glob(f"{FILE_PREFIX}*"):
        if other != path and (other.suffix == ".npz" or other.name.endswith(".partial")):
            other.unlink(missing_ok=True)
    return path


def _consistent(state: MatcherState, bank: QuestionBank) -> bool:
    """Whether the arrays fit together as a trained matcher's of this bank do: sizes, kinds, finite
    numbers, and every index in range (a sparse matrix built from bad indices would crash the process,
    not raise)."""
    questions = len(bank.questions)
    wordings = [len(question.texts) for question in bank.questions]
    columns = 2 * 2**20 + max(2 * len(bank.contrasts), 1)
    numbers = (state.word_idf, state.character_idf, state.bank_vector_data, state.question_weights)
    indices, indptr, features = state.bank_vector_indices, state.bank_vector_indptr, state.bank_features
    if not all(array.dtype.kind == "f" and np.isfinite(array).all() for array in numbers):
        return False
    if not all(array.dtype.kind in "iu" for array in (indices, indptr, features, state.question_word_counts)):
        return False
    return (
        state.word_idf.shape == state.character_idf.shape == (2**20,)
        and state.bank_vector_columns.shape == (1,)
        and int(state.bank_vector_columns[0]) == columns
        and indptr.shape == (sum(wordings) + 1,)
        and int(indptr[0]) == 0
        and int(indptr[-1]) == len(indices) == len(state.bank_vector_data)
        and bool((np.diff(indptr) >= 0).all())
        and bool(((indices >= 0) & (indices < columns)).all())
        and bool(((features >= 0) & (features < columns)).all())
        and bool((np.diff(features) > 0).all())
        and np.array_equal(state.question_starts, np.cumsum([0, *wordings[:-1]]))
        and state.question_weights.shape == (len(features), questions)
        and state.question_intercepts.shape == (questions,)
        and state.question_word_counts.shape == (questions,)
        and bool((state.question_word_counts >= 0).all())
        and int(state.question_word_counts.sum()) == len(state.question_words)
        and state.weighted_words.shape == state.word_weights.shape
        and state.unseen_weight.shape == (1,)
        and state.question_words.dtype.kind == state.weighted_words.dtype.kind == "U"
    )


def load_matcher(folder: Path, fingerprint: str) -> QuestionMatcher | None:
    """The matcher kept in `folder` for `fingerprint`, or None when there is none to trust."""
    path = cache_file(folder, fingerprint)
    if not path.is_file():
        return None
    bank = question_bank()
    try:
        with np.load(path, allow_pickle=False) as arrays:
            if str(arrays["fingerprint"]) != fingerprint:
                return None
            state = MatcherState(**{name: arrays[name] for name in MatcherState._fields})
            answers = arrays[_CHECK_ANSWERS]
        if not _consistent(state, bank):
            return None
        matcher = QuestionMatcher(bank, state)
        if not np.array_equal(_bank_answers(matcher), answers):
            return None
    except (OSError, ValueError, KeyError, TypeError, IndexError, EOFError, zipfile.BadZipFile):
        return None
    return matcher
