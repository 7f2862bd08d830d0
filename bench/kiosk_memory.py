"""Does the kiosk's memory stay flat over 1,000 page turns? (issue 5: target, no growth
beyond 20 % after the first 100 turns.)

A benchmark, not a test: it prints figures and asserts nothing. It copies the demo room
to a temporary folder, sets `[kiosk] seconds = 0.5` (the shortest allowed), builds it,
serves the site with Python's plain `http.server` and opens kiosk.html in Debian's
Chromium at 1920×1080. The kiosk's default playlist (the three walls, then every issue
page: 14 slides a cycle for the demo room) then turns 1,000 times. At turns 100,
200, … 1,000 it forces a garbage collection (CDP `HeapProfiler.collectGarbage`) and
reads `Performance.getMetrics`: the JS heap in use, the DOM nodes, the documents and
the event listeners.

By default the page's clock is Playwright's fake clock and each screen's time is run
through at once, so 1,000 turns take a couple of minutes instead of eight; the kiosk's
own code runs as it does on a TV (fetching, packing and replacing screens, polling
build.json). `--real-time` lets the 0.5 s screens run on the wall clock instead.

    .venv/bin/python bench/kiosk_memory.py [--turns 1000] [--every 100] [--real-time] [--width 1920 --height 1080]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from browser import CHROMIUM_ARGS, CHROMIUM  # noqa: E402  (the tests' Chromium settings)

METRICS = ("JSHeapUsedSize", "Nodes", "Documents", "JSEventListeners")
SCREEN_MS = 500
LAST_TURN = """addEventListener("kiosk:turn", (e) => { window.__last = { at: performance.now(), ms: e.detail.seconds * 1000 }; });"""
UNTIL_NEXT_TURN = "() => window.__last.at + window.__last.ms - performance.now()"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def demo_room(folder: Path, seconds: float) -> Path:
    """A copy of the demo room with a fast kiosk, built."""
    from customer_room.build import build_site
    from customer_room.report import Reporter

    room = folder / "room"
    room.mkdir()
    for name in ("data", "walls"):
        shutil.copytree(REPO / name, room / name)
    toml = (REPO / "room.toml").read_text(encoding="utf-8")
    (room / "room.toml").write_text(toml + f"\n[kiosk]\nseconds = {seconds}\npoll_seconds = 5\n", encoding="utf-8")
    started = time.perf_counter()
    build_site(room, room / "site", Reporter(quiet=True))
    print(f"built the demo room in {time.perf_counter() - started:.1f} s", flush=True)
    return room / "site"


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def metrics(cdp) -> dict[str, float]:
    """The page's metrics after a full garbage collection."""
    cdp.send("HeapProfiler.collectGarbage")
    cdp.send("HeapProfiler.collectGarbage")
    got = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return {name: got.get(name, float("nan")) for name in METRICS}


def run(url: str, turns: int, every: int, real_time: bool, width: int, height: int) -> list[tuple[int, float, dict]]:
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": height})
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.add_init_script(LAST_TURN)
        cdp = page.context.new_cdp_session(page)
        cdp.send("Performance.enable")
        cdp.send("HeapProfiler.enable")
        if not real_time:  # paused before the page opens: only run_for moves its time
            start = datetime.now()
            page.clock.install(time=start)
            page.clock.pause_at(start + timedelta(seconds=1))
        page.goto(url + "kiosk.html")
        started = time.perf_counter()
        for n in range(1, turns + 1):
            page.wait_for_function("n => Number(document.documentElement.dataset.turn || 0) >= n", arg=n,
                                   timeout=60000, polling=20)
            if n % every == 0:
                rows.append((n, time.perf_counter() - started, metrics(cdp)))
                print(row_text(*rows[-1]), flush=True)
            if not real_time:  # to just past the end of this screen's time, at once
                page.clock.run_for(max(1, round(page.evaluate(UNTIL_NEXT_TURN)) + 5))
        if errors:
            print("page errors:", *errors[:5], sep="\n  ")
        browser.close()
    return rows


def row_text(turn: int, elapsed: float, m: dict) -> str:
    return (f"turn {turn:>5}  {elapsed:7.1f} s  JS heap {m['JSHeapUsedSize'] / 2**20:7.2f} MiB  "
            f"nodes {m['Nodes']:>7.0f}  documents {m['Documents']:>3.0f}  listeners {m['JSEventListeners']:>4.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=1000)
    parser.add_argument("--every", type=int, default=100, help="measure every N turns (default 100)")
    parser.add_argument("--real-time", action="store_true", help="let the screens run on the wall clock (slow)")
    parser.add_argument("--width", type=int, default=1920)
    parser.add_argument("--height", type=int, default=1080)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kiosk-memory-") as tmp:
        site = demo_room(Path(tmp), SCREEN_MS / 1000)
        httpd, url = serve(site)
        try:
            rows = run(url, args.turns, args.every, args.real_time, args.width, args.height)
        finally:
            httpd.shutdown()
            httpd.server_close()
    first, last = rows[0], rows[-1]
    growth = (last[2]["JSHeapUsedSize"] / first[2]["JSHeapUsedSize"] - 1) * 100
    print(f"\nJS heap at turn {first[0]}: {first[2]['JSHeapUsedSize'] / 2**20:.2f} MiB; at turn {last[0]}: "
          f"{last[2]['JSHeapUsedSize'] / 2**20:.2f} MiB; growth {growth:+.1f} % (target: no more than +20 %)")
    print(f"DOM nodes {first[2]['Nodes']:.0f} → {last[2]['Nodes']:.0f}; event listeners "
          f"{first[2]['JSEventListeners']:.0f} → {last[2]['JSEventListeners']:.0f}; documents "
          f"{first[2]['Documents']:.0f} → {last[2]['Documents']:.0f}")


if __name__ == "__main__":
    main()
