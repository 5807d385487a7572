"""Widget keys: each page's keys start with its own prefix, so two pages' widgets never share a key."""

from __future__ import annotations

from collections.abc import Callable


def widget_keys(prefix: str) -> Callable[..., str]:
    """The key maker of the widgets under `prefix`: widget_keys("capture")("editor", "mistakes", 2) is
    "capture.editor.mistakes.2". Tests and session state refer to these strings, so they must not change."""

    def key(*parts: object) -> str:
        return ".".join([prefix, *map(str, parts)])

    return key
