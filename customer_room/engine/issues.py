"""Ibis expressions over an issues table (canonical columns: `opened`, `closed`,
`category`, `touchpoint`, `channel`, `severity`, and `closed_unknown` when statuses close
issues): what the issues wall and the issue pages count, per period and per value.

Each function returns an unexecuted expression, so one backend (DuckDB, PostgreSQL,
Spark) runs it where the rows are. Periods are named by their start, as
`metrics/periods.py` names them: weeks start on Monday, quarters on 1 Jan/Apr/Jul/Oct.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

NO_VALUE = "(none)"  # a missing or blank value, as `metrics.issues.value_codes` names it
_UNITS = {"day": "D", "week": "W", "month": "M", "quarter": "Q"}


def period_of(column: ir.TimestampValue, freq: str) -> ir.TimestampValue:
    """The start of the period (day, week, month, quarter) holding each timestamp."""
    return column.truncate(_UNITS[freq])


def value_of(table: ir.Table, by: str) -> ir.StringValue:
    """A column's values as the walls group them, a missing one as "(none)". The table is
    canonical: values are trimmed and a blank is missing (the loader makes them so, and a
    warehouse source's view does the same)."""
    if by not in table.columns:
        return ibis.literal(NO_VALUE)
    return table[by].cast("string").fill_null(NO_VALUE)


def _unknown(table: ir.Table) -> ir.BooleanValue:
    """Closed by its status at a date nobody knows (see `load/closes.py`)."""
    return table["closed_unknown"].fill_null(False) if "closed_unknown" in table.columns else ibis.literal(False)


def flow_cells(table: ir.Table, freq: str, by: str = "category") -> ir.Table:
    """Issues opened, closed and resolved per period and value of `by`, in one query:
    columns kind ("opened", "closed", "resolved"), period, value, count; no zero cells.

    An issue is resolved in the later of its opened and closed periods (so a close date
    before the open date never makes a backlog negative), in its opened period when its
    status closed it at an unknown date, and never while it is open. The backlog at the
    end of a period is then the opened count so far less the resolved count so far.
    """
    rows = table.filter(table.opened.notnull())
    opened, closed = period_of(rows.opened, freq), period_of(rows.closed, freq)
    resolved = ibis.cases((_unknown(rows), opened), (rows.closed.isnull(), ibis.null("timestamp")),
                          else_=ibis.greatest(opened, closed))
    value = value_of(rows, by)
    parts = []
    for kind, when in (("opened", opened), ("closed", closed), ("resolved", resolved)):
        cells = rows.select(kind=ibis.literal(kind), period=when, value=value)
        cells = cells.filter(cells.period.notnull())
        parts.append(cells.group_by(["kind", "period", "value"]).aggregate(count=cells.count()))
    return ibis.union(*parts)


def close_times(table: ir.Table, freq: str | None, by: str | None = "category") -> ir.Table:
    """Time to close per closed period (None: over all time) and value of `by` (None: the
    whole room): n, median_days, p90_days, mean_days of the days from opened to closed,
    for the issues closed on or after they were opened. Quantiles interpolate linearly,
    as numpy's do (they are not summed from smaller groups: each grouping is its own
    query)."""
    rows = table.filter(table.opened.notnull() & table.closed.notnull() & (table.closed >= table.opened))
    days = (rows.closed.epoch_seconds() - rows.opened.epoch_seconds()) / 86400.0
    keys = {}
    if freq is not None:
        keys["period"] = period_of(rows.closed, freq)
    if by is not None:
        keys["value"] = value_of(rows, by)
    figures = {"n": rows.count(), "median_days": days.quantile(0.5), "p90_days": days.quantile(0.9),
               "mean_days": days.mean()}
    return rows.group_by(**keys).aggregate(**figures) if keys else rows.aggregate(**figures)
