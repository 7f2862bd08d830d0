"""Seconds to make the three A1 posters: `customer-room posters` in a fresh process.

A benchmark, not a test: it prints figures and asserts nothing. For each room size it
makes (or reuses) the room as bench.py does, then runs the real command:

- COLD: no site and no chart cache (`ROOM/site` and `ROOM/.cache` removed), so the
  command builds the whole site, renders every chart, then lays out the posters;
- WARM: the same command again: the build keeps every page, the charts come from the
  cache, and only the posters are laid out again.

Each line gives the whole command's seconds, the part spent on the posters (planning
them, their charts, WeasyPrint), and the peak memory of the process tree.

    .venv/bin/python bench/posters.py --size S --size L --keep /tmp/posterrooms [--runs 3]

Target (issue 6): under 10 s for the demo room (S), cold.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from bench import REPO, measure, prepare_room, room_options

MADE = re.compile(r"made (\d+) posters \((.+?)\) in ([\d.]+) s")
TARGET_S_COLD = 10.0


def posters(room: Path, kind: str, size: str) -> dict:
    """One `customer-room posters` run on `room`; COLD empties the site and chart cache first."""
    if kind == "cold":
        for folder in (room / ".cache", room / "site"):
            shutil.rmtree(folder, ignore_errors=True)
    cmd = [sys.executable, str(REPO / "build.py"), "posters", "--room", str(room), "--out", str(room / "site"),
           "--size", size]
    result, wall, sampler = measure(cmd)
    made = MADE.search(result.stderr)
    if result.returncode != 0 or not made:
        sys.exit(f"posters failed ({kind}):\n{result.stderr[-3000:]}")
    return {"kind": kind, "wall": wall, "posters": int(made.group(1)), "sheet": made.group(2),
            "poster_s": float(made.group(3)), "peak_mib": sampler.peak_tree_kib / 1024}


def main(argv: list[str] | None = None) -> None:
    """Make (or reuse) each room and time the posters command on it, cold then warm."""
    parser = room_options(argparse.ArgumentParser(description=__doc__.split("\n\n")[0]))
    parser.add_argument("--sheet", default="A1", help="sheet size (default A1)")
    args = parser.parse_args(argv)
    parent = args.keep or Path(tempfile.mkdtemp(prefix="customer-room-posters-"))
    try:
        for size in dict.fromkeys(args.size):
            room = parent / f"room-{size}"
            seconds, _ = prepare_room(size, room)
            print(f"{size}: room {'reused' if seconds is None else f'generated in {seconds:.1f} s'} ({room})",
                  flush=True)
            colds = []
            for _ in range(args.runs):
                for kind in ("cold", "warm"):
                    run = posters(room, kind, args.sheet)
                    if kind == "cold":
                        colds.append(run["wall"])
                    print(f"  {kind}: {run['wall']:.1f} s for {run['posters']} posters ({run['sheet']}), "
                          f"of which the posters {run['poster_s']:.1f} s; peak {run['peak_mib']:,.0f} MiB",
                          flush=True)
            if size == "S":
                median = statistics.median(colds)
                print(f"  cold median {median:.1f} s: {'met' if median < TARGET_S_COLD else 'MISSED'} "
                      f"(target < {TARGET_S_COLD:g} s)", flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(parent, ignore_errors=True)


if __name__ == "__main__":
    main()
