"""The pipeline, start to finish: load → compute → plan → render → publish.

`build_site` reads as the five stages, each a short function below it. Everything is
gathered and computed before anything is published: the site is written to a staging
folder (pages while the chart renderers finish) and swapped in whole (see
`output/writer.py`), so a failed build never touches the last good site.

A `BuildState` (what a running watch keeps: see `state.py`) lets the next build redo
only what a change affects: unchanged data files are not read again, a note edit
re-plans only the pages that show that note (`deps.py` decides which), charts come
from the SVG cache, and a page whose HTML comes out the same keeps its published file.
A one-shot build starts from an empty state. Extra outputs (the posters) come from
hooks (`hooks.py`), which plan with the pages and write into the staged site.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

from . import fmt
from .charts._base import save_templates
from .charts.ahead import RenderAhead
from .charts.model import name_svg
from .charts.registry import ChartSet
from .charts.svg import prestart, prune_cache, render_svgs, vl_version
from .compute import attach_notes, compute
from .deps import Stale, changed_subjects, describe, stale_pages
from .errors import Problem
from .hooks import BuildHook, Staged
from .limits import WARNINGS_PRINTED
from .load import RoomInput, load_room
from .load.history import keep_build
from .load.inputs import changed_files, fingerprint, kind_of, many_new_charts, snapshot
from .metrics.walk import kept as walk_part
from .output.assets import write_assets
from .output.manifest import build_json, content_id, published_keys, published_pages
from .output.poster_files import keep_folder, published_files, published_text
from .output.render import BUILT_AT, base_context, environment, page_context, render_page
from .output.writer import SiteWriter, libc
from .pages import Page, PageKit, index_page, page_makers, read_printed, walk_page
from .pages.markup import Found, Media, Renderer
from .paths import BUILD_JSON, POSTERS_DIR, PRINTED, room_cache
from .report import Reporter
from .state import BuildState, Planned


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
    extra: list[str] = field(default_factory=list)  # what the hooks wrote (the posters)
    built_at: datetime | None = None
    digests: dict[str, str] = field(default_factory=dict)  # page path -> digest of its HTML

    def summary(self) -> str:
        """'no warnings' or 'N warnings', for the last line of the command's output."""
        n = len(self.warnings)
        return "no warnings" if n == 0 else f"{n} warning{'s' if n != 1 else ''} (see the index page's data health)"


@dataclass
class Change:
    """What changed since the state's last build (everything, for a first build)."""

    snapshot: dict  # the input files now, taken first: a file changed during the build rebuilds next time
    inputs: str  # their fingerprint, for build.json
    files: set[str] | None  # room paths added, removed or modified; None on a first build
    kinds: dict[str, str] = field(default_factory=dict)  # each changed path's kind (data, notes, …)


def build_site(root: Path, out: Path, reporter: Reporter, state: BuildState | None = None,
               hooks: tuple[BuildHook, ...] = ()) -> BuildResult:
    """Build the room at `root` into the site folder `out`: load → compute → plan →
    render → publish. On any error the state forgets everything (the next build starts
    afresh) and the published site is as it was."""
    state = state if state is not None else BuildState()
    started, step = time.perf_counter(), _stopwatch(reporter)
    try:
        change = _changes(root, out, state, reporter)
        room = _load(root, out, state, change, reporter)
        step("loaded")
        kit, notes_before = _compute(room, state)
        step("computed")
        charts = room_cache(root) / "charts" if state.uses("svg files") else None
        ahead = RenderAhead(charts)
        try:
            stale = _plan(kit, state, change, notes_before, ahead, hooks, out, reporter)
            step(f"planned {sum(map(stale.wants, state.planned)) + 1} pages")
            with SiteWriter(out, on_wait=reporter.info) as site:
                result = _render(site, kit, state, stale, out, reporter)
                step("rendered pages")
                ahead.wait()
                result.charts_made = _draw(state, charts, reporter) + ahead.rendered
                step(f"made {result.charts_made} chart SVGs")
                _publish(site, kit, state, result, change, hooks, charts, out, reporter)
        finally:
            ahead.wait()
    except BaseException:
        state.forget()
        raise
    step("published")
    state.snapshot = change.snapshot
    result.seconds = time.perf_counter() - started
    return result


