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
            typed.problems.append(Problem(SETTINGS_FILE, f"'{key_of(typed.section)}.closed_statuses' needs a status "
                                          f"column, and {typed.rel} has none",
                                          hint=f"map it with columns.status = \"…\" in {typed.section}"))
            return
        status = frame["status"].astype("string").str.strip().str.lower()
        closed = (no_date & status.isin(statuses)).fillna(False).to_numpy(dtype=bool)
        frame["closed_unknown"] = closed
        if typed.part:
            return
        found = sorted(set(status[~status.isna()].unique()) & statuses)
        if closed.any():
            typed.notes.append(Problem(typed.rel, f"{int(closed.sum()):,} issues closed by their status "
                                       f"({', '.join(found)}) have no close date: counted as closed, and left out "
                                       "of the closed counts and of time to close"))
        elif not found and typed.raw.whole:
            seen = ", ".join(sorted(status.dropna().unique())[:8])
            typed.warnings.append(Problem(SETTINGS_FILE, f"'{key_of(typed.section)}.closed_statuses' matches no status "
                                          f"of {typed.rel}", hint=f"its statuses include {seen or 'none'}"))
        return
    if len(frame) and no_date.all() and typed.raw.whole and not typed.part:  # rows appended to a file may all be open yet
        typed.warnings.append(Problem(typed.rel, f"no issue has a close date: all {len(frame):,} stay open, so the "
                                      "backlog is every issue ever opened",
                                      hint=f"map the close date with columns.closed, or say which statuses mean "
                                           f"closed with closed_statuses = [\"Closed\"] in {typed.section}"))
