"""The data files as Ibis tables: what the engine stage aggregates, wherever the rows are.

A room read from files gets one embedded DuckDB connection, in process, over the
loader's typed frames: DuckDB reads a pandas frame where it lies (through Arrow), so
nothing is copied into a database file, and a user installs nothing more than the
project's own dependencies. A room whose data is in a warehouse gets its tables from
`warehouse.py` instead; the engine runs the same expressions on either.
"""

from __future__ import annotations

import importlib

import pandas as pd

from ..errors import DataError, Problem

MEMORY_LIMIT = "1GB"  # DuckDB's own working memory; past it a group-by spills to disk (a 100M-issue room)


class Embedded:
    """One DuckDB connection; `table(name, frame)` makes a frame queryable by Ibis."""

    def __init__(self):
        import tempfile

        import ibis  # only a build that aggregates pays for importing Ibis and DuckDB

        self.con = ibis.duckdb.connect(memory_limit=MEMORY_LIMIT, temp_directory=tempfile.gettempdir(),
                                       preserve_insertion_order=False)  # in memory

    def table(self, name: str, frame: pd.DataFrame, columns: tuple[str, ...] | None = None):
        """The Ibis table of `frame` (its `columns`, all by default), registered under
        `name` in place of an older one. DuckDB scans the frame where it lies: nothing is
        copied (a copy through Arrow of a million rows' text costs half a second)."""
        self.con.con.register(name, frame if columns is None else frame[[c for c in columns if c in frame]])
        return self.con.table(name)

    def run(self, expr) -> pd.DataFrame:
        """Execute an expression here; the small aggregated table comes back as pandas."""
        return self.con.to_pandas(expr)


def backend_errors() -> tuple[type[BaseException], ...]:
    """The exceptions the backends raise for a query they cannot run over the data (a
    text column that holds something that is not a date): not our bugs, which still
    surface as themselves."""
    import duckdb
    from ibis.common.exceptions import IbisError

    found: list[type[BaseException]] = [duckdb.Error, IbisError]
    for module, name in (("psycopg", "Error"), ("pyspark.errors", "PySparkException"), ("py4j.protocol", "Py4JError")):
        try:
            found.append(getattr(importlib.import_module(module), name))
        except ImportError:
            continue
    return tuple(found)


def first_line(exc: BaseException) -> str:
    """A backend's message, first line, shortened: enough to see what went wrong."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text if len(text) <= 200 else text[:199] + "…"


def fetch(expr, where: str) -> pd.DataFrame:
    """Run a query of the load stage (counts, date spans, checks) where the rows are; a
    query the backend cannot run is a problem of `where` (the source and table)."""
    try:
        return expr.to_pandas()
    except backend_errors() as exc:
        raise DataError([Problem(where, f"cannot be read: {first_line(exc)}",
                                 hint="a text column that should hold dates or numbers may hold something else; "
                                      "map it, or fix it at the source")]) from None
