"""Checks across the files of a room: suspicious but usable data becomes a warning on the
index page (a touchpoint the list does not know, a note about an older period, a
category with no owner, two categories spelt alike but for punctuation), and a room that would plan more
pages than `max_pages` stops before any work is done."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from ..errors import Problem
from ..slug import collisions
from .categories import fold_key
from .queryable import fetch
from .settings import Settings

if TYPE_CHECKING:
    from .room import RoomInput


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
                         f"[data.{name}.values.{column}]" + (", group small categories with min_category_issues"
                                                             if name == "issues" else "") + ", or raise max_pages")]


def check_data(room: RoomInput) -> list[Problem]:
    """Touchpoints and stages the data names that the lists do not know."""
    out: list[Problem] = []
    touchpoints = room.frame("touchpoints")
    src = room.sources
    known_tps = set(touchpoints["id"]) if touchpoints is not None else None
    if known_tps is not None:
        for name in ("issues", "kpis", "surveys"):
            unknown = {t: n for t, n in _counts(room, name, "touchpoint").items() if t not in known_tps}
            if unknown:
                names = ", ".join(f"'{v}'" for v in sorted(unknown)[:5])
                out.append(Problem(src[name], f"{sum(unknown.values()):,} rows name touchpoints that "
                                   f"{src['touchpoints']} does not list: {names}"))
        stages = set(room.settings.stages)
        for row, (tp, stage) in enumerate(zip(touchpoints["id"], touchpoints["stage"]), start=2):
            if stage not in stages:
                out.append(Problem(src["touchpoints"], f"stage '{stage}' of '{tp}' is not one of the journey "
                                   "stages in room.toml; it is shown under 'Other'", row=row, column="stage"))
    return out


def check_losses(room: RoomInput) -> list[Problem]:
    """Customers acquired but none ever lost: churn would read 0 % and retention 100 %
    as fact, when the export most likely holds its losses elsewhere (a subscription
    table's deletion date, a churn snapshot's flag)."""
    events = set(_counts(room, "customers", "event"))
    if not events:
        return []
    if "acquired" not in events or "lost" in events:
        return []
    return [Problem(room.sources["customers"], "has customers acquired but none lost: churn reads 0 % and retention "
                    "100 %", hint="a subscription export with a deletion date is read twice, as acquisitions and "
                                  "as losses ([[data.customers]]: see docs/guide/mapping-exports.md)")]


def _counts(room: RoomInput, name: str, column: str) -> dict:
    """{value: rows} of one column of data file `name` (missing values left out): from
    its frame when the rows are in memory (no engine needed while the data loads), else
    by the engine where the rows are (a scanned export, a warehouse's table)."""
    frame = room.frame(name)
    if frame is not None:
        return frame[column].value_counts().to_dict() if column in frame else {}
    table = room.table(name)
    if table is None or column not in table.columns:
        return {}
    known = table.filter(table[column].notnull())
    found = fetch(known.group_by(column).aggregate(rows=known.count()), room.sources.get(name, name))
    return dict(zip(found[column], found["rows"].astype(int)))


def check_keys(room: RoomInput) -> list[Problem]:
    """Categories that differ only by punctuation (case and spacing are folded, see
    `categories.py`): each has its own page, which is rarely what the team meant, so say
    which page each one has."""
    out = []
    for names in collisions(room.category_keys):
        pages = ", ".join(f"'{n}' issues/{room.category_keys[n]}.html" for n in names[:4])
        out.append(Problem(room.sources["issues"], f"{len(names)} categories differ only by punctuation, "
                           f"and each has its own page: {pages}", column="category",
                           hint="if they are one issue, recode them into one with [data.issues.values.category]"))
    return out


def check_notes(room: RoomInput) -> list[Problem]:
    """Commentary that names nothing in the data, or discusses an older period than the data."""
    out = []
    by_key = set(room.category_keys.values())
    owned = {fold_key(note.get("category") or key) for key, note in room.commentary.issues.items() if note.get("owner")}
    group = room.grouped.name if room.grouped else None  # nobody owns "the small ones"
    folds = {fold_key(name) for name in room.category_keys}
    unowned = [name for name, key in room.category_keys.items()
               if fold_key(name) not in owned and key not in owned and name != group]
    if unowned:
        sizes = _counts(room, "issues", "category")
        unowned.sort(key=lambda name: -int(sizes.get(name, 0)))
        shown = ", ".join(f"'{name}'" for name in unowned[:5]) + (f" and {len(unowned) - 5} more" if len(unowned) > 5 else "")
        out.append(Problem(room.sources["issues"], f"{len(unowned)} issue categor{'y has' if len(unowned) == 1 else 'ies have'} "
                           f"no owner: {shown}", hint="give each an owner in walls/issues/<issue-key>.md"))
    for key, note in room.commentary.issues.items():
        category = note.get("category")
        if category is not None and fold_key(category) not in folds:
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
