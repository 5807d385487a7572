"""Text on its way into a file of another format (CSV, .ics, .eml): no control characters written raw.

What the user typed is stored exactly; only the copies written for other programs lose the characters
those formats forbid or that programs misread (NUL, escape, the C1 controls). Tabs and line breaks stay:
each format's own writer escapes those.
"""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"  # the character programs show for "something unreadable was here"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """`text` with every control character but tab, line feed and carriage return replaced."""
    return _CONTROL.sub(REPLACEMENT, text)


def printable_lines(text: str) -> str:
    """`printable(text)` with every line break (CR LF, CR) as one line feed."""
    return printable(text.replace("\r\n", "\n").replace("\r", "\n"))