def _changes(root: Path, out: Path, state: BuildState, reporter: Reporter) -> Change:
    """What changed since the state's last build, and the renderers started early when
    many charts will be new."""
    snap = snapshot(root)
    files = changed_files(state.snapshot, snap) if state.snapshot is not None else None
    mapped = set(state.room.sources.values()) if state.room is not None else set()
    change = Change(snap, fingerprint(root), files, {p: kind_of(p, mapped) for p in (files or ())})
    if files is not None:
        reporter.detail(f"since the last build: {describe(files) if files else 'nothing changed'}")
    if state.snapshot is None and many_new_charts(root, out, snap):
        prestart()  # many charts will be new: get the renderers going while the data loads
    return change


def _load(root: Path, out: Path, state: BuildState, change: Change, reporter: Reporter) -> RoomInput:
    """Stage 1: read and check the room (unchanged files come from the state)."""
    data_changed = any(k in ("data", "settings") for k in change.kinds.values()) or not state.uses("figures")
    if data_changed:
        _forget_data(state, change.files or set())
    reporter.detail(f"loading {root}")
    room = load_room(root, state.loaded, published_keys(out))
    if state.kit is None:
        release_memory()  # reading leaves the big exports' scratch memory behind
    reporter.detail("files used: " + ", ".join(f"{k} ← {v}" for k, v in room.sources.items()))
    return room


def _forget_data(state: BuildState, changed: set[str]) -> None:
    """Data or settings changed: drop the changed files' frames (unless an export only
    grew) and the figures and pages, before the new data is read."""
    if state.room is not None:
        for name, rel in state.room.sources.items():
            kept = state.loaded.tables.get(name)
            may_grow = kept is not None and kept[2] is not None and "room.toml" not in changed
            if (rel in changed or "room.toml" in changed) and not may_grow:
                state.loaded.tables.pop(name, None)
    state.forget_figures()
    release_memory()


def _compute(room: RoomInput, state: BuildState) -> tuple[PageKit, dict]:
    """Stage 2: the figures of every wall (kept when only notes changed, which are
    attached again); returns the kit and the notes the last build had."""
    notes_before = note_subjects(state.room) if state.room is not None else {}
    if state.kit is None:
        notes_html = state.notes_html if state.uses("notes html") else {}
        charts = ChartSet(state.charts if state.uses("charts") else None)
        state.kit = PageKit(room, compute(room), Renderer(room.root, Media(), notes_html), charts=charts)
        release_memory()
    else:
        state.kit.room = room  # the same frames and figures, with the notes as they are now
        attach_notes(state.kit.figures, room)
    return state.kit, notes_before


def _plan(kit: PageKit, state: BuildState, change: Change, notes_before: dict, ahead, hooks, out: Path,
          reporter: Reporter) -> Stale:
    """Stage 3: plan the pages the change makes stale (with their charts, queued with
    the background renderer), the hooks' outputs, and the index."""
    room = kit.room
    makers = page_makers(kit)
    stale = stale_pages(change.files if state.uses("pages") else None, change.kinds,
                        {path: subject for path, subject, _ in makers},
                        {path: p.page.reads for path, p in state.planned.items()},
                        changed_subjects(notes_before, note_subjects(room)))
    state.room = room
    if stale.everything:
        reporter.detail(f"planning every page: {stale.everything}")
    if stale.rerender:
        reporter.detail(f"rendering every page again: {stale.rerender}")
    planned = {}
    for i, (path, subject, make) in enumerate(makers, start=1):
        if stale.everything:
            reporter.progress("planning pages", i, len(makers))
        if stale.wants(path) or path not in state.planned:
            planned[path] = Planned(make(), subject)
            _queue(planned[path].page, ahead)
            if not stale.everything:
                reporter.detail(f"planning {path} again: {stale.reason(path)}")
        else:
            planned[path] = state.planned[path]
    state.planned = planned
    if stale.everything:
        state.charts.forget_unused()  # charts of the pages as they were before are no longer wanted
    save_templates()  # chart templates made now serve the next process too
    logo = _add_logo(kit)
    found = [w for p in planned.values() for w in p.page.problems] + logo.problems
    room.warnings = room.warnings + list(dict.fromkeys(found))  # an image on many pages: said once
    owned = {hook.folder for hook in hooks}
    kit.posters = [rel for hook in hooks for rel in hook.plan(kit, ahead)] + \
        ([] if POSTERS_DIR in owned else published_files(out, POSTERS_DIR, ".pdf"))
    kit.printed = {} if POSTERS_DIR in owned else read_printed(published_text(out, PRINTED))
    state.walk = walk_page(kit)
    state.index = index_page(kit, [state.walk, *(p.page for p in planned.values())])
    _queue(state.index, None)
    return stale


