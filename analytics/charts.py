"""Plotly figures for the Dashboard, one builder per chart, each taking the frame its query returns.

Colours are the Okabe–Ito palette (safe for the common kinds of colour blindness), with grey in place
of its black so that marks stay visible on a dark theme. Backgrounds are transparent and no text
colour is fixed, so Streamlit's light and dark themes both read well. Every mark has a hover that
states its numbers in words.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analytics.interviewer import BAD_INTERVIEWS
from analytics.patterns import ROLLING_INTERVIEWS, ROLLING_MONTHS
from analytics.practice_effect import PracticeEffect
from debrief.models import Kind

ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
GREY = "#999999"
KIND_COLOURS = {"mistake": VERMILLION, "strength": BLUE}
KIND_DASHES = {"mistake": "solid", "strength": "dash"}
OUTCOME_COLOURS = {
    "Offer": GREEN,
    "Next round": SKY_BLUE,
    "Waiting": GREY,
    "Rejected": VERMILLION,
    "Withdrew": PURPLE,
}
OTHER_OUTCOME_COLOURS = (ORANGE, YELLOW, BLUE)
# Sequential and readable with any colour vision, from dark blue (never) to yellow (always).
HEATMAP_SCALE = "Cividis"
TRANSPARENT = "rgba(0,0,0,0)"
PLURAL = {"mistake": "mistakes", "strength": "strengths"}


def _laid_out(figure: go.Figure, title: str, x_title: str, y_title: str, height: int = 380) -> go.Figure:
    figure.update_layout(
        title={"text": title},
        xaxis_title=x_title,
        yaxis_title=y_title,
        height=height,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        paper_bgcolor=TRANSPARENT,
        plot_bgcolor=TRANSPARENT,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1.0},
        hovermode="closest",
    )
    return figure


def _bar_height(bars: int) -> int:
    return max(260, 110 + 30 * bars)


def as_label(values: Iterable[object]) -> list[str]:
    """Text the user typed, escaped for Plotly, which reads labels as HTML (`<b>`, `<a href>` …).

    Plotly shows the escaped text as typed; a selected point's label reads back with `html.unescape`.
    """
    return [html.escape(str(value), quote=False) for value in values]


def make_recurring_figure(frame: pd.DataFrame, kind: Kind) -> go.Figure:
    """Horizontal bars: the share of interviews in which each category appeared, most widespread on top."""
    plural = PLURAL[kind]
    figure = go.Figure(
        go.Bar(
            x=frame["share"] * 100,
            y=as_label(frame["category"]),
            orientation="h",
            marker_color=KIND_COLOURS[kind],
            customdata=list(
                zip(frame["interviews"], frame["items"], frame["last_seen"].astype(str), strict=True)
            ),
            texttemplate="%{x:.0f}%",
            textposition="auto",
            hovertemplate=(
                "<b>%{y}</b><br>In %{customdata[0]:,} interviews (%{x:.1f}%)<br>"
                f"%{{customdata[1]:,}} {plural} noted<br>Last seen %{{customdata[2]}}<extra></extra>"
            ),
            name=plural.capitalize(),
        )
    )
    title = "Recurring mistakes" if kind == "mistake" else "Strengths you show"
    figure.update_yaxes(autorange="reversed")
    figure.update_xaxes(ticksuffix="%", rangemode="tozero")
    return _laid_out(
        figure, title, "Share of interviews where it appeared", "Category", _bar_height(len(frame))
    )


def _kind_line(x, y, kind: Kind, name: str, hovertemplate: str, customdata=None) -> go.Scatter:
    """A thick line in the kind's colour; strengths dashed, so the two differ without colour too."""
    return go.Scatter(
        x=x,
        y=y,
        mode="lines",
        line={"color": KIND_COLOURS[kind], "width": 3, "dash": KIND_DASHES[kind]},
        name=name,
        customdata=customdata,
        hovertemplate=hovertemplate,
    )


