"""Rebuilds inside a running session, as `watch` does them: a note edit, then a day of issues.

One process keeps a `BuildState` (what a watch keeps): it builds once (the chart
cache is warm from the benchmark's cold build) and warms the chart renderer as a watch
does between builds, then edits one issue note and builds,
then appends a day of issues (the last day's rows, moved a day later, with new ids) and
builds, timing each rebuild. The room is put back as it was afterwards. Prints one JSON
line with the timings and what each rebuild re-planned and rewrote.

    python bench/edits.py ROOM
"""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from customer_room.build import build_site  # noqa: E402
from customer_room.charts.svg import warm_in_process  # noqa: E402
from customer_room.report import Reporter  # noqa: E402
from customer_room.state import BuildState  # noqa: E402


def timed(room: Path, state: BuildState) -> dict:
    """One build, with its seconds and what it did."""
    began, cpu = time.perf_counter(), time.process_time()
    result = build_site(room, room / "site", Reporter(quiet=True), state)
    return {"seconds": time.perf_counter() - began, "cpu_seconds": time.process_time() - cpu, "planned": len(result.planned) + 1,
            "written": len(result.written), "charts_made": result.charts_made, "pages": len(result.pages)}


def next_day(issues: Path) -> bytes:
    """The rows opened on the file's last day, moved one day later with new ids."""
    with open(issues, "rb") as f:
        f.seek(max(0, os.path.getsize(issues) - 4_000_000))
        tail = f.read().decode("utf-8").splitlines()[1:]
    last = max(line.split(",")[1][:10] for line in tail if line.count(",") >= 8)
    day = (datetime.fromisoformat(last) + timedelta(days=1)).strftime("%Y-%m-%d")
    rows = []
    for i, line in enumerate(l for l in tail if l.split(",")[1].startswith(last)):
        cells = line.split(",")
        cells[0] = f'"D-{day}-{i:06d}"'
        cells[1] = day + cells[1][10:]
        cells[2] = ""  # still open
        rows.append(",".join(cells))
    return ("\n".join(rows) + "\n").encode("utf-8")


def main(room: Path) -> None:
    """Build, edit a note, build, append a day, build; restore the room; print JSON."""
    state = BuildState(appends=True)
    figures = {"first": timed(room, state)}
    warm_in_process()  # as a watch does while the room is quiet after its first build
    note = sorted((room / "walls" / "issues").glob("*.md"))[0]
    issues = room / "data" / "issues.csv"
    original_note, original_size = note.read_bytes(), issues.stat().st_size
    try:
        note.write_bytes(original_note + b"\nOne more line from the benchmark.\n")
        figures["note_edit"] = timed(room, state)
        day = next_day(issues)
        with open(issues, "rb+") as f:
            f.seek(-1, os.SEEK_END)
            ends_with_newline = f.read(1) == b"\n"
            f.write(day if ends_with_newline else b"\n" + day)
        figures["day_appended"] = timed(room, state)
        figures["day_appended"]["rows"] = day.count(b"\n")
    finally:
        note.write_bytes(original_note)
        os.truncate(issues, original_size)
    print(json.dumps(figures))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
