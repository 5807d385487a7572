"""Question grouping as one call, for code that has texts rather than a database (benchmarks, other
tools): the documented interface `group_questions(texts) -> labels`. The grouping itself lives with
the stored groups it feeds (`debrief.matching`); this touches no database (given a `cache_folder`, it
keeps the trained matcher there)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from debrief.matching import shipped_matcher


def group_questions(texts: Sequence[str], cache_folder: Path | None = None) -> list[int]:
    """One label per text; texts with the same label ask the same underlying question.

    Labels count from 0 in order of first appearance, so the same texts always get the same labels.
    Deterministic and offline. `cache_folder` keeps the trained matcher between processes.
    """
    labels: dict[str, int] = {}
    return [labels.setdefault(key, len(labels)) for key in shipped_matcher(cache_folder).group_keys(texts)]
