"""The headline figures of each wall, each compared with the previous complete period.

The index, the walls, the issue pages and the posters show the same headlines, so they
are made here once from the computed figures (`metrics.headline` says which way is good
and how a change reads). Every headline is for the wall's last complete period and is
compared with the period before it: the one period policy of the room
(docs/guide/reading-the-walls.md#periods).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import fmt
from .. import metrics as m
from ..metrics.headline import Headline, headline, marked_stale


def period_rows(table: pd.DataFrame, period, freq: str, previous=None) -> tuple[dict, dict]:
    """The rows of a per-period table at `period` and at the period before (empty dicts
    where the table has none). `previous` saves working the period before out again
    (the issue pages ask for it two hundred times)."""
    previous = m.next_period(period, freq, -1) if previous is None else previous
    periods = table["period"].to_numpy()

    def row(when) -> dict:
        found = np.flatnonzero(periods == np.datetime64(when, "ns"))
        return {name: table[name].iat[int(found[0])] for name in table.columns} if len(found) else {}

    return row(period), row(previous)


def _labels(period, freq: str) -> tuple[str, str]:
    return fmt.period(period, freq), fmt.period(m.next_period(period, freq, -1), freq)


def outcome_headlines(wall) -> dict[str, Headline]:
    """Wall 1's headlines by name: came in, left, net growth, active customers, churn,
    retention, save rate, referral rate."""
    now, before = period_rows(wall.flow, wall.period, wall.freq)
    this, compared = _labels(wall.period, wall.freq)
    spec = (("came in", "Came in", "acquired", "count"), ("left", "Left", "lost", "count"),
            ("net", "Net growth", "net", "count"), ("active", "Active customers", "active_end", "count"),
            ("churn", "Churn", "churn_pct", "percent"), ("retention", "Retention", "retention_pct", "percent"),
            ("save", "Save rate", "save_rate_pct", "percent"), ("referral", "Referral rate", "referral_rate_pct", "percent"))
    return marked_stale({key: headline(label, now.get(column), before.get(column), this, compared, kind)
                         for key, label, column, kind in spec}, wall.stale, "customers")


def issue_headlines(wall) -> dict[str, Headline]:
    """Wall 2's headlines by name: opened, closed, backlog, time to close (median of the
    issues closed in the period, with its 90th percentile), per 1,000 customers."""
    now, before = period_rows(wall.flow, wall.period, wall.freq)
    this, compared = _labels(wall.period, wall.freq)
    out = {key: headline(label, now.get(key), before.get(key), this, compared)
           for key, label in (("opened", "Opened"), ("closed", "Closed"), ("backlog", "Backlog"))}
    out.update(close_headlines(wall.time_to_close_by_period, wall.period, wall.freq))
    if wall.per_thousand is not None:
        p = wall.per_thousand
        out["per_thousand"] = headline("Per 1,000 customers", p["value"], p["previous"], p["period"], p["compared"], "rate")
    return {**marked_stale(out, wall.stale, "issues"), **marked_stale(  # per 1,000 also counts the customers
        {k: h for k, h in out.items() if k == "per_thousand"}, wall.stale, "issues", "customers")}


def close_headlines(by_period: pd.DataFrame, period, freq: str, previous=None) -> dict[str, Headline]:
    """Time to close in one period: the median and the 90th percentile of the issues
    closed in it, each against the period before, and how many closed."""
    previous = m.next_period(period, freq, -1) if previous is None else previous
    now, before = period_rows(by_period, period, freq, previous)
    this, compared = fmt.period(period, freq), fmt.period(previous, freq)
    return {
        "time_to_close": headline("Time to close", now.get("median_days"), before.get("median_days"), this, compared, "days"),
        "p90": headline("90th percentile", now.get("p90_days"), before.get("p90_days"), this, compared, "days",
                        good="down"),
        "closed_n": headline("Closed", now.get("n"), before.get("n"), this, compared),
    }
