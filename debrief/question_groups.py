"""The stored question groups: kept up to date as questions are saved, and corrected by the user.

Every distinct question text maps to a group. The matcher (`debrief.matching`) decides an automatic
group (`auto_key`); the user's corrections (merge two groups, move a question out) are stored as an
ordered log and replayed over the automatic groups, so they survive any regrouping. Texts are grouped
when they are written, in the same transaction: every way questions get saved (the capture form, the
demo loader, an import) calls `update_groups`, which regroups everything when another matcher made the
stored groups. Pages only read the groups.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pandas as pd

from debrief import practice
from debrief.matching import matcher_fingerprint, shipped_matcher
from debrief.matching.bank import OWN_PREFIX, question_bank
from debrief.store import IN_MEMORY, NotFoundError, Progress, Store, first_row, no_progress

if TYPE_CHECKING:
    from debrief.matching.matcher import QuestionMatcher

# Where the trained matcher is kept: DEBRIEF_CACHE if set (several databases, or test runs, share it),
# else a folder beside the database. What is there Debrief can make again; it only saves time.
CACHE_VARIABLE = "DEBRIEF_CACHE"
CACHE_FOLDER = ".debrief-cache"

ALONE_PREFIX = "alone:"
TEXT_PREFIX = "text:"

_UNGROUPED = "FROM questions q WHERE NOT EXISTS (SELECT 1 FROM question_text_groups m WHERE m.text = q.text)"
_NEW_TEXTS = "SELECT DISTINCT q.text " + _UNGROUPED + " ORDER BY q.text"
_GROUPED_BY_THIS_MATCHER = "(SELECT matcher_fingerprint FROM question_grouping) = ?"
# Whether the stored groups were made by this matcher (NULL before any grouping), and whether any
# question text has no group yet, in one query: what every save of questions checks.
_SYNC_STATE = "SELECT " + _GROUPED_BY_THIS_MATCHER + ", EXISTS (SELECT 1 " + _UNGROUPED + ")"


@dataclass(frozen=True)
class Correction:
    subjects: tuple[str, ...]
    target: str


def resolve_groups(
    text_keys: Sequence[str],
    auto_keys: Sequence[str],
    corrections: Iterable[Correction],
    former_groups: Mapping[str, str] | None = None,
) -> list[str]:
    """The group key of each text once the corrections are replayed, in order, over the automatic keys.

    A correction moves each subject (a text or a whole group) under its target group. One that would
    put a group inside itself (merging A into B after B into A) is skipped: the earlier one stands.
    `former_groups` says where groups the matcher no longer makes went (see `_former_own_groups`): such
    a group follows there unless a correction moved it elsewhere.
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
    for group, now in (former_groups or {}).items():
        if group not in parent and group not in chain(now):
            parent[group] = now
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


def matcher_for(store: Store) -> QuestionMatcher:
    """The matcher, kept beside the store's database file (trained the first time: seconds). Take it
    before a write transaction, so that nobody waits on the write lock meanwhile."""
    if os.environ.get(CACHE_VARIABLE):
        return shipped_matcher(Path(os.environ[CACHE_VARIABLE]))
    in_memory = str(store.path) == IN_MEMORY
    return shipped_matcher(None if in_memory else store.path.parent / CACHE_FOLDER)


def prepare_matcher(store: Store) -> None:
    """Load (or train) the matcher in the background, so that the first save of a question need not
    wait for it; the page that captures questions starts it."""
    if store.read_only_reason is None:  # nothing can be saved on a read-only database anyway
        threading.Thread(target=matcher_for, args=(store,), name="question-matcher", daemon=True).start()


@dataclass(frozen=True)
class Suggestion:
    """The group a question text not saved yet would join: its wording and category (None where the
    text would start a group of its own, or the group has no category)."""

    wording: str | None
    category: str | None


def suggestions(store: Store, texts: Sequence[str]) -> list[Suggestion]:
    """For each text, the bank question or own group it would join if saved now. Reads only."""
    if not texts:
        return []
    matcher = matcher_for(store)
    bank = question_bank()
    with store.cursor() as cursor:
        keys = matcher.group_keys(list(texts), leaders=_own_leaders(cursor))
        own = {
            key: (wording, category)
            for key, wording, category in cursor.execute(
                "SELECT group_key, canonical, category FROM question_groups "
                "WHERE list_contains(?, group_key)",
                [[key for key in keys if key.startswith(OWN_PREFIX)]],
            ).fetchall()
        }
    result = []
    for key in keys:
        question = bank.by_key(key)
        if question is not None:
            result.append(Suggestion(question.canonical, question.category))
        else:
            result.append(Suggestion(*own.get(key, (None, None))))
    return result


