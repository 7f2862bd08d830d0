"""The floor: how long plain pandas takes to read a room's data and aggregate it.

No build can be faster than reading its data, so the benchmark prints every build as a
multiple of this. It reads each CSV under data/ with pandas' C engine (dates parsed)
and makes the aggregates the walls rest on: issues opened and closed per week and
category, the backlog per week, customer events per month, KPI and survey rows per
touchpoint. Prints one JSON line: seconds to import pandas, to read, to aggregate.

    python bench/floor.py ROOM
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

began = time.perf_counter()
import pandas as pd  # noqa: E402  (timed)

DATES = {"issues": ["opened", "closed"], "customers": ["date"], "surveys": ["date"], "actions": ["due"]}


def main(room: Path) -> None:
    """Read and aggregate the room at `room`; print the three timings."""
    imported = time.perf_counter()
    frames = {p.stem: pd.read_csv(p, parse_dates=DATES.get(p.stem, []), low_memory=False)
              for p in sorted((room / "data").glob("*.csv"))}
    read = time.perf_counter()
    issues = frames.get("issues")
    out = {}
    if issues is not None:
        week = issues["opened"].dt.to_period("W")
        out["opened"] = issues.groupby([week, "category"]).size()
        closed = issues.dropna(subset=["closed"])
        out["closed"] = closed.groupby([closed["closed"].dt.to_period("W"), "category"]).size()
        flow = out["opened"].groupby(level=0).sum().sub(out["closed"].groupby(level=0).sum(), fill_value=0)
        out["backlog"] = flow.cumsum()
    if "customers" in frames:
        c = frames["customers"]
        out["customers"] = c.groupby([c["date"].dt.to_period("M"), "event"]).size()
    for name in ("kpis", "surveys"):
        if name in frames:
            out[name] = frames[name].groupby("touchpoint").size()
    done = time.perf_counter()
    print(json.dumps({"import_s": imported - began, "read_s": read - imported, "aggregate_s": done - read,
                      "rows": {k: len(v) for k, v in frames.items()}}))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
