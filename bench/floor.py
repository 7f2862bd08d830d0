"""The floor: how long the embedded engine itself takes to read a room's data and run the
aggregations the walls rest on, with no customer-room code in between.

No build can aggregate faster than the engine it runs on, so the benchmark prints every
build as a multiple of this. DuckDB reads each CSV under data/ into a table (a Parquet
export is scanned where it lies, as the build scans it), then runs, in plain SQL, the
queries a build sends through Ibis: issues opened, closed and resolved per week and
category; time to close (median, p90, mean) per week and category, per category, per week
and overall; open issues per category; customer events per month; survey responses per
touchpoint, month and score. Prints one JSON line: seconds to import DuckDB, to read,
to aggregate.

    python bench/floor.py ROOM
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

began = time.perf_counter()
import duckdb  # noqa: E402  (timed)

FIGURES = "count(*) AS n, quantile_cont(days, 0.5), quantile_cont(days, 0.9), avg(days)"
QUERIES = {
    "issues": [
        """SELECT period, category, sum(kind = 'o'), sum(kind = 'c'), sum(kind = 'r') FROM (
             SELECT 'o' AS kind, date_trunc('week', opened) AS period, category FROM issues WHERE opened IS NOT NULL
             UNION ALL SELECT 'c', date_trunc('week', closed), category FROM issues WHERE closed IS NOT NULL
             UNION ALL SELECT 'r', greatest(date_trunc('week', opened), date_trunc('week', closed)), category
               FROM issues WHERE closed IS NOT NULL) GROUP BY ALL""",
        *(f"""SELECT {keys}{', ' if keys else ''}{FIGURES} FROM (
               SELECT date_trunc('week', closed) AS period, category,
                      (epoch(closed) - epoch(opened)) / 86400.0 AS days FROM issues WHERE closed >= opened)
             {'GROUP BY ALL' if keys else ''}"""
          for keys in ("period, category", "category", "period", "")),
        ("SELECT category, count(*) FROM issues WHERE closed IS NULL OR closed > (SELECT max(opened) FROM issues) "
         "GROUP BY ALL"),
    ],
    "customers": ["SELECT date_trunc('month', date), event, count(*), sum(coalesce(value, 0)) FROM customers GROUP BY ALL"],
    "surveys": ["SELECT touchpoint, instrument, date_trunc('month', date), score, count(*) FROM surveys GROUP BY ALL"],
}


def main(room: Path) -> None:
    """Read and aggregate the room at `room`; print the timings."""
    imported = time.perf_counter()
    con = duckdb.connect()
    rows = {}
    for path in sorted((room / "data").iterdir()):
        if path.suffix == ".csv":
            con.execute(f"CREATE TABLE {path.stem} AS SELECT * FROM read_csv('{path}')")
        elif path.suffix == ".parquet":
            con.execute(f"CREATE VIEW {path.stem} AS SELECT * FROM read_parquet('{path}')")
        else:
            continue
        rows[path.stem] = con.execute(f"SELECT count(*) FROM {path.stem}").fetchone()[0]
    read = time.perf_counter()
    cells = 0
    for name, queries in QUERIES.items():
        if name in rows:
            for query in queries:
                cells += len(con.execute(query).fetchall())
    done = time.perf_counter()
    print(json.dumps({"import_s": imported - began, "read_s": read - imported, "aggregate_s": done - read,
                      "rows": rows, "cells": cells}))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
