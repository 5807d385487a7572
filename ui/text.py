"""Showing user text through Streamlit's markdown elements as the text itself, never as formatting."""

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&])")


def plain(text: object) -> str:
    """`text` with every character markdown (or Streamlit's :colour[] and $math$) could act on escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text)).replace("\n", "  \n")


def counted(count: int, word: str) -> str:
    """`count` and `word`, made plural with an s unless the count is one: "1 draft", "2,048 drafts"."""
    return f"{count:,} {word}{'' if count == 1 else 's'}"
