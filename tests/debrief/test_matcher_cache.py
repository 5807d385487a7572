"""The trained question matcher kept on disk: loaded instead of trained, identical in what it groups, and
never trusted blindly (a damaged, foreign or pickled file is ignored and replaced). Its fingerprint
follows what decides the grouping, not comments."""

from __future__ import annotations

import numpy as np
import pytest

from debrief import matching
from debrief.matching import matcher_fingerprint
from debrief.matching.cache import cache_file, cached_matcher, load_matcher, save_matcher
from debrief.matching.fingerprint import _code_without_comments

TEXTS = [
    "Tell me about yourself",
    "so... tell me abt urself",
    "How would you build an elevator controller?",
    "design an elevator controller",
    "What are your salary expectations?",
]


@pytest.fixture(scope="module")
def shipped():
    return matching.shipped_matcher(None)


def test_a_kept_matcher_loads_and_groups_exactly_as_the_trained_one(tmp_path, shipped):
    save_matcher(shipped, tmp_path, matcher_fingerprint())
    loaded = load_matcher(tmp_path, matcher_fingerprint())
    assert loaded is not None
    assert loaded.group_keys(TEXTS) == shipped.group_keys(TEXTS)
    assert np.array_equal(loaded.state.question_weights, shipped.state.question_weights)


PICKLED = np.array([object()])


@pytest.mark.parametrize(
    "damage",
    [
        lambda path, content: path.write_bytes(b"not a matcher"),
        lambda path, content: path.write_bytes(content[: len(content) // 2]),
        lambda path, content: np.savez(path, fingerprint=np.array("another matcher's")),
        lambda path, content: np.savez(path, fingerprint=np.array(matcher_fingerprint()), word_idf=PICKLED),
    ],
    ids=["not numpy", "cut short", "foreign fingerprint", "pickled objects"],
)
def test_a_damaged_or_foreign_file_is_ignored_and_replaced(tmp_path, shipped, damage):
    path = save_matcher(shipped, tmp_path, matcher_fingerprint())
    content = path.read_bytes()
    path.unlink()
    damage(path, content)
    assert load_matcher(tmp_path, matcher_fingerprint()) is None
    assert cached_matcher(tmp_path) is shipped  # the one this process has, not the file's
    assert load_matcher(tmp_path, matcher_fingerprint()) is not None  # and the file replaced


def test_arrays_that_no_longer_answer_the_banks_own_questions_are_not_trusted(tmp_path, shipped):
    path = save_matcher(shipped, tmp_path, matcher_fingerprint())
    with np.load(path, allow_pickle=False) as arrays:
        tampered = dict(arrays)
    tampered["question_weights"] = tampered["question_weights"][:, ::-1].copy()  # questions swapped
    np.savez(path, **tampered)
    assert load_matcher(tmp_path, matcher_fingerprint()) is None


def test_a_process_keeps_the_matcher_in_the_folder_it_was_asked_for(tmp_path, shipped):
    assert cached_matcher(tmp_path) is shipped  # this process's, not trained again
    assert cache_file(tmp_path, matcher_fingerprint()).is_file()
    (tmp_path / "question-matcher-an-older-one.npz").write_bytes(b"older")
    save_matcher(shipped, tmp_path, matcher_fingerprint())
    assert [path.name for path in tmp_path.iterdir()] == [cache_file(tmp_path, matcher_fingerprint()).name]


def test_the_fingerprint_follows_the_code_not_its_comments(tmp_path):
    code = '"""A module."""\n\ndef group(text):\n    """Say it."""\n    return text.lower()  # lower\n'
    commented = '"""Another docstring."""\n\n# a new comment\ndef group(text):\n    return text.lower()\n'
    changed = '"""A module."""\n\ndef group(text):\n    return text.upper()\n'
    (tmp_path / "a.py").write_text(code)
    (tmp_path / "b.py").write_text(commented)
    (tmp_path / "c.py").write_text(changed)
    assert _code_without_comments(tmp_path / "a.py") == _code_without_comments(tmp_path / "b.py")
    assert _code_without_comments(tmp_path / "a.py") != _code_without_comments(tmp_path / "c.py")


@pytest.mark.parametrize(
    "change",
    [
        lambda arrays: arrays["bank_vector_indices"].__setitem__(0, 2**31 - 1),  # out of range: would crash
        lambda arrays: arrays.__setitem__("bank_vector_indptr", arrays["bank_vector_indptr"][:-5]),
        lambda arrays: arrays.__setitem__("question_starts", arrays["question_starts"] + 1),
        lambda arrays: arrays.__setitem__("bank_features", arrays["bank_features"][::-1].copy()),
    ],
    ids=["index out of range", "rows missing", "questions shifted", "features out of order"],
)
def test_arrays_that_do_not_fit_this_bank_are_refused_before_any_is_used(tmp_path, shipped, change):
    """A crafted file must not reach scipy's unchecked code: out-of-range indices crash the process."""
    path = save_matcher(shipped, tmp_path, matcher_fingerprint())
    with np.load(path, allow_pickle=False) as stored:
        arrays = {name: stored[name].copy() for name in stored.files}
    change(arrays)
    np.savez(path, **arrays)
    assert load_matcher(tmp_path, matcher_fingerprint()) is None
