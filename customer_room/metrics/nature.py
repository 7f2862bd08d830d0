"""The nature of issues: how they divide by channel and by severity (Wall 2, issue pages).

Beside how many issues there are, the room shows how they arrive (email, phone, chat)
and how bad they are; a column the export does not have is simply not shown.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .issues import NO_VALUE

SEVERITY_ORDER = ("critical", "urgent", "high", "major", "medium", "normal", "moderate", "minor", "low")


def breakdown(counts: pd.DataFrame, column: str, by: str | None = None) -> pd.DataFrame:
    """How issues divide by the values of `column` (channel, severity): the nature of
    issues beside their volume, from the engine's counts (`engine.window_cells` with
    keys ([by,] column)).

    Columns [by,] <column>, count, share (% of the issues, per value of `by` when
    given); "(none)" comes last. Rows run largest first, except that a severity column
    runs in its own order (critical … low) when its values are known severity words, so
    that the worst comes first whatever its count. One sort for all values of `by` (a
    room has hundreds of categories).
    """
    counts = counts[counts["count"] > 0]
    values = sorted(counts[column].astype(str).unique())
    rank = _ranks(values, column)
    value = counts[column].astype(str).map({v: i for i, v in enumerate(values)}).to_numpy(dtype="int64")
    count = counts["count"].to_numpy(dtype="int64")
    if by is None:
        group, names = np.zeros(len(counts), dtype="int64"), [None]
    else:
        names = sorted(counts[by].astype(str).unique())
        group = counts[by].astype(str).map({v: i for i, v in enumerate(names)}).to_numpy(dtype="int64")
    totals = np.bincount(group, weights=count, minlength=len(names))
    order = np.lexsort((value, -count, rank[value], group))
    group, value, count = group[order], value[order], count[order]
    frame = pd.DataFrame({column: np.asarray(values, dtype=object)[value], "count": count,
                          "share": count / totals[group] * 100})
    if by is not None:
        frame.insert(0, by, np.asarray(names, dtype=object)[group])
    return frame.reset_index(drop=True)


def _ranks(values: list[str], column: str) -> np.ndarray:
    """Each value's place before the counts decide: severity words in their own order
    (unknown words after them), and "(none)" after everything."""
    words = [str(v).lower() for v in values]
    rank = np.zeros(len(values))
    if column == "severity" and any(w in SEVERITY_ORDER for w in words):
        rank = np.asarray([SEVERITY_ORDER.index(w) if w in SEVERITY_ORDER else len(SEVERITY_ORDER) for w in words],
                          dtype="float64")
    return rank + np.asarray([w == NO_VALUE for w in words], dtype="float64") * (len(SEVERITY_ORDER) + 1)
