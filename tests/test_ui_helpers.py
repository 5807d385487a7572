"""The small shared pieces of ui/ that several pages draw with."""

from __future__ import annotations

from ui.keys import widget_keys


def test_widget_keys_join_the_prefix_and_every_part_with_dots():
    key = widget_keys("capture")
    assert key("notes") == "capture.notes"
    assert key("editor", "mistakes", 2) == "capture.editor.mistakes.2"
    assert widget_keys("followups")("done", 17) == "followups.done.17"