def make_monthly_trend_figure(frame: pd.DataFrame) -> go.Figure:
    """Mistakes and strengths per interview each month (dots) and over the last few months (lines)."""
    figure = go.Figure()
    for kind, plural in PLURAL.items():
        figure.add_trace(
            go.Scatter(
                x=frame["month"],
                y=frame[f"{plural}_per_interview"],
                mode="markers",
                marker={"color": KIND_COLOURS[kind], "size": 8, "opacity": 0.55},
                name=f"{plural.capitalize()} per interview, that month",
                customdata=list(zip(frame["interviews"], frame[plural], strict=True)),
                hovertemplate=(
                    "<b>%{x|%B %Y}</b><br>"
                    f"%{{y:.2f}} {plural} per interview<br>"
                    f"%{{customdata[1]:,}} {plural} in %{{customdata[0]:,}} interviews<extra></extra>"
                ),
            )
        )
        figure.add_trace(
            _kind_line(
                frame["month"],
                frame[f"rolling_{plural}_per_interview"],
                kind,
                f"{plural.capitalize()}, last {ROLLING_MONTHS} months",
                f"<b>%{{x|%B %Y}}</b><br>%{{y:.2f}} {plural} per interview "
                f"over the last {ROLLING_MONTHS} months<extra></extra>",
            )
        )
    figure.update_yaxes(rangemode="tozero")
    return _laid_out(figure, "Mistakes and strengths per interview, by month", "Month", "Per interview")


def make_rolling_trend_figure(frame: pd.DataFrame) -> go.Figure:
    """Interview by interview: the average over the last few interviews, with each interview's count."""
    figure = go.Figure()
    for kind, plural in PLURAL.items():
        figure.add_trace(
            _kind_line(
                frame["interview_number"],
                frame[f"rolling_{plural}"],
                kind,
                f"{plural.capitalize()}, last {ROLLING_INTERVIEWS} interviews",
                "<b>Interview %{x:,}</b> (%{customdata[0]})<br>"
                f"%{{y:.2f}} {plural} per interview over the last {ROLLING_INTERVIEWS}<br>"
                f"%{{customdata[1]}} {plural} in this one<extra></extra>",
                customdata=list(zip(frame["interview_date"].astype(str), frame[plural], strict=True)),
            )
        )
    figure.update_yaxes(rangemode="tozero")
    return _laid_out(
        figure,
        f"Mistakes and strengths, average of the last {ROLLING_INTERVIEWS} interviews",
        "Interview (oldest first)",
        "Per interview",
    )


def make_heatmap_figure(frame: pd.DataFrame, kind: Kind) -> go.Figure:
    """Category × month: the share of that month's interviews in which the category appeared."""
    plural = PLURAL[kind]
    categories = list(dict.fromkeys(frame["category"]))
    months = sorted(frame["month"].unique())

    def grid(column: str) -> pd.DataFrame:
        return frame.pivot(index="category", columns="month", values=column).reindex(
            index=categories, columns=months
        )

    share = grid("share") * 100
    customdata = np.dstack(
        [grid(column).to_numpy() for column in ("items", "interviews", "interviews_that_month")]
    )
    figure = go.Figure(
        go.Heatmap(
            z=share.to_numpy(),
            x=[pd.Timestamp(month).strftime("%Y-%m") for month in months],
            y=as_label(categories),
            colorscale=HEATMAP_SCALE,
            zmin=0,
            zmax=100,
            colorbar={"title": {"text": "% of interviews"}, "ticksuffix": "%"},
            customdata=customdata,
            hovertemplate=(
                "<b>%{y}</b>, %{x}<br>In %{customdata[1]:,} of %{customdata[2]:,} interviews (%{z:.0f}%)<br>"
                f"%{{customdata[0]:,}} {plural} noted<extra></extra>"
            ),
            xgap=1,
            ygap=1,
        )
    )
    figure.update_yaxes(autorange="reversed")
    figure.update_xaxes(type="category")
    return _laid_out(
        figure,
        f"{plural.capitalize()} by month: share of interviews where each appeared",
        "Month",
        "Category",
        _bar_height(len(categories)),
    )


