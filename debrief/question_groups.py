"""The stored question groups: kept up to date as questions are saved, and corrected by the user.

Every distinct question text maps to a group. The matcher (`analytics.questions`) decides an automatic
group (`auto_key`); the user's corrections (merge two groups, move a question out) are stored as an
ordered log and replayed over the automatic groups, so they survive any regrouping. Texts are grouped
lazily: `sync_question_groups` groups whatever texts are new, and is cheap when there are none, so every
way questions get saved (the capture form, the demo loader, an import) is covered without hooks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import duckdb
import pandas as pd

from analytics.questions import OWN_PREFIX, matcher, question_bank
from debrief.store import NotFoundError, Progress, Store, no_progress

ALONE_PREFIX = "alone:"
TEXT_PREFIX = "text:"

_UNGROUPED = "FROM questions q WHERE NOT EXISTS (SELECT 1 FROM question_text_groups m WHERE m.text = q.text)"
_NEW_TEXTS = "SELECT DISTINCT q.text " + _UNGROUPED + " ORDER BY q.text"
_ANY_NEW_TEXT = "SELECT EXISTS (SELECT 1 " + _UNGROUPED + ")"


@dataclass(frozen=True)
class Correction:
    subjects: tuple[str, ...]
    target: str


def resolve_groups(
    text_keys: Sequence[str], auto_keys: Sequence[str], corrections: Iterable[Correction]
) -> list[str]:
    """The group key of each text once the corrections are replayed, in order, over the automatic keys.

    A correction moves each subject (a text or a whole group) under its target group. One that would
    put a group inside itself (merging A into B after B into A) is skipped: the earlier one stands.
    """
    parent: dict[str, str] = {
        TEXT_PREFIX + text_key: auto_key for text_key, auto_key in zip(text_keys, auto_keys, strict=True)
    }

    def chain(element: str) -> Iterable[str]:
        seen = set()
        while element not in seen:
            seen.add(element)
            yield element
            if element not in parent:
                return
            element = parent[element]

    for correction in corrections:
        for subject in correction.subjects:
            if subject not in chain(correction.target):
                parent[subject] = correction.target
    roots: dict[str, str] = {}

    def root(element: str) -> str:
        path = []
        while element in parent and element not in roots:
            path.append(element)
            element = parent[element]
        found = roots.get(element, element)
        for passed in path:
            roots[passed] = found
        return found

    return [root(TEXT_PREFIX + text_key) for text_key in text_keys]


def _corrections(cursor: duckdb.DuckDBPyConnection) -> list[Correction]:
    rows = cursor.execute("SELECT subjects, target FROM question_group_corrections ORDER BY id").fetchall()
    return [Correction(tuple(subjects), target) for subjects, target in rows]


def _group_rows(group_keys: Iterable[str], wording: dict[str, str]) -> pd.DataFrame:
    """New group rows: bank groups take the bank's wording and category, others their first text."""
    bank = question_bank()
    rows = []
    for key in dict.fromkeys(group_keys):
        question = bank.by_key(key)
        if question is not None:
            rows.append({"group_key": key, "canonical": question.canonical, "category": question.category})
        else:
            rows.append({"group_key": key, "canonical": wording[key], "category": None})
    return pd.DataFrame(rows, columns=["group_key", "canonical", "category"])


def _write(cursor: duckdb.DuckDBPyConnection, texts: pd.DataFrame, replace_all: bool) -> None:
    """Store texts (columns text, text_key, auto_key, group_key) and any groups they need.

    With `replace_all`, the texts are the complete mapping: everything else is removed, including
    groups left empty.
    """
    wording = texts.drop_duplicates("group_key").set_index("group_key")["text"].to_dict()
    cursor.register("incoming_groups", _group_rows(texts["group_key"], wording))
    cursor.execute(
        "INSERT INTO question_groups (group_key, canonical, category) "
        "SELECT group_key, canonical, category FROM incoming_groups "
        "ON CONFLICT (group_key) DO NOTHING"
    )
    cursor.unregister("incoming_groups")
    if replace_all:
        cursor.execute("DELETE FROM question_text_groups")
    cursor.register("incoming_texts", texts)
    cursor.execute(
        "INSERT INTO question_text_groups (text, text_key, auto_key, group_id) "
        "SELECT t.text, t.text_key, t.auto_key, g.id FROM incoming_texts t "
        "JOIN question_groups g ON g.group_key = t.group_key"
    )
    cursor.unregister("incoming_texts")
    if replace_all:
        cursor.execute(
            "DELETE FROM question_groups WHERE id NOT IN (SELECT DISTINCT group_id FROM question_text_groups)"
        )


def _own_leaders(cursor: duckdb.DuckDBPyConnection) -> list[str]:
    rows = cursor.execute(
        "SELECT DISTINCT auto_key FROM question_text_groups WHERE starts_with(auto_key, $prefix) "
        "ORDER BY auto_key",
        {"prefix": OWN_PREFIX},
    ).fetchall()
    return [row[0].removeprefix(OWN_PREFIX) for row in rows]


