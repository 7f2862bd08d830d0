"""How fast a tracked issue's count is coming down: baseline, burn-down and projection.

Each tracked issue has an owner who started on a date and may have promised a target
count by a target date (front matter of `walls/issues/<key>.md`). The issue page and its
card on the wall answer "how long is it taking?" (SPEC section 4, "Issue trend"): the
change since the baseline period, an ideal straight burn-down line, and when the count
will reach the target if the recent trend (least squares over the last 6 periods) holds.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .periods import (
    next_period,
    ordinal_starts,
    period_ordinals,
    period_start,
    periods_between,
    reporting_period,
)

HORIZON = 104  # periods a projection may run past the current one (2 years of weeks)


def _missing(value: object) -> bool:
    """True for None, NaN and NaT."""
    return value is None or bool(pd.isna(value))


def _count_at(series: pd.Series, period: pd.Timestamp) -> float:
    """The count in `period`, NaN when the data does not cover it."""
    return float(series[period]) if period in series.index else np.nan


def _starts_after(start: pd.Timestamp, steps: np.ndarray, freq: str) -> np.ndarray:
    """Period starts `steps` periods after the period of `start` (datetime64[ns])."""
    return ordinal_starts(period_ordinals([start], freq)[0] + steps, freq)


def ideal_line(
    baseline_period: pd.Timestamp,
    baseline: float,
    target_period: pd.Timestamp,
    target: float,
    freq: str,
) -> pd.DataFrame:
    """The ideal burn-down: a straight line from the baseline count to the target count.

    One row per period from `baseline_period` to `target_period` inclusive (columns
    period, ideal); empty when the baseline is unknown or the target lies before it.
    """
    empty = pd.DataFrame({"period": pd.Series([], dtype="datetime64[ns]"),
                          "ideal": pd.Series([], dtype="float64")})
    if _missing(baseline) or _missing(target) or _missing(target_period):
        return empty
    steps = periods_between(baseline_period, target_period, freq)
    if steps < 0:
        return empty
    fraction = np.arange(steps + 1) / steps if steps else np.ones(1)
    return pd.DataFrame({
        "period": _starts_after(baseline_period, np.arange(steps + 1), freq),
        "ideal": baseline + (target - baseline) * fraction,
    })


def _fit(series: pd.Series, current_period: pd.Timestamp, freq: str, window: int):
    """Least-squares line over the last `window` periods ending at `current_period`.

    Returns (slope, fitted value at current_period), both NaN with fewer than 2 points.
    x counts periods from the first period of the window (0..k−1 when there are no gaps).
    """
    first = next_period(current_period, freq, -(window - 1))
    recent = series[(series.index >= first) & (series.index <= current_period)].dropna()
    if len(recent) < 2:
        return np.nan, np.nan
    x = period_ordinals(recent.index, freq) - period_ordinals([first], freq)[0]
    y = recent.to_numpy("float64")
    slope, intercept = np.polyfit(x.astype("float64"), y, 1)
    if abs(slope) <= 1e-9 * max(1.0, float(np.abs(y).max())):
        slope = 0.0  # flat counts: polyfit leaves a rounding residue such as −1e-16
    x_current = periods_between(first, current_period, freq)
    return float(slope), float(intercept + slope * x_current)


def _projection(
    current_period: pd.Timestamp, fitted: float, slope: float, goal: float, freq: str
) -> tuple[pd.DataFrame, pd.Timestamp]:
    """Continue the fitted line from the current period down to `goal`, at most HORIZON."""
    empty = pd.DataFrame({"period": pd.Series([], dtype="datetime64[ns]"),
                          "projected": pd.Series([], dtype="float64")})
    if _missing(slope) or slope >= 0:
        return empty, pd.NaT
    # First whole number of periods j >= 0 with fitted + slope × j <= goal.
    needed = max(0.0, float(np.ceil((goal - fitted) / slope - 1e-9)))
    reached = needed <= HORIZON  # False for an infinitely slow fall, too
    steps_needed = int(needed) if reached else HORIZON
    steps = np.arange(steps_needed + 1)
    frame = pd.DataFrame({
        "period": _starts_after(current_period, steps, freq),
        "projected": fitted + slope * steps,
    })
    when = next_period(current_period, freq, steps_needed) if reached else pd.NaT
    return frame, when


def issue_trend(
    counts: pd.DataFrame,
    freq: str,
    started: pd.Timestamp,
    as_of: pd.Timestamp,
    target: float | None = None,
    target_date: pd.Timestamp | None = None,
    window: int = 6,
) -> dict:
    """Everything the issue page says about progress on one tracked issue.

    `counts` has columns period, count (one issue's opened count per period, no gaps,
    e.g. one category of `counts_by`). Returns a dict:

    - baseline_period (period containing `started`) and baseline (its count, NaN when
      the data does not cover it);
    - current_period (`reporting_period(as_of)`, the last complete period) and current;
    - change_pct = (current − baseline) / baseline × 100, NaN when baseline is 0 or NaN;
    - days_since_start: whole calendar days from `started` to `as_of`;
    - ideal: DataFrame period, ideal: the straight line from (baseline_period,
      baseline) to (period of target_date, target); empty without a target and date;
    - slope: least-squares slope (issues per period, `numpy.polyfit` degree 1) over
      the last `window` periods ending at current_period, x = 0..k−1 (fewer points when
      the data starts later; NaN with fewer than 2);
    - window: the number of periods the slope is fitted over;
    - fitted: the fitted line's value AT current_period. The projection is anchored
      there, not at the actual current count, so one noisy period does not move it;
    - projection: DataFrame period, projected = fitted + slope × j for j = 0, 1, ...
      periods after current_period, up to the first j whose value is <= the goal
      (target, or 0 without a target) and at most HORIZON (104) periods; empty when
      not converging;
    - projected_date: start of the first period j at which fitted + slope × j <= goal
      (current_period itself when the fitted value is already there); NaT when not
      converging or further than HORIZON periods away;
    - status, the one an owner would sign, about the projection against the owner's
      target date: "reached" when a target is given and current <= target; otherwise
      "not converging" when the slope is >= 0 or undefined; otherwise, with a target
      date, "on track" when projected_date falls in or before the target date's
      period and "late" when it falls after it (or beyond HORIZON); without a target
      date, "converging" (falling, with no date to judge it by).
    """
    target = None if _missing(target) else float(target)
    started, as_of = pd.Timestamp(started), pd.Timestamp(as_of)
    series = pd.Series(counts["count"].to_numpy("float64"),
                       index=pd.DatetimeIndex(counts["period"]))
    baseline_period = period_start(started, freq)
    current_period = reporting_period(as_of, freq)
    baseline = _count_at(series, baseline_period)
    current = _count_at(series, current_period)
    change = (current - baseline) / baseline * 100.0 if baseline else np.nan
    target_period = None if _missing(target_date) else period_start(
        pd.Timestamp(target_date), freq)
    slope, fitted = _fit(series, current_period, freq, window)
    goal = 0.0 if target is None else target
    projection, projected_date = _projection(current_period, fitted, slope, goal, freq)
    if target is not None and not _missing(current) and current <= target:
        status = "reached"
    elif _missing(slope) or slope >= 0:
        status = "not converging"
    elif target_period is None:
        status = "converging"
    elif pd.notna(projected_date) and projected_date <= target_period:
        status = "on track"
    else:
        status = "late"
    return {
        "baseline_period": baseline_period,
        "baseline": baseline,
        "current_period": current_period,
        "current": current,
        "change_pct": float(change) if not _missing(change) else np.nan,
        "days_since_start": int((as_of.normalize() - started.normalize()).days),
        "target": np.nan if target is None else target,
        "target_period": pd.NaT if target_period is None else target_period,
        "ideal": ideal_line(baseline_period, baseline, target_period, target, freq),
        "slope": slope,
        "window": window,
        "fitted": fitted,
        "projection": projection,
        "projected_date": projected_date,
        "status": status,
    }