def grouped_by(cursor: duckdb.DuckDBPyConnection) -> str | None:
    """The fingerprint of the matcher that made the stored groups (None before any grouping)."""
    row = first_row(cursor, "SELECT matcher_fingerprint FROM question_grouping")
    return row[0] if row else None


def mark_grouped_by_this_matcher(cursor: duckdb.DuckDBPyConnection) -> None:
    cursor.execute(
        "INSERT OR REPLACE INTO question_grouping (only_row, matcher_fingerprint) VALUES (true, ?)",
        [matcher_fingerprint()],
    )


def pending_grouping(cursor: duckdb.DuckDBPyConnection) -> bool:
    """Whether some question text has no group yet, or the groups were made by another matcher (an
    update shipped a new bank, or an older Debrief wrote them)."""
    current, any_new_text = first_row(cursor, _SYNC_STATE, [matcher_fingerprint()])
    return bool(any_new_text) or (current is not True and any_question(cursor))


def any_question(cursor: duckdb.DuckDBPyConnection) -> bool:
    return first_row(cursor, "SELECT EXISTS (SELECT 1 FROM questions)")[0]


def nothing_grouped(cursor: duckdb.DuckDBPyConnection) -> bool:
    """No question, no stored group of a text and no correction (texts and corrections outlive deleted
    debriefs): a database whose groups an import may bring as they are."""
    sql = (
        "SELECT NOT EXISTS (SELECT 1 FROM questions) AND NOT EXISTS (SELECT 1 FROM question_text_groups) "
        "AND NOT EXISTS (SELECT 1 FROM question_group_corrections)"
    )
    return first_row(cursor, sql)[0]


def update_groups(
    cursor: duckdb.DuckDBPyConnection, matcher: QuestionMatcher, report: Progress = no_progress
) -> int:
    """Inside the caller's write transaction: group the question texts that have none yet, or every text
    (corrections replayed) if the stored groups were made by another matcher. Returns how many."""
    current, any_new_text = first_row(cursor, _SYNC_STATE, [matcher_fingerprint()])
    if not current:
        return regroup(cursor, matcher, report)
    if not any_new_text:
        return 0
    new_texts = [row[0] for row in cursor.execute(_NEW_TEXTS).fetchall()]
    auto_keys = matcher.group_keys(new_texts, leaders=_own_leaders(cursor))
    text_keys = [question_bank().normalise(text) for text in new_texts]
    group_keys = resolve_groups(text_keys, auto_keys, _corrections(cursor), _former_own_groups(cursor))
    frame = pd.DataFrame(
        {"text": new_texts, "text_key": text_keys, "auto_key": auto_keys, "group_key": group_keys}
    )
    _write(cursor, frame, replace_all=False)
    return len(new_texts)


