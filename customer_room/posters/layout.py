"""Posters planned and laid out: each page again in the poster chart profile, fitted to
one sheet by showing fewer items until it fits (the steps of `sheets.FITS`).

The pages are planned from the build's own figures (nothing is read or computed twice)
and rendered with each page's own template for the sheet; WeasyPrint lays them out
against the staged site (its stylesheet, fonts and images: see `weasy.py`). A page
that does not fit even showing the fewest items is a `PosterError` naming it.
"""

from __future__ import annotations

from concurrent.futures import Future

from .. import fmt
from ..charts.model import name_svg
from ..charts.svg import render_svgs
from ..errors import Problem, RoomError
from ..hooks import Staged
from ..output.render import BUILT_AT, base_context, page_context, render_page
from ..pages import Page, PageKit, page_makers
from ..pages.markup import Media, Renderer
from ..report import Reporter
from ..sheets import FITS, Sheet, sheet
from ..workers import Pool
from .chart_scale import chart_sizes

WALLS = ("walls/outcomes.html", "walls/issues.html", "walls/touchpoints.html")


class PosterError(RoomError):
    """A page that does not fit on one sheet even showing the fewest items."""


class PrinterMissing(Exception):
    """WeasyPrint cannot run here (its Python package or the system's Pango is missing)."""


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
        self.kit = PageKit(room, kit.figures, Renderer(room.root, Media(), kit.markdown.plain), profile="poster",
                           logo=kit.logo, charts=kit.charts, _memo=kit._memo)  # its tables are the same in print
        makers = {path: make for path, _, make in page_makers(self.kit)}
        self.pages = [makers[path]() for path in paths if path in makers]
        for chart in self.charts():
            name_svg(chart)
        self.default_sheet = sheet(room.settings.posters.size, room.settings.posters.orientation)
        self.fitted: dict[tuple[str, str], int] = {}  # (page, orientation) -> the FITS step that fitted
        self.staged = self.printer = None
        self.reporter = Reporter(quiet=True)

    def charts(self):
        """Every chart of the posters."""
        return [c for p in self.pages for c in p.charts]

    def prepare(self, staged: Staged, reporter: Reporter) -> "PosterSet":
        """Draw the charts (from the cache, where the build's renderers put them) and get
        a printer for the staged site, which holds the stylesheet, fonts and images."""
        try:
            from .weasy import Printer  # WeasyPrint costs a second to import: only here
        except (ImportError, OSError) as exc:
            raise PrinterMissing(f"posters need WeasyPrint and the Pango library ({exc}); on Debian: "
                                 "apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0, "
                                 "or run .ci/setup") from None

        svgs = render_svgs({c.svg_path: c.svg_spec for c in self.charts()}, cache_dir=staged.chart_cache,
                           texts={c.svg_path: c.svg_text for c in self.charts()})
        for chart in self.charts():
            chart.svg = svgs[chart.svg_path]
        self.staged, self.reporter = staged, reporter
        self.printer = Printer(staged.folder, svgs, verbose=reporter.verbose)
        return self

    def html(self, page: Page, on: Sheet, fit=FITS[0]) -> str:
        """The page's HTML as its own template renders it, laid out for sheet `on` at A1's
        type sizes (the PDF is scaled to the sheet: see `sheets.sheet_css`)."""
        base = {**base_context(self.kit.room, self.kit.logo, on, zoom=on.scale), "fit": fit,
                "chart_sizes": chart_sizes(page.charts, on, page.kind)}
        html = render_page(self.staged.env, page.templates, page_context(base, page))
        return html.replace(BUILT_AT, fmt.datetime(self.staged.built_at))

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

    def pdf_elsewhere(self, page: Page, on: Sheet, helper: Pool | None) -> Future | None:
        """Start laying out the poster of `page` in the helper process (None if there is
        none); `fitted_pdf` takes what it returns."""
        if helper is None or not helper.alive():
            return None
        variants = list(self.variants(page, on))
        return helper.submit(((str(self.printer.site), self.printer.files, self.reporter.verbose),
                              (variants, page.path, on.scale, self.fitted.get((page.path, on.orientation), 0))))

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
    """A page's HTML at each of `steps` (those of `FITS`, unless a page has its own),
    rendered when first asked for."""

    def __init__(self, render, steps=FITS):
        self.render, self.steps, self.made = render, steps, {}

    def __len__(self) -> int:
        return len(self.steps)

    def __getitem__(self, i: int) -> str:
        if i not in self.made:
            self.made[i] = self.render(self.steps[i])
        return self.made[i]
