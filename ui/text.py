"""Words the pages show: user text through Streamlit's markdown elements as the text itself (never as
formatting), counts, and how a reflection's columns and severity read for its kind."""

import re
from typing import NamedTuple

import pandas as pd

from debrief.capture import form_from_draft
from debrief.models import IMPACT_LABELS, SEVERITY_LABELS, Kind
from debrief.repository import Draft

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&])")


def plain(text: object) -> str:
    """`text` with every character markdown (or Streamlit's :colour[] and $math$) could act on escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text)).replace("\n", "  \n")


def counted(count: int, word: str) -> str:
    """`count` and `word`, made plural with an s unless the count is one: "1 draft", "2,048 drafts"."""
    return f"{count:,} {word}{'' if count == 1 else 's'}"


class SeverityScale(NamedTuple):
    title: str  # the column heading
    levels: dict[int, str]  # the stored 1-3 in words


def severity_scale(kind: Kind) -> SeverityScale:
    """How a reflection's severity reads: a mistake's is its Severity (Minor to Major), a strength's its
    Impact (Small to Standout)."""
    if kind == "mistake":
        return SeverityScale("Severity", SEVERITY_LABELS)
    return SeverityScale("Impact", IMPACT_LABELS)


def reflection_headings(kind: Kind) -> dict[str, str]:
    """The column headings of a mistake's or a strength's fields, in the order every table shows them;
    only a mistake has a next time."""
    headings = {
        "category": "Category",
        "what_happened": "What happened",
        "severity": severity_scale(kind).title,
    }
    if kind == "mistake":
        headings["next_time"] = "What I'd say next time"
    return headings


def severity_in_words(items: pd.DataFrame, kind: Kind) -> pd.DataFrame:
    """`items` (mistakes or strengths, per `kind`) with their stored 1-3 severity in words."""
    return items.assign(severity=items["severity"].map(severity_scale(kind).levels))


def draft_label(draft: Draft) -> str:
    """A draft as a line: its company, date and when it was autosaved (markdown, user text escaped)."""
    form = form_from_draft(draft.payload.get("form"), draft.saved_at.date())
    company = form.get("company") or "(no company yet)"
    editing = " (changes to a saved debrief)" if draft.interview_id is not None else ""
    return (
        f"{plain(company)}{editing} · {plain(form.get('interview_date') or '')} · "
        f"autosaved {draft.saved_at:%d %b %H:%M}"
    )