def make_professionalism_figure(frame: pd.DataFrame) -> go.Figure:
    """Bars: my own average answer rating, by how professional I found the interviewer."""
    figure = go.Figure(
        go.Bar(
            x=frame["professionalism"].astype(str),
            y=frame["average_answer_rating"],
            marker_color=BLUE,
            customdata=list(
                zip(
                    frame["interviews"],
                    frame["interviews_with_rated_answers"],
                    frame["average_in_my_control"],
                    strict=True,
                )
            ),
            texttemplate="%{y:.1f}",
            textposition="auto",
            hovertemplate=(
                "<b>Interviewer professionalism %{x}/5</b><br>%{customdata[0]:,} interviews<br>"
                "Your answers averaged %{y:.2f}/5 (in %{customdata[1]:,} with rated answers)<br>"
                "%{customdata[2]:.0f}% in your control on average<extra></extra>"
            ),
            name="Your answer rating",
        )
    )
    figure.update_yaxes(range=[0, 5])
    figure.update_xaxes(type="category", categoryorder="array", categoryarray=[str(n) for n in range(1, 6)])
    return _laid_out(
        figure,
        "Your answers, by how professional the interviewer was",
        "Interviewer professionalism (1 = poor, 5 = excellent)",
        "Your average answer rating (1–5)",
    )


def make_blame_split_figure(frame: pd.DataFrame) -> go.Figure:
    """Lines per month: how much of what went wrong was in my control, overall and in bad interviews."""
    figure = go.Figure()
    for column, label, colour, dash, count_column in (
        ("in_my_control", "All interviews", BLUE, "solid", "interviews"),
        ("in_my_control_when_bad", BAD_INTERVIEWS, VERMILLION, "dash", "bad_interviews"),
    ):
        figure.add_trace(
            go.Scatter(
                x=frame["month"],
                y=frame[column],
                mode="lines+markers",
                line={"color": colour, "width": 3, "dash": dash},
                name=label,
                customdata=frame[count_column],
                hovertemplate=(
                    f"<b>%{{x|%B %Y}}</b>, {label.lower()}<br>%{{y:.0f}}% was in your control "
                    "on average<br>%{customdata:,} interviews<extra></extra>"
                ),
                connectgaps=False,
            )
        )
    figure.add_hline(y=50, line={"color": GREY, "dash": "dot", "width": 1})
    figure.update_yaxes(range=[0, 100], ticksuffix="%")
    return _laid_out(figure, "Blame split: how much was in your control", "Month", "In your control")


def make_bad_interviews_figure(frame: pd.DataFrame) -> go.Figure:
    """Bars: the share of bad (and other) interviews in which the interviewer was unprofessional."""
    colours = [VERMILLION if group == BAD_INTERVIEWS else GREY for group in frame["interviews_group"]]
    figure = go.Figure(
        go.Bar(
            x=frame["interviews_group"],
            y=frame["share"] * 100,
            marker_color=colours,
            customdata=list(
                zip(
                    frame["with_unprofessional_interviewer"], frame["rated"], frame["interviews"], strict=True
                )
            ),
            texttemplate="%{y:.0f}%",
            textposition="auto",
            hovertemplate=(
                "<b>%{x}</b>: %{customdata[2]:,}<br>Unprofessional interviewer in %{customdata[0]:,} of "
                "the %{customdata[1]:,} with professionalism rated (%{y:.0f}%)<extra></extra>"
            ),
            name="Unprofessional interviewer",
        )
    )
    figure.update_yaxes(rangemode="tozero", ticksuffix="%")
    return _laid_out(
        figure,
        "How often the interviewer was unprofessional",
        "Interviews",
        "Unprofessional interviewer",
        320,
    )


def outcome_colours(outcomes: list[str]) -> dict[str, str]:
    extra = [outcome for outcome in outcomes if outcome not in OUTCOME_COLOURS]
    return {
        **OUTCOME_COLOURS,
        **{
            outcome: OTHER_OUTCOME_COLOURS[index % len(OTHER_OUTCOME_COLOURS)]
            for index, outcome in enumerate(extra)
        },
    }


