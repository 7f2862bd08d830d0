"""The nature of issues: how they divide by channel and by severity (Wall 2, issue pages).

Beside how many issues there are, the room shows how they arrive (email, phone, chat)
and how bad they are; a column the export does not have is simply not shown.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .issues import NO_VALUE, value_codes

SEVERITY_ORDER = ("critical", "urgent", "high", "major", "medium", "normal", "moderate", "minor", "low")


def breakdown(issues: pd.DataFrame, column: str, by: str | None = None) -> pd.DataFrame:
    """How issues divide by the values of `column` (channel, severity): the nature of
    issues beside their volume.

    Columns [by,] <column>, count, share (% of the issues, per value of `by` when
    given); blank values count as "(none)", last. Rows run largest first, except that a
    severity column runs in its own order (critical … low) when its values are known
    severity words, so that the worst comes first whatever its count. One sort for all
    values of `by` (a room has hundreds of categories).
    """
    codes, values = value_codes(issues, column)
    rank = _ranks(values, column)
    if by is None:
        groups, names = np.zeros(len(codes), dtype="int64"), [None]
    else:
        groups, names = value_codes(issues, by)
    width = len(values)
    cells = np.bincount(groups * width + codes, minlength=len(names) * width) if len(codes) else \
        np.zeros(len(names) * width, dtype="int64")
    group = np.repeat(np.arange(len(names)), width)
    value = np.tile(np.arange(width), len(names))
    keep = cells > 0
    group, value, count = group[keep], value[keep], cells[keep].astype("int64")
    totals = np.bincount(group, weights=count, minlength=len(names))
    order = np.lexsort((-count, rank[value], group))
    group, value, count = group[order], value[order], count[order]
    frame = pd.DataFrame({column: np.asarray(values, dtype=object)[value], "count": count,
                          "share": count / totals[group] * 100})
    if by is not None:
        frame.insert(0, by, np.asarray(names, dtype=object)[group])
    return frame


def _ranks(values: list[str], column: str) -> np.ndarray:
    """Each value's place before the counts decide: severity words in their own order
    (unknown words after them), and "(none)" after everything."""
    words = [str(v).lower() for v in values]
    rank = np.zeros(len(values))
    if column == "severity" and any(w in SEVERITY_ORDER for w in words):
        rank = np.asarray([SEVERITY_ORDER.index(w) if w in SEVERITY_ORDER else len(SEVERITY_ORDER) for w in words],
                          dtype="float64")
    return rank + np.asarray([w == NO_VALUE for w in words], dtype="float64") * (len(SEVERITY_ORDER) + 1)
