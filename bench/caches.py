"""What each cache saves: the benchmark run with every cache of `state.CACHES` switched off
in turn (CUSTOMER_ROOM_NO_CACHE), against a run with all of them on.

A benchmark, not a test: it prints figures and asserts nothing. For each size and each
configuration it times, in fresh processes, a COLD build (no room cache, no site), a
WARM build (nothing changed), a FORCED build (--force: every page built again with the
caches warm, what a new process after a data change meets), and inside one running
state (bench/edits.py, what `watch` keeps) a NOTE edit and an appended DAY:

    .venv/bin/python bench/caches.py --size S --size L --keep /tmp/rooms --runs 2 [--only charts,svgs]

Each cell is min–max over the runs; a cache pays when switching it off makes some
column clearly worse than the machine's run-to-run noise (the ALL ON row, repeated).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from bench import REPO, build, edits, prepare_room, room_options, source_state

sys.path.insert(0, str(REPO))
from customer_room.state import CACHES  # noqa: E402

KINDS = ("cold", "warm", "forced", "note", "day")


def forced(size: str, room: Path, quiet: bool):
    """A fresh process building every page again (--force), with the caches warm."""
    os.environ["CUSTOMER_ROOM_FORCE"] = "1"
    try:
        return build(size, room, "forced", quiet)
    finally:
        os.environ.pop("CUSTOMER_ROOM_FORCE", None)


def measure_config(size: str, room: Path, off: str, runs: int) -> dict[str, list[float]]:
    """Seconds of each kind of build with cache `off` switched off ('' = all on)."""
    os.environ["CUSTOMER_ROOM_NO_CACHE"] = off
    figures: dict[str, list[float]] = {k: [] for k in KINDS}
    try:
        for _ in range(runs):
            for kind in ("cold", "warm"):
                run = build(size, room, kind, quiet=True)
                figures[kind].append(run.wall if run.ok else float("nan"))
            run = forced(size, room, quiet=True)
            figures["forced"].append(run.wall if run.ok else float("nan"))
            for run in edits(size, room):
                figures[run.kind].append(run.wall if run.ok else float("nan"))
    finally:
        os.environ.pop("CUSTOMER_ROOM_NO_CACHE", None)
    return figures


def span(values: list[float]) -> str:
    """'min–max' seconds, as the machine's noise asks."""
    if not values:
        return "-"
    low, high = min(values), max(values)
    fmt = (lambda v: f"{v:.2f}") if high < 10 else (lambda v: f"{v:.1f}")
    return fmt(low) if low == high else f"{fmt(low)}–{fmt(high)}"


def main() -> None:
    parser = room_options(argparse.ArgumentParser(description=__doc__.splitlines()[0]))
    parser.add_argument("--only", default="", help="comma-separated cache names (default: every cache)")
    args = parser.parse_args()
    names = [n for n in args.only.split(",") if n] or [c.name for c in CACHES]
    parent = args.keep or Path(tempfile.mkdtemp(prefix="customer-room-caches-"))
    print(f"customer-room caches benchmark, {source_state()}; {args.runs} run(s) per cell, min–max seconds")
    for size in args.size:
        room = parent / f"room-{size}"
        prepare_room(size, room)
        rows = [("ALL ON", measure_config(size, room, "", args.runs))]
        for name in names:
            rows.append((f"no {name}", measure_config(size, room, name, args.runs)))
        rows.append(("ALL ON again", measure_config(size, room, "", args.runs)))
        head = ["size", "configuration", *KINDS]
        table = [[size, label, *(span(figures[k]) for k in KINDS)] for label, figures in rows]
        widths = [max(len(h), *(len(r[i]) for r in table)) for i, h in enumerate(head)]
        print()
        print(" | ".join(h.ljust(w) for h, w in zip(head, widths)))
        print("-+-".join("-" * w for w in widths))
        for row in table:
            print(" | ".join(c.ljust(w) for c, w in zip(row, widths)), flush=True)


if __name__ == "__main__":
    main()
