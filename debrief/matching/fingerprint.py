"""The matcher's fingerprint: what decides how questions are grouped, hashed. Stored groups made under
another fingerprint are made again once (see debrief.question_groups); so is the matcher kept on disk.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.metadata
import json
from functools import cache
from pathlib import Path

from debrief.matching.bank import BANK_FILE

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
