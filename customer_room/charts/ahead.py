"""Chart SVGs rendered in the background while a build is still planning its pages.

A cold build plans pages for seconds before it needs any SVG, and the two render
workers would sit idle meanwhile. `RenderAhead` takes the worker pool for the length of
the planning, hands each page's new charts to it in small chunks, and writes the SVGs
into the disk cache, where `svg.render_svgs` then finds them.
"""

from __future__ import annotations

from pathlib import Path

from ..workers import running
from . import svg
from .sealed import write_sealed


class RenderAhead:
    """Renders new charts in the worker pool, in the background, while pages are planned.

    Small chunks go to whichever worker is free, so both stay busy from the first few
    charts on. Results go to the disk cache; anything that fails here is simply rendered
    (and reported) by `render_svgs`. Inactive, and free, unless the pool is already
    running, i.e. unless many charts are expected to be new.
    """

    CHUNK = 4

    def __init__(self, cache_dir: Path | None):
        """`cache_dir` None: no disk cache to fill, so nothing to do ahead."""
        self.folder = Path(cache_dir) / "svg" if cache_dir is not None else None
        self.seen: set[str] = set()
        self.rendered = 0
        self.pending: list[list] = []
        self.futures: list = []
        self.pool = running(svg.SERVICE) if cache_dir is not None else None
        self.active = self.pool is not None and self.pool.lock.acquire(blocking=False)  # ours until `wait`

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
            self._send()

    def wait(self) -> None:
        """Render what is still queued, wait for it, and hand the pool back."""
        if not self.active:
            return
        if self.pending:
            self._send()
        for future in self.futures:
            if future.exception() is None:
                for digest, text, error in future.result():
                    if error is None:
                        write_sealed(self.folder / f"{digest}.svg", text, digest)
                        self.rendered += 1
        self.futures = []
        self.active = False
        self.pool.lock.release()

    def _send(self) -> None:
        self.futures.append(self.pool.submit(self.pending))
        self.pending = []
