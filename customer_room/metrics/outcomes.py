"""Wall 1 figures: customers in, customers out, what they were worth and why they left.

The outcomes wall treats customers as assets, so every count comes with its annual value
(SPEC section 4, customers). All functions take the loader's `customers` frame, one row
per customer event (`acquired`, `lost`, `saved`, `at_risk`, `referred`), and count by
calendar period (see `periods`). Undefined rates are NaN, which the pages show as "—".
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .periods import (
    NO_PERIOD,
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


def _values(customers: pd.DataFrame) -> np.ndarray:
    """The value column as floats with NaN (or a missing column) counted as 0."""
    if "value" not in customers:
        return np.zeros(len(customers))
    return customers["value"].fillna(0).to_numpy(dtype="float64")


def _customer_period_keys(
    customers: pd.DataFrame, rows: np.ndarray, slot: np.ndarray, size: int
) -> np.ndarray:
    """One int64 key per (customer, period) for the chosen rows; −1 where the id is NA.

    Turning (customer_id, period) into a single integer lets a million events be matched
    and de-duplicated with numpy sorting instead of string joins.
    """
    codes, _ = pd.factorize(customers["customer_id"][rows], use_na_sentinel=True)
    keys = codes.astype("int64") * size + slot[rows]
    keys[codes < 0] = -1
    return keys


def _same_period_losses(
    keys: np.ndarray, dates: np.ndarray, is_acquired: np.ndarray, is_lost: np.ndarray
) -> np.ndarray:
    """Flag the losses of customers acquired earlier (or the same day) in the same period.

    Such a customer was not active at the period start, so its loss is not churn of S.
    `keys` are (customer, period) keys of the rows flagged acquired or lost; returns a
    boolean array over the lost rows among them.
    """
    lost_keys, lost_dates = keys[is_lost], dates[is_lost]
    known = is_acquired & (keys >= 0)
    acquired_keys, acquired_dates = keys[known], dates[known]
    if not len(acquired_keys):
        return np.zeros(len(lost_keys), dtype=bool)
    order = np.argsort(acquired_keys)
    acquired_keys, acquired_dates = acquired_keys[order], acquired_dates[order]
    starts = np.flatnonzero(np.r_[True, acquired_keys[1:] != acquired_keys[:-1]])
    unique_keys = acquired_keys[starts]
    earliest = np.minimum.reduceat(acquired_dates.view("int64"), starts).view(
        acquired_dates.dtype)
    at = np.minimum(np.searchsorted(unique_keys, lost_keys), len(unique_keys) - 1)
    return (lost_keys >= 0) & (unique_keys[at] == lost_keys) & (earliest[at] <= lost_dates)


def customer_flow(
    customers: pd.DataFrame,
    freq: str = "month",
    opening_balance: float = 0,
    last: pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Count the flow of customers in and out per period, with churn, saves and referrals.

    This is the spine of the outcomes wall: the tote board, the acquired-vs-lost chart,
    churn/retention, save and referral rates all read from it. One row per period, from
    the first event's period to the later of the last event's period and `last`'s, with
    no gaps. Columns:

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
    ordinals = period_ordinals(customers["date"], freq)
    known = ordinals != NO_PERIOD
    if not known.any():
        empty = pd.DataFrame({name: [] for name in FLOW_COLUMNS})
        empty["period"] = pd.to_datetime(empty["period"]).astype("datetime64[ns]")
        empty.attrs["freq"] = freq
        return empty
    first = int(ordinals[known].min())
    final = int(ordinals[known].max())
    if last is not None and not pd.isna(last):
        final = max(final, int(period_ordinals([last], freq)[0]))
    size = final - first + 1
    slot = np.where(known, ordinals - first, 0)  # NaT rows are masked out below
    event = customers["event"]
    value = _values(customers)

    def count(mask: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        mask = mask & known
        w = None if weights is None else weights[mask]
        return np.bincount(slot[mask], weights=w, minlength=size)

    def flagged(name: str) -> np.ndarray:
        return (event == name).fillna(False).to_numpy(dtype=bool) & known

    is_acquired, is_lost, is_referred = flagged("acquired"), flagged("lost"), \
        flagged("referred")
    acquired, lost = count(is_acquired), count(is_lost)
    acquired_value, lost_value = count(is_acquired, value), count(is_lost, value)
    net = acquired - lost
    active_end = opening_balance + np.cumsum(net)
    active_start = active_end - net

    rows = is_acquired | is_lost | is_referred
    keys = _customer_period_keys(customers, rows, slot, size)
    dates = customers["date"].to_numpy()[rows].astype("datetime64[ns]")
    same_period = np.zeros(len(customers), dtype=bool)
    same_period[is_lost] = _same_period_losses(
        keys, dates, is_acquired[rows], is_lost[rows])
    lost_same_period = count(same_period)
    lost_from_start = lost - lost_same_period
    churn = _rate(lost_from_start, active_start)

    at_risk, saved = count(flagged("at_risk")), count(flagged("saved"))
    referring = np.unique(keys[is_referred[rows] & (keys >= 0)])
    referrers = np.bincount(referring % size, minlength=size)
    flow = pd.DataFrame({
        "period": ordinal_starts(np.arange(first, final + 1), freq),
        "acquired": acquired, "lost": lost, "net": net,
        "acquired_value": acquired_value, "lost_value": lost_value,
        "net_value": acquired_value - lost_value,
        "active_start": active_start, "active_end": active_end,
        "lost_from_start": lost_from_start, "lost_same_period": lost_same_period,
        "churn_pct": churn, "retention_pct": 100.0 - churn,
        "at_risk": at_risk, "saved": saved, "save_rate_pct": _rate(saved, at_risk),
        "referrers": referrers,
        # a room whose export has no referral at all has no referral rate, not 0 %
        "referral_rate_pct": _rate(referrers, active_end) if is_referred.any() else np.full(size, np.nan),
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


def _losses_in_window(
    customers: pd.DataFrame, freq: str, period: pd.Timestamp, periods: int
) -> pd.DataFrame:
    """The `lost` rows dated in the `periods` periods ending with `period` (inclusive)."""
    end = int(period_ordinals([period], freq)[0])
    ordinals = period_ordinals(customers["date"], freq)
    keep = (customers["event"].to_numpy() == "lost") & (ordinals <= end) & (
        ordinals > end - periods)
    return customers.loc[keep]


def _label(values: pd.Series | None, size: int, missing: str) -> pd.Series:
    """Text labels with NA or blank values replaced by `missing`."""
    if values is None:
        return pd.Series([missing] * size, dtype="object")
    text = values.astype("object").where(values.notna(), missing).astype(str).str.strip()
    return text.where(text != "", missing)


def _count_and_value(losses: pd.DataFrame, key: str, labels: pd.Series) -> pd.DataFrame:
    """Group losses by `labels`: how many, and their summed value (NaN value counts 0)."""
    value = _values(losses)
    grouped = (
        pd.DataFrame({key: labels.to_numpy(), "value": value})
        .groupby(key, sort=True)
        .agg(count=("value", "size"), value=("value", "sum"))
        .reset_index()
    )
    grouped["count"] = grouped["count"].astype("int64")
    return grouped


def loss_reasons(
    customers: pd.DataFrame,
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
    losses = _losses_in_window(customers, freq, period, periods)
    labels = _label(losses.get("reason"), len(losses), NO_REASON)
    grouped = _count_and_value(losses, "reason", labels)
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
    customers: pd.DataFrame, freq: str, period: pd.Timestamp, periods: int = 3
) -> pd.DataFrame:
    """Show which segments the lost value came from over the last `periods` periods.

    Columns segment, count, value, sorted by value (then count, then name) descending;
    customers without a segment are grouped as "(no segment)".
    """
    losses = _losses_in_window(customers, freq, period, periods)
    labels = _label(losses.get("segment"), len(losses), NO_SEGMENT)
    grouped = _count_and_value(losses, "segment", labels)
    return grouped.sort_values(
        ["value", "count", "segment"], ascending=[False, False, True], kind="stable"
    ).reset_index(drop=True)
