"""The pipeline, start to finish: load → compute → pages and charts → render → publish.

A newcomer can read a build here top to bottom (`Session.build`). Everything is
gathered and computed before anything is published: the site is written to a staging
folder (pages while the chart renderers finish) and swapped in whole (see
`publish.py`), so a failed build never touches the last good site.

A `Session` remembers what its last build read and made, so the next build in the same
process (a running watch) redoes only what a change affects: unchanged data files are
not read again, a note edit re-plans only the pages that show that note (`deps.py`
decides which), charts come from the SVG cache, and a page whose HTML comes out the
same is carried over from the published site rather than written again. A one-shot
build is a fresh session, which still keeps unchanged pages' files.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

from . import fmt
from .paths import BUILD_JSON, room_cache
from .charts._base import save_templates
from .charts.ahead import RenderAhead
from .charts.memo import forget_unused
from .charts.model import name_svg
from .charts.svg import prestart, render_svgs, vl_version
from .compute import attach_notes, compute
from .deps import Stale, changed_subjects, describe, stale_pages
from .errors import Problem
from .limits import WARNINGS_PRINTED
from .load import LoadCache, RoomInput, load_room
from .pages.markup import Media, Renderer
from .pages import Page, PageKit, index_page, page_makers
from .output.poster_files import keep_posters, published_posters
from .output.writer import SiteWriter, libc
from .output.render import BUILT_AT, base_context, environment, page_context, render_page
from .report import Reporter
from .output.assets import write_assets
from .output.manifest import build_json, content_id, published_keys, published_pages
from .load.inputs import changed_files, fingerprint, kind_of, many_new_charts, snapshot



@dataclass
class BuildResult:
    """What a build or check made and found."""

    pages: list[Page] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    build_id: str = ""
    planned: dict[str, str] = field(default_factory=dict)  # page path -> why it was planned again
    written: list[str] = field(default_factory=list)  # pages whose file changed
    removed: list[str] = field(default_factory=list)  # pages gone with their source
    charts_made: int = 0

    def summary(self) -> str:
        """'no warnings' or 'N warnings', for the last line of the command's output."""
        n = len(self.warnings)
        return "no warnings" if n == 0 else f"{n} warning{'s' if n != 1 else ''} (see the index page's data health)"


@dataclass
class Planned:
    """One planned page and what it depended on, kept for the next build."""

    page: Page
    subject: tuple[str, str]
    reads: set[str]  # notes and images it read
    problems: list[Problem]  # images it had to leave out


def check_site(root: Path, reporter: Reporter, out: Path | None = None) -> BuildResult:
    """Validate data, settings and commentary, and plan every page, writing nothing
    (`out`: the published site, whose categories keep their page addresses)."""
    started = time.perf_counter()
    room = load_room(root, published_keys=published_keys(out) if out is not None else None)
    pages, kit = plan(room)
    warnings = room.warnings + list(dict.fromkeys(kit.markdown.media.problems))
    _report_warnings(warnings, room.notes, reporter)
    return BuildResult(pages, warnings, room.notes, time.perf_counter() - started)


def plan(room: RoomInput) -> tuple[list[Page], PageKit]:
    """Compute the figures and plan every page with its charts (index first)."""
    kit = PageKit(room, compute(room), Renderer(room.root, Media()))
    pages = [make() for _, _, make in page_makers(kit)]
    _add_logo(kit)
    return [index_page(kit, pages), *pages], kit


def build_site(root: Path, out: Path, reporter: Reporter) -> BuildResult:
    """Build the room at `root` into the site folder `out` (one build, fresh process)."""
    return Session(root, out, reporter).build()


