"""The load stage: settings, data files and commentary of a room, checked together.

`load_room` gathers every problem from `room.toml`, the data files and the notes before
it raises, so that one run shows the user everything to fix. What is usable but
suspicious (a closed date before the opened date, a touchpoint nobody listed, commentary
older than its data) comes back as warnings; the site is built and shows them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import ConfigError, DataError, Problem
from ..paths import SETTINGS_FILE
from ..slug import unique_slugs
from .categories import Grouped, tidy_counts, tidy_issues
from .checks import (
    check_data,
    check_keys,
    check_losses,
    check_notes,
    page_count_problems,
)
from .commentary import Commentary, load_commentary
from .history import History, read_history
from .queryable import Embedded
from .schema import DATES, FILES
from .settings import Settings, colour_warnings, load_settings
from .tables import load_tables
from .warehouse import category_counts, read_warehouse, uses_warehouse
from .warehouse import spans as warehouse_spans


@dataclass
class RoomInput:
    """Everything the compute stage needs, typed and checked."""

    root: Path
    settings: Settings
    frames: dict[str, pd.DataFrame]
    sources: dict[str, str]
    commentary: Commentary
    as_of: pd.Timestamp | None
    category_keys: dict[str, str] = field(default_factory=dict)  # category name -> page key
    grouped: Grouped | None = None  # the small categories that share one page (see `categories.py`)
    warnings: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    tables: dict = field(default_factory=dict)  # data file -> its Ibis table (see `table`)
    embedded: Embedded | None = field(default=None, repr=False)  # the DuckDB that scans the frames
    spans: dict = field(default_factory=dict)  # (file, date column) -> (first, last), of a warehouse's tables
    history: History = field(default_factory=History)  # what earlier builds showed, for the walk page
    lasts: dict = field(default_factory=dict)  # (file, date column) -> its latest value: "as of", and freshness

    def frame(self, name: str) -> pd.DataFrame | None:
        """The typed frame of data file `name`, or None when the room has no such file."""
        return self.frames.get(name)

    def table(self, name: str):
        """Data file `name` as an Ibis table with its canonical columns, for the engine
        stage to aggregate where the rows are; None when the room has no such rows. A
        file's frame is scanned in place by the embedded DuckDB (`queryable.py`)."""
        if name not in self.tables:
            frame = self.frames.get(name)
            if frame is None or not len(frame):
                return None
            self.embedded = self.embedded or Embedded()
            self.tables[name] = self.embedded.table(name, frame)
        return self.tables[name]


@dataclass
class LoadCache:
    """What a running watch keeps between builds: unchanged files are not read again."""

    tables: dict = field(default_factory=dict)
    notes: dict = field(default_factory=dict)
    derived: dict = field(default_factory=dict)  # what is worked out from unchanged frames
    appends: bool = False  # a grown export has only its new rows read (see `appended`)
    off: frozenset = frozenset()  # caches switched off for measurement (see `state.CACHES`)

    def memo(self, key: tuple, make):
        """`make()`, or its value from the last build when `key` (the identities of the
        frames it reads, and the settings it uses) is the same; one value per name."""
        if "derived" in self.off:
            return make()
        name, ids = key[0], key[1:]
        hit = self.derived.get(name)
        if hit is None or hit[0] != ids:
            hit = self.derived[name] = (ids, make())
        return hit[1]


