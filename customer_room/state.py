"""What a running watch keeps between builds, in one place, and the list of its caches.

A one-shot build starts from an empty `BuildState`; a watch keeps one for as long as it
runs, so that the next build redoes only what a change affects. Every cache customer-
room keeps is listed in `CACHES` with what it is keyed on, what makes it stale, and
what it saves, measured with `bench/caches.py` (which runs the benchmark with each
switched off through `CUSTOMER_ROOM_NO_CACHE`). A wrong figure can be traced to one of
these, and nothing else remembers anything between builds: the worker pool
(`workers.py`) keeps processes warm, never results.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .charts.registry import ChartMemo
from .load import LoadCache, RoomInput
from .pages import Page, PageKit
from .paths import caches_off


@dataclass(frozen=True)
class Cache:
    """One cache: its name (for CUSTOMER_ROOM_NO_CACHE), where it lives, what it is keyed
    on, what invalidates it, and what it saves (min–max of `bench/caches.py` runs, cache on vs off)."""

    name: str
    where: str
    key: str
    invalidated: str
    saves: str


CACHES = (
    Cache(
        "inputs",
        "build.json's `inputs`",
        "names, sizes and mtimes of every input and of customer-room",
        "any input file changing",
        "a build with nothing changed stops at once: warm S 0.08–0.11 s vs 1.93–2.00 s off, L 0.09–0.13 vs 6.73–7.16 s",
    ),
    Cache(
        "files",
        "BuildState.loaded.tables",
        "a data file's path, size, mtime and mapping",
        "the file or its mapping changing",
        "a note edit reads no data: L note 0.17–0.27 s vs 2.18–2.64 s off; L day 2.8–3.4 vs 6.0–6.5 s",
    ),
    Cache(
        "appends",
        "BuildState.loaded.tables (a digest of each big CSV's bytes)",
        "the bytes the export had at the last build",
        "any change above the old end",
        "a day appended to L reads ~1,200 rows, not 1M: L day 2.8–3.4 s vs 3.9–4.7 s off",
    ),
    Cache(
        "typed",
        "ROOM/.cache/typed/<file>-<hash>/ (Parquet parts and manifest.json; `load/cached.py`)",
        "a big CSV export's path, size, mtime and mapping, and customer-room's version",
        "the export changing other than by rows appended at its end",
        "a 10M-row CSV (XL) is typed once: a fresh process loads it in 1.9 s vs 15.9–18.3 s off; a day appended "
        "is read alone",
    ),
    Cache(
        "notes",
        "BuildState.loaded.notes",
        "a note's size and mtime",
        "the note changing",
        "unchanged notes are not parsed again and keep their identity: L note 0.28–0.29 s vs 0.45–0.59 s off",
    ),
    Cache(
        "derived",
        "BuildState.loaded.derived",
        "the identity of the frames it reads and the settings",
        "new frames",
        "page keys, as-of and data checks are not worked out again: L note 0.17–0.27 s vs 0.26–0.37 s off",
    ),
    Cache(
        "figures",
        "BuildState.kit",
        "the data and settings",
        "any data or settings change",
        "a note edit recomputes nothing: L note 0.17–0.27 s vs 2.89–3.15 s off",
    ),
    Cache(
        "pages",
        "BuildState.planned",
        "each page's subject and the files it read (`deps.py`)",
        "a change to what it read, or to any data",
        "a note edit plans 2 pages, not all: L note 0.17–0.27 s vs 0.81–0.85 s off",
    ),
    Cache(
        "page files",
        "the published site, by build.json's page digests",
        "a digest of the page's HTML",
        "the page coming out different",
        "unchanged pages keep their file and time stamp (a hard link): L note 0.17–0.27 s vs 0.56–0.69 s off",
    ),
    Cache(
        "charts",
        "BuildState.charts (registry.ChartMemo)",
        "a digest of the chart call's pickled arguments",
        "arguments changing; charts no build asked for are let go",
        "an unchanged chart costs a hash: L day 2.8–3.4 s vs 4.67–4.71 s off",
    ),
    Cache(
        "svgs",
        "BuildState.svgs",
        "the chart's SVG file name (a hash of its spec)",
        "the chart changing",
        "an unchanged chart's SVG is not read from disk again: L note 0.17–0.27 s vs 0.28–0.33 s off",
    ),
    Cache(
        "svg files",
        "ROOM/.cache/charts/svg (sealed)",
        "sha256 of the spec and the vl-convert version",
        "never stale; files no build used for 30 days are pruned on publish",
        "a chart already drawn is never drawn again: forced rebuild L 6.5–8.6 s vs 20.5–20.8 s off, S 1.8–2.4 vs 5.7–5.8 s",
    ),
    Cache(
        "notes html",
        "BuildState.notes_html",
        "a note's text and the page's depth",
        "the text changing",
        "notes without images are not converted again after a data change: S day 0.52–0.64 s vs 0.70–1.19 s off",
    ),
    Cache(
        "templates",
        "BuildState.env",
        "the room's templates and currency",
        "a template changing",
        "templates compile once per watch, not per build: S note 0.07–0.09 s vs 0.14–0.24 s off",
    ),
    Cache(
        "chart templates",
        "the per-user cache (sealed JSON) and charts._base.template",
        "the chart code, Altair's version, the profile, colours and options",
        "new code or options",
        "a build never imports Altair once this machine has seen a chart kind: S forced 1.8–2.4 s vs 2.6–2.7 s off, L day 3.4–3.9 s off",
    ),
    Cache(
        "vega bundle",
        "the per-user cache (sealed)",
        "the vl-convert and Altair versions",
        "an upgrade",
        "the 880 KB bundle is made once per machine: S cold 4.9–5.7 s vs 6.9–7.4 s off",
    ),
)


@dataclass
class Planned:
    """One planned page, the subject it is about, and what it read and found."""

    page: Page
    subject: tuple[str, str]


@dataclass
class BuildState:
    """Everything a running watch keeps between builds (see `CACHES`).

    `appends`: the state will see many builds (a watch), so it is worth keeping a digest
    of each big export to read only the rows appended to it.
    """

    appends: bool = False
    snapshot: dict | None = (
        None  # input files (size, mtime) as the last good build saw them
    )
    loaded: LoadCache = field(default_factory=LoadCache)
    room: RoomInput | None = None
    kit: PageKit | None = None  # the figures, and the planners' kit
    planned: dict[str, Planned] = field(
        default_factory=dict
    )  # every page but the index, by site path
    index: Page | None = None
    walk: Page | None = None  # walk.html, planned with the index every build
    svgs: dict[str, str] = field(
        default_factory=dict
    )  # chart SVG path -> SVG text, for this state's charts
    digests: dict[str, str] = field(
        default_factory=dict
    )  # page path -> digest of its HTML as last published
    env: object = None  # the Jinja environment, kept while templates and settings stay
    charts: ChartMemo = field(default_factory=ChartMemo)
    notes_html: dict = field(
        default_factory=dict
    )  # (note text, page prefix) -> safe HTML

    def __post_init__(self):
        self.off = caches_off()
        self.loaded.appends = self.appends and "appends" not in self.off
        self.loaded.off = self.off

    def uses(self, cache: str) -> bool:
        """Whether cache `cache` (a name in `CACHES`) is in use."""
        return cache not in self.off

    def forget(self) -> None:
        """After a failed build: keep nothing, so that the next build starts afresh."""
        fresh = BuildState(self.appends)
        self.__dict__.update(fresh.__dict__)

    def forget_figures(self) -> None:
        """Data or settings changed: every page is planned again from new figures, so the
        old figures and pages go before the new data is read (a big room is not held twice)."""
        self.room, self.kit, self.planned, self.index, self.walk = None, None, {}, None, None