class Session:
    """Builds one room again and again, redoing only what each change affects."""

    def __init__(self, root: Path, out: Path, reporter: Reporter, watching: bool = False, extra=None):
        """`watching`: the session will see many builds (a watch), so it is worth keeping
        a digest of each big export to read only the rows appended to it. `extra` makes
        more files from the planned pages before the site is published (the posters:
        see `posters.py`); without it the published posters are carried over."""
        self.root, self.out, self.reporter = root, out, reporter
        self.extra = extra
        self.cache = LoadCache(appends=watching)
        self.snap: dict | None = None  # input files as the last good build saw them
        self.room: RoomInput | None = None
        self.kit: PageKit | None = None
        self.planned: dict[str, Planned] = {}  # every page but the index, by site path
        self.index: Page | None = None
        self.svgs: dict[str, str] = {}  # chart path -> SVG text, for charts of this session
        self.digests: dict[str, str] = {}  # page path -> digest of its HTML as last built
        self.env = None  # the Jinja environment, kept while templates and settings stay
        self.built_at: datetime | None = None  # this build's time, and its pages' digests
        self.new_digests: dict[str, str] = {}

    def build(self) -> BuildResult:
        """Build now; on any error forget what was kept, so the next build starts afresh."""
        try:
            return self._build()
        except BaseException:
            self.snap, self.room, self.kit, self.planned, self.digests = None, None, None, {}, {}
            self.env = None
            raise

    def _build(self) -> BuildResult:
        started = time.perf_counter()
        step = _stopwatch(self.reporter)
        snap = snapshot(self.root)  # taken first: a file changed during the build rebuilds next time
        inputs = fingerprint(self.root)
        changed = changed_files(self.snap, snap) if self.snap is not None else None
        mapped = set(self.room.sources.values()) if self.room is not None else set()
        kinds = {p: kind_of(p, mapped) for p in (changed or ())}
        if changed is not None:
            self.reporter.detail(f"since the last build: {describe(changed) if changed else 'nothing changed'}")
            if any(k in ("data", "settings") for k in kinds.values()):
                self._forget_data(changed)
        if self.snap is None and many_new_charts(self.root, self.out, snap):
            prestart()  # many charts will be new: get the renderers going while the data loads
        self.reporter.detail(f"loading {self.root}")
        room = load_room(self.root, self.cache, published_keys(self.out))
        if self.kit is None:
            release_memory()  # data was read: reading leaves the big exports' scratch memory behind
        self.reporter.detail("files used: " + ", ".join(f"{k} ← {v}" for k, v in room.sources.items()))
        step("loaded")
        self.charts_cache = room_cache(self.root) / "charts"
        ahead = RenderAhead(self.charts_cache)
        try:
            stale = self._plan(room, changed, kinds, ahead)
            replanned = len(self.planned) if stale.everything else sum(map(stale.wants, self.planned))
            step(f"planned {replanned + 1} pages")
            pages = self._pages(room)
            with SiteWriter(self.out, on_wait=self.reporter.info) as site:
                result = self._write_pages(site, room, pages, stale)  # while the renderers work on
                step("rendered pages")
                ahead.wait()
                made = self._charts(pages, ahead.rendered)
                step(f"made {made} chart SVGs")
                self._finish(site, room, pages, result, inputs)
        finally:
            ahead.wait()
        step("published")
        self.snap = snap
        result.charts_made = made
        result.seconds = time.perf_counter() - started
        return result

    def _forget_data(self, changed: set[str]) -> None:
        """Data or settings changed, so every page is planned again from new figures: let
        the old frames, figures and pages go before the new data is read, so that a big
        room is not held twice over."""
        for name, rel in self.room.sources.items():
            kept = self.cache.tables.get(name)
            may_grow = kept is not None and kept[2] is not None and "room.toml" not in changed
            if (rel in changed or "room.toml" in changed) and not may_grow:
                self.cache.tables.pop(name, None)
        self.room, self.kit, self.planned, self.index = None, None, {}, None
        release_memory()

    def _plan(self, room: RoomInput, changed: set[str] | None, kinds: dict[str, str],
              ahead: RenderAhead) -> Stale:
        """Compute what the change needs and re-plan the pages it makes stale."""
        before = _note_subjects(self.room) if self.room is not None else {}
        if self.kit is None:  # a first build, or data or settings changed (see `_forget_data`)
            self.kit = PageKit(room, compute(room), Renderer(room.root, Media()))
            release_memory()
        else:
            self.kit.room = room  # the same frames and figures, with the notes as they are now
            attach_notes(self.kit.figures, room)
        kit = self.kit
        makers = page_makers(kit)
        stale = stale_pages(changed, kinds, {path: subject for path, subject, _ in makers},
                            {p: k.reads for p, k in self.planned.items()},
                            changed_subjects(before, _note_subjects(room)))
        self.room = room
        if stale.everything:
            self.reporter.detail(f"planning every page: {stale.everything}")
        if stale.rerender:
            self.reporter.detail(f"rendering every page again: {stale.rerender}")
        planned = {}
        for i, (path, subject, make) in enumerate(makers, start=1):
            if stale.everything:
                self.reporter.progress("planning pages", i, len(makers))
            if stale.wants(path) or path not in self.planned:
                page = make()
                media = kit.markdown.media
                problems, media.problems = media.problems, []
                planned[path] = Planned(page, subject, kit.take_reads(), problems)
                for chart in page.charts:
                    name_svg(chart)
                    ahead.add(chart.svg_text, vl_version(chart.spec))
                if not stale.everything:
                    self.reporter.detail(f"planning {path} again: {stale.reason(path)}")
            else:
                planned[path] = self.planned[path]
        self.planned = planned
        if stale.everything:
            forget_unused()  # charts of the pages as they were before are no longer wanted
        save_templates()  # chart templates made now serve the next process too
        _add_logo(kit)
        page_problems = [w for p in planned.values() for w in p.problems] + kit.markdown.media.problems
        room.warnings = room.warnings + list(dict.fromkeys(page_problems))  # an image on many pages: said once
        kit.markdown.media.problems = []
        kit.posters = self.extra.plan(kit, ahead) if self.extra else published_posters(self.out)
        self.index = index_page(kit, [p.page for p in planned.values()])
        for chart in self.index.charts:
            name_svg(chart)
        return stale

    def _pages(self, room: RoomInput) -> list[Page]:
        """Every page of this build, the index first."""
        return [self.index, *(p.page for p in self.planned.values())]

    def _charts(self, pages: list[Page], ahead_rendered: int = 0) -> int:
        """Give every chart its SVG: from this session, the disk cache, or vl-convert;
        return how many were rendered (`ahead_rendered` of them while pages were planned)."""
        todo, texts = {}, {}
        for chart in (c for p in pages for c in p.charts):  # each named when its page was planned
            if chart.svg_path not in self.svgs:
                todo[chart.svg_path], texts[chart.svg_path] = chart.svg_spec, chart.svg_text
        counts = {"rendered": 0}
        new = render_svgs(todo, cache_dir=self.charts_cache, texts=texts, counts=counts,
                          progress=lambda done, total: self.reporter.progress("charts", done, total))
        self.svgs.update(new)
        used = set()
        for chart in (c for p in pages for c in p.charts):
            chart.svg = self.svgs[chart.svg_path]
            used.add(chart.svg_path)
        self.svgs = {k: v for k, v in self.svgs.items() if k in used}
        return counts["rendered"] + ahead_rendered

    def _write_pages(self, site: SiteWriter, room: RoomInput, pages: list[Page], stale: Stale) -> BuildResult:
        """Render the pages into the staging site, keeping each one that came out the same.

        A page only names its charts' SVG files, so this needs no SVG yet.
        """
        published = published_pages(self.out)
        if self.env is None or stale.rerender or self.env.globals.get("currency") != room.settings.currency:
            self.env = environment(self.root, room.settings.currency)  # templates compile once a session
        base = base_context(room, self.kit.logo)
        result = BuildResult(pages, room.warnings, room.notes,
                             planned={p: stale.reason(p) for p in self.planned if stale.wants(p)})
        _report_warnings(room.warnings, room.notes, self.reporter)
        self.built_at = datetime.now(timezone.utc)
        stamp = fmt.datetime(self.built_at)
        fresh = stale.everything or stale.rerender
        self.new_digests = digests = {}
        for i, page in enumerate(pages, start=1):
            old = self.digests.get(page.path)
            if not fresh and page.kind != "index" and not stale.wants(page.path) and old \
                    and published.get(page.path) == old and site.keep(page.path):
                digests[page.path] = old  # not re-planned: the very same page
                continue
            html = render_page(self.env, page.templates, page_context(base, page))
            digest = hashlib.sha256(html.encode("utf-8")).hexdigest()[:20]
            digests[page.path] = digest
            if published.get(page.path) != digest or not site.keep(page.path):
                site.write_text(page.path, html.replace(BUILT_AT, stamp))
                result.written.append(page.path)
            self.reporter.progress("pages", i, len(pages))
        result.removed = sorted(set(published) - set(digests))
        return result

    def _finish(self, site: SiteWriter, room: RoomInput, pages: list[Page], result: BuildResult,
                inputs: str) -> None:
        """Add the chart SVGs, assets, images and build.json, and publish the site."""
        for chart in (c for p in pages for c in p.charts):
            if chart.svg_path not in site.written and not site.keep(chart.svg_path):
                site.write_text(chart.svg_path, chart.svg)
        write_assets(site)
        cleaned = self.kit.markdown.media.cleaned
        for rel, source in sorted(self._media().items()):
            if rel in cleaned:  # an SVG: the copy without scripts (see `svg_clean.py`)
                site.put(f"media/{rel}", cleaned[rel])
            else:
                site.copy(f"media/{rel}", source)
        if self.extra:
            self.extra.write(site, self, pages)  # the posters, from the pages and files staged above
        else:
            keep_posters(site, self.out)
        result.build_id = content_id(self.new_digests, sorted(site.written))
        site.write_text(BUILD_JSON, build_json(result.build_id, self.built_at, room, pages, inputs,
                                                 self.new_digests))
        site.publish()
        self.digests = self.new_digests
        kept = len(pages) - len(result.written)
        self.reporter.detail(f"wrote {len(result.written)} pages, kept {kept} unchanged"
                             + (f"; removed {', '.join(result.removed)} (source gone)" if result.removed else ""))

    def _media(self) -> dict[str, Path]:
        """The images the pages of this build use, by path inside the room."""
        files = self.kit.markdown.media.files
        reads = set().union(*(p.reads for p in self.planned.values())) if self.planned else set()
        if self.kit.logo:
            reads.add(self.kit.logo.removeprefix("media/"))
        return {rel: path for rel, path in files.items() if rel in reads and path.is_file()}


