"""How long until an interview, in the words Home and the Prepare page use."""

from __future__ import annotations

import datetime as dt

import pytest

from ui.coming_up import countdown

NOW = dt.datetime(2026, 12, 2, 9, 0)


@pytest.mark.parametrize(
    ("starts_at", "said"),
    [
        (dt.datetime(2026, 12, 2, 8, 30), "now"),
        (dt.datetime(2026, 12, 2, 9, 0, 20), "in 1 minute"),
        (dt.datetime(2026, 12, 2, 9, 40), "in 40 minutes"),
        (dt.datetime(2026, 12, 2, 14, 30), "today at 14:30"),
        (dt.datetime(2026, 12, 3, 8, 0), "tomorrow at 08:00"),
        (dt.datetime(2026, 12, 9, 10, 0), "in 7 days"),
    ],
)
def test_the_countdown_says_it_as_people_do(starts_at, said):
    assert countdown(starts_at, NOW) == said
