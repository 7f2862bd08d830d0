"""Wall 1 figures: customers in, customers out, what they were worth and why they left.

The outcomes wall treats customers as assets, so every count comes with its annual value
(SPEC section 4, customers). The engine (`engine/customers.py`) counts the customer
events (`acquired`, `lost`, `saved`, `at_risk`, `referred`) per calendar period where
the rows are; these pure functions turn those small tables into the wall's figures.
Undefined rates are NaN, which the pages show as "—".
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .periods import (
    next_period,
    ordinal_starts,
    period_ordinals,
    period_start,
)

FLOW_COLUMNS = [
    "period", "acquired", "lost", "net", "acquired_value", "lost_value", "net_value",
    "active_start", "active_end", "lost_from_start", "lost_same_period", "churn_pct",
    "retention_pct", "at_risk", "saved", "save_rate_pct", "referrers",
    "referral_rate_pct",
]
TOTE_FIELDS = (
    "acquired", "lost", "net", "acquired_value", "lost_value", "net_value", "active_end",
)
NO_REASON = "(not given)"
NO_SEGMENT = "(no segment)"
REST = "all other reasons"  # the row that sums the reasons past the top ones


def _rate(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """numerator / denominator × 100, NaN wherever the denominator is not positive."""
    numerator = np.asarray(numerator, dtype="float64")
    denominator = np.asarray(denominator, dtype="float64")
    out = np.full(len(numerator), np.nan)
    ok = denominator > 0
    np.divide(numerator, denominator, out=out, where=ok)
    return out * 100.0


def _per_period(cells: pd.DataFrame, first: int, size: int, freq: str, column: str = "count") -> np.ndarray:
    """A per-period column of engine cells (period, …) as an array over the span."""
    out = np.zeros(size, dtype="float64" if column == "value" else "int64")
    if len(cells):
        slots = period_ordinals(cells["period"], freq) - first
        inside = (slots >= 0) & (slots < size)
        np.add.at(out, slots[inside], cells[column].to_numpy(dtype=out.dtype)[inside])
    return out


def customer_flow(
    events: pd.DataFrame,
    same_period: pd.DataFrame,
    referrers: pd.DataFrame,
    freq: str = "month",
    opening_balance: float = 0,
    last: pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Count the flow of customers in and out per period, with churn, saves and referrals.

    This is the spine of the outcomes wall: the tote board, the acquired-vs-lost chart,
    churn/retention, save and referral rates all read from it. It is worked out from the
    engine's cells (`engine/customers.py`): `events` (period, event, count, value),
    `same_period` (period, count of losses of customers acquired earlier in the same
    period) and `referrers` (period, count of distinct referring customers). One row per
    period, from the first event's period to the later of the last event's period and
    `last`'s, with no gaps. Columns:

    - acquired, lost, net (= acquired − lost) and their value sums (NaN value counts 0);
    - active_start S = opening_balance + acquired − lost of all earlier periods;
      active_end = S + net;
    - lost_from_start L_s: losses of customers active at the start, i.e. every loss
      except those of customers with an `acquired` event in the same period on or before
      the loss date; those are lost_same_period and shown apart;
    - churn_pct = L_s / S × 100 and retention_pct = 100 − churn_pct (NaN when S <= 0);
    - at_risk, saved, save_rate_pct = saved / at_risk × 100 (NaN when at_risk == 0);
    - referrers (distinct customers with a `referred` event) and
      referral_rate_pct = referrers / active_end × 100 (NaN when active_end <= 0, and in
      every period when the data has no `referred` event at all: no referral data).

    The frame carries `attrs["freq"]` so that `tote_board` can name the previous period.
    """
    if not len(events):
        empty = pd.DataFrame({name: [] for name in FLOW_COLUMNS})
        empty["period"] = pd.to_datetime(empty["period"]).astype("datetime64[ns]")
        empty.attrs["freq"] = freq
        return empty
    ordinals = period_ordinals(events["period"], freq)
    first, final = int(ordinals.min()), int(ordinals.max())
    if last is not None and not pd.isna(last):
        final = max(final, int(period_ordinals([last], freq)[0]))
    size = final - first + 1

    def count(event: str, column: str = "count") -> np.ndarray:
        return _per_period(events[events["event"] == event], first, size, freq, column)

    acquired, lost = count("acquired"), count("lost")
    acquired_value, lost_value = count("acquired", "value"), count("lost", "value")
    net = acquired - lost
    active_end = opening_balance + np.cumsum(net)
    active_start = active_end - net
    lost_same_period = _per_period(same_period, first, size, freq)
    lost_from_start = lost - lost_same_period
    churn = _rate(lost_from_start, active_start)
    at_risk, saved = count("at_risk"), count("saved")
    referring = _per_period(referrers, first, size, freq)
    flow = pd.DataFrame({
        "period": ordinal_starts(np.arange(first, final + 1), freq),
        "acquired": acquired, "lost": lost, "net": net,
        "acquired_value": acquired_value, "lost_value": lost_value,
        "net_value": acquired_value - lost_value,
        "active_start": active_start, "active_end": active_end,
        "lost_from_start": lost_from_start, "lost_same_period": lost_same_period,
        "churn_pct": churn, "retention_pct": 100.0 - churn,
        "at_risk": at_risk, "saved": saved, "save_rate_pct": _rate(saved, at_risk),
        "referrers": referring,
        # a room whose export has no referral at all has no referral rate, not 0 %
        "referral_rate_pct": (_rate(referring, active_end) if (events["event"] == "referred").any()
                              else np.full(size, np.nan)),
    })
    flow.attrs["freq"] = freq
    return flow


