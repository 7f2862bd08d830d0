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

from .commentary import Commentary, load_commentary
from ..errors import DataError, Problem
from .settings import Settings, colour_warnings, load_settings
from ..slug import collisions, unique_slugs
from .typed import load_tables


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
    warnings: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)

    def frame(self, name: str) -> pd.DataFrame | None:
        """The typed frame of data file `name`, or None when the room has no such file."""
        return self.frames.get(name)


@dataclass
class LoadCache:
    """What a running watch keeps between builds: unchanged files are not read again."""

    tables: dict = field(default_factory=dict)
    notes: dict = field(default_factory=dict)
    derived: dict = field(default_factory=dict)  # what is worked out from unchanged frames
    appends: bool = False  # a grown export has only its new rows read (see `appended`)

    def memo(self, key: tuple, make):
        """`make()`, or its value from the last build when `key` (the identities of the
        frames it reads, and the settings it uses) is the same; one value per name."""
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
    tables = load_tables(root, settings, cache.tables if cache else None, cache.appends if cache else False)
    commentary, note_problems = load_commentary(root, cache.notes if cache else None)
    problems = tables.problems + note_problems
    if problems:
        raise DataError(problems)
    frames = tables.frames
    too_many = page_count_problems(settings, frames, tables.sources)
    if too_many:
        raise DataError(too_many)
    memo = cache.memo if cache is not None else (lambda key, make: make())
    identity = tuple(id(f) for f in frames.values())
    published = published_keys or {}
    keys = memo(("keys", identity, tuple(published.items())),
                lambda: unique_slugs(frames["issues"]["category"].dropna().unique(), published)
                if "issues" in frames else {})
    room = RoomInput(root, settings, frames, tables.sources, commentary,
                     memo(("as_of", identity), lambda: data_as_of(frames)), category_keys=keys, notes=tables.notes)
    data_checks = memo(("checks", identity, repr(settings)), lambda: check_data(room))
    room.warnings = (tables.warnings + data_checks + _check_notes(room) + _check_keys(room)
                     + colour_warnings(settings))
    return room


def page_count_problems(settings: Settings, frames: dict[str, pd.DataFrame], sources: dict[str, str]) -> list[Problem]:
    """More issue categories and touchpoints than `max_pages`: each would get a page, and
    a free-text column mapped as the category would plan a million of them."""
    counts = {name: int(frames[name][column].nunique()) for name, column in (("issues", "category"), ("touchpoints", "id"))
              if name in frames}
    if sum(counts.values()) <= settings.max_pages:
        return []
    name = max(counts, key=counts.get)
    column = "category" if name == "issues" else "id"
    return [Problem(sources[name], f"has {counts[name]:,} distinct values, and customer-room makes a page for each; "
                    f"a build makes at most {settings.max_pages:,} (max_pages in room.toml)", column=column,
                    hint=f"map a coarser column with columns.{column}, recode values with "
                         f"[data.{name}.values.{column}], or raise max_pages")]


def data_as_of(frames: dict[str, pd.DataFrame]) -> pd.Timestamp | None:
    """The latest date in the data (not the build time): what every page is 'as of'."""
    candidates = []
    for name, column in (("customers", "date"), ("issues", "opened"), ("issues", "closed"),
                         ("surveys", "date"), ("kpis", "period")):
        frame = frames.get(name)
        if frame is not None and len(frame):
            value = frame[column].max()
            if pd.notna(value):
                candidates.append(value)
    return max(candidates).normalize() if candidates else None


def check_room(room: RoomInput) -> list[Problem]:
    """Suspicious but usable data across files: each becomes a warning on the index page."""
    return check_data(room) + _check_notes(room) + colour_warnings(room.settings)


def check_data(room: RoomInput) -> list[Problem]:
    """Touchpoints and stages the data names that the lists do not know."""
    out: list[Problem] = []
    touchpoints = room.frame("touchpoints")
    src = room.sources
    known_tps = set(touchpoints["id"]) if touchpoints is not None else None
    if known_tps is not None:
        for name in ("issues", "kpis", "surveys"):
            frame = room.frame(name)
            if frame is None:
                continue
            unknown = frame["touchpoint"].dropna()
            unknown = unknown[~unknown.isin(known_tps)]
            if len(unknown):
                names = ", ".join(f"'{v}'" for v in sorted(unknown.unique())[:5])
                out.append(Problem(src[name], f"{len(unknown):,} rows name touchpoints that {src['touchpoints']} "
                                   f"does not list: {names}"))
        stages = set(room.settings.stages)
        for row, (tp, stage) in enumerate(zip(touchpoints["id"], touchpoints["stage"]), start=2):
            if stage not in stages:
                out.append(Problem(src["touchpoints"], f"stage '{stage}' of '{tp}' is not one of the journey "
                                   "stages in room.toml; it is shown under 'Other'", row=row, column="stage"))
    return out


def _check_keys(room: RoomInput) -> list[Problem]:
    """Categories that differ only by case or punctuation: each has its own page, which
    is rarely what the team meant, so say which page each one has."""
    out = []
    for names in collisions(room.category_keys):
        pages = ", ".join(f"'{n}' issues/{room.category_keys[n]}.html" for n in names[:4])
        out.append(Problem(room.sources["issues"], f"{len(names)} categories differ only by case or punctuation, "
                           f"and each has its own page: {pages}", column="category",
                           hint="if they are one issue, recode them into one with [data.issues.values.category]"))
    return out


def _check_notes(room: RoomInput) -> list[Problem]:
    """Commentary that names nothing in the data, or discusses an older period than the data."""
    out = []
    by_key = set(room.category_keys.values())
    owned = {note.get("category") or key for key, note in room.commentary.issues.items() if note.get("owner")}
    unowned = [name for name, key in room.category_keys.items() if name not in owned and key not in owned]
    if unowned:
        issues = room.frame("issues")
        sizes = issues["category"].value_counts()
        unowned.sort(key=lambda name: -int(sizes.get(name, 0)))
        shown = ", ".join(f"'{name}'" for name in unowned[:5]) + (f" and {len(unowned) - 5} more" if len(unowned) > 5 else "")
        out.append(Problem(room.sources["issues"], f"{len(unowned)} issue categor{'y has' if len(unowned) == 1 else 'ies have'} "
                           f"no owner: {shown}", hint="give each an owner in walls/issues/<issue-key>.md"))
    for key, note in room.commentary.issues.items():
        category = note.get("category")
        if category is not None and category not in room.category_keys:
            out.append(Problem(note.path, f"category '{category}' does not appear in the issues data"))
        elif category is None and room.category_keys and key not in by_key:
            out.append(Problem(note.path, f"no issue category has the key '{key}'",
                               hint="name the file after the category, or set 'category:' in its front matter"))
    tps = room.frame("touchpoints")
    if tps is not None:
        for key, note in room.commentary.touchpoints.items():
            if key not in set(tps["id"]):
                out.append(Problem(note.path, f"touchpoint '{key}' is not listed in {room.sources['touchpoints']}"))
    if room.as_of is not None:
        month = room.as_of.to_period("M").start_time
        for note in room.commentary.all():
            period = note.get("period")
            if period is not None and period.to_period("M").start_time < month - pd.offsets.MonthBegin(1):
                out.append(Problem(note.path, f"discusses {period:%Y-%m} but the data runs to {room.as_of:%Y-%m-%d}",
                                   hint="update the commentary and its 'period'"))
    return out
