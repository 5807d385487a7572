"""Showing user text through Streamlit's markdown elements as the text itself, never as formatting."""

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&])")


def plain(text: object) -> str:
    """`text` with every character markdown (or Streamlit's :colour[] and $math$) could act on escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text)).replace("\n", "  \n")
