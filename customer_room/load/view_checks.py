"""The checks across a whole export, run as queries where its rows are.

`typed.py` runs them on a frame. A big export that stays out of memory (a Parquet export
scanned in place, `scanned.py`; a CSV read in chunks into the typed cache, `cached.py`)
gets the same warnings and notes from these: a date far from all the others, issues
closed before they were opened, what the closing statuses closed. Each names the first
row it found, through `line` (a data row's 0-based number to the line a user sees).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..errors import Problem
from . import dates
from .closes import closed_by_status, never_closed, no_status_column, no_status_matched
from .follow_up_checks import followed_up_early as _followed_up_early
from .schema import FILES

ROW = "file_row_number"  # each row's 0-based place in the export


def stray_dates(view, name: str, rel: str, line: Callable[[int], int]) -> list[Problem]:
    """A warning for each charted date column whose dates lie apart from the bulk
    (`dates.strays`): the column's rows counted per day, then the first stray row found."""
    out = []
    for col in FILES[name].columns:
        if not col.charted or col.name not in view.columns:
            continue
        days = view.filter(view[col.name].notnull()).select(day=view[col.name].date())
        span = days.aggregate(low=days.day.min(), high=days.day.max()).to_pandas().iloc[0]
        if span.isna().any() or (span["high"] - span["low"]).days <= dates.STRAY_YEARS * 365:
            continue  # the usual case: one cheap pass, no count per day
        counts = days.group_by("day").aggregate(n=days.count()).order_by("day").to_pandas()
        unique = counts["day"].to_numpy(dtype="datetime64[D]").astype(np.int64)
        for stray in dates.strays_of_days(unique, counts["n"].to_numpy()):
            edge = stray.edge.date()
            apart = view[col.name].date() < edge if stray.before else view[col.name].date() > edge
            first = int(view.filter(apart)[ROW].min().to_pandas())
            out.append(Problem(rel, stray.message(), row=line(first), column=col.name))
    return out


def closed_early(view, rel: str, line: Callable[[int], int]) -> list[Problem]:
    """Issues closed before they were opened: usable, but suspicious (a warning)."""
    if "closed" not in view.columns:
        return []
    early = view.filter(view.closed.notnull() & (view.closed < view.opened))
    found = early.aggregate(rows=early.count(), first=early[ROW].min()).to_pandas().iloc[0]
    if not int(found["rows"]):
        return []
    return [Problem(rel, f"{int(found['rows']):,} issues were closed before they were opened (the first on line "
                    f"{line(int(found['first']))}); their time to close is left out")]


def followed_up_early(view, rel: str, line: Callable[[int], int]) -> list[Problem]:
    """Survey responses followed up on a day before they were given (a warning)."""
    if "followed_up" not in view.columns:
        return []
    early = view.filter(view.followed_up.notnull() & (view.followed_up.truncate("D") < view.date.truncate("D")))
    found = early.aggregate(rows=early.count(), first=early[ROW].min()).to_pandas().iloc[0]
    if not int(found["rows"]):
        return []
    return [_followed_up_early(rel, int(found["rows"]), line(int(found["first"])))]


def closes(view, mapping, rel: str, section: str) -> tuple[list[Problem], list[Problem], list[Problem]]:
    """(problems, warnings, notes) of `closes.check_closes`, for the whole export: the
    issues closed by their status, a status column missing, or nothing ever closed."""
    statuses = sorted({s.strip().lower() for s in mapping.closed_statuses})
    closed = view.closed if "closed" in view.columns else None
    if statuses:
        status = view.status.strip().lower() if "status" in view.columns else None
        if status is None or not int(view.filter(status.notnull()).count().to_pandas()):
            return [no_status_column(rel, section)], [], []
        seen = view.filter(status.notnull()).select(status=status).distinct().order_by("status").to_pandas()["status"]
        found = [s for s in statuses if s in set(seen)]
        count = int(view.filter(view.closed_unknown).count().to_pandas()) if "closed_unknown" in view.columns else 0
        if count:
            return [], [], [closed_by_status(rel, count, found)]
        if not found:
            return [], [no_status_matched(rel, section, list(seen))], []
        return [], [], []
    rows = int(view.count().to_pandas())
    if rows and (closed is None or not int(view.filter(closed.notnull()).count().to_pandas())):
        return [], [never_closed(rel, section, rows)], []
    return [], [], []
