"""Where an in-process build of a room spends its time: cProfile, top functions printed.

bench.py says how long a build takes; this says why. It runs `build_site` under
cProfile in this process (the render workers are separate interpreters, so their work
shows here only as the parent waiting for them) and prints the top functions by own
time and by cumulative time, and saves the raw profile for snakeviz/pstats.

    .venv/bin/python bench/profile_build.py /tmp/rooms/room-L [--cold] [--top 30]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import shutil
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def profile(room: Path, out: Path, cold: bool, top: int, save: Path | None) -> None:
    """Build `room` into `out` under cProfile and print the top costs."""
    from customer_room.build import build_site  # imported outside the profile: import cost is not the build's
    from customer_room.report import Reporter

    if cold:
        shutil.rmtree(room / ".cache", ignore_errors=True)
    profiler = cProfile.Profile()
    began = time.perf_counter()
    profiler.enable()
    result = build_site(room, out, Reporter(verbose=True))
    profiler.disable()
    print(f"\nbuilt {len(result.pages)} pages in {time.perf_counter() - began:.1f} s under cProfile "
          f"({'cold' if cold else 'warm'} cache)\n")
    if save:
        profiler.dump_stats(str(save))
        print(f"raw profile: {save}\n")
    for key in ("tottime", "cumulative"):
        text = io.StringIO()
        stats = pstats.Stats(profiler, stream=text).strip_dirs().sort_stats(key)
        stats.print_stats(top)
        body = text.getvalue()
        print(f"=== top {top} by {key} ===")
        print(body[body.find("   ncalls"):].rstrip() + "\n")


def main() -> None:
    """Command line: the room, and whether to empty the chart cache first."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("room", type=Path)
    parser.add_argument("--out", type=Path, help="site folder (default: ROOM/site)")
    parser.add_argument("--cold", action="store_true", help="empty ROOM/.cache first")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--save", type=Path, help="write the raw profile here")
    args = parser.parse_args()
    profile(args.room.resolve(), (args.out or args.room / "site").resolve(), args.cold, args.top, args.save)


if __name__ == "__main__":
    main()
