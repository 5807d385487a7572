"""The small shared pieces of ui/ that several pages draw with."""

from __future__ import annotations

from ui.keys import widget_keys
from ui.text import severity_scale


def test_widget_keys_join_the_prefix_and_every_part_with_dots():
    key = widget_keys("capture")
    assert key("notes") == "capture.notes"
    assert key("editor", "mistakes", 2) == "capture.editor.mistakes.2"
    assert widget_keys("followups")("done", 17) == "followups.done.17"


def test_a_mistake_has_a_severity_and_a_strength_an_impact():
    assert severity_scale("mistake") == ("Severity", {1: "Minor", 2: "Noticeable", 3: "Major"})
    assert severity_scale("strength") == ("Impact", {1: "Small", 2: "Solid", 3: "Standout"})
