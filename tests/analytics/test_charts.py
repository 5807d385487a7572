"""Chart builders, checked through the figure's JSON: title, axis labels, the numbers in each mark and
its hover, colour-blind-safe colours, and transparent backgrounds for light and dark themes."""

from __future__ import annotations

import base64
import html
import json

import numpy as np
import pytest

from analytics import charts
from analytics.dashboard import dashboard_data
from analytics.filters import InterviewFilter
from analytics.interviewer import BAD_INTERVIEWS
from analytics.scope import NOT_RECORDED
from tests.analytics.conftest import run

OKABE_ITO = {
    charts.ORANGE,
    charts.SKY_BLUE,
    charts.GREEN,
    charts.YELLOW,
    charts.BLUE,
    charts.VERMILLION,
    charts.PURPLE,
    charts.GREY,
}


@pytest.fixture
def data(six):
    return run(six, dashboard_data, InterviewFilter())


def spec(figure) -> dict:
    """The figure as Streamlit sends it to the browser."""
    return json.loads(figure.to_json())


def values(part) -> list:
    """An array of the spec as a list: Plotly encodes numeric arrays as typed base64 blocks."""
    if isinstance(part, dict) and "bdata" in part:
        array = np.frombuffer(base64.b64decode(part["bdata"]), dtype=part["dtype"])
        if "shape" in part:
            array = array.reshape([int(n) for n in str(part["shape"]).split(",")])
        return array.tolist()
    return list(part)


def layout_text(figure) -> tuple[str, str, str]:
    layout = spec(figure)["layout"]
    return layout["title"]["text"], layout["xaxis"]["title"]["text"], layout["yaxis"]["title"]["text"]


def colours(figure) -> set[str]:
    found = set()
    for trace in spec(figure)["data"]:
        for part in (trace.get("marker", {}).get("color"), trace.get("line", {}).get("color")):
            if isinstance(part, str):
                found.add(part)
            elif part is not None:
                found.update(part)
    return found


def all_figures(data):
    return [
        charts.make_recurring_figure(data.mistakes, "mistake"),
        charts.make_recurring_figure(data.strengths, "strength"),
        charts.make_monthly_trend_figure(data.monthly_trend),
        charts.make_rolling_trend_figure(data.rolling_trend),
        charts.make_heatmap_figure(data.mistake_heatmap, "mistake"),
        charts.make_professionalism_figure(data.professionalism),
        charts.make_blame_split_figure(data.blame_split),
        charts.make_bad_interviews_figure(data.bad_interviews),
        charts.make_outcomes_figure(data.outcomes),
    ]


def test_every_chart_is_titled_labelled_hoverable_and_theme_neutral(data):
    for figure in all_figures(data):
        title, x_title, y_title = layout_text(figure)
        assert all((title, x_title, y_title)), (title, x_title, y_title)
        layout = spec(figure)["layout"]
        assert layout["paper_bgcolor"] == layout["plot_bgcolor"] == charts.TRANSPARENT
        assert "font" not in layout  # no fixed text colour: the theme decides
        for trace in spec(figure)["data"]:
            assert "%{" in trace["hovertemplate"], title
        assert colours(figure) <= OKABE_ITO, title


def test_recurring_mistakes_bars_show_the_share_and_say_the_counts(data):
    figure = charts.make_recurring_figure(data.mistakes, "mistake")
    assert layout_text(figure) == ("Recurring mistakes", "Share of interviews where it appeared", "Category")
    bar = spec(figure)["data"][0]
    assert values(bar["y"]) == ["Rambling", "Nerves", "Salary misstep"]
    assert values(bar["x"]) == pytest.approx([50, 100 / 3, 100 / 6])
    assert [row[:2] for row in values(bar["customdata"])] == [[3, 4], [2, 2], [1, 1]]
    assert "In %{customdata[0]:,} interviews" in bar["hovertemplate"]
    assert "mistakes noted" in bar["hovertemplate"]
    assert bar["marker"]["color"] == charts.VERMILLION


def test_strength_bars_are_blue_and_named_for_strengths(data):
    figure = charts.make_recurring_figure(data.strengths, "strength")
    assert layout_text(figure)[0] == "Strengths you show"
    assert spec(figure)["data"][0]["marker"]["color"] == charts.BLUE
    assert "strengths noted" in spec(figure)["data"][0]["hovertemplate"]