def make_outcomes_figure(frame: pd.DataFrame) -> go.Figure:
    """Stacked horizontal bars: per round (earliest on top), how many interviews ended in each outcome."""
    rounds = list(dict.fromkeys(frame["round"]))
    outcomes = list(dict.fromkeys(frame["outcome"]))
    colours = outcome_colours(outcomes)
    figure = go.Figure()
    for outcome in outcomes:
        rows = frame[frame["outcome"] == outcome]
        figure.add_trace(
            go.Bar(
                x=rows["interviews"],
                y=as_label(rows["round"]),
                orientation="h",
                name=as_label([outcome])[0],
                marker_color=colours[outcome],
                customdata=list(zip(as_label(rows["outcome"]), rows["share_of_round"] * 100, strict=True)),
                hovertemplate=(
                    "<b>%{y}</b>: %{customdata[0]}<br>%{x:,} interviews "
                    "(%{customdata[1]:.0f}% of this round)<extra></extra>"
                ),
            )
        )
    figure.update_layout(barmode="stack", legend_traceorder="normal")
    figure.update_yaxes(categoryorder="array", categoryarray=as_label(rounds), autorange="reversed")
    return _laid_out(
        figure, "How far interviews got: outcome by round", "Interviews", "Round", _bar_height(len(rounds))
    )


def _interview_labels(frame: pd.DataFrame) -> list[str]:
    """Each interview as 'dd Mon yyyy · Company', the x axis of the transcript charts: one tick per
    interview, so a single interview reads as a date rather than as hours of one day. Two rounds at
    one company on one day are told apart by their round, then by a number."""
    labels = [
        f"{pd.Timestamp(date):%d %b %Y} · {company}"
        for date, company in zip(frame["interview_date"], frame["company"], strict=True)
    ]
    repeated = {label for label in labels if labels.count(label) > 1}
    labels = [
        f"{label} · {round_}" if label in repeated and round_ else label
        for label, round_ in zip(labels, frame["round"], strict=True)
    ]
    seen: dict[str, int] = {}
    unique = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        unique.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return as_label(unique)


def make_answer_length_figure(frame: pd.DataFrame) -> go.Figure:
    """Per interview with a transcript: the average and the longest answer, against two minutes."""
    labels = _interview_labels(frame)
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=labels,
            y=frame["average_answer_seconds"] / 60,
            mode="lines+markers",
            line={"color": BLUE, "width": 3},
            name="Average answer",
            customdata=list(zip(frame["answers"], frame["long_answers"], strict=True)),
            hovertemplate=(
                "<b>%{x}</b><br>Average answer %{y:.1f} min over %{customdata[0]} answers<br>"
                "%{customdata[1]} over two minutes<extra></extra>"
            ),
        )
    )
    figure.add_trace(
        go.Scatter(
            x=labels,
            y=frame["longest_answer_seconds"] / 60,
            mode="markers",
            marker={"color": VERMILLION, "size": 10, "symbol": "diamond"},
            name="Longest answer",
            hovertemplate="<b>%{x}</b><br>Longest answer %{y:.1f} min<extra></extra>",
        )
    )
    figure.add_hline(
        y=2,
        line={"color": GREY, "dash": "dash"},
        annotation_text="two minutes",
        annotation_position="top left",
    )
    figure.update_xaxes(type="category")
    figure.update_yaxes(rangemode="tozero", ticksuffix=" min")
    return _laid_out(figure, "How long your answers ran", "Interview", "Talking time")


def make_fillers_figure(frame: pd.DataFrame) -> go.Figure:
    """Per interview with a transcript: filler words per 100 of your words, and your share of the talk."""
    labels = _interview_labels(frame)
    figure = go.Figure()
    figure.add_trace(
        go.Bar(
            x=labels,
            y=frame["fillers_per_100_words"],
            marker_color=ORANGE,
            name="Filler words per 100 words",
            hovertemplate="<b>%{x}</b><br>%{y:.1f} filler words per 100 of your words<extra></extra>",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=labels,
            y=frame["my_share"] * 100,
            mode="lines+markers",
            line={"color": BLUE, "width": 3, "dash": "dash"},
            name="Your share of the talking (%)",
            yaxis="y2",
            hovertemplate="<b>%{x}</b><br>You talked %{y:.0f}% of the time<extra></extra>",
        )
    )
    figure.update_xaxes(type="category")
    figure.update_layout(
        yaxis={"rangemode": "tozero"},
        yaxis2={
            "overlaying": "y",
            "side": "right",
            "range": [0, 100],
            "dtick": 25,
            "ticksuffix": "%",
            "showgrid": False,
        },
    )
    return _laid_out(
        figure, "Filler words, and how much of the talking was yours", "Interview", "Per 100 words"
    )