def _infer_freq(periods: pd.Series) -> str | None:
    """Guess the period length from the spacing of the first two period starts."""
    if len(periods) < 2:
        return None
    days = (periods.iloc[1] - periods.iloc[0]).days
    return {1: "day", 7: "week"}.get(days) or (
        "month" if 28 <= days <= 31 else "quarter" if 89 <= days <= 92 else None
    )


def tote_board(
    flow: pd.DataFrame, period: pd.Timestamp, freq: str | None = None
) -> dict:
    """Pick "this period" and "last period" out of a `customer_flow` frame (tote board).

    Returns {"period", "previous", "this", "last", "change"}: "this" and "last" hold
    acquired, lost, net, acquired_value, lost_value, net_value and active_end for the
    row at `period` and the period before it (NaN where a row is missing), and "change"
    is this − last. `freq` defaults to the one recorded by `customer_flow`.
    """
    freq = freq or flow.attrs.get("freq") or _infer_freq(flow["period"])
    start = pd.Timestamp(period)
    start = start if freq is None else period_start(start, freq)
    previous = next_period(start, freq, -1) if freq else pd.NaT
    by_period = flow.set_index("period")

    def row(when: pd.Timestamp) -> dict:
        if pd.isna(when) or when not in by_period.index:
            return {name: np.nan for name in TOTE_FIELDS}
        found = by_period.loc[when]
        return {name: float(found[name]) for name in TOTE_FIELDS}

    this, last = row(start), row(previous)
    change = {name: this[name] - last[name] for name in TOTE_FIELDS}
    return {"period": start, "previous": previous, "this": this, "last": last,
            "change": change}


def _losses_in_window(cells: pd.DataFrame, freq: str, period: pd.Timestamp, periods: int, key: str) -> pd.DataFrame:
    """Losses of the `periods` periods ending with `period` (inclusive), from the
    engine's `loss_cells` (period, label, count, value): <key>, count, value per label."""
    end = int(period_ordinals([period], freq)[0])
    ordinals = period_ordinals(cells["period"], freq)
    inside = cells[(ordinals <= end) & (ordinals > end - periods)]
    grouped = (inside.groupby("label", sort=True).agg(count=("count", "sum"), value=("value", "sum"))
               .reset_index().rename(columns={"label": key}))
    grouped[key] = grouped[key].astype(object)
    grouped["count"] = grouped["count"].astype("int64")
    grouped["value"] = grouped["value"].astype("float64")
    return grouped


def loss_reasons(
    cells: pd.DataFrame,
    freq: str,
    period: pd.Timestamp,
    periods: int = 3,
    top: int = 5,
) -> pd.DataFrame:
    """Rank why customers left in the last `periods` periods: top `top` reasons + the rest.

    Columns reason, count, value, rest. Blank or missing reasons are grouped as "(not
    given)". Reasons rank by count, then value, then name; the others (if any) are summed
    into one final row, "all other reasons", marked `rest` (a reason the export calls
    "Other" is ranked like any other), so that the wall shows the whole loss.
    """
    grouped = _losses_in_window(cells, freq, period, periods, "reason")
    grouped = grouped.sort_values(
        ["count", "value", "reason"], ascending=[False, False, True], kind="stable"
    ).reset_index(drop=True)
    head, rest = grouped.iloc[:top].assign(rest=False), grouped.iloc[top:]
    if len(rest):
        label = REST
        while label in set(head["reason"]):
            label += " (the rest)"
        other = pd.DataFrame({"reason": [label], "count": [int(rest["count"].sum())],
                              "value": [float(rest["value"].sum())], "rest": [True]})
        head = pd.concat([head, other], ignore_index=True)
    return head.reset_index(drop=True)


def lost_value_by_segment(
    cells: pd.DataFrame, freq: str, period: pd.Timestamp, periods: int = 3
) -> pd.DataFrame:
    """Show which segments the lost value came from over the last `periods` periods.

    Columns segment, count, value, sorted by value (then count, then name) descending;
    customers without a segment are grouped as "(no segment)".
    """
    grouped = _losses_in_window(cells, freq, period, periods, "segment")
    return grouped.sort_values(
        ["value", "count", "segment"], ascending=[False, False, True], kind="stable"
    ).reset_index(drop=True)
