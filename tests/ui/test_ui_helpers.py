"""The small shared pieces of ui/ that several pages draw with."""

from __future__ import annotations

import pandas as pd

from ui.keys import widget_keys
from ui.text import reflection_headings, severity_in_words, severity_scale


def test_widget_keys_join_the_prefix_and_every_part_with_dots():
    key = widget_keys("capture")
    assert key("notes") == "capture.notes"
    assert key("editor", "mistakes", 2) == "capture.editor.mistakes.2"
    assert widget_keys("followups")("done", 17) == "followups.done.17"


def test_a_mistake_has_a_severity_and_a_strength_an_impact():
    assert severity_scale("mistake") == ("Severity", {1: "Minor", 2: "Noticeable", 3: "Major"})
    assert severity_scale("strength") == ("Impact", {1: "Small", 2: "Solid", 3: "Standout"})


def test_reflection_headings_name_every_column_in_order_and_only_a_mistake_has_a_next_time():
    assert reflection_headings("mistake") == {
        "category": "Category",
        "what_happened": "What happened",
        "severity": "Severity",
        "next_time": "What I'd say next time",
    }
    assert list(reflection_headings("mistake")) == ["category", "what_happened", "severity", "next_time"]
    assert reflection_headings("strength") == {
        "category": "Category",
        "what_happened": "What happened",
        "severity": "Impact",
    }


def test_severity_in_words_reads_each_stored_level_for_its_kind_and_leaves_the_rest():
    items = pd.DataFrame({"category": ["Rambling", "Rapport", "Salary"], "severity": [3, 1, 2]})
    mistakes = severity_in_words(items, "mistake")
    assert list(mistakes["severity"]) == ["Major", "Minor", "Noticeable"]
    assert list(severity_in_words(items, "strength")["severity"]) == ["Standout", "Small", "Solid"]
    assert list(mistakes["category"]) == ["Rambling", "Rapport", "Salary"]
    assert list(items["severity"]) == [3, 1, 2]
