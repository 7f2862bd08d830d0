"""Seconds from saving a file in a room to the new page in an open browser, under `serve`.

"The new page" is the reloaded document's first contentful paint: when the person at
the screen sees it (the charts' interactive layer comes a moment later; their static
SVGs are part of the page).

Starts the real `python build.py serve` on a free port for a room, opens a wall page in
headless Chromium (Debian's, through Playwright), then, for each change below, saves the
file, and times until the open page has reloaded itself with the new build:

- note: one issue's commentary gains a line;
- day: a day of issues is appended to data/issues.csv (as in bench/edits.py).

The room is put back as it was afterwards. A benchmark: it prints figures and asserts
nothing. The demo room's target is under 1 s, the L room's under 5 s (issue 5).

    .venv/bin/python bench/live.py ROOM [ROOM ...]
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(BENCH))

from browser import chromium  # noqa: E402
from edits import next_day  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(room: Path, port: int) -> subprocess.Popen:
    """`serve` on the room; returns once it says it is serving."""
    proc = subprocess.Popen([sys.executable, str(REPO / "build.py"), "serve", "--room", str(room),
                             "--port", str(port)], stderr=subprocess.PIPE, text=True)
    proc.builds = []  # seconds of each build, as serve prints them

    def read():
        for line in proc.stderr:
            found = re.match(r"(?:re)?built in ([\d.]+) s", line)
            if found:
                proc.builds.append(float(found.group(1)))

    threading.Thread(target=read, daemon=True).start()
    began = time.monotonic()
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc
        except OSError:
            if proc.poll() is not None or time.monotonic() - began > 600:
                raise SystemExit("serve did not start")
            time.sleep(0.2)


def timed_change(page, change) -> float:
    """Seconds from the end of `change()` (the save) to the reloaded page's first paint
    (the new document's first contentful paint, on the same clock)."""
    page.evaluate("window.__before_reload = true")
    change()
    saved = time.time()
    page.wait_for_function("() => window.__before_reload === undefined && "
                           "performance.getEntriesByName('first-contentful-paint').length > 0",
                           timeout=120_000, polling=20)
    painted = page.evaluate("performance.timeOrigin + performance.getEntriesByName('first-contentful-paint')[0].startTime")
    return painted / 1000 - saved


def run(room: Path) -> dict:
    """Serve `room`, open its issues wall, time a note edit and an appended day."""
    port = free_port()
    proc = start(room, port)
    note = sorted((room / "walls" / "issues").glob("*.md"))[0]
    issues = room / "data" / "issues.csv"
    original_note, original_size = note.read_bytes(), issues.stat().st_size
    figures = {}
    try:
        with chromium() as browser:
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.goto(f"http://127.0.0.1:{port}/walls/issues.html")
            page.wait_for_load_state("load")
            figures["note"] = timed_change(page, lambda: note.write_bytes(original_note + b"\nOne more line.\n"))
            figures["note_build"] = proc.builds[-1]
            day = next_day(issues)

            def append():
                with open(issues, "ab") as f:
                    f.write(day)

            figures["day"] = timed_change(page, append)
            figures["day_build"] = proc.builds[-1]
            figures["rows"] = day.count(b"\n")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        note.write_bytes(original_note)
        os.truncate(issues, original_size)
    return figures


def main(rooms: list[str]) -> None:
    """Print one line per room."""
    for name in rooms:
        room = Path(name).resolve()
        f = run(room)
        print(f"{room.name}: save to new page in the browser: note edit {f['note']:.2f} s (of which the "
              f"build {f['note_build']:.2f} s), day appended ({f['rows']:,} rows) {f['day']:.2f} s (of which "
              f"the build {f['day_build']:.2f} s)", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:] or [str(REPO)])