def load_room(root: Path, cache: LoadCache | None = None, published_keys: dict[str, str] | None = None) -> RoomInput:
    """Read and check the whole room; raise with every problem found, or return it.

    `published_keys` (category name → page key, from the published site) keeps each
    category's page address where it was (see `slug.unique_slugs`).
    """
    settings = load_settings(root)  # a broken room.toml stops here: nothing else is meaningful
    files = cache.tables if cache and "files" not in cache.off else None
    tables = load_tables(root, settings, files, bool(files is not None and cache.appends))
    commentary, note_problems = load_commentary(root, cache.notes if cache and "notes" not in cache.off else None)
    problems = tables.problems + note_problems
    if problems:
        raise DataError(problems)
    frames, sources = dict(tables.frames), dict(tables.sources)
    house = _warehouse(settings)
    if house is not None:
        frames.update(house.frames)
        sources.update(house.sources)
    memo = cache.memo if cache is not None else (lambda key, make: make())
    tidied, views, categories = None, {**tables.views, **(house.tables if house else {})}, None
    if "issues" in frames or "issues" in views:
        actions = frames.get("actions")
        notes_name = {key: note.get("category") for key, note in commentary.issues.items()}
        named = actions["issue"].dropna().unique() if actions is not None else ()
        if "issues" in frames:
            tidied = tidy_issues(frames["issues"], settings.min_category_issues, sources["issues"], notes_name, named,
                                 memo)
            frames["issues"] = tidied.issues
        else:  # a view: its counts per category come back, the rows stay where they are
            counts, total = category_counts(views["issues"], sources["issues"])
            tidied = tidy_counts(counts, total, settings.min_category_issues, sources["issues"], notes_name, named)
            if tidied.rename:
                views["issues"] = views["issues"].mutate(category=views["issues"].category.substitute(tidied.rename))
        categories = [c for c in tidied.categories if pd.notna(c)]
    too_many = page_count_problems(settings, {**frames, "issues": pd.DataFrame({"category": categories})}
                                   if "issues" in views else frames, sources)
    if too_many:
        raise DataError(too_many)
    identity = tuple(id(f) for f in frames.values())
    published = published_keys or {}
    keys = memo(("keys", identity, tuple(published.items()), tuple(categories) if "issues" in views else ()),
                lambda: unique_slugs(categories, published) if categories is not None else {})
    spans = warehouse_spans(views, sources)
    identity += tuple(sorted(spans.items()))  # a view's dates are part of what "as of" is worked out from
    lasts = memo(("lasts", identity), lambda: data_lasts(frames, spans))
    room = RoomInput(root, settings, frames, sources, commentary, data_as_of(lasts), category_keys=keys,
                     grouped=tidied.grouped if tidied else None,
                     notes=tables.notes + (tidied.notes if tidied else []), tables=views, spans=spans,
                     embedded=tables.embedded, history=read_history(root), lasts=lasts)
    data_checks = memo(("checks", identity, repr(settings)), lambda: check_data(room) + check_losses(room))
    room.warnings = (tables.warnings + (house.warnings if house else []) + (tidied.warnings if tidied else []) + data_checks + check_notes(room) + check_keys(room)
                     + colour_warnings(settings) + ([room.history.warning] if room.history.warning else []))
    return room


def _warehouse(settings: Settings):
    """The data files that `room.toml` reads from a warehouse ([source]), or None."""
    names = [name for name in FILES if uses_warehouse(settings.mapping(name))]
    if not names:
        return None
    if not settings.source.url:
        raise ConfigError([Problem(SETTINGS_FILE, f"data.{names[0]} names a table or a query, but room.toml has "
                                   "no [source] to read it from", hint="[source] url = \"postgresql://…\"")])
    return read_warehouse(settings, names)


def data_lasts(frames: dict[str, pd.DataFrame], spans: dict | None = None) -> dict[tuple[str, str], pd.Timestamp]:
    """The latest value of each date column of `schema.DATES` that has one, by (file,
    column): of the typed frames, and of the files read where they are (`spans`, a
    warehouse's tables or a scanned export). Worked out once, for the room's "as of" and
    each file's freshness (`metrics/freshness.py`)."""
    out = {key: pd.Timestamp(last) for key, (_, last) in (spans or {}).items()}
    for name, column in DATES:
        frame = frames.get(name)
        if frame is not None and column in frame.columns and len(frame):
            value = frame[column].max()
            if pd.notna(value):
                out[(name, column)] = pd.Timestamp(value)
    return out


def data_as_of(lasts: dict[tuple[str, str], pd.Timestamp]) -> pd.Timestamp | None:
    """The latest date in the data (not the build time): what every page is 'as of'."""
    return max(lasts.values()).normalize() if lasts else None
