"""The user's settings (the first-run choice, the follow-up plan's defaults, the name to sign notes
with): one text value per key."""

from __future__ import annotations

from debrief.store import Store, first_row


def get_setting(store: Store, key: str) -> str | None:
    with store.cursor() as cursor:
        row = first_row(cursor, "SELECT value FROM settings WHERE key = ?", [key])
    return row[0] if row else None


def set_setting(store: Store, key: str, value: str) -> None:
    with store.transaction() as cursor:
        cursor.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", [key, value])
