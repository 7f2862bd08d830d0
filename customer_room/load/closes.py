"""Which issues are closed when an export has a status but no close date.

Many ticket exports say "Open", "Pending", "Solved", "Closed" and give no close date.
Read as they are, every issue would stay open for ever: a backlog of everything ever
opened, with no word. A room says which statuses mean closed (`closed_statuses` in
`[data.issues]`); an issue with one of them and no close date is then closed at a date
nobody knows: out of the open backlog and the ages of open issues, left out of the
closed counts and of time to close (`metrics.issues` reads the `closed_unknown` column
this adds), and said on the wall. An issues file that can close nothing at all (no
close date anywhere, no closing status) is a warning that says how to fix it.
"""

from __future__ import annotations

import pandas as pd

from .sections import key_of
from ..errors import Problem
from ..paths import SETTINGS_FILE


def check_closes(typed, frame: pd.DataFrame) -> None:
    """Add `closed_unknown` to an issues frame (in place) and say what was found: the
    issues closed by their status, a status column missing, or nothing ever closed."""
    statuses = {s.strip().lower() for s in typed.mapping.closed_statuses}
    no_date = frame["closed"].isna()
    if statuses:
        if frame["status"].isna().all() and not typed.part:  # a chunk: said of the whole (`view_checks`)
            typed.problems.append(no_status_column(typed.rel, typed.section))
            return
        status = frame["status"].astype("string").str.strip().str.lower()
        closed = (no_date & status.isin(statuses)).fillna(False).to_numpy(dtype=bool)
        frame["closed_unknown"] = closed
        if typed.part:
            return
        found = sorted(set(status[~status.isna()].unique()) & statuses)
        if closed.any():
            typed.notes.append(closed_by_status(typed.rel, int(closed.sum()), found))
        elif not found and typed.raw.whole:
            typed.warnings.append(no_status_matched(typed.rel, typed.section, sorted(status.dropna().unique())))
        return
    if len(frame) and no_date.all() and typed.raw.whole and not typed.part:  # rows appended to a file may all be open yet
        typed.warnings.append(never_closed(typed.rel, typed.section, len(frame)))


# What the checks say, here once for a file's frame and for rows queried where they are (`view_checks.closes`).

def no_status_column(rel: str, section: str) -> Problem:
    """closed_statuses set, and no status column to read them in."""
    return Problem(SETTINGS_FILE, f"'{key_of(section)}.closed_statuses' needs a status column, and {rel} has none",
                   hint=f"map it with columns.status = \"…\" in {section}")


def closed_by_status(rel: str, count: int, found: list[str]) -> Problem:
    """How many issues a closing status closed (a note)."""
    return Problem(rel, f"{count:,} issues closed by their status ({', '.join(found)}) have no close date: counted "
                   "as closed, and left out of the closed counts and of time to close")


def no_status_matched(rel: str, section: str, seen: list[str]) -> Problem:
    """closed_statuses that match no status the export has."""
    return Problem(SETTINGS_FILE, f"'{key_of(section)}.closed_statuses' matches no status of {rel}",
                   hint=f"its statuses include {', '.join(seen[:8]) or 'none'}")


def never_closed(rel: str, section: str, rows: int) -> Problem:
    """An issues export that can close nothing: every issue stays open."""
    return Problem(rel, f"no issue has a close date: all {rows:,} stay open, so the backlog is every issue ever opened",
                   hint=f"map the close date with columns.closed, or say which statuses mean closed with "
                        f"closed_statuses = [\"Closed\"] in {section}")