def _queue(page: Page, ahead: RenderAhead | None) -> None:
    """Name a planned page's chart SVGs, and hand the new ones to the background renderer;
    a page that is not `drawn` gets none (its charts are drawn in the browser)."""
    if not page.drawn:
        return
    for chart in page.charts:
        name_svg(chart)
        if ahead is not None:
            ahead.add(chart.svg_text, vl_version(chart.spec))


def _render(site: SiteWriter, kit: PageKit, state: BuildState, stale: Stale, out: Path,
            reporter: Reporter) -> BuildResult:
    """Stage 4: render every page into the staging site, keeping each page that came out
    the same as published (a page only names its charts' SVG files: none is needed yet)."""
    room, pages = kit.room, _pages(state)
    published = published_pages(out)
    if state.env is None or stale.rerender or not state.uses("templates") \
            or state.env.globals.get("currency") != room.settings.currency:
        state.env = environment(room.root, room.settings.currency)
    base = base_context(room, kit.logo)
    result = BuildResult(pages, room.warnings, room.notes,
                         planned={p: stale.reason(p) for p in state.planned if stale.wants(p)})
    _report_warnings(room.warnings, room.notes, reporter)
    result.built_at = datetime.now(timezone.utc)
    stamp = fmt.datetime(result.built_at)
    fresh = stale.everything or stale.rerender or not state.uses("page files")
    digests = result.digests
    for i, page in enumerate(pages, start=1):
        old = state.digests.get(page.path)
        if not fresh and page.kind != "index" and not stale.wants(page.path) and old \
                and published.get(page.path) == old and site.keep(page.path):
            digests[page.path] = old  # not re-planned: the very same page
            continue
        html = render_page(state.env, page.templates, page_context(base, page))
        digests[page.path] = hashlib.sha256(html.encode("utf-8")).hexdigest()[:20]
        if published.get(page.path) != digests[page.path] or not site.keep(page.path):
            site.write_text(page.path, html.replace(BUILT_AT, stamp))
            result.written.append(page.path)
        reporter.progress("pages", i, len(pages))
    result.removed = sorted(set(published) - set(digests))
    return result


def _draw(state: BuildState, cache: Path | None, reporter: Reporter) -> int:
    """Give every chart its SVG: from the state, the disk cache, or vl-convert; returns
    how many were drawn now."""
    charts = _named(_pages(state))
    known = state.svgs if state.uses("svgs") else {}
    todo = {c.svg_path: c for c in charts if c.svg_path not in known}
    counts = {"rendered": 0}
    known.update(render_svgs({k: c.svg_spec for k, c in todo.items()}, cache_dir=cache,
                             texts={k: c.svg_text for k, c in todo.items()}, counts=counts,
                             progress=lambda done, total: reporter.progress("charts", done, total)))
    for chart in charts:
        chart.svg = known[chart.svg_path]
    used = {c.svg_path for c in charts}
    state.svgs = {k: v for k, v in known.items() if k in used}
    return counts["rendered"]


def _named(pages: list[Page]) -> list:
    """The charts of `pages` that have a build-time SVG: those named when a drawn page
    was planned (a chart shared with a page that is not drawn has it there too)."""
    return [c for p in pages for c in p.charts if c.svg_path is not None]


