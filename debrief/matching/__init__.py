"""Question matching: which recalled questions ask the same underlying question.

`bank` holds the shipped bank and the text normalisation, `matcher` the grouping itself (scikit-learn,
seconds to train), `cache` the trained matcher kept on disk beside the database. What decides the
grouping is the bank and the code of `bank` and `matcher`: their `fingerprint` is stored with the
groups, and a new one regroups every question once. This face stays light: reading pages import it, and
scikit-learn is imported only when texts are grouped (`shipped_matcher`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from debrief.matching.fingerprint import matcher_fingerprint

if TYPE_CHECKING:
    from debrief.matching.matcher import QuestionMatcher

__all__ = ["matcher_fingerprint", "shipped_matcher"]


def shipped_matcher(cache_folder: Path | None) -> QuestionMatcher:
    """The matcher of the shipped bank: kept for the process, else loaded from `cache_folder` (where it is
    kept on disk beside the database), else trained (seconds) and kept there."""
    # Imported here, not at the top: it brings scikit-learn, which only grouping needs.
    from debrief.matching.cache import cached_matcher

    return cached_matcher(cache_folder)
