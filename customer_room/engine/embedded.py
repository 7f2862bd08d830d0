"""The embedded engine: DuckDB, in process, over the loader's typed frames.

A user of a room installs nothing more than the project's own dependencies: DuckDB comes
with them, runs in this process, and reads a pandas frame where it lies (through Arrow),
so nothing is copied into a database file.
"""

from __future__ import annotations

import ibis
import pandas as pd


class Embedded:
    """One DuckDB connection; `table(name, frame)` makes a frame queryable by Ibis."""

    def __init__(self):
        self.con = ibis.duckdb.connect()  # in memory

    def table(self, name: str, frame: pd.DataFrame, columns: tuple[str, ...] | None = None):
        """The Ibis table of `frame` (its `columns`, all by default), registered under
        `name` in place of an older one. DuckDB scans the frame where it lies: nothing is
        copied (a copy through Arrow of a million rows' text costs half a second)."""
        self.con.con.register(name, frame if columns is None else frame[[c for c in columns if c in frame]])
        return self.con.table(name)

    def run(self, expr) -> pd.DataFrame:
        """Execute an expression here; the small aggregated table comes back as pandas."""
        return self.con.to_pandas(expr)