def sync_question_groups(store: Store) -> int:
    """Group the question texts that have no group yet; returns how many there were."""
    with store.cursor() as cursor:
        if not cursor.execute(_ANY_NEW_TEXT).fetchall()[0][0]:
            return 0
    with store.transaction() as cursor:
        # Read again under the write lock: another browser tab may have grouped them meanwhile.
        new_texts = [row[0] for row in cursor.execute(_NEW_TEXTS).fetchall()]
        if not new_texts:
            return 0
        auto_keys = matcher().group_keys(new_texts, leaders=_own_leaders(cursor))
        text_keys = [question_bank().normalise(text) for text in new_texts]
        group_keys = resolve_groups(text_keys, auto_keys, _corrections(cursor))
        frame = pd.DataFrame(
            {"text": new_texts, "text_key": text_keys, "auto_key": auto_keys, "group_key": group_keys}
        )
        _write(cursor, frame, replace_all=False)
    return len(new_texts)


def _stored_texts(cursor: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every distinct question text still in use, with its automatic group, most used texts first."""
    return cursor.execute(
        """
        SELECT q.text, m.text_key, m.auto_key
        FROM (SELECT text, count(*) AS uses FROM questions GROUP BY text) q
        JOIN question_text_groups m ON m.text = q.text
        ORDER BY q.uses DESC, q.text
        """
    ).df()


def _reapply_corrections(cursor: duckdb.DuckDBPyConnection) -> None:
    texts = _stored_texts(cursor)
    texts["group_key"] = resolve_groups(texts["text_key"], texts["auto_key"], _corrections(cursor))
    _write(cursor, texts, replace_all=True)


def regroup_all(store: Store, report: Progress = no_progress) -> int:
    """Group every question text from scratch, then replay the corrections; returns the texts grouped."""
    with store.transaction() as cursor:
        report(0.0, "Reading your questions")
        texts = cursor.execute("SELECT text FROM questions GROUP BY text ORDER BY count(*) DESC, text").df()
        report(0.2, f"Grouping {len(texts):,} different wordings")
        texts["auto_key"] = matcher().group_keys(texts["text"].tolist())
        bank = question_bank()
        texts["text_key"] = [bank.normalise(text) for text in texts["text"]]
        report(0.8, "Applying your corrections")
        texts["group_key"] = resolve_groups(texts["text_key"], texts["auto_key"], _corrections(cursor))
        _write(cursor, texts, replace_all=True)
    report(1.0, "Done")
    return len(texts)


def _group_key(cursor: duckdb.DuckDBPyConnection, group_id: int) -> str:
    rows = cursor.execute("SELECT group_key FROM question_groups WHERE id = ?", [group_id]).fetchall()
    if not rows:
        raise NotFoundError("That question group no longer exists; the list was probably regrouped.")
    return rows[0][0]


def _record(cursor, action: str, subjects: Sequence[str], target: str, summary: str) -> None:
    cursor.execute(
        "INSERT INTO question_group_corrections (action, subjects, target, summary) VALUES (?, ?, ?, ?)",
        [action, list(subjects), target, summary],
    )
    _reapply_corrections(cursor)


def _wording(cursor: duckdb.DuckDBPyConnection, group_id: int) -> str:
    return cursor.execute("SELECT canonical FROM question_groups WHERE id = ?", [group_id]).fetchall()[0][0]


def merge_groups(store: Store, source_id: int, target_id: int) -> None:
    """Put every question of group `source_id` into group `target_id`, now and after any regrouping."""
    if source_id == target_id:
        raise ValueError("Choose two different groups to merge.")
    with store.transaction() as cursor:
        source, target = _group_key(cursor, source_id), _group_key(cursor, target_id)
        members = cursor.execute(
            "SELECT DISTINCT text_key FROM question_text_groups WHERE group_id = ? ORDER BY text_key",
            [source_id],
        ).fetchall()
        # The group itself (so texts that join it later follow) and each text now in it (so the merge
        # holds even if a regrouping gives those texts another automatic group).
        subjects = [source, *(TEXT_PREFIX + row[0] for row in members)]
        summary = f"Merged “{_wording(cursor, source_id)}” into “{_wording(cursor, target_id)}”"
        _record(cursor, "merge", subjects, target, summary)


def move_out(store: Store, text: str) -> None:
    """Take a question wording (and any wording identical to it) out of its group into a group of its own."""
    with store.transaction() as cursor:
        rows = cursor.execute("SELECT text_key FROM question_text_groups WHERE text = ?", [text]).fetchall()
        if not rows:
            raise NotFoundError("That question is not grouped yet; open the Questions page again.")
        text_key = rows[0][0]
        _record(cursor, "move_out", [TEXT_PREFIX + text_key], ALONE_PREFIX + text_key, f"Moved “{text}” out")


def undo_correction(store: Store, correction_id: int) -> None:
    with store.transaction() as cursor:
        removed = cursor.execute(
            "DELETE FROM question_group_corrections WHERE id = ? RETURNING id", [correction_id]
        ).fetchall()
        if not removed:
            raise NotFoundError("That correction was already undone.")
        _reapply_corrections(cursor)


def corrections(store: Store) -> pd.DataFrame:
    """The stored corrections, newest first (id, action, summary, corrected_at)."""
    with store.cursor() as cursor:
        return cursor.execute(
            "SELECT id, action, summary, corrected_at FROM question_group_corrections ORDER BY id DESC"
        ).df()
