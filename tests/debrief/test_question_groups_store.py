"""Stored question groups: texts grouped as they are saved, corrections kept and replayed after
regrouping (once, when a database is opened after an update)."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from debrief import question_groups, repository, upkeep
from debrief.matching.bank import question_bank
from debrief.models import Question
from debrief.question_groups import Correction, resolve_groups
from debrief.store import NotFoundError, Store
from tests.conftest import group_of, group_pending, make_debrief, needs_regrouping

RESUME = "Talk me through your résumé"


def ask(*texts: str, company: str = "Acme"):
    return make_debrief(company, questions=[Question(text=text, category="Behavioural") for text in texts])


def group_id(store: Store, text: str) -> int:
    with store.cursor() as cursor:
        rows = cursor.execute("SELECT group_id FROM question_text_groups WHERE text = ?", [text]).fetchall()
    return rows[0][0]


@pytest.fixture
def asked(store):
    repository.insert_debrief(
        store, ask("Tell me about yourself", "Why us?", "What is your greatest weakness?")
    )
    repository.insert_debrief(store, ask(RESUME, "How would you build an elevator controller?"))
    return store


def test_texts_are_grouped_as_they_are_saved(asked):
    groups = group_of(asked)
    assert groups["Tell me about yourself"] == groups[RESUME] == "bank:tell-me-about-yourself"
    assert groups["How would you build an elevator controller?"].startswith("own:")
    assert group_pending(asked) == 0
    repository.insert_debrief(asked, ask("design an elevator controller", "Why us?"))
    assert group_pending(asked) == 0  # the save grouped it
    groups = group_of(asked)
    assert groups["design an elevator controller"] == groups["How would you build an elevator controller?"]


def test_editing_a_debrief_keeps_its_questions_groups(asked):
    debrief = repository.get_debrief(asked, 1)
    before = group_of(asked)
    repository.update_debrief(asked, debrief.model_copy(update={"notes": "edited"}))
    assert group_pending(asked) == 0
    assert group_of(asked) == before


def test_merge_and_move_out_survive_regrouping(asked):
    question_groups.merge_groups(
        asked, group_id(asked, "How would you build an elevator controller?"), group_id(asked, "Why us?")
    )
    question_groups.move_out(asked, "Talk me through your résumé")
    expected = group_of(asked)
    assert expected["How would you build an elevator controller?"] == expected["Why us?"]
    assert expected["Talk me through your résumé"] != expected["Tell me about yourself"]

    assert question_groups.regroup_all(asked) == 5
    assert group_of(asked) == expected
    # Texts saved later follow the corrections too.
    repository.insert_debrief(asked, ask("design an elevator controller", "talk me through your resume"))
    groups = group_of(asked)
    assert groups["design an elevator controller"] == groups["Why us?"]
    assert groups["talk me through your resume"] == groups["Talk me through your résumé"]


def test_undo_restores_the_automatic_groups(asked):
    before = group_of(asked)
    question_groups.merge_groups(
        asked, group_id(asked, "What is your greatest weakness?"), group_id(asked, "Why us?")
    )
    corrections = question_groups.corrections(asked)
    assert corrections["summary"].tolist() == [
        "Merged “What is your greatest weakness?” into “Why do you want to work for us?”"
    ]
    question_groups.undo_correction(asked, int(corrections["id"][0]))
    assert group_of(asked) == before
    with pytest.raises(NotFoundError):
        question_groups.undo_correction(asked, int(corrections["id"][0]))


def test_merging_a_group_into_itself_is_refused(asked):
    with pytest.raises(ValueError, match="two different"):
        question_groups.merge_groups(asked, group_id(asked, "Why us?"), group_id(asked, "Why us?"))


def test_corrections_are_replayed_in_order_and_cycles_skipped():
    text_keys = ["a", "b", "c"]
    auto_keys = ["bank:x", "bank:y", "own:c"]
    assert resolve_groups(text_keys, auto_keys, []) == auto_keys
    merged = [Correction(("bank:x",), "bank:y"), Correction(("bank:y",), "bank:x")]
    assert resolve_groups(text_keys, auto_keys, merged) == ["bank:y", "bank:y", "own:c"]
    moved = [*merged, Correction(("text:b",), "alone:b")]
    assert resolve_groups(text_keys, auto_keys, moved) == ["bank:y", "alone:b", "own:c"]
    back = [*moved, Correction(("text:b",), "own:c")]
    assert resolve_groups(text_keys, auto_keys, back) == ["bank:y", "own:c", "own:c"]


def test_a_save_whose_grouping_fails_writes_nothing(asked, monkeypatch):
    def broken(*_arguments, **_keywords):
        raise duckdb.Error("disk full")

    monkeypatch.setattr(question_groups, "resolve_groups", broken)
    before, debriefs = group_of(asked), repository.count_interviews(asked)
    with pytest.raises(duckdb.Error):
        repository.insert_debrief(asked, ask("A brand new question about lighthouses"))
    assert group_of(asked) == before
    assert repository.count_interviews(asked) == debriefs


def test_migration_002_groups_questions_of_an_existing_database(tmp_path):
    path = tmp_path / "old.duckdb"
    old = Store(path)
    repository.insert_debrief(old, ask("Tell me about yourself"))
    with old.transaction() as cursor:
        cursor.execute("DROP TABLE question_groups")
        cursor.execute("DROP TABLE question_text_groups")
        cursor.execute("DROP TABLE question_group_corrections")
        cursor.execute("DROP SEQUENCE question_group_ids")
        cursor.execute("DROP SEQUENCE question_correction_ids")
        cursor.execute("DELETE FROM schema_version WHERE version = 2")
    old.close()
    reopened = Store(path)
    try:
        assert reopened.schema_version() >= 2
        assert group_pending(reopened) == 1
        assert group_of(reopened) == {"Tell me about yourself": "bank:tell-me-about-yourself"}
    finally:
        reopened.close()


class NewerMatcher:
    """A stand-in for the matcher an update ships: it now files the elevator question under the bank
    question `moved` (system design, unless said otherwise)."""

    def __init__(self, older, moved: str = "bank:system-design"):
        self.older, self.moved = older, moved

    def group_keys(self, texts, leaders=()):
        keys = self.older.group_keys(texts, leaders)
        return [self.moved if "elevator" in text else key for text, key in zip(texts, keys, strict=True)]


class NewerBank:
    def __init__(self):
        self.older = question_bank()

    def __getattr__(self, name):
        return getattr(self.older, name)

    def normalise(self, text):
        return "newer " + self.older.normalise(text)


def test_a_new_matcher_regroups_once_and_keeps_every_correction(asked, monkeypatch):
    elevator = "How would you build an elevator controller?"
    question_groups.merge_groups(asked, group_id(asked, "Why us?"), group_id(asked, elevator))
    question_groups.move_out(asked, RESUME)
    assert not needs_regrouping(asked)

    shipped = question_groups.matcher_for(asked)
    monkeypatch.setattr(question_groups, "matcher_for", lambda _store: NewerMatcher(shipped))
    monkeypatch.setattr(question_groups, "question_bank", NewerBank)
    monkeypatch.setattr(question_groups, "matcher_fingerprint", lambda: "an update's matcher")
    assert needs_regrouping(asked)
    assert group_pending(asked) == 5
    assert not needs_regrouping(asked)
    assert group_pending(asked) == 0

    groups = group_of(asked)
    assert groups[elevator] == "bank:system-design"
    # Merged into the elevator question's group, which this matcher no longer makes: it follows.
    assert groups["Why us?"] == groups[elevator]
    # Moved out under the text key it was first stored with, which the newer bank would spell otherwise.
    assert groups[RESUME].startswith("alone:")
    assert groups["Tell me about yourself"] == "bank:tell-me-about-yourself"

    repository.insert_debrief(asked, ask("Why do you want to work for us?"))
    assert group_pending(asked) == 0  # the save grouped it, with the newer matcher
    assert group_of(asked)["Why do you want to work for us?"] == groups[elevator]


def test_groups_made_before_the_matcher_was_recorded_are_redone(asked):
    with asked.transaction() as cursor:
        cursor.execute("DELETE FROM question_grouping")
        cursor.execute("UPDATE question_text_groups SET auto_key = 'bank:weaknesses'")
    assert needs_regrouping(asked)
    assert group_pending(asked) == 5
    assert group_of(asked)["Tell me about yourself"] == "bank:tell-me-about-yourself"


def test_after_an_update_sync_and_a_full_replay_agree_on_chained_merges(asked, monkeypatch):
    elevator, cheese = "How would you build an elevator controller?", "What is your favourite kind of cheese?"
    repository.insert_debrief(asked, ask(cheese))
    question_groups.merge_groups(asked, group_id(asked, "Tell me about yourself"), group_id(asked, elevator))
    question_groups.merge_groups(asked, group_id(asked, elevator), group_id(asked, cheese))

    # An update that files the elevator question under the bank question merged into it.
    updated = NewerMatcher(question_groups.matcher_for(asked), moved="bank:tell-me-about-yourself")
    monkeypatch.setattr(question_groups, "matcher_for", lambda _store: updated)
    monkeypatch.setattr(question_groups, "matcher_fingerprint", lambda: "an update's matcher")
    group_pending(asked)
    repository.insert_debrief(asked, ask("Tell me a bit about yourself"))
    synced = group_of(asked)
    assert synced["Tell me a bit about yourself"] == synced["Tell me about yourself"] == synced[cheese]
    question_groups.move_out(asked, "What is your greatest weakness?")  # replays every correction
    replayed = group_of(asked)
    assert replayed["Tell me a bit about yourself"] == replayed["Tell me about yourself"] == replayed[cheese]


def test_a_merge_made_between_two_updates_follows_its_group_after_the_second(asked, monkeypatch):
    elevator, cheese = "How would you build an elevator controller?", "What is your favourite kind of cheese?"
    repository.insert_debrief(asked, ask(cheese))
    shipped = question_groups.matcher_for(asked)

    class RespelledMatcher:
        """An update whose bank spells own groups' keys differently (new shorthand, say)."""

        def group_keys(self, texts, leaders=()):
            keys = shipped.group_keys(texts, [leader.removeprefix("newer ") for leader in leaders])
            return [key.replace("own:", "own:newer ", 1) for key in keys]

    monkeypatch.setattr(question_groups, "matcher_for", lambda _store: RespelledMatcher())
    monkeypatch.setattr(question_groups, "question_bank", NewerBank)
    monkeypatch.setattr(question_groups, "matcher_fingerprint", lambda: "update 2")
    group_pending(asked)
    question_groups.merge_groups(asked, group_id(asked, cheese), group_id(asked, elevator))

    monkeypatch.setattr(question_groups, "matcher_for", lambda _store: NewerMatcher(RespelledMatcher()))
    monkeypatch.setattr(question_groups, "matcher_fingerprint", lambda: "update 3")
    group_pending(asked)
    groups = group_of(asked)
    assert groups[elevator] == "bank:system-design"
    assert groups[cheese] == groups[elevator]


