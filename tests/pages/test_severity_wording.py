"""A mistake's severity reads as Severity (Minor to Major), a strength's as Impact (Small to Standout), on
every page that shows one: the debrief view, the capture form and the Dashboard's items behind a bar."""

from __future__ import annotations

import json

from streamlit.elements.plotly_chart import PlotlySelectionState, PlotlyState

from tests.conftest import assert_no_exception, debriefs_database, open_page

# make_debrief: Rambling (3) and Salary misstep (2) went wrong, Rapport (1) went well.
MISTAKE_LEVELS = ["Major", "Noticeable"]
STRENGTH_LEVELS = ["Small"]


def severity_column(table) -> dict:
    """The severity column's settings in a table or editor drawn with a column configuration."""
    return json.loads(table.proto.columns)["severity"]


def test_the_debrief_view_shows_severity_for_mistakes_and_impact_for_strengths(database):
    app = open_page("pages/2_Interviews.py", {"id": str(debriefs_database(database, "Acme")[0])})
    assert_no_exception(app)
    tables = [table.value for table in app.dataframe if "What happened" in table.value]
    assert [list(table.columns[2:3]) for table in tables] == [["Severity"], ["Impact"]]
    assert [list(table.iloc[:, 2]) for table in tables] == [MISTAKE_LEVELS, STRENGTH_LEVELS]


def test_the_capture_form_offers_severity_for_mistakes_and_impact_for_strengths(database):
    app = open_page("pages/1_New_debrief.py", {"id": str(debriefs_database(database, "Acme")[0])})
    assert_no_exception(app)
    offered = [
        (column["label"], [option["label"] for option in column["type_config"]["options"]])
        for column in (severity_column(editor) for editor in app.dataframe[:2])
    ]
    assert offered == [
        ("Severity", ["Minor", "Noticeable", "Major"]),
        ("Impact", ["Small", "Solid", "Standout"]),
    ]


def select_bar(app, chart: str, category: str) -> None:
    points = [{"y": category}]
    app.session_state[f"dashboard.{chart}"] = PlotlyState(
        selection=PlotlySelectionState(points=points, point_indices=[0], box=[], lasso=[])
    )


def test_the_items_behind_a_dashboard_bar_show_severity_or_impact(database):
    debriefs_database(database, "Acme")
    app = open_page("pages/3_Dashboard.py")
    select_bar(app, "recurring_mistake", "Rambling")
    select_bar(app, "recurring_strength", "Rapport")
    app.run()
    assert_no_exception(app)
    behind = [table for table in app.dataframe if "what_happened" in table.value]
    assert [severity_column(table)["label"] for table in behind] == ["Severity", "Impact"]
    assert [list(table.value["severity"]) for table in behind] == [MISTAKE_LEVELS[:1], STRENGTH_LEVELS]
