"""What derives from the data, brought up to date once when Debrief opens a database.

Saves, imports and the demo loader write the question groups, follow-up plans and practice cards of
what they write, in the same transaction, so pages only read. What they cannot cover is what happened
before this version ran: an update that ships another question bank (every question is grouped again
once, the user's corrections kept), and a database from an older Debrief (ungrouped questions,
interviews without a plan or an application, no practice cards). `pending` says whether there is such
work (a read); `bring_up_to_date` does it in one transaction, reporting its progress.
"""

from __future__ import annotations

import datetime as dt

from debrief import applications, follow_ups, practice, question_groups
from debrief.store import Progress, Store, no_progress


def pending(store: Store) -> bool:
    with store.cursor() as cursor:
        return (
            question_groups.pending_grouping(cursor)
            or follow_ups.interviews_without_plan(cursor) > 0
            or applications.unfiled_interviews(cursor) > 0
            or practice.missing_cards(cursor) > 0
        )


def bring_up_to_date(store: Store, today: dt.date, report: Progress = no_progress) -> None:
    """Group what is not grouped by this version's matcher, give every interview a plan, and file every
    interview into its application."""
    with store.cursor() as cursor:
        grouping = question_groups.pending_grouping(cursor)
    matcher = question_groups.matcher_for(store) if grouping else None
    plan = follow_ups.plan_defaults(store)
    with store.transaction() as cursor:
        if matcher is not None:
            question_groups.update_groups(cursor, matcher, report)
        follow_ups.start_missing_plans(cursor, today, plan)
        applications.file_unfiled(cursor)
        practice.start_missing_cards(cursor)
    report(1.0, "Done")
