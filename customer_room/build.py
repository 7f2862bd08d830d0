"""The pipeline, start to finish: load → compute → pages and charts → render → publish.

A newcomer can read a build here top to bottom. Everything is gathered and computed
before anything is written; the site is then written to a staging folder and swapped in
whole (see `publish.py`), so a failed build never touches the last good site.
"""

from __future__ import annotations

import hashlib
import os
import json
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path, PurePosixPath

from . import __version__
from . import fmt
from .charts.svg import cache_key, canonical, javascript_bundle, prestart, render_svgs
from .compute import compute
from .errors import Problem
from .load import RoomInput, load_room
from .markup import Media, Renderer
from .pages import Page, PageKit, index_page, issue_pages, issues_wall, outcomes_wall, touchpoint_pages, touchpoints_wall
from .publish import SiteWriter
from .render import environment, render_page
from .report import Reporter
from .sources import fingerprint, input_files

CACHE_DIR = ".cache"
ASSETS = ("room.css", "charts.js", "favicon.svg")


@dataclass
class BuildResult:
    """What a build or check made and found."""

    pages: list[Page] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    build_id: str = ""

    def summary(self) -> str:
        """'no warnings' or 'N warnings', for the last line of the command's output."""
        n = len(self.warnings)
        return "no warnings" if n == 0 else f"{n} warning{'s' if n != 1 else ''} (see the index page's data health)"


def check_site(root: Path, reporter: Reporter) -> BuildResult:
    """Validate data, settings and commentary, and plan every page, writing nothing."""
    started = time.perf_counter()
    room = load_room(root)
    pages, kit = plan(room)
    _report_warnings(room, kit, reporter)
    return BuildResult(pages, room.warnings, room.notes, time.perf_counter() - started)


def build_site(root: Path, out: Path, reporter: Reporter) -> BuildResult:
    """Build the room at `root` into the site folder `out`."""
    started = time.perf_counter()
    step = _stopwatch(reporter)
    inputs = fingerprint(root)  # taken first: a file changed during the build rebuilds next time
    cache = root / CACHE_DIR
    if not any((cache / "charts" / "svg").glob("*.svg")):
        prestart()  # a cold cache: every chart is new, so get the renderers going now
    reporter.detail(f"loading {root}")
    room = load_room(root)
    reporter.detail("files used: " + ", ".join(f"{k} ← {v}" for k, v in room.sources.items()))
    step("loaded")
    pages, kit = plan(room)
    _report_warnings(room, kit, reporter)
    step(f"planned {len(pages)} pages")
    charts = [c for p in pages for c in p.charts]
    texts = {}
    for chart in charts:  # one canonical JSON per chart: its SVG's name and its cache key
        text = canonical(chart.spec)
        chart.svg_path = f"charts/{cache_key(text)[:20]}.svg"
        texts[chart.svg_path] = text
    svgs = render_svgs({c.svg_path: c.spec for c in charts}, cache_dir=cache / "charts", texts=texts,
                       progress=lambda done, total: reporter.progress("charts", done, total))
    for chart in charts:
        chart.svg = svgs[chart.svg_path]
    step(f"made {len(charts)} chart SVGs")
    build_id = source_hash(root)
    built_at = datetime.now(timezone.utc)
    env = environment(root, room.settings.currency)
    base = _base_context(room, kit, build_id, built_at)
    html = {}
    for i, page in enumerate(pages, start=1):
        html[page.path] = render_page(env, page.templates, _context(base, page))
        reporter.progress("pages", i, len(pages))
    step("rendered pages")
    with SiteWriter(out) as site:
        for path, text in html.items():
            site.write_text(path, text)
        for chart in charts:
            if chart.svg_path not in site.written:
                site.write_text(chart.svg_path, chart.svg)
        _write_assets(site)
        for rel, source in sorted(kit.markdown.media.files.items()):
            site.copy(f"media/{rel}", source)
        site.write_text("build.json", build_json(build_id, built_at, room, pages, inputs))
        site.publish()
    step("published")
    return BuildResult(pages, room.warnings, room.notes, time.perf_counter() - started, build_id)


