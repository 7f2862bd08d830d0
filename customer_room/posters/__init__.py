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

import pickle
import queue
import subprocess
import sys
import threading
import time
from collections import deque
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

from .. import fmt
from ..build import BuildResult, Session
from ..charts.model import name_svg
from ..charts.svg import render_svgs, vl_version
from ..errors import Problem, RoomError
from ..pages.markup import Media, Renderer
from ..pages import Page, PageKit, page_makers
from ..paths import poster_path
from ..output.render import BUILT_AT, base_context, page_context, render_page
from ..report import Reporter
from ..sheets import FITS, Sheet, sheet

WALLS = ("walls/outcomes.html", "walls/issues.html", "walls/touchpoints.html")


class PosterError(RoomError):
    """A page that does not fit on one sheet even showing the fewest items."""


class PrinterMissing(Exception):
    """WeasyPrint cannot run here (its Python package or the system's Pango is missing)."""


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
    # WeasyPrint takes about a second to import: here and in the helper, while the build works.
    threading.Thread(target=_import_printer, daemon=True).start()
    maker = PosterMaker(reporter, on, issues, Helper())
    try:
        result = Session(root, out, reporter, extra=maker).build()
    finally:
        maker.helper.close()
    return PosterResult(result, maker.sheet, maker.written, time.perf_counter() - started, maker.seconds,
                        maker.posters)


def _import_printer() -> None:
    try:
        from .. import weasy  # noqa: F401
    except (ImportError, OSError):
        pass  # `PosterSet.prepare` imports it again and says what is missing


class Helper:
    """A second process that lays out every other poster while this one lays out the rest:
    WeasyPrint is pure Python, so two sheets at once take two processes. Like the chart
    renderers, it is a fresh interpreter running `weasy.py` as a script, never a fork (a
    fork of a process that has used vl-convert can deadlock), fed over pipes. It starts
    with `posters`, so that it has imported WeasyPrint by the time the build is done.
    Without it (it could not start, or it stopped), every poster is laid out here."""

    def __init__(self):
        script = Path(__file__).with_name("weasy.py")
        try:
            self.proc = subprocess.Popen([sys.executable, "-P", str(script)], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE)
        except OSError:  # pragma: no cover - no processes to be had
            self.proc = None
        self.jobs: queue.Queue = queue.Queue()
        self.thread = threading.Thread(target=self._feed, daemon=True)
        self.thread.start()

    def submit(self, *request) -> Future | None:
        """Ask the helper for `Printer.fit`; the future's result is what fit returns.
        None when there is no helper."""
        if self.proc is None or self.proc.poll() is not None:
            return None
        future: Future = Future()
        self.jobs.put((request, future))
        return future

    def _feed(self) -> None:
        """One request at a time (the pipes' buffers could not hold more), in order."""
        while (job := self.jobs.get()) is not None:
            request, future = job
            try:
                pickle.dump(request, self.proc.stdin)
                self.proc.stdin.flush()
                answer = pickle.load(self.proc.stdout)
            except (OSError, EOFError, ValueError, pickle.UnpicklingError) as exc:
                answer = RuntimeError(f"the poster helper stopped ({exc})")
            if isinstance(answer, BaseException):
                future.set_exception(answer)
            else:
                future.set_result(answer)

    def close(self) -> None:
        """Stop the helper (it ends when its stdin closes)."""
        self.jobs.put(None)
        if self.proc is not None:
            try:
                self.proc.stdin.close()
            except OSError:
                pass
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:  # pragma: no cover - a layout still running
                self.proc.kill()
                self.proc.wait()


class PosterMaker:
    """The build's extra step: plans the posters with the pages, writes them before publishing."""

    def __init__(self, reporter: Reporter, on: Sheet | None = None, issues: bool = False,
                 helper: Helper | None = None):
        self.reporter, self.on, self.issues, self.helper = reporter, on, issues, helper
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
        """Lay out every poster and write it into the staging site. This process takes the
        posters from the first on, the helper from the last back, until they meet."""
        started = time.perf_counter()
        posters = self.posters
        posters.prepare(session, site.staging, self.reporter)
        self.sheet = on = self.on or posters.default_sheet
        pending, made, lock = deque(posters.pages), {}, threading.Lock()

        def take(last: bool) -> Page | None:
            """The next poster to lay out: the first left, or the last."""
            with lock:
                return (pending.pop() if last else pending.popleft()) if pending else None

        def helped() -> None:
            """The helper's share, from the last poster back (a failure is raised below)."""
            while (page := take(last=True)) is not None:
                job = posters.pdf_elsewhere(page, on, self.helper)
                try:
                    made[page.path] = posters.fitted_pdf(page, on, job) if job else None
                except RuntimeError as exc:  # the helper stopped: this process lays it out
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
            site.write_bytes(rel, pdf or posters.pdf(page, on))
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
        try:
            from .weasy import Printer  # WeasyPrint costs a second to import: only here
        except (ImportError, OSError) as exc:
            raise PrinterMissing(f"posters need WeasyPrint and the Pango library ({exc}); on Debian: "
                                 "apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0, "
                                 "or run .ci/setup") from None

        svgs = render_svgs({c.svg_path: c.svg_spec for c in self.charts()}, cache_dir=session.charts_cache,
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

    def variants(self, page: Page, on: Sheet) -> "Variants":
        """The page laid out for sheet `on` at each step of `FITS`, prepared for print."""
        return Variants(lambda fit: self.printer.prepare(self.html(page, on, fit)))

    def pdf(self, page: Page, on: Sheet) -> bytes:
        """The poster of `page` on sheet `on`: one sheet, showing fewer items if it must.

        A page that needed fewer items on one sheet starts from there on the next sheet
        of the same orientation: every sheet is laid out at A1's type sizes on a page of
        about A1's size, and then scaled, so what did not fit on one does not fit on the
        other.
        """
        key = (page.path, on.orientation)
        return self.fitted_pdf(page, on, self.printer.fit(self.variants(page, on), page.path, on.scale,
                                                          self.fitted.get(key, 0)))

    def pdf_elsewhere(self, page: Page, on: Sheet, helper: Helper) -> Future | None:
        """Start laying out the poster of `page` in the helper process (None if there is
        none); `fitted_pdf` takes what it returns."""
        variants = list(self.variants(page, on))
        return helper.submit((str(self.printer.site), self.printer.files, self.reporter.verbose),
                             (variants, page.path, on.scale, self.fitted.get((page.path, on.orientation), 0)))

    def fitted_pdf(self, page: Page, on: Sheet, fitted) -> bytes:
        """The PDF of a fit (a step and its PDF, or a helper's job that returns them)."""
        step, pdf = fitted.result() if hasattr(fitted, "result") else fitted
        if pdf is None:
            raise PosterError([Problem(page.path, f"does not fit on one {on.label} sheet, even showing the fewest "
                                       "items", hint="shorten its commentary, or print on a larger sheet")])
        self.fitted[(page.path, on.orientation)] = step
        if step:
            self.reporter.detail(f"{page.path}: showing fewer items to fit one {on.label} sheet")
        return pdf


class Variants:
    """A page's HTML at each step of `FITS`, rendered when first asked for."""

    def __init__(self, render):
        self.render, self.made = render, {}

    def __len__(self) -> int:
        return len(FITS)

    def __getitem__(self, i: int) -> str:
        if i not in self.made:
            self.made[i] = self.render(FITS[i])
        return self.made[i]
