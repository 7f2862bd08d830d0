"""`customer-room posters`: each wall (and, with --issues, each tracked issue) on one sheet,
and the walk's A4 handout for a room with review dates (`handout.py`).

A poster is its page, printed. The command runs one ordinary build with a
`PosterMaker` as its hook (`hooks.py`). While the build plans its pages, the maker
plans the walls again with the poster chart profile, from the figures the build
computed, and hands their charts to the build's background renderer, so they are drawn
alongside the site's. Just before the new site is published, it lays out each page
against the staged site and writes the PDFs into it; they are published with the site
in one atomic step: a room with a data error fails before anything is written, and
the previous site and its posters stay exactly as they were.

Two posters are laid out at a time: this process takes them from the first on, a
"posters" worker (`workers.py`, which imports WeasyPrint while the build works) from
the last back, until they meet.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from ..build import BuildResult, build_site
from ..charts.svg import vl_version
from ..hooks import Staged
from ..pages import Page, PageKit
from ..pages.printed import printed_json
from ..pages.walk import WALK_PAGE
from ..paths import POSTERS_DIR, PRINTED, poster_path
from ..report import Reporter
from ..sheets import Sheet
from ..workers import pool, shutdown
from .handout import HANDOUT, handout_pdf, wants_handout
from .layout import PosterError, PosterSet, PrinterMissing, poster_pages

SERVICE = "posters"  # the worker pool's name for poster layout

__all__ = ["PosterError", "PosterMaker", "PosterResult", "PrinterMissing", "make_posters"]


@dataclass
class PosterResult:
    """What `posters` made: the poster files (site paths), the sheet, the build and the time."""

    build: BuildResult
    sheet: Sheet
    written: list[str] = field(default_factory=list)
    seconds: float = 0.0
    poster_seconds: float = 0.0
    posters: PosterSet | None = None  # the planned posters, to print on other sheets


def make_posters(root: Path, out: Path, reporter: Reporter, on: Sheet | None = None,
                 issues: bool = False) -> PosterResult:
    """Build the room at `root` into `out` with a poster of each wall (and of each tracked
    issue when `issues`) in `out/posters/`, on sheet `on` (room.toml's by default)."""
    started = time.perf_counter()
    # WeasyPrint takes about a second to import: in this process and the worker, while the build works.
    threading.Thread(target=_import_printer, daemon=True).start()
    maker = PosterMaker(reporter, on, issues)
    try:
        result = build_site(root, out, reporter, hooks=(maker,))
    finally:
        shutdown(SERVICE)
    return PosterResult(result, maker.sheet, maker.written, time.perf_counter() - started, maker.seconds,
                        maker.posters)


def _import_printer() -> None:
    try:
        from . import weasy  # noqa: F401
    except (ImportError, OSError):
        pass  # `PosterSet.prepare` imports it again and says what is missing


class PosterMaker:
    """The posters as a build hook: planned with the pages, written into the staged site."""

    folder = POSTERS_DIR

    def __init__(self, reporter: Reporter, on: Sheet | None = None, issues: bool = False, helper: bool = True):
        self.reporter, self.on, self.issues = reporter, on, issues
        self.helper = pool(SERVICE, 1) if helper else None  # started now: it imports WeasyPrint meanwhile
        self.sheet: Sheet | None = on
        self.posters: PosterSet | None = None
        self.written: list[str] = []
        self.seconds = 0.0

    def plan(self, kit: PageKit, ahead) -> list[str]:
        """Plan the posters from the build's figures and queue their charts with the
        build's renderers; returns the posters' site paths (the index links to them)."""
        self.posters = PosterSet(kit, poster_pages(kit, self.issues))
        for chart in self.posters.charts():
            ahead.add(chart.svg_text, vl_version(chart.spec))
        return [poster_path(p.path) for p in self.posters.pages] + ([HANDOUT] if wants_handout(kit.room) else [])

    def write(self, staged: Staged) -> list[str]:
        """Lay out every poster and write it into the staged site; returns their paths."""
        started = time.perf_counter()
        posters = self.posters
        posters.prepare(staged, self.reporter)
        self.sheet = on = self.on or posters.default_sheet
        pending, made, lock = deque(posters.pages), {}, threading.Lock()

        def take(last: bool) -> Page | None:
            """The next poster to lay out: the first left, or the last."""
            with lock:
                return (pending.pop() if last else pending.popleft()) if pending else None

        def helped() -> None:
            """The worker's share, from the last poster back (a failure is raised below)."""
            while (page := take(last=True)) is not None:
                job = posters.pdf_elsewhere(page, on, self.helper)
                try:
                    made[page.path] = posters.fitted_pdf(page, on, job) if job else None
                except RuntimeError as exc:  # the worker stopped: this process lays it out
                    self.reporter.detail(str(exc))
                    made[page.path] = None
                except BaseException as exc:  # raised here, below
                    made[page.path] = exc
                if made[page.path] is None:
                    return

        helper = threading.Thread(target=helped, daemon=True) if self.helper else None
        if helper:
            helper.start()
        while (page := take(last=False)) is not None:
            made[page.path] = posters.pdf(page, on)
        if helper:
            helper.join()
        for i, page in enumerate(posters.pages, start=1):
            pdf = made.get(page.path)
            if isinstance(pdf, BaseException):
                raise pdf
            rel = poster_path(page.path)
            staged.site.write_bytes(rel, pdf or posters.pdf(page, on))
            self.written.append(rel)
            self.reporter.progress("posters", i, len(posters.pages))
        if wants_handout(posters.kit.room):  # the walk's handout, laid out here while the last posters finish
            staged.site.write_bytes(HANDOUT, handout_pdf(posters))
            self.written.append(HANDOUT)
        sheets = {poster_path(p.path): p.path for p in posters.pages} | {HANDOUT: WALK_PAGE}
        staged.site.write_text(PRINTED, printed_json(posters.kit.figures, {rel: sheets[rel] for rel in self.written}))
        self.seconds = time.perf_counter() - started
        return list(self.written)