def _former_own_groups(cursor: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Own groups that corrections merged into but that a newer matcher no longer makes (their leading
    wording now joins a bank question, say): each is wherever its leading wording is now grouped.
    The stored counterpart of what `_resolve_and_write` works out over every text."""
    rows = cursor.execute(
        """
        SELECT c.target, any_value(g.group_key)
        FROM (SELECT DISTINCT target FROM question_group_corrections WHERE starts_with(target, $own)) c
        JOIN question_text_groups m ON m.text_key = c.target[length($own) + 1:]
        JOIN question_groups g ON g.id = m.group_id
        WHERE NOT EXISTS (SELECT 1 FROM question_text_groups a WHERE a.auto_key = c.target)
        GROUP BY c.target
        """,
        {"own": OWN_PREFIX},
    ).fetchall()
    return dict(rows)


def _texts_in_use(cursor: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every distinct question text still in use, most used first, with its stored text key and
    automatic group (missing for a text not grouped yet)."""
    return cursor.execute(
        """
        SELECT q.text, m.text_key, m.auto_key
        FROM (SELECT text, count(*) AS uses FROM questions GROUP BY text) q
        LEFT JOIN question_text_groups m ON m.text = q.text
        ORDER BY q.uses DESC, q.text
        """
    ).df()


def _reapply_corrections(cursor: duckdb.DuckDBPyConnection) -> None:
    _resolve_and_write(cursor, _texts_in_use(cursor).dropna(subset=["auto_key"]))


def _resolve_and_write(cursor: duckdb.DuckDBPyConnection, texts: pd.DataFrame) -> None:
    """Store every text (columns text, text_key, auto_key) in its group once corrections are replayed."""
    corrections = _corrections(cursor)
    made, text_keys = set(texts["auto_key"]), set(texts["text_key"])
    # Own groups merged into that the matcher no longer makes go wherever their leading wording went.
    former_groups = {}
    for target in {correction.target for correction in corrections} - made:
        leader = target.removeprefix(OWN_PREFIX)
        if target.startswith(OWN_PREFIX) and leader in text_keys:
            former_groups[target] = TEXT_PREFIX + leader
    texts["group_key"] = resolve_groups(texts["text_key"], texts["auto_key"], corrections, former_groups)
    _write(cursor, texts, replace_all=True)
    # A group made or joined by the regrouping may now call for a practice card.
    practice.start_missing_cards(cursor)


def regroup_all(store: Store, report: Progress = no_progress) -> int:
    """Group every question text from scratch, then replay the corrections; returns the texts grouped."""
    matcher = matcher_for(store)
    with store.transaction() as cursor:
        grouped = regroup(cursor, matcher, report)
    report(1.0, "Done")
    return grouped


def regroup(
    cursor: duckdb.DuckDBPyConnection, matcher: QuestionMatcher, report: Progress = no_progress
) -> int:
    """Inside the caller's write transaction: group every question text again, corrections replayed, and
    record which matcher made the groups. Returns how many texts were grouped."""
    report(0.0, "Reading your questions")
    texts = _texts_in_use(cursor)
    report(0.2, f"Grouping {len(texts):,} different wordings")
    auto_keys = matcher.group_keys(texts["text"].tolist()) if len(texts) else []
    # A text keeps the key it was first stored under, which the corrections name, even when a newer
    # bank would normalise it differently; a group of your own is named after its leading text's key.
    bank = question_bank()
    today = [bank.normalise(text) for text in texts["text"]]
    texts["text_key"] = texts["text_key"].fillna(pd.Series(today, index=texts.index, dtype=object))
    stored_key: dict[str, str] = {}
    for key_today, key_stored in zip(today, texts["text_key"], strict=True):
        stored_key.setdefault(OWN_PREFIX + key_today, OWN_PREFIX + key_stored)
    texts["auto_key"] = [stored_key.get(key, key) for key in auto_keys]
    report(0.8, "Applying your corrections")
    _resolve_and_write(cursor, texts)
    mark_grouped_by_this_matcher(cursor)
    return len(texts)


def _group(cursor: duckdb.DuckDBPyConnection, group_id: int) -> tuple[str, str]:
    """A stored group's key and wording."""
    row = first_row(cursor, "SELECT group_key, canonical FROM question_groups WHERE id = ?", [group_id])
    if row is None:
        raise NotFoundError("That question group no longer exists; the list was probably regrouped.")
    return row


def _record(cursor, action: str, subjects: Sequence[str], target: str, summary: str) -> None:
    cursor.execute(
        "INSERT INTO question_group_corrections (action, subjects, target, summary) VALUES (?, ?, ?, ?)",
        [action, list(subjects), target, summary],
    )
    _reapply_corrections(cursor)


def merge_groups(store: Store, source_id: int, target_id: int) -> None:
    """Put every question of group `source_id` into group `target_id`, now and after any regrouping."""
    if source_id == target_id:
        raise ValueError("Choose two different groups to merge.")
    with store.transaction() as cursor:
        source, source_wording = _group(cursor, source_id)
        target, target_wording = _group(cursor, target_id)
        members = cursor.execute(
            "SELECT DISTINCT text_key FROM question_text_groups WHERE group_id = ? ORDER BY text_key",
            [source_id],
        ).fetchall()
        # The group itself (so texts that join it later follow) and each text now in it (so the merge
        # holds even if a regrouping gives those texts another automatic group).
        subjects = [source, *(TEXT_PREFIX + row[0] for row in members)]
        summary = f"Merged “{source_wording}” into “{target_wording}”"
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