def _publish(site: SiteWriter, kit: PageKit, state: BuildState, result: BuildResult, change: Change, hooks,
             charts: Path | None, out: Path, reporter: Reporter) -> None:
    """Stage 5: add the chart SVGs, assets, images, the hooks' outputs and build.json,
    and swap the staged site in."""
    pages = _pages(state)
    for chart in _named(pages):
        if chart.svg_path not in site.written and not site.keep(chart.svg_path):
            site.write_text(chart.svg_path, chart.svg)
    write_assets(site)
    cleaned = kit.markdown.media.cleaned
    for rel, source in sorted(_media(kit, state).items()):
        if rel in cleaned:  # an SVG: the copy without scripts (see `pages/svg_clean.py`)
            site.put(f"media/{rel}", cleaned[rel])
        else:
            site.copy(f"media/{rel}", source)
    staged = Staged(site, state.env, result.built_at, charts or room_cache(kit.room.root, make=False) / "charts")
    for hook in hooks:
        result.extra += hook.write(staged)
    if POSTERS_DIR not in {hook.folder for hook in hooks}:
        keep_folder(site, out, POSTERS_DIR)  # posters a plain build does not make are carried over
    result.build_id = content_id(result.digests, sorted(site.written))
    site.write_text(BUILD_JSON, build_json(result.build_id, result.built_at, kit.room, pages, change.inputs,
                                           result.digests))
    site.publish()
    review = kit.room.settings.review  # what this build showed, for the next walk (never lost with the site)
    keep_build(kit.room.root, kit.room.history, walk_part(state.walk.context["snapshot"]), review.cadence, review.dates)
    state.digests = result.digests
    if charts is not None:
        prune_cache(charts)  # SVGs no build has used for a month
    kept = len(pages) - len(result.written)
    reporter.detail(f"wrote {len(result.written)} pages, kept {kept} unchanged"
                    + (f"; removed {', '.join(result.removed)} (source gone)" if result.removed else ""))


def release_memory() -> None:
    """Hand memory that reading and computing freed back to the system (Arrow's pool
    and glibc keep it otherwise), which lowers the peak of a build on a big room."""
    try:
        import pyarrow

        pyarrow.default_memory_pool().release_unused()
        libc().malloc_trim(0)
    except (ImportError, OSError, AttributeError):
        pass


def check_site(root: Path, reporter: Reporter, out: Path | None = None) -> BuildResult:
    """Validate data, settings and commentary, and plan every page, writing nothing
    (`out`: the published site, whose categories keep their page addresses)."""
    started = time.perf_counter()
    room = load_room(root, published_keys=published_keys(out) if out is not None else None)
    pages, kit = plan(room)
    logo = _add_logo(kit)
    warnings = room.warnings + list(dict.fromkeys([w for p in pages for w in p.problems] + logo.problems))
    _report_warnings(warnings, room.notes, reporter)
    return BuildResult(pages, warnings, room.notes, time.perf_counter() - started)


def plan(room: RoomInput) -> tuple[list[Page], PageKit]:
    """Compute the figures and plan every page with its charts (index first)."""
    kit = PageKit(room, compute(room), Renderer(room.root, Media()))
    pages = [make() for _, _, make in page_makers(kit)]
    return [index_page(kit, pages), *pages], kit


def note_subjects(room: RoomInput) -> dict[tuple[str, str], object]:
    """Each note of the room by the subject it is about (to tell which notes changed)."""
    c = room.commentary
    return {(kind, k): n for kind, notes in (("wall", c.walls), ("issue", c.issues), ("reason", c.reasons),
                                            ("touchpoint", c.touchpoints)) for k, n in notes.items()}


def _pages(state: BuildState) -> list[Page]:
    """Every page of this build, the index first."""
    return [state.index, state.walk, *(p.page for p in state.planned.values())]


def _media(kit: PageKit, state: BuildState) -> dict[str, Path]:
    """The images the pages of this build read (and the logo), by path inside the room."""
    reads = set().union(*(p.page.reads for p in state.planned.values())) if state.planned else set()
    if kit.logo:
        reads.add(kit.logo.removeprefix("media/"))
    return {rel: path for rel, path in kit.markdown.media.files.items() if rel in reads and path.is_file()}


def _add_logo(kit: PageKit) -> Found:
    """The room's logo, from room.toml, copied into the site like any image; returns what
    adding it found (a logo left out is a warning)."""
    found = Found()
    if kit.room.settings.logo:
        kit.logo = kit.markdown.media.add(kit.room.root, kit.room.settings.logo, PurePosixPath("."), "room.toml", found)
    return found


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
