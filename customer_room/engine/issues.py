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

from .quantiles import exact_quantiles

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


def closed_of(table: ir.Table) -> ir.TimestampValue:
    """The closed date, or a missing one for every issue when the export has none."""
    return table["closed"] if "closed" in table.columns else ibis.null("timestamp")


def _unknown(table: ir.Table) -> ir.BooleanValue:
    """Closed by its status at a date nobody knows (see `load/closes.py`)."""
    return table["closed_unknown"].fill_null(False) if "closed_unknown" in table.columns else ibis.literal(False)


def flow_cells(table: ir.Table, freq: str, by: str = "category") -> ir.Table:
    """Issues opened, closed and resolved per period and value of `by`, in one query:
    columns period, value, opened, closed, resolved; one row per period and value that
    has any (so what comes back grows with periods × values, never with issues).

    An issue is resolved in the later of its opened and closed periods (so a close date
    before the open date never makes a backlog negative), in its opened period when its
    status closed it at an unknown date, and never while it is open. The backlog at the
    end of a period is then the opened count so far less the resolved count so far.
    """
    rows = table.filter(table.opened.notnull())
    opened, closed = period_of(rows.opened, freq), period_of(closed_of(rows), freq)
    resolved = ibis.cases((_unknown(rows), opened), (closed_of(rows).isnull(), ibis.null("timestamp")),
                          else_=ibis.greatest(opened, closed))
    value = value_of(rows, by)
    kinds = ("opened", "closed", "resolved")
    parts = []
    for kind, when in zip(kinds, (opened, closed, resolved)):
        cells = rows.select(kind=ibis.literal(kind), period=when, value=value)
        parts.append(cells.filter(cells.period.notnull()))
    cells = ibis.union(*parts)
    return cells.group_by(["period", "value"]).aggregate(
        **{kind: ibis.cases((cells.kind == kind, 1), else_=0).sum() for kind in kinds})


def close_times(table: ir.Table, freq: str | None, by: str | None = "category", bounded: bool = False) -> ir.Table:
    """Time to close per closed period (None: over all time) and value of `by` (None: the
    whole room): n, median_days, p90_days, mean_days of the days from opened to closed,
    for the issues closed on or after they were opened. Quantiles are exact and
    interpolate linearly, as numpy's do. `bounded` finds them in bounded memory
    (`quantiles.py`), for rows that are not in memory already (a scanned export, a
    warehouse); else the backend's own quantile aggregate does, in one pass."""
    if "closed" not in table.columns:
        table = table.mutate(closed=closed_of(table))
    rows = table.filter(table.opened.notnull() & table.closed.notnull() & (table.closed >= table.opened))
    # microseconds as a float: exact on every backend (Spark's UNIX_TIMESTAMP drops fractions of a second,
    # and it divides an integer by 86400.0 as a DECIMAL of 7 places)
    days = rows.closed.delta(rows.opened, unit="microsecond").cast("float64") / 86_400e6
    keys = {}
    if freq is not None:
        keys["period"] = period_of(rows.closed, freq)
    if by is not None:
        keys["value"] = value_of(rows, by)
    if bounded:
        summary = exact_quantiles(rows.select(**keys, days=days), list(keys), "days",
                                  {"median_days": 0.5, "p90_days": 0.9})
        return summary.select(*keys, "n", "median_days", "p90_days", mean_days=summary.mean)
    figures = {"n": rows.count(), "median_days": days.quantile(0.5), "p90_days": days.quantile(0.9),
               "mean_days": days.mean()}
    return rows.group_by(**keys).aggregate(**figures) if keys else rows.aggregate(**figures)


def opened_cells(table: ir.Table, freq: str) -> ir.Table:
    """Issues opened per period: period, count (the issues per 1,000 customers figure,
    counted in Wall 1's period length, which may differ from the issues wall's)."""
    rows = table.filter(table.opened.notnull())
    cells = rows.select(period=period_of(rows.opened, freq))
    return cells.group_by("period").aggregate(count=cells.count())


def _open_before(table: ir.Table, before) -> ir.BooleanValue:
    """Open at the last instant before `before`: opened before it and not closed before
    it, nor closed by its status. A strict bound is exact at any timestamp precision."""
    when = ibis.literal(before, type="timestamp")
    return (table.opened < when) & ~(closed_of(table) < when).fill_null(False) & ~_unknown(table)


def open_cells(table: ir.Table, before, by: str = "category") -> ir.Table:
    """How many issues of each value of `by` are open just before `before` (the end of
    the as-of day): value, count; values with none open are absent."""
    rows = table.filter(_open_before(table, before))
    cells = rows.select(value=value_of(rows, by))
    return cells.group_by("value").aggregate(count=cells.count())


def age_cells(table: ir.Table, before, bounds: list) -> ir.Table:
    """Open issues by age bucket just before `before`: bucket (0 for the youngest), count.

    `bounds` are the opened instants that separate the buckets, newest first: an issue
    opened on or after `bounds[0]` is in bucket 0, on or after `bounds[1]` in bucket 1,
    and so on (see `metrics.issues.age_bounds`)."""
    rows = table.filter(_open_before(table, before))
    cases = [(rows.opened >= ibis.literal(bound, type="timestamp"), i) for i, bound in enumerate(bounds)]
    cells = rows.select(bucket=ibis.cases(*cases, else_=len(bounds)))
    return cells.group_by("bucket").aggregate(count=cells.count())


def window_cells(table: ir.Table, start, stop, keys: tuple[str, ...]) -> ir.Table:
    """Issues opened from `start` up to (not including) `stop`, counted per combination
    of the values of `keys` (a missing value or column as "(none)"): keys…, count."""
    rows = table.filter((table.opened >= ibis.literal(start, type="timestamp"))
                        & (table.opened < ibis.literal(stop, type="timestamp")))
    cells = rows.select(**{key: value_of(rows, key) for key in keys})
    return cells.group_by(list(keys)).aggregate(count=cells.count())


def touchpoint_cells(table: ir.Table, freq: str, stop) -> ir.Table:
    """Issues tied to a touchpoint, opened before `stop`, per touchpoint and period:
    touchpoint, period, complaints (the complaints beside a touchpoint's volume)."""
    if "touchpoint" not in table.columns:
        return None
    rows = table.filter(table.opened.notnull() & table.touchpoint.notnull()
                        & (table.opened < ibis.literal(stop, type="timestamp")))
    cells = rows.select(touchpoint=rows.touchpoint.cast("string"), period=period_of(rows.opened, freq))
    return cells.group_by(["touchpoint", "period"]).aggregate(complaints=cells.count())


def status_closed(table: ir.Table) -> ir.IntegerScalar:
    """How many issues their status closed at a date nobody knows (the wall says so)."""
    if "closed_unknown" not in table.columns:
        return ibis.literal(0)
    return table.filter(_unknown(table)).count()
