"""Structure and size checks for the hand-labelled question-grouping evaluation set."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

EVAL_PATH = Path(__file__).resolve().parents[2] / "bench" / "question_eval.json"
SECOND_DEV_PATH = EVAL_PATH.with_name("question_eval_dev2.json")
SECOND_HOLDOUT_PATH = EVAL_PATH.with_name("question_eval_holdout2.json")
CATEGORIES = {"Behavioural", "Technical", "Situational", "Culture fit", "Motivation", "Salary/logistics"}
SPLITS = {"dev", "holdout"}
KINDS = {"common", "niche"}


def problems(data) -> list[str]:
    """Every way `data` breaks the evaluation-set contract; empty when it is sound."""
    found: list[str] = []
    if not isinstance(data, dict) or set(data) != {"about", "groups"}:
        return ["top level must be an object with exactly 'about' and 'groups'"]
    if not isinstance(data["about"], str) or not data["about"].strip():
        found.append("'about' must be a non-empty string")
    groups = data["groups"]
    if not isinstance(groups, list) or not groups:
        return [*found, "'groups' must be a non-empty list"]

    ids: set[str] = set()
    seen_texts: set[str] = set()
    texts_per_split = dict.fromkeys(SPLITS, 0)
    categories_per_split: dict[str, set[str]] = {split: set() for split in SPLITS}
    kinds_per_split: dict[str, set[str]] = {split: set() for split in SPLITS}
    for group in groups:
        if not isinstance(group, dict) or set(group) != {"id", "split", "category", "kind", "texts"}:
            found.append(f"malformed group: {group!r:.80}")
            continue
        gid, split, category, kind, texts = (group[k] for k in ("id", "split", "category", "kind", "texts"))
        if not isinstance(gid, str) or not gid:
            found.append(f"bad id {gid!r}")
        elif gid in ids:
            found.append(f"duplicate id {gid}")
        ids.add(gid)
        if split not in SPLITS:
            found.append(f"{gid}: bad split {split!r}")
            continue
        if category not in CATEGORIES:
            found.append(f"{gid}: bad category {category!r}")
        if kind not in KINDS:
            found.append(f"{gid}: bad kind {kind!r}")
        if not isinstance(texts, list) or not texts:
            found.append(f"{gid}: texts must be a non-empty list")
            continue
        for text in texts:
            if not isinstance(text, str) or not text.strip():
                found.append(f"{gid}: empty or non-string text")
                continue
            key = text.strip().casefold()
            if key in seen_texts:
                found.append(f"{gid}: duplicate text {text!r}")
            seen_texts.add(key)
        texts_per_split[split] += len(texts)
        categories_per_split[split].add(category)
        kinds_per_split[split].add(kind)

    if sum(texts_per_split.values()) < 420:
        found.append(f"only {sum(texts_per_split.values())} texts, need >= 420")
    if texts_per_split["holdout"] < 250:
        found.append(f"only {texts_per_split['holdout']} holdout texts, need >= 250")
    for split in sorted(SPLITS):
        if missing := CATEGORIES - categories_per_split[split]:
            found.append(f"{split} lacks categories {sorted(missing)}")
        if missing := KINDS - kinds_per_split[split]:
            found.append(f"{split} lacks kinds {sorted(missing)}")
    return found


@pytest.fixture(scope="module")
def eval_set():
    return json.loads(EVAL_PATH.read_text(encoding="utf-8"))


def test_eval_set_meets_its_contract(eval_set):
    assert problems(eval_set) == []


def test_checker_catches_duplicates_and_thin_holdout(eval_set):
    broken = copy.deepcopy(eval_set)
    first = broken["groups"][0]
    first["texts"].append("  " + first["texts"][0].upper() + " ")
    broken["groups"][1]["id"] = first["id"]
    for group in broken["groups"]:
        group["split"] = "dev"
    found = problems(broken)
    assert any("duplicate text" in p for p in found)
    assert any("duplicate id" in p for p in found)
    assert any("holdout texts" in p for p in found)
    assert any("holdout lacks categories" in p for p in found)


@pytest.mark.parametrize("path", [SECOND_DEV_PATH, SECOND_HOLDOUT_PATH], ids=["dev2", "holdout2"])
def test_the_later_sets_are_sound(path):
    groups = json.loads(path.read_text(encoding="utf-8"))["groups"]
    assert all(set(group) == {"id", "kind", "texts"} and group["kind"] in KINDS for group in groups)
    assert len({group["id"] for group in groups}) == len(groups)
    texts = [text.strip().casefold() for group in groups for text in group["texts"]]
    assert len(texts) >= 300
    assert len(set(texts)) == len(texts)
