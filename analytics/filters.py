"""Which interviews an analysis looks at: a date range, companies, roles, rounds and outcomes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import duckdb

# Each list filter as (field, column); an empty list means "all".
_LIST_FILTERS = (("companies", "company"), ("roles", "role"), ("rounds", "round"), ("outcomes", "outcome"))


@dataclass(frozen=True)
class InterviewFilter:
    """Hashable, so Streamlit can cache on it. Dates are inclusive."""

    start: dt.date | None = None
    end: dt.date | None = None
    companies: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    rounds: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()

    def where(self, alias: str = "i") -> tuple[str, dict[str, Any]]:
        """An SQL condition on the interviews table (aliased `alias`) and its named parameters.

        The condition only names columns; every value travels as a parameter (`$filter_*`).
        """
        conditions = ["true"]
        parameters: dict[str, Any] = {}
        if self.start is not None:
            conditions.append(f"{alias}.interview_date >= $filter_start")
            parameters["filter_start"] = self.start
        if self.end is not None:
            conditions.append(f"{alias}.interview_date <= $filter_end")
            parameters["filter_end"] = self.end
        for field, column in _LIST_FILTERS:
            values = getattr(self, field)
            if values:
                conditions.append(f"list_contains($filter_{field}, {alias}.{column})")
                parameters[f"filter_{field}"] = list(values)
        return " AND ".join(conditions), parameters

    @property
    def is_everything(self) -> bool:
        return self == InterviewFilter()


@dataclass(frozen=True)
class FilterChoices:
    """What the filter widgets offer: the values present in the data."""

    first_date: dt.date | None
    last_date: dt.date | None
    companies: list[str]
    roles: list[str]
    rounds: list[str]
    outcomes: list[str]


def filter_choices(cursor: duckdb.DuckDBPyConnection) -> FilterChoices:
    row = cursor.execute(
        """
        SELECT min(interview_date), max(interview_date),
               list_sort(list_distinct(list(company) FILTER (WHERE company <> ''))),
               list_sort(list_distinct(list(role) FILTER (WHERE role <> ''))),
               list_sort(list_distinct(list(round) FILTER (WHERE round <> ''))),
               list_sort(list_distinct(list(outcome) FILTER (WHERE outcome <> '')))
        FROM interviews
        """
    ).fetchall()[0]
    first, last, *lists = row
    return FilterChoices(first, last, *[values or [] for values in lists])
