"""The headline tiles Home and the Dashboard share: interviews, the top mistake and strength, the most
asked question category, and whether mistakes per interview are going down.

Tiles are written out rather than `st.metric`, whose one-line values cut category names short.
"""

from __future__ import annotations

import streamlit as st

from analytics.patterns import MIN_TREND_INTERVIEWS, STEADY_WITHIN, Leader, MistakeTrend, PatternSummary
from ui.text import plain

TREND_RULE = (
    "A straight line fitted through the number of mistakes in each interview, oldest to newest. Going "
    f"down when it ends at least {STEADY_WITHIN:.0%} lower than it starts; going up when it ends at least "
    f"{STEADY_WITHIN:.0%} higher."
)
_TREND_WORDS = {"down": ":green[Going down]", "up": ":red[Going up]", "steady": "About the same"}


def tile(label: str, value: str, detail: str = "", help_text: str | None = None) -> None:
    """One bordered tile: a label, the value (markdown, so escape user text first), a detail line."""
    with st.container(border=True, height="stretch"):
        st.caption(label, help=help_text)
        st.markdown(f"#### {value}")
        if detail:
            st.caption(detail)


def _leader_tile(label: str, leader: Leader | None, counted: str, empty: str) -> None:
    if leader is None:
        tile(label, "—", empty)
    else:
        tile(label, plain(leader.category), f"in {leader.share:.0%} of {counted}")


def _trend_tile(trend: MistakeTrend | None) -> None:
    label = "Mistakes trend"
    if trend is None:
        tile(label, "—", f"Needs at least {MIN_TREND_INTERVIEWS} interviews", TREND_RULE)
        return
    tile(
        label,
        _TREND_WORDS[trend.direction],
        f"From {trend.start:.1f} to {trend.end:.1f} per interview over {trend.interviews:,} interviews",
        TREND_RULE,
    )


def show_pattern_tiles(summary: PatternSummary) -> None:
    tiles = st.columns(5)
    with tiles[0]:
        tile("Interviews logged", f"{summary.interviews:,}")
    with tiles[1]:
        _leader_tile("Top mistake", summary.top_mistake, "interviews", "No mistakes noted yet")
    with tiles[2]:
        _leader_tile("Top strength", summary.top_strength, "interviews", "No strengths noted yet")
    with tiles[3]:
        _leader_tile(
            "Top question type",
            summary.top_question_category,
            "questions",
            "No questions recalled yet",
        )
    with tiles[4]:
        _trend_tile(summary.mistake_trend)