def test_an_empty_database_needs_no_grouping_and_no_matcher(store, monkeypatch):
    def not_needed(_store):
        raise AssertionError("the matcher was built for a database without questions")

    monkeypatch.setattr(question_groups, "matcher_for", not_needed)
    assert not needs_regrouping(store)
    assert not upkeep.pending(store)
    upkeep.bring_up_to_date(store, dt.date(2026, 12, 1))
    repository.insert_debrief(store, make_debrief("No questions", questions=[]))
    with store.cursor() as cursor:
        assert not question_groups.pending_grouping(cursor)


def test_a_transcripts_questions_are_matched_with_the_bank_and_the_users_own_groups(asked):
    suggestions = question_groups.suggestions(
        asked,
        [
            "So, walk me through your CV.",
            "How would you design the controller for a lift?",
            "Describe the smell of our office carpet in three words.",
        ],
    )
    about_me = question_bank().by_key("bank:tell-me-about-yourself")
    assert suggestions[0] == question_groups.Suggestion(about_me.canonical, about_me.category)
    own = suggestions[1]  # joins the user's own question, if the matcher groups them, else a bank one
    assert own.wording is not None
    assert suggestions[2] == question_groups.Suggestion(None, None)  # would start a group of its own
    with asked.cursor() as cursor:  # suggesting reads only
        assert cursor.execute("SELECT count(*) FROM question_text_groups").fetchone()[0] == 5
