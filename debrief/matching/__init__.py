"""Question matching: which recalled questions ask the same underlying question.

`bank` holds the shipped bank and the text normalisation, `matcher` the grouping itself (scikit-learn,
seconds to train), `cache` the trained matcher kept on disk beside the database. What decides the
grouping is the bank and the code of `bank` and `matcher`: their fingerprint is stored with the groups,
and a new one regroups every question once. This face stays light: reading pages import it, and
scikit-learn is imported only when texts are grouped (`shipped_matcher`).
"""

from __future__ import annotations

import ast
import hashlib
import importlib.metadata
import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from debrief.matching.bank import BANK_FILE

if TYPE_CHECKING:
    from debrief.matching.matcher import QuestionMatcher

_DECIDING_CODE = ("bank.py", "matcher.py")
# The stemmer and the classifier can change how texts are grouped from one release to the next.
_DECIDING_LIBRARIES = ("snowballstemmer", "scikit-learn")


def _code_without_comments(path: Path) -> str:
    """A module's code as its syntax tree, without comments or docstrings: editing those changes nothing."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        first = body[0] if isinstance(body, list) and body else None
        docstring = isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
        if docstring and isinstance(first.value.value, str):
            node.body = body[1:] or [ast.Pass()]
    return ast.dump(tree, annotate_fields=False)


@cache
def matcher_fingerprint() -> str:
    """Changes whenever the groups could: another bank, other matching code, another version of a
    library the matching relies on. Stored groups made under another fingerprint are redone."""
    digest = hashlib.sha256()
    bank = json.loads(BANK_FILE.read_text(encoding="utf-8"))
    digest.update(json.dumps(bank, sort_keys=True, ensure_ascii=False).encode())
    for name in _DECIDING_CODE:
        digest.update(_code_without_comments(Path(__file__).with_name(name)).encode())
    for library in _DECIDING_LIBRARIES:
        digest.update(importlib.metadata.version(library).encode())
    return digest.hexdigest()


def shipped_matcher(cache_folder: Path | None) -> QuestionMatcher:
    """The matcher of the shipped bank: kept for the process, else loaded from `cache_folder` (where it is
    kept on disk beside the database), else trained (seconds) and kept there."""
    # Imported here, not at the top: it brings scikit-learn, which only grouping needs.
    from debrief.matching.cache import cached_matcher

    return cached_matcher(cache_folder)