def _stopwatch(reporter: Reporter):
    """A function that reports, with --verbose, how long each step took."""
    last = [time.perf_counter()]

    def step(what: str) -> None:
        now = time.perf_counter()
        reporter.detail(f"{what} in {now - last[0]:.2f} s")
        last[0] = now

    return step


def plan(room: RoomInput) -> tuple[list[Page], PageKit]:
    """Compute the figures and plan every page with its charts (index last)."""
    figures = compute(room)
    kit = PageKit(room, figures, Renderer(room.root, Media()))
    pages = [outcomes_wall(kit), issues_wall(kit), touchpoints_wall(kit), *issue_pages(kit), *touchpoint_pages(kit)]
    if room.settings.logo:
        kit.logo = kit.markdown.media.add(room.root, room.settings.logo, PurePosixPath("."), "room.toml")
    return [index_page(kit, pages), *pages], kit


def _base_context(room: RoomInput, kit: PageKit, build_id: str, built_at: datetime) -> dict:
    """What every template gets, whatever the page."""
    return {
        "room": room.settings,
        "as_of": room.as_of,
        "built_at": fmt.datetime(built_at),
        "build_id": build_id,
        "data_period": _data_period(room),
        "logo": kit.logo,
    }


def _context(base: dict, page: Page) -> dict:
    """One page's template context: the base, the page's own figures and its charts."""
    return {
        **base,
        **page.context,
        "page": page,
        "root": page.root,
        "charts": page.charts,
        "has_charts": bool(page.charts),
    }


def _data_period(room: RoomInput) -> str:
    """'2025-01-01 to 2026-11-15': the span of dates in the data."""
    firsts = [f[c].min() for n, c in (("customers", "date"), ("issues", "opened"), ("surveys", "date"), ("kpis", "period"))
              if (f := room.frame(n)) is not None and len(f)]
    if not firsts or room.as_of is None:
        return "no data"
    return f"{fmt.date(min(firsts))} to {fmt.date(room.as_of)}"


def _write_assets(site: SiteWriter) -> None:
    """The stylesheet, the chart glue and the Vega bundle, shared by all pages."""
    package = resources.files("customer_room") / "assets"
    for name in ASSETS:
        site.write_text(f"assets/{name}", (package / name).read_text(encoding="utf-8"))
    site.write_text("assets/vega-bundle.js", javascript_bundle(user_cache()))


def user_cache() -> Path:
    """The per-user cache for what every room shares (the 900 KB Vega bundle)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "customer-room"


def source_hash(root: Path) -> str:
    """A hash of every input file's name and bytes: the build id kiosks poll for."""
    digest = hashlib.sha256(__version__.encode())
    for path in input_files(root):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def build_json(build_id: str, built_at: datetime, room: RoomInput, pages: list[Page], inputs: str = "") -> str:
    """`build.json`: build id, built at, data as of, the pages and the warnings.

    `inputs` is the fingerprint of what the build read (see `sources.py`), so that the
    next build can tell that nothing has changed.
    """
    return json.dumps({
        "build_id": build_id,
        "built_at": built_at.isoformat(timespec="seconds"),
        "data_as_of": fmt.date(room.as_of) if room.as_of is not None else None,
        "pages": [{"path": p.path, "title": p.title, "kind": p.kind} for p in pages],
        "warnings": [str(w) for w in room.warnings],
        "files": room.sources,
        "inputs": inputs,
    }, indent=2, ensure_ascii=False)


def _report_warnings(room: RoomInput, kit: PageKit, reporter: Reporter) -> None:
    """Tell the user about suspicious input as well as showing it on the index page."""
    room.warnings.extend(kit.markdown.media.problems)
    kit.markdown.media.problems = []
    for warning in room.warnings:
        reporter.warning(str(warning))
    for note in room.notes:
        reporter.detail(str(note))
