"""`customer-room posters`: each wall (and, with --issues, each tracked issue) on one sheet.

A poster is its page, printed. The command runs one build (`Session.build`) with a
`PosterMaker` as its extra step. While the build plans its pages, the maker plans the
walls again with the poster chart profile, from the figures the build computed (nothing
is read or computed twice), and hands their charts to the build's chart renderers, so
they are drawn alongside the site's. Just before the new site is published, it renders
each page's own template for the sheet and lays it out with WeasyPrint against the
staged site (its stylesheet, fonts and images). The PDFs go into the staging folder and
are published with the site in one atomic step: a room with a data error fails before
anything is written, and the previous site and its posters stay exactly as they were.

A page that does not fit on one sheet is laid out again showing fewer items (the steps
of `sheets.FITS`); the sheet then says how many more the intranet has.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import fmt
from .build import BuildResult, Session
from .charts.model import name_svg
from .charts.svg import render_svgs, vl_version
from .errors import Problem, RoomError
from .markup import Media, Renderer
from .pages import Page, PageKit, page_makers
from .poster_files import poster_path
from .render import BUILT_AT, base_context, page_context, render_page
from .report import Reporter
from .sheets import FITS, Sheet, sheet

WALLS = ("walls/outcomes.html", "walls/issues.html", "walls/touchpoints.html")
# The ids of what a poster may leave out (see the templates and `sheets.Fit`).
REMOVABLE = ("commentary", "tracked-", "unowned-", "touchpoint-", "words-", "action-", "word-")
CACHE_DIR = ".cache/charts"


class PosterError(RoomError):
    """A page that does not fit on one sheet even showing the fewest items."""


@dataclass
class PosterResult:
    """What `posters` made: the poster files (site paths), the sheet, the build and the time."""

    build: BuildResult
    sheet: Sheet
    written: list[str] = field(default_factory=list)
    seconds: float = 0.0
    poster_seconds: float = 0.0
    posters: "PosterSet | None" = None  # the planned posters, to print on other sheets


def make_posters(root: Path, out: Path, reporter: Reporter, on: Sheet | None = None,
                 issues: bool = False) -> PosterResult:
    """Build the room at `root` into `out` with a poster of each wall (and of each tracked
    issue when `issues`) in `out/posters/`, on sheet `on` (room.toml's by default)."""
    started = time.perf_counter()
    # WeasyPrint takes about a second to import: do it while the build works.
    threading.Thread(target=_import_printer, daemon=True).start()
    maker = PosterMaker(reporter, on, issues)
    result = Session(root, out, reporter, extra=maker).build()
    return PosterResult(result, maker.sheet, maker.written, time.perf_counter() - started, maker.seconds,
                        maker.posters)


def _import_printer() -> None:
    from . import weasy  # noqa: F401


class PosterMaker:
    """The build's extra step: plans the posters with the pages, writes them before publishing."""

    def __init__(self, reporter: Reporter, on: Sheet | None = None, issues: bool = False):
        self.reporter, self.on, self.issues = reporter, on, issues
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
        return [poster_path(p.path) for p in self.posters.pages]

    def write(self, site, session: Session, pages: list[Page]) -> None:
        """Lay out every poster and write it into the staging site."""
        started = time.perf_counter()
        posters = self.posters
        posters.prepare(session, site.staging, self.reporter)
        self.sheet = self.on or posters.default_sheet
        for i, page in enumerate(posters.pages, start=1):
            rel = poster_path(page.path)
            site.write_bytes(rel, posters.pdf(page, self.sheet))
            self.written.append(rel)
            self.reporter.progress("posters", i, len(posters.pages))
        self.seconds = time.perf_counter() - started


def poster_pages(kit: PageKit, issues: bool) -> list[str]:
    """The pages that get a poster: the three walls, and the tracked issues' pages."""
    wanted = list(WALLS)
    if issues and kit.figures.issues is not None:
        wanted += [f"issues/{c.key}.html" for c in kit.figures.issues.categories.values() if c.note is not None]
    return wanted


class PosterSet:
    """Pages planned for print from one build's figures, ready to lay out on any sheet."""

    def __init__(self, kit: PageKit, paths: list[str]):
        """Plan `paths` again with the poster chart profile (the build's own pages keep
        the screen profile); their charts are named, not yet drawn."""
        room = kit.room
        self.kit = PageKit(room, kit.figures, Renderer(room.root, Media()), profile="poster", logo=kit.logo)
        makers = {path: make for path, _, make in page_makers(self.kit)}
        self.pages = [makers[path]() for path in paths if path in makers]
        for chart in self.charts():
            name_svg(chart)
        self.default_sheet = sheet(room.settings.posters.size, room.settings.posters.orientation)
        self.fitted: dict[tuple[str, str], int] = {}  # (page, orientation) -> the FITS step that fitted
        self.session = self.printer = None
        self.reporter = Reporter(quiet=True)

    def charts(self):
        """Every chart of the posters."""
        return [c for p in self.pages for c in p.charts]

    def prepare(self, session: Session, site: Path, reporter: Reporter) -> "PosterSet":
        """Draw the charts (from the cache, where the build's renderers put them) and get
        a printer for the site folder `site`, which holds the stylesheet, fonts and images."""
        from .weasy import Printer  # WeasyPrint costs a second to import: only here

        svgs = render_svgs({c.svg_path: c.svg_spec for c in self.charts()}, cache_dir=session.root / CACHE_DIR,
                           texts={c.svg_path: c.svg_text for c in self.charts()})
        for chart in self.charts():
            chart.svg = svgs[chart.svg_path]
        self.session, self.reporter = session, reporter
        self.printer = Printer(site, svgs, verbose=reporter.verbose)
        return self

    def html(self, page: Page, on: Sheet, fit=FITS[0]) -> str:
        """The page's HTML as its own template renders it, laid out for sheet `on` at A1's
        type sizes (the PDF is scaled to the sheet: see `sheets.sheet_css`)."""
        base = {**base_context(self.kit.room, self.kit.logo, on, zoom=on.scale), "fit": fit}
        html = render_page(self.session.env, page.templates, page_context(base, page))
        return html.replace(BUILT_AT, fmt.datetime(self.session.built_at))

    def pdf(self, page: Page, on: Sheet) -> bytes:
        """The poster of `page` on sheet `on`: one sheet, showing fewer items if it must.

        After a layout that runs over, the next one tried is the first step of `FITS`
        that leaves out something that ran onto a second sheet (cards, rows and notes
        are known by their ids), which spares steps that could not help. A page that
        needed fewer items on one sheet starts from there on the next sheet of the same
        orientation: every sheet is laid out at A1's type sizes on a page of about A1's
        size, and then scaled, so what did not fit on one does not fit on the other.
        """
        step = self.fitted.get((page.path, on.orientation), 0)
        variants: dict[int, str] = {}

        def variant(i: int) -> str:
            if i not in variants:
                variants[i] = self.printer.prepare(self.html(page, on, FITS[i]))
            return variants[i]

        while step < len(FITS):
            document = self.printer.layout(variant(step), page.path)
            if len(document.pages) == 1:
                self.fitted[(page.path, on.orientation)] = step
                if step:
                    self.reporter.detail(f"{page.path}: showing fewer items to fit one {on.label} sheet")
                return self.printer.pdf(document, zoom=on.scale)
            spilled = {name for name in self.printer.spilled(document) if name.startswith(REMOVABLE)}
            later = [i for i in range(step + 1, len(FITS)) if variant(i) != variant(step)]
            step = next((i for i in later if any(f'id="{name}"' not in variant(i) for name in spilled)),
                        later[0] if later else len(FITS))
        raise PosterError([Problem(page.path, f"does not fit on one {on.label} sheet, even showing the fewest items",
                                   hint="shorten its commentary, or print on a larger sheet")])
