"""Text boxes that keep everything typed or pasted: a text over its limit stays in the box, flagged,
instead of being cut off by the browser without a word."""

from __future__ import annotations

import streamlit as st

from ui.text import plain


def too_long(label: str, text: object, limit: int) -> str | None:
    """What to tell the user when `text` is over `limit` characters (None when it fits)."""
    if not isinstance(text, str) or len(text) <= limit:
        return None
    return (
        f"{label}: {len(text):,} characters, {len(text) - limit:,} over the limit of {limit:,}. "
        "All of it is kept here; shorten it before saving."
    )


def warn_if_too_long(label: str, text: object, limit: int) -> None:
    message = too_long(label, text, limit)
    if message is not None:
        st.warning(plain(message), icon="✂️")
