"""Guarantee: 8 threads saving and editing at once (as several browser tabs do) lose nothing, and two
sessions editing the same debrief get a clear conflict message instead of silently overwriting."""

from __future__ import annotations

import threading
from collections import Counter

from debrief import repository
from debrief.store import ConflictError, Store
from tests.conftest import assert_no_exception, make_debrief, open_page

THREADS = 8
PER_THREAD = 8


def test_eight_threads_saving_and_editing_at_once_lose_nothing(store, summary):
    contested = repository.insert_debrief(store, make_debrief("Contested"))
    start = threading.Barrier(THREADS)
    expected: dict[int, object] = {}
    applied: list[tuple[int, str]] = []  # (version written, role) of each contested edit that went in
    counts = Counter()
    messages: set[str] = set()
    errors: list[BaseException] = []
    lock = threading.Lock()

    def tab(number: int) -> None:
        try:
            start.wait()
            for step in range(PER_THREAD):
                saved = repository.insert_debrief(store, make_debrief(f"Tab {number} #{step}"))
                edited = repository.update_debrief(store, saved.model_copy(update={"role": f"edited {step}"}))
                repository.save_draft(store, f"tab-{number}", edited.id, {"form": {"step": step}})
                stale = repository.get_debrief(store, contested.id)
                role = f"tab {number} step {step}"
                try:
                    written = repository.update_debrief(store, stale.model_copy(update={"role": role}))
                except ConflictError as error:
                    with lock:
                        counts["conflicts"] += 1
                        messages.add(str(error))
                else:
                    with lock:
                        applied.append((written.version, role))
                with lock:
                    expected[edited.id] = edited
                    counts["saves"] += 1
                    counts["edits"] += 1
        except BaseException as error:  # collected and asserted below, in the main thread
            errors.append(error)

    threads = [threading.Thread(target=tab, args=(number,)) for number in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    for interview_id, edited in expected.items():
        assert repository.get_debrief(store, interview_id) == edited
    assert repository.count_interviews(store) == THREADS * PER_THREAD + 1
    assert len(repository.list_drafts(store)) == THREADS
    final = repository.get_debrief(store, contested.id)
    # Every edit that went in bumped the version once, and the last one is what is stored: none was lost.
    assert final.version == 1 + len(applied)
    assert sorted(version for version, _ in applied) == list(range(2, final.version + 1))
    assert final.role == max(applied)[1]
    assert counts["conflicts"] + len(applied) == THREADS * PER_THREAD
    assert all("changed in another tab or window" in message for message in messages)
    tries = THREADS * PER_THREAD
    summary(
        f"concurrency: {THREADS} threads, {counts['saves']} saves, {counts['edits']} edits, {tries} draft "
        f"autosaves and {tries} edits of one shared debrief at once: {len(applied)} shared edits applied in "
        f"turn, {counts['conflicts']} refused with a conflict message, updates lost: 0, rows lost: 0"
    )


def test_two_sessions_editing_one_debrief_get_a_conflict_and_keep_both_texts(database, summary):
    store = Store(database)
    saved = repository.insert_debrief(store, make_debrief("Globex"))
    page, query = "pages/1_New_debrief.py", {"id": str(saved.id)}
    first, second = open_page(page, query=query), open_page(page, query=query)
    first.text_area(key="capture.notes").input("Written in the first tab").run()
    second.text_area(key="capture.notes").input("Written in the second tab").run()
    first.button(key="capture.save").click().run()
    second.button(key="capture.save").click().run()
    assert_no_exception(second)
    assert "changed in another tab or window" in second.error[0].value
    assert repository.get_debrief(store, saved.id).notes == "Written in the first tab"
    [draft] = repository.list_drafts(store)
    assert draft.payload["form"]["notes"] == "Written in the second tab"

    # Following the message: reopening the debrief shows what the other tab saved.
    second.button(key="capture.discard").click().run()
    assert_no_exception(second)
    assert second.text_area(key="capture.notes").value == "Written in the first tab"
    summary(
        "conflicts: 2 sessions saved the same debrief: 1 saved, 1 refused with 'changed in another tab or "
        "window', its text kept as a draft; silent overwrites: 0"
    )
