"""Chart SVGs rendered in the background while a build is still planning its pages.

A cold build plans pages for seconds before it needs any SVG, and the two render
workers of `svg` would sit idle meanwhile. `RenderAhead` takes the pool for the length
of the planning, hands each page's new charts to whichever worker is free, and writes
the SVGs into the disk cache, where `svg.render_svgs` then finds them.
"""

from __future__ import annotations

import queue
import subprocess
import threading
from pathlib import Path

from . import svg
from .sealed import write_sealed


class RenderAhead:
    """Renders new charts in the worker pool, in the background, while pages are planned.

    A cold build plans pages for seconds before it needs any SVG; handing each page's
    new charts to the (pre-started) workers meanwhile overlaps the two. Small chunks go
    to whichever worker is free, so both stay busy from the first few charts on.
    Results go to the disk cache, where `render_svgs` then finds them; anything that
    fails here is simply rendered (and reported) there. Inactive, and free, unless the
    pool is already running, i.e. unless many charts are expected to be new.
    """

    CHUNK = 4

    def __init__(self, cache_dir: Path):
        self.folder = Path(cache_dir) / "svg"
        self.seen: set[str] = set()
        self.rendered = 0
        self._count = threading.Lock()
        self.pending: list[list] = []
        self.chunks: queue.Queue = queue.Queue()
        self.threads: list[threading.Thread] = []
        pool = svg._POOL
        self.active = pool is not None and pool.alive() and svg._LOCK.acquire(blocking=False)
        if self.active:  # the pool is ours until `wait`
            self.threads = [threading.Thread(target=self._feed, args=(proc,), daemon=True)
                            for proc in pool.procs]  # type: ignore[union-attr]
            for thread in self.threads:
                thread.start()

    def add(self, text: str, version: str | None) -> None:
        """Queue one spec's canonical JSON unless it is cached or queued already."""
        if not self.active:
            return
        digest = svg.cache_key(text)
        if digest in self.seen or (self.folder / f"{digest}.svg").is_file():
            return
        self.seen.add(digest)
        self.pending.append([digest, text, version])
        if len(self.pending) >= self.CHUNK:
            self.chunks.put(self.pending)
            self.pending = []

    def wait(self) -> None:
        """Render what is still queued, wait for it, and hand the pool back."""
        if not self.active:
            return
        if self.pending:
            self.chunks.put(self.pending)
            self.pending = []
        for _ in self.threads:
            self.chunks.put(None)
        for thread in self.threads:
            thread.join()
        self.active = False
        svg._LOCK.release()

    def _feed(self, proc: subprocess.Popen) -> None:
        """Give one worker chunk after chunk until told to stop (or it fails)."""
        while (chunk := self.chunks.get()) is not None:
            try:
                results = svg.ask(proc, chunk)
            except (OSError, ValueError, svg.RenderError):
                results = None
            if results is None:  # the worker is gone: the foreground renders the rest
                while self.chunks.get() is not None:
                    pass
                return
            for digest, text, error in results:
                if error is None:
                    write_sealed(self.folder / f"{digest}.svg", text, digest)
                    with self._count:
                        self.rendered += 1
