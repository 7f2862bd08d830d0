"""Headline figures with their comparison: which way a figure moved, and whether that is good.

A bare number on a wall does not say whether things are getting better. Every headline
figure is a `Headline`: its value for the last complete period, its value for the period
before, and the direction that is good for it (`GOOD`: fewer lost customers, more saved
ones; a KPI's own `better`). The change is judged at the precision the wall shows it
(`PRECISION`), so a churn that moved from 2.31 % to 2.34 % is "no change", not "up 0.0
points". Pure: no formatting beyond the arrow and the words, which every page shares.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import pandas as pd

from .freshness import stale_since

UP, DOWN = "up", "down"

# The direction that is good for each headline figure of the walls. A figure whose good
# direction depends on the room (opened issues can rise with growth) still has one here:
# fewer issues opened is what the issues wall is for.
GOOD = {
    "active customers": UP, "came in": UP, "left": DOWN, "net growth": UP,
    "churn": DOWN, "retention": UP, "save rate": UP, "referral rate": UP,
    "opened": DOWN, "closed": UP, "backlog": DOWN, "time to close": DOWN,
    "per 1,000 customers": DOWN, "score": UP,
}

# Decimals each kind of figure is shown with: a change smaller than that is no change.
PRECISION = {"count": 0, "percent": 1, "days": 1, "money": 0, "rate": 1, "score": 1, "reading": 2}


@dataclass(frozen=True)
class Headline:
    """One headline figure and its comparison with the previous complete period.

    `kind` says how it reads (count, percent, days, money, rate, score, reading);
    `good` is UP, DOWN or None (a figure with no good direction gets no verdict).
    """

    label: str
    value: float | None
    previous: float | None
    period: str  # the period the value is for, in words ("2026-10")
    compared: str  # the period it is compared with ("2026-09")
    kind: str = "count"
    good: str | None = None
    unit: str | None = None  # a KPI reading's unit ("%", "days")
    stale: str | None = None  # the date of the last data behind it, when its data file lags (metrics/freshness.py)

    @property
    def change(self) -> float | None:
        """value − previous, each rounded as the wall shows it (so two figures that read
        the same are no change); None when either is missing."""
        if _missing(self.value) or _missing(self.previous):
            return None
        places = PRECISION.get(self.kind, 1)
        return round(round(float(self.value), places) - round(float(self.previous), places), places)

    @property
    def direction(self) -> str | None:
        """UP, DOWN, "same" (no change at the shown precision), or None (nothing to compare)."""
        change = self.change
        if change is None:
            return None
        return "same" if change == 0 else (UP if change > 0 else DOWN)

    @property
    def verdict(self) -> str | None:
        """"better" or "worse" for a move in a figure with a good direction, else None."""
        if self.good is None or self.direction not in (UP, DOWN):
            return None
        return "better" if self.direction == self.good else "worse"

    @property
    def arrow(self) -> str:
        """▲ for up, ▼ for down, nothing otherwise."""
        return {UP: "▲", DOWN: "▼"}.get(self.direction, "")


def headline(label: str, value, previous, period: str, compared: str, kind: str = "count",
             good: str | None = None, unit: str | None = None, stale: str | None = None) -> Headline:
    """A `Headline` whose good direction is `good`, or the one `GOOD` knows for `label`."""
    return Headline(label, _plain(value), _plain(previous), period, compared, kind,
                    good if good is not None else GOOD.get(label.lower()), unit, stale)


def marked_stale(heads: dict[str, Headline], stale: dict, *files: str) -> dict[str, Headline]:
    """`heads` marked with the date of their last data when any of `files` (the data
    files they come from) is stale (`stale`: file -> last date, `metrics/freshness.py`)."""
    since = stale_since(stale, *files)
    return {key: replace(h, stale=since) for key, h in heads.items()} if since else heads


def good_for_kpi(better: object) -> str | None:
    """A KPI's good direction from its `better` column: higher → UP, lower → DOWN."""
    word = None if _missing(better) else str(better).strip().lower()
    return {"higher": UP, "lower": DOWN, None: UP}.get(word)


def _plain(value) -> float | None:
    return None if _missing(value) else float(value)


def _missing(value) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value)) or (isinstance(value, float) and math.isinf(value))
    except (TypeError, ValueError):
        return False
