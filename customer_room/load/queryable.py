"""The data files as Ibis tables: what the engine stage aggregates, wherever the rows are.

A room read from files gets one embedded DuckDB connection, in process, over the
loader's typed frames: DuckDB reads a pandas frame where it lies (through Arrow), so
nothing is copied into a database file, and a user installs nothing more than the
project's own dependencies. A room whose data is in a warehouse gets its tables from
`warehouse.py` instead; the engine runs the same expressions on either.
"""

from __future__ import annotations

import pandas as pd


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