def test_monthly_trend_draws_months_and_rolling_lines_for_both_kinds(data):
    figure = charts.make_monthly_trend_figure(data.monthly_trend)
    traces = spec(figure)["data"]
    assert [trace["mode"] for trace in traces] == ["markers", "lines", "markers", "lines"]
    assert values(traces[0]["y"]) == pytest.approx([2.0, 2.0, 1 / 3])
    assert values(traces[1]["y"]) == pytest.approx([2.0, 2.0, 7 / 6])
    assert traces[1]["line"]["dash"] != traces[3]["line"]["dash"]  # told apart without colour too


def test_heatmap_is_a_category_by_month_grid_of_percentages(data):
    figure = charts.make_heatmap_figure(data.mistake_heatmap, "mistake")
    heatmap = spec(figure)["data"][0]
    assert list(heatmap["y"]) == ["Rambling", "Nerves", "Salary misstep"]
    assert list(heatmap["x"]) == ["2026-01", "2026-02", "2026-03"]
    assert values(heatmap["z"]) == [
        pytest.approx([100, 0, 100 / 3]),
        pytest.approx([50, 100, 0]),
        pytest.approx([0, 100, 0]),
    ]
    assert heatmap["colorscale"][0][1] != heatmap["colorscale"][-1][1]
    assert (heatmap["zmin"], heatmap["zmax"]) == (0, 100)
    assert "In %{customdata[1]:,} of %{customdata[2]:,} interviews" in heatmap["hovertemplate"]


def test_professionalism_bars_sit_on_a_one_to_five_scale(data):
    figure = charts.make_professionalism_figure(data.professionalism)
    bar = spec(figure)["data"][0]
    assert values(bar["x"]) == ["1", "2", "3", "5"]
    assert values(bar["y"]) == pytest.approx([2.0, 2.0, 5.0, 3.75])
    assert list(spec(figure)["layout"]["yaxis"]["range"]) == [0, 5]


def test_bad_interviews_bar_stands_out(data):
    figure = charts.make_bad_interviews_figure(data.bad_interviews)
    bar = spec(figure)["data"][0]
    assert values(bar["x"]) == [BAD_INTERVIEWS, "Other interviews"]
    assert values(bar["y"]) == pytest.approx([100, 0])
    assert list(bar["marker"]["color"]) == [charts.VERMILLION, charts.GREY]


def test_blame_split_is_a_percentage_over_months(data):
    figure = charts.make_blame_split_figure(data.blame_split)
    traces = spec(figure)["data"]
    assert [trace["name"] for trace in traces] == ["All interviews", BAD_INTERVIEWS]
    assert values(traces[0]["y"]) == pytest.approx([50, 60, 160 / 3])
    assert list(spec(figure)["layout"]["yaxis"]["range"]) == [0, 100]


def test_outcomes_stack_one_trace_per_outcome_with_the_outcome_in_customdata(data):
    figure = charts.make_outcomes_figure(data.outcomes)
    traces = spec(figure)["data"]
    names = [trace["name"] for trace in traces]
    assert names == ["Rejected", "Waiting", "Next round", "Offer", NOT_RECORDED]
    rejected = traces[0]
    assert list(rejected["y"]) == ["Phone screen", "First round"]
    assert values(rejected["x"]) == [1, 1]
    assert [row[0] for row in rejected["customdata"]] == ["Rejected", "Rejected"]
    assert rejected["marker"]["color"] == charts.VERMILLION
    assert spec(figure)["layout"]["barmode"] == "stack"


def test_unknown_outcomes_get_distinct_palette_colours():
    mapping = charts.outcome_colours(["Offer", "Ghosted", "On hold"])
    assert mapping["Offer"] == charts.GREEN
    assert mapping["Ghosted"] != mapping["On hold"]
    assert {mapping["Ghosted"], mapping["On hold"]} <= OKABE_ITO


def test_labels_the_user_typed_are_escaped_so_plotly_shows_them_as_text(data):
    typed = "<b>Froze</b> & <a href='x'>left</a>"
    mistakes = data.mistakes.assign(category=[typed, *data.mistakes["category"][1:]])
    bar = spec(charts.make_recurring_figure(mistakes, "mistake"))["data"][0]
    shown = values(bar["y"])[0]
    assert "<" not in shown
    assert html.unescape(shown) == typed  # what a selected bar reads back
    outcomes = data.outcomes.assign(round="<i>Final</i>", outcome="<script>x</script>")
    outcome_figure = spec(charts.make_outcomes_figure(outcomes))
    assert all("<" not in label for trace in outcome_figure["data"] for label in values(trace["y"]))
    assert all("<" not in trace["name"] for trace in outcome_figure["data"])
    assert all("<" not in label for label in outcome_figure["layout"]["yaxis"]["categoryarray"])