def release_memory() -> None:
    """Hand memory that reading and computing freed back to the system (Arrow's pool
    and glibc keep it otherwise), which lowers the peak of a build on a big room."""
    try:
        import pyarrow

        pyarrow.default_memory_pool().release_unused()
        libc().malloc_trim(0)
    except (ImportError, OSError, AttributeError):
        pass


def _note_subjects(room: RoomInput) -> dict[tuple[str, str], object]:
    """Each note of the room by the subject it is about."""
    c = room.commentary
    return {**{("wall", k): n for k, n in c.walls.items()},
            **{("issue", k): n for k, n in c.issues.items()},
            **{("touchpoint", k): n for k, n in c.touchpoints.items()}}


def _add_logo(kit: PageKit) -> None:
    """The room's logo, from room.toml, copied into the site like any image."""
    if kit.room.settings.logo:
        kit.logo = kit.markdown.media.add(kit.room.root, kit.room.settings.logo, PurePosixPath("."), "room.toml")
        kit.markdown.media.take_reads()


def _stopwatch(reporter: Reporter):
    """A function that reports, with --verbose, how long each step took."""
    last = [time.perf_counter()]

    def step(what: str) -> None:
        now = time.perf_counter()
        reporter.detail(f"{what} in {now - last[0]:.2f} s")
        last[0] = now

    return step


def _report_warnings(warnings: list[Problem], notes: list[Problem], reporter: Reporter) -> None:
    """Tell the user about suspicious input as well as showing it on the index page
    (the first `WARNINGS_PRINTED`, then how many more there are)."""
    for warning in warnings[:WARNINGS_PRINTED]:
        reporter.warning(str(warning))
    if len(warnings) > WARNINGS_PRINTED:
        reporter.warning(f"… and {len(warnings) - WARNINGS_PRINTED:,} more (see the index page's data health)")
    for note in notes:
        reporter.detail(str(note))
