"""The engine stage: the aggregations that grow with rows, written once with Ibis.

Counting a million issues per period and category is the one part of a build whose cost
grows with the export. It is written here as Ibis expressions over the canonical tables
of the load stage (`RoomInput.table`), which run on the embedded DuckDB by default and
on PostgreSQL, Spark and other warehouses behind the same expressions: only the small
aggregated tables come back to Python. The metric logic on those small tables (churn,
backlog, status, burn-down) stays pure pandas in `metrics/`.

- `issues.py`: issues opened, closed and resolved per period and value, open issues by
  value and age, time to close, counts in a window.
- `customers.py`: customer events per period, same-period losses, referrers, losses by
  reason and segment.
- `surveys.py`: responses by touchpoint, instrument, period and score.
- `quantiles.py`: exact quantiles in bounded memory, for rows not in memory.
- `words.py`: the newest customer words per category or touchpoint.
"""

from __future__ import annotations

import importlib
from typing import Any

from ..load.queryable import Embedded, backend_errors, first_line

_MODULES = ("customers", "issues", "quantiles", "surveys", "words")


def __getattr__(name: str) -> Any:
    """Import a module of expressions on first use (PEP 562): importing Ibis takes a
    quarter of a second, which a build that aggregates nothing (nothing changed, or a
    room with only KPIs) need not spend."""
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return importlib.import_module(f".{name}", __name__)


class EngineError(Exception):
    """The backend could not run a query over the rows (a text column of a warehouse
    table that holds something that is not a date, a table dropped since the build
    began): its first line, for `compute` to name the data file."""


def run(expr):
    """Run an expression where its table's rows are; its small result as a pandas frame."""
    try:
        return expr.to_pandas()
    except backend_errors() as exc:
        raise EngineError(first_line(exc)) from exc


def value(expr):
    """Run a scalar expression (a count) where the rows are; its Python value."""
    try:
        return expr.execute()
    except backend_errors() as exc:
        raise EngineError(first_line(exc)) from exc


__all__ = ["Embedded", "EngineError", "customers", "issues", "quantiles", "run", "surveys", "value", "words"]
