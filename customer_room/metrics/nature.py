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
    given); blank values count as "(none)". Rows run largest first, except that a
    severity column runs in its own order (critical … low) when its values are known
    severity words, so that the worst comes first whatever its count.
    """
    codes, values = value_codes(issues, column)
    if by is None:
        counts = np.bincount(codes, minlength=len(values)) if len(codes) else np.zeros(len(values), dtype="int64")
        frame = pd.DataFrame({column: values, "count": counts.astype("int64")})
        frame = frame[frame["count"] > 0]
        total = frame["count"].sum()
        frame["share"] = frame["count"] / total * 100 if total else np.nan
        return _ordered(frame, column).reset_index(drop=True)
    groups, names = value_codes(issues, by)
    cells = np.bincount(groups * len(values) + codes, minlength=len(names) * len(values))
    frame = pd.DataFrame({by: np.repeat(np.asarray(names, dtype=object), len(values)),
                          column: np.tile(np.asarray(values, dtype=object), len(names)), "count": cells})
    frame = frame[frame["count"] > 0].copy()
    frame["share"] = frame["count"] / frame.groupby(by)["count"].transform("sum") * 100
    parts = [_ordered(part, column) for _, part in frame.groupby(by, sort=True)]
    return pd.concat(parts, ignore_index=True) if parts else frame.reset_index(drop=True)


def _ordered(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """Largest first, "(none)" last; severity words in their own order (unknown words
    after them)."""
    words = frame[column].str.lower()
    rank = (words == NO_VALUE).astype("float64") * (len(SEVERITY_ORDER) + 1)
    if column == "severity" and words.isin(SEVERITY_ORDER).any():
        rank = rank + words.map({w: i for i, w in enumerate(SEVERITY_ORDER)}).fillna(len(SEVERITY_ORDER))
    return frame.assign(_rank=rank).sort_values(["_rank", "count"], ascending=[True, False],
                                                kind="stable").drop(columns="_rank")
