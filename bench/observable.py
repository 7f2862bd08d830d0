"""The peer to beat: Observable Framework building as many three-chart pages as a room has
issue pages, from the same data, on the same machine.

A benchmark, not a test. For a room made by `rooms.py` it writes an Observable Framework
project into a temporary folder: one data file of weekly counts per category (made by
DuckDB from the room's issues, as a data loader would; JSON, so that no CSV parser has
to come from a CDN), and one Markdown page per issue
category with three Plot charts (opened and closed, backlog, time to close) and a table,
much as customer-room's issue pages show. It then times `observable build`, which
bundles every page (the charts are drawn in the browser, as ours are on issue pages).
Framework, Plot and Inputs are installed with npm into DIR (`--npm`, default
/tmp/observable-npm) the first time; the pages import Plot and Inputs from there, since
Framework's default `npm:` imports come from a CDN this machine cannot reach. Prints one JSON line: pages, seconds.

    python bench/observable.py ROOM [--pages N] [--npm DIR]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import duckdb

VERSION = "1.13.4"
PAGE = """---
title: {name}
---

# {name}

```js
import * as P from "@observablehq/plot";
import * as I from "@observablehq/inputs";
const weeks = (await FileAttachment("../data/weekly.json").json()).filter((d) => d.category === {key!r})
  .map((d) => ({{...d, week: new Date(d.week)}}));
```

```js
display(P.plot({{y: {{grid: true, label: "Issues"}}, marks: [
  P.lineY(weeks, {{x: "week", y: "opened", stroke: "steelblue"}}),
  P.lineY(weeks, {{x: "week", y: "closed", stroke: "orange"}})]}}));
```

```js
display(P.plot({{y: {{grid: true, label: "Backlog"}}, marks: [P.areaY(weeks, {{x: "week", y: "backlog"}})]}}));
```

```js
display(P.plot({{y: {{grid: true, label: "Median days to close"}}, marks: [
  P.lineY(weeks, {{x: "week", y: "median_days"}})]}}));
```

```js
display(I.table(weeks));
```
"""


def install(folder: Path) -> Path:
    """Framework's command, installed with npm into `folder` once."""
    command = folder / "node_modules" / ".bin" / "observable"
    if not command.exists():
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "init", "-y"], cwd=folder, check=True, capture_output=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", f"@observablehq/framework@{VERSION}",
                        "@observablehq/plot", "@observablehq/inputs"], cwd=folder, check=True, capture_output=True)
    return command


def weekly(room: Path, out: Path) -> list[str]:
    """The weekly counts per category as CSV at `out`; the categories, largest first."""
    data = room / "data"
    source = next(p for p in (data / "issues.parquet", data / "issues.csv") if p.exists())
    read = f"read_parquet('{source}')" if source.suffix == ".parquet" else f"read_csv('{source}')"
    con = duckdb.connect()
    con.execute(f"""COPY (
        WITH t AS (SELECT category, date_trunc('week', opened) AS week, closed,
                          (epoch(closed) - epoch(opened)) / 86400.0 AS days FROM {read}),
        o AS (SELECT category, week, count(*) AS opened, median(days) AS median_days FROM t GROUP BY ALL),
        c AS (SELECT category, date_trunc('week', closed) AS week, count(*) AS closed FROM t
              WHERE closed IS NOT NULL GROUP BY ALL)
        SELECT o.category, o.week, o.opened, coalesce(c.closed, 0) AS closed,
               sum(o.opened - coalesce(c.closed, 0)) OVER (PARTITION BY o.category ORDER BY o.week) AS backlog,
               o.median_days
        FROM o LEFT JOIN c USING (category, week) ORDER BY o.category, o.week) TO '{out}' (FORMAT json, ARRAY true)""")
    return [r[0] for r in con.execute(f"SELECT category FROM {read} GROUP BY ALL ORDER BY count(*) DESC").fetchall()]


def main(room: Path, npm: Path, pages: int | None = None) -> None:
    """Write the project (`pages` pages in all: as many as customer-room's build of the
    room, the categories repeated if need be), build it, print the pages and seconds."""
    command = install(npm)
    project = Path(tempfile.mkdtemp(prefix="observable-bench-"))
    try:
        (project / "src" / "data").mkdir(parents=True)
        (project / "src" / "issues").mkdir()
        categories = weekly(room, project / "src" / "data" / "weekly.json")
        if pages:
            categories = [categories[i % len(categories)] + ("" if i < len(categories) else f" ({i})")
                          for i in range(pages - 1)]
        (project / "node_modules").symlink_to(npm / "node_modules")  # Plot and Inputs from npm, not a CDN
        package = json.loads((npm / "package.json").read_text())
        (project / "package.json").write_text(json.dumps({**package, "type": "module"}))  # the config is an ES module
        for name in categories:
            key = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
            (project / "src" / "issues" / f"{key}.md").write_text(PAGE.format(name=name, key=re.sub(r" \(\d+\)$", "", name)))
        (project / "src" / "index.md").write_text("# Issues\n\n" + "".join(
            f"- [{n}](./issues/{re.sub(r'[^a-z0-9]+', '-', n.lower()).strip('-')})\n" for n in categories))
        (project / "observablehq.config.js").write_text('export default {root: "src", title: "Bench"};\n')
        began = time.perf_counter()
        done = subprocess.run([str(command), "build"], cwd=project, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - began
        if done.returncode != 0:
            raise SystemExit(f"observable build failed:\n{done.stderr[-2000:]}")
        print(json.dumps({"pages": len(categories) + 1, "seconds": seconds}))
    finally:
        shutil.rmtree(project, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("room", type=Path)
    parser.add_argument("--npm", type=Path, default=Path("/tmp/observable-npm"))
    parser.add_argument("--pages", type=int, help="pages in all (default: one per category and an index)")
    args = parser.parse_args()
    main(args.room, args.npm, args.pages)