def make_brief_hits_figure(frame: pd.DataFrame) -> go.Figure:
    """Per prepared interview (oldest first): the share of its questions the brief listed, against the
    share your most asked questions alone would have listed."""
    labels = _interview_labels(frame)
    figure = go.Figure()
    for column, name, colour, dash in (
        ("hit_rate", "Your brief", BLUE, "solid"),
        ("baseline_hit_rate", "Your most asked questions alone", GREY, "dash"),
    ):
        figure.add_trace(
            go.Scatter(
                x=labels,
                y=frame[column] * 100,
                mode="lines+markers",
                line={"color": colour, "width": 3, "dash": dash},
                name=name,
                hovertemplate=(
                    f"<b>%{{x}}</b><br>{name} listed %{{y:.0f}}% of the questions asked<extra></extra>"
                ),
            )
        )
    figure.update_xaxes(type="category")
    figure.update_yaxes(range=[0, 100], ticksuffix="%", dtick=25)
    return _laid_out(figure, "How well your briefs predicted", "Interview", "Questions the brief listed")


def make_mistakes_avoided_figure(frame: pd.DataFrame) -> go.Figure:
    """Per prepared interview: of the recurring mistakes its brief listed, how many you avoided and how
    many came up again."""
    labels = _interview_labels(frame)
    recurred = frame["mistakes_listed"] - frame["mistakes_avoided"]
    figure = go.Figure()
    for values, name, colour in (
        (frame["mistakes_avoided"], "Avoided", GREEN),
        (recurred, "Came up again", VERMILLION),
    ):
        figure.add_trace(
            go.Bar(
                x=labels,
                y=values,
                marker_color=colour,
                name=name,
                hovertemplate=(
                    f"<b>%{{x}}</b><br>{name}: %{{y}} of the mistakes the brief listed<extra></extra>"
                ),
            )
        )
    figure.update_layout(barmode="stack")
    figure.update_xaxes(type="category")
    figure.update_yaxes(rangemode="tozero", dtick=1)
    return _laid_out(figure, "Mistakes avoided after preparing", "Interview", "Mistakes the brief listed")


def make_practice_effect_figure(effect: PracticeEffect) -> go.Figure:
    """Two small bar groups side by side, practised (rehearsed) against not: the answer rating in the next
    interview that asked the question (out of 5), and the share of recurring mistakes that came up again
    in the next interview. Both axes start at zero and run to their full scale, so the bars compare
    fairly; the hover says how many occurrences each bar stands on."""
    figure = make_subplots(
        rows=1,
        cols=2,
        subplot_titles=(
            "Answer rating, next time the question was asked",
            "Mistakes that came up again in the next interview",
        ),
        horizontal_spacing=0.15,
    )
    questions, mistakes = effect.questions, effect.mistakes
    figure.add_trace(
        go.Bar(
            x=list(questions["group"]),
            y=questions["average_rating"],
            customdata=questions[["occurrences"]],
            marker_color=[BLUE, GREY],
            showlegend=False,
            hovertemplate=(
                "<b>%{x}</b><br>Answers rated %{y:.2f}/5 on average<br>"
                "over %{customdata[0]:,} answers<extra></extra>"
            ),
        ),
        row=1,
        col=1,
    )
    figure.add_trace(
        go.Bar(
            x=list(mistakes["group"]),
            y=mistakes["share_recurred"] * 100,
            customdata=mistakes[["recurred", "occurrences"]],
            marker_color=[BLUE, GREY],
            showlegend=False,
            hovertemplate=(
                "<b>%{x}</b><br>%{y:.0f}% came up again in the next interview<br>"
                "(%{customdata[0]:,} of %{customdata[1]:,})<extra></extra>"
            ),
        ),
        row=1,
        col=2,
    )
    _laid_out(figure, "Does practice work? Practised against not practised", "", "")
    figure.update_yaxes(range=[0, 5], dtick=1, title_text="Average answer rating (1-5)", row=1, col=1)
    figure.update_yaxes(range=[0, 100], ticksuffix="%", dtick=25, title_text="Came up again", row=1, col=2)
    figure.update_xaxes(type="category")
    return figure
